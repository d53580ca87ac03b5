//! Session phase and staleness for the session bar, and the details panel (issue 5).
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::components::live::live;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::components::long_text::LongText;

use crate::components::condition_timeline::{use_ticking_now, ConditionTimeline};
use crate::domain::time::{format_rfc3339_utc, format_utc, relative_time};
use crate::domain::workbench::{Phase, Workbench};

/// The words of the stale-status hook.
pub const STALE_TEXT: &str = "Status may be out of date — the controller has not caught up yet";

/// The badge class of a phase: colour follows meaning, the words say it.
fn phase_badge(phase: Option<Phase>) -> &'static str {
    match phase {
        Some(Phase::Running) => "badge badge-ok",
        Some(Phase::Failed) => "badge badge-danger",
        Some(Phase::Pending | Phase::Creating | Phase::Stopping) => "badge badge-info",
        Some(Phase::Stopped | Phase::Completed | Phase::Unknown) | None => "badge badge-neutral",
    }
}

/// A small icon next to the phase words (decorative).
fn phase_icon(phase: Option<Phase>) -> IconName {
    match phase {
        Some(Phase::Running) => IconName::Dot,
        Some(Phase::Failed) => IconName::Cross,
        Some(Phase::Pending | Phase::Creating | Phase::Stopping) => IconName::Half,
        Some(Phase::Stopped) => IconName::Square,
        Some(Phase::Completed) => IconName::Check,
        Some(Phase::Unknown) | None => IconName::Question,
    }
}

/// The tooltip of the stale-status hook: which generation the spec is at and which the status
/// reflects.
fn stale_tooltip(wb: &Workbench) -> String {
    let observed = wb.observed_generation.or_else(|| {
        wb.conditions
            .iter()
            .filter_map(|c| c.observed_generation)
            .min()
    });
    match (wb.generation, observed) {
        (Some(g), Some(o)) => format!(
            "The session was changed (generation {g}) but the status shown was computed for \
             generation {o}. It updates once the controller has processed the change."
        ),
        _ => "The status shown was computed for an older version of the session. It updates \
              once the controller has processed the change."
            .to_owned(),
    }
}

/// `data-testid="session-phase"` (the phase in words, as a badge) and, when `observedGeneration <
/// generation`, `data-testid="stale-status"`.
#[component]
pub fn SessionPhase(#[prop(into)] workbench: Signal<Option<Workbench>>) -> impl IntoView {
    let phase =
        crate::state::memo(move |_| workbench.with(|w| w.as_ref().map(Workbench::effective_phase)));
    // Given up on (the start timeout): said so, not left at the phase it never left; a backend
    // that reported nothing yet is not made to say `Pending`.
    let status = use_context::<crate::state::workbench_status::WorkbenchStatus>();
    let words = crate::state::memo(move |_| {
        let timed_out = status.is_some_and(|s| {
            s.summary.with(|s| {
                matches!(
                    s,
                    crate::state::workbench_status::StatusSummary::TimedOut { .. }
                )
            })
        });
        let no_status = workbench.with(|w| w.as_ref().is_some_and(Workbench::reports_no_status));
        match (timed_out, no_status) {
            (true, _) => Some(("Did not start", "badge badge-danger")),
            (false, true) => Some(("Starting", "badge badge-info")),
            _ => None,
        }
    });
    let stale = crate::state::memo(move |_| {
        workbench.with(|w| w.as_ref().filter(|w| w.is_stale()).map(stale_tooltip))
    });
    view! {
        <span class="session-phase-group">
            <span class=move || format!(
                    "session-phase {}",
                    words.get().map_or_else(|| phase_badge(phase.get()), |(_, b)| b),
                )
                data-testid="session-phase"
                data-phase=move || phase.get().map_or("Unknown", Phase::as_wire)
                title=move || phase.get().map_or("State unknown", Phase::description)>
                {live(move || view! { <Icon name=phase_icon(phase.get())/> })}
                " "
                {live(move || words.get().map_or_else(|| phase.get().map_or("Unknown", Phase::label), |(w, _)| w))}
            </span>
            {live(move || stale.get().map(|tooltip| view! {
                " "
                <span class="stale-status badge badge-warn" data-testid="stale-status"
                    title=tooltip>
                    <Icon name=IconName::Warning/>
                    " "
                    {STALE_TEXT}
                </span>
            }))}
        </span>
    }
}

/// What the details list shows, compared between polls so an unchanged poll renders nothing.
#[derive(Debug, Clone, PartialEq)]
struct Facts {
    phase: Phase,
    pod_status: &'static str,
    pod_message: Option<String>,
    start_ms: Option<i64>,
    completion_ms: Option<i64>,
    job_name: Option<String>,
    pod_name: Option<String>,
    generation: Option<i64>,
    observed_generation: Option<i64>,
    stale: bool,
    /// The backend reported nothing yet (CHORUS's empty statuses): said, not guessed.
    no_status: bool,
}

impl Facts {
    fn of(wb: &Workbench) -> Self {
        Self {
            no_status: wb.reports_no_status(),
            phase: wb.effective_phase(),
            pod_status: wb.server_pod_status.label(),
            pod_message: wb
                .server_pod_message
                .clone()
                .filter(|m| !m.trim().is_empty()),
            start_ms: wb.start_time_ms(),
            completion_ms: wb.completion_time_ms(),
            job_name: wb.job_name.clone().filter(|s| !s.trim().is_empty()),
            pod_name: wb.runner_pod_name.clone().filter(|s| !s.trim().is_empty()),
            generation: wb.generation,
            observed_generation: wb.observed_generation,
            stale: wb.is_stale(),
        }
    }
}

