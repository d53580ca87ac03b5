//! The simulation's vocabulary: scenarios, conditions, the status of a session at one instant,
//! what one run is called, each scenario's timeline, and the condition helpers the steps share.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    Healthy,
    Slow,
    MissingSecret,
    ImagePull,
    Crashloop,
    Timeout,
    /// The desktop runs, but the cluster reports a status no console knows (`Hibernating`):
    /// a backend newer than the console (issue 47).
    UnknownStatus,
}

impl Scenario {
    pub const ALL: [Scenario; 7] = [
        Scenario::Healthy,
        Scenario::Slow,
        Scenario::MissingSecret,
        Scenario::ImagePull,
        Scenario::Crashloop,
        Scenario::Timeout,
        Scenario::UnknownStatus,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Healthy => "healthy",
            Scenario::Slow => "slow",
            Scenario::MissingSecret => "missing-secret",
            Scenario::ImagePull => "image-pull",
            Scenario::Crashloop => "crashloop",
            Scenario::Timeout => "timeout",
            Scenario::UnknownStatus => "unknown-status",
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

pub(super) fn cond(
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
pub(super) fn set_condition(
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
