//! Who may see which jobs: a permission on a job's workspace (everyone in the mc dialect,
//! which has no login), the `projectId` filter. Shared by the job routes and the run stream.

use crate::config::Jobs;
use crate::error::{ApiError, ApiResult};
use crate::extract::Params;
use crate::perms::Target;
use crate::store::Store;
use crate::wire::{self, JobOut};

/// May `who` do `perm` on the jobs of workspace `ws`?
pub(crate) fn may(st: &Store, who: Option<u64>, perm: &str, ws: u64) -> bool {
    who.is_none_or(|uid| st.allowed(uid, perm, &Target::workspace(ws)))
}

/// `perm` on workspace `ws` (nobody in particular may do everything).
pub(crate) fn require(st: &Store, who: Option<u64>, perm: &str, ws: u64) -> ApiResult<()> {
    match who {
        Some(uid) => st.require(uid, perm, &Target::workspace(ws)),
        None => Ok(()),
    }
}

/// `projectId` from the query: `None` when absent, its workspace when known, else 404.
pub(crate) fn project_filter(st: &Store, params: &Params) -> ApiResult<Option<u64>> {
    match params.get("projectId").map(str::trim) {
        None | Some("") => Ok(None),
        Some(p) => st
            .project(p)
            .map(|(_, ws)| Some(ws))
            .ok_or_else(|| ApiError::not_found("project", p)),
    }
}

/// The jobs `who` may see with `perm`, optionally of one project only (403 when that project
/// is not visible).
pub(crate) fn visible_jobs(
    st: &Store,
    who: Option<u64>,
    perm: &str,
    project: Option<u64>,
    run: bool,
) -> ApiResult<Vec<JobOut>> {
    if let Some(ws) = project {
        require(st, who, perm, ws)?;
    }
    let map = if run { &st.runs } else { &st.builds };
    let millis = st.jobs == Jobs::Mc;
    Ok(map
        .values()
        .filter(|j| project.is_none_or(|ws| j.workspace_id == ws))
        .filter(|j| may(st, who, perm, j.workspace_id))
        .map(|j| wire::job(j, run, millis))
        .collect())
}
