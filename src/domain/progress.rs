//! A starting session in words, for its page: [`steps`] (the progress stepper),
//! [`current_step_sentence`] and [`overlay_text`] (the loading overlay's sentence),
//! [`failure_explanation`] and [`current_problem`] (the error box). Built on the condition chain
//! and the reason catalogue of [`crate::domain::conditions`]; changes when what the session page
//! says about a start changes.
//!
//! Everything here returns plain text; none of it is markup, and messages from the server are
//! kept verbatim: render them as text.

use crate::domain::conditions::{
    exit_code_in, explain_condition_in, explain_exit_code, is_known_reason, Condition,
    ConditionStatus, ConditionType, Explanation, Severity, RETRY_HINT, STEP_TYPES,
};
use crate::domain::workbench::{Phase, Workbench};

/// The state of one step of the progress stepper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum StepState {
    /// True (or implied by a later step being True).
    Done,
    /// The current step, progressing normally.
    Active,
    /// The current step, blocked by a problem the system retries (e.g. a missing secret).
    Waiting,
    /// The step where the session failed.
    Failed,
    /// Not reached yet (or not reached because the session stopped).
    NotStarted,
}

impl StepState {
    /// A stable token for `data-*`/CSS: `done`, `active`, `waiting`, `failed`, `not-started`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Active => "active",
            Self::Waiting => "waiting",
            Self::Failed => "failed",
            Self::NotStarted => "not-started",
        }
    }

    /// Words for a screen reader: `"done"`, `"in progress"`, `"waiting"`, `"failed"`,
    /// `"not started"`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Active => "in progress",
            Self::Waiting => "waiting",
            Self::Failed => "failed",
            Self::NotStarted => "not started",
        }
    }
}

/// One step of the start-up chain for a stepper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    /// Which step.
    pub kind: ConditionType,
    /// The step in words (`"Storage ready"`).
    pub label: String,
    /// Its state.
    pub state: StepState,
    /// Its condition, when the backend sent one.
    pub condition: Option<Condition>,
    /// The condition explained, when there is a condition.
    pub explanation: Option<Explanation>,
}

/// The start-up chain as a stepper: one [`Step`] per type of [`STEP_TYPES`], in order. Empty
/// when the backend sends no conditions (an older backend: show no stepper).
///
/// A step is `Done` when True, or when missing/Unknown but a later step is True (older
/// controllers skip some). The first other step is the current one: `Failed` if the session
/// failed or its reason is permanent, `Waiting` on a transient problem, else `Active`; in a
/// stopped, stopping or completed session it is `NotStarted`. Later steps are `NotStarted`.
pub(crate) fn steps(wb: &Workbench) -> Vec<Step> {
    if wb.conditions.is_empty() {
        return Vec::new();
    }
    let set = wb.condition_set();
    let failed = wb.is_failed();
    let idle = matches!(
        wb.effective_phase(),
        Phase::Stopped | Phase::Stopping | Phase::Completed
    );
    let last_true = STEP_TYPES.iter().rposition(|t| set.is_true(t));
    let mut current_taken = false;
    let mut out = Vec::with_capacity(STEP_TYPES.len());
    for (i, kind) in STEP_TYPES.iter().enumerate() {
        let condition = set.get(kind).cloned();
        let status = set.status(kind);
        let explanation = condition.as_ref().map(|c| explain_condition_in(c, failed));
        let implied = last_true.is_some_and(|l| i < l) && status != ConditionStatus::False;
        let state = if status.is_true() || implied {
            StepState::Done
        } else if current_taken {
            StepState::NotStarted
        } else {
            current_taken = true;
            let severity = explanation.as_ref().map(|e| e.severity);
            if failed || severity == Some(Severity::Permanent) {
                StepState::Failed
            } else if idle {
                StepState::NotStarted
            } else if severity == Some(Severity::Transient) {
                StepState::Waiting
            } else {
                StepState::Active
            }
        };
        out.push(Step {
            kind: kind.clone(),
            label: kind.label(),
            state,
            condition,
            explanation,
        });
    }
    out
}

/// The sentence for a current step.
fn step_sentence(step: &Step) -> &'static str {
    let not_false = step
        .condition
        .as_ref()
        .is_none_or(|c| c.status != ConditionStatus::False);
    match step.kind {
        ConditionType::PvcReady => "Preparing storage",
        ConditionType::SecretsReady if not_false => "Checking required secrets",
        ConditionType::SecretsReady => "Waiting for required secrets",
        ConditionType::JobCreated => "Creating the job",
        ConditionType::PodScheduled => "Waiting for a node to run on",
        ConditionType::RunnerStarted => "Starting the desktop",
        _ => "Almost ready",
    }
}

