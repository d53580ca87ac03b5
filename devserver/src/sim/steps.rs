//! What the steps of a start (`start`) and the failing scenarios' changes to them
//! (`scenarios`) share: the start under way, and what the secrets and runner steps found.

use super::model::{RunSpec, SimCondition, Timeline};

/// What the steps of a start share: the run, the instant, its timeline and names, the
/// conditions so far, and the server pod's status as the last step left it.
pub(super) struct Start<'a> {
    pub spec: &'a RunSpec,
    /// Simulated seconds since the run's start.
    pub t: f64,
    pub tl: Timeline,
    /// The hostile session's suffix of every message.
    pub x: &'static str,
    pub job: String,
    pub pod: String,
    pub conditions: Vec<SimCondition>,
    pub pod_status: &'static str,
    pub pod_message: String,
}

/// What the secrets step found.
#[derive(Clone, Copy)]
pub(super) struct Secrets {
    pub ok: bool,
    /// The `missing-secret` scenario, once the controller looked.
    pub missing: bool,
}

/// What the runner step found.
#[derive(Default)]
pub(super) struct Runner {
    /// The run failed: `(reason, message, since)`.
    pub failed: Option<(&'static str, String, f64)>,
    /// When the runner container started, if it did.
    pub start_time: Option<f64>,
    /// When `Ready` stopped being True again (crash or deadline), if it did.
    pub ready_end: Option<f64>,
}
