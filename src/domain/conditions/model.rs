//! The condition data: [`Condition`], [`ConditionStatus`], [`ConditionType`] (parsed leniently)
//! and [`ConditionSet`], the list as a map keyed by type (missing → `Unknown`, duplicates →
//! last wins) in canonical order. Changes here when the wire shape of a condition changes.

use super::message::split_camel_case;
use crate::domain::time::parse_rfc3339_ms;

/// A condition's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ConditionStatus {
    /// `"True"`.
    True,
    /// `"False"`.
    False,
    /// `"Unknown"`, `""`, absent, or anything else.
    #[default]
    Unknown,
}

impl ConditionStatus {
    /// Parses `"True"` / `"False"` case-insensitively; anything else is `Unknown`.
    pub(crate) fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
            "true" => Self::True,
            "false" => Self::False,
            _ => Self::Unknown,
        }
    }

    /// `"True"`, `"False"` or `"Unknown"`: the value for `data-status`.
    pub(crate) fn as_wire(self) -> &'static str {
        match self {
            Self::True => "True",
            Self::False => "False",
            Self::Unknown => "Unknown",
        }
    }

    /// Whether this is `True`.
    pub(crate) fn is_true(self) -> bool {
        self == Self::True
    }
}

/// A condition's `type`. The known ones are the canonical start-up chain ([`STEP_TYPES`]) plus
/// `Completed` and `Failed`; anything else is kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ConditionType {
    /// `PVCReady`: the session's storage volume is bound.
    PvcReady,
    /// `SecretsReady`: required secrets exist.
    SecretsReady,
    /// `JobCreated`: the Kubernetes job exists.
    JobCreated,
    /// `PodScheduled`: the pod has a node.
    PodScheduled,
    /// `RunnerStarted`: the desktop container runs.
    RunnerStarted,
    /// `Ready`: everything is up.
    Ready,
    /// `Completed`: finished successfully.
    Completed,
    /// `Failed`: failed permanently.
    Failed,
    /// Any other type, verbatim.
    Other(String),
}

/// The canonical start-up chain, in order: storage, secrets, job, scheduling, runner, ready.
pub(crate) const STEP_TYPES: [ConditionType; 6] = [
    ConditionType::PvcReady,
    ConditionType::SecretsReady,
    ConditionType::JobCreated,
    ConditionType::PodScheduled,
    ConditionType::RunnerStarted,
    ConditionType::Ready,
];

impl ConditionType {
    /// Parses a type; the known ones case-insensitively, anything else verbatim (trimmed).
    pub(crate) fn from_wire(s: &str) -> Self {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "pvcready" => Self::PvcReady,
            "secretsready" => Self::SecretsReady,
            "jobcreated" => Self::JobCreated,
            "podscheduled" => Self::PodScheduled,
            "runnerstarted" => Self::RunnerStarted,
            "ready" => Self::Ready,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            _ => Self::Other(s.to_owned()),
        }
    }

    /// The API spelling (`"PVCReady"`, …; `Other` verbatim): the value for `data-condition-type`.
    pub(crate) fn as_wire(&self) -> &str {
        match self {
            Self::PvcReady => "PVCReady",
            Self::SecretsReady => "SecretsReady",
            Self::JobCreated => "JobCreated",
            Self::PodScheduled => "PodScheduled",
            Self::RunnerStarted => "RunnerStarted",
            Self::Ready => "Ready",
            Self::Completed => "Completed",
            Self::Failed => "Failed",
            Self::Other(s) => s,
        }
    }

    /// The type in words: `"Storage ready"`, `"Secrets ready"`, `"Job created"`,
    /// `"Pod scheduled"`, `"Runner started"`, `"Ready"`, `"Completed"`, `"Failed"`; other types
    /// split from CamelCase (`"QuotaChecked"` → `"Quota checked"`).
    pub(crate) fn label(&self) -> String {
        match self {
            Self::PvcReady => "Storage ready".to_owned(),
            Self::Other(s) => split_camel_case(s),
            Self::SecretsReady => "Secrets ready".to_owned(),
            Self::JobCreated => "Job created".to_owned(),
            Self::PodScheduled => "Pod scheduled".to_owned(),
            Self::RunnerStarted => "Runner started".to_owned(),
            Self::Ready => "Ready".to_owned(),
            Self::Completed => "Completed".to_owned(),
            Self::Failed => "Failed".to_owned(),
        }
    }

    /// Position in the canonical order: the chain 0–5, `Completed` 6, `Failed` 7, others 8.
    pub(crate) fn rank(&self) -> usize {
        match self {
            Self::PvcReady => 0,
            Self::SecretsReady => 1,
            Self::JobCreated => 2,
            Self::PodScheduled => 3,
            Self::RunnerStarted => 4,
            Self::Ready => 5,
            Self::Completed => 6,
            Self::Failed => 7,
            Self::Other(_) => 8,
        }
    }

    /// Whether this type is one of the start-up chain ([`STEP_TYPES`]).
    pub(crate) fn is_step(&self) -> bool {
        self.rank() < 6
    }
}

/// One condition. Optional texts are `None` when absent or `""` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Condition {
    /// The type verbatim (`"PVCReady"`); see [`Condition::kind`].
    pub type_: String,
    /// True / False / Unknown.
    pub status: ConditionStatus,
    /// CamelCase machine reason (`"SecretNotFound"`).
    pub reason: Option<String>,
    /// Human text from the server, verbatim.
    pub message: Option<String>,
    /// When the status last changed, raw RFC 3339.
    pub last_transition_time: Option<String>,
    /// Spec generation this condition was computed for.
    pub observed_generation: Option<i64>,
}

