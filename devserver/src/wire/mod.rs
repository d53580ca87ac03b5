//! What the API sends: the wire shape of every record, as derived `Serialize` types, in the
//! flavor's spelling ([`View`]), and the timestamp formats.
//!
//! Our flavor sends every extension field (`phase`, `conditions`, …) and whole-second
//! timestamps; CHORUS (grpc-gateway's protojson with `EmitUnpopulated`) sends none of them,
//! protobuf enum spellings, timestamps with 0, 3, 6 or 9 fractional digits, every field (a new
//! record's `updatedAt` equals its `createdAt`, seen on a running CHORUS 0978bc77), and a few
//! fields of its own that the console must ignore.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::Serialize;

use crate::config::Flavor;
use crate::perms::{self, Role};
use crate::store::model::{Assignment, Condition, User};
use crate::store::{AppInstance, Workbench, Workspace};

mod apps;
mod jobs;
mod public_workspace;
pub(crate) mod services;
mod stamps;
mod workspace_settings;
pub(crate) use apps::{AppOut, Version};
pub(crate) use jobs::{job, JobOut};
pub(crate) use stamps::{rfc3339, rfc3339_db, rfc3339_millis, rfc3339_proto};
use workspace_settings::WorkspaceSettingsOut;

/// The prefix of CHORUS's REST API.
pub(crate) const V1: &str = "/api/rest/v1";

/// `path` under [`V1`].
pub(crate) fn v1(path: &str) -> String {
    format!("{V1}{path}")
}

/// How the records are spelled: our flavor or CHORUS's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct View {
    chorus: bool,
}

impl View {
    pub fn new(flavor: Flavor) -> View {
        View {
            chorus: flavor == Flavor::Chorus,
        }
    }

    fn time(self, t: SystemTime) -> String {
        if self.chorus {
            rfc3339_db(t)
        } else {
            rfc3339(t)
        }
    }

    /// An extension field: ours only.
    fn ext<T>(self, value: T) -> Option<T> {
        (!self.chorus).then_some(value)
    }

    /// A field of CHORUS's own: theirs only.
    fn theirs<T>(self, value: T) -> Option<T> {
        self.chorus.then_some(value)
    }
}

// ----- platform records ---------------------------------------------------------------------

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WorkspaceOut {
    id: String,
    tenant_id: String,
    user_id: String,
    name: String,
    short_name: String,
    description: String,
    status: String,
    /// The settings, in both flavors as CHORUS spells them (`workspace_settings.rs`).
    #[serde(flatten)]
    settings: WorkspaceSettingsOut,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConditionOut {
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    reason: &'static str,
    message: String,
    last_transition_time: String,
    observed_generation: i64,
}

/// A session's `conditions`: the simulated ones, or a hostile reply's as they are.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum ConditionsOut {
    Typed(Vec<ConditionOut>),
    Raw(serde_json::Value),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WorkbenchOut {
    id: String,
    tenant_id: String,
    user_id: String,
    workspace_id: String,
    name: String,
    short_name: String,
    description: String,
    status: String,
    k8s_status: &'static str,
    server_pod_status: &'static str,
    server_pod_message: String,
    initial_resolution_width: i64,
    initial_resolution_height: i64,
    created_at: String,
    updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    generation: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    observed_generation: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phase: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conditions: Option<ConditionsOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    completion_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    runner_pod_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InstanceOut {
    id: String,
    tenant_id: String,
    user_id: String,
    workbench_id: String,
    workspace_id: String,
    app_id: String,
    app_name: String,
    k8s_status: &'static str,
    k8s_message: String,
    k8s_state: &'static str,
    status: String,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize)]
pub(crate) struct AssignmentOut {
    id: String,
    name: String,
    context: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserOut {
    id: String,
    username: String,
    first_name: String,
    last_name: String,
    email: String,
    status: String,
    source: String,
    roles: Vec<String>,
    roles_with_context: Vec<AssignmentOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password_changed: Option<bool>,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize)]
pub(crate) struct RoleOut<'a> {
    name: &'a str,
    description: &'a str,
    scope: &'a str,
    context: &'a [String],
    permissions: &'a [String],
    dynamic: bool,
}

#[derive(Serialize)]
pub(crate) struct PermissionOut {
    name: &'static str,
    description: std::borrow::Cow<'static, str>,
    context: &'static [&'static str],
}

impl View {
    /// A workspace's status: CHORUS's enum name (`WORKSPACE_STATUS_ACTIVE`), ours as stored.
    fn workspace_status(self, status: &str) -> String {
        if self.chorus {
            format!("WORKSPACE_STATUS_{}", status.to_ascii_uppercase())
        } else {
            status.to_string()
        }
    }

