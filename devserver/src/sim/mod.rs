//! The simulated controller, as pure functions of (scenario, elapsed simulated time).
//!
//! Simulated time is wall time multiplied by the speed (`--speed`, `PUT /api/dev/speed`), so
//! `status_at(spec, 25.0, None)` is what a healthy session looks like 25 s after its start at
//! speed 1, or 2.5 s after it at speed 10. Nothing here sleeps or keeps state: the store calls
//! these on every tick and on reads, and merges the result into the stored status the way a
//! Kubernetes operator updates `metav1.Condition`s (the transition time moves only when the
//! status changes). The tests drive them with made-up elapsed times.
//!
//! Where things live: `model` (scenarios, conditions, statuses, names, timelines), `start` (a
//! run's start, step by step: volume, secrets, job, pod, runner, readiness), `scenarios` (what
//! the failing scenarios do to those steps), `stop` (a user stop), `jobs` (app instances,
//! builds, runs), `services` (the workspace-service operator).

mod jobs;
mod model;
mod scenarios;
pub mod services;
mod start;
mod steps;
mod stop;

use std::time::Duration;

pub use jobs::{
    app_instance_status, build_fails, build_status, run_log_line, run_log_lines, run_status,
    JobSim, RUN_LOG_EVERY,
};
pub use model::{
    derive_phase, timeline, CondStatus, RunSpec, Scenario, SimCondition, SimStatus, Timeline,
};

/// After a create or a start, the controller needs this long to notice the new generation
/// (`observedGeneration` lags `generation` meanwhile).
pub const OBSERVE_LAG: f64 = 1.5;
/// Same, after a stop.
pub const STOP_OBSERVE_LAG: f64 = 0.5;
/// A stop takes this long (SIGTERM, job deletion) before the session is `Stopped`.
pub const STOP_DURATION: f64 = 3.0;
/// The desktop image every session runs.
pub const IMAGE: &str = "registry.example.org/desktop:1.4";
/// The secret the `missing-secret` scenario never finds.
pub const MISSING_SECRET: &str = "ambient-runner-secrets";
/// The controller re-checks a missing secret this often.
pub const SECRET_RETRY: f64 = 15.0;
/// image-pull: `ErrImagePull` turns into `ImagePullBackOff` this long after the pod was scheduled.
pub const PULL_BACKOFF_AFTER: f64 = 3.0;
/// image-pull: the session fails this long after the pod was scheduled (10 s of back-off).
pub const PULL_FAIL_AFTER: f64 = 13.0;
/// crashloop: the runner crashes at these times (first start, then after each of 3 restarts);
/// the 4th crash is permanent.
pub const CRASHES: [f64; 4] = [21.0, 28.0, 40.0, 62.0];
/// crashloop: back-off restarts (restart k happens at `RESTARTS[k-1]`).
pub const RESTARTS: [f64; 3] = [26.0, 38.0, 60.0];
/// timeout: the job's active deadline.
pub const DEADLINE: f64 = 45.0;
/// An app instance takes this long to start once its session runs.
pub const APP_START: f64 = 4.0;
/// Builds: pending, then running, then done.
pub const BUILD_PENDING: f64 = 2.0;
pub const BUILD_RUNNING: f64 = 6.0;
/// Runs: pending this long, then running until stopped.
pub const RUN_PENDING: f64 = 2.0;
/// A stopping run is stopped after this long.
pub const RUN_STOPPING: f64 = 2.0;

/// Convenience wrapper: real elapsed time and speed instead of simulated seconds.
pub fn simulate(
    spec: &RunSpec,
    elapsed: Duration,
    speed: f64,
    stop_after: Option<Duration>,
) -> SimStatus {
    status_at(
        spec,
        elapsed.as_secs_f64() * speed,
        stop_after.map(|d| d.as_secs_f64() * speed),
    )
}

/// The status of a run `t` simulated seconds after its start; `stop_at` is when the user asked
/// to stop it (same clock), if they did.
pub fn status_at(spec: &RunSpec, t: f64, stop_at: Option<f64>) -> SimStatus {
    match stop_at {
        Some(s) if t >= s => stop::stopped(spec, s.max(0.0), t - s),
        _ => start::lifecycle(spec, t),
    }
}

/// The suffix of every message of the seeded hostile session (`""` for the others).
fn hostile_suffix(spec: &RunSpec) -> &'static str {
    if spec.hostile {
        " <script>alert(\"xss\")</script>"
    } else {
        ""
    }
}

/// Before the controller noticed the new generation: no conditions yet.
fn unobserved(spec: &RunSpec) -> SimStatus {
    let (k8s, pod, message) = if spec.run_no > 1 {
        (
            "Progressing",
            "Waiting",
            "Restart requested, waiting for the controller…",
        )
    } else {
        ("", "", "Session requested, waiting for the controller…")
    };
    SimStatus {
        observed: false,
        phase: "Pending",
        k8s_status: k8s,
        server_pod_status: pod,
        server_pod_message: message.to_string(),
        conditions: Vec::new(),
        job_name: None,
        runner_pod_name: None,
        start_time: None,
        completion_time: None,
        ready_since: None,
    }
}
