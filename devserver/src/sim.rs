//! The simulated controller, as pure functions of (scenario, elapsed simulated time).
//!
//! Simulated time is wall time multiplied by the speed (`--speed`, `PUT /api/dev/speed`), so
//! `status_at(spec, 25.0, None)` is what a healthy session looks like 25 s after its start at
//! speed 1, or 2.5 s after it at speed 10. Nothing here sleeps or keeps state: the store calls
//! these on every tick and on reads, and merges the result into the stored status the way a
//! Kubernetes operator updates `metav1.Condition`s (the transition time moves only when the
//! status changes). The tests drive them with made-up elapsed times.

use std::time::Duration;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    Healthy,
    Slow,
    MissingSecret,
    ImagePull,
    Crashloop,
    Timeout,
}

impl Scenario {
    pub const ALL: [Scenario; 6] = [
        Scenario::Healthy,
        Scenario::Slow,
        Scenario::MissingSecret,
        Scenario::ImagePull,
        Scenario::Crashloop,
        Scenario::Timeout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Healthy => "healthy",
            Scenario::Slow => "slow",
            Scenario::MissingSecret => "missing-secret",
            Scenario::ImagePull => "image-pull",
            Scenario::Crashloop => "crashloop",
            Scenario::Timeout => "timeout",
        }
    }

    pub fn parse(s: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn names() -> String {
        Scenario::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondStatus {
    True,
    False,
    Unknown,
}

impl CondStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CondStatus::True => "True",
            CondStatus::False => "False",
            CondStatus::Unknown => "Unknown",
        }
    }
}

/// A condition as the controller wants it; `since` is the simulated time (seconds after the
/// run's start) at which it took its current `status`.
#[derive(Clone, Debug, PartialEq)]
pub struct SimCondition {
    pub kind: &'static str,
    pub status: CondStatus,
    pub reason: &'static str,
    pub message: String,
    pub since: f64,
}

/// The whole simulated status of a session at one instant. Times are seconds after the run's
/// start (simulated).
#[derive(Clone, Debug, PartialEq)]
pub struct SimStatus {
    /// False while the controller has not yet seen the latest generation: the stored conditions
    /// stay as they were, `observedGeneration` lags.
    pub observed: bool,
    pub phase: &'static str,
    pub k8s_status: &'static str,
    pub server_pod_status: &'static str,
    pub server_pod_message: String,
    pub conditions: Vec<SimCondition>,
    pub job_name: Option<String>,
    pub runner_pod_name: Option<String>,
    pub start_time: Option<f64>,
    pub completion_time: Option<f64>,
    /// When `k8s_status` became `Running`, while it is.
    pub ready_since: Option<f64>,
}

impl SimStatus {
    pub fn condition(&self, kind: &str) -> Option<&SimCondition> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// `(type, status, reason)` of every condition, for tests and logs.
    pub fn summary(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        self.conditions
            .iter()
            .map(|c| (c.kind, c.status.as_str(), c.reason))
            .collect()
    }
}

/// What one run of a session is: which lifecycle, and the names it uses.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSpec {
    pub scenario: Scenario,
    pub workbench_id: u64,
    /// 1 for the first run, +1 for each restart.
    pub run_no: u32,
    /// The seeded hostile session: `<script>` in every message.
    pub hostile: bool,
}

impl RunSpec {
    pub fn new(scenario: Scenario, workbench_id: u64) -> Self {
        RunSpec {
            scenario,
            workbench_id,
            run_no: 1,
            hostile: false,
        }
    }

    pub fn pvc_name(&self) -> String {
        format!("ws-home-wb-{}", self.workbench_id)
    }

    pub fn job_name(&self) -> String {
        format!("workbench-{}-run-{}", self.workbench_id, self.run_no)
    }

    pub fn pod_name(&self) -> String {
        // A stable, pod-like random suffix.
        const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
        let mut x = self
            .workbench_id
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(u64::from(self.run_no).wrapping_mul(0xBF58_476D_1CE4_E5B9));
        let mut suffix = String::with_capacity(5);
        for _ in 0..5 {
            x ^= x >> 29;
            x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
            suffix.push(ALPHABET[(x % ALPHABET.len() as u64) as usize] as char);
        }
        format!("{}-{suffix}", self.job_name())
    }

    pub fn node_name(&self) -> String {
        format!(
            "worker-{}",
            1 + (self.workbench_id + u64::from(self.run_no)) % 3
        )
    }
}

