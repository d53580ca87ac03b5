//! `/workspaces/:workspaceId/sessions/:sessionId`: one session, as a place to work.
//!
//! - The session bar: a link back, the name, the phase, the app tabs' bar, Stop/Start (where
//!   the backend has them), `Desktop settings` and `Reconnect`, `Details` and `Full screen`.
//! - The work area below it: the desktop (iframe only once the session is ready) under the
//!   loading overlay, or an app's panel. Once ready, the desktop fills everything from below
//!   the bar to the bottom of the viewport, without page scroll.
//! - The details (facts, condition timeline, start log) are open while the session starts,
//!   after a failure or a timeout, and collapse once it is ready; `Details` opens them at any
//!   time as a drawer over the desktop.
//!
//! The page provides the session's status ([`provide_workbench_status`]); the bar, the stage
//! and the drawer read it: several views, one poll.
//!
//! The bar's first row comes with the page; the rest is the `sessparts` chunk (issue 58: with
//! them, the page waited for 632 KB on a cold load before its name showed, over the 500 KB of a
//! signed-in page), fetched once the page has shown: the app tabs ([`TabsRow`], the bar's second
//! row, with the switch to another session and the desktop's policy) and the work area
//! ([`WorkArea`]: the stage, the tabs' panels, the details). They read what the page holds from
//! [`Shared`]. While they come the work area says so; if they do not, it says that with `Try
//! again`.
use crate::components::live::live;
use leptos::prelude::*;
use leptos::reactive::owner::WeakOwner;
use leptos_router::hooks::use_params_map;

use crate::api::{workbenches, ApiClient, ApiError, Extension};
use crate::components::app_tabs::{use_session_tabs, Strip, TabBar, TabPanels, TabsNotices};
use crate::components::desktop_settings::{DesktopControls, DesktopPolicyNotice};
use crate::components::error_alert::ErrorAlert;
use crate::components::focus_by_id;
use crate::components::icon::{Icon, IconName};
use crate::components::lazy_forms::{FormsChunk, SessionForms};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::session_details::{SessionDetails, SessionPhase};
use crate::components::session_stage::SessionStage;
use crate::components::session_switch::SessionSwitch;
use crate::components::start_log::StartLogView;
use crate::components::when::When;
use crate::domain::estimate::Estimate;
use crate::domain::permissions::{Perm, Target};
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::app_tabs::AppTabsState;
use crate::state::auth::Auth;
use crate::state::visibility::on_document_event;
use crate::state::workbench_status::{provide_workbench_status, StatusSummary, WorkbenchStatus};
use crate::state::Slot;
use crate::state::{start_times, Kept};

const DRAWER_ID: &str = "session-drawer";
/// The work area the desktop fills (a new session is sized to it: `state::new_session`).
const WORK_ID: &str = crate::state::new_session::WORK_AREA;

#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let ids = crate::state::memo(move |_| {
        params.with(|p| {
            (
                p.get("workspaceId").unwrap_or_default(),
                p.get("sessionId").unwrap_or_default(),
            )
        })
    });
    view! {
        <main class="page page-full session-page" id="main">
            {live(move || {
                let (workspace_id, session_id) = ids.get();
                view! { <SessionView workspace_id=workspace_id session_id=session_id/> }
            })}
        </main>
    }
}

/// Whether the details are open by themselves: not once the session is ready, and not when
/// the session is out of reach (they would have nothing to say).
fn details_open_by_default(summary: &StatusSummary) -> bool {
    !matches!(summary, StatusSummary::Ready) && !out_of_reach(summary)
}

/// The session cannot be worked with from here at all: the backend no longer has it (404), or
/// the user may not see it (401/403; on CHORUS a workspace member sees every session of the
/// workspace in its list, but opens only those shared with them). The page then says so once,
/// in its stage, with a link back: no tabs, apps, phase or details around that message.
fn out_of_reach(summary: &StatusSummary) -> bool {
    matches!(summary, StatusSummary::NotFound | StatusSummary::NoAccess)
}

/// What the page holds and its parts from the `sessparts` chunk read (a context of the page's
/// view): the status, the route's ids, the details' state; and the app tabs, made in the page's
/// owner by the first part that needs them ([`Shared::tabs`]).
#[derive(Clone, Copy)]
pub(crate) struct Shared {
    status: WorkbenchStatus,
    ids: Kept<(String, String)>,
    back_href: Kept<String>,
    /// How long starts usually take here, as known when the page opened (it does not move
    /// during the wait).
    estimate: Option<Estimate>,
    unreachable: Signal<bool>,
    details_open: Signal<bool>,
    /// The user's choice of the details' state (`None`: as the session's state has them).
    choice: Slot<Option<bool>>,
    tabs: Kept<Option<(Strip, AppTabsState)>>,
    /// The page's owner, where the tabs live (not the part's: they share them).
    owner: Kept<Option<WeakOwner>>,
}

