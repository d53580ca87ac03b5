//! `/users`: list, get, create, update, delete, and role assignments (api.md, "Users"; the
//! same in both flavors).

use std::time::SystemTime;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{Caller, Id, Id2, JsonBody, MaybeCaller, Params};
use crate::order;
use crate::perms::Target;
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::seed::NewUser;
use crate::store::{Store, User};
use crate::validate::{optional_text, valid_email, valid_username};
use axum::extract::State;
use axum::response::Response;

use super::user_body::{RoleAssignmentIn, UserIn};
use super::users_chorus as ch;

/// Default page size of users.
const DEFAULT_USER_LIMIT: usize = 20;

pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let paging = params.paging(app.config.flavor, DEFAULT_USER_LIMIT)?;
    let search = params
        .get("filter.search")
        .map(|s| s.trim().to_lowercase())
        .unwrap_or_default();
    let view = app.view();
    let st = app.store();
    // Members of a workspace, people a session is shared with (members.rs).
    let scope = super::member_rules::scope(&st, uid, &params)?;
    // CHORUS answers a request asked again within a second from the page it served then, after
    // the permission checks (its cache sits behind them).
    let cache_key = super::user_cache::list_key(&params);
    if app.chorus() {
        ch::check_list(&st, uid, &params)?;
        if let Some((items, sorted)) = super::user_cache::cached_list(&app, &cache_key) {
            return Ok(reply::page("users", items, &paging, sorted));
        }
    } else if scope.is_none() {
        // Finding a person needs searchUsers (as CHORUS); a whole list listUsers.
        let perm = if search.is_empty() || !st.allowed(uid, "searchUsers", &Target::none()) {
            "listUsers"
        } else {
            "searchUsers"
        };
        st.require(uid, perm, &Target::none())?;
    }
    let mut rows: Vec<&User> = st
        .users
        .values()
        .filter(|u| u.status != "deleted")
        .filter(|u| scope.as_ref().is_none_or(|s| s.holds(u)))
        .filter(|u| {
            search.is_empty() || {
                let full = format!("{} {}", u.first_name, u.last_name);
                [&u.username, &u.first_name, &u.last_name, &u.email, &full]
                    .iter()
                    .any(|f| f.to_lowercase().contains(&search))
            }
        })
        .collect();
    let sorted = order::arrange(&mut rows, paging.sort(), app.chorus());
    let items: Vec<_> = rows.into_iter().map(|u| view.user(u)).collect();
    if app.chorus() {
        let items: Vec<serde_json::Value> = items
            .iter()
            .map(|u| serde_json::to_value(u).unwrap_or_default())
            .collect();
        super::user_cache::keep_list(&app, cache_key, &items, &sorted);
        return Ok(reply::page("users", items, &paging, sorted));
    }
    Ok(reply::page("users", items, &paging, sorted))
}

fn user_id_for(st: &Store, id: &Id) -> ApiResult<u64> {
    let u = id.num("user")?;
    if st.users.contains_key(&u) {
        Ok(u)
    } else {
        Err(ApiError::not_found("user", &id.raw))
    }
}

/// The reply of the user endpoints: `{"result":{"user"}}`.
fn user_reply(app: &Shared, st: &Store, id: u64) -> ApiResult<Response> {
    let u = st
        .users
        .get(&id)
        .ok_or_else(|| ApiError::not_found("user", &id.to_string()))?;
    Ok(reply::result("user", app.view().user(u)))
}

pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let st = app.store();
    if app.chorus() {
        st.require(uid, "getUser", &Target::user(id.num("user")?))?;
        let target = user_id_for(&st, &id)?;
        return super::user_cache::cached_user(&app, &st, target);
    }
    let target = user_id_for(&st, &id)?;
    if target != uid {
        st.require(uid, "getUser", &Target::user(target))?;
    }
    user_reply(&app, &st, target)
}

/// `status` is required and must convert: an empty or unknown one is CHORUS's `500
/// CONVERSION_ERROR`; `deleted` converts but cannot be set here.
fn status_field(s: Option<&str>, errs: &mut Vec<FieldError>) -> ApiResult<String> {
    match s.unwrap_or("") {
        s @ ("active" | "disabled") => Ok(s.to_string()),
        "deleted" => {
            errs.push(FieldError::new("status", "must be active or disabled"));
            Ok("deleted".into())
        }
        other => Err(ApiError::new(
            Code::Conversion,
            format!("unable to convert the user: unknown user status \"{other}\""),
        )),
    }
}

