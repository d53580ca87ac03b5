//! Sessions (`/api/rest/v1/workbenches`): list, one (conditional), create, delete, and the stop
//! and start extensions; the URL of the remote desktop.
use web_sys::AbortSignal;

use super::client::{
    page_params, rest, with_query, ApiClient, Conditional, EmptyBody, Extension, MAX_PAGE,
};
use super::wire::common::Envelope;
use super::wire::workbench::{
    CreateWorkbenchRequest, UpdateWorkbenchRequest, WorkbenchListResult, WorkbenchResult,
};
use super::ApiError;
use crate::domain::order::{sort_sessions, Order};
use crate::domain::origin::FrameRefusal;
use crate::domain::paging::PageWalk;
use crate::domain::workbench::Workbench;

/// Every session of `workspace_id` (all pages), deleted ones left out, newest first. Aborted by
/// `signal`.
pub(crate) async fn list(
    api: ApiClient,
    workspace_id: &str,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Workbench>, ApiError> {
    list_in(api, Some(workspace_id), signal).await
}

/// Every session the user can see across workspaces (CHORUS: those of every workspace they may
/// `getWorkspace`), deleted ones left out, newest first. Aborted by `signal`.
pub(crate) async fn list_all(
    api: ApiClient,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Workbench>, ApiError> {
    list_in(api, None, signal).await
}

async fn list_in(
    api: ApiClient,
    workspace_id: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Vec<Workbench>, ApiError> {
    let mut rows: Vec<Workbench> = Vec::new();
    let mut walk = PageWalk::new();
    // Every page while CHORUS says there are more; the safety stop (a backend that never ends)
    // is said in the browser's console.
    loop {
        let [o, l, t, d] = page_params(walk.offset(), MAX_PAGE, Order::SESSIONS);
        let mut query = vec![(o.0, o.1.as_str()), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)];
        if let Some(ws) = workspace_id {
            query.insert(0, ("filter.workspaceIdsIn", ws));
        }
        let path = with_query(&rest(&["workbenches"]), &query);
        let reply = api
            .get_conditional::<Envelope<WorkbenchListResult>>(&path, None, signal)
            .await?;
        let Conditional::Fresh { value, .. } = reply else {
            break;
        };
        let total = value.pagination.map(|p| p.total);
        let page = value.result.workbenches;
        if !walk.take(&mut rows, page, |w| w.id.clone(), Workbench::from, total) {
            break;
        }
    }
    if let Some(cut) = walk.cut() {
        leptos::logging::warn!("{}", cut.words("sessions"));
    }
    if !rows.is_empty() {
        api.note_record_shape(rows.iter().any(Workbench::reports_extensions));
    }
    rows.retain(|w| !w.is_deleted());
    sort_sessions(&mut rows);
    Ok(rows)
}

/// One session, with `If-None-Match` when an ETag of it was seen; a reply whose body has the
/// digest `same_as` (the last one read: a backend without ETags) is `NotModified` too, left
/// undecoded. Returns the digest of the body last read. Aborted by `signal`.
pub(crate) async fn get(
    api: ApiClient,
    id: &str,
    etag: Option<&str>,
    same_as: Option<u64>,
    signal: Option<&AbortSignal>,
) -> Result<(Conditional<Workbench>, Option<u64>), ApiError> {
    let (reply, digest) = api
        .get_unless_same::<Envelope<WorkbenchResult>>(
            &rest(&["workbenches", id]),
            etag,
            same_as,
            signal,
        )
        .await?;
    let reply = match reply {
        Conditional::NotModified => Conditional::NotModified,
        Conditional::Fresh { value, etag } => {
            let value = Workbench::from(value.result.workbench);
            api.note_record_shape(value.reports_extensions());
            Conditional::Fresh { value, etag }
        }
    };
    Ok((reply, digest))
}

/// Creates a session (with `description` unless it is blank) whose desktop starts at `size` (CSS pixels: the area it will fill); the
/// reply comes at once, before the pod exists (on CHORUS with `status` `""` until its cluster
/// watcher reports).
pub(crate) async fn create(
    api: ApiClient,
    tenant_id: &str,
    user_id: &str,
    workspace_id: &str,
    name: &str,
    description: &str,
    size: Option<(u32, u32)>,
) -> Result<Workbench, ApiError> {
    let mut body = CreateWorkbenchRequest::new(tenant_id, user_id, workspace_id, name)
        .with_description(description);
    if let Some((w, h)) = size {
        body = body.with_resolution(w, h);
    }
    api.post::<_, Envelope<WorkbenchResult>>(&rest(&["workbenches"]), &body)
        .await
        .map(|env| Workbench::from(env.result.workbench))
}

/// Renames a session or changes its description (`PUT /workbenches`, the session with its
/// `id`; CHORUS writes only `name`, `shortName` and `description` and ignores the rest). The
/// reply's session, or the one sent with the new fields when the reply has none.
pub(crate) async fn update(
    api: ApiClient,
    wb: &Workbench,
    name: &str,
    description: &str,
) -> Result<Workbench, ApiError> {
    let body = UpdateWorkbenchRequest::of(wb, name, description);
    let reply = api
        .put::<_, serde_json::Value>(&rest(&["workbenches"]), &body)
        .await?;
    Ok(serde_json::from_value::<Envelope<WorkbenchResult>>(reply)
        .ok()
        .map(|env| Workbench::from(env.result.workbench))
        .filter(|w| !w.id.is_empty())
        .unwrap_or_else(|| {
            let mut w = wb.clone();
            w.name = name.to_owned();
            w.description = Some(description.to_owned()).filter(|d| !d.is_empty());
            w
        }))
}

/// Deletes a session.
pub(crate) async fn delete(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["workbenches", id]))
        .await
        .map(drop)
}

