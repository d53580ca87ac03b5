//! A workspace's services (`/api/rest/v1/workspace-service-instances`, api.md §3).
use web_sys::AbortSignal;

use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::wire::common::Envelope;
use super::wire::services::{
    update_body, CreateService, SecretsResult, ServiceResult, ServicesResult,
};
use super::ApiError;
use crate::domain::paging::PageWalk;
use crate::domain::services::{
    secret_entries, sort_services, split_paths, Change, NewService, Service, ORDER,
};

/// Every service of workspace `workspace_id` (every page; CHORUS checks `getWorkspace` there),
/// by name, deleting ones included (they stay until the cluster reports). Aborted by `signal`.
pub(crate) async fn list(
    api: ApiClient,
    workspace_id: &str,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Service>, ApiError> {
    let mut rows: Vec<Service> = Vec::new();
    let mut walk = PageWalk::new();
    loop {
        let [o, l, t, d] = page_params(walk.offset(), MAX_PAGE, ORDER);
        let path = with_query(
            &rest(&["workspace-service-instances"]),
            &[
                ("filter.workspaceIdsIn", workspace_id),
                (o.0, &o.1),
                (l.0, &l.1),
                (t.0, &t.1),
                (d.0, &d.1),
            ],
        );
        let env = api
            .get_abortable::<Envelope<ServicesResult>>(&path, signal)
            .await?;
        let total = env.pagination.map(|p| p.total);
        let page = env.result.services;
        if !walk.take(&mut rows, page, |s| s.id.clone(), |s| s, total) {
            break;
        }
    }
    if let Some(cut) = walk.cut() {
        leptos::logging::warn!("{}", cut.words("services"));
    }
    // A backend that ignores the filter: only this workspace's.
    rows.retain(|s| s.workspace_id.is_empty() || s.workspace_id == workspace_id);
    sort_services(&mut rows);
    Ok(rows)
}

/// One service.
pub(crate) async fn get(api: ApiClient, id: &str) -> Result<Option<Service>, ApiError> {
    api.get::<Envelope<ServiceResult>>(&rest(&["workspace-service-instances", id]))
        .await
        .map(|env| env.result.service.map(|s| s.0))
}

/// A service's secret, each key with its value as text, by key. Asked only when the user asks
/// to see it; kept by no one but the view that shows it.
pub(crate) async fn secrets(api: ApiClient, id: &str) -> Result<Vec<(String, String)>, ApiError> {
    api.get::<Envelope<SecretsResult>>(&rest(&["workspace-service-instances", id, "secrets"]))
        .await
        .map(|env| secret_entries(env.result.entries))
}

/// Adds a service to workspace `workspace_id`, to run (`state` `Running`); `new` was checked
/// (`domain::services::form_problems`), its values are sent as typed (`{}` for none).
pub(crate) async fn create(
    api: ApiClient,
    workspace_id: &str,
    new: &NewService,
) -> Result<Option<Service>, ApiError> {
    let values = crate::domain::services::check_values(&new.values).unwrap_or_default();
    let paths = split_paths(&new.credentials_paths);
    let body = CreateService {
        workspace_id,
        name: new.name.trim(),
        state: "Running",
        chart_registry: new.chart.registry.trim(),
        chart_repository: new.chart.repository.trim(),
        chart_tag: new.chart.tag.trim(),
        values_override_json: &values,
        credentials_secret_name: new.credentials_secret_name.trim(),
        credentials_paths: &paths,
        connection_info_template: &new.connection_info_template,
    };
    api.post::<_, Envelope<ServiceResult>>(&rest(&["workspace-service-instances"]), &body)
        .await
        .map(|env| env.result.service.map(|s| s.0))
}

/// Changes one service (stop, start, values): CHORUS replaces the whole row, so the row goes
/// back as read with only `change` made.
pub(crate) async fn update(
    api: ApiClient,
    service: &Service,
    change: &Change,
) -> Result<Option<Service>, ApiError> {
    let body = update_body(service, change);
    api.put::<_, Envelope<ServiceResult>>(&rest(&["workspace-service-instances"]), &body)
        .await
        .map(|env| env.result.service.map(|s| s.0))
}

/// Deletes one service: its state becomes `Deleted`; the row stays until the cluster reports.
pub(crate) async fn delete(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["workspace-service-instances", id]))
        .await
        .map(|_| ())
}
