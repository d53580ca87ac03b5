//! `/users`: list, get, create, update, delete, and role assignments.

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{parse_id, BodySpec, Caller, Context, Id, Id2, JsonBody, OptId, Params};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::seed::NewUser;
use crate::store::Store;
use crate::validate::{optional_text, valid_email, valid_username};
use crate::wire;

/// Default page size of users.
const DEFAULT_USER_LIMIT: usize = 20;

pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let (offset, limit) = params.pagination(DEFAULT_USER_LIMIT)?;
    let search = params
        .get("filter.search")
        .map(|s| s.trim().to_lowercase())
        .unwrap_or_default();
    let st = app.store();
    st.require(uid, "listUsers", &Target::none())?;
    let items: Vec<_> = st
        .users
        .values()
        .filter(|u| {
            search.is_empty() || {
                let full = format!("{} {}", u.first_name, u.last_name);
                [&u.username, &u.first_name, &u.last_name, &u.email, &full]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&search))
            }
        })
        .map(wire::user)
        .collect();
    Ok(reply::page("users", items, offset, limit))
}

fn user_id_for(st: &Store, id: &str) -> ApiResult<u64> {
    let u = parse_id("user", id)?;
    if st.users.contains_key(&u) {
        Ok(u)
    } else {
        Err(ApiError::not_found("user", id))
    }
}

/// The reply of the user endpoints: `{"result":{"user"}}`.
fn user_reply(st: &Store, id: u64) -> ApiResult<Response> {
    let u = st
        .users
        .get(&id)
        .ok_or_else(|| ApiError::not_found("user", &id.to_string()))?;
    Ok(reply::result("user", wire::user(u)))
}

pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id(id): Id,
) -> ApiResult<Response> {
    let st = app.store();
    let target = user_id_for(&st, &id)?;
    if target != uid {
        st.require(uid, "getUser", &Target::user(target))?;
    }
    user_reply(&st, target)
}

/// A role assignment in a body: `{"name","context":{"workspace":"1"}}`.
#[derive(Deserialize)]
pub(crate) struct AssignmentIn {
    name: Option<String>,
    #[serde(default)]
    context: Context,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserIn {
    #[serde(default)]
    id: OptId,
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    password: Option<String>,
    status: Option<String>,
    source: Option<String>,
    roles_with_context: Option<Vec<AssignmentIn>>,
}

impl BodySpec for UserIn {
    const WRAPPER: Option<&'static str> = Some("user");
}

fn status_field(s: Option<&str>, errs: &mut Vec<FieldError>) -> Option<String> {
    match s? {
        s @ ("active" | "disabled") => Some(s.to_string()),
        _ => {
            errs.push(FieldError::new("user.status", "must be active or disabled"));
            None
        }
    }
}

fn email_field(e: Option<&str>, errs: &mut Vec<FieldError>) -> Option<String> {
    let email = optional_text(e, "user.email", 254, errs)?;
    if !email.is_empty() && !valid_email(&email) {
        errs.push(FieldError::new("user.email", "is not an email address"));
    }
    Some(email)
}

const USERNAME_RULE: &str = "must be 3–32 characters of a-z, 0-9, '.', '_' and '-'";

pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<UserIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "createUser", &Target::none())?;
    let mut errs = Vec::new();
    let username = body.username.unwrap_or_default();
    if username.is_empty() {
        errs.push(FieldError::new("user.username", "is required"));
    } else if !valid_username(&username) {
        errs.push(FieldError::new("user.username", USERNAME_RULE));
    }
    let password = body.password.unwrap_or_default();
    if password.chars().count() < 8 {
        errs.push(FieldError::new(
            "user.password",
            "must be at least 8 characters",
        ));
    }
    let email = email_field(body.email.as_deref(), &mut errs).unwrap_or_default();
    let first = optional_text(body.first_name.as_deref(), "user.firstName", 100, &mut errs)
        .unwrap_or_default();
    let last = optional_text(body.last_name.as_deref(), "user.lastName", 100, &mut errs)
        .unwrap_or_default();
    let status = status_field(body.status.as_deref(), &mut errs).unwrap_or_else(|| "active".into());
    let source = optional_text(body.source.as_deref(), "user.source", 64, &mut errs)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "internal".into());
    let mut roles = Vec::new();
    for (i, a) in body.roles_with_context.iter().flatten().enumerate() {
        let field = format!("user.rolesWithContext[{i}]");
        if let Some(a) = st.check_assignment(a.name.as_deref(), &a.context.0, &field, &mut errs) {
            if !roles.contains(&a) {
                roles.push(a);
            }
        }
    }
    ApiError::check(errs)?;
    if !roles.is_empty() {
        st.require(uid, "manageUserRoles", &Target::none())?;
    }
    if st.users.values().any(|u| u.username == username) {
        return Err(ApiError::already_exists(format!(
            "username '{username}' is taken"
        )));
    }
    let new = NewUser {
        username: &username,
        password: &password,
        first: &first,
        last: &last,
        email: &email,
        status: &status,
        source: &source,
    };
    let id = st.create_user(&new, roles);
    user_reply(&st, id)
}

pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<UserIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    let Some(target) = body.id.0 else {
        return Err(ApiError::validation(vec![FieldError::new(
            "user.id",
            "is required",
        )]));
    };
    if !st.users.contains_key(&target) {
        return Err(ApiError::not_found("user", &target.to_string()));
    }
    st.require(uid, "updateUser", &Target::user(target))?;
    let mut errs = Vec::new();
    if let Some(u) = &body.username {
        if !valid_username(u) {
            errs.push(FieldError::new("user.username", USERNAME_RULE));
        }
    }
    let email = email_field(body.email.as_deref(), &mut errs);
    let first = optional_text(body.first_name.as_deref(), "user.firstName", 100, &mut errs);
    let last = optional_text(body.last_name.as_deref(), "user.lastName", 100, &mut errs);
    let status = status_field(body.status.as_deref(), &mut errs);
    let password = body.password.filter(|p| !p.is_empty());
    if password.as_ref().is_some_and(|p| p.chars().count() < 8) {
        errs.push(FieldError::new(
            "user.password",
            "must be at least 8 characters",
        ));
    }
    ApiError::check(errs)?;
    if let Some(u) = &body.username {
        if st
            .users
            .values()
            .any(|x| x.id != target && &x.username == u)
        {
            return Err(ApiError::already_exists(format!("username '{u}' is taken")));
        }
    }
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &target.to_string()))?;
    for (field, value) in [
        (&mut user.username, body.username),
        (&mut user.email, email),
        (&mut user.first_name, first),
        (&mut user.last_name, last),
        (&mut user.status, status),
        (&mut user.password, password),
    ] {
        if let Some(v) = value {
            *field = v;
        }
    }
    user.updated_at = SystemTime::now();
    user_reply(&st, target)
}

pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id(id): Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    let target = user_id_for(&st, &id)?;
    st.require(uid, "deleteUser", &Target::user(target))?;
    if target == uid {
        return Err(ApiError::forbidden("you cannot delete your own user"));
    }
    let mut user = st
        .users
        .remove(&target)
        .ok_or_else(|| ApiError::not_found("user", &id))?;
    st.tokens.retain(|_, t| t.user_id != target);
    user.status = "deleted".into();
    Ok(reply::result("user", wire::user(&user)))
}

#[derive(Deserialize)]
pub(crate) struct RoleAssignmentIn {
    role: Option<AssignmentIn>,
    name: Option<String>,
    #[serde(default)]
    context: Context,
}

impl BodySpec for RoleAssignmentIn {}

pub(crate) async fn add_role(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id(id): Id,
    JsonBody(body): JsonBody<RoleAssignmentIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "manageUserRoles", &Target::none())?;
    let target = user_id_for(&st, &id)?;
    // `{"role":{"name","context"}}`, or leniently the fields at top level.
    let (name, context) = match &body.role {
        Some(r) => (r.name.as_deref(), &r.context.0),
        None => (body.name.as_deref(), &body.context.0),
    };
    let mut errs = Vec::new();
    let parsed = st.check_assignment(name, context, "role", &mut errs);
    ApiError::check(errs)?;
    let (name, context) =
        parsed.ok_or_else(|| ApiError::validation(vec![FieldError::new("role", "is invalid")]))?;
    st.add_assignment(target, name, context)?;
    user_reply(&st, target)
}

pub(crate) async fn remove_role(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id2(id, role_id): Id2,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "manageUserRoles", &Target::none())?;
    let target = user_id_for(&st, &id)?;
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &id))?;
    let before = user.roles.len();
    let by_id = role_id.parse::<u64>().ok();
    user.roles.retain(|a| Some(a.id) != by_id);
    if user.roles.len() == before {
        // Lenient: a role name removes every assignment of that role.
        user.roles.retain(|a| a.name != role_id);
    }
    if user.roles.len() == before {
        return Err(ApiError::not_found("role assignment", &role_id));
    }
    user.updated_at = SystemTime::now();
    user_reply(&st, target)
}
