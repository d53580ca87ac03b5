//! How the header and the activity page name jobs: a workspace by its name (else its id) and
//! the header labels of ui.md ("Header activity labels").

use std::collections::{BTreeMap, HashMap};

use super::model::{BuildJob, BuildStatus, RunJob, RunStatus};
use crate::domain::workspace::Workspace;

/// Looks up a workspace's display name by id, for the labels.
///
/// Implemented for `HashMap<String, String>` and `BTreeMap<String, String>` (id → name), for
/// closures `Fn(&str) -> Option<String>` (and `&dyn Fn…`), and for `()` (no names known).
/// An empty or blank name counts as unknown.
pub trait WorkspaceNames {
    /// The name of workspace `id`, if known.
    fn workspace_name(&self, id: &str) -> Option<String>;
}

impl WorkspaceNames for HashMap<String, String> {
    fn workspace_name(&self, id: &str) -> Option<String> {
        self.get(id).cloned()
    }
}

impl WorkspaceNames for BTreeMap<String, String> {
    fn workspace_name(&self, id: &str) -> Option<String> {
        self.get(id).cloned()
    }
}

impl WorkspaceNames for () {
    fn workspace_name(&self, _id: &str) -> Option<String> {
        None
    }
}

impl<F> WorkspaceNames for F
where
    F: Fn(&str) -> Option<String> + ?Sized,
{
    fn workspace_name(&self, id: &str) -> Option<String> {
        self(id)
    }
}

/// How a label names workspace `id`: its name when known (and not blank), else its id, else
/// `unknown workspace` when even the id is empty.
pub(crate) fn workspace_display<N: WorkspaceNames + ?Sized>(id: &str, names: &N) -> String {
    match names.workspace_name(id) {
        Some(name) if !name.trim().is_empty() => name,
        _ if !id.trim().is_empty() => id.to_string(),
        _ => "unknown workspace".to_string(),
    }
}

/// Header label of a build (ui.md): running → `Building (<workspace>)`, pending →
/// `Build queued…`; `None` when the build is not active.
pub(crate) fn build_label<N: WorkspaceNames + ?Sized>(
    build: &BuildJob,
    names: &N,
) -> Option<String> {
    match build.status {
        BuildStatus::Running => Some(format!(
            "Building ({})",
            workspace_display(&build.project_id, names)
        )),
        BuildStatus::Pending => Some("Build queued…".to_string()),
        _ => None,
    }
}

/// Header label of a run (ui.md): running → `Server running (<workspace>)`, pending →
/// `Starting server…`, stopping → `Stopping server…`; `None` when the run is not active.
pub(crate) fn run_label<N: WorkspaceNames + ?Sized>(run: &RunJob, names: &N) -> Option<String> {
    match run.status {
        RunStatus::Running => Some(format!(
            "Server running ({})",
            workspace_display(&run.project_id, names)
        )),
        RunStatus::Pending => Some("Starting server…".to_string()),
        RunStatus::Stopping => Some("Stopping server…".to_string()),
        _ => None,
    }
}

/// Workspace id → name, for labels (blank names left out: the label then shows the id).
pub(crate) fn workspace_names(list: &[Workspace]) -> BTreeMap<String, String> {
    // Inserted one by one: collecting into a BTreeMap sorts with the standard library's sort,
    // compiled once more for this type (issue 30).
    let mut names = BTreeMap::new();
    for w in list {
        if !w.id.is_empty() && !w.name.trim().is_empty() {
            names.insert(w.id.clone(), w.name.clone());
        }
    }
    names
}
