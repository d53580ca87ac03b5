//! Apps and app instances on the wire (`/api/rest/v1/apps`, `/api/rest/v1/app-instances`) and
//! their mapping to [`crate::domain::tabs`].
//!
//! Replies are wrapped: `{"result":{"apps":[…]}}`, `{"result":{"appInstances":[…]}}`,
//! `{"result":{"appInstance":…}}`. A reply without `result` fails to decode (a malformed reply);
//! inside it everything is tolerant: missing/`null`/`""` fields are absent, numbers are accepted
//! for ids, unknown fields are ignored, unknown statuses map to `Unknown`, list items that do
//! not decode are skipped.

use serde::{Deserialize, Deserializer, Serialize};

use super::common::{non_empty, Fields};
use crate::domain::tabs::{App, AppInstance, AppInstanceStatus, DesiredState};

/// `App` on the wire. Note the capital `URL` in `iconURL` (`iconUrl` is accepted too).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppDto {
    /// App id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Icon address.
    #[serde(rename = "iconURL")]
    pub icon_url: String,
    /// Image name.
    pub docker_image_name: String,
    /// Image tag.
    pub docker_image_tag: String,
}

impl<'de> Deserialize<'de> for AppDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            name: f.string(&["name"]),
            description: f.string(&["description"]),
            icon_url: f.string(&["iconURL", "iconUrl"]),
            docker_image_name: f.string(&["dockerImageName"]),
            docker_image_tag: f.string(&["dockerImageTag"]),
        })
    }
}

impl From<AppDto> for App {
    fn from(d: AppDto) -> Self {
        App {
            id: d.id,
            name: d.name,
            description: d.description,
            icon_url: non_empty(d.icon_url),
            docker_image_name: non_empty(d.docker_image_name),
            docker_image_tag: non_empty(d.docker_image_tag),
        }
    }
}

/// `AppInstance` on the wire.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInstanceDto {
    /// Instance id.
    pub id: String,
    /// Session id.
    pub workbench_id: String,
    /// Workspace id.
    pub workspace_id: String,
    /// App id.
    pub app_id: String,
    /// Its owner (`userId`; `""` when not sent).
    pub user_id: String,
    /// App name.
    pub app_name: String,
    /// Observed state (`Running`, `Progressing`, … or `""`).
    pub k8s_status: String,
    /// Human text.
    pub k8s_message: String,
    /// Desired state (`Running`, `Stopped`, `Killed`).
    pub k8s_state: String,
    /// Record status.
    pub status: String,
    /// Timestamp.
    pub created_at: Option<String>,
    /// Timestamp.
    pub updated_at: Option<String>,
}

impl<'de> Deserialize<'de> for AppInstanceDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            id: f.string(&["id"]),
            workbench_id: f.string(&["workbenchId"]),
            workspace_id: f.string(&["workspaceId"]),
            app_id: f.string(&["appId"]),
            user_id: f.string(&["userId"]),
            app_name: f.string(&["appName"]),
            k8s_status: f.string(&["k8sStatus"]),
            k8s_message: f.string(&["k8sMessage"]),
            k8s_state: f.string(&["k8sState"]),
            status: f.string(&["status"]),
            created_at: f.opt_string(&["createdAt"]),
            updated_at: f.opt_string(&["updatedAt"]),
        })
    }
}

impl From<AppInstanceDto> for AppInstance {
    fn from(d: AppInstanceDto) -> Self {
        AppInstance {
            id: d.id,
            workbench_id: d.workbench_id,
            workspace_id: d.workspace_id,
            app_id: d.app_id,
            user_id: d.user_id,
            app_name: d.app_name,
            k8s_status: AppInstanceStatus::from_wire(&d.k8s_status),
            k8s_message: non_empty(d.k8s_message),
            k8s_state: DesiredState::from_wire(&d.k8s_state),
            status: non_empty(d.status),
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// `{"apps":[App]}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppsResult {
    /// The apps.
    pub apps: Vec<AppDto>,
}

impl<'de> Deserialize<'de> for AppsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            apps: f.vec(&["apps"]),
        })
    }
}

