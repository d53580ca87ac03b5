//! CHORUS's terms-of-use service (api.md "Terms-of-use service"), both flavors, the same paths
//! and shapes: versions (draft → published → archived), the current one, acceptances. The
//! backend blocks nothing until the terms are accepted (CHORUS does not): the console does.
//! Records in `store/terms.rs`.

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{BodySpec, Caller, Id, JsonBody, NoFields, Params};
use crate::perms::Target;
use crate::reply;
use crate::state::{lock, AppState, Shared};
use crate::store::terms::{Acceptance, Version, VersionStatus};
use crate::store::TENANT;
use crate::wire::v1;

use super::params::Page;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionOut {
    id: String,
    tenant_id: String,
    content: String,
    status: &'static str,
    created_at: String,
    updated_at: String,
}

fn version_out(app: &AppState, v: &Version) -> VersionOut {
    VersionOut {
        id: v.id.to_string(),
        tenant_id: TENANT.to_string(),
        content: v.content.clone(),
        status: v.status.wire(),
        created_at: app.stamp(v.created_at),
        updated_at: app.stamp(v.updated_at),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AcceptanceOut {
    id: String,
    tenant_id: String,
    user_id: String,
    terms_of_use_version_id: String,
    accepted_at: String,
}

fn acceptance_out(app: &AppState, a: &Acceptance) -> AcceptanceOut {
    AcceptanceOut {
        id: a.id.to_string(),
        tenant_id: TENANT.to_string(),
        user_id: a.user_id.to_string(),
        terms_of_use_version_id: a.version_id.to_string(),
        accepted_at: app.stamp(a.accepted_at),
    }
}

fn version_reply(app: &AppState, v: &Version) -> Response {
    reply::result("termsOfUseVersion", version_out(app, v))
}

/// A platform permission (no context).
fn require(app: &Shared, uid: u64, perm: &str) -> ApiResult<()> {
    app.store().require(uid, perm, &Target::none())
}

/// A permission on oneself (`user` context in CHORUS's catalogue).
fn require_own(app: &Shared, uid: u64, perm: &str) -> ApiResult<()> {
    app.store().require(uid, perm, &Target::user(uid))
}

/// `{"content":"…"}` of a create or an update (the path's `id` may be echoed in an update).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContentIn {
    content: Option<String>,
    #[serde(rename = "id")]
    _id: Option<serde::de::IgnoredAny>,
}

impl BodySpec for ContentIn {
    const EMPTY_OK: bool = true;
}

/// CHORUS's validation middleware: empty or blank content is `400 Content is required`.
fn content(body: ContentIn) -> ApiResult<String> {
    match body.content {
        Some(c) if !c.trim().is_empty() => Ok(c),
        _ => Err(ApiError::new(Code::ValidationError, "Content is required")),
    }
}

fn version_id(id: &Id) -> ApiResult<u64> {
    id.num("terms of use version")
}

/// `POST /terms-of-use/versions {"content"}` → a draft.
pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ContentIn>,
) -> ApiResult<Response> {
    require(&app, uid, "createTermsOfUseVersion")?;
    let content = content(body)?;
    let mut st = app.store();
    let id = st.terms.create(content, SystemTime::now());
    let v = st
        .terms
        .versions
        .get(&id)
        .ok_or_else(|| ApiError::internal("Unable to create terms of use version"))?;
    Ok(version_reply(&app, v))
}

/// `PUT /terms-of-use/versions/{id} {"content"}`: drafts only (another, or none: `404 Unable
/// to update terms of use version`).
pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    JsonBody(body): JsonBody<ContentIn>,
) -> ApiResult<Response> {
    require(&app, uid, "updateTermsOfUseVersion")?;
    let n = version_id(&id)?;
    let content = content(body)?;
    let mut st = app.store();
    let v = st
        .terms
        .versions
        .get_mut(&n)
        .filter(|v| v.status == VersionStatus::Draft)
        .ok_or_else(|| ApiError::new(Code::NotFound, "Unable to update terms of use version"))?;
    v.content = content;
    v.updated_at = SystemTime::now();
    let v = v.clone();
    Ok(version_reply(&app, &v))
}

