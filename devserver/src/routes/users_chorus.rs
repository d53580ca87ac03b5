//! `/users` in the `chorus` flavor, as CHORUS does it: the checks of
//! `internal/api/v1/middleware/user-authorization.go` (before anything is looked up), the
//! validation of `pkg/user/service/requests.go` (Go field names, validator tags), no checks
//! CHORUS does not make (no password length, no email format, no uniqueness answer but a bare
//! 500), and role calls answered from the user cache of `pkg/user/service/middleware/caching.go`
//! (`user_cache.rs`).

use std::collections::BTreeMap;
use std::time::SystemTime;

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::Params;
use crate::perms::Target;
use crate::store::chorus::context;
use crate::store::seed::NewUser;
use crate::store::Store;

use super::user_body::UserIn;

/// `internal/utils/validation/validation.go` `generalstring`: letters (also `À`–`ÿ`), digits,
/// white space and `,;.:-_$£!^'?=()/&%*#\"+[]{}@`; so never `| < > ~`.
pub(crate) fn general_string(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || ('\u{C0}'..='\u{FF}').contains(&c)
            || c.is_whitespace()
            || ",;.:-_$£!^'?=()/&%*#\\\"+[]{}@".contains(c)
    })
}

fn target(user: u64) -> Target {
    Target::user(user)
}

/// `ListUsers`: without a `filter.*` parameter `listUsers`; with one, `getUser` per
/// `filter.idsIn`, `getWorkspace` per `filter.workspaceIds`, `getWorkbench` per
/// `filter.workbenchIds`, and `searchUsers` when `filter.search` is there (even empty).
pub(crate) fn check_list(st: &Store, uid: u64, params: &Params) -> ApiResult<()> {
    if !params.has_prefix("filter.") {
        return st.require(uid, "listUsers", &Target::none());
    }
    for id in params.ids("filter.idsIn")? {
        st.require(uid, "getUser", &target(id))?;
    }
    for ws in params.ids("filter.workspaceIds")? {
        st.require(uid, "getWorkspace", &Target::workspace(ws))?;
    }
    for wb in params.ids("filter.workbenchIds")? {
        let t = Target {
            workbench: Some(wb),
            ..Target::none()
        };
        st.require(uid, "getWorkbench", &t)?;
    }
    if params.get("filter.search").is_some() {
        st.require(uid, "searchUsers", &Target::none())?;
    }
    Ok(())
}

/// The fields CHORUS validates, by their Go names.
pub(crate) struct Fields<'a> {
    pub first: &'a str,
    pub last: &'a str,
    pub username: &'a str,
    pub source: &'a str,
    pub status: &'a str,
    pub creating: bool,
}

/// `UserReq` / `UserUpdateReq` of `pkg/user/service/requests.go`: `FirstName`, `LastName`,
/// `Username` `required,generalstring`; `Source` `required,generalstring` on create
/// (`generalstring` on update); `Status` `required`. `400 VALIDATION_ERROR` "Validation error".
pub(crate) fn validate(f: &Fields) -> ApiResult<()> {
    let mut errs = Vec::new();
    let mut text = |name: &str, v: &str, required: bool| {
        if required && v.is_empty() {
            errs.push(FieldError::new(name, "required"));
        } else if !general_string(v) {
            errs.push(FieldError::new(name, "generalstring"));
        }
    };
    text("FirstName", f.first, true);
    text("LastName", f.last, true);
    text("Username", f.username, true);
    text("Source", f.source, f.creating);
    if f.status.is_empty() {
        errs.push(FieldError::new("Status", "required"));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        let mut e = ApiError::validation(errs);
        e.message = "Validation error".into();
        Err(e)
    }
}

/// A duplicate username: the database's unique constraint, a bare 500:
/// `Unable to store user <u>` on a create, `Unable to update user <id>` on an update
/// (`user-service.go`; a running CHORUS 0978bc77 answered a taken username so,
/// fixtures/chorus/register.json).
pub(crate) fn unique(st: &Store, username: &str, except: Option<u64>) -> ApiResult<()> {
    if st
        .users
        .values()
        .any(|u| u.username == username && Some(u.id) != except)
    {
        return Err(ApiError::internal(match except {
            None => format!("Unable to store user {username}"),
            Some(id) => format!("Unable to update user {id}"),
        }));
    }
    Ok(())
}

/// A new user: `Authenticated` on itself, as `user-controller.go` CreateUser gives it.
pub(crate) fn create(st: &mut Store, new: &NewUser) -> u64 {
    let id = st.create_user(new, Vec::new());
    let me = id.to_string();
    st.grant(id, "Authenticated", context(&[("user", &me)]));
    st.roles_changed(id);
    id
}