/// `GET /apps` → `{"result":{"apps":[App]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppsResponse {
    /// The payload (required).
    pub result: AppsResult,
}

impl<'de> Deserialize<'de> for AppsResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

impl From<AppsResponse> for Vec<App> {
    /// The domain apps.
    fn from(reply: AppsResponse) -> Self {
        reply.result.apps.into_iter().map(App::from).collect()
    }
}

/// `{"appInstances":[AppInstance]}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppInstancesResult {
    /// The instances.
    pub app_instances: Vec<AppInstanceDto>,
}

impl<'de> Deserialize<'de> for AppInstancesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            app_instances: f.vec(&["appInstances"]),
        })
    }
}

/// `GET /app-instances` → `{"result":{"appInstances":[AppInstance]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppInstancesResponse {
    /// The payload (required).
    pub result: AppInstancesResult,
}

impl<'de> Deserialize<'de> for AppInstancesResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

impl From<AppInstancesResponse> for Vec<AppInstance> {
    /// The domain instances.
    fn from(reply: AppInstancesResponse) -> Self {
        reply
            .result
            .app_instances
            .into_iter()
            .map(AppInstance::from)
            .collect()
    }
}

/// `{"appInstance": AppInstance}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppInstanceResult {
    /// The instance (`None` when missing or malformed).
    pub app_instance: Option<AppInstanceDto>,
}

impl<'de> Deserialize<'de> for AppInstanceResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            app_instance: f.opt(&["appInstance"]),
        })
    }
}

/// `GET/POST/DELETE /app-instances[/{id}]` → `{"result":{"appInstance":AppInstance}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppInstanceResponse {
    /// The payload (required).
    pub result: AppInstanceResult,
}

impl<'de> Deserialize<'de> for AppInstanceResponse {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            result: Fields::of(d)?.required("result")?,
        })
    }
}

impl From<AppInstanceResponse> for Option<AppInstance> {
    /// The domain instance, `None` when the reply had none (treat as a malformed reply).
    fn from(reply: AppInstanceResponse) -> Self {
        reply.result.app_instance.map(AppInstance::from)
    }
}

/// Body of `POST /app-instances`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateAppInstanceBody {
    /// Tenant id.
    pub tenant_id: String,
    /// The current user's id.
    pub user_id: String,
    /// The session's workspace.
    pub workspace_id: String,
    /// The session.
    pub workbench_id: String,
    /// The app to start.
    pub app_id: String,
    /// The record's state: always `"active"` for a new instance. Required: CHORUS answers a
    /// create without it with 500 `CONVERSION_ERROR` (api.md, "Apps and app instances").
    pub status: String,
}

