//! Reactive app tabs (issue 7): the pure [`Tabs`] model in a signal, the create/delete requests,
//! and the instance polling.
//!
//! The model ([`crate::domain::tabs`]) decides; this file carries out its [`TabCommand`]s and
//! feeds it the replies. What this file adds as plain, natively tested data:
//! - [`TabWaits`]: per tab, since when it waits (the "time waited" of its panel) and its
//!   deadline (`startTimeoutMs`, counted from when its app started starting); a tab past its
//!   deadline shows as an error ("did not start within …") with Retry;
//! - [`is_session_not_running_refusal`]: whether a refused create means "the session is still
//!   starting" (the tab then waits and is resent when the session runs);
//! - [`vanished`]: polled instances missing from a complete list (their tabs become errors);
//! - [`StripMove`] / [`move_index`]: the keyboard moves of the tab strip.
//!
//! The reactive side ([`use_app_tabs`] → [`AppTabsState`]):
//! - on mount: `GET /apps` (the catalogue, also used to name tabs) and
//!   `GET /app-instances?filter.workbenchIdsIn=<id>` (restores the tabs);
//! - [`AppTabsState::open`] adds a placeholder tab at once and posts the create in the background
//!   (tracked as `Opening <app>…`), even while the session starts; a create refused because the
//!   session is not running waits and is resent when the workbench signal turns Running;
//! - polling: while the session runs and some tab's instance is starting, one
//!   `GET /app-instances?filter.workbenchIdsIn=<id>` every `pollIntervalMs` (the domain
//!   [`Poller`]: jitter, back-off on errors), paused while the document is hidden and run at once
//!   when it is visible again; it stops when nothing is pending;
//! - [`AppTabsState::close`] deletes the instance (tracked as `Closing <app>…`); a create reply
//!   for a tab closed meanwhile deletes the instance it created;
//! - the owner's cleanup clears the timer and aborts the requests in flight: after the view is
//!   gone no poll is made and replies are ignored. (A create still in flight at that moment is
//!   left to finish; its instance is restored with the tab on the next visit.)
use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::wire::apps::CreateAppInstanceBody;
use crate::api::{apps, ApiClient, ApiError};
use crate::domain::poll::{Decision, FatalKind, Outcome, PollPolicy, Readiness};
use crate::domain::tabs::{
    App, AppInstance, AppInstanceStatus, CreateState, Tab, TabCommand, TabState, Tabs,
};
use crate::domain::time::format_duration;
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::poll::{outcome_of_error, Poll};
use crate::state::{now_ms_i64, use_config};

// ---------------------------------------------------------------------------------------------
// Plain data (tested natively)
// ---------------------------------------------------------------------------------------------

/// The app catalogue (`GET /apps`) as the "Open app" menu shows it.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Catalogue {
    /// The request is under way.
    #[default]
    Loading,
    /// The apps, in the server's order.
    Loaded(Vec<App>),
    /// The request failed.
    Failed(ApiError),
}

/// Whether a refused `POST /app-instances` means "the session is not running yet": a 4xx (but
/// 401/403/404) whose message or code says so (`not running`, `not ready`, `still starting`…).
/// Such a tab waits for the session instead of turning to an error.
pub fn is_session_not_running_refusal(err: &ApiError) -> bool {
    let Some(status) = err.status() else {
        return false;
    };
    if !(400..500).contains(&status) || matches!(status, 401 | 403 | 404) {
        return false;
    }
    let text = format!(
        "{} {}",
        err.server_message().unwrap_or_default(),
        err.chorus_code().unwrap_or_default()
    )
    .to_ascii_lowercase()
    .replace(['_', '-'], " ");
    const PHRASES: [&str; 8] = [
        "not running",
        "not ready",
        "not started",
        "not yet running",
        "still starting",
        "is starting",
        "being provisioned",
        "not provisioned",
    ];
    PHRASES.iter().any(|p| text.contains(p))
}

/// The instances of `known` (ids polled) missing from `list`, when `list` is complete (not a
/// page of a longer list): they no longer exist.
pub fn vanished(known: &[String], list: &[AppInstance], complete: bool) -> Vec<String> {
    if !complete {
        return Vec::new();
    }
    let present: HashSet<&str> = list.iter().map(|i| i.id.as_str()).collect();
    known
        .iter()
        .filter(|id| !id.is_empty() && !present.contains(id.as_str()))
        .cloned()
        .collect()
}

/// The sentence of a tab that timed out: `JupyterLab did not start within 5 min. Last status
/// seen: Starting.`
pub fn timeout_message(app_name: &str, waited_ms: u64, last: AppInstanceStatus) -> String {
    let app = if app_name.trim().is_empty() {
        "The app"
    } else {
        app_name
    };
    let waited = format_duration(i64::try_from(waited_ms).unwrap_or(i64::MAX));
    match last {
        AppInstanceStatus::Unknown => {
            format!("{app} did not start within {waited}. No status was received.")
        }
        s => format!(
            "{app} did not start within {waited}. Last status seen: {}.",
            s.label()
        ),
    }
}