impl Shared {
    /// The session's app tabs: made once, in the page's owner, by the first part that shows
    /// them (the bar's and the work area's share them, and they last as long as the page).
    fn tabs(self) -> (Strip, AppTabsState) {
        if let Some(tabs) = self.tabs.get_value() {
            return tabs;
        }
        let (workspace_id, session_id) = self.ids.get_value();
        let make = move || {
            use_session_tabs(
                workspace_id,
                session_id,
                self.status.workbench,
                self.unreachable,
            )
        };
        let tabs = match self.owner.get_value().and_then(|o| o.upgrade()) {
            Some(owner) => owner.with(make),
            None => make(),
        };
        self.tabs.set_value(Some(tabs));
        tabs
    }
}

/// One session (re-created when the route's ids change).
#[component]
fn SessionView(workspace_id: String, session_id: String) -> impl IntoView {
    let back_href = crate::routes::workspace_href(&workspace_id);
    let status = provide_workbench_status(session_id.clone());
    // The desktop's own settings within the workspace's policy: the bar's panel and the stage's
    // desktop read them.
    crate::state::desktop_tuning::DesktopTuning::provide(workspace_id.clone(), session_id.clone());
    let unreachable = Signal::derive(move || status.summary.with(out_of_reach));
    let estimate = start_times::estimate(&workspace_id);
    crate::state::page_title::name_session(move || {
        status
            .workbench
            .with(|w| w.as_ref().map(|w| (w.id.clone(), w.display_name())))
    });

    // The details: open by themselves while starting or failed, closed once ready; the user's
    // choice holds until the session's state changes kind.
    let choice = Slot::new(None::<bool>);
    let ready =
        crate::state::memo(move |_| status.summary.with(|s| matches!(s, StatusSummary::Ready)));
    crate::state::effect(move |prev: Option<bool>| {
        let r = ready.get();
        if prev.is_some_and(|p| p != r) {
            choice.set(None);
        }
        r
    });
    let details_open = Signal::derive(move || {
        !unreachable.get()
            && choice
                .get()
                .unwrap_or_else(|| status.summary.with(details_open_by_default))
    });

    // The header names the session while it starts and this page shows it (ui.md, "Header
    // activity labels"): `Starting session (<name>)` until it is ready, failed or given up.
    let activity = Activity::use_activity();
    let shown_start = Kept::new(None::<(String, crate::domain::jobs::RequestId)>);
    let starting_label = crate::state::memo(move |_| {
        let starting = status.summary.with(|s| {
            matches!(
                s,
                StatusSummary::Loading
                    | StatusSummary::Starting
                    | StatusSummary::ConnectionTrouble { .. }
            )
        });
        status.workbench.with(|w| {
            w.as_ref()
                .filter(|_| starting)
                .map(|w| format!("Starting session ({})", w.display_name()))
        })
    });
    crate::state::effect(move |_| {
        let label = starting_label.get();
        let current = shown_start.try_get_value().flatten();
        if current.as_ref().map(|(l, _)| l) == label.as_ref() {
            return;
        }
        if let Some((_, id)) = current {
            activity.end(id);
        }
        let next = label.and_then(|l| activity.begin(&l).map(|id| (l, id)));
        shown_start.try_set_value(next);
    });
    on_cleanup(move || {
        if let Some((_, id)) = shown_start.try_get_value().flatten() {
            activity.end(id);
        }
    });

    provide_context(Shared {
        status,
        ids: Kept::new((workspace_id, session_id)),
        back_href: Kept::new(back_href.clone()),
        estimate,
        unreachable,
        details_open,
        choice,
        tabs: Kept::new(None),
        owner: Kept::new(Owner::current().map(|o| o.downgrade())),
    });
    // The parts after the heading, fetched once the page has shown (an effect runs after it).
    let parts = FormsChunk::new(use_context::<SessionForms>().map(|p| p.0));
    parts.open_once(|| true);

    view! {
        <div
            class="session-layout"
            class:is-ready=move || ready.get()
            class:details-open=move || details_open.get()
        >
            <SessionBar
                status=status
                parts=parts
                back_href=back_href
                details_open=details_open
                on_details=Callback::new(move |open: bool| choice.set(Some(open)))
                unreachable=unreachable
            />
            <div class="session-work" id=WORK_ID>
                {parts.part(
                    SessionForms::WORK,
                    "Loading the session…",
                    "The session's desktop and details could not be loaded.",
                    "session-parts-error",
                    None,
                )}
            </div>
        </div>
    }
}