/// The checked profile fields of a body.
struct Profile {
    username: String,
    first: String,
    last: String,
    email: String,
    status: String,
    source: String,
}

const USERNAME_RULE: &str = "must be 3–32 characters of a-z, 0-9, '.', '_' and '-'";

fn profile(body: &UserIn, errs: &mut Vec<FieldError>) -> ApiResult<Profile> {
    let status = status_field(body.status.as_deref(), errs)?;
    let username = body.username.clone().unwrap_or_default();
    if username.is_empty() {
        errs.push(FieldError::new("username", "is required"));
    } else if !valid_username(&username) {
        errs.push(FieldError::new("username", USERNAME_RULE));
    }
    let email = optional_text(body.email.as_deref(), "email", 254, errs).unwrap_or_default();
    if !email.is_empty() && !valid_email(&email) {
        errs.push(FieldError::new("email", "is not an email address"));
    }
    let first = optional_text(body.first_name.as_deref(), "firstName", 100, errs);
    let last = optional_text(body.last_name.as_deref(), "lastName", 100, errs);
    let source = optional_text(body.source.as_deref(), "source", 64, errs)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "internal".into());
    Ok(Profile {
        username,
        first: first.unwrap_or_default(),
        last: last.unwrap_or_default(),
        email,
        status,
        source,
    })
}

/// `password` of at least 8 characters (`required` on create).
fn password_field(p: Option<&str>, required: bool, errs: &mut Vec<FieldError>) -> Option<String> {
    let p = p.filter(|p| !p.is_empty());
    if (required || p.is_some()) && p.is_none_or(|p| p.chars().count() < 8) {
        errs.push(FieldError::new("password", "must be at least 8 characters"));
    }
    p.map(str::to_string)
}

fn taken(st: &Store, username: &str, except: Option<u64>) -> ApiResult<()> {
    if st
        .users
        .values()
        .any(|u| u.username == username && Some(u.id) != except)
    {
        return Err(ApiError::already_exists(format!(
            "username '{username}' is taken"
        )));
    }
    Ok(())
}

/// `POST /users`: an administrator's create (`createUser`), or without a login one's own account
/// (self-registration, [`super::register`]).
pub(crate) async fn create(
    State(app): State<Shared>,
    MaybeCaller(caller): MaybeCaller,
    JsonBody(body): JsonBody<UserIn>,
) -> ApiResult<Response> {
    let Some(uid) = caller else {
        return super::register::create(&app, &body);
    };
    let mut st = app.store();
    st.require(uid, "createUser", &Target::none())?;
    if app.chorus() {
        let id = ch::create_from(&mut st, &body)?;
        return user_reply(&app, &st, id);
    }
    let mut errs = Vec::new();
    let p = profile(&body, &mut errs)?;
    let password = password_field(body.password.as_deref(), true, &mut errs).unwrap_or_default();
    ApiError::check(errs)?;
    taken(&st, &p.username, None)?;
    let new = NewUser {
        username: &p.username,
        password: &password,
        first: &p.first,
        last: &p.last,
        email: &p.email,
        status: &p.status,
        source: &p.source,
    };
    let id = st.create_user(&new, Vec::new());
    user_reply(&app, &st, id)
}

/// `PUT /users`: replaces the profile fields whole; the password only when one is sent.
pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<UserIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    let target = body.id.required("id")?;
    if app.chorus() {
        ch::update_from(&mut st, uid, target, &body)?;
        return user_reply(&app, &st, target);
    }
    if !st.users.contains_key(&target) {
        return Err(ApiError::not_found("user", &target.to_string()));
    }
    st.require(uid, "updateUser", &Target::user(target))?;
    let mut errs = Vec::new();
    let p = profile(&body, &mut errs)?;
    let password = password_field(body.password.as_deref(), false, &mut errs);
    ApiError::check(errs)?;
    taken(&st, &p.username, Some(target))?;
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &target.to_string()))?;
    user.username = p.username;
    user.first_name = p.first;
    user.last_name = p.last;
    user.email = p.email;
    user.status = p.status;
    user.source = p.source;
    if let Some(pw) = password {
        user.password = pw;
    }
    user.updated_at = SystemTime::now();
    st.roles_changed(target);
    if app.chorus() {
        return super::user_cache::cached_user(&app, &st, target);
    }
    user_reply(&app, &st, target)
}

