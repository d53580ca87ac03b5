//! `/devstore/{global,user,workspace/{id}}`: CHORUS's dev store (api.md §4b; the records in
//! `store/devstore.rs`), both flavors, as a running CHORUS 0978bc77 answered
//! (`fixtures/chorus/devstore.json`):
//!
//! - the global scope is read without a login (a bad token is ignored) and written with
//!   `setPlatformSettings`; the user scope is the caller's (`getMyOwnUser` on the caller); a
//!   workspace's is read with `getWorkspace` and written with `updateWorkspace` on its id;
//! - a put replaces the value and echoes `{"key","value"}`; a get of a missing key is 404
//!   (`unable to call 'Get…Entry': … sql: no rows in result set`, no details); a delete of a
//!   missing key is `{"result":{}}`; a list is `{"entries":{key: value}}`, every entry, no
//!   pagination;
//! - CHORUS checks nothing else: an empty key or value, a key with `/` (which no URL reads
//!   back: `%2F` is its gateway's `Not Found`), a workspace that does not exist, a value of
//!   20 MB. Ours refuses an empty key, a key with `/` and a value over 4 MB (400, in words),
//!   and answers 404 for a workspace that does not exist.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, Caller, Id, Id2, JsonBody, OptId};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::devstore::{Scope, MAX_TOTAL, MAX_VALUE};
use crate::store::Store;

/// The largest body of a put: CHORUS takes any size; this one stops at 64 MB.
pub(crate) const DEVSTORE_BODY_LIMIT: usize = 64 << 20;

/// `{"key","value"}` (a workspace's also takes `id`, which the path overrides).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct EntryIn {
    key: Option<String>,
    value: Option<String>,
}

impl BodySpec for EntryIn {
    const EMPTY_OK: bool = true;
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct WorkspaceEntryIn {
    #[serde(default, rename = "id")]
    _id: OptId,
    key: Option<String>,
    value: Option<String>,
}

impl BodySpec for WorkspaceEntryIn {
    const EMPTY_OK: bool = true;
}

/// The call's name in CHORUS's messages (`GetGlobalEntry`, …).
fn call(verb: &str, scope: Scope) -> String {
    let what = match scope {
        Scope::Global => "Global",
        Scope::User(_) => "User",
        Scope::Workspace(_) => "Workspace",
    };
    format!("{verb}{what}Entry")
}

/// A key read from a path: one with `/` is no route to CHORUS's gateway.
fn path_key(app: &Shared, raw: &str) -> ApiResult<String> {
    if raw.contains('/') {
        return Err(if app.chorus() {
            ApiError::gateway(Code::NotFound, StatusCode::NOT_FOUND, 5, "Not Found")
        } else {
            ApiError::not_found("dev store entry", raw)
        });
    }
    Ok(raw.to_string())
}

/// Who may read (`write == false`) or write `scope`, checked as the flavor does.
fn check(app: &Shared, st: &Store, uid: u64, scope: Scope, write: bool) -> ApiResult<()> {
    match scope {
        Scope::Global => st.require(uid, "setPlatformSettings", &Target::none()),
        // Ours: every logged-in user has a scope of their own.
        Scope::User(_) if !app.chorus() => Ok(()),
        Scope::User(me) => st.require(uid, "getMyOwnUser", &Target::user(me)),
        Scope::Workspace(id) => {
            let live = st
                .workspaces
                .get(&id)
                .is_some_and(|w| w.status != "deleted");
            if !app.chorus() && !live {
                return Err(ApiError::not_found("workspace", &id.to_string()));
            }
            let perm = if write {
                "updateWorkspace"
            } else {
                "getWorkspace"
            };
            st.require(uid, perm, &Target::workspace(id))
        }
    }
}

fn list(app: &Shared, uid: Option<u64>, scope: Scope) -> ApiResult<Response> {
    let st = app.store();
    if let Some(uid) = uid {
        check(app, &st, uid, scope, false)?;
    }
    Ok(reply::result("entries", st.devstore.list(scope)))
}

fn get(app: &Shared, uid: Option<u64>, scope: Scope, raw: &str) -> ApiResult<Response> {
    let key = path_key(app, raw)?;
    let st = app.store();
    if let Some(uid) = uid {
        check(app, &st, uid, scope, false)?;
    }
    match st.devstore.get(scope, &key) {
        Some(value) => Ok(reply::ok(&json!({"result": {"key": key, "value": value}}))),
        None => Err(
            ApiError::not_found("dev store entry", &key).chorus_bare(&format!(
                "unable to call '{}': unable to get devstore entry: sql: no rows in result set",
                call("Get", scope)
            )),
        ),
    }
}

/// Ours: what a put may not be, in words.
fn refusal(st: &Store, scope: Scope, key: &str, value: &str) -> Option<FieldError> {
    let mb = |n: usize| format!("{:.1} MB", n as f64 / 1_048_576.0);
    if key.is_empty() {
        Some(FieldError::new("key", "is required"))
    } else if key.contains('/') {
        Some(FieldError::new(
            "key",
            "may not contain '/' (no URL could read it back)",
        ))
    } else if value.len() > MAX_VALUE {
        Some(FieldError::new(
            "value",
            format!(
                "is {}; the dev server keeps values up to {}",
                mb(value.len()),
                mb(MAX_VALUE)
            ),
        ))
    } else if st.devstore.bytes_after(scope, key, value) > MAX_TOTAL {
        Some(FieldError::new(
            "value",
            format!(
                "does not fit: the dev server keeps {} of entries in all (delete some, or reset)",
                mb(MAX_TOTAL)
            ),
        ))
    } else {
        None
    }
}

fn put(app: &Shared, uid: u64, scope: Scope, key: String, value: String) -> ApiResult<Response> {
    let mut st = app.store();
    check(app, &st, uid, scope, true)?;
    if !app.chorus() {
        if let Some(e) = refusal(&st, scope, &key, &value) {
            return Err(ApiError::validation(vec![e]));
        }
    }
    st.devstore.put(scope, &key, &value);
    drop(st);
    Ok(reply::ok(&json!({"result": {"key": key, "value": value}})))
}

fn delete(app: &Shared, uid: u64, scope: Scope, raw: &str) -> ApiResult<Response> {
    let key = path_key(app, raw)?;
    let mut st = app.store();
    check(app, &st, uid, scope, true)?;
    st.devstore.delete(scope, &key);
    Ok(reply::ok(&json!({"result": {}})))
}

// ----- the routes ---------------------------------------------------------------------------

/// `GET /devstore/global`: no login needed.
pub(crate) async fn global_list(State(app): State<Shared>) -> ApiResult<Response> {
    list(&app, None, Scope::Global)
}

/// `GET /devstore/global/{key}`: no login needed.
pub(crate) async fn global_get(State(app): State<Shared>, key: Id) -> ApiResult<Response> {
    get(&app, None, Scope::Global, &key.raw)
}

/// `GET /devstore/global/`: the empty key, as CHORUS's route reads it.
pub(crate) async fn global_get_empty(State(app): State<Shared>) -> ApiResult<Response> {
    get(&app, None, Scope::Global, "")
}

pub(crate) async fn global_put(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<EntryIn>,
) -> ApiResult<Response> {
    let (key, value) = (body.key.unwrap_or_default(), body.value.unwrap_or_default());
    put(&app, uid, Scope::Global, key, value)
}

pub(crate) async fn global_delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    key: Id,
) -> ApiResult<Response> {
    delete(&app, uid, Scope::Global, &key.raw)
}