/// The loading overlay's sentence: what the session is doing now, in words.
///
/// - running: `"The session is running"`;
/// - a terminal session whose object is stale ([`Workbench::is_object_stale`]: a Retry not yet
///   picked up): `"Restarting the session"`;
/// - failed: the failure's summary (see [`failure_explanation`]);
/// - stopping / stopped / completed: `"Stopping the session"`, `"The session is stopped"`,
///   `"The session has finished"`;
/// - otherwise the first step of the chain not yet done: PVCReady `"Preparing storage"`,
///   SecretsReady `"Checking required secrets"` (False: `"Waiting for required secrets"`),
///   JobCreated `"Creating the job"`, PodScheduled `"Waiting for a node to run on"`,
///   RunnerStarted `"Starting the desktop"`, Ready (or all done) `"Almost ready"`;
/// - without conditions: from `serverPodStatus` ([`crate::domain::workbench::ServerPodStatus::sentence`]).
///
/// ui.md wants the overlay to show `serverPodMessage` when present: see [`overlay_text`].
pub(crate) fn current_step_sentence(wb: &Workbench) -> String {
    if wb.is_running() {
        return "The session is running".to_owned();
    }
    if wb.is_object_stale() && wb.is_terminal() {
        return "Restarting the session".to_owned();
    }
    if wb.is_failed() {
        return failure_explanation(wb)
            .map_or_else(|| "The session failed".to_owned(), |e| e.summary);
    }
    match wb.effective_phase() {
        Phase::Stopping => return "Stopping the session".to_owned(),
        Phase::Stopped => return "The session is stopped".to_owned(),
        Phase::Completed => return "The session has finished".to_owned(),
        _ => {}
    }
    let all = steps(wb);
    if all.is_empty() {
        return wb.server_pod_status.sentence().to_owned();
    }
    all.iter()
        .find(|s| s.state != StepState::Done)
        .map_or("Almost ready", step_sentence)
        .to_owned()
}

/// The overlay's main text per ui.md: `serverPodMessage` when present, else
/// [`current_step_sentence`].
pub(crate) fn overlay_text(wb: &Workbench) -> String {
    match &wb.server_pod_message {
        Some(m) if !m.trim().is_empty() => m.clone(),
        _ => current_step_sentence(wb),
    }
}

/// Why a failed session failed (`None` when it has not failed), the most specific first:
/// 1. a chain condition not True whose reason is a known permanent one (it names the image,
///    the secret…: `RunnerStarted` False / `ImagePullBackOff`);
/// 2. the `Failed`=True condition (`Timeout`, `SDKError`, `ExitCode` …);
/// 3. the `Ready` condition's reason when known;
/// 4. an exit code in `serverPodMessage`;
/// 5. a generic "The session failed to start".
pub(crate) fn failure_explanation(wb: &Workbench) -> Option<Explanation> {
    if !wb.is_failed() {
        return None;
    }
    let set = wb.condition_set();
    let known_reason = |c: &Condition| c.reason.as_deref().is_some_and(is_known_reason);
    let chain = set
        .ordered()
        .into_iter()
        .filter(|c| c.kind().is_step() && !c.is_true() && known_reason(c))
        .map(|c| explain_condition_in(c, true))
        .find(|e| e.severity == Severity::Permanent);
    let failed = set
        .get(&ConditionType::Failed)
        .filter(|c| c.is_true())
        .map(|c| explain_condition_in(c, true));
    let ready = set
        .get(&ConditionType::Ready)
        .filter(|c| !c.is_true() && known_reason(c))
        .map(|c| explain_condition_in(c, true))
        .filter(|e| e.severity == Severity::Permanent);
    let from_pod = wb
        .server_pod_message
        .as_deref()
        .and_then(exit_code_in)
        .map(explain_exit_code);
    let generic = || {
        Explanation::new(
            None,
            Severity::Permanent,
            "The session failed to start",
            Some(RETRY_HINT.to_owned()),
        )
    };
    Some(
        chain
            .or(failed)
            .or(ready)
            .or(from_pod)
            .unwrap_or_else(generic),
    )
}