/// A time as `<time>`: relative (updating with `now`), exact in the tooltip and after it.
fn time_view(at: i64, now: Signal<f64>) -> impl IntoView {
    view! {
        <time datetime=format_rfc3339_utc(at) title=format_utc(at)>
            {live(move || relative_time(at, now.get() as i64))}
        </time>
        <span class="details-exact muted">{format!(" ({})", format_utc(at))}</span>
    }
}

/// A name in monospace, or a dash.
fn name_view(name: Option<String>) -> AnyView {
    match name {
        Some(n) => view! { <code class="details-name">{n}</code> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

fn generation_words(f: &Facts) -> String {
    match (f.generation, f.observed_generation) {
        (Some(g), Some(o)) if o < g => format!("{g} (status reflects {o}: not caught up yet)"),
        (Some(g), Some(o)) => format!("{g} (status reflects {o})"),
        (Some(g), None) => g.to_string(),
        (None, Some(o)) => format!("— (status reflects {o})"),
        (None, None) => "—".to_owned(),
    }
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);

/// The details panel: the condition timeline, start/completion times, job and pod names,
/// generation/observedGeneration. A workbench without conditions (an older backend) shows its
/// phase and pod message and a note instead of an (empty) timeline.
#[component]
pub fn SessionDetails(
    #[prop(into)] workbench: Signal<Option<Workbench>>,
    /// The "now" relative times are computed against; default: a 1-second ticker shared by the
    /// panel and its timeline.
    #[prop(optional, into)]
    now: Option<Signal<f64>>,
) -> impl IntoView {
    let now = use_ticking_now(now);
    let n = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let heading_id = format!("session-details-{n}");
    let labelled_by = heading_id.clone();
    let timeline_heading_id = format!("session-details-timeline-{n}");
    let facts = crate::state::memo(move |_| workbench.with(|w| w.as_ref().map(Facts::of)));
    let has_conditions = crate::state::memo(move |_| {
        workbench.with(|w| w.as_ref().is_some_and(|w| !w.conditions.is_empty()))
    });

    let facts_view = live(move || {
        let Some(f) = facts.get() else {
            return view! { <p class="muted">"Waiting for the session's status…"</p> }.into_any();
        };
        let generation = generation_words(&f);
        view! {
            <dl class="details-list">
                <div class="details-item">
                    <dt>"Phase"</dt>
                    <dd>
                        {if f.no_status {
                            view! {
                                <span class=phase_badge(None)>
                                    <Icon name=phase_icon(None)/>
                                    " Not reported"
                                </span>
                                <span class="muted">" — CHORUS has not reported a status"</span>
                            }
                            .into_any()
                        } else {
                            view! {
                                <span class=phase_badge(Some(f.phase))>
                                    <Icon name=phase_icon(Some(f.phase))/>
                                    " "
                                    {f.phase.label()}
                                </span>
                                <span class="muted">{format!(" — {}", f.phase.description())}</span>
                            }
                            .into_any()
                        }}
                    </dd>
                </div>
                <div class="details-item">
                    <dt>"Server pod"</dt>
                    <dd>
                        <span>{f.pod_status}</span>
                        {f.pod_message.map(|m| view! {
                            <span class="details-message">" — "<LongText text=m/></span>
                        })}
                    </dd>
                </div>
                <div class="details-item">
                    <dt>"Started"</dt>
                    <dd>
                        {match f.start_ms {
                            Some(at) => time_view(at, now).into_any(),
                            None => view! { <span class="muted">"Not yet"</span> }.into_any(),
                        }}
                    </dd>
                </div>
                {f.completion_ms.map(|at| view! {
                    <div class="details-item">
                        <dt>"Ended"</dt>
                        <dd>{time_view(at, now)}</dd>
                    </div>
                })}
                <div class="details-item">
                    <dt>"Job"</dt>
                    <dd>{name_view(f.job_name)}</dd>
                </div>
                <div class="details-item">
                    <dt>"Pod"</dt>
                    <dd>{name_view(f.pod_name)}</dd>
                </div>
                <div class="details-item">
                    <dt>"Generation"</dt>
                    <dd>{generation}</dd>
                </div>
            </dl>
        }
        .into_any()
    });

    // The session's audit log, for who may read it (`auditWorkbench` on it).
    let auth = use_context::<crate::state::auth::Auth>();
    let audit_link = live(move || {
        let (ws, id) =
            workbench.with(|w| w.as_ref().map(|w| (w.workspace_id.clone(), w.id.clone())))?;
        let target = crate::domain::permissions::Target::workbench(&ws, &id);
        auth.filter(|a| a.can_in(crate::domain::permissions::Perm::AuditWorkbench, &target))?;
        let href = format!(
            "{}/sessions/{}/audit",
            crate::routes::workspace_href(&ws),
            crate::api::client::encode_component(&id)
        );
        Some(
            view! { <p class="session-audit-link"><a href=href>"Audit log of this session"</a></p> },
        )
    });
    view! {
        <section class="session-details" aria-labelledby=labelled_by>
            <h2 id=heading_id class="session-details-title">"Details"</h2>
            {facts_view}
            {
                let id = timeline_heading_id;
                live(move || has_conditions.get().then(|| view! {
                    <h3 id=id.clone() class="session-details-subtitle">"Condition timeline"</h3>
                }))
            }
            <ConditionTimeline workbench now/>
            {audit_link}
        </section>
    }
}