/// Per tab: since when it waits and its deadline. Follows the [`Tabs`] model through
/// [`TabWaits::sync`]; [`TabWaits::expire`] turns tabs past their deadline into errors (for the
/// view: the model itself does not know about time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TabWaits {
    /// Client id → when the tab started waiting (opened, restored or retried), epoch ms.
    waiting_since: HashMap<String, i64>,
    /// Client id → when its app started starting (the session runs), epoch ms: the deadline
    /// counts from here.
    starting_since: HashMap<String, i64>,
    /// Client id → how long it had waited when it timed out.
    timed_out: HashMap<String, u64>,
}

impl TabWaits {
    /// No tabs.
    pub fn new() -> Self {
        Self::default()
    }

    /// Follows the model at `now`: new pending tabs start their clock, tabs whose app starts
    /// start their deadline, tabs closed or no longer pending are forgotten. Returns whether
    /// anything changed.
    pub fn sync(&mut self, tabs: &Tabs, now: i64) -> bool {
        let running = tabs.workbench_running();
        let live: HashSet<&str> = tabs.tabs().iter().map(|t| t.client_id.as_str()).collect();
        let before = (
            self.waiting_since.len(),
            self.starting_since.len(),
            self.timed_out.len(),
        );
        self.waiting_since.retain(|k, _| live.contains(k.as_str()));
        self.starting_since.retain(|k, _| live.contains(k.as_str()));
        self.timed_out.retain(|k, _| live.contains(k.as_str()));
        let mut changed = before
            != (
                self.waiting_since.len(),
                self.starting_since.len(),
                self.timed_out.len(),
            );
        for t in tabs.tabs() {
            let id = &t.client_id;
            match t.state(running) {
                TabState::PendingProvision => {
                    if !self.waiting_since.contains_key(id) {
                        self.waiting_since.insert(id.clone(), now);
                        changed = true;
                    }
                    changed |= self.starting_since.remove(id).is_some();
                    changed |= self.timed_out.remove(id).is_some();
                }
                TabState::PendingSessionCreate => {
                    if !self.waiting_since.contains_key(id) {
                        self.waiting_since.insert(id.clone(), now);
                        changed = true;
                    }
                    if !self.starting_since.contains_key(id) {
                        self.starting_since.insert(id.clone(), now);
                        changed = true;
                    }
                }
                TabState::Ready | TabState::Error => {
                    changed |= self.waiting_since.remove(id).is_some();
                    changed |= self.starting_since.remove(id).is_some();
                    changed |= self.timed_out.remove(id).is_some();
                }
            }
        }
        changed
    }

    /// Marks the tabs whose app has been starting for `timeout_ms` or more as timed out.
    /// Returns whether any tab timed out now.
    pub fn expire(&mut self, now: i64, timeout_ms: u64) -> bool {
        let mut changed = false;
        for (id, since) in &self.starting_since {
            if self.timed_out.contains_key(id) {
                continue;
            }
            let waited = u64::try_from(now.saturating_sub(*since)).unwrap_or(0);
            if waited >= timeout_ms {
                self.timed_out.insert(id.clone(), waited);
                changed = true;
            }
        }
        changed
    }

    /// Retry of a tab: a fresh clock and deadline from `now`. Returns whether it had timed out.
    pub fn restart(&mut self, client_id: &str, now: i64) -> bool {
        self.waiting_since.insert(client_id.to_string(), now);
        if let Some(s) = self.starting_since.get_mut(client_id) {
            *s = now;
        }
        self.timed_out.remove(client_id).is_some()
    }

    /// How long the tab has waited at `now` (`None` when it is not waiting).
    pub fn waited_ms(&self, client_id: &str, now: i64) -> Option<u64> {
        self.waiting_since
            .get(client_id)
            .map(|since| u64::try_from(now.saturating_sub(*since)).unwrap_or(0))
    }

    /// How long the tab had waited when it timed out (`None` unless timed out).
    pub fn timed_out(&self, client_id: &str) -> Option<u64> {
        self.timed_out.get(client_id).copied()
    }

    /// The state to show: `error` for a timed-out tab, else the model's.
    pub fn view_state(&self, tab: &Tab, workbench_running: bool) -> TabState {
        if self.timed_out.contains_key(&tab.client_id) {
            TabState::Error
        } else {
            tab.state(workbench_running)
        }
    }

    /// The panel sentence to show: the timeout in words for a timed-out tab, else the model's.
    pub fn panel_message(&self, tab: &Tab, workbench_running: bool) -> String {
        match self.timed_out(&tab.client_id) {
            Some(waited) => timeout_message(&tab.app_name, waited, tab.instance_status),
            None => tab.panel_message(workbench_running),
        }
    }

