//! Workbench wire DTOs (api.md, "Workbenches") and their mapping to
//! [`crate::domain::workbench::Workbench`].
//!
//! Decoding is tolerant, as the Conventions ask: every field is optional (`#[serde(default)]`),
//! unknown fields are ignored, `null` reads as absent, ids and numbers may come as strings or
//! numbers, `""` becomes `None` in the domain, unknown enum strings become `Unknown` variants,
//! and a malformed entry in `conditions` is skipped rather than failing the whole reply. Only the
//! envelope itself (`{"result":{"workbench":{…}}}`) is required: without it the reply is
//! malformed and decoding fails.
//!
//! Entry points: [`decode_workbench`], [`decode_workbench_list`], [`CreateWorkbenchRequest`].

use serde::{Deserialize, Deserializer, Serialize};

use super::common::{non_empty, Fields};
use crate::domain::conditions::{Condition, ConditionStatus};
use crate::domain::text::bounded;
use crate::domain::workbench::{
    K8sWorkbenchStatus, Phase, ServerPodStatus, Workbench, WorkbenchStatus,
};

// ---------------------------------------------------------------------------------------------
// DTOs
// ---------------------------------------------------------------------------------------------

/// A `Condition` exactly as on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConditionDto {
    /// `type`.
    pub type_: String,
    /// `status`: `"True"`, `"False"`, `"Unknown"`.
    pub status: String,
    /// `reason` (CamelCase).
    pub reason: String,
    /// `message`.
    pub message: String,
    /// `lastTransitionTime` (RFC 3339).
    pub last_transition_time: String,
    /// `observedGeneration`.
    pub observed_generation: Option<i64>,
}

impl<'de> Deserialize<'de> for ConditionDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            type_: f.string(&["type"]),
            status: f.string(&["status"]),
            reason: f.string(&["reason"]),
            message: f.string(&["message"]),
            last_transition_time: f.string(&["lastTransitionTime"]),
            observed_generation: f.opt_i64(&["observedGeneration"]),
        })
    }
}

/// A `Workbench` exactly as on the wire. Strings are `""` when absent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkbenchDto {
    /// `id`.
    pub id: String,
    /// `tenantId`.
    pub tenant_id: String,
    /// `userId`.
    pub user_id: String,
    /// `workspaceId`.
    pub workspace_id: String,
    /// `name`.
    pub name: String,
    /// `shortName`.
    pub short_name: String,
    /// `description`.
    pub description: String,
    /// `status`: `active`, `inactive`, `deleted`.
    pub status: String,
    /// `k8sStatus`: `Running`, `Progressing`, `Failed`, `""`.
    pub k8s_status: String,
    /// `serverPodStatus`.
    pub server_pod_status: String,
    /// `serverPodMessage`.
    pub server_pod_message: String,
    /// `initialResolutionWidth`.
    pub initial_resolution_width: Option<i64>,
    /// `initialResolutionHeight`.
    pub initial_resolution_height: Option<i64>,
    /// `createdAt`.
    pub created_at: String,
    /// `updatedAt`.
    pub updated_at: String,
    /// *Extension* `generation`.
    pub generation: Option<i64>,
    /// *Extension* `observedGeneration`.
    pub observed_generation: Option<i64>,
    /// *Extension* `phase`.
    pub phase: String,
    /// *Extension* `conditions`.
    pub conditions: Vec<ConditionDto>,
    /// *Extension* `startTime`.
    pub start_time: String,
    /// *Extension* `completionTime`.
    pub completion_time: String,
    /// *Extension* `jobName`.
    pub job_name: String,
    /// *Extension* `runnerPodName`.
    pub runner_pod_name: String,
}

