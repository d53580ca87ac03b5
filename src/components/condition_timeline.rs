//! The condition timeline (issue 5, ui.md "condition timeline").
//!
//! One `<li>` per condition, in time order, each with an icon *and* its status in words, the type
//! in words, the raw reason with its explanation, the server's message (as text), when it changed
//! (relative, exact on hover) and how long the step took.
//!
//! Rendering cost is kept small on purpose:
//! - the list is a [`Keyed`](crate::components::keyed::Keyed) list (key: condition type +
//!   `lastTransitionTime`), fed by a memo ([`Derived`](crate::state::Derived)),
//!   so a poll that brings the same conditions touches no DOM node;
//! - each row reads its current entry through its own memo, so a changed message or severity
//!   updates only that row's text nodes;
//! - relative times read one shared "now" signal ([`use_ticking_now`]) that ticks every second;
//!   only the small `<time>` text nodes depend on it, never the list.
use std::time::Duration;

use crate::components::live::live;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::components::keyed::Keyed;

use crate::domain::conditions::{ConditionStatus, Severity};
use crate::domain::time::{format_duration, format_rfc3339_utc, format_utc, relative_time};
use crate::domain::timeline::{timeline, TimelineEntry};
use crate::domain::workbench::Workbench;
use crate::state::timer;
use crate::state::Derived;

/// How often the shared "now" of relative times ticks.
pub const NOW_TICK: Duration = Duration::from_secs(1);

/// A "now" (epoch ms) for relative times: `external` when given (tests drive time with it),
/// else a signal updated every [`NOW_TICK`] by one interval owned by the calling component and
/// cleared when it is cleaned up.
pub fn use_ticking_now(external: Option<Signal<f64>>) -> Signal<f64> {
    if let Some(now) = external {
        return now;
    }
    let now = timer::ticking_now(NOW_TICK);
    Signal::derive(move || now.get() as f64)
}

/// The key of a row: the condition type and its `lastTransitionTime`.
type RowKey = (String, Option<String>);

fn row_key(entry: &TimelineEntry) -> RowKey {
    (
        entry.condition.type_.clone(),
        entry.condition.last_transition_time.clone(),
    )
}

/// An entry's status as an icon and words: (check, `Passed`), (hourglass, `Waiting,
/// retrying`), (cross, `Failed`), (square, `Stopped`) or (circle, `Not yet`).
pub fn status_words(entry: &TimelineEntry) -> (IconName, &'static str) {
    match entry.explanation.severity {
        Severity::Permanent => (IconName::Cross, "Failed"),
        Severity::Transient => (IconName::Hourglass, "Waiting, retrying"),
        Severity::Stopped => (IconName::Square, "Stopped"),
        Severity::Ok => (IconName::Check, "Passed"),
        Severity::InProgress if entry.condition.status == ConditionStatus::True => {
            (IconName::Check, "Passed")
        }
        Severity::InProgress => (IconName::Circle, "Not yet"),
    }
}

/// The badge class for an entry's status words.
fn badge_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Ok => "badge badge-ok",
        Severity::InProgress => "badge badge-neutral",
        Severity::Transient => "badge badge-warn",
        Severity::Permanent => "badge badge-danger",
        Severity::Stopped => "badge badge-info",
    }
}

/// "took 12 s" for a condition that passed, "after 12 s" for the others.
fn duration_words(entry: &TimelineEntry) -> Option<String> {
    let ms = entry.since_previous_ms?;
    let d = format_duration(ms);
    Some(if entry.condition.status.is_true() {
        format!("took {d}")
    } else {
        format!("after {d}")
    })
}

/// Whether the timeline has anything to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// No workbench yet.
    Loading,
    /// A workbench without conditions (an older backend).
    NoConditions,
    /// Conditions to list.
    Conditions,
}

/// `<ol data-testid="condition-timeline">`: one entry per condition in time order.
///
/// Renders nothing before the workbench is known, and a short note instead of the list (no
/// `<ol>`) for a workbench without conditions. `now` (epoch ms) overrides the built-in 1-second
/// ticker, e.g. to share one ticker between components or to drive time in tests.
#[component]
pub fn ConditionTimeline(
    #[prop(into)] workbench: Signal<Option<Workbench>>,
    /// The "now" relative times are computed against; default: a 1-second ticker.
    #[prop(optional, into)]
    now: Option<Signal<f64>>,
) -> impl IntoView {
    let now = use_ticking_now(now);
    let mode = crate::state::memo(move |_| {
        workbench.with(|w| match w {
            None => Mode::Loading,
            Some(w) if w.conditions.is_empty() => Mode::NoConditions,
            Some(_) => Mode::Conditions,
        })
    });
    let entries: Derived<Vec<TimelineEntry>> = crate::state::memo(move |_| {
        workbench.with(|w| w.as_ref().map(timeline).unwrap_or_default())
    });

    live(move || match mode.get() {
        Mode::Loading => ().into_any(),
        Mode::NoConditions => view! {
            <p class="timeline-empty muted">"This backend reports no detailed conditions."</p>
        }
        .into_any(),
        Mode::Conditions => view! {
            <ol class="condition-timeline" data-testid="condition-timeline"
                aria-label="Condition timeline">
                <Keyed
                    each=move || entries.get()
                    key=row_key
                    children=move |entry| view! { <TimelineRow entry entries now/> }
                />
            </ol>
        }
        .into_any(),
    })
}

