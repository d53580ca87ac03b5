//! `/authorization/roles` and `/authorization/permissions`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, Caller, Id, JsonBody};
use crate::perms::{self, Role, Target};
use crate::reply;
use crate::state::Shared;
use crate::store::Store;
use crate::validate::{optional_text, valid_role_name};
use crate::wire;

pub(crate) async fn list(State(app): State<Shared>, Caller(_): Caller) -> Response {
    let st = app.store_raw();
    let roles: Vec<_> = st.roles.iter().map(wire::role).collect();
    reply::result("roles", roles)
}

/// Addition: one role by name.
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(_): Caller,
    Id(name): Id,
) -> ApiResult<Response> {
    let st = app.store_raw();
    let role = st
        .role(&name)
        .ok_or_else(|| ApiError::not_found("role", &name))?;
    Ok(reply::result("role", wire::role(role)))
}

pub(crate) async fn permissions(Caller(_): Caller) -> Response {
    reply::result("permissions", wire::permissions())
}

#[derive(Deserialize)]
pub(crate) struct RoleIn {
    name: Option<String>,
    description: Option<String>,
    scope: Option<String>,
    context: Option<Vec<String>>,
    permissions: Option<Vec<String>>,
}

impl BodySpec for RoleIn {
    const WRAPPER: Option<&'static str> = Some("role");
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
    JsonBody(mut body): JsonBody<RoleIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "manageDynamicRoles", &Target::none())?;
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
    Id(name): Id,
    JsonBody(mut body): JsonBody<RoleIn>,
) -> ApiResult<Response> {
    let mut st = app.store();
    st.require(uid, "manageDynamicRoles", &Target::none())?;
    let i = dynamic_role_index(&st, &name)?;
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
    Id(name): Id,
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