    /// The instances to poll: tabs whose app is starting in a running session, not timed out.
    pub fn polled_instances(&self, tabs: &Tabs) -> Vec<String> {
        if !tabs.workbench_running() {
            return Vec::new();
        }
        tabs.tabs()
            .iter()
            .filter(|t| {
                t.state(true) == TabState::PendingSessionCreate
                    && !self.timed_out.contains_key(&t.client_id)
            })
            .filter_map(|t| t.server_id.clone())
            .collect()
    }

    /// Whether some instance needs polling ([`Self::polled_instances`] is not empty).
    pub fn wants_polling(&self, tabs: &Tabs) -> bool {
        !self.polled_instances(tabs).is_empty()
    }
}

/// A keyboard move in the tab strip (WAI-ARIA tabs, automatic activation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StripMove {
    /// ArrowRight: the next tab, wrapping.
    Next,
    /// ArrowLeft: the previous tab, wrapping.
    Prev,
    /// Home.
    First,
    /// End.
    Last,
}

impl StripMove {
    /// The move of a `KeyboardEvent.key`, if any.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowRight" | "Right" => Some(Self::Next),
            "ArrowLeft" | "Left" => Some(Self::Prev),
            "Home" => Some(Self::First),
            "End" => Some(Self::Last),
            _ => None,
        }
    }
}

/// The index a move lands on among `len` tabs from `current` (`None` without tabs).
pub fn move_index(len: usize, current: usize, mv: StripMove) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let current = current.min(len - 1);
    Some(match mv {
        StripMove::Next => (current + 1) % len,
        StripMove::Prev => (current + len - 1) % len,
        StripMove::First => 0,
        StripMove::Last => len - 1,
    })
}

/// What a tab's panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PanelKind {
    /// Pending: what it waits for, in words, and the time waited.
    Waiting,
    /// The reason in words, and Retry.
    Error,
    /// The app's page in an iframe (`server_id`: the instance).
    Ready {
        /// The instance id.
        server_id: String,
    },
}

/// Everything the strip and the panel show about one tab, derived from the model and the waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TabInfo {
    /// The tab's client id.
    pub client_id: String,
    /// Its position among the app tabs (0-based).
    pub index: usize,
    /// The label (the app's name, `App` when unknown).
    pub label: String,
    /// The state shown (`data-tab-state`).
    pub state: TabState,
    /// The panel's sentence.
    pub message: String,
    /// What the panel shows.
    pub panel: PanelKind,
    /// The tab element's id.
    pub dom_id: String,
    /// The panel's id.
    pub panel_dom_id: String,
    /// `Close <app name>`.
    pub close_label: String,
    /// The iframe's title: the app's name, `JupyterLab (2)` for a second tab of the same app.
    pub frame_title: String,
}

/// The [`TabInfo`] of a tab (`None` for an unknown id).
pub fn tab_info(tabs: &Tabs, waits: &TabWaits, client_id: &str) -> Option<TabInfo> {
    let index = tabs.tabs().iter().position(|t| t.client_id == client_id)?;
    let tab = &tabs.tabs()[index];
    let running = tabs.workbench_running();
    let state = waits.view_state(tab, running);
    let label = if tab.app_name.trim().is_empty() {
        "App".to_string()
    } else {
        tab.app_name.clone()
    };
    let same_before = tabs.tabs()[..index]
        .iter()
        .filter(|t| t.app_name == tab.app_name)
        .count();
    let frame_title = if same_before == 0 {
        label.clone()
    } else {
        format!("{label} ({})", same_before + 1)
    };
    let panel = match (state, &tab.server_id) {
        (TabState::Error, _) => PanelKind::Error,
        (TabState::Ready, Some(id)) => PanelKind::Ready {
            server_id: id.clone(),
        },
        _ => PanelKind::Waiting,
    };
    Some(TabInfo {
        client_id: tab.client_id.clone(),
        index,
        label,
        state,
        message: waits.panel_message(tab, running),
        panel,
        dom_id: tab.dom_id(),
        panel_dom_id: tab.panel_dom_id(),
        close_label: tab.close_label(),
        frame_title,
    })
}

/// The strip's selection: `None` for the Desktop tab (chosen, or no app tab selected), else the
/// selected app tab's client id.
pub fn strip_selection(desktop_chosen: bool, tabs: &Tabs) -> Option<String> {
    if desktop_chosen {
        None
    } else {
        tabs.selected().map(str::to_string)
    }
}

// ---------------------------------------------------------------------------------------------
// The reactive side
// ---------------------------------------------------------------------------------------------

/// What the calls need, `Send + Sync` (kept in a `StoredValue`).
#[derive(Clone)]
struct Ctx {
    api: ApiClient,
    activity: Activity,
    auth: Auth,
    workspace_id: String,
    workbench_id: String,
    policy: PollPolicy,
}

/// Browser objects and bookkeeping of the requests (kept in a local `StoredValue`).
#[derive(Default)]
struct Local {
    /// The restore request, aborted on cleanup.
    restore_abort: Option<AbortController>,
    /// Tabs opened before the workbench was known: their create goes out when it is.
    awaiting_workbench: Vec<String>,
    disposed: bool,
}