/// *Extension*: stops a session (phase `Stopping`, later `Stopped`).
pub(crate) async fn stop(api: ApiClient, id: &str) -> Result<Option<Workbench>, ApiError> {
    action(api, id, "stop").await
}

/// *Extension*: starts a stopped or failed session again.
pub(crate) async fn start(api: ApiClient, id: &str) -> Result<Option<Workbench>, ApiError> {
    action(api, id, "start").await
}

async fn action(api: ApiClient, id: &str, verb: &str) -> Result<Option<Workbench>, ApiError> {
    let path = rest(&["workbenches", id, verb]);
    let reply = api
        .extension(
            Extension::SessionStopStart,
            api.post::<_, serde_json::Value>(&path, &EmptyBody {}),
        )
        .await?;
    // The reply's session, when it sent one the console can read.
    Ok(serde_json::from_value::<Envelope<WorkbenchResult>>(reply)
        .ok()
        .map(|env| Workbench::from(env.result.workbench)))
}

/// The remote desktop page of a session, for the iframe: on the session's own origin when
/// `streamBaseUrl` names it (`{session}`). Refused for an id that cannot be put there.
pub(crate) fn stream_url(api: ApiClient, id: &str) -> Result<String, FrameRefusal> {
    let path = rest(&["workbenches", id, "stream", ""])
        .map_err(|_| FrameRefusal::NotAPathSegment(id.to_string()))?;
    api.stream_url(Some(id), &path)
}

/// *Extension*: the session's watch stream (`text/event-stream`, api.md): a `workbench` event
/// with the whole record at once, then one on every change.
pub(crate) fn watch_url(api: ApiClient, id: &str) -> Result<String, ApiError> {
    rest(&["workbenches", id, "watch"]).map(|p| api.url(&p))
}

/// The session in one `workbench` event of the watch stream (`{"workbench": Workbench}`).
pub(crate) fn parse_watch_event(data: &str) -> Result<Workbench, ApiError> {
    crate::api::error::decode::<WorkbenchResult>(data).map(|r| Workbench::from(r.workbench))
}

#[cfg(test)]
mod watch_tests {
    use super::*;

    #[test]
    fn a_watch_event_is_the_whole_session() {
        let wb = parse_watch_event(
            r#"{"workbench": {"id": "7", "name": "<b>x</b>", "k8sStatus": "Running",
                "serverPodStatus": "Ready", "status": "active", "workspaceId": "1"}}"#,
        )
        .unwrap();
        assert_eq!(wb.id, "7");
        assert_eq!(wb.name, "<b>x</b>");
        assert!(wb.is_ready());
    }

    #[test]
    fn a_bad_watch_event_is_an_error_not_a_panic() {
        for bad in ["", "{", "[]", r#"{"workbench": 3}"#, r#"{"run": {}}"#] {
            assert!(
                matches!(parse_watch_event(bad), Err(ApiError::Decode(_))),
                "{bad}"
            );
        }
    }
}