impl<'de> Deserialize<'de> for WorkbenchDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            tenant_id: f.string(&["tenantId"]),
            user_id: f.string(&["userId"]),
            workspace_id: f.string(&["workspaceId"]),
            name: f.string(&["name"]),
            short_name: f.string(&["shortName"]),
            description: f.string(&["description"]),
            status: f.string(&["status"]),
            k8s_status: f.string(&["k8sStatus"]),
            server_pod_status: f.string(&["serverPodStatus"]),
            server_pod_message: f.string(&["serverPodMessage"]),
            initial_resolution_width: f.opt_i64(&["initialResolutionWidth"]),
            initial_resolution_height: f.opt_i64(&["initialResolutionHeight"]),
            created_at: f.string(&["createdAt"]),
            updated_at: f.string(&["updatedAt"]),
            generation: f.opt_i64(&["generation"]),
            observed_generation: f.opt_i64(&["observedGeneration"]),
            phase: f.string(&["phase"]),
            conditions: f.vec(&["conditions"]),
            start_time: f.string(&["startTime"]),
            completion_time: f.string(&["completionTime"]),
            job_name: f.string(&["jobName"]),
            runner_pod_name: f.string(&["runnerPodName"]),
        })
    }
}

/// `{"result":{"workbench":{…}}}` (GET one, POST create, DELETE, stop, start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbenchEnvelope {
    /// `result`.
    pub result: WorkbenchResult,
}

impl<'de> Deserialize<'de> for WorkbenchEnvelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

/// The `result` of [`WorkbenchEnvelope`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbenchResult {
    /// `workbench`.
    pub workbench: WorkbenchDto,
}

impl<'de> Deserialize<'de> for WorkbenchResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            workbench: Fields::of(d)?.required("workbench")?,
        })
    }
}

/// `{"result":{"workbenches":[…]},"pagination":{…}}` (GET list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbenchListEnvelope {
    /// `result`.
    pub result: WorkbenchListResult,
    /// `pagination`, when sent (`None` when missing or `null`).
    pub pagination: Option<PaginationDto>,
}

impl<'de> Deserialize<'de> for WorkbenchListEnvelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            result: f.required("result")?,
            pagination: f.or_default("pagination")?,
        })
    }
}

/// The `result` of [`WorkbenchListEnvelope`]; a missing or `null` list is empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkbenchListResult {
    /// `workbenches`.
    pub workbenches: Vec<WorkbenchDto>,
}

impl<'de> Deserialize<'de> for WorkbenchListResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            workbenches: Fields::of(d)?.or_default("workbenches")?,
        })
    }
}

/// `pagination`: `{"total","offset","limit"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaginationDto {
    /// Total number of items.
    pub total: Option<i64>,
    /// Offset of the first item.
    pub offset: Option<i64>,
    /// Page size.
    pub limit: Option<i64>,
}

impl<'de> Deserialize<'de> for PaginationDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            total: f.opt_i64(&["total"]),
            offset: f.opt_i64(&["offset"]),
            limit: f.opt_i64(&["limit"]),
        })
    }
}

/// A decoded list reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkbenchList {
    /// The sessions, in the server's order.
    pub workbenches: Vec<Workbench>,
    /// `pagination.total`, when sent.
    pub total: Option<u64>,
    /// `pagination.offset`, when sent.
    pub offset: Option<u64>,
    /// `pagination.limit`, when sent.
    pub limit: Option<u64>,
}

/// Body of `POST /api/rest/v1/workbenches`. Build with [`CreateWorkbenchRequest::new`] and the
/// `with_*` methods; serialises to camelCase, omitting absent optional fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateWorkbenchRequest {
    /// `tenantId`.
    pub tenant_id: String,
    /// `userId`.
    pub user_id: String,
    /// `workspaceId`.
    pub workspace_id: String,
    /// `name`.
    pub name: String,
    /// `description`, omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `status`: always `"active"` for a new session.
    pub status: String,
    /// `initialResolutionWidth`, omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_resolution_width: Option<u32>,
    /// `initialResolutionHeight`, omitted when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_resolution_height: Option<u32>,
}

impl CreateWorkbenchRequest {
    /// A request with the required fields and `status: "active"`.
    pub fn new(
        tenant_id: impl Into<String>,
        user_id: impl Into<String>,
        workspace_id: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            tenant_id: tenant_id.into(),
            user_id: user_id.into(),
            workspace_id: workspace_id.into(),
            name: name.into(),
            description: None,
            status: "active".to_owned(),
            initial_resolution_width: None,
            initial_resolution_height: None,
        }
    }

    /// Adds a description (an empty or blank one is left out).
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        let d: String = description.into();
        self.description = (!d.trim().is_empty()).then_some(d);
        self
    }

    /// Adds the initial desktop resolution (zero sizes are left out).
    pub fn with_resolution(mut self, width: u32, height: u32) -> Self {
        self.initial_resolution_width = (width > 0).then_some(width);
        self.initial_resolution_height = (height > 0).then_some(height);
        self
    }
}