pub(crate) async fn global_delete_empty(
    State(app): State<Shared>,
    Caller(uid): Caller,
) -> ApiResult<Response> {
    delete(&app, uid, Scope::Global, "")
}

pub(crate) async fn user_list(
    State(app): State<Shared>,
    Caller(uid): Caller,
) -> ApiResult<Response> {
    list(&app, Some(uid), Scope::User(uid))
}

pub(crate) async fn user_get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    key: Id,
) -> ApiResult<Response> {
    get(&app, Some(uid), Scope::User(uid), &key.raw)
}

pub(crate) async fn user_put(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<EntryIn>,
) -> ApiResult<Response> {
    let (key, value) = (body.key.unwrap_or_default(), body.value.unwrap_or_default());
    put(&app, uid, Scope::User(uid), key, value)
}

pub(crate) async fn user_delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    key: Id,
) -> ApiResult<Response> {
    delete(&app, uid, Scope::User(uid), &key.raw)
}

pub(crate) async fn workspace_list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let scope = Scope::Workspace(id.num("workspace")?);
    list(&app, Some(uid), scope)
}

pub(crate) async fn workspace_get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id2(id, key): Id2,
) -> ApiResult<Response> {
    let scope = Scope::Workspace(id.num("workspace")?);
    get(&app, Some(uid), scope, &key.raw)
}

pub(crate) async fn workspace_put(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    JsonBody(body): JsonBody<WorkspaceEntryIn>,
) -> ApiResult<Response> {
    let scope = Scope::Workspace(id.num("workspace")?);
    let (key, value) = (body.key.unwrap_or_default(), body.value.unwrap_or_default());
    put(&app, uid, scope, key, value)
}

pub(crate) async fn workspace_delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id2(id, key): Id2,
) -> ApiResult<Response> {
    let scope = Scope::Workspace(id.num("workspace")?);
    delete(&app, uid, scope, &key.raw)
}
