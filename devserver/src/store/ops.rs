//! What the API does to the store: sessions, app instances, users and their roles, jobs.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::model::{AppInstance, Assignment, Job, RunMsg, Workbench};
use super::seed::NewUser;
use super::Store;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::perms;
use crate::sim::{RunSpec, Scenario};
use crate::validate::slug;

impl Store {
    // ----- workbenches ----------------------------------------------------------------------

    /// A new session, started at once (the controller picks it up after its observe lag).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn create_workbench_record(
        &mut self,
        user_id: u64,
        workspace_id: u64,
        name: &str,
        description: &str,
        width: i64,
        height: i64,
        scenario: Scenario,
    ) -> u64 {
        let id = self.next_workbench;
        self.next_workbench += 1;
        let mut wb = Workbench::new(id, user_id, workspace_id, scenario, self.clock.now());
        wb.name = name.to_string();
        wb.short_name = slug(name);
        wb.description = description.to_string();
        wb.width = width;
        wb.height = height;
        self.workbenches.insert(id, wb);
        self.reconcile_one(id);
        id
    }

    /// User stop: a no-op on a session that is stopping, stopped or failed.
    pub(crate) fn stop_workbench(&mut self, id: u64) {
        let now = self.clock.now();
        if let Some(wb) = self.workbenches.get_mut(&id) {
            if wb.stop_at.is_none() && wb.phase != "Failed" {
                wb.stop_at = Some(now);
                wb.generation += 1;
            }
        }
        self.reconcile_one(id);
    }

    /// User start: restarts a stopped, stopping or failed session (a failed one runs the
    /// healthy lifecycle); a no-op on one that is still starting or running.
    pub(crate) fn start_workbench(&mut self, id: u64) {
        let now = self.clock.now();
        if let Some(wb) = self.workbenches.get_mut(&id) {
            let failed = wb.stop_at.is_none() && wb.phase == "Failed";
            if wb.stop_at.is_some() || failed {
                let scenario = if failed {
                    Scenario::Healthy
                } else {
                    wb.spec.scenario
                };
                wb.spec = RunSpec {
                    scenario,
                    workbench_id: wb.id,
                    run_no: wb.spec.run_no + 1,
                    hostile: wb.spec.hostile,
                };
                wb.run_start = now;
                wb.stop_at = None;
                wb.generation += 1;
            }
        }
        self.reconcile_one(id);
    }

    // ----- app instances --------------------------------------------------------------------

    pub(crate) fn create_instance(&mut self, user_id: u64, wb_id: u64, app_id: u64) -> Option<u64> {
        let wb = self.workbenches.get(&wb_id)?;
        let app = self.apps.iter().find(|a| a.id == app_id)?;
        let id = self.next_instance;
        self.next_instance += 1;
        let wall = SystemTime::now();
        let inst = AppInstance {
            id,
            tenant_id: super::TENANT,
            user_id,
            workspace_id: wb.workspace_id,
            workbench_id: wb_id,
            app_id,
            app_name: app.name.clone(),
            created_sim: self.clock.now(),
            k8s_status: "",
            k8s_message: String::new(),
            k8s_state: "Running",
            status: "active".into(),
            created_at: wall,
            updated_at: wall,
            failed: false,
            ever_running: false,
        };
        self.instances.insert(id, inst);
        self.advance();
        Some(id)
    }

    // ----- users and roles ------------------------------------------------------------------

    /// Checks one role assignment `{"name","context"}`; `field` names it in errors.
    pub(crate) fn check_assignment(
        &self,
        name: Option<&str>,
        context: &BTreeMap<String, String>,
        field: &str,
        errs: &mut Vec<FieldError>,
    ) -> Option<(String, BTreeMap<String, String>)> {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            errs.push(FieldError::new(format!("{field}.name"), "is required"));
            return None;
        };
        let Some(role) = self.role(name) else {
            errs.push(FieldError::new(
                format!("{field}.name"),
                format!("unknown role '{name}'"),
            ));
            return None;
        };
        let mut ok = true;
        for (dim, val) in context {
            let f = format!("{field}.context.{dim}");
            if !perms::DIMENSIONS.contains(&dim.as_str()) {
                errs.push(FieldError::new(
                    f,
                    "unknown dimension (workspace, workbench or user)",
                ));
                ok = false;
                continue;
            }
            if val != "*" {
                let known = val
                    .parse::<u64>()
                    .ok()
                    .is_some_and(|id| match dim.as_str() {
                        "workspace" => self.workspaces.contains_key(&id),
                        "workbench" => self.workbenches.contains_key(&id),
                        _ => self.users.contains_key(&id),
                    });
                if !known {
                    errs.push(FieldError::new(f, format!("unknown {dim} '{val}'")));
                    ok = false;
                }
            }
        }
        for dim in &role.context {
            if ok && !context.contains_key(dim) {
                errs.push(FieldError::new(
                    format!("{field}.context.{dim}"),
                    format!("is required by role {name} (an id or \"*\")"),
                ));
                ok = false;
            }
        }
        ok.then(|| (name.to_string(), context.clone()))
    }

    pub(crate) fn create_user(
        &mut self,
        new: &NewUser,
        roles: Vec<(String, BTreeMap<String, String>)>,
    ) -> u64 {
        self.insert_user(new, roles, SystemTime::now())
    }

    pub(crate) fn add_assignment(
        &mut self,
        user_id: u64,
        name: String,
        context: BTreeMap<String, String>,
    ) -> ApiResult<()> {
        let id = self.next_assignment;
        let user = self
            .users
            .get_mut(&user_id)
            .ok_or_else(|| ApiError::not_found("user", &user_id.to_string()))?;
        if user
            .roles
            .iter()
            .any(|a| a.name == name && a.context == context)
        {
            return Err(ApiError::already_exists(format!(
                "user {} already has role {name} with this context",
                user.username
            )));
        }
        user.roles.push(Assignment { id, name, context });
        user.updated_at = SystemTime::now();
        self.next_assignment += 1;
        Ok(())
    }

    // ----- jobs -----------------------------------------------------------------------------

    fn new_job(&self, id: u64, project_id: u64, build_id: String) -> Job {
        Job {
            id,
            project_id,
            build_id,
            created_sim: self.clock.now(),
            stop_sim: None,
            fixed: false,
            status: "pending",
            created_at: SystemTime::now(),
            started_at: None,
            finished_at: None,
            error: None,
        }
    }

    pub(crate) fn create_build(&mut self, project_id: u64) -> u64 {
        let id = self.next_build;
        self.next_build += 1;
        let job = self.new_job(id, project_id, String::new());
        self.builds.insert(id, job);
        self.advance();
        id
    }

    /// Starts a run of a workspace's project (its latest succeeded build).
    pub fn create_run(&mut self, project_id: u64) -> u64 {
        let id = self.next_run;
        self.next_run += 1;
        let build_id = self
            .builds
            .values()
            .rev()
            .find(|b| b.project_id == project_id && b.status == "succeeded")
            .map(|b| b.id.to_string())
            .unwrap_or_default();
        let job = self.new_job(id, project_id, build_id);
        let _ = self.runs_tx.send(RunMsg::Update(job.clone()));
        self.runs.insert(id, job);
        self.advance();
        id
    }

    /// Stops a pending or running run; a no-op on a finished or stopping one.
    pub(crate) fn stop_run(&mut self, id: u64) {
        let now = self.clock.now();
        if let Some(r) = self.runs.get_mut(&id) {
            if !r.fixed && r.stop_sim.is_none() && matches!(r.status, "pending" | "running") {
                r.stop_sim = Some(now);
            }
        }
        self.advance();
    }
}
