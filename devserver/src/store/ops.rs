//! What the API does to the store: sessions, app instances, users and their roles, jobs.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::model::{AppInstance, Assignment, Job, RunMsg, Workbench};
use super::seed::NewUser;
use super::Store;
use crate::config::{Flavor, Jobs};
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
        wb.description = description.to_string();
        wb.width = width;
        wb.height = height;
        if self.flavor == Flavor::Chorus {
            // As a running CHORUS 0978bc77 answers a create (seen 2026-11-23): `shortName` and
            // `status` `""` whatever was sent, no Kubernetes status yet; its cluster watcher
            // reports later (here: the next controller tick) and only then sets `status`.
            wb.status = String::new();
            self.workbenches.insert(id, wb);
            return id;
        }
        wb.short_name = slug(name);
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
            app_name: app.name().to_string(),
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

    /// A new pending job of a project; its wire id follows the dialect.
    fn new_job(&mut self, seq: u64, project_id: String, workspace_id: u64) -> Job {
        let id = if self.jobs == Jobs::Mc {
            self.uuid()
        } else {
            seq.to_string()
        };
        Job {
            seq,
            id,
            project_id,
            workspace_id,
            build_id: String::new(),
            created_sim: self.clock.now(),
            stop_sim: None,
            fixed: false,
            status: "pending",
            created_at: SystemTime::now(),
            started_at: None,
            finished_at: None,
            error: None,
            log_lines: 0,
        }
    }

    /// Starts a build of a project (`projectId` as the client named it); returns its key.
    pub(crate) fn create_build(&mut self, project_id: String, workspace_id: u64) -> u64 {
        let seq = self.next_build;
        self.next_build += 1;
        let job = self.new_job(seq, project_id, workspace_id);
        self.builds.insert(seq, job);
        self.advance();
        seq
    }

    /// Starts a run of a project (its workspace's latest succeeded build); returns its key.
    pub(crate) fn start_run(&mut self, project_id: String, workspace_id: u64) -> u64 {
        let seq = self.next_run;
        self.next_run += 1;
        let mut job = self.new_job(seq, project_id, workspace_id);
        job.build_id = self
            .builds
            .values()
            .rev()
            .find(|b| b.workspace_id == workspace_id && b.status == "succeeded")
            .map(|b| b.id.clone())
            .unwrap_or_default();
        let _ = self.runs_tx.send(RunMsg::Update(job.clone()));
        self.runs.insert(seq, job);
        self.advance();
        seq
    }

    /// Starts a run of a workspace's project (for tests and the load check).
    pub fn create_run(&mut self, workspace_id: u64) -> u64 {
        self.start_run(workspace_id.to_string(), workspace_id)
    }

    /// The key of the run with this wire id.
    pub(crate) fn run_key(&self, id: &str) -> Option<u64> {
        self.runs.values().find(|r| r.id == id).map(|r| r.seq)
    }

    /// Stops a pending or running run; a no-op on a finished or stopping one.
    pub(crate) fn stop_run(&mut self, key: u64) {
        let now = self.clock.now();
        if let Some(r) = self.runs.get_mut(&key) {
            if !r.fixed && r.stop_sim.is_none() && matches!(r.status, "pending" | "running") {
                r.stop_sim = Some(now);
            }
        }
        self.advance();
    }
}
