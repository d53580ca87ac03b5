//! Workspace service instances (api.md §3; CHORUS's table `workspace_services`) and the
//! simulated operator that installs them (`sim/services.rs`): a row's desired state is written
//! by the API, its observed status by the operator, some simulated seconds later. Without the
//! operator (`--no-operator`, `PUT /api/dev/operator {"services":false}`: CHORUS without its
//! Kubernetes client) nothing is ever reported: `status` stays `""` and a deleted row lingers.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde_json::{Map, Value};

use super::Store;
use crate::config::{Config, Flavor};
use crate::sim::services::{self as op, TemplateVars};

/// What the API writes of an instance (create and update replace all of it).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Spec {
    /// `Running`, `Stopped`, `Deleted` or `""` (an update may store `""`).
    pub state: String,
    pub chart_registry: String,
    pub chart_repository: String,
    pub chart_tag: String,
    /// The Helm values (a JSON object; numbers as CHORUS keeps them: 64-bit floats).
    pub values: Map<String, Value>,
    pub credentials_secret_name: String,
    pub credentials_paths: Vec<String>,
    pub connection_info_template: String,
    pub computed_values: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Service {
    pub id: u64,
    pub workspace_id: u64,
    pub name: String,
    pub spec: Spec,
    /// What the operator reported.
    pub status: String,
    pub status_message: String,
    pub connection_info: String,
    pub secret_name: String,
    /// The secret the operator creates (`GET …/secrets` once `secret_name` is set).
    pub secret: BTreeMap<String, String>,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    /// When the desired state last changed, on the simulated clock.
    pub changed_sim: f64,
}

impl Service {
    /// The Kubernetes namespace of its workspace.
    pub fn namespace(&self) -> String {
        format!("workspace{}", self.workspace_id)
    }
}

/// The instances and whether the operator runs.
#[derive(Debug)]
pub(crate) struct Services {
    pub rows: BTreeMap<u64, Service>,
    next_id: u64,
    /// The operator reports (on by default; off as on a CHORUS without Kubernetes).
    pub operator: bool,
    /// The push of a workspace to the cluster fails: `PUT /workspaces` changes the row, then
    /// answers CHORUS's 500 `Unable to sync workspace <id> to K8s` (no rollback). Off by default.
    pub push_fails: bool,
}

impl Default for Services {
    fn default() -> Self {
        Services {
            rows: BTreeMap::new(),
            next_id: 1,
            operator: true,
            push_fails: false,
        }
    }
}

/// Why a create was refused.
#[derive(Debug, PartialEq)]
pub(crate) enum CreateError {
    /// No such workspace (CHORUS: the foreign key).
    NoWorkspace,
    /// Another instance of the workspace has this name (CHORUS: the unique index; rows whose
    /// state is `Deleted` still count until the operator removed them).
    Duplicate,
}

impl Store {
    /// A new instance (`state` `""` is stored `Running`, as CHORUS's create does).
    pub(crate) fn service_create(
        &mut self,
        workspace_id: u64,
        name: String,
        mut spec: Spec,
    ) -> Result<Service, CreateError> {
        if !self.workspaces.contains_key(&workspace_id) {
            return Err(CreateError::NoWorkspace);
        }
        let taken = self
            .services
            .rows
            .values()
            .any(|s| s.workspace_id == workspace_id && s.name == name);
        if taken {
            return Err(CreateError::Duplicate);
        }
        if spec.state.is_empty() {
            spec.state = "Running".into();
        }
        let id = self.services.next_id;
        self.services.next_id += 1;
        let password: String = (0..20).map(|_| self.rng.alphanumeric()).collect::<String>();
        let now = SystemTime::now();
        let s = Service {
            id,
            workspace_id,
            secret: BTreeMap::from([
                ("password".to_string(), password),
                ("username".to_string(), name.clone()),
            ]),
            name,
            spec,
            status: String::new(),
            status_message: String::new(),
            connection_info: String::new(),
            secret_name: String::new(),
            created_at: now,
            updated_at: now,
            changed_sim: self.clock.now(),
        };
        self.services.rows.insert(id, s.clone());
        self.reconcile_services();
        Ok(s)
    }