/// `{"result":{}}` in CHORUS; our flavor also returns the user, `status: "deleted"`.
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    if app.chorus() {
        st.require(uid, "deleteUser", &Target::user(id.num("user")?))?;
    }
    let target = user_id_for(&st, &id).map_err(|e| e.chorus_says("Unable to delete user"))?;
    st.require(uid, "deleteUser", &Target::user(target))?;
    if target == uid && !app.chorus() {
        return Err(ApiError::forbidden("you cannot delete your own user"));
    }
    // A soft delete, as CHORUS's `SoftDeleteUser` (seen on a running CHORUS 0978bc77): the
    // status becomes `deleted` and the username gets `-<uuid>` (again on a second delete), so
    // the name can be used again; roles, workspaces and sessions stay. CHORUS leaves issued
    // tokens valid; our flavor ends the user's logins.
    let suffix = st.uuid();
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &id.raw))?;
    user.status = "deleted".into();
    user.username = format!("{}-{suffix}", user.username);
    user.updated_at = SystemTime::now();
    if app.chorus() {
        return Ok(reply::empty_result());
    }
    let user = user.clone();
    st.tokens.retain(|_, t| t.user_id != target);
    Ok(reply::result("user", app.view().user(&user)))
}

pub(crate) async fn add_role(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    JsonBody(body): JsonBody<RoleAssignmentIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    if app.chorus() {
        let target = id.num("user")?;
        let role = body.role.unwrap_or_default();
        let name = role.name.unwrap_or_default();
        let context = ch::check_assign(&st, uid, target, &name, &role.context.0)?;
        user_id_for(&st, &id)?;
        if lock(&app.failing_roles).contains(&name) {
            return Err(ApiError::internal("Failed to create user role"));
        }
        // user-controller.go CreateUserRole: no uniqueness check (seen on a running CHORUS
        // 0978bc77: the same role and context given twice makes two assignments).
        st.grant(target, &name, context);
        st.roles_changed(target);
        return super::user_cache::cached_user(&app, &st, target);
    }
    st.require(uid, "manageUserRoles", &Target::none())?;
    let target = user_id_for(&st, &id)?;
    let role = body.role.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "role",
            "is required: {\"name\",\"context\"}",
        )])
    })?;
    let mut errs = Vec::new();
    let parsed = st.check_assignment(role.name.as_deref(), &role.context.0, "role", &mut errs);
    ApiError::check(errs)?;
    let (name, context) =
        parsed.ok_or_else(|| ApiError::validation(vec![FieldError::new("role", "is invalid")]))?;
    if lock(&app.failing_roles).contains(&name) {
        return Err(ApiError::internal(format!(
            "could not assign role {name}: the role service failed (devserver role-failures knob)"
        )));
    }
    st.add_assignment(target, name, context)?;
    st.roles_changed(target);
    user_reply(&app, &st, target)
}

/// `DELETE /users/{userId}/role/{roleId}`: `roleId` is the assignment's `id` in
/// `rolesWithContext`.
pub(crate) async fn remove_role(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id2(id, role_id): Id2,
) -> ApiResult<Response> {
    let mut st = app.store();
    if app.chorus() {
        st.require(uid, "manageUserRoles", &Target::user(id.num("user")?))?;
    } else {
        st.require(uid, "manageUserRoles", &Target::none())?;
    }
    let target = user_id_for(&st, &id)?;
    let assignment = role_id.num("role assignment")?;
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &id.raw))?;
    let before = user.roles.len();
    user.roles.retain(|a| a.id != assignment);
    if user.roles.len() == before {
        return Err(ApiError::not_found(
            "role assignment",
            &format!("{} of user {}", role_id.raw, id.raw),
        ));
    }
    user.updated_at = SystemTime::now();
    if app.chorus() {
        return super::user_cache::cached_user(&app, &st, target);
    }
    user_reply(&app, &st, target)
}
