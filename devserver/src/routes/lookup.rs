//! A record named by a path id, looked up and the caller's permission on it checked: a
//! session, an app instance. Shared by their routes, the pages and the watch stream.

use crate::error::{ApiError, ApiResult};
use crate::extract::Id;
use crate::perms::Target;
use crate::store::{AppInstance, Store, Workbench};

/// The session id of `id`, once the chorus flavor has checked `perm` on it as CHORUS does, on
/// the token before anything is looked up (`perm.For(WorkbenchID(id))`); ours checks nothing
/// yet.
pub(crate) fn workbench_id_checked(st: &Store, uid: u64, id: &Id, perm: &str) -> ApiResult<u64> {
    let wid = id.num("workbench")?;
    if st.flavor == crate::config::Flavor::Chorus {
        let target = Target {
            workbench: Some(wid),
            ..Target::none()
        };
        st.require(uid, perm, &target)?;
    }
    Ok(wid)
}

/// Looks a workbench up and checks `perm` on it.
pub(crate) fn workbench_for<'s>(
    st: &'s Store,
    uid: u64,
    id: &Id,
    perm: &str,
) -> ApiResult<&'s Workbench> {
    let wid = workbench_id_checked(st, uid, id, perm)?;
    let wb = st
        .workbenches
        .get(&wid)
        .ok_or_else(|| ApiError::not_found("workbench", &id.raw))?;
    st.require(uid, perm, &Target::workbench(wb.workspace_id, wb.id))?;
    Ok(wb)
}

/// Looks an app instance up and checks `perm` on its session.
pub(crate) fn instance_for<'s>(
    st: &'s Store,
    uid: u64,
    id: &Id,
    perm: &str,
) -> ApiResult<&'s AppInstance> {
    let iid = id.num("app instance")?;
    let inst = st
        .instances
        .get(&iid)
        .ok_or_else(|| ApiError::not_found("app instance", &id.raw))?;
    st.require(
        uid,
        perm,
        &Target::workbench(inst.workspace_id, inst.workbench_id),
    )?;
    Ok(inst)
}