/// Body of `PUT /api/rest/v1/workbenches`: the session with its `id` and the fields CHORUS
/// writes (`name`, `shortName`, `description`; it ignores the rest of a Workbench).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateWorkbenchRequest {
    pub id: String,
    pub tenant_id: String,
    pub user_id: String,
    pub workspace_id: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
}

impl UpdateWorkbenchRequest {
    /// `wb` with a new name and description (its short name kept as read).
    pub fn of(wb: &Workbench, name: &str, description: &str) -> Self {
        Self {
            id: wb.id.clone(),
            tenant_id: wb.tenant_id.clone(),
            user_id: wb.user_id.clone(),
            workspace_id: wb.workspace_id.clone(),
            name: name.to_owned(),
            short_name: wb.short_name.clone().unwrap_or_default(),
            description: description.to_owned(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

/// Conditions kept of one reply. A session has one per type, about eight (api.md); a reply
/// listing more is not a status to follow (5,000 of them froze the session page for seconds at
/// every poll, issue 56): the first ones are kept.
pub const MAX_CONDITIONS: usize = 64;
/// Characters kept of a condition's type or reason (CamelCase words).
const MAX_NAME_CHARS: usize = 200;
/// Characters kept of a condition's message (the timeline shows it whole).
const MAX_MESSAGE_CHARS: usize = 2_000;

/// A positive pixel size, else `None`.
fn pixels(v: Option<i64>) -> Option<u32> {
    v.and_then(|v| u32::try_from(v).ok()).filter(|&v| v > 0)
}

/// A non-negative count, else `None`.
fn count(v: Option<i64>) -> Option<u64> {
    v.and_then(|v| u64::try_from(v).ok())
}

impl From<ConditionDto> for Condition {
    fn from(dto: ConditionDto) -> Self {
        Self {
            type_: bounded(dto.type_.trim().to_owned(), MAX_NAME_CHARS),
            status: ConditionStatus::from_wire(&dto.status),
            reason: non_empty(dto.reason).map(|r| bounded(r, MAX_NAME_CHARS)),
            message: non_empty(dto.message).map(|m| bounded(m, MAX_MESSAGE_CHARS)),
            last_transition_time: non_empty(dto.last_transition_time),
            observed_generation: dto.observed_generation,
        }
    }
}

impl From<WorkbenchDto> for Workbench {
    fn from(dto: WorkbenchDto) -> Self {
        Self {
            id: dto.id,
            tenant_id: dto.tenant_id,
            user_id: dto.user_id,
            workspace_id: dto.workspace_id,
            name: dto.name,
            short_name: non_empty(dto.short_name),
            description: non_empty(dto.description),
            status: WorkbenchStatus::from_wire(&dto.status),
            k8s_status: K8sWorkbenchStatus::from_wire(&dto.k8s_status),
            k8s_status_wire: dto.k8s_status,
            server_pod_status: ServerPodStatus::from_wire(&dto.server_pod_status),
            server_pod_message: non_empty(dto.server_pod_message),
            initial_resolution_width: pixels(dto.initial_resolution_width),
            initial_resolution_height: pixels(dto.initial_resolution_height),
            created_at: non_empty(dto.created_at),
            updated_at: non_empty(dto.updated_at),
            generation: dto.generation,
            observed_generation: dto.observed_generation,
            phase: non_empty(dto.phase).map(|p| Phase::from_wire(&p)),
            conditions: dto
                .conditions
                .into_iter()
                .filter(|c| !c.type_.trim().is_empty())
                .take(MAX_CONDITIONS)
                .map(Condition::from)
                .collect(),
            start_time: non_empty(dto.start_time),
            completion_time: non_empty(dto.completion_time),
            job_name: non_empty(dto.job_name),
            runner_pod_name: non_empty(dto.runner_pod_name),
        }
    }
}

impl From<WorkbenchListEnvelope> for WorkbenchList {
    fn from(env: WorkbenchListEnvelope) -> Self {
        let pagination = env.pagination.unwrap_or_default();
        Self {
            workbenches: env
                .result
                .workbenches
                .into_iter()
                .map(Workbench::from)
                .collect(),
            total: count(pagination.total),
            offset: count(pagination.offset),
            limit: count(pagination.limit),
        }
    }
}

/// Decodes `{"result":{"workbench":{…}}}` into a [`Workbench`]. Fails only when the body is not
/// JSON or lacks the envelope.
pub fn decode_workbench(body: &str) -> Result<Workbench, serde_json::Error> {
    let env: WorkbenchEnvelope = serde_json::from_str(body)?;
    Ok(env.result.workbench.into())
}

/// Decodes `{"result":{"workbenches":[…]},"pagination":{…}}` into a [`WorkbenchList`]. Fails
/// only when the body is not JSON, lacks `result`, or a list entry is not an object.
pub fn decode_workbench_list(body: &str) -> Result<WorkbenchList, serde_json::Error> {
    let env: WorkbenchListEnvelope = serde_json::from_str(body)?;
    Ok(env.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conditions::{explain_condition, ConditionType, Severity};
    use crate::domain::progress::{current_step_sentence, failure_explanation, steps, StepState};

    /// Conditions design, "Healthy Running Session", as the API would send it.
    const HEALTHY: &str = r#"{"result":{"workbench":{
        "id":"42","tenantId":"1","userId":"2","workspaceId":"1",
        "name":"Healthy desktop","shortName":"healthy","description":"",
        "status":"active","k8sStatus":"Running","serverPodStatus":"Ready","serverPodMessage":"",
        "initialResolutionWidth":1920,"initialResolutionHeight":1080,
        "createdAt":"2025-11-15T11:59:59Z","updatedAt":"2025-11-15T12:00:15Z",
        "generation":1,"observedGeneration":1,"phase":"Running",
        "startTime":"2025-11-15T12:00:00Z",
        "jobName":"agentic-session-123456-job","runnerPodName":"agentic-session-123456-job-abc123",
        "conditions":[
          {"type":"PVCReady","status":"True","reason":"Bound","message":"PVC ambient-workspace-123456 is bound","lastTransitionTime":"2025-11-15T12:00:01Z"},
          {"type":"SecretsReady","status":"True","reason":"AllSecretsFound","message":"All required secrets are present","lastTransitionTime":"2025-11-15T12:00:02Z"},
          {"type":"JobCreated","status":"True","reason":"Created","message":"Job agentic-session-123456-job created","lastTransitionTime":"2025-11-15T12:00:03Z"},
          {"type":"PodScheduled","status":"True","reason":"Scheduled","message":"Pod scheduled on node worker-1","lastTransitionTime":"2025-11-15T12:00:05Z"},
          {"type":"RunnerStarted","status":"True","reason":"ContainerRunning","message":"Runner container started","lastTransitionTime":"2025-11-15T12:00:15Z"},
          {"type":"Ready","status":"True","reason":"SessionRunning","message":"Session is running normally","lastTransitionTime":"2025-11-15T12:00:15Z"}
        ]}}}"#;

    /// "Stuck Session (Secrets Missing)".
    const STUCK: &str = r#"{"result":{"workbench":{
        "id":"43","tenantId":"1","userId":"2","workspaceId":"1","name":"Missing secret",
        "status":"active","k8sStatus":"Progressing","serverPodStatus":"Waiting",
        "observedGeneration":1,"generation":1,"phase":"Pending",
        "conditions":[
          {"type":"PVCReady","status":"True","reason":"Bound","message":"PVC ambient-workspace-123456 is bound","lastTransitionTime":"2025-11-15T12:00:01Z"},
          {"type":"SecretsReady","status":"False","reason":"SecretNotFound","message":"Secret 'ambient-runner-secrets' not found in namespace","lastTransitionTime":"2025-11-15T12:00:02Z"},
          {"type":"JobCreated","status":"False","reason":"WaitingForSecrets","message":"Cannot create job until secrets are ready","lastTransitionTime":"2025-11-15T12:00:02Z"},
          {"type":"Ready","status":"False","reason":"SecretsNotReady","message":"Waiting for required secrets","lastTransitionTime":"2025-11-15T12:00:02Z"}
        ]}}}"#;

    /// "Failed Session (Image Pull Error)".
    const FAILED: &str = r#"{"result":{"workbench":{
        "id":"44","tenantId":"1","userId":"2","workspaceId":"1","name":"Image pull failure",
        "status":"active","k8sStatus":"Failed","serverPodStatus":"Failing",
        "serverPodMessage":"Back-off pulling image","observedGeneration":1,"phase":"Failed",
        "startTime":"2025-11-15T12:00:00Z","completionTime":"2025-11-15T12:02:00Z",
        "conditions":[
          {"type":"PodScheduled","status":"True","reason":"Scheduled","message":"Pod scheduled on node worker-1","lastTransitionTime":"2025-11-15T12:00:05Z"},
          {"type":"RunnerStarted","status":"False","reason":"ImagePullBackOff","message":"Failed to pull image: quay.io/ambient_code/vteam_claude_runner:latest","lastTransitionTime":"2025-11-15T12:02:00Z"},
          {"type":"Failed","status":"True","reason":"ImagePullError","message":"Cannot start runner container","lastTransitionTime":"2025-11-15T12:02:00Z"},
          {"type":"Ready","status":"False","reason":"SessionFailed","message":"Session failed: ImagePullBackOff","lastTransitionTime":"2025-11-15T12:02:00Z"}
        ]}}}"#;

    fn decode(body: &str) -> Workbench {
        decode_workbench(body).expect("decodes")
    }

    #[test]
    fn healthy_running_session() {
        let wb = decode(HEALTHY);
        assert_eq!(wb.id, "42");
        assert_eq!(wb.name, "Healthy desktop");
        assert_eq!(wb.short_name.as_deref(), Some("healthy"));
        assert_eq!(wb.description, None);
        assert_eq!(wb.status, WorkbenchStatus::Active);
        assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Running);
        assert_eq!(wb.server_pod_status, ServerPodStatus::Ready);
        assert_eq!(wb.server_pod_message, None);
        assert_eq!(
            (wb.initial_resolution_width, wb.initial_resolution_height),
            (Some(1920), Some(1080))
        );
        assert_eq!(wb.phase, Some(Phase::Running));
        assert_eq!(wb.effective_phase(), Phase::Running);
        assert_eq!(wb.conditions.len(), 6);
        assert!(wb.is_running());
        assert!(!wb.is_stale());
        assert_eq!(wb.job_name.as_deref(), Some("agentic-session-123456-job"));
        assert_eq!(
            wb.runner_pod_name.as_deref(),
            Some("agentic-session-123456-job-abc123")
        );
        assert_eq!(wb.start_time_ms(), Some(1_763_208_000_000));
        assert!(steps(&wb).iter().all(|s| s.state == StepState::Done));
    }

    #[test]
    fn stuck_session_missing_secret() {
        let wb = decode(STUCK);
        assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Progressing);
        assert_eq!(wb.k8s_status.label(), "Starting");
        assert_eq!(wb.effective_phase(), Phase::Pending);
        assert_eq!(current_step_sentence(&wb), "Waiting for required secrets");
        let set = wb.condition_set();
        let secrets = set.get(&ConditionType::SecretsReady).expect("present");
        let e = explain_condition(secrets);
        assert_eq!(e.severity, Severity::Transient);
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "Secret 'ambient-runner-secrets' is missing — create it in the workspace settings"
            )
        );
    }

    #[test]
    fn failed_session_image_pull() {
        let wb = decode(FAILED);
        assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Failed);
        assert!(wb.is_failed());
        assert_eq!(wb.effective_phase(), Phase::Failed);
        assert_eq!(wb.completion_time_ms(), Some(1_763_208_120_000));
        let f = failure_explanation(&wb).expect("failed");
        assert_eq!(f.severity, Severity::Permanent);
        assert_eq!(f.summary, "The desktop image could not be downloaded");
        assert!(f
            .hint
            .unwrap_or_default()
            .contains("'quay.io/ambient_code/vteam_claude_runner:latest'"));
    }

    #[test]
    fn older_backend_without_extensions() {
        let wb = decode(
            r#"{"result":{"workbench":{"id":"5","tenantId":"1","userId":"2","workspaceId":"1",
               "name":"Old","shortName":"old","description":"d","status":"active",
               "k8sStatus":"Progressing","serverPodStatus":"Starting",
               "serverPodMessage":"Pulling image","initialResolutionWidth":0,
               "initialResolutionHeight":0,"createdAt":"2025-11-15T12:00:00Z",
               "updatedAt":"2025-11-15T12:00:00Z"}}}"#,
        );
        assert_eq!(wb.phase, None);
        assert_eq!(wb.generation, None);
        assert!(wb.conditions.is_empty());
        assert_eq!(wb.start_time, None);
        assert_eq!(wb.job_name, None);
        assert_eq!(
            (wb.initial_resolution_width, wb.initial_resolution_height),
            (None, None)
        );
        assert_eq!(wb.effective_phase(), Phase::Creating);
        assert!(!wb.is_stale());
        assert!(steps(&wb).is_empty());
        assert_eq!(current_step_sentence(&wb), "Starting the desktop");
        assert_eq!(wb.description.as_deref(), Some("d"));
    }

    #[test]
    fn empty_and_unknown_enum_strings() {
        let wb = decode(
            r#"{"result":{"workbench":{"id":"6","k8sStatus":"","serverPodStatus":"",
               "status":"","phase":""}}}"#,
        );
        assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Unreported);
        assert!(wb.reports_no_status());
        assert_eq!(wb.k8s_status.label(), "Unknown");
        // `""` is "not reported" (api.md: then Running alone means ready), not "Unknown".
        assert_eq!(wb.server_pod_status, ServerPodStatus::Unset);
        assert_eq!(wb.status, WorkbenchStatus::Unknown);
        assert_eq!(wb.phase, None);

        let wb = decode(
            r#"{"result":{"workbench":{"id":"7","k8sStatus":"Exploding",
               "serverPodStatus":"Exploding","status":"Exploding","phase":"Exploding",
               "conditions":[{"type":"Exploding","status":"Exploding","reason":"Exploding"}]}}}"#,
        );
        assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Unknown);
        assert_eq!(wb.server_pod_status, ServerPodStatus::Unknown);
        assert_eq!(wb.status, WorkbenchStatus::Unknown);
        assert_eq!(wb.phase, Some(Phase::Unknown));
        assert_eq!(
            wb.conditions.first().map(|c| c.status),
            Some(ConditionStatus::Unknown)
        );
        assert_eq!(wb.effective_phase(), Phase::Pending);
    }

    #[test]
    fn unknown_fields_nulls_and_loose_numbers() {
        let wb = decode(
            r#"{"result":{"workbench":{"id":42,"tenantId":1,"name":null,"futureField":{"a":[1]},
               "generation":"3","observedGeneration":2.0,"initialResolutionWidth":"1280",
               "initialResolutionHeight":"wide","conditions":[null,7,"x",
               {"type":"Ready","status":"True","observedGeneration":"2","extra":true},
               {"type":"","status":"True"}],
               "k8sStatus":"Running","isError":false}},"meta":{"v":2}}"#,
        );
        assert_eq!(wb.id, "42");
        assert_eq!(wb.tenant_id, "1");
        assert_eq!(wb.name, "");
        assert_eq!(wb.display_name(), "Session 42");
        assert_eq!(wb.generation, Some(3));
        assert_eq!(wb.observed_generation, Some(2));
        assert!(wb.is_stale());
        assert_eq!(wb.initial_resolution_width, Some(1280));
        assert_eq!(wb.initial_resolution_height, None);
        assert_eq!(wb.conditions.len(), 1);
        assert_eq!(
            wb.conditions.first().and_then(|c| c.observed_generation),
            Some(2)
        );

        let wb = decode(r#"{"result":{"workbench":{"conditions":null}}}"#);
        assert!(wb.conditions.is_empty());
        let wb = decode(r#"{"result":{"workbench":{}}}"#);
        assert_eq!(wb, Workbench::default());
    }

    #[test]
    fn hostile_text_is_preserved_verbatim() {
        let wb = decode(
            r#"{"result":{"workbench":{"id":"9","name":"<img src=x onerror=alert(1)> hostile",
               "serverPodMessage":"<script>alert(1)</script>",
               "conditions":[{"type":"Ready","status":"False","reason":"SessionRunning",
               "message":"<script>alert(1)</script>"}]}}}"#,
        );
        assert_eq!(
            wb.server_pod_message.as_deref(),
            Some("<script>alert(1)</script>")
        );
        assert_eq!(wb.name, "<img src=x onerror=alert(1)> hostile");
        assert_eq!(
            wb.conditions.first().and_then(|c| c.message.as_deref()),
            Some("<script>alert(1)</script>")
        );
    }

    #[test]
    fn malformed_envelopes_fail() {
        assert!(decode_workbench("").is_err());
        assert!(decode_workbench("<html>502 Bad Gateway</html>").is_err());
        assert!(decode_workbench(r#"{"result":{"workbench":{"id":"1","na"#).is_err());
        assert!(decode_workbench(r#"{"workbench":{"id":"1"}}"#).is_err());
        assert!(decode_workbench(r#"{"result":{}}"#).is_err());
        assert!(decode_workbench(r#"{"result":null}"#).is_err());
        assert!(decode_workbench_list(r#"{"result":{"workbenches":[1]}}"#).is_err());
        assert!(decode_workbench_list("{}").is_err());
    }

    #[test]
    fn list_envelope() {
        let list = decode_workbench_list(
            r#"{"result":{"workbenches":[{"id":"1","k8sStatus":"Running"},
               {"id":"2","k8sStatus":"Progressing"}]},
               "pagination":{"total":120,"offset":"0","limit":20}}"#,
        )
        .expect("decodes");
        assert_eq!(list.workbenches.len(), 2);
        assert_eq!(list.workbenches.get(1).map(|w| w.id.as_str()), Some("2"));
        assert_eq!(
            (list.total, list.offset, list.limit),
            (Some(120), Some(0), Some(20))
        );

        let list = decode_workbench_list(r#"{"result":{"workbenches":null}}"#).expect("decodes");
        assert!(list.workbenches.is_empty());
        assert_eq!(list.total, None);
        let list = decode_workbench_list(r#"{"result":{},"pagination":null}"#).expect("decodes");
        assert!(list.workbenches.is_empty());
    }

    #[test]
    fn create_request_serialises_camel_case() {
        let req = CreateWorkbenchRequest::new("1", "2", "1", "My desktop");
        let json = serde_json::to_value(&req).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"tenantId":"1","userId":"2","workspaceId":"1",
                               "name":"My desktop","status":"active"})
        );
        let req = req.with_description("notes").with_resolution(1920, 1080);
        let json = serde_json::to_value(&req).expect("serialises");
        assert_eq!(json["description"], "notes");
        assert_eq!(json["initialResolutionWidth"], 1920);
        assert_eq!(json["initialResolutionHeight"], 1080);
        let req = CreateWorkbenchRequest::new("1", "2", "1", "x")
            .with_description("  ")
            .with_resolution(0, 0);
        let json = serde_json::to_value(&req).expect("serialises");
        assert!(json.get("description").is_none());
        assert!(json.get("initialResolutionWidth").is_none());
    }

    #[test]
    fn a_reply_of_hostile_shape_is_bounded() {
        // 5,000 conditions, wrong types and nulls among them, long texts (issue 56).
        let mut items = Vec::new();
        for i in 0..5_000 {
            items.push(match i % 5 {
                0 => "null".to_owned(),
                1 => "42".to_owned(),
                2 => r#"{"type": 7, "status": true, "message": ["x"]}"#.to_owned(),
                _ => format!(
                    r#"{{"type": "T{i}", "status": "True", "reason": "{}", "message": "{}"}}"#,
                    "R".repeat(1_000),
                    "m".repeat(10_000)
                ),
            });
        }
        let body = format!(
            r#"{{"result":{{"workbench":{{"id":"9","serverPodMessage":"{}","conditions":[{}]}}}}}}"#,
            "A".repeat(1_000_000),
            items.join(",")
        );
        let wb = decode_workbench(&body).unwrap();
        assert_eq!(wb.conditions.len(), MAX_CONDITIONS);
        let chars = |s: &Option<String>| s.as_ref().map_or(0, |s| s.chars().count());
        assert!(wb
            .conditions
            .iter()
            .all(|c| chars(&c.message) <= 2_001 && chars(&c.reason) <= 201));
        // The message stays whole: the page shows the first of it, and all on demand.
        assert_eq!(wb.server_pod_message.map(|m| m.len()), Some(1_000_000));
    }
}