    pub fn workspace(self, w: &Workspace) -> WorkspaceOut {
        let status = self.workspace_status(&w.status);
        WorkspaceOut {
            id: w.id.to_string(),
            tenant_id: w.tenant_id.to_string(),
            user_id: w.user_id.to_string(),
            name: w.name.clone(),
            short_name: w.short_name.clone(),
            description: w.description.clone(),
            status,
            settings: WorkspaceSettingsOut::new(w, self.chorus),
            created_at: self.time(w.created_at),
            updated_at: self.time(w.updated_at),
        }
    }

    fn condition(self, c: &Condition) -> ConditionOut {
        ConditionOut {
            kind: c.kind,
            status: c.status.as_str(),
            reason: c.reason,
            message: c.message.clone(),
            last_transition_time: self.time(c.last_transition),
            observed_generation: c.observed_generation,
        }
    }

    pub fn workbench(self, wb: &Workbench) -> WorkbenchOut {
        WorkbenchOut {
            id: wb.id.to_string(),
            tenant_id: wb.tenant_id.to_string(),
            user_id: wb.user_id.to_string(),
            workspace_id: wb.workspace_id.to_string(),
            name: wb.name.clone(),
            short_name: wb.short_name.clone(),
            description: wb.description.clone(),
            status: wb.status.clone(),
            k8s_status: wb.k8s_status,
            server_pod_status: wb.server_pod_status,
            server_pod_message: wb.server_pod_message.clone(),
            initial_resolution_width: wb.width,
            initial_resolution_height: wb.height,
            created_at: self.time(wb.created_at),
            updated_at: self.time(wb.updated_at),
            generation: self.ext(wb.generation),
            observed_generation: self.ext(wb.observed_generation),
            phase: self.ext(wb.phase),
            conditions: match &wb.raw_conditions {
                // A hostile reply sends its conditions in both flavors.
                Some(raw) => Some(ConditionsOut::Raw(raw.clone())),
                None => self.ext(ConditionsOut::Typed(
                    wb.conditions.iter().map(|c| self.condition(c)).collect(),
                )),
            },
            start_time: wb.start_time.and_then(|t| self.ext(self.time(t))),
            completion_time: wb.completion_time.and_then(|t| self.ext(self.time(t))),
            job_name: self.ext(wb.job_name.clone()),
            runner_pod_name: self.ext(wb.runner_pod_name.clone()),
        }
    }

    pub fn instance(self, i: &AppInstance) -> InstanceOut {
        InstanceOut {
            id: i.id.to_string(),
            tenant_id: i.tenant_id.to_string(),
            user_id: i.user_id.to_string(),
            workbench_id: i.workbench_id.to_string(),
            workspace_id: i.workspace_id.to_string(),
            app_id: i.app_id.to_string(),
            app_name: i.app_name.clone(),
            k8s_status: i.k8s_status,
            k8s_message: i.k8s_message.clone(),
            k8s_state: i.k8s_state,
            status: i.status.clone(),
            created_at: self.time(i.created_at),
            updated_at: self.time(i.updated_at),
        }
    }

    /// A user: CHORUS sends `roles: []` and the roles only in `rolesWithContext`.
    pub fn user(self, u: &User) -> UserOut {
        let mut names: Vec<String> = Vec::new();
        if !self.chorus {
            for a in &u.roles {
                if !names.contains(&a.name) {
                    names.push(a.name.clone());
                }
            }
        }
        UserOut {
            id: u.id.to_string(),
            username: u.username.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            email: u.email.clone(),
            status: u.status.clone(),
            source: u.source.clone(),
            roles: names,
            roles_with_context: u.roles.iter().map(assignment).collect(),
            password: self.theirs(""),
            totp_enabled: Some(u.totp_enabled),
            password_changed: self.theirs(u.password_changed),
            created_at: self.time(u.created_at),
            updated_at: self.time(u.updated_at),
        }
    }
}

fn assignment(a: &Assignment) -> AssignmentOut {
    AssignmentOut {
        id: a.id.to_string(),
        name: a.name.clone(),
        context: a.context.clone(),
    }
}

pub(crate) fn role(r: &Role) -> RoleOut<'_> {
    RoleOut {
        name: &r.name,
        description: &r.description,
        scope: &r.scope,
        context: &r.context,
        permissions: &r.permissions,
        dynamic: r.dynamic,
    }
}

pub(crate) fn permissions(chorus: bool) -> Vec<PermissionOut> {
    if chorus {
        return crate::catalogue::PERMISSIONS
            .iter()
            .map(|&(name, context)| PermissionOut {
                name,
                description: std::borrow::Cow::Owned(describe(name)),
                context,
            })
            .collect();
    }
    perms::PERMISSIONS
        .iter()
        .map(|&(name, description, context)| PermissionOut {
            name,
            description: std::borrow::Cow::Borrowed(description),
            context,
        })
        .collect()
}

/// `listWorkbenches` → "List workbenches": a description of a CHORUS permission from its name.
fn describe(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
            out.push(c.to_ascii_lowercase());
        } else if i == 0 {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}