/// One row. It reads its current entry from `entries` by key, so changes that keep the key
/// (a new message, a session that failed meanwhile) update its texts in place.
#[component]
fn TimelineRow(
    entry: TimelineEntry,
    entries: Derived<Vec<TimelineEntry>>,
    now: Signal<f64>,
) -> impl IntoView {
    // The type and the transition time are the key: they never change for a row.
    let type_ = entry.condition.type_.clone();
    let label = entry.label.clone();
    let at_ms = entry.at_ms;
    let raw_time = entry.condition.last_transition_time.clone();
    let current = {
        let (type_, raw_time) = (type_.clone(), raw_time.clone());
        crate::state::memo(move |prev: Option<&TimelineEntry>| {
            entries
                .with(|list| {
                    list.iter()
                        .find(|e| {
                            e.condition.type_ == type_
                                && e.condition.last_transition_time == raw_time
                        })
                        .cloned()
                })
                .or_else(|| prev.cloned())
                .unwrap_or_else(|| entry.clone())
        })
    };
    let field = move |f: fn(&TimelineEntry) -> &'static str| move || current.with(f);

    let status = field(|e| e.condition.status.as_wire());
    let severity = field(|e| e.explanation.severity.as_str());
    let icon = crate::state::memo(move |_| current.with(|e| status_words(e).0));
    let words = field(|e| status_words(e).1);
    let badge = field(|e| badge_class(e.explanation.severity));
    let summary = live(move || current.with(|e| e.explanation.summary.clone()));
    // Optional parts are memos, so a row's elements are rebuilt only when their own value
    // changes, not whenever anything in the row does.
    let reason = crate::state::memo(move |_| current.with(|e| e.condition.reason.clone()));
    let message = crate::state::memo(move |_| current.with(|e| e.condition.message.clone()));
    let hint = crate::state::memo(move |_| {
        current.with(|e| match e.explanation.severity {
            Severity::Ok => None,
            _ => e.explanation.hint.clone(),
        })
    });
    let exit_code = crate::state::memo(move |_| current.with(|e| e.explanation.exit_code));
    let took = crate::state::memo(move |_| current.with(duration_words));

    let when = match at_ms {
        Some(at) => view! { <TimelineTime at now/> }.into_any(),
        None => view! {
            <span class="timeline-no-time">
                {match raw_time {
                    Some(raw) => format!("time unknown ({raw})"),
                    None => "time unknown".to_owned(),
                }}
            </span>
        }
        .into_any(),
    };

    view! {
        <li class="timeline-entry" data-condition-type=type_ data-status=status
            data-severity=severity>
            <TimelineItem label icon=icon.into() words=Signal::derive(words) badge=Signal::derive(badge)>
                <p class="timeline-explanation">
                    {live(move || reason.get().map(|r| view! { <code class="timeline-reason">{r}</code> " " }))}
                    <span class="timeline-summary">{summary}</span>
                    {live(move || exit_code.get().map(|c| view! {
                        " " <span class="timeline-exit muted">{format!("(exit code {c})")}</span>
                    }))}
                </p>
                {live(move || message.get().map(|m| view! { <p class="timeline-message">{m}</p> }))}
                {live(move || hint.get().map(|h| view! {
                    <p class="timeline-hint"><Icon name=IconName::ArrowRight/>" "{h}</p>
                }))}
                <p class="timeline-meta muted">
                    {when}
                    {live(move || took.get().map(|t| view! {
                        <span class="timeline-sep" aria-hidden="true">" · "</span>
                        <span class="timeline-duration">{t}</span>
                    }))}
                </p>
            </TimelineItem>
        </li>
    }
}

/// The inside of a timeline's `<li>`: its icon, its label and its status as a badge (icon and
/// words), then `children` (explanation, message, times). The session's condition timeline and
/// a data request's approval steps (`components::approval_steps`) are both made of it, inside
/// an `<ol class="condition-timeline">` of their own.
#[component]
pub fn TimelineItem(
    #[prop(into)] label: String,
    icon: Signal<IconName>,
    words: Signal<&'static str>,
    /// `badge badge-ok` and the like ([`badge_class`]).
    badge: Signal<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <span class="timeline-icon">{live(move || view! { <Icon name=icon.get()/> })}</span>
        <div class="timeline-body">
            <div class="timeline-head">
                <span class="timeline-type">{label}</span>
                <span class=move || format!("timeline-status {}", badge.get())>
                    {live(move || view! { <Icon name=icon.get()/> })}
                    " "
                    {words}
                </span>
            </div>
            {children()}
        </div>
    }
}

/// A badge's class for a severity: `badge badge-ok`, `badge badge-danger`, …
pub fn severity_badge(severity: Severity) -> &'static str {
    badge_class(severity)
}

/// `<time>` of an epoch-ms instant: relative to `now` (as it ticks), exact on hover.
#[component]
pub fn TimelineTime(at: i64, now: Signal<f64>) -> impl IntoView {
    view! {
        <time datetime=format_rfc3339_utc(at) title=format_utc(at)>
            {live(move || relative_time(at, now.get() as i64))}
        </time>
    }
}
