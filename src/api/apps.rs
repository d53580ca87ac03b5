//! Apps and app instances (`/api/rest/v1/apps`, `/api/rest/v1/app-instances`): the tabs of a
//! session.
use web_sys::AbortSignal;

use super::client::{page_params, rest, with_query, ApiClient, Conditional, Extension};
use super::wire::apps::{
    AppInstanceResponse, AppInstancesResult, AppsResponse, CreateAppInstanceBody,
};
use super::wire::common::{Envelope, Pagination};
use super::ApiError;
use crate::domain::order::{sort_apps, Order};
use crate::domain::origin::FrameRefusal;
use crate::domain::tabs::{App, AppInstance};

/// The app catalogue, by name (CHORUS sends it in random order on every call).
pub(crate) async fn list(api: ApiClient) -> Result<Vec<App>, ApiError> {
    let mut apps = api
        .get::<AppsResponse>(&rest(&["apps"]))
        .await
        .map(Vec::<App>::from)?;
    sort_apps(&mut apps);
    Ok(apps)
}

/// The app instances of a session, and whether the list is complete (not one page of more).
pub(crate) async fn instances(
    api: ApiClient,
    workbench_id: &str,
    signal: Option<&AbortSignal>,
) -> Result<(Vec<AppInstance>, bool), ApiError> {
    let [o, l, t, d] = page_params(0, 100, Order::APP_INSTANCES);
    let path = with_query(
        &rest(&["app-instances"]),
        &[
            ("filter.workbenchIdsIn", workbench_id),
            (o.0, &o.1),
            (l.0, &l.1),
            (t.0, &t.1),
            (d.0, &d.1),
        ],
    );
    match api
        .get_conditional::<Envelope<AppInstancesResult>>(&path, None, signal)
        .await?
    {
        // Never asked conditionally: a 304 would be a proxy's doing. Nothing new then.
        Conditional::NotModified => Err(ApiError::Decode("an empty 304 reply".into())),
        Conditional::Fresh { value, .. } => {
            let list: Vec<AppInstance> = value
                .result
                .app_instances
                .into_iter()
                .map(AppInstance::from)
                .collect();
            let complete = Pagination::is_complete(value.pagination, list.len());
            Ok((list, complete))
        }
    }
}

/// Every app instance the user can see, across sessions (all pages, no filter: one list, not
/// one call per session). CHORUS lists those of the sessions the user may `getWorkbench`.
pub(crate) async fn all_instances(api: ApiClient) -> Result<Vec<AppInstance>, ApiError> {
    let mut all: Vec<AppInstance> = Vec::new();
    let mut walk = crate::domain::paging::PageWalk::new();
    loop {
        let [o, l, t, d] =
            page_params(walk.offset(), super::client::MAX_PAGE, Order::APP_INSTANCES);
        let path = with_query(
            &rest(&["app-instances"]),
            &[(o.0, &o.1), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)],
        );
        let env = api.get::<Envelope<AppInstancesResult>>(&path).await?;
        let total = env.pagination.map(|p| p.total);
        let page = env.result.app_instances;
        if !walk.take(&mut all, page, |i| i.id.clone(), AppInstance::from, total) {
            break;
        }
    }
    if let Some(cut) = walk.cut() {
        leptos::logging::warn!("{}", cut.words("app instances"));
    }
    Ok(all)
}

