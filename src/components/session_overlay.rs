//! The loading overlay over the session's iframe (ui.md, "session loading overlay" and "session
//! error"); [`crate::components::session_stage::SessionStage`] puts it over the desktop.
use std::time::Duration;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiClient, Extension};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::long_text::LongText;
use crate::components::on::OnAttribute;
use crate::components::progress_stepper::ProgressStepper;
use crate::components::when::When;
use crate::domain::conditions::hint_without_restart;
use crate::domain::estimate::Estimate;
use crate::domain::poll::{timeout_message, ConnectionTrouble};
use crate::domain::progress::{
    current_problem, failure_explanation, overlay_text, steps, StepState,
};
use crate::domain::time::format_duration;
use crate::domain::workbench::{ServerPodStatus, Workbench};
use crate::state::timer::{self, Delay};
use crate::state::workbench_status::StatusSummary;
use crate::state::{now_ms_i64, use_config};
use crate::state::{Kept, Slot};

/// After this long, the overlay says that starting can take a while.
const PATIENCE_NOTE_AFTER_MS: u64 = 60_000;
/// How long the fade-out lasts before the overlay leaves the DOM (style/session.css).
const FADE_MS: u64 = 350;
/// The progress shown before the session is ready never goes beyond this.
const MAX_PROGRESS_BEFORE_RUNNING: f64 = 95.0;
/// The desktop server reporting `Failing` this long while the session runs is shown as a
/// problem (api.md, "When a session is ready").
const POD_FAILING_PROBLEM_AFTER_MS: i64 = 60_000;

/// The overlay's step while `k8sStatus` is `Running` but the desktop server does not answer
/// yet (CHORUS's readiness lag): `The desktop server is starting…`; `None` otherwise.
pub fn desktop_server_step(wb: &Workbench) -> Option<&'static str> {
    (wb.is_running() && !wb.is_ready()).then_some(match wb.server_pod_status {
        ServerPodStatus::Failing => "The desktop server is having trouble starting…",
        ServerPodStatus::Restarting => "The desktop server is restarting…",
        _ => "The desktop server is starting…",
    })
}

/// A duration in plain words for sentences: `"5 minutes"`, `"1 minute"`, `"4 seconds"`, else
/// the compact form (`"2 min 30 s"`).
pub fn duration_words(ms: u64) -> String {
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if ms >= 60_000 && ms.is_multiple_of(60_000) {
        plural(ms / 60_000, "minute")
    } else if ms < 60_000 && ms.is_multiple_of(1000) {
        plural(ms / 1000, "second")
    } else {
        format_duration(i64::try_from(ms).unwrap_or(i64::MAX))
    }
}

/// An estimate of the start-up progress in percent: 100 when running; else from the canonical
/// steps done (up to 80 %) plus a little for the time waited (up to 15 %), or from the time
/// alone when the backend sends no conditions; never above 95 % before Running. Views keep the
/// maximum seen so that it never goes backwards.
pub fn progress_estimate(wb: Option<&Workbench>, elapsed_ms: u64) -> f64 {
    let t = elapsed_ms as f64;
    let Some(wb) = wb else {
        return 0.0;
    };
    if wb.is_ready() {
        return 100.0;
    }
    let chain = steps(wb);
    let estimate = if chain.is_empty() {
        90.0 * (1.0 - (-t / 90_000.0).exp())
    } else {
        let done = chain.iter().filter(|s| s.state == StepState::Done).count() as f64;
        80.0 * done / chain.len() as f64 + 15.0 * (1.0 - (-t / 60_000.0).exp())
    };
    estimate.clamp(0.0, MAX_PROGRESS_BEFORE_RUNNING)
}