/// The bar's second row, from the `sessparts` chunk: the app tabs' bar, the switch to another
/// session, the desktop's policy.
#[component]
pub(crate) fn TabsRow() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let unreachable = shared.unreachable;
    let (strip, _) = shared.tabs();
    let id = shared.status.id();
    view! {
        <When when=move || !unreachable.get()>
            <TabBar strip=strip/>
            <SessionSwitch current=id.clone()/>
            <DesktopPolicyNotice id=id.clone()/>
        </When>
    }
}

/// The work area, from the `sessparts` chunk: the tabs' notices and panels (the stage, the
/// session's desktop, in the first), and the details.
#[component]
pub(crate) fn WorkArea() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let (status, unreachable, choice) = (shared.status, shared.unreachable, shared.choice);
    let (strip, tabs_state) = shared.tabs();
    let title = Signal::derive(move || {
        status.workbench.with(|w| match w {
            Some(w) => format!("Session {} (id {})", w.display_name(), w.id),
            None => format!("Session {}", status.id()),
        })
    });
    view! {
        <div class="session-main">
            <When when=move || !unreachable.get()>
                <TabsNotices state=tabs_state/>
            </When>
            <TabPanels strip=strip>
                <SessionStage
                    status=status
                    back_href=shared.back_href.get_value()
                    estimate=shared.estimate
                />
            </TabPanels>
        </div>
        <SessionDrawer
            status=status
            open=shared.details_open
            title=title
            on_close=Callback::new(move |_| {
                choice.set(Some(false));
                focus_by_id("session-details-toggle");
            })
        />
    }
}

/// The details as a side panel (while starting) or a drawer over the desktop (once ready):
/// the facts and condition timeline, and the start log. Escape closes it.
#[component]
fn SessionDrawer(
    status: WorkbenchStatus,
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            on_close.run(());
        }
    };
    view! {
        <aside
            id=DRAWER_ID
            class="session-drawer"
            aria-label="Session details"
            hidden=move || !open.get()
            on:keydown=on_keydown
        >
            <div class="session-drawer-head">
                <button
                    type="button"
                    id="session-drawer-focus"
                    class="btn btn-small btn-quiet session-drawer-close"
                    aria-label="Close the details"
                    title="Close the details"
                    on:click=move |_| on_close.run(())
                >
                    <Icon name=IconName::Close/>
                </button>
            </div>
            <SessionDetails workbench=status.workbench/>
            <StartLogView log=status.start_log title=title/>
        </aside>
    }
}

/// Whether the document shows an element full screen now.
fn is_fullscreen() -> bool {
    document().fullscreen_element().is_some()
}

/// Full screen for the session: the Fullscreen API on the whole document, whose header the
/// style then hides (the desktop lives in the layer above the router, outside the work area,
/// so the work area alone cannot go full screen); follows the browser's own way out (Escape)
/// through `fullscreenchange`.
fn use_fullscreen() -> (Signal<bool>, Callback<()>) {
    let on = Slot::new(is_fullscreen());
    on_document_event("fullscreenchange", move || {
        on.try_set(is_fullscreen());
    });
    let toggle = Callback::new(move |_| {
        if is_fullscreen() {
            document().exit_fullscreen();
        } else if let Some(el) = document().document_element() {
            let _ = el.request_fullscreen();
        }
    });
    (on.into(), toggle)
}

