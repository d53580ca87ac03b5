//! Reactive app tabs (issue 7): the pure [`Tabs`] model in a signal, the create/delete requests,
//! and the instance polling.
//!
//! The model and its plain helpers live in [`crate::domain::tabs`] (the tab states, [`TabWaits`]
//! for time waited and deadlines, [`vanished`] instances, what the strip shows and its keyboard
//! moves); this file carries out the model's [`TabCommand`]s and feeds it the replies. A create
//! refused because the session is still starting is told by
//! [`ApiError::is_session_not_running_refusal`]: the tab then waits and is resent when the
//! session runs.
//!
//! The reactive side ([`use_app_tabs`] → [`AppTabsState`]):
//! - on mount: `GET /apps` (the catalogue, also used to name tabs) and
//!   `GET /app-instances?filter.workbenchIdsIn=<id>` (restores the tabs);
//! - [`AppTabsState::open`] adds a placeholder tab at once and posts the create in the background
//!   (tracked as `Opening <app>…`), even while the session starts; a create refused because the
//!   session is not running waits and is resent when the workbench signal turns Running;
//! - polling: while the session runs and some tab's instance is starting, one
//!   `GET /app-instances?filter.workbenchIdsIn=<id>` every `pollIntervalMs` (the domain
//!   [`Poller`](crate::domain::poll::Poller): jitter, back-off on errors), paused while the document is hidden and run at once
//!   when it is visible again; it stops when nothing is pending;
//! - [`AppTabsState::close`] deletes the instance (tracked as `Closing <app>…`); a create reply
//!   for a tab closed meanwhile deletes the instance it created; the closed instance is kept a
//!   few seconds in `sessionStorage` (`console.closedApps`), so that a reload does not restore it
//!   from CHORUS's cached list (domain::tabs::closed);
//! - the owner's cleanup clears the timer and aborts the requests in flight: after the view is
//!   gone no poll is made and replies are ignored. (A create still in flight at that moment is
//!   left to finish; its instance is restored with the tab on the next visit.)
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use crate::api::{apps, ApiClient, ApiError};
use crate::domain::poll::{Decision, FatalKind, Outcome, PollPolicy, Readiness};
use crate::domain::tabs::{vanished, App, CreateState, TabCommand, TabWaits, Tabs};
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::poll::{outcome_of_error, Poll};
use crate::state::{now_ms_i64, use_config};
use crate::state::{Kept, Slot};

// ---------------------------------------------------------------------------------------------
// The catalogue
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

// ---------------------------------------------------------------------------------------------
// The reactive side
// ---------------------------------------------------------------------------------------------

/// What the calls need, `Send + Sync` (kept in a `Kept`).
#[derive(Clone)]
struct Ctx {
    api: ApiClient,
    activity: Activity,
    auth: Auth,
    workspace_id: String,
    workbench_id: String,
    policy: PollPolicy,
}