    /// Replaces the desired state of instance `id` (never its workspace or name); `None` when
    /// there is none.
    pub(crate) fn service_update(&mut self, id: u64, spec: Spec) -> Option<Service> {
        let now_sim = self.clock.now();
        let s = self.services.rows.get_mut(&id)?;
        s.spec = spec;
        s.updated_at = SystemTime::now();
        s.changed_sim = now_sim;
        let s = s.clone();
        self.reconcile_services();
        Some(s)
    }

    /// Sets the desired state to `Deleted`: the row stays until the operator reports.
    pub(crate) fn service_delete(&mut self, id: u64) -> bool {
        let now_sim = self.clock.now();
        let Some(s) = self.services.rows.get_mut(&id) else {
            return false;
        };
        s.spec.state = "Deleted".into();
        s.updated_at = SystemTime::now();
        s.changed_sim = now_sim;
        true
    }

    /// The operator's step: merges its report into every row (the watcher's
    /// `UpdateWorkspaceServiceInstanceStatuses`) and removes the rows it reports `Deleted`.
    /// Nothing without the operator.
    pub(crate) fn reconcile_services(&mut self) {
        if !self.services.operator {
            return;
        }
        let now = self.clock.now();
        let wall = SystemTime::now();
        let mut gone = Vec::new();
        for s in self.services.rows.values_mut() {
            let sp = &s.spec;
            let fails = op::chart_fails(&sp.chart_repository, &sp.chart_tag);
            let failure =
                op::failure_message(&sp.chart_registry, &sp.chart_repository, &sp.chart_tag);
            let Some((status, message)) =
                op::service_status(&sp.state, fails, &failure, now - s.changed_sim)
            else {
                continue;
            };
            if status == "Deleted" {
                gone.push(s.id);
                continue;
            }
            let (info, secret) = if status == "Running" {
                let secret_name = format!("{}-credentials", s.name);
                (connection_info(s, &secret_name), secret_name)
            } else {
                (s.connection_info.clone(), s.secret_name.clone())
            };
            let changed = s.status != status
                || s.status_message != message
                || s.connection_info != info
                || s.secret_name != secret;
            if changed {
                s.status = status.to_string();
                s.status_message = message;
                s.connection_info = info;
                s.secret_name = secret;
                s.updated_at = wall;
            }
        }
        for id in gone {
            self.services.rows.remove(&id);
        }
    }

    /// The operator as `--no-operator` says, and the demo's service (our flavor only): a
    /// PostgreSQL `analytics-db` in Demo, running since the start (with the operator).
    pub(crate) fn seed_services(&mut self, config: &Config) {
        self.services.operator = !config.no_operator;
        if config.flavor != Flavor::Default {
            return;
        }
        let spec = Spec {
            state: "Running".into(),
            chart_registry: "harbor.int.chorus-tre.ch".into(),
            chart_repository: "services/postgres".into(),
            chart_tag: "0.0.4".into(),
            ..Spec::default()
        };
        if let Ok(s) = self.service_create(1, "analytics-db".into(), spec) {
            if let Some(row) = self.services.rows.get_mut(&s.id) {
                row.changed_sim -= op::SERVICE_START;
            }
        }
        self.reconcile_services();
    }
}

/// The connection string the operator reports: the template rendered, or the default.
fn connection_info(s: &Service, secret_name: &str) -> String {
    let namespace = s.namespace();
    let host = format!("{}.{namespace}.svc", s.name);
    if s.spec.connection_info_template.trim().is_empty() {
        return op::default_connection_info(&s.spec.chart_repository, &host);
    }
    op::render(
        &s.spec.connection_info_template,
        &TemplateVars {
            host: &host,
            port: op::default_port(&s.spec.chart_repository),
            name: &s.name,
            namespace: &namespace,
            secret_name,
        },
    )
}
