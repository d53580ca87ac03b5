//! Fixtures of the domain's tests: a condition in one line, and the three sessions of the
//! conditions design (healthy, waiting for a secret, failed on an image pull). Their wire form,
//! which the browser tests render and the dev server's simulator is checked against, is
//! `fixtures/design_sessions.rs`; `api/wire/design_tests.rs` checks that it decodes to these.

use crate::domain::conditions::{Condition, ConditionStatus};
use crate::domain::workbench::{K8sWorkbenchStatus, Phase, Workbench};

/// A condition; `""` leaves a text unset.
pub(crate) fn c(type_: &str, status: &str, reason: &str, message: &str, at: &str) -> Condition {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Condition {
        type_: type_.to_owned(),
        status: ConditionStatus::from_wire(status),
        reason: opt(reason),
        message: opt(message),
        last_transition_time: opt(at),
        observed_generation: Some(1),
    }
}

pub(crate) fn healthy() -> Workbench {
    Workbench {
        phase: Some(Phase::Running),
        k8s_status: K8sWorkbenchStatus::Running,
        start_time: Some("2025-11-15T12:00:00Z".into()),
        conditions: vec![
            c(
                "PVCReady",
                "True",
                "Bound",
                "PVC ambient-workspace-123456 is bound",
                "2025-11-15T12:00:01Z",
            ),
            c(
                "SecretsReady",
                "True",
                "AllSecretsFound",
                "All required secrets are present",
                "2025-11-15T12:00:02Z",
            ),
            c(
                "JobCreated",
                "True",
                "Created",
                "Job agentic-session-123456-job created",
                "2025-11-15T12:00:03Z",
            ),
            c(
                "PodScheduled",
                "True",
                "Scheduled",
                "Pod scheduled on node worker-1",
                "2025-11-15T12:00:05Z",
            ),
            c(
                "RunnerStarted",
                "True",
                "ContainerRunning",
                "Runner container started",
                "2025-11-15T12:00:15Z",
            ),
            c(
                "Ready",
                "True",
                "SessionRunning",
                "Session is running normally",
                "2025-11-15T12:00:15Z",
            ),
        ],
        ..Default::default()
    }
}

pub(crate) fn missing_secret() -> Workbench {
    Workbench {
        phase: Some(Phase::Pending),
        k8s_status: K8sWorkbenchStatus::Progressing,
        conditions: vec![
            c(
                "PVCReady",
                "True",
                "Bound",
                "PVC ambient-workspace-123456 is bound",
                "2025-11-15T12:00:01Z",
            ),
            c(
                "SecretsReady",
                "False",
                "SecretNotFound",
                "Secret 'ambient-runner-secrets' not found in namespace",
                "2025-11-15T12:00:02Z",
            ),
            c(
                "JobCreated",
                "False",
                "WaitingForSecrets",
                "Cannot create job until secrets are ready",
                "2025-11-15T12:00:02Z",
            ),
            c(
                "Ready",
                "False",
                "SecretsNotReady",
                "Waiting for required secrets",
                "2025-11-15T12:00:02Z",
            ),
        ],
        ..Default::default()
    }
}

pub(crate) fn image_pull() -> Workbench {
    Workbench {
        phase: Some(Phase::Failed),
        k8s_status: K8sWorkbenchStatus::Failed,
        start_time: Some("2025-11-15T12:00:00Z".into()),
        completion_time: Some("2025-11-15T12:02:00Z".into()),
        conditions: vec![
            c(
                "PodScheduled",
                "True",
                "Scheduled",
                "Pod scheduled on node worker-1",
                "2025-11-15T12:00:05Z",
            ),
            c(
                "RunnerStarted",
                "False",
                "ImagePullBackOff",
                "Failed to pull image: quay.io/ambient_code/vteam_claude_runner:latest",
                "2025-11-15T12:02:00Z",
            ),
            c(
                "Failed",
                "True",
                "ImagePullError",
                "Cannot start runner container",
                "2025-11-15T12:02:00Z",
            ),
            c(
                "Ready",
                "False",
                "SessionFailed",
                "Session failed: ImagePullBackOff",
                "2025-11-15T12:02:00Z",
            ),
        ],
        ..Default::default()
    }
}

/// `n` arbitrary texts for property tests, the same on every run: pieces that the message
/// miners look for (quotes of every kind, `image`, `exit`, numbers too large, multi-byte
/// characters, markup, newlines) glued together at random.
pub(crate) fn arbitrary_texts(n: usize) -> impl Iterator<Item = String> {
    const PIECES: [&str; 28] = [
        "image",
        "Image",
        ":",
        " ",
        "'",
        "\"",
        "‘",
        "’",
        "“",
        "”",
        "`",
        "exit",
        "Exit",
        "143",
        "99999999999",
        "restart",
        "times",
        "é",
        "Ä",
        "/",
        "node",
        "Insufficient",
        "Secret",
        "x",
        "A",
        "9",
        "<script>",
        "\n",
    ];
    let mut state = 0xDEAD_BEEF_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n).map(move |_| {
        let len = next() % 12;
        let mut text = String::new();
        for _ in 0..len {
            let i = (next() % PIECES.len() as u64) as usize;
            text.push_str(PIECES.get(i).copied().unwrap_or(""));
        }
        text
    })
}