/// The bar over the work area: back link, name, phase, the app tabs' bar, Stop/Start,
/// `Details` and `Full screen` (only the link and the name while `unreachable`).
#[component]
fn SessionBar(
    status: WorkbenchStatus,
    parts: FormsChunk,
    back_href: String,
    details_open: Signal<bool>,
    on_details: Callback<bool>,
    unreachable: Signal<bool>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let may_update = crate::state::memo(move |_| {
        status.workbench.with(|w| {
            w.as_ref().is_some_and(|w| {
                auth.can_in(
                    Perm::UpdateWorkbench,
                    &Target::workbench(&w.workspace_id, &w.id),
                )
            })
        })
    });
    let failure = Slot::new(None::<ApiError>);
    // `Stop` was tried here and the backend said it has none: the bar says so. A backend known
    // to lack it before (its records carry no extension fields, or an earlier visit) offers
    // none and adds no row to the bar (the workspace's table carries the note): the desktop
    // keeps the height its create asked for.
    let refused = Slot::new(false);
    let id = Kept::new(status.id());
    let (fullscreen, toggle_fullscreen) = use_fullscreen();

    let name = live(move || {
        status.workbench.with(|w| match w {
            Some(w) => crate::domain::text::shown_string(&w.display_name()),
            None => format!("Session {}", id.get_value()),
        })
    });
    let has = move || api.supports(Extension::SessionStopStart);
    let can_stop = move || {
        may_update.get()
            && has()
            && status
                .workbench
                .with(|w| w.as_ref().is_some_and(Workbench::can_stop))
    };
    let can_start = move || {
        may_update.get()
            && has()
            && status
                .workbench
                .with(|w| w.as_ref().is_some_and(Workbench::can_restart))
    };
    let stop = local_action(move |_: &()| {
        failure.set(None);
        let id = id.get_value();
        async move {
            let reply = activity
                .track("Stopping session…", workbenches::stop(api, &id))
                .await;
            match reply {
                Ok(_) => status.refresh(),
                // The button goes; the note in the bar says why.
                Err(ApiError::Unsupported(_)) => {
                    refused.try_set(true);
                }
                Err(e) => {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let stopping = stop.pending();
    let start = move |_| {
        failure.set(None);
        status.retry();
    };

    view! {
        <section class="session-bar" data-testid="session-bar" aria-label="Session">
            <div class="session-bar-row">
                <a class="session-back" href=back_href>
                    <Icon name=IconName::ArrowLeft/>
                    <span class="session-back-words">" Back to the workspace"</span>
                </a>
                <h1 class="session-name">{name}</h1>
                <When when=move || !unreachable.get()>
                <SessionPhase workbench=status.workbench/>
                <div class="session-actions">
                    <When when=can_stop>
                        <button
                            type="button"
                            class="btn btn-small"
                            disabled=move || stopping.get()
                            on:click=move |_| {
                                stop.dispatch_local(());
                            }
                        >
                            "Stop"
                        </button>
                    </When>
                    <When when=can_start>
                        <button type="button" class="btn btn-small btn-primary" on:click=start>
                            "Start"
                        </button>
                    </When>
                    <crate::components::share_session::ShareSession
                        workbench=Signal::derive(move || status.workbench.get())/>
                    <crate::components::session_edit::EditSession
                        workbench=Signal::derive(move || status.workbench.get())
                        on_saved=Callback::new(move |saved| status.saved(&saved))/>
                    <DesktopControls id=id.get_value()/>
                    <button
                        type="button"
                        id="session-details-toggle"
                        class="btn btn-small"
                        aria-expanded=move || details_open.get().to_string()
                        // The drawer is in the `sessparts` chunk: named once it is there.
                        aria-controls=move || parts.ready().then_some(DRAWER_ID)
                        on:click=move |_| {
                            let open = !details_open.get_untracked();
                            on_details.run(open);
                            if open {
                                request_animation_frame(|| focus_by_id("session-drawer-focus"));
                            }
                        }
                    >
                        <Icon name=IconName::Panel/>
                        " Details"
                    </button>
                    <button
                        type="button"
                        class="btn btn-small"
                        aria-pressed=move || fullscreen.get().to_string()
                        title=move || if fullscreen.get() { "Leave full screen" } else { "Show the work area full screen" }
                        on:click=move |_| toggle_fullscreen.run(())
                    >
                        {live(move || if fullscreen.get() {
                            view! { <Icon name=IconName::Compress/> " Exit full screen" }.into_any()
                        } else {
                            view! { <Icon name=IconName::Expand/> " Full screen" }.into_any()
                        })}
                    </button>
                </div>
                </When>
            </div>
            {parts.form(SessionForms::TABS)}
            <When when=move || refused.get() && !has() && may_update.get()>
                <p class="note session-note" data-testid="not-supported">
                    {ApiError::Unsupported(Extension::SessionStopStart).message()}
                </p>
            </When>
            {live(move || {
                failure
                    .get()
                    .map(|e| view! { <ErrorAlert title="Could not stop the session" error=e/> })
            })}
        </section>
    }
}