impl Condition {
    /// A condition with a type and a status and nothing else (handy in tests and fixtures).
    pub fn new(type_: &str, status: ConditionStatus) -> Self {
        Self {
            type_: type_.to_owned(),
            status,
            ..Self::default()
        }
    }

    /// The parsed type.
    pub(crate) fn kind(&self) -> ConditionType {
        ConditionType::from_wire(&self.type_)
    }

    /// The type in words (see [`ConditionType::label`]).
    pub(crate) fn label(&self) -> String {
        self.kind().label()
    }

    /// Whether the status is `True`.
    pub(crate) fn is_true(&self) -> bool {
        self.status.is_true()
    }

    /// `lastTransitionTime` in epoch milliseconds.
    pub(crate) fn transition_ms(&self) -> Option<i64> {
        self.last_transition_time
            .as_deref()
            .and_then(parse_rfc3339_ms)
    }
}

/// Conditions as a map keyed by type: a missing type reads as `Unknown`; with duplicates the
/// last one wins (keeping the position of the first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ConditionSet {
    items: Vec<(ConditionType, Condition)>,
}

impl ConditionSet {
    /// Builds the map from a list as sent. Conditions with an empty type are dropped.
    pub(crate) fn from_list(list: &[Condition]) -> Self {
        let mut items: Vec<(ConditionType, Condition)> = Vec::with_capacity(list.len());
        for c in list.iter().filter(|c| !c.type_.trim().is_empty()) {
            let kind = c.kind();
            match items.iter_mut().find(|(k, _)| *k == kind) {
                Some(slot) => slot.1 = c.clone(),
                None => items.push((kind, c.clone())),
            }
        }
        Self { items }
    }

    /// The condition of a type, if present.
    pub(crate) fn get(&self, kind: &ConditionType) -> Option<&Condition> {
        self.items.iter().find(|(k, _)| k == kind).map(|(_, c)| c)
    }

    /// The status of a type; `Unknown` when missing.
    pub(crate) fn status(&self, kind: &ConditionType) -> ConditionStatus {
        self.get(kind)
            .map_or(ConditionStatus::Unknown, |c| c.status)
    }

    /// Whether a type is present and `True`.
    pub(crate) fn is_true(&self, kind: &ConditionType) -> bool {
        self.status(kind).is_true()
    }

    /// All conditions in canonical order: PVCReady, SecretsReady, JobCreated, PodScheduled,
    /// RunnerStarted, Ready, Completed, Failed, then other types in the order they came.
    pub(crate) fn ordered(&self) -> Vec<&Condition> {
        let mut refs: Vec<&(ConditionType, Condition)> = self.items.iter().collect();
        // Stable: others keep their order.
        crate::domain::sort_small(&mut refs, |(a, _), (b, _)| a.rank().cmp(&b.rank()));
        refs.into_iter().map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::c;

    #[test]
    fn status_and_type_parsing() {
        assert_eq!(ConditionStatus::from_wire("True"), ConditionStatus::True);
        assert_eq!(ConditionStatus::from_wire("false"), ConditionStatus::False);
        assert_eq!(ConditionStatus::from_wire(""), ConditionStatus::Unknown);
        assert_eq!(
            ConditionStatus::from_wire("Maybe"),
            ConditionStatus::Unknown
        );
        assert_eq!(
            ConditionType::from_wire("PVCReady"),
            ConditionType::PvcReady
        );
        assert_eq!(
            ConditionType::from_wire("pvcready"),
            ConditionType::PvcReady
        );
        assert_eq!(
            ConditionType::from_wire("QuotaChecked"),
            ConditionType::Other("QuotaChecked".into())
        );
        assert_eq!(ConditionType::PvcReady.as_wire(), "PVCReady");
        assert_eq!(ConditionType::PvcReady.label(), "Storage ready");
        assert_eq!(ConditionType::SecretsReady.label(), "Secrets ready");
        assert_eq!(ConditionType::JobCreated.label(), "Job created");
        assert_eq!(ConditionType::PodScheduled.label(), "Pod scheduled");
        assert_eq!(ConditionType::RunnerStarted.label(), "Runner started");
        assert_eq!(
            ConditionType::from_wire("QuotaChecked").label(),
            "Quota checked"
        );
    }

    #[test]
    fn set_is_a_map_with_last_wins_and_canonical_order() {
        let set = ConditionSet::from_list(&[
            c("Zeta", "True", "", "", ""),
            c("Ready", "False", "", "", ""),
            c("PVCReady", "False", "Provisioning", "", ""),
            c("", "True", "", "", ""),
            c("Alpha", "True", "", "", ""),
            c("PVCReady", "True", "Bound", "", ""),
            c("Failed", "False", "", "", ""),
        ]);
        assert_eq!(set.ordered().len(), 5);
        assert_eq!(set.status(&ConditionType::PvcReady), ConditionStatus::True);
        assert_eq!(
            set.status(&ConditionType::JobCreated),
            ConditionStatus::Unknown
        );
        let order: Vec<&str> = set.ordered().iter().map(|c| c.type_.as_str()).collect();
        assert_eq!(order, ["PVCReady", "Ready", "Failed", "Zeta", "Alpha"]);
    }
}