/// `POST /terms-of-use/versions/{id}/publish {}`: the published one is archived, this one (of
/// any status) published.
pub(crate) async fn publish(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    JsonBody(NoFields {}): JsonBody<NoFields>,
) -> ApiResult<Response> {
    require(&app, uid, "publishTermsOfUseVersion")?;
    let n = version_id(&id)?;
    let mut st = app.store();
    if !st.terms.publish(n, SystemTime::now()) {
        return Err(ApiError::new(
            Code::NotFound,
            "Unable to publish terms of use version",
        ));
    }
    let v = st
        .terms
        .versions
        .get(&n)
        .cloned()
        .ok_or_else(|| ApiError::internal("Unable to publish terms of use version"))?;
    Ok(version_reply(&app, &v))
}

/// `GET /terms-of-use/versions/{id}`.
pub(crate) async fn get_version(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    require(&app, uid, "getTermsOfUseVersion")?;
    let n = version_id(&id)?;
    let st = app.store();
    let v = st
        .terms
        .versions
        .get(&n)
        .ok_or_else(|| ApiError::new(Code::NotFound, "Unable to get terms of use version"))?;
    Ok(version_reply(&app, v))
}

type Column = fn(&Version, &Version) -> std::cmp::Ordering;

/// `IsValidSortType` of the version model (another is ignored: id order).
fn sort_key(kind: Option<&str>) -> Option<(&'static str, Column)> {
    match kind? {
        "id" => Some(("id", |a, b| a.id.cmp(&b.id))),
        "createdat" => Some(("createdat", |a, b| a.created_at.cmp(&b.created_at))),
        "updatedat" => Some(("updatedat", |a, b| a.updated_at.cmp(&b.updated_at))),
        "status" => Some(("status", |a, b| a.status.model().cmp(b.status.model()))),
        _ => None,
    }
}

/// `GET /terms-of-use/versions`: paged, sorted as asked; `pagination.query` (a text the content
/// must hold, any case) is ours as much as CHORUS's (read from its store: unverified).
pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let page = Page::of(&app, &params)?;
    require(&app, uid, "listTermsOfUseVersions")?;
    let query = params
        .get("pagination.query")
        .map(|q| q.trim().to_lowercase())
        .unwrap_or_default();
    let st = app.store();
    let mut rows: Vec<&Version> = st
        .terms
        .versions
        .values()
        .filter(|v| query.is_empty() || v.content.to_lowercase().contains(&query))
        .collect();
    let (column, cmp) = sort_key(page.sort_type.as_deref()).unwrap_or(("", |a, b| a.id.cmp(&b.id)));
    rows.sort_by(|a, b| {
        let o = cmp(a, b).then(a.id.cmp(&b.id));
        if page.descending && !column.is_empty() {
            o.reverse()
        } else {
            o
        }
    });
    let rows: Vec<VersionOut> = rows.into_iter().map(|v| version_out(&app, v)).collect();
    Ok(page.reply("termsOfUseVersions", rows, column))
}

fn no_current() -> ApiError {
    ApiError::new(Code::NotFound, "Unable to get current terms of use version")
}

/// `GET /terms-of-use/versions/current`: the published version; none → 404. In the chorus
/// flavor from CHORUS's one-second cache (`terms-of-use/service/middleware/caching.go`,
/// 0978bc77: `shortCacheExpiration`, only a found version is kept), whoever asked and whatever
/// was published since: seen on a running CHORUS, a read right after a publish answered the
/// version before it, while an acceptance then recorded the new one
/// (`fixtures/chorus/terms_publish.json`).
pub(crate) async fn current(State(app): State<Shared>, Caller(uid): Caller) -> ApiResult<Response> {
    require(&app, uid, "getCurrentTermsOfUseVersion")?;
    if app.chorus() {
        if let Some(v) = lock(&app.terms_current).one(CURRENT_KEY) {
            return Ok(reply::result("termsOfUseVersion", v));
        }
    }
    let st = app.store();
    let v = st.terms.current().ok_or_else(no_current)?;
    if app.chorus() {
        let row = serde_json::to_value(version_out(&app, v))
            .map_err(|e| ApiError::internal(e.to_string()))?;
        lock(&app.terms_current).keep_one(CURRENT_KEY.to_owned(), &row);
        return Ok(reply::result("termsOfUseVersion", row));
    }
    Ok(version_reply(&app, v))
}