/// When each step of a scenario's start completes (simulated seconds after the start).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timeline {
    pub pvc: f64,
    pub secrets: f64,
    pub job: f64,
    /// The pod is unschedulable (`Unschedulable`, transient) from this time until `scheduled`.
    pub unschedulable_from: Option<f64>,
    pub scheduled: f64,
    pub runner: f64,
    pub ready: f64,
}

pub fn timeline(scenario: Scenario) -> Timeline {
    match scenario {
        Scenario::Slow => Timeline {
            pvc: 4.0,
            secrets: 7.0,
            job: 10.0,
            unschedulable_from: Some(14.0),
            scheduled: 150.0,
            runner: 320.0,
            ready: 360.0,
        },
        _ => Timeline {
            pvc: 3.0,
            secrets: 5.0,
            job: 7.0,
            unschedulable_from: None,
            scheduled: 10.0,
            runner: 19.0,
            ready: 25.0,
        },
    }
}

/// The phase derived from conditions, in api.md's order.
pub fn derive_phase(conditions: &[SimCondition]) -> &'static str {
    let is_true = |kind: &str| {
        conditions
            .iter()
            .any(|c| c.kind == kind && c.status == CondStatus::True)
    };
    if is_true("Failed") {
        "Failed"
    } else if is_true("Completed") {
        "Completed"
    } else if is_true("RunnerStarted") {
        "Running"
    } else if is_true("JobCreated") {
        "Creating"
    } else {
        "Pending"
    }
}

fn cond(
    kind: &'static str,
    status: CondStatus,
    reason: &'static str,
    message: String,
    since: f64,
) -> SimCondition {
    SimCondition {
        kind,
        status,
        reason,
        message,
        since,
    }
}

/// Sets a condition the way `meta.SetStatusCondition` does: `since` moves only when the status
/// changes.
fn set_condition(
    list: &mut Vec<SimCondition>,
    kind: &'static str,
    status: CondStatus,
    reason: &'static str,
    message: String,
    at: f64,
) {
    match list.iter_mut().find(|c| c.kind == kind) {
        Some(c) => {
            if c.status != status {
                c.since = at;
            }
            c.status = status;
            c.reason = reason;
            c.message = message;
        }
        None => list.push(cond(kind, status, reason, message, at)),
    }
}

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
        Some(s) if t >= s => stopped(spec, s.max(0.0), t - s),
        _ => lifecycle(spec, t),
    }
}

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