/// Browser objects and bookkeeping of the requests (kept in a local `Kept`).
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
    pub tabs: Slot<Tabs>,
    /// Clocks and deadlines of the waiting tabs.
    pub waits: Slot<TabWaits>,
    /// The "Open app" menu's apps.
    pub catalogue: Slot<Catalogue>,
    /// Restoring the tabs on load failed.
    pub restore_error: Slot<Option<ApiError>>,
    /// A background action failed (closing, polling), in words.
    pub notice: Slot<Option<String>>,
    workbench: Signal<Option<Workbench>>,
    ctx: Kept<Ctx>,
    local: Kept<Local>,
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
    let tabs = Slot::new(Tabs::for_workbench(&workbench_id));
    let waits = Slot::new(TabWaits::new());
    let api = ctx.api;
    let policy = ctx.policy;
    let wb_id = Kept::new(workbench_id.clone());
    // Not a `Poll::fetching`: a reply is merged into the tabs (with a second look-up of each
    // instance that left the list) rather than replacing a value, and errors are shown from the
    // poll's decisions (`fatal_words`), not kept beside the tabs.
    let poll = Poll::new(policy, move |signal| async move {
        let known = tabs
            .try_with_untracked(|t| {
                waits
                    .try_with_untracked(|w| w.polled_instances(t))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        match apps::instances(
            api,
            &wb_id.try_get_value().unwrap_or_default(),
            signal.as_ref(),
        )
        .await
        {
            Ok((list, complete)) => {
                // What became of each instance that left the list (CHORUS still answers it by
                // id, with why it failed); a failed look-up counts as gone.
                let mut gone = Vec::new();
                for id in vanished(&known, &list, complete) {
                    let fetched = apps::instance(api, &id, signal.as_ref())
                        .await
                        .ok()
                        .flatten();
                    gone.push((id, fetched));
                }
                let t = now_ms_i64();
                tabs.try_maybe_update(|tabs| {
                    let mut changed = tabs.update_instances(&list);
                    for (id, fetched) in &gone {
                        changed |= tabs.instance_vanished(id, fetched.as_ref());
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
            // A session this tab has just created: the refusal comes from a cookie CHORUS
            // made before it gave the role (the status poll renews it): asked again.
            Err(e)
                if e.status() == Some(403)
                    && crate::state::new_session::created_recently(
                        &wb_id.try_get_value().unwrap_or_default(),
                    )
                    .is_some() =>
            {
                Outcome::HttpError(503)
            }
            Err(e) => outcome_of_error(&e),
        }
    });
    let state = AppTabsState {
        tabs,
        waits,
        catalogue: Slot::new(Catalogue::Loading),
        restore_error: Slot::new(None),
        notice: Slot::new(None),
        workbench,
        ctx: Kept::new(ctx),
        local: Kept::new(Local::default()),
        poll,
    };
    poll.on_decision(move |d| state.on_poll_decision(d));

    state.reload_catalogue();
    state.reload_instances();
    state.open_waiting(&workbench_id);

    // The session's status: pending tabs follow it; creates that waited for it go out.
    crate::state::effect(move |_| {
        let wb = workbench.get();
        state.on_workbench(wb.as_ref());
    });

    // Clocks follow the model.
    crate::state::effect(move |_| {
        let t = now_ms_i64();
        state.tabs.with(|tabs| {
            state.waits.maybe_update(|w| w.sync(tabs, t));
        });
    });

    // Names of restored tabs from the catalogue.
    crate::state::effect(move |_| {
        state.catalogue.with(|c| {
            if let Catalogue::Loaded(apps) = c {
                state.tabs.maybe_update(|t| t.fill_app_names(apps));
            }
        });
    });

    // Polling while some instance is starting.
    let wants = crate::state::memo(move |_| {
        state
            .tabs
            .with(|t| state.waits.with(|w| w.wants_polling(t)))
    });
    crate::state::effect(move |_| {
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

    /// (Re)loads the catalogue (`GET /apps`: the apps offered, as on `/apps`).
    pub fn reload_catalogue(self) {
        let Some(ctx) = self.ctx() else { return };
        self.catalogue.try_set(Catalogue::Loading);
        spawn_local(async move {
            let reply = crate::api::app_catalogue::offered(ctx.api).await;
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
            let mut reply = apps::instances(ctx.api, &ctx.workbench_id, signal.as_ref()).await;
            // The session this tab has just created: a refusal comes from the cookie CHORUS
            // made before it gave the role; the status poll renews it (asked again meanwhile).
            for _ in 0..4 {
                let refused = reply.as_ref().err().and_then(ApiError::status) == Some(403);
                if !refused || !crate::state::new_session::await_access(&ctx.workbench_id).await {
                    break;
                }
                if self.disposed() {
                    return;
                }
                reply = apps::instances(ctx.api, &ctx.workbench_id, signal.as_ref()).await;
            }
            if self.disposed() {
                return;
            }
            self.local.try_update_value(|l| l.restore_abort = None);
            match reply {
                Ok((list, _)) => {
                    let closed = commands::closed_a_moment_ago();
                    self.tabs.try_maybe_update(|t| {
                        t.skip_closed(closed);
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
}

mod commands;
mod handoff;
pub use handoff::open_on_arrival;