/// The one key of the current version's cache (the dev server has one tenant).
const CURRENT_KEY: &str = "current";

/// `POST /api/dev/terms-cache?ms=…`: how long the chorus flavor's cache of the current version
/// keeps it (1,000 as on CHORUS; 0: none; longer for a test of a race inside it that a loaded
/// machine must not miss; a reset sets it back). → `{"ttlMs": n}`.
pub(crate) async fn set_current_ttl(
    State(app): State<Shared>,
    params: Params,
) -> ApiResult<Response> {
    super::user_cache::set_list_cache_ttl(&app.terms_current, &params)
}

/// `GET /terms-of-use/acceptances`: the caller's own acceptances only (CHORUS's controller
/// passes the caller's id), oldest first.
pub(crate) async fn acceptances(
    State(app): State<Shared>,
    Caller(uid): Caller,
) -> ApiResult<Response> {
    require(&app, uid, "listTermsOfUseAcceptances")?;
    let st = app.store();
    let rows: Vec<AcceptanceOut> = st
        .terms
        .acceptances
        .iter()
        .filter(|a| a.user_id == uid)
        .map(|a| acceptance_out(&app, a))
        .collect();
    Ok(reply::result("termsOfUseAcceptances", rows))
}

/// `GET /terms-of-use/acceptances/status` → `{"status":{"accepted"}}`. The chorus flavor keeps
/// the answer a second, as CHORUS's cache does (an acceptance does not clear it: a status asked
/// right after `Accept` can still say `false`).
pub(crate) async fn status(State(app): State<Shared>, Caller(uid): Caller) -> ApiResult<Response> {
    require_own(&app, uid, "getMyTermsOfUseStatus")?;
    let accepted = {
        let mut st = app.store();
        let now = std::time::Instant::now();
        let cached = st
            .terms
            .status_cache
            .get(&uid)
            .filter(|(_, at)| now.duration_since(*at) < crate::store::terms::STATUS_CACHE)
            .map(|(a, _)| *a);
        match cached {
            Some(a) if app.chorus() => a,
            _ => {
                let a = st.terms.accepted_current(uid);
                if app.chorus() {
                    st.terms.status_cache.insert(uid, (a, now));
                }
                a
            }
        }
    };
    Ok(reply::result(
        "status",
        serde_json::json!({ "accepted": accepted }),
    ))
}

/// `POST /terms-of-use/acceptances {}`: the caller accepts the published version; none → 404;
/// twice → CHORUS's unique index, `500 Unable to accept terms of use`.
pub(crate) async fn accept(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(NoFields {}): JsonBody<NoFields>,
) -> ApiResult<Response> {
    require_own(&app, uid, "acceptTermsOfUse")?;
    let mut st = app.store();
    let current = st.terms.current().map(|v| v.id).ok_or_else(no_current)?;
    if st.terms.has_accepted(uid, current) {
        return Err(ApiError::internal("Unable to accept terms of use"));
    }
    let a = st.terms.accept(uid, current, SystemTime::now());
    Ok(reply::result(
        "termsOfUseAcceptance",
        acceptance_out(&app, &a),
    ))
}

/// The routes of the terms-of-use service.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route(&v1("/terms-of-use/versions"), get(list).post(create))
        .route(&v1("/terms-of-use/versions/current"), get(current))
        .route(
            &v1("/terms-of-use/versions/{id}"),
            get(get_version).put(update),
        )
        .route(&v1("/terms-of-use/versions/{id}/publish"), post(publish))
        .route(
            &v1("/terms-of-use/acceptances"),
            get(acceptances).post(accept),
        )
        .route(&v1("/terms-of-use/acceptances/status"), get(status))
}

// ----- the demo and the dev API ---------------------------------------------------------------