/// The problem to show now, if any: the failure ([`failure_explanation`]); for a stopped
/// session the stop (`Severity::Stopped`); else the current step's transient problem (a
/// missing secret, no node free, a crash being retried), or a troubled `serverPodStatus`.
/// `None` when all is well (including while running).
pub(crate) fn current_problem(wb: &Workbench) -> Option<Explanation> {
    if wb.is_failed() {
        return failure_explanation(wb);
    }
    if wb.is_running() {
        return None;
    }
    if wb.effective_phase() == Phase::Stopped {
        let from_conditions = wb
            .condition_set()
            .ordered()
            .into_iter()
            .map(|c| explain_condition_in(c, false))
            .find(|e| e.severity == Severity::Stopped);
        return Some(from_conditions.unwrap_or_else(|| explain_exit_code(143)));
    }
    let from_steps = steps(wb)
        .into_iter()
        .find(|s| s.state == StepState::Waiting)
        .and_then(|s| s.explanation);
    from_steps.or_else(|| {
        wb.server_pod_status.is_troubled().then(|| {
            Explanation::new(
                None,
                Severity::Transient,
                wb.server_pod_status.sentence(),
                None,
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{arbitrary_texts, c, healthy, image_pull, missing_secret};
    use crate::domain::time::parse_rfc3339_ms;
    use crate::domain::timeline::timeline;
    use crate::domain::workbench::K8sWorkbenchStatus;

    #[test]
    fn steps_for_the_three_examples() {
        let states = |wb: &Workbench| steps(wb).iter().map(|s| s.state).collect::<Vec<_>>();
        use StepState::*;
        assert_eq!(states(&healthy()), [Done, Done, Done, Done, Done, Done]);
        assert_eq!(
            states(&missing_secret()),
            [Done, Waiting, NotStarted, NotStarted, NotStarted, NotStarted]
        );
        assert_eq!(
            states(&image_pull()),
            [Done, Done, Done, Done, Failed, NotStarted]
        );
        assert!(steps(&Workbench::default()).is_empty());
    }

    #[test]
    fn sentences() {
        assert_eq!(
            current_step_sentence(&missing_secret()),
            "Waiting for required secrets"
        );
        assert_eq!(current_step_sentence(&healthy()), "The session is running");
        assert_eq!(
            current_step_sentence(&image_pull()),
            "The desktop image could not be downloaded"
        );
        let mut wb = Workbench {
            k8s_status: K8sWorkbenchStatus::Progressing,
            conditions: vec![c("PVCReady", "False", "Provisioning", "", "")],
            ..Default::default()
        };
        assert_eq!(current_step_sentence(&wb), "Preparing storage");
        wb.conditions = vec![c("PVCReady", "True", "Bound", "", "")];
        assert_eq!(current_step_sentence(&wb), "Checking required secrets");
        wb.conditions.push(c("SecretsReady", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Creating the job");
        wb.conditions.push(c("JobCreated", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Waiting for a node to run on");
        wb.conditions.push(c("PodScheduled", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Starting the desktop");
        wb.conditions.push(c("RunnerStarted", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Almost ready");
        wb.conditions.push(c("Ready", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Almost ready");
        wb.conditions.clear();
        assert_eq!(current_step_sentence(&wb), "Starting the session");
        wb.server_pod_message = Some("Pulling image <b>x</b>".into());
        assert_eq!(overlay_text(&wb), "Pulling image <b>x</b>");
        wb.phase = Some(Phase::Stopped);
        assert_eq!(current_step_sentence(&wb), "The session is stopped");
        wb.generation = Some(2);
        wb.observed_generation = Some(1);
        assert_eq!(current_step_sentence(&wb), "Restarting the session");
    }

    #[test]
    fn failure_and_problem() {
        let f = failure_explanation(&image_pull()).expect("failed");
        assert_eq!(f.reason.as_deref(), Some("ImagePullBackOff"));
        assert!(f
            .hint
            .unwrap_or_default()
            .contains("quay.io/ambient_code/vteam_claude_runner:latest"));
        assert_eq!(failure_explanation(&healthy()), None);
        assert_eq!(current_problem(&healthy()), None);
        let p = current_problem(&missing_secret()).expect("problem");
        assert_eq!(p.severity, Severity::Transient);
        assert!(p
            .hint
            .unwrap_or_default()
            .contains("ambient-runner-secrets"));

        let timeout = Workbench {
            phase: Some(Phase::Failed),
            conditions: vec![c(
                "Failed",
                "True",
                "Timeout",
                "Job exceeded 1 hour timeout",
                "",
            )],
            ..Default::default()
        };
        let f = failure_explanation(&timeout).expect("failed");
        assert_eq!(
            f.summary,
            "The session ran past its time limit and was stopped"
        );

        let older = Workbench {
            k8s_status: K8sWorkbenchStatus::Failed,
            server_pod_message: Some("container exited with code 2".into()),
            ..Default::default()
        };
        assert_eq!(
            failure_explanation(&older).and_then(|e| e.exit_code),
            Some(2)
        );
        let bare = Workbench {
            k8s_status: K8sWorkbenchStatus::Failed,
            ..Default::default()
        };
        assert_eq!(
            failure_explanation(&bare).map(|e| e.summary),
            Some("The session failed to start".to_owned())
        );

        let stopped = Workbench {
            phase: Some(Phase::Stopped),
            conditions: vec![c(
                "Ready",
                "False",
                "SessionStopped",
                "User stopped the session",
                "",
            )],
            ..Default::default()
        };
        let p = current_problem(&stopped).expect("stopped");
        assert_eq!((p.severity, p.exit_code), (Severity::Stopped, Some(143)));
    }

    /// Property: no session view panics on arbitrary text (multi-byte characters, unbalanced
    /// quotes, huge numbers) in any field the server fills.
    #[test]
    fn prop_no_panic_on_arbitrary_text() {
        for text in arbitrary_texts(5_000) {
            let wb = Workbench {
                k8s_status: K8sWorkbenchStatus::from_wire(&text),
                server_pod_message: Some(text.clone()),
                conditions: vec![
                    c(&text, "False", &text, &text, &text),
                    c("SecretsReady", "False", "SessionFailed", &text, &text),
                ],
                ..Default::default()
            };
            let _ = steps(&wb);
            let _ = timeline(&wb);
            let _ = current_step_sentence(&wb);
            let _ = failure_explanation(&wb);
            let _ = current_problem(&wb);
            let _ = parse_rfc3339_ms(&text);
        }
    }
}