/// How many of the app instances the user can see are their own (`userId` = `me`) and not
/// deleted (the home page's usage against `maxAppInstancesPerUser`): one list, all pages.
pub(crate) async fn own_instance_count(api: ApiClient, me: &str) -> Result<u64, ApiError> {
    use super::wire::common::Fields;
    struct Row {
        user_id: String,
        status: String,
        id: String,
    }
    impl<'de> serde::Deserialize<'de> for Row {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let mut f = Fields::of(d)?;
            Ok(Self {
                user_id: f.string(&["userId"]),
                status: f.string(&["status"]),
                id: f.string(&["id"]),
            })
        }
    }
    struct Rows {
        app_instances: Vec<Row>,
    }
    impl<'de> serde::Deserialize<'de> for Rows {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            Ok(Self {
                app_instances: Fields::of(d)?.vec(&["appInstances"]),
            })
        }
    }
    let mut all: Vec<Row> = Vec::new();
    let mut walk = crate::domain::paging::PageWalk::new();
    loop {
        let [o, l, t, d] =
            page_params(walk.offset(), super::client::MAX_PAGE, Order::APP_INSTANCES);
        let path = with_query(
            &rest(&["app-instances"]),
            &[(o.0, &o.1), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)],
        );
        let env = api.get::<Envelope<Rows>>(&path).await?;
        let total = env.pagination.map(|p| p.total);
        if !walk.take(
            &mut all,
            env.result.app_instances,
            |r| r.id.clone(),
            |r| r,
            total,
        ) {
            break;
        }
    }
    Ok(crate::domain::limits::own_count(
        &all,
        me,
        |r| r.user_id.as_str(),
        |r| r.status.eq_ignore_ascii_case("deleted"),
    ))
}

/// One app instance (`GET /app-instances/{id}`); `Ok(None)`: the reply had none. CHORUS still
/// answers an instance it no longer lists (failed, stopped, killed: `status: deleted`).
pub(crate) async fn instance(
    api: ApiClient,
    id: &str,
    signal: Option<&AbortSignal>,
) -> Result<Option<AppInstance>, ApiError> {
    match api
        .get_conditional::<AppInstanceResponse>(&rest(&["app-instances", id]), None, signal)
        .await?
    {
        Conditional::NotModified => Ok(None),
        Conditional::Fresh { value, .. } => Ok(Option::<AppInstance>::from(value)),
    }
}

/// Starts app `app_id` in session `workbench_id` (of `workspace_id`, tenant `tenant_id`) for
/// user `user_id`; the reply comes at once. `Ok(None)`: the reply had no instance.
pub(crate) async fn create_instance(
    api: ApiClient,
    tenant_id: String,
    user_id: String,
    workspace_id: String,
    workbench_id: String,
    app_id: String,
) -> Result<Option<AppInstance>, ApiError> {
    let body = CreateAppInstanceBody::new(tenant_id, user_id, workspace_id, workbench_id, app_id);
    api.post::<_, AppInstanceResponse>(&rest(&["app-instances"]), &body)
        .await
        .map(Option::<AppInstance>::from)
}

/// Deletes an app instance (closing its tab).
pub(crate) async fn delete_instance(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["app-instances", id]))
        .await
        .map(drop)
}

/// The URL of an app's own page (*extension*), for its tab's iframe: on the origin of the
/// session it runs in (`session`) when `streamBaseUrl` names it (`{session}`). Refused for an
/// id that cannot be put there.
pub(crate) fn stream_url(
    api: ApiClient,
    session: Option<&str>,
    instance_id: &str,
) -> Result<String, FrameRefusal> {
    let path = rest(&["app-instances", instance_id, "stream", ""])
        .map_err(|_| FrameRefusal::NotAPathSegment(instance_id.to_string()))?;
    api.stream_url(session, &path)
}

/// Asks once whether the backend serves an app's own page (`url`, from [`stream_url`]): a
/// missing route marks [`Extension::AppStream`] missing (`Err(Unsupported)`); any other
/// answer, even an error (a 503 while it starts, or a cross-origin page the browser will not
/// show to a script), is left to the iframe, and none counts towards the offline banner.
pub(crate) async fn probe_stream(api: ApiClient, url: &str) -> Result<(), ApiError> {
    let reply = api.extension(Extension::AppStream, api.probe(url)).await;
    match reply {
        Err(e @ ApiError::Unsupported(_)) => Err(e),
        _ => Ok(()),
    }
}