/// `Copy` handle on the app tabs of one session view. Create it with [`use_app_tabs`].
#[derive(Clone, Copy)]
pub struct AppTabsState {
    /// The model.
    pub tabs: RwSignal<Tabs>,
    /// Clocks and deadlines of the waiting tabs.
    pub waits: RwSignal<TabWaits>,
    /// The "Open app" menu's apps.
    pub catalogue: RwSignal<Catalogue>,
    /// Restoring the tabs on load failed.
    pub restore_error: RwSignal<Option<ApiError>>,
    /// A background action failed (closing, polling), in words.
    pub notice: RwSignal<Option<String>>,
    workbench: Signal<Option<Workbench>>,
    ctx: StoredValue<Ctx>,
    local: StoredValue<Local, LocalStorage>,
    /// The instances poll (on the one poll engine), while some tab's app is starting.
    poll: Poll<Readiness>,
}

fn fatal_words(kind: FatalKind) -> String {
    match kind {
        FatalKind::Unauthorized => "Your login has expired; sign in again.".to_string(),
        FatalKind::Forbidden => "You may not see the apps of this session.".to_string(),
        FatalKind::NotFound => "The apps of this session could not be found.".to_string(),
        FatalKind::Client(code) => {
            format!("The server refused to list the apps of this session (HTTP {code}).")
        }
    }
}

