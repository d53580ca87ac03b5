//! What the failing scenarios do to a start's steps: `missing-secret` (the secrets step never
//! succeeds), `image-pull` (the runner never starts), `crashloop` and `timeout` (the runner
//! starts, then crashes for good or runs into its deadline). `healthy` and `slow` differ only by
//! their timeline (`model::timeline`).

use super::model::{cond, CondStatus, SimCondition};
use super::steps::{Runner, Start};
use super::{CRASHES, DEADLINE, IMAGE, MISSING_SECRET, PULL_BACKOFF_AFTER, PULL_FAIL_AFTER};
use super::{RESTARTS, SECRET_RETRY};

use CondStatus::False;

/// missing-secret: `SecretsReady` False since the controller first looked.
pub(super) fn secret_not_found(since: f64, x: &str) -> SimCondition {
    cond(
        "SecretsReady",
        False,
        "SecretNotFound",
        format!("Secret '{MISSING_SECRET}' not found{x}"),
        since,
    )
}

/// missing-secret: the pod message, `waited` seconds after the first check.
pub(super) fn waiting_for_secret(waited: f64, x: &str) -> String {
    let checks = 1 + (waited / SECRET_RETRY).floor() as u64;
    format!(
        "Waiting for secret '{MISSING_SECRET}' (checked {checks} time{}, retrying every {}s){x}",
        if checks == 1 { "" } else { "s" },
        SECRET_RETRY
    )
}

/// image-pull: the pull fails once the pod is scheduled (`ErrImagePull`, then
/// `ImagePullBackOff`), and the run fails after the back-off.
pub(super) fn image_pull(s: &mut Start) -> (SimCondition, Runner) {
    let (t, x) = (s.t, s.x);
    let a = s.tl.scheduled;
    let mut runner = Runner::default();
    if t >= a + PULL_FAIL_AFTER {
        runner.failed = Some((
            "ImagePullBackOff",
            format!("Runner container failed: back-off pulling image \"{IMAGE}\"{x}"),
            a + PULL_FAIL_AFTER,
        ));
        s.pod_status = "Failing";
        s.pod_message = format!("Cannot pull image {IMAGE} (ImagePullBackOff){x}");
    } else {
        s.pod_status = "Waiting";
        s.pod_message = format!("Pulling image {IMAGE} failed, retrying…{x}");
    }
    let c = if t < a + PULL_BACKOFF_AFTER {
        cond(
            "RunnerStarted",
            False,
            "ErrImagePull",
            format!("Failed to pull image \"{IMAGE}\": manifest unknown{x}"),
            a,
        )
    } else {
        cond(
            "RunnerStarted",
            False,
            "ImagePullBackOff",
            format!("Back-off pulling image \"{IMAGE}\"{x}"),
            a,
        )
    };
    (c, runner)
}

/// crashloop: from the first crash on, restarts with back-off; the 4th crash is for good.
pub(super) fn crashloop(s: &mut Start) -> (SimCondition, Runner) {
    let (t, x) = (s.t, s.x);
    let pod = &s.pod;
    let mut runner = Runner {
        ready_end: Some(CRASHES[0]),
        ..Runner::default()
    };
    let restarts = RESTARTS.iter().filter(|&&r| t >= r).count();
    if t >= CRASHES[3] {
        runner.failed = Some((
            "CrashLoopBackOff",
            format!(
                "Runner container failed after {} restarts (exit code 1: SDKError){x}",
                RESTARTS.len()
            ),
            CRASHES[3],
        ));
        s.pod_status = "Failing";
        s.pod_message = format!(
            "Runner crashed {} times (exit code 1), giving up{x}",
            CRASHES.len()
        );
    } else {
        s.pod_status = "Restarting";
        s.pod_message = format!(
            "Runner crashed (exit code 1), restarting ({restarts} of {} restarts so far)…{x}",
            RESTARTS.len()
        );
    }
    let c = cond(
        "RunnerStarted",
        False,
        "CrashLoopBackOff",
        format!(
            "Back-off restarting failed container runner in pod {pod} (restarts: {restarts}, last exit code 1){x}"
        ),
        CRASHES[0],
    );
    (c, runner)
}

/// timeout: the job runs into its active deadline.
pub(super) fn timeout(s: &mut Start) -> (SimCondition, Runner) {
    let x = s.x;
    let job = &s.job;
    let runner = Runner {
        ready_end: Some(DEADLINE),
        failed: Some((
            "DeadlineExceeded",
            format!("Job {job} was active longer than specified deadline{x}"),
            DEADLINE,
        )),
        ..Runner::default()
    };
    s.pod_status = "Terminated";
    s.pod_message = format!(
        "Session ended: the job ran into its deadline ({}s){x}",
        DEADLINE
    );
    let c = cond(
        "RunnerStarted",
        False,
        "DeadlineExceeded",
        format!("Runner container was killed: active deadline exceeded{x}"),
        DEADLINE,
    );
    (c, runner)
}
