//! `/authorization/roles` and `/authorization/permissions`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{tokens_from, BodySpec, Caller, Id, JsonBody};
use crate::perms::{self, Role, Target};
use crate::reply;
use crate::state::Shared;
use crate::store::Store;
use crate::validate::{optional_text, valid_role_name};
use crate::wire;

/// Reading the roles and permissions needs a login in our flavor; CHORUS serves them to
/// anyone.
fn may_read(app: &Shared, headers: &HeaderMap) -> ApiResult<()> {
    if app.chorus() {
        return Ok(());
    }
    app.store_raw()
        .authenticate(&tokens_from(headers))
        .map(|_| ())
}

pub(crate) async fn list(State(app): State<Shared>, headers: HeaderMap) -> ApiResult<Response> {
    may_read(&app, &headers)?;
    let st = app.store_raw();
    let roles: Vec<_> = st.roles.iter().map(wire::role).collect();
    Ok(reply::result("roles", roles))
}

/// Addition: one role by name.
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(_): Caller,
    Id { raw: name, .. }: Id,
) -> ApiResult<Response> {
    let st = app.store_raw();
    let role = st
        .role(&name)
        .ok_or_else(|| ApiError::not_found("role", &name))?;
    Ok(reply::result("role", wire::role(role)))
}

pub(crate) async fn permissions(
    State(app): State<Shared>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    may_read(&app, &headers)?;
    Ok(reply::result(
        "permissions",
        wire::permissions(app.chorus()),
    ))
}

/// A role in a body (CHORUS's `AuthorizationRole`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleIn {
    name: Option<String>,
    description: Option<String>,
    scope: Option<String>,
    context: Option<Vec<String>>,
    permissions: Option<Vec<String>>,
    #[serde(rename = "dynamic")]
    _dynamic: Option<bool>,
}

/// `{"role": Role}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleBody {
    role: Option<RoleIn>,
    /// `POST` only: the context in whose name a role is created (`{"workspace":"1"}`).
    #[serde(default, rename = "validationContext")]
    validation_context: crate::extract::Context,
}

impl BodySpec for RoleBody {}

impl RoleBody {
    fn role(self) -> ApiResult<RoleIn> {
        self.role.ok_or_else(|| {
            ApiError::validation(vec![FieldError::new("role", "is required (an object)")])
        })
    }
}

/// The changeable fields of a role body, checked.
struct RoleFields {
    description: Option<String>,
    scope: Option<String>,
    context: Option<Vec<String>>,
    permissions: Option<Vec<String>>,
}

/// Each name once, in order.
fn dedup(list: Option<Vec<String>>) -> Option<Vec<String>> {
    list.map(|items| {
        let mut out: Vec<String> = Vec::new();
        for s in items {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    })
}

fn role_fields(body: RoleIn, errs: &mut Vec<FieldError>) -> RoleFields {
    let description = optional_text(body.description.as_deref(), "role.description", 500, errs);
    if let Some(s) = &body.scope {
        if !matches!(
            s.as_str(),
            "system" | "platform" | "workspace" | "workbench"
        ) {
            errs.push(FieldError::new(
                "role.scope",
                "must be system, platform, workspace or workbench",
            ));
        }
    }
    let context = dedup(body.context);
    for (i, d) in context.iter().flatten().enumerate() {
        if !perms::DIMENSIONS.contains(&d.as_str()) {
            errs.push(FieldError::new(
                format!("role.context[{i}]"),
                format!("unknown dimension '{d}' (workspace, workbench or user)"),
            ));
        }
    }
    let permissions = dedup(body.permissions);
    for (i, name) in permissions.iter().flatten().enumerate() {
        if !perms::permission_exists(name) {
            errs.push(FieldError::new(
                format!("role.permissions[{i}]"),
                format!("unknown permission '{name}'"),
            ));
        }
    }
    RoleFields {
        description,
        scope: body.scope,
        context,
        permissions,
    }
}

fn default_context(scope: &str) -> Vec<String> {
    match scope {
        "workspace" => vec!["workspace".into()],
        "workbench" => vec!["workbench".into()],
        _ => Vec::new(),
    }
}

pub(crate) async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<RoleBody>,
) -> ApiResult<Response> {
    let mut st = app.store();
    if app.chorus() {
        let vc = body.validation_context.0.clone();
        let role = body
            .role
            .ok_or_else(|| ApiError::invalid("Empty request"))?;
        let permissions = role.permissions.unwrap_or_default();
        let role = super::roles_chorus::create(
            &st,
            uid,
            &super::roles_chorus::DynamicRole {
                name: role.name.as_deref().unwrap_or(""),
                description: role.description.as_deref().unwrap_or(""),
                scope: role.scope.as_deref().unwrap_or(""),
                permissions: &permissions,
                validation_context: &vc,
            },
        )?;
        let out = reply::result("role", wire::role(&role));
        st.roles.push(role);
        return Ok(out);
    }
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let mut body = body.role()?;
    let mut errs = Vec::new();
    let name = body.name.take().unwrap_or_default();
    if name.is_empty() {
        errs.push(FieldError::new("role.name", "is required"));
    } else if !valid_role_name(&name) {
        errs.push(FieldError::new(
            "role.name",
            "must be PascalCase: a capital letter, then letters and digits (at most 64)",
        ));
    }
    let f = role_fields(body, &mut errs);
    ApiError::check(errs)?;
    if st.role(&name).is_some() {
        return Err(ApiError::already_exists(format!(
            "role '{name}' already exists"
        )));
    }
    let scope = f.scope.unwrap_or_else(|| "workspace".into());
    let role = Role {
        context: f.context.unwrap_or_else(|| default_context(&scope)),
        name,
        description: f.description.unwrap_or_default(),
        scope,
        permissions: f.permissions.unwrap_or_default(),
        dynamic: true,
    };
    let out = reply::result("role", wire::role(&role));
    st.roles.push(role);
    Ok(out)
}

/// The index of a dynamic role (`403` for a built-in one).
fn dynamic_role_index(st: &Store, name: &str) -> ApiResult<usize> {
    let i = st
        .roles
        .iter()
        .position(|r| r.name == name)
        .ok_or_else(|| ApiError::not_found("role", name))?;
    if !st.roles[i].dynamic {
        return Err(ApiError::forbidden(format!(
            "role {name} is built-in and cannot be changed"
        )));
    }
    Ok(i)
}

/// Extension: changes a dynamic role (not its name).
pub(crate) async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id { raw: name, .. }: Id,
    JsonBody(body): JsonBody<RoleBody>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let i = dynamic_role_index(&st, &name)?;
    let mut body = body.role()?;
    let mut errs = Vec::new();
    if body.name.take().is_some_and(|n| n != name) {
        errs.push(FieldError::new(
            "role.name",
            "cannot be changed (create a new role instead)",
        ));
    }
    let f = role_fields(body, &mut errs);
    ApiError::check(errs)?;
    let role = &mut st.roles[i];
    if let Some(d) = f.description {
        role.description = d;
    }
    if let Some(s) = f.scope {
        role.scope = s;
    }
    if let Some(c) = f.context {
        role.context = c;
    }
    if let Some(p) = f.permissions {
        role.permissions = p;
    }
    Ok(reply::result("role", wire::role(role)))
}

/// Extension: deletes a dynamic role, and its assignments.
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Id { raw: name, .. }: Id,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let i = dynamic_role_index(&st, &name)?;
    let role = st.roles.remove(i);
    for u in st.users.values_mut() {
        u.roles.retain(|a| a.name != name);
    }
    Ok(reply::result("role", wire::role(&role)))
}
