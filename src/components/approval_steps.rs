//! A data request's approval steps as a timeline (ui.md, "request page"): one
//! `<li data-step="<n>" data-status="waiting|approved|rejected">` per step, naming who may decide
//! it and, once decided, who did, when, and what they wrote. Made of the session page's timeline
//! pieces (`condition_timeline::TimelineItem`, `TimelineTime`, its styles): one component, two
//! uses.
use std::collections::BTreeMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::components::condition_timeline::{
    severity_badge, use_ticking_now, TimelineItem, TimelineTime,
};
use crate::components::icon::IconName;
use crate::domain::conditions::Severity;
use crate::domain::requests::{decider_words, who_may_decide, Status, Step, StepState};
use crate::domain::time::parse_rfc3339_ms;

/// Who a user id is, in words: the name looked up, else `user <id>`.
pub fn person(names: &BTreeMap<String, String>, id: &str) -> String {
    names
        .get(id)
        .cloned()
        .unwrap_or_else(|| format!("user {id}"))
}

fn look(state: StepState, request: Status) -> (IconName, &'static str, Severity) {
    match state {
        StepState::Approved => (IconName::Check, "Approved", Severity::Ok),
        StepState::Rejected => (IconName::Cross, "Rejected", Severity::Permanent),
        // A step nobody decided of a request that ended (another step's rejection).
        StepState::Waiting if request != Status::Pending => {
            (IconName::Square, "Not decided", Severity::Stopped)
        }
        StepState::Waiting => (IconName::Hourglass, "Waiting", Severity::InProgress),
    }
}

/// `<ol data-testid="approval-steps">`: the steps in order (`download`, then `upload`).
#[component]
pub fn ApprovalSteps(
    #[prop(into)] steps: Signal<Vec<Step>>,
    #[prop(into)] status: Signal<Status>,
    /// User id → name shown.
    #[prop(into)]
    names: Signal<BTreeMap<String, String>>,
) -> impl IntoView {
    let now = use_ticking_now(None);
    live(move || {
        let list = steps.get();
        if list.is_empty() {
            return view! {
                <p class="timeline-empty muted" data-testid="approval-steps">"No approval step: nobody has to decide this request."</p>
            }
            .into_any();
        }
        let request = status.get();
        let rows = list
            .into_iter()
            .enumerate()
            .map(|(i, step)| {
                let state = step.state();
                let (icon, words, severity) = look(state, request);
                // Names that could be read; the others are counted, never shown as ids (a
                // member may not read other users on CHORUS).
                let who_may = names.with(|n| {
                    let people: Vec<Option<String>> =
                        step.approver_ids.iter().map(|id| n.get(id).cloned()).collect();
                    who_may_decide(&people)
                });
                let decided = step.decision.clone().map(|d| {
                    let who = names.with(|n| decider_words(n.get(&d.approver_id).map(String::as_str)));
                    let verb = if d.approve { "Approved" } else { "Rejected" };
                    let at = d.at.as_deref().and_then(parse_rfc3339_ms);
                    let comment = match d.comment {
                        Some(c) if !c.trim().is_empty() => view! {
                            <blockquote class="step-comment"><p>{c}</p></blockquote>
                        }
                        .into_any(),
                        Some(_) => view! { <p class="timeline-hint muted">"No comment."</p> }.into_any(),
                        // The record carries no comment: the backend keeps none (CHORUS).
                        None => view! {
                            <p class="timeline-hint muted">"No comment: this backend does not keep the approver's comment."</p>
                        }
                        .into_any(),
                    };
                    view! {
                        <p class="timeline-message step-decision">
                            {format!("{verb} by {who}")}
                            {at.map(|at| view! { " " <TimelineTime at now/> })}
                            "."
                        </p>
                        {comment}
                    }
                });
                view! {
                    <li class="timeline-entry" data-step=(i + 1).to_string() data-step-name=step.name.clone()
                        data-status=state.as_str()>
                        <TimelineItem label=step.label() icon=Signal::stored(icon)
                            words=Signal::stored(words) badge=Signal::stored(severity_badge(severity))>
                            <p class="timeline-explanation">{who_may}</p>
                            {decided}
                        </TimelineItem>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ol class="condition-timeline approval-steps" data-testid="approval-steps" aria-label="Approval steps">
                {rows}
            </ol>
        }
        .into_any()
    })
}
