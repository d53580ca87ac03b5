//! A compact progress stepper over the canonical condition chain, for the loading overlay (issue 5).
//!
//! PVCReady → SecretsReady → JobCreated → PodScheduled → RunnerStarted → Ready, each step an icon,
//! a short label and its state in words (visually hidden, for screen readers); the current step
//! carries `aria-current="step"`. Nothing is rendered when the backend sends no conditions.
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};

use crate::domain::conditions::ConditionType;
use crate::domain::progress::{steps, Step, StepState};
use crate::domain::workbench::Workbench;
use crate::state::Derived;

/// A short visible label for a step of the chain.
fn short_label(kind: &ConditionType) -> String {
    match kind {
        ConditionType::PvcReady => "Storage".to_owned(),
        ConditionType::SecretsReady => "Secrets".to_owned(),
        ConditionType::JobCreated => "Job".to_owned(),
        ConditionType::PodScheduled => "Node".to_owned(),
        ConditionType::RunnerStarted => "Desktop".to_owned(),
        ConditionType::Ready => "Ready".to_owned(),
        other => other.label(),
    }
}

/// The icon of a step state (always next to words: never the only signal).
fn step_icon(state: StepState) -> IconName {
    match state {
        StepState::Done => IconName::Check,
        StepState::Active => IconName::Half,
        StepState::Waiting => IconName::Hourglass,
        StepState::Failed => IconName::Cross,
        StepState::NotStarted => IconName::Circle,
    }
}

/// Whether a step is the current one (the first not done).
fn is_current(state: StepState) -> bool {
    matches!(
        state,
        StepState::Active | StepState::Waiting | StepState::Failed
    )
}

/// The start-up chain as a horizontal stepper (wraps on narrow screens).
#[component]
pub fn ProgressStepper(#[prop(into)] workbench: Signal<Option<Workbench>>) -> impl IntoView {
    let all: Derived<Vec<Step>> =
        crate::state::memo(move |_| workbench.with(|w| w.as_ref().map(steps).unwrap_or_default()));
    live(move || {
        let list = all.get();
        if list.is_empty() {
            return ().into_any();
        }
        let items = list
            .into_iter()
            .map(|step| {
                let state = step.state;
                let title = match &step.explanation {
                    Some(e) if state != StepState::Done => {
                        format!("{}: {} — {}", step.label, state.label(), e.summary)
                    }
                    _ => format!("{}: {}", step.label, state.label()),
                };
                view! {
                    <li class=format!("step step-{}", state.as_str())
                        data-step=step.kind.as_wire().to_owned()
                        data-state=state.as_str()
                        aria-current=is_current(state).then_some("step")
                        title=title>
                        <span class="step-icon"><Icon name=step_icon(state)/></span>
                        <span class="step-label" aria-hidden="true">{short_label(&step.kind)}</span>
                        <span class="visually-hidden">
                            {format!("{}: {}", step.label, state.label())}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <ol class="progress-stepper" aria-label="Start-up progress">{items}</ol>
        }
        .into_any()
    })
}