fn lifecycle(spec: &RunSpec, t: f64) -> SimStatus {
    use CondStatus::{False, True, Unknown};
    if t < OBSERVE_LAG {
        return unobserved(spec);
    }
    let lag = OBSERVE_LAG;
    let tl = timeline(spec.scenario);
    let x = if spec.hostile {
        " <script>alert(\"xss\")</script>"
    } else {
        ""
    };
    let (pvc, job, pod, node) = (
        spec.pvc_name(),
        spec.job_name(),
        spec.pod_name(),
        spec.node_name(),
    );
    let mut c: Vec<SimCondition> = Vec::with_capacity(7);
    let (mut pod_status, mut pod_message): (&'static str, String);

    // PVCReady
    let pvc_ok = t >= tl.pvc;
    c.push(if pvc_ok {
        cond(
            "PVCReady",
            True,
            "Bound",
            format!("PVC {pvc} is bound{x}"),
            tl.pvc,
        )
    } else {
        cond(
            "PVCReady",
            False,
            "Provisioning",
            format!("PVC {pvc} is being provisioned{x}"),
            lag,
        )
    });
    pod_status = "Waiting";
    pod_message = format!("Provisioning the workspace volume…{x}");

    // SecretsReady
    let missing = spec.scenario == Scenario::MissingSecret;
    let secrets_ok = !missing && t >= tl.secrets;
    let secrets_missing = missing && t >= tl.secrets;
    c.push(if secrets_ok {
        cond(
            "SecretsReady",
            True,
            "AllSecretsFound",
            format!("All required secrets are present{x}"),
            tl.secrets,
        )
    } else if secrets_missing {
        cond(
            "SecretsReady",
            False,
            "SecretNotFound",
            format!("Secret '{MISSING_SECRET}' not found{x}"),
            tl.secrets,
        )
    } else if pvc_ok {
        cond(
            "SecretsReady",
            Unknown,
            "Checking",
            format!("Checking the required secrets{x}"),
            lag,
        )
    } else {
        cond(
            "SecretsReady",
            Unknown,
            "WaitingForPVC",
            format!("Waiting for the workspace volume{x}"),
            lag,
        )
    });
    if pvc_ok {
        pod_message = format!("Checking secrets…{x}");
    }
    if secrets_missing {
        let checks = 1 + ((t - tl.secrets) / SECRET_RETRY).floor() as u64;
        pod_message = format!(
            "Waiting for secret '{MISSING_SECRET}' (checked {checks} time{}, retrying every {}s){x}",
            if checks == 1 { "" } else { "s" },
            SECRET_RETRY
        );
    }

    // JobCreated
    let job_ok = secrets_ok && t >= tl.job;
    c.push(if job_ok {
        cond(
            "JobCreated",
            True,
            "Created",
            format!("Job {job} created{x}"),
            tl.job,
        )
    } else if secrets_missing {
        cond(
            "JobCreated",
            False,
            "WaitingForSecrets",
            format!("Cannot create job until secrets are ready{x}"),
            tl.secrets,
        )
    } else {
        cond(
            "JobCreated",
            Unknown,
            "WaitingForPrerequisites",
            format!("Waiting for the volume and the secrets{x}"),
            lag,
        )
    });
    if secrets_ok {
        pod_message = format!("Creating the job…{x}");
    }

    // PodScheduled
    let sched_ok = job_ok && t >= tl.scheduled;
    let unschedulable = match tl.unschedulable_from {
        Some(u) if job_ok && !sched_ok && t >= u => Some(u),
        _ => None,
    };
    c.push(if sched_ok {
        cond(
            "PodScheduled",
            True,
            "Scheduled",
            format!("Pod {pod} scheduled on node {node}{x}"),
            tl.scheduled,
        )
    } else if let Some(u) = unschedulable {
        cond(
            "PodScheduled",
            False,
            "Unschedulable",
            format!("0/3 nodes are available: 3 Insufficient memory. Waiting for the cluster to scale up{x}"),
            u,
        )
    } else if job_ok {
        cond(
            "PodScheduled",
            Unknown,
            "Pending",
            format!("Pod {pod} is waiting for a node{x}"),
            lag,
        )
    } else {
        cond(
            "PodScheduled",
            Unknown,
            "WaitingForJob",
            format!("Waiting for the job{x}"),
            lag,
        )
    });
    if job_ok {
        pod_message = if unschedulable.is_some() {
            format!("No node has enough memory yet, waiting for the cluster to scale up…{x}")
        } else {
            format!("Waiting for a node…{x}")
        };
    }

    // RunnerStarted, and what may fail from here on.
    let mut failed: Option<(&'static str, String, f64)> = None;
    let mut start_time = None;
    // When Ready stops being True again (crash or deadline), if it does.
    let mut ready_end: Option<f64> = None;
    let runner = if !sched_ok {
        cond(
            "RunnerStarted",
            Unknown,
            "WaitingForPod",
            format!("Waiting for the pod to be scheduled{x}"),
            lag,
        )
    } else if spec.scenario == Scenario::ImagePull {
        let a = tl.scheduled;
        if t >= a + PULL_FAIL_AFTER {
            failed = Some((
                "ImagePullBackOff",
                format!("Runner container failed: back-off pulling image \"{IMAGE}\"{x}"),
                a + PULL_FAIL_AFTER,
            ));
            pod_status = "Failing";
            pod_message = format!("Cannot pull image {IMAGE} (ImagePullBackOff){x}");
        } else {
            pod_status = "Waiting";
            pod_message = format!("Pulling image {IMAGE} failed, retrying…{x}");
        }
        if t < a + PULL_BACKOFF_AFTER {
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
        }
    } else if t < tl.runner {
        pod_status = "Waiting";
        pod_message = format!("Pulling image {IMAGE}…{x}");
        cond(
            "RunnerStarted",
            False,
            "ContainerCreating",
            format!("Pulling image {IMAGE}{x}"),
            tl.scheduled,
        )
    } else {
        start_time = Some(tl.runner);
        if spec.scenario == Scenario::Crashloop && t >= CRASHES[0] {
            ready_end = Some(CRASHES[0]);
            let restarts = RESTARTS.iter().filter(|&&r| t >= r).count();
            if t >= CRASHES[3] {
                failed = Some((
                    "CrashLoopBackOff",
                    format!(
                        "Runner container failed after {} restarts (exit code 1: SDKError){x}",
                        RESTARTS.len()
                    ),
                    CRASHES[3],
                ));
                pod_status = "Failing";
                pod_message = format!(
                    "Runner crashed {} times (exit code 1), giving up{x}",
                    CRASHES.len()
                );
            } else {
                pod_status = "Restarting";
                pod_message = format!(
                    "Runner crashed (exit code 1), restarting ({restarts} of {} restarts so far)…{x}",
                    RESTARTS.len()
                );
            }
            cond(
                "RunnerStarted",
                False,
                "CrashLoopBackOff",
                format!(
                    "Back-off restarting failed container runner in pod {pod} (restarts: {restarts}, last exit code 1){x}"
                ),
                CRASHES[0],
            )
        } else if spec.scenario == Scenario::Timeout && t >= DEADLINE {
            ready_end = Some(DEADLINE);
            failed = Some((
                "DeadlineExceeded",
                format!("Job {job} was active longer than specified deadline{x}"),
                DEADLINE,
            ));
            pod_status = "Terminated";
            pod_message = format!(
                "Session ended: the job ran into its deadline ({}s){x}",
                DEADLINE
            );
            cond(
                "RunnerStarted",
                False,
                "DeadlineExceeded",
                format!("Runner container was killed: active deadline exceeded{x}"),
                DEADLINE,
            )
        } else {
            if t < tl.ready {
                pod_status = "Starting";
                pod_message = format!("Starting remote desktop…{x}");
            } else {
                pod_status = "Ready";
                pod_message = format!("Remote desktop is ready{x}");
            }
            cond(
                "RunnerStarted",
                True,
                "ContainerRunning",
                format!("Runner container is running{x}"),
                tl.runner,
            )
        }
    };
    c.push(runner);

    // Ready
    let ready_ok = sched_ok
        && t >= tl.ready
        && failed.is_none()
        && ready_end.is_none_or(|e| t < e)
        && start_time.is_some();
    let false_since = match ready_end {
        Some(e) if t >= e && e > tl.ready => e,
        _ => lag,
    };
    c.push(if ready_ok {
        cond(
            "Ready",
            True,
            "SessionRunning",
            format!("Session is running normally{x}"),
            tl.ready,
        )
    } else if let Some((reason, _, _)) = &failed {
        cond(
            "Ready",
            False,
            "SessionFailed",
            format!("Session failed: {reason}{x}"),
            false_since,
        )
    } else if secrets_missing {
        cond(
            "Ready",
            False,
            "SecretsNotReady",
            format!("Waiting for required secrets{x}"),
            false_since,
        )
    } else if ready_end.is_some() {
        cond(
            "Ready",
            False,
            "RunnerCrashing",
            format!("The runner container keeps crashing{x}"),
            false_since,
        )
    } else if !job_ok {
        cond(
            "Ready",
            False,
            "Provisioning",
            format!("Provisioning the volume and the secrets{x}"),
            false_since,
        )
    } else if start_time.is_none() {
        cond(
            "Ready",
            False,
            "Starting",
            format!("Waiting for the runner container{x}"),
            false_since,
        )
    } else {
        cond(
            "Ready",
            False,
            "Starting",
            format!("Waiting for the remote desktop to answer{x}"),
            false_since,
        )
    });

    let mut completion_time = None;
    if let Some((reason, message, at)) = failed {
        c.push(cond("Failed", True, reason, message, at));
        completion_time = Some(at);
    }

    // The deployment runs as soon as its runner container does: seconds before the desktop
    // server answers (`serverPodStatus` turns `Ready` only then), as on a real cluster.
    let runner_running = c
        .iter()
        .any(|x| x.kind == "RunnerStarted" && x.status == True);
    let k8s_status = if completion_time.is_some() {
        "Failed"
    } else if runner_running {
        "Running"
    } else {
        "Progressing"
    };
    SimStatus {
        observed: true,
        phase: derive_phase(&c),
        k8s_status,
        server_pod_status: pod_status,
        server_pod_message: pod_message,
        conditions: c,
        job_name: job_ok.then_some(job),
        runner_pod_name: job_ok.then_some(pod),
        start_time,
        completion_time,
        ready_since: ready_ok.then_some(tl.ready),
    }
}

/// A run the user stopped at `s`, `d` seconds ago.
fn stopped(spec: &RunSpec, s: f64, d: f64) -> SimStatus {
    use CondStatus::False;
    let base = lifecycle(spec, s);
    let x = if spec.hostile {
        " <script>alert(\"xss\")</script>"
    } else {
        ""
    };
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

/// An app instance's `(k8sStatus, k8sMessage)`: waits for its session to run
/// (`session_ready_at`, simulated clock), then starts within `APP_START`, and fails if its app is
/// marked failing. All times on the same simulated clock.
pub fn app_instance_status(
    app_name: &str,
    failing: bool,
    session_ready_at: Option<f64>,
    created_at: f64,
    now: f64,
) -> (&'static str, String) {
    match session_ready_at {
        None => ("", "Waiting for the session to start".to_string()),
        Some(r) => {
            let e = now - r.max(created_at);
            if e < APP_START {
                ("Progressing", format!("Starting {app_name}…"))
            } else if failing {
                (
                    "Failed",
                    format!(
                        "{app_name} could not start: its container exited with code 1 \
                         (unsupported display protocol). Ask an administrator to fix the app, \
                         then try again."
                    ),
                )
            } else {
                ("Running", format!("{app_name} is running"))
            }
        }
    }
}

/// A background job's state at one instant (times: simulated seconds after its creation).
#[derive(Clone, Debug, PartialEq)]
pub struct JobSim {
    pub status: &'static str,
    pub started: Option<f64>,
    pub finished: Option<f64>,
    pub error: Option<String>,
}

/// Whether build `id` fails: every 5th build does, deterministically.
pub fn build_fails(id: u64) -> bool {
    id.is_multiple_of(5)
}

pub fn build_status(id: u64, t: f64) -> JobSim {
    if t < BUILD_PENDING {
        return JobSim {
            status: "pending",
            started: None,
            finished: None,
            error: None,
        };
    }
    let done = BUILD_PENDING + BUILD_RUNNING;
    if t < done {
        return JobSim {
            status: "running",
            started: Some(BUILD_PENDING),
            finished: None,
            error: None,
        };
    }
    let fails = build_fails(id);
    JobSim {
        status: if fails { "failed" } else { "succeeded" },
        started: Some(BUILD_PENDING),
        finished: Some(done),
        error: fails.then(|| {
            "Build failed: step 4/7 RUN pip install -r requirements.txt returned a non-zero code: 1"
                .to_string()
        }),
    }
}

/// mc dialect: a running run prints a line this often.
pub const RUN_LOG_EVERY: f64 = 3.0;

/// How many output lines a run has printed `t` seconds after its creation (one when it starts
/// running, then one every [`RUN_LOG_EVERY`]).
pub fn run_log_lines(t: f64) -> u32 {
    if t < RUN_PENDING {
        0
    } else {
        1 + ((t - RUN_PENDING) / RUN_LOG_EVERY).floor().min(1e6) as u32
    }
}

/// The `n`-th output line of a run, stamped `at`.
pub fn run_log_line(n: u32, at: &str) -> String {
    const LINES: &[&str] = &[
        "[Server thread/INFO]: Starting minecraft server version 1.21.4",
        "[Server thread/INFO]: Preparing level \"world\"",
        "[Server thread/INFO]: Done (5.290s)! For help, type \"help\"",
        "[Server thread/INFO]: There are 0 of a max of 20 players online",
        "[Server thread/INFO]: Saving the game (this may take a moment!)",
    ];
    format!("[{at}] {}", LINES[n as usize % LINES.len()])
}

/// A run `t` seconds after its creation, stopped at `stop_at` if the user asked.
pub fn run_status(t: f64, stop_at: Option<f64>) -> JobSim {
    let started = |upto: f64| (upto >= RUN_PENDING).then_some(RUN_PENDING);
    match stop_at {
        Some(s) if t >= s + RUN_STOPPING => JobSim {
            status: "stopped",
            started: started(s),
            finished: Some(s + RUN_STOPPING),
            error: None,
        },
        Some(s) if t >= s => JobSim {
            status: "stopping",
            started: started(s),
            finished: None,
            error: None,
        },
        _ if t < RUN_PENDING => JobSim {
            status: "pending",
            started: None,
            finished: None,
            error: None,
        },
        _ => JobSim {
            status: "running",
            started: Some(RUN_PENDING),
            finished: None,
            error: None,
        },
    }
}