/// The text of the hostile version: a script, `javascript:` and `data:` links, raw HTML, and
/// about 1 MB of text.
pub(crate) fn hostile_content() -> String {
    let mut s = String::from(
        "# Hostile terms <script>alert('terms')</script>\n\n\
         <img src=x onerror=alert(1)>\n\n\
         - [a javascript: link](javascript:alert('link'))\n\
         - [a data: link](data:text/html,<script>alert(1)</script>)\n\
         - <a href=\"javascript:alert(2)\">raw anchor</a>\n\
         - *emphasis* and **strong** and `code`\n\n\
         <iframe src=\"https://example.org\"></iframe>\n\n",
    );
    let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
                incididunt ut labore et dolore magna aliqua. \u{202e}txet desrever\n\n";
    while s.len() < 1_000_000 {
        s.push_str(para);
    }
    s
}

/// `PUT /api/dev/terms {"required":bool}`: `true` forgets every acceptance of the published
/// version (everyone must accept it again), `false` has every user accept it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DevTermsIn {
    required: bool,
}

impl BodySpec for DevTermsIn {}

fn dev_state(app: &AppState) -> Response {
    let st = app.store_raw();
    let current = st.terms.current().map(|v| v.id);
    let accepted: Vec<String> = st
        .users
        .values()
        .filter(|u| st.terms.accepted_current(u.id))
        .map(|u| u.username.clone())
        .collect();
    reply::ok(&serde_json::json!({
        "currentVersionId": current.map(|c| c.to_string()),
        "acceptedBy": accepted,
        "versions": st.terms.versions.len(),
    }))
}

/// `GET /api/dev/terms` → `{"currentVersionId","acceptedBy":[usernames],"versions":n}`.
pub(crate) async fn dev_get(State(app): State<Shared>) -> Response {
    dev_state(&app)
}

pub(crate) async fn dev_put(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevTermsIn>,
) -> Response {
    {
        let mut st = app.store_raw();
        if body.required {
            st.terms.forget_current();
        } else {
            let ids: Vec<u64> = st.users.keys().copied().collect();
            st.terms.accept_all(&ids, SystemTime::now());
        }
    }
    dev_state(&app)
}

/// `POST /api/dev/terms/publish {"content"?, "hostile"?}`: a new version, published at once
/// (the previous archived), accepted by nobody: the given text, the hostile one, or a short
/// default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DevPublishIn {
    content: Option<String>,
    hostile: Option<bool>,
}

impl BodySpec for DevPublishIn {
    const EMPTY_OK: bool = true;
}

pub(crate) async fn dev_publish(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevPublishIn>,
) -> ApiResult<Response> {
    let mut st = app.store_raw();
    let n = st.terms.versions.len() + 1;
    let content = if body.hostile == Some(true) {
        hostile_content()
    } else {
        match body.content {
            Some(c) if !c.trim().is_empty() => c,
            Some(_) => {
                return Err(ApiError::new(Code::ValidationError, "Content is required"));
            }
            None => format!(
                "# Terms of use, version {n}\n\nThe rules have changed: read them *again*.\n\n\
                 - Keep personal data in its workspace.\n\
                 - See the [policy](https://example.org/data-protection).\n"
            ),
        }
    };
    let now = SystemTime::now();
    let id = st.terms.create(content, now);
    st.terms.publish(id, now);
    let v = st
        .terms
        .versions
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::internal("Unable to publish terms of use version"))?;
    drop(st);
    Ok(version_reply(&app, &v))
}

/// `DELETE /api/dev/terms`: no version at all, no acceptance (a CHORUS whose terms were never
/// written: `current` answers 404, the status `accepted: false`).
pub(crate) async fn dev_delete(State(app): State<Shared>) -> Response {
    {
        let mut st = app.store_raw();
        st.terms.versions.clear();
        st.terms.acceptances.clear();
    }
    dev_state(&app)
}

/// The dev routes of the terms (behind the dev guard).
pub(crate) fn dev_routes() -> Router<Shared> {
    Router::new()
        .route(
            "/api/dev/terms",
            get(dev_get).put(dev_put).delete(dev_delete),
        )
        .route("/api/dev/terms/publish", post(dev_publish))
}