impl CreateAppInstanceBody {
    /// The body for app `app_id` in session `workbench_id`, with `status: "active"`.
    pub fn new(
        tenant_id: String,
        user_id: String,
        workspace_id: String,
        workbench_id: String,
        app_id: String,
    ) -> Self {
        Self {
            tenant_id,
            user_id,
            workspace_id,
            workbench_id,
            app_id,
            status: "active".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_apps() {
        let body = r#"{"result":{"apps":[
          {"id":"1","name":"JupyterLab","description":"Notebooks","iconURL":"https://x/j.png",
           "dockerImageName":"jupyter/lab","dockerImageTag":"4.1","extra":1},
          {"id":2,"name":"VS Code","iconUrl":"/icons/code.svg","dockerImageTag":""},
          {"id":"3","name":"<script>alert(1)</script>","description":null},
          42
        ]},"pagination":{"total":3}}"#;
        let apps = Vec::<App>::from(serde_json::from_str::<AppsResponse>(body).unwrap());
        assert_eq!(apps.len(), 3);
        assert_eq!(apps[0].icon_url.as_deref(), Some("https://x/j.png"));
        assert_eq!(apps[0].docker_image_name.as_deref(), Some("jupyter/lab"));
        assert_eq!(apps[0].docker_image_tag.as_deref(), Some("4.1"));
        assert_eq!(apps[1].id, "2");
        assert_eq!(apps[1].icon_url.as_deref(), Some("/icons/code.svg"));
        assert_eq!(apps[1].docker_image_tag, None);
        assert_eq!(apps[2].name, "<script>alert(1)</script>");
        assert_eq!(apps[2].description, "");
        assert_eq!(apps[2].icon_url, None);
    }

    #[test]
    fn envelope_required() {
        assert!(serde_json::from_str::<AppsResponse>("{}").is_err());
        assert!(serde_json::from_str::<AppsResponse>(r#"{"result":null}"#).is_err());
        assert!(Vec::<App>::from(
            serde_json::from_str::<AppsResponse>(r#"{"result":{}}"#).unwrap()
        )
        .is_empty());
        assert!(serde_json::from_str::<AppInstancesResponse>("<html>").is_err());
    }

    #[test]
    fn decodes_instances() {
        let body = r#"{"result":{"appInstances":[
          {"id":"11","workbenchId":"5","workspaceId":"1","appId":"1","appName":"JupyterLab",
           "k8sStatus":"Running","k8sMessage":"","k8sState":"Running","status":"active",
           "createdAt":"2025-11-15T12:00:00Z","updatedAt":""},
          {"id":"12","workbenchId":"5","appId":"4","appName":"Legacy Viewer","k8sStatus":"Failed",
           "k8sMessage":"<script>boom</script>","k8sState":"Killed"},
          {"id":"13","k8sStatus":"Hibernating"},
          {"id":"14","k8sStatus":""}
        ]}}"#;
        let list =
            Vec::<AppInstance>::from(serde_json::from_str::<AppInstancesResponse>(body).unwrap());
        assert_eq!(list.len(), 4);
        assert_eq!(list[0].k8s_status, AppInstanceStatus::Running);
        assert_eq!(list[0].k8s_message, None);
        assert_eq!(list[0].k8s_state, DesiredState::Running);
        assert_eq!(list[0].status.as_deref(), Some("active"));
        assert_eq!(list[0].updated_at, None);
        assert_eq!(list[1].k8s_status, AppInstanceStatus::Failed);
        assert_eq!(
            list[1].k8s_message.as_deref(),
            Some("<script>boom</script>")
        );
        assert!(list[1].is_being_deleted());
        assert_eq!(list[1].workspace_id, "");
        assert_eq!(list[2].k8s_status, AppInstanceStatus::Unknown);
        assert_eq!(list[3].k8s_status, AppInstanceStatus::Unknown);
    }

    #[test]
    fn decodes_single_instance() {
        let r: AppInstanceResponse = serde_json::from_str(
            r#"{"result":{"appInstance":{"id":"20","workbenchId":"5","appId":"2","k8sStatus":"Progressing"}}}"#,
        )
        .unwrap();
        let i = Option::<AppInstance>::from(r).unwrap();
        assert_eq!(i.id, "20");
        assert_eq!(i.k8s_status, AppInstanceStatus::Progressing);
        let r: AppInstanceResponse = serde_json::from_str(r#"{"result":{}}"#).unwrap();
        assert_eq!(Option::<AppInstance>::from(r), None);
    }

    #[test]
    fn create_body_shape() {
        let b =
            CreateAppInstanceBody::new("1".into(), "2".into(), "1".into(), "5".into(), "3".into());
        let v = serde_json::to_value(&b).unwrap();
        // Exactly CHORUS's fields (an unknown one is a 400), `status` included (without it
        // CHORUS answers 500 CONVERSION_ERROR).
        assert_eq!(
            v,
            serde_json::json!({"tenantId":"1","userId":"2","workspaceId":"1","workbenchId":"5","appId":"3","status":"active"})
        );
    }

    #[test]
    fn app_dto_serializes_icon_url_with_capitals() {
        let v = serde_json::to_value(AppDto {
            icon_url: "x".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(v["iconURL"], "x");
    }
}
