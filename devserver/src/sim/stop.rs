//! A run the user stopped: `Stopping` while the controller catches up and the runner gets its
//! SIGTERM, then `Stopped` (exit code 143, `SessionStopped`).

use super::hostile_suffix;
use super::model::{set_condition, CondStatus, RunSpec, SimCondition, SimStatus};
use super::start::lifecycle;
use super::{STOP_DURATION, STOP_OBSERVE_LAG};

/// A run the user stopped at `s`, `d` seconds ago.
pub(super) fn stopped(spec: &RunSpec, s: f64, d: f64) -> SimStatus {
    use CondStatus::False;
    let base = lifecycle(spec, s);
    let x = hostile_suffix(spec);
    if d < STOP_OBSERVE_LAG {
        return SimStatus {
            observed: false,
            phase: "Stopping",
            k8s_status: "Progressing",
            server_pod_status: "Terminating",
            server_pod_message: format!("Stop requested, waiting for the controller…{x}"),
            conditions: Vec::new(),
            completion_time: None,
            ready_since: None,
            ..base
        };
    }
    let mut c = base.conditions;
    // Ready went False when the controller saw the stop.
    set_condition(
        &mut c,
        "Ready",
        False,
        "Stopping",
        format!("Stopping the session: SIGTERM sent to the runner{x}"),
        s + STOP_OBSERVE_LAG,
    );
    if d < STOP_DURATION {
        return SimStatus {
            observed: true,
            phase: "Stopping",
            k8s_status: "Progressing",
            server_pod_status: "Terminating",
            server_pod_message: format!("Stopping session…{x}"),
            conditions: c,
            completion_time: None,
            ready_since: None,
            ..base
        };
    }
    let at = s + STOP_DURATION;
    let was_true = |c: &[SimCondition], kind: &str| {
        c.iter()
            .any(|k| k.kind == kind && k.status == CondStatus::True)
    };
    if was_true(&c, "JobCreated") {
        set_condition(
            &mut c,
            "JobCreated",
            False,
            "JobDeleted",
            format!(
                "Job {} deleted after the session stopped{x}",
                spec.job_name()
            ),
            at,
        );
    }
    if was_true(&c, "PodScheduled") {
        set_condition(
            &mut c,
            "PodScheduled",
            False,
            "PodDeleted",
            format!("Pod {} deleted{x}", spec.pod_name()),
            at,
        );
    }
    set_condition(
        &mut c,
        "RunnerStarted",
        False,
        "SessionStopped",
        format!("Runner container terminated with exit code 143 (SIGTERM){x}"),
        at,
    );
    set_condition(
        &mut c,
        "Ready",
        False,
        "SessionStopped",
        format!("Session stopped by user{x}"),
        at,
    );
    SimStatus {
        observed: true,
        phase: "Stopped",
        k8s_status: "",
        server_pod_status: "Terminated",
        server_pod_message: format!("Session stopped by user (exit code 143){x}"),
        conditions: c,
        completion_time: Some(at),
        ready_since: None,
        ..base
    }
}