/// The app tabs of session `workbench_id`, following `workbench` (the session page's status).
/// Needs the [`ApiClient`] and [`Auth`] in context; uses the activity store and the runtime
/// config.
pub fn use_app_tabs(
    workspace_id: String,
    workbench_id: String,
    workbench: Signal<Option<Workbench>>,
) -> AppTabsState {
    let cfg = use_config();
    let ctx = Ctx {
        api: ApiClient::use_client(),
        activity: Activity::use_activity(),
        auth: Auth::use_auth(),
        workspace_id,
        policy: PollPolicy::from_config(
            Some(u64::from(cfg.poll_interval_ms)),
            Some(cfg.start_timeout_ms),
            Some(u64::from(cfg.backoff_max_ms)),
        ),
        workbench_id: workbench_id.clone(),
    };
    let tabs = RwSignal::new(Tabs::for_workbench(&workbench_id));
    let waits = RwSignal::new(TabWaits::new());
    let api = ctx.api;
    let policy = ctx.policy;
    let wb_id = StoredValue::new(workbench_id.clone());
    let poll = Poll::new(policy, move |signal| async move {
        let known = tabs
            .try_with_untracked(|t| {
                waits
                    .try_with_untracked(|w| w.polled_instances(t))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        match apps::instances(api, &wb_id.get_value(), signal.as_ref()).await {
            Ok((list, complete)) => {
                let t = now_ms_i64();
                tabs.try_maybe_update(|tabs| {
                    let mut changed = tabs.update_instances(&list);
                    for id in vanished(&known, &list, complete) {
                        changed |= tabs.mark_instance_gone(&id);
                    }
                    (changed, ())
                });
                tabs.try_with_untracked(|tabs| {
                    waits.try_maybe_update(|w| {
                        let mut changed = w.sync(tabs, t);
                        changed |= w.expire(t, policy.timeout_ms());
                        (changed, ())
                    })
                });
                let wants = tabs
                    .try_with_untracked(|t| {
                        waits
                            .try_with_untracked(|w| w.wants_polling(t))
                            .unwrap_or(false)
                    })
                    .unwrap_or(false);
                Outcome::Status(if wants {
                    Readiness::Waiting
                } else {
                    Readiness::Ready
                })
            }
            Err(e) => outcome_of_error(&e),
        }
    });
    let state = AppTabsState {
        tabs,
        waits,
        catalogue: RwSignal::new(Catalogue::Loading),
        restore_error: RwSignal::new(None),
        notice: RwSignal::new(None),
        workbench,
        ctx: StoredValue::new(ctx),
        local: StoredValue::new_local(Local::default()),
        poll,
    };
    poll.on_decision(move |d| state.on_poll_decision(d));

    state.reload_catalogue();
    state.reload_instances();

    // The session's status: pending tabs follow it; creates that waited for it go out.
    Effect::new(move |_| {
        let wb = workbench.get();
        state.on_workbench(wb.as_ref());
    });

    // Clocks follow the model.
    Effect::new(move |_| {
        let t = now_ms_i64();
        state.tabs.with(|tabs| {
            state.waits.maybe_update(|w| w.sync(tabs, t));
        });
    });

    // Names of restored tabs from the catalogue.
    Effect::new(move |_| {
        state.catalogue.with(|c| {
            if let Catalogue::Loaded(apps) = c {
                state.tabs.maybe_update(|t| t.fill_app_names(apps));
            }
        });
    });

    // Polling while some instance is starting.
    let wants = Memo::new(move |_| {
        state
            .tabs
            .with(|t| state.waits.with(|w| w.wants_polling(t)))
    });
    Effect::new(move |_| {
        if wants.get() {
            if !poll.is_active_untracked() {
                poll.start();
            }
        } else {
            poll.stop();
        }
    });

    let local = state.local;
    on_cleanup(move || {
        local.try_update_value(|l| {
            l.disposed = true;
            if let Some(c) = l.restore_abort.take() {
                c.abort();
            }
        });
    });

    state
}

impl AppTabsState {
    fn ctx(self) -> Option<Ctx> {
        self.ctx.try_get_value()
    }

    fn disposed(self) -> bool {
        self.local.try_with_value(|l| l.disposed).unwrap_or(true)
    }

    /// The app's name of a tab (for labels), `the app` when unknown.
    fn app_name(self, client_id: &str) -> String {
        self.tabs
            .try_with_untracked(|t| t.get(client_id).map(|x| x.app_name.clone()))
            .flatten()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "the app".to_string())
    }

    fn wants_polling(self) -> bool {
        self.tabs
            .try_with_untracked(|t| {
                self.waits
                    .try_with_untracked(|w| w.wants_polling(t))
                    .unwrap_or(false)
            })
            .unwrap_or(false)
    }

    fn on_poll_decision(self, decision: &Decision<Readiness>) {
        match decision {
            Decision::StopTimedOut { .. } => {
                let Some(ctx) = self.ctx() else { return };
                let t = now_ms_i64();
                self.waits
                    .try_maybe_update(|w| (w.expire(t, ctx.policy.timeout_ms()), ()));
                if self.wants_polling() {
                    // Tabs opened later have later deadlines: go on for them.
                    self.poll.start();
                }
            }
            Decision::StopFatal(kind) => {
                self.notice.try_set(Some(fatal_words(*kind)));
            }
            _ => {}
        }
    }

    // ---- loading -------------------------------------------------------------------------

    /// (Re)loads the catalogue (`GET /apps`).
    pub fn reload_catalogue(self) {
        let Some(ctx) = self.ctx() else { return };
        self.catalogue.try_set(Catalogue::Loading);
        spawn_local(async move {
            let reply = apps::list(ctx.api).await;
            if self.disposed() {
                return;
            }
            self.catalogue.try_set(match reply {
                Ok(apps) => Catalogue::Loaded(apps),
                Err(e) => Catalogue::Failed(e),
            });
        });
    }

    /// (Re)loads the session's instances and restores their tabs.
    pub fn reload_instances(self) {
        let Some(ctx) = self.ctx() else { return };
        let controller = AbortController::new().ok();
        self.local.try_update_value(|l| {
            if let Some(old) = l.restore_abort.take() {
                old.abort();
            }
            l.restore_abort = controller.clone();
        });
        self.restore_error.try_set(None);
        spawn_local(async move {
            let signal = controller.as_ref().map(AbortController::signal);
            let reply = apps::instances(ctx.api, &ctx.workbench_id, signal.as_ref()).await;
            if self.disposed() {
                return;
            }
            self.local.try_update_value(|l| l.restore_abort = None);
            match reply {
                Ok((list, _)) => {
                    self.tabs.try_maybe_update(|t| {
                        let mut changed = t.restore(&list);
                        if let Some(Catalogue::Loaded(apps)) = self.catalogue.try_get_untracked() {
                            changed |= t.fill_app_names(&apps);
                        }
                        (changed, ())
                    });
                }
                Err(e) => {
                    self.restore_error.try_set(Some(e));
                }
            }
        });
    }

    // ---- the session ---------------------------------------------------------------------

    fn on_workbench(self, wb: Option<&Workbench>) {
        let running = wb.is_some_and(Workbench::is_running);
        let resend = self
            .tabs
            .try_maybe_update(|t| {
                let changed = t.set_workbench_running(running);
                let ids = t.take_pending_creates_when_running();
                let sends: Vec<(String, String)> = ids
                    .into_iter()
                    .filter_map(|id| t.get(&id).map(|x| (id, x.app_id.clone())))
                    .collect();
                (changed || !sends.is_empty(), sends)
            })
            .unwrap_or_default();
        for (client_id, app_id) in resend {
            self.send_create(client_id, app_id);
        }
        if wb.is_some() {
            let waiting = self
                .local
                .try_update_value(|l| std::mem::take(&mut l.awaiting_workbench))
                .unwrap_or_default();
            for client_id in waiting {
                let app = self
                    .tabs
                    .try_with_untracked(|t| {
                        t.get(&client_id)
                            .filter(|x| {
                                x.server_id.is_none() && x.create_state == CreateState::InFlight
                            })
                            .map(|x| x.app_id.clone())
                    })
                    .flatten();
                match app {
                    Some(app_id) => self.send_create(client_id, app_id),
                    // Closed meanwhile: nothing was created; clear the model's memory of it.
                    None => {
                        self.tabs
                            .try_update_untracked(|t| t.create_failed(&client_id, "", false));
                    }
                }
            }
        }
    }

    // ---- user actions --------------------------------------------------------------------

    /// "Open app" → `app`: adds its tab at once (selected) and creates the instance in the
    /// background. Returns the tab's client id.
    pub fn open(self, app: &App) -> Option<String> {
        let client_id = self.tabs.try_update(|t| t.open(app))?;
        self.send_create(client_id.clone(), app.id.clone());
        Some(client_id)
    }

    /// Closes a tab; deletes its instance when one exists.
    pub fn close(self, client_id: &str) {
        let name = self.app_name(client_id);
        if let Some(Some(cmd)) = self.tabs.try_update(|t| t.close(client_id)) {
            self.run(cmd, &name);
        }
    }

    /// Retry of an error tab: a timed-out tab waits again with a fresh deadline; a failed one
    /// is created again (its failed instance deleted first).
    pub fn retry(self, client_id: &str) {
        let name = self.app_name(client_id);
        let t = now_ms_i64();
        let was_timed_out = self
            .waits
            .try_update(|w| w.restart(client_id, t))
            .unwrap_or(false);
        if was_timed_out {
            // Poll again with a fresh deadline.
            if self.wants_polling() {
                self.poll.start();
            }
            return;
        }
        let cmds = self
            .tabs
            .try_update(|tabs| tabs.retry(client_id))
            .unwrap_or_default();
        for cmd in cmds {
            self.run(cmd, &name);
        }
    }

    // ---- commands ------------------------------------------------------------------------

    fn run(self, cmd: TabCommand, app_name: &str) {
        match cmd {
            TabCommand::SendCreate { client_id, app_id } => self.send_create(client_id, app_id),
            TabCommand::DeleteInstance(id) | TabCommand::DeleteOrphan(id) => {
                self.delete(id, app_name.to_string())
            }
        }
    }

    fn send_create(self, client_id: String, app_id: String) {
        let Some(ctx) = self.ctx() else { return };
        if self.disposed() {
            return;
        }
        let Some(wb) = self.workbench.try_get_untracked().flatten() else {
            // The session is not known yet: send when it is.
            self.local
                .try_update_value(|l| l.awaiting_workbench.push(client_id));
            return;
        };
        let user_id = ctx
            .auth
            .user
            .try_get_untracked()
            .flatten()
            .map(|u| u.id)
            .unwrap_or_default();
        let body = CreateAppInstanceBody {
            tenant_id: wb.tenant_id.clone(),
            user_id,
            workspace_id: if wb.workspace_id.is_empty() {
                ctx.workspace_id.clone()
            } else {
                wb.workspace_id.clone()
            },
            workbench_id: ctx.workbench_id.clone(),
            app_id,
        };
        let name = self.app_name(&client_id);
        spawn_local(async move {
            let reply = ctx
                .activity
                .track(
                    format!("Opening {name}…"),
                    apps::create_instance(ctx.api, &body),
                )
                .await;
            let cmd = match reply {
                Ok(Some(inst)) => {
                    let name = if inst.app_name.trim().is_empty() {
                        name.clone()
                    } else {
                        inst.app_name.clone()
                    };
                    self.tabs
                        .try_update(|t| t.create_succeeded(&client_id, &inst))
                        .flatten()
                        .map(|c| (c, name))
                }
                Ok(None) => self
                    .tabs
                    .try_update(|t| {
                        t.create_failed(
                            &client_id,
                            "the server did not send the app instance it created",
                            false,
                        )
                    })
                    .flatten()
                    .map(|c| (c, name.clone())),
                Err(e) => {
                    let refused = is_session_not_running_refusal(&e);
                    self.tabs
                        .try_update(|t| t.create_failed(&client_id, &e.message(), refused))
                        .flatten()
                        .map(|c| (c, name.clone()))
                }
            };
            if let Some((cmd, name)) = cmd {
                self.run(cmd, &name);
            }
        });
    }

    fn delete(self, instance_id: String, app_name: String) {
        let Some(ctx) = self.ctx() else { return };
        spawn_local(async move {
            let reply = ctx
                .activity
                .track(
                    format!("Closing {app_name}…"),
                    apps::delete_instance(ctx.api, &instance_id),
                )
                .await;
            self.tabs
                .try_update_untracked(|t| t.delete_finished(&instance_id));
            match reply {
                Ok(()) => {}
                // Already gone: what closing wanted.
                Err(e) if e.status() == Some(404) => {}
                Err(e) => {
                    self.notice
                        .try_set(Some(format!("Could not close {app_name}. {}", e.message())));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::http_error;

    fn app(id: &str, name: &str) -> App {
        App {
            id: id.into(),
            name: name.into(),
            ..App::default()
        }
    }

    fn inst(id: &str, app_id: &str, name: &str, status: AppInstanceStatus) -> AppInstance {
        AppInstance {
            id: id.into(),
            workbench_id: "5".into(),
            app_id: app_id.into(),
            app_name: name.into(),
            k8s_status: status,
            ..AppInstance::default()
        }
    }

    #[test]
    fn refusal_detection() {
        let e = http_error(
            409,
            "Conflict",
            r#"{"message":"workbench 5 is not running yet","details":[]}"#,
        );
        assert!(is_session_not_running_refusal(&e));
        let e = http_error(
            400,
            "Bad Request",
            r#"{"message":"precondition","details":[{"chorusCode":"WORKBENCH_NOT_READY"}]}"#,
        );
        assert!(is_session_not_running_refusal(&e));
        let e = http_error(
            422,
            "",
            r#"{"message":"The session is still starting","details":[]}"#,
        );
        assert!(is_session_not_running_refusal(&e));
        // other 4xx, 5xx, auth, not found, network: not a refusal
        let e = http_error(400, "", r#"{"message":"unknown app '9'","details":[]}"#);
        assert!(!is_session_not_running_refusal(&e));
        let e = http_error(
            503,
            "",
            r#"{"message":"workbench not running","details":[]}"#,
        );
        assert!(!is_session_not_running_refusal(&e));
        let e = http_error(
            404,
            "",
            r#"{"message":"workbench not running","details":[]}"#,
        );
        assert!(!is_session_not_running_refusal(&e));
        let e = http_error(409, "", "<html>not running</html>");
        assert!(!is_session_not_running_refusal(&e));
        assert!(!is_session_not_running_refusal(&ApiError::Network(
            "not running".into()
        )));
    }

    #[test]
    fn vanished_only_from_complete_lists() {
        let known = vec!["1".to_string(), "2".to_string(), String::new()];
        let list = [inst("2", "1", "J", AppInstanceStatus::Running)];
        assert_eq!(vanished(&known, &list, true), vec!["1".to_string()]);
        assert!(vanished(&known, &list, false).is_empty());
        assert!(vanished(&[], &list, true).is_empty());
        use crate::api::wire::common::Pagination;
        assert!(Pagination::is_complete(None, 0));
        let page = |total| {
            Some(Pagination {
                total,
                offset: 0,
                limit: 100,
            })
        };
        assert!(Pagination::is_complete(page(2), 2));
        assert!(Pagination::is_complete(page(0), 3));
        assert!(!Pagination::is_complete(page(150), 100));
    }

    #[test]
    fn timeout_sentences() {
        assert_eq!(
            timeout_message("JupyterLab", 300_000, AppInstanceStatus::Progressing),
            "JupyterLab did not start within 5 min. Last status seen: Starting."
        );
        assert_eq!(
            timeout_message("", 65_000, AppInstanceStatus::Unknown),
            "The app did not start within 1 min 5 s. No status was received."
        );
    }

    #[test]
    fn waits_follow_the_model() {
        let mut tabs = Tabs::for_workbench("5");
        let mut w = TabWaits::new();
        let id = tabs.open(&app("1", "JupyterLab"));
        assert!(w.sync(&tabs, 1_000));
        assert!(!w.sync(&tabs, 2_000));
        assert_eq!(w.waited_ms(&id, 4_000), Some(3_000));
        // waiting for the session: no deadline, no polling
        assert!(!w.expire(1_000_000, 10_000));
        assert!(!w.wants_polling(&tabs));
        // the session runs: the deadline starts
        tabs.set_workbench_running(true);
        assert!(w.sync(&tabs, 5_000));
        assert!(!w.wants_polling(&tabs)); // no instance yet
        tabs.create_succeeded(
            &id,
            &inst("9", "1", "JupyterLab", AppInstanceStatus::Progressing),
        );
        assert!(w.wants_polling(&tabs));
        assert_eq!(w.polled_instances(&tabs), vec!["9".to_string()]);
        assert!(!w.expire(14_999, 10_000));
        assert!(w.expire(15_000, 10_000));
        assert!(!w.expire(16_000, 10_000));
        assert_eq!(w.timed_out(&id), Some(10_000));
        assert!(!w.wants_polling(&tabs));
        let tab = tabs.get(&id).unwrap().clone();
        assert_eq!(w.view_state(&tab, true), TabState::Error);
        assert_eq!(
            w.panel_message(&tab, true),
            "JupyterLab did not start within 10 s. Last status seen: Starting."
        );
        // still waiting in the model: sync keeps the timeout
        assert!(!w.sync(&tabs, 17_000));
        assert_eq!(w.timed_out(&id), Some(10_000));
        // retry: fresh clock and deadline
        assert!(w.restart(&id, 20_000));
        assert!(!w.restart(&id, 20_000));
        assert!(w.wants_polling(&tabs));
        assert_eq!(w.waited_ms(&id, 21_000), Some(1_000));
        assert!(!w.expire(29_999, 10_000));
        assert!(w.expire(30_000, 10_000));
        // ready: forgotten
        tabs.update_instances(&[inst("9", "1", "JupyterLab", AppInstanceStatus::Running)]);
        assert!(w.sync(&tabs, 31_000));
        assert_eq!(w.timed_out(&id), None);
        assert_eq!(w.waited_ms(&id, 31_000), None);
        assert_eq!(w.view_state(tabs.get(&id).unwrap(), true), TabState::Ready);
        // closed: forgotten
        let other = tabs.open(&app("2", "VS Code"));
        w.sync(&tabs, 32_000);
        assert!(w.waited_ms(&other, 32_000).is_some());
        tabs.close(&other);
        assert!(w.sync(&tabs, 33_000));
        assert_eq!(w.waited_ms(&other, 33_000), None);
    }

    #[test]
    fn waits_of_error_tabs_and_stopped_sessions() {
        let mut tabs = Tabs::new();
        tabs.set_workbench_running(true);
        let mut w = TabWaits::new();
        let id = tabs.open(&app("4", "Legacy Viewer"));
        w.sync(&tabs, 0);
        tabs.create_failed(&id, "boom", false);
        assert!(w.sync(&tabs, 1));
        assert_eq!(w.waited_ms(&id, 2), None);
        let tab = tabs.get(&id).unwrap().clone();
        assert_eq!(w.view_state(&tab, true), TabState::Error);
        assert_eq!(
            w.panel_message(&tab, true),
            "Could not open Legacy Viewer: boom"
        );
        // a session that is not running: nothing is polled
        let mut t2 = Tabs::new();
        t2.restore(&[inst("1", "1", "J", AppInstanceStatus::Progressing)]);
        assert!(w.polled_instances(&t2).is_empty());
    }

    #[test]
    fn tab_info_and_selection() {
        let mut tabs = Tabs::for_workbench("5");
        let w = TabWaits::new();
        let a = tabs.open(&app("1", "JupyterLab"));
        let b = tabs.open(&app("1", "JupyterLab"));
        let c = tabs.open(&app("3", ""));
        let ia = tab_info(&tabs, &w, &a).unwrap();
        assert_eq!(ia.index, 0);
        assert_eq!(ia.state, TabState::PendingProvision);
        assert_eq!(ia.message, "Waiting for the session to start");
        assert_eq!(ia.panel, PanelKind::Waiting);
        assert_eq!(ia.dom_id, "app-tab-tab-1");
        assert_eq!(ia.panel_dom_id, "app-panel-tab-1");
        assert_eq!(ia.close_label, "Close JupyterLab");
        assert_eq!(ia.frame_title, "JupyterLab");
        assert_eq!(
            tab_info(&tabs, &w, &b).unwrap().frame_title,
            "JupyterLab (2)"
        );
        assert_eq!(tab_info(&tabs, &w, &c).unwrap().label, "App");
        assert!(tab_info(&tabs, &w, "tab-99").is_none());
        tabs.set_workbench_running(true);
        tabs.create_succeeded(
            &a,
            &inst("9", "1", "JupyterLab", AppInstanceStatus::Running),
        );
        let ia = tab_info(&tabs, &w, &a).unwrap();
        assert_eq!(ia.state, TabState::Ready);
        assert_eq!(
            ia.panel,
            PanelKind::Ready {
                server_id: "9".into()
            }
        );
        tabs.create_failed(&b, "boom", false);
        assert_eq!(tab_info(&tabs, &w, &b).unwrap().panel, PanelKind::Error);
        // selection: Desktop when chosen or when no app tab is selected
        assert_eq!(strip_selection(true, &tabs), None);
        assert_eq!(strip_selection(false, &tabs), Some(c.clone()));
        let mut empty = Tabs::new();
        assert_eq!(strip_selection(false, &empty), None);
        let only = empty.open(&app("1", "J"));
        empty.close(&only);
        assert_eq!(strip_selection(false, &empty), None);
    }

    #[test]
    fn keyboard_moves() {
        assert_eq!(StripMove::from_key("ArrowRight"), Some(StripMove::Next));
        assert_eq!(StripMove::from_key("ArrowLeft"), Some(StripMove::Prev));
        assert_eq!(StripMove::from_key("Home"), Some(StripMove::First));
        assert_eq!(StripMove::from_key("End"), Some(StripMove::Last));
        assert_eq!(StripMove::from_key("ArrowDown"), None);
        assert_eq!(move_index(3, 0, StripMove::Next), Some(1));
        assert_eq!(move_index(3, 2, StripMove::Next), Some(0));
        assert_eq!(move_index(3, 0, StripMove::Prev), Some(2));
        assert_eq!(move_index(3, 1, StripMove::First), Some(0));
        assert_eq!(move_index(3, 1, StripMove::Last), Some(2));
        assert_eq!(move_index(1, 0, StripMove::Next), Some(0));
        assert_eq!(move_index(3, 9, StripMove::Prev), Some(1));
        assert_eq!(move_index(0, 0, StripMove::Next), None);
    }
}