/// The loading overlay: `data-testid="session-overlay"`, `role="status"`. It says the current step
/// in words (`serverPodMessage` when present), the time waited, a progress bar that never goes
/// backwards, the progress stepper, and after a minute that starting can take a while. Errors
/// show inside as `role="alert"` with `Retry` (not found / no access: a link back instead). Once
/// the session runs and the frame has loaded, it fades away and leaves the DOM.
#[component]
pub fn SessionOverlay(
    /// The session (`None` before the first reply).
    #[prop(into)]
    workbench: Signal<Option<Workbench>>,
    /// The poller's summary; derived from `workbench` when absent.
    #[prop(optional, into)]
    summary: Option<Signal<StatusSummary>>,
    /// Whether the iframe has loaded; the overlay stays over a running session until then.
    #[prop(optional, into)]
    frame_loaded: Option<Signal<bool>>,
    /// When the wait started (epoch ms); the mount time when absent.
    #[prop(optional, into)]
    started_at_ms: Option<Signal<i64>>,
    /// `Retry` (and `Start again` for a stopped session).
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
    /// Where "Back to the workspace" goes (not found, no access).
    #[prop(optional, into)]
    back_href: Option<String>,
    /// The configured deadline; `startTimeoutMs` from the config when absent.
    #[prop(optional)]
    timeout_ms: Option<u64>,
    /// A failed start request on Retry, in words.
    #[prop(optional, into)]
    action_error: Option<Signal<Option<String>>>,
    /// How long starts usually take here (from [`crate::state::start_times`]).
    #[prop(default = None)]
    estimate: Option<Estimate>,
    /// Since when the desktop server reports `Failing` while the session runs (epoch ms).
    #[prop(optional, into)]
    pod_failing_since_ms: Option<Signal<Option<i64>>>,
    /// `Start new session`, offered instead of `Retry` for a failed session the backend cannot
    /// start again (no `…/start`, or its record deleted as CHORUS does); `None`: not offered
    /// (the user may not start sessions here).
    #[prop(optional, into)]
    on_start_new: Option<Signal<Option<Callback<()>>>>,
    /// A `Start new session` request is under way.
    #[prop(optional, into)]
    start_new_pending: Option<Signal<bool>>,
    /// `Delete session`, offered with `Start new session` for a session the backend gave up
    /// on and cannot start again; `None`: not offered (the user may not delete it).
    #[prop(optional, into)]
    on_delete: Option<Signal<Option<Callback<()>>>>,
    /// The delete is under way.
    #[prop(optional, into)]
    deleting: Option<Signal<bool>>,
    /// A refusal of the session this tab has just created is being checked again.
    #[prop(optional, into)]
    access_wait: Option<Signal<bool>>,
) -> impl IntoView {
    let can_restart = use_context::<ApiClient>()
        .map(|api| Signal::derive(move || api.supports(Extension::SessionStopStart)))
        .unwrap_or_else(|| Signal::stored(true));
    let timeout_ms = timeout_ms.unwrap_or_else(|| use_config().start_timeout_ms);
    let back_href = Kept::new(back_href.unwrap_or_else(|| "/workspaces".to_owned()));
    let summary = crate::state::memo(move |_| match summary {
        Some(s) => s.get(),
        None => workbench.with(|w| StatusSummary::from_workbench(w.as_ref())),
    });
    let mounted_at = now_ms_i64();
    let started_at = Signal::derive(move || started_at_ms.map_or(mounted_at, |s| s.get()));
    let frame_loaded = Signal::derive(move || frame_loaded.is_some_and(|s| s.get()));
    let retry = move || {
        if let Some(cb) = on_retry {
            cb.run(());
        }
    };

    // A one-second clock for the time waited and the countdown.
    let now = timer::ticking_now(Duration::from_secs(1));
    let elapsed =
        crate::state::memo(move |_| u64::try_from(now.get() - started_at.get()).unwrap_or(0));

    // Progress: the maximum seen since the wait started.
    let max_seen = Kept::new((i64::MIN, 0.0_f64));
    let progress = crate::state::memo(move |_| {
        let start = started_at.get();
        let estimate = workbench.with(|w| progress_estimate(w.as_ref(), elapsed.get()));
        let (seen_start, seen) = max_seen.get_value();
        let value = if seen_start == start {
            estimate.max(seen)
        } else {
            estimate
        };
        max_seen.set_value((start, value));
        // A whole percent: no float formatting in the page.
        value.round().clamp(0.0, 100.0) as u8
    });

    // Done: running and the frame has loaded. Then fade, then leave the DOM.
    let done = crate::state::memo(move |_| {
        workbench.with(|w| w.as_ref().is_some_and(Workbench::is_ready)) && frame_loaded.get()
    });
    // Already done when it appears (a desktop kept alive while the user was elsewhere): no
    // overlay at all.
    let removed = Slot::new(done.get_untracked());
    let fade = Delay::new();
    crate::state::effect(move |_| {
        if done.get() {
            fade.start(Duration::from_millis(FADE_MS), move || {
                removed.try_set(true);
            });
        } else {
            fade.cancel();
            removed.try_set(false);
        }
    });

    // Memos: a reply that changes nothing else leaves these texts (of any size) alone.
    let step_text = crate::state::memo(move |_| {
        workbench.with(|w| match w {
            Some(w) => desktop_server_step(w)
                .map(str::to_owned)
                .unwrap_or_else(|| overlay_text(w)),
            None => "Loading the session…".to_owned(),
        })
    });
    // While the desktop server starts, what it says about itself.
    let server_message = crate::state::memo(move |_| {
        workbench.with(|w| {
            w.as_ref()
                .filter(|w| desktop_server_step(w).is_some())
                .and_then(|w| w.server_pod_message.clone())
                .filter(|m| !m.trim().is_empty())
        })
    });
    let estimate_line = move || {
        estimate.map(|e| match e.late_sentence(elapsed.get()) {
            Some(late) => view! { <p class="overlay-estimate is-late">{late}</p> },
            None => view! { <p class="overlay-estimate">{e.usual_sentence()}</p> },
        })
    };
    let pod_problem = move || {
        let since = pod_failing_since_ms.and_then(|s| s.get())?;
        (now.get() - since >= POD_FAILING_PROBLEM_AFTER_MS).then(|| {
            let message = workbench.with(|w| w.as_ref().and_then(|w| w.server_pod_message.clone()));
            view! {
                <div class="alert alert-warn overlay-error" role="alert">
                    <p class="alert-title">
                        {format!(
                            "The desktop server has been failing for {}.",
                            format_duration(now.get() - since),
                        )}
                    </p>
                    {message.map(|m| view! { <p class="overlay-pod-message"><LongText text=m/></p> })}
                    <p>"The console keeps waiting; Retry asks again now."</p>
                    <button type="button" class="btn btn-primary" on:click=move |_| retry()>
                        "Retry"
                    </button>
                </div>
            }
        })
    };
    let access_wait = Signal::derive(move || access_wait.is_some_and(|s| s.get()));
    let progress_part = move || {
        view! {
            <p class="overlay-step">{live(move || view! { <LongText text=step_text.get()/> })}</p>
            <When when=move || access_wait.get()>
                <p class="overlay-note" data-testid="access-wait">
                    "Waiting for CHORUS to give you access to your new session (it takes about a second)…"
                </p>
            </When>
            {live(move || server_message.get().map(|m| view! { <p class="overlay-pod-message"><LongText text=m/></p> }))}
            <p class="overlay-waited" aria-live="off">
                "Time waited: " {live(move || format_duration(elapsed.get() as i64))}
            </p>
            {estimate_line}
            <progress
                class="overlay-progress"
                max="100"
                value=move || progress.get()
                aria-label="Start-up progress"
                aria-valuetext=move || format!("{} %", progress.get())
                aria-live="off"
            ></progress>
            {live(move || {
                (elapsed.get() >= PATIENCE_NOTE_AFTER_MS)
                    .then(|| {
                        view! {
                            <p class="overlay-note">
                                {format!(
                                    "Starting a session can take up to {}.",
                                    duration_words(timeout_ms),
                                )}
                            </p>
                        }
                    })
            })}
            <ProgressStepper workbench=workbench/>
            {pod_problem}
        }
    };
    let retry_button = move || {
        view! {
            <button type="button" class="btn btn-primary" on:click=move |_| retry()>
                "Retry"
            </button>
        }
    };
    let back_link = move || {
        view! { <a class="btn" href=back_href.get_value()>"Back to the workspace"</a> }
    };

    // A failed session that can be started again here: Retry; else Start new session.
    let restartable = crate::state::memo(move |_| {
        can_restart.get() && workbench.with(|w| w.as_ref().is_none_or(Workbench::can_restart))
    });
    let start_new = Signal::derive(move || on_start_new.and_then(|s| s.get()));
    let start_new_pending = Signal::derive(move || start_new_pending.is_some_and(|s| s.get()));
    let start_new_button = move |cb: Callback<()>| {
        view! {
            <button
                type="button"
                class="btn btn-primary"
                disabled=move || start_new_pending.get()
                on:click=move |_| cb.run(())
            >
                {live(move || if start_new_pending.get() { "Starting…" } else { "Start new session" })}
            </button>
        }
    };
    let failed_actions = move || {
        if restartable.get() {
            return retry_button().into_any();
        }
        match start_new.get() {
            Some(cb) => view! {
                <p class="overlay-hint" data-testid="not-supported">
                    "This session cannot be started again here. "
                    "A new session in the same workspace starts from scratch; your files in the workspace stay."
                </p>
                {start_new_button(cb)}
            }
            .into_any(),
            None => view! {
                <p class="overlay-hint" data-testid="not-supported">
                    "This deployment cannot restart a session: Retry only checks its status again. "
                    "To work, go back to the workspace and start a new session."
                </p>
                {retry_button()}
            }
            .into_any(),
        }
    };

    // A session given up on where the backend cannot start it again (CHORUS: no `/start`):
    // what can really be done is a new session and the stuck one's removal; Retry only looks
    // again, and says so.
    let confirming_delete = Slot::new(false);
    let on_delete = Signal::derive(move || on_delete.and_then(|s| s.get()));
    let deleting = Signal::derive(move || deleting.is_some_and(|s| s.get()));
    let timed_out_actions = move || {
        if can_restart.get() {
            return retry_button().into_any();
        }
        let start = start_new.get().map(start_new_button);
        let delete = on_delete.get().map(|cb| {
            view! {
                <When when=move || !confirming_delete.get()>
                    <button type="button" class="btn btn-danger"
                        on:click=move |_| confirming_delete.set(true)>
                        "Delete session"
                    </button>
                </When>
                <When when=move || confirming_delete.get()>
                    <ConfirmInline layout=ConfirmLayout::Row("Confirm deletion")
                        question="Delete this session? It never started; nothing in it is lost."
                        confirm_label="Delete" busy=deleting
                        on_confirm=cb
                        on_cancel=Callback::new(move |_| confirming_delete.set(false))/>
                </When>
            }
        });
        view! {
            <p class="overlay-hint" data-testid="not-supported">
                "This deployment cannot start a session again. Start a new one, and delete this one: "
                "your files in the workspace stay. Retry only checks its status again."
            </p>
            <div class="overlay-actions">
                {start}
                {delete}
                <button type="button" class="btn" on:click=move |_| retry()>"Retry"</button>
            </div>
        }
        .into_any()
    };

    let body = move || {
        match summary.get() {
        StatusSummary::Failed => {
            let (message, explanation) = workbench.with(|w| {
                (
                    w.as_ref().and_then(|w| w.server_pod_message.clone()),
                    w.as_ref().and_then(failure_explanation),
                )
            });
            view! {
                <div class="alert alert-error overlay-error" role="alert">
                    <p class="alert-title">"The session failed"</p>
                    {explanation
                        .as_ref()
                        .map(|e| view! { <p class="overlay-reason">{format!("{}.", e.summary)}</p> })}
                    {message.map(|m| view! { <p class="overlay-pod-message"><LongText text=m/></p> })}
                    {live(move || {
                        let hint = explanation.clone().and_then(|e| e.hint)?;
                        let hint = if restartable.get() || start_new.with(Option::is_none) {
                            hint
                        } else {
                            hint_without_restart(&hint)?
                        };
                        Some(view! { <p class="overlay-hint">{format!("{hint}.")}</p> })
                    })}
                    {failed_actions}
                    {back_link()}
                </div>
            }
            .into_any()
        }
        StatusSummary::TimedOut {
            waited_ms,
            last_status,
        } => view! {
            <div class="alert alert-error overlay-error" role="alert">
                <p class="alert-title">
                    {format!("The session did not start within {}.", duration_words(timeout_ms))}
                </p>
                <p>{timeout_message(waited_ms, last_status.as_deref())}</p>
                {timed_out_actions}
            </div>
        }
        .into_any(),
        StatusSummary::ConnectionTrouble { next_retry_at_ms } => {
            let trouble = ConnectionTrouble {
                failures: 2,
                retry_at_ms: next_retry_at_ms,
            };
            view! {
                {progress_part()}
                <div class="alert alert-warn overlay-error" role="alert">
                    <p class="alert-title">{live(move || trouble.message(now.get()))}</p>
                    <p>"The console could not reach the server; it keeps trying by itself."</p>
                    {retry_button()}
                </div>
            }
            .into_any()
        }
        StatusSummary::NotFound => view! {
            <div class="alert alert-error overlay-error" role="alert" data-testid="session-gone">
                <p class="alert-title">"This session no longer exists."</p>
                <p>"It was deleted, or removed by the platform after a while without use. Its workspace has your other sessions."</p>
                {back_link()}
            </div>
        }
        .into_any(),
        StatusSummary::NoAccess => view! {
            <div class="alert alert-error overlay-error" role="alert">
                <p class="alert-title">"You do not have access to this session."</p>
                <p>"It was not shared with you, or you are not a member of its workspace. Its owner or an administrator of the workspace can give you access."</p>
                {back_link()}
            </div>
        }
        .into_any(),
        StatusSummary::Error(message) => view! {
            <div class="alert alert-error overlay-error" role="alert">
                <p class="alert-title">"The session status could not be loaded."</p>
                <p>{message}</p>
                {retry_button()}
            </div>
        }
        .into_any(),
        StatusSummary::Stopped => {
            let why = workbench.with(|w| {
                w.as_ref()
                    .and_then(current_problem)
                    .map(|e| format!("{}.", e.summary))
                    .unwrap_or_else(|| "The session is stopped.".to_owned())
            });
            view! {
                <div class="overlay-stopped">
                    <p class="overlay-step">{why}</p>
                    <button type="button" class="btn btn-primary" on:click=move |_| retry()>
                        "Start again"
                    </button>
                </div>
            }
            .into_any()
        }
        StatusSummary::Loading | StatusSummary::Starting | StatusSummary::Ready => {
            progress_part().into_any()
        }
    }
    };

    view! {
        <When when=move || !removed.get()>
            <div
                class="session-overlay"
                class:is-done=move || done.get()
                data-testid="session-overlay"
                role="status"
                aria-live="polite"
                aria-hidden=move || done.get().then_some("true")
                inert=move || done.get()
            >
                <div class="session-overlay-panel">
                    {body}
                    {live(move || {
                        action_error
                            .and_then(|s| s.get())
                            .map(|m| {
                                view! {
                                    <p class="alert alert-error" role="alert">{m}</p>
                                }
                            })
                    })}
                </div>
            </div>
        </When>
    }
}