/// `CreateUserRole` (`user-authorization.go`): `manageUserRoles` on the target; a known role and
/// dimensions (400 `Invalid role name` / `Invalid role context`); `CanAssignRole` (403 `caller
/// cannot assign role X`) checked in the context `{"user": target}` overlaid with the request's.
/// Returns the context stored: the request's **exactly as sent** (`user-controller.go`
/// `CreateUserRole`, `authz.ToRole`): the target's id is used for the check only, so a role
/// that lists `user` given without one grants nothing that needs a user.
pub(crate) fn check_assign(
    st: &Store,
    uid: u64,
    user: u64,
    name: &str,
    ctx: &BTreeMap<String, String>,
) -> ApiResult<BTreeMap<String, String>> {
    st.require(uid, "manageUserRoles", &target(user))?;
    let role = st
        .role(name)
        .ok_or_else(|| ApiError::invalid("Invalid role name"))?;
    if ctx
        .keys()
        .any(|d| !["user", "workspace", "workbench", "request"].contains(&d.as_str()))
    {
        return Err(ApiError::invalid("Invalid role context"));
    }
    let mut assignment = context(&[("user", &user.to_string())]);
    assignment.extend(ctx.iter().map(|(k, v)| (k.clone(), v.clone())));
    let caller = crate::policy::token_roles()
        .or_else(|| st.users.get(&uid).map(|u| u.roles.clone()))
        .unwrap_or_default();
    // authorization.go CanAssignRole: a user-role manager may give any non-system role.
    let manager = role.scope != "system"
        && crate::policy::allowed(&st.roles, &caller, "manageUserRoles", &BTreeMap::new());
    if !manager
        && crate::policy::cannot_grant(&st.roles, &caller, &role.permissions, &assignment).is_some()
    {
        return Err(ApiError::forbidden(format!(
            "caller cannot assign role {name}"
        )));
    }
    Ok(ctx.clone())
}

/// The status of a body: empty or unknown is `500 CONVERSION_ERROR` (the converter).
pub(crate) fn status(s: Option<&str>) -> ApiResult<String> {
    match s.unwrap_or("") {
        s @ ("active" | "disabled" | "deleted") => Ok(s.to_string()),
        _ => Err(ApiError::new(Code::Conversion, "Failed to convert user")),
    }
}

/// Touches the user record.
pub(crate) fn touch(st: &mut Store, id: u64) {
    if let Some(u) = st.users.get_mut(&id) {
        u.updated_at = SystemTime::now();
    }
}

/// `CreateUser`: `createUser` is checked by the caller; then the conversion of `status`, the
/// validation, the unique username; the new user's id.
pub(crate) fn create_from(st: &mut Store, body: &UserIn) -> ApiResult<u64> {
    let status = status(body.status.as_deref())?;
    let first = body.first_name.clone().unwrap_or_default();
    let last = body.last_name.clone().unwrap_or_default();
    let username = body.username.clone().unwrap_or_default();
    let source = body.source.clone().unwrap_or_default();
    validate(&Fields {
        first: &first,
        last: &last,
        username: &username,
        source: &source,
        status: &status,
        creating: true,
    })?;
    unique(st, &username, None)?;
    let email = body.email.clone().unwrap_or_default();
    let new = NewUser {
        username: &username,
        password: body.password.as_deref().unwrap_or(""),
        first: &first,
        last: &last,
        email: &email,
        status: &status,
        source: &source,
    };
    Ok(create(st, &new))
}

/// `UpdateUser`: `updateUser` on the user, the conversion, the validation; the fields replaced.
pub(crate) fn update_from(st: &mut Store, uid: u64, target: u64, body: &UserIn) -> ApiResult<()> {
    st.require(uid, "updateUser", &Target::user(target))?;
    let status = status(body.status.as_deref())?;
    let first = body.first_name.clone().unwrap_or_default();
    let last = body.last_name.clone().unwrap_or_default();
    let username = body.username.clone().unwrap_or_default();
    let source = body.source.clone().unwrap_or_default();
    validate(&Fields {
        first: &first,
        last: &last,
        username: &username,
        source: &source,
        status: &status,
        creating: false,
    })?;
    unique(st, &username, Some(target))?;
    let user = st
        .users
        .get_mut(&target)
        .ok_or_else(|| ApiError::not_found("user", &target.to_string()))?;
    user.username = username;
    user.first_name = first;
    user.last_name = last;
    user.email = body.email.clone().unwrap_or_default();
    user.status = status;
    if !source.is_empty() {
        user.source = source;
    }
    if let Some(pw) = body.password.as_deref().filter(|p| !p.is_empty()) {
        user.password = pw.to_string();
    }
    touch(st, target);
    Ok(())
}
