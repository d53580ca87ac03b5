//! Starting a new session (`POST /workbenches`), the one way the console does it: from the
//! workspace page's form and from a failed session's `Start new session` (CHORUS cannot start a
//! failed session again). Tracked in the activity store as `Starting session…`.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{workbenches, ApiClient, ApiError};
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::auth::Auth;

/// The tenant a new session goes in when nothing names one.
const DEFAULT_TENANT: &str = "1";

/// Starts session `name` in workspace `workspace_id` (tenant `tenant_id`, the default one when
/// blank) for the signed-in user. The reply comes before the pod exists; a reply without an id
/// is an error. On success the user is loaded again in the background: CHORUS makes the
/// creator the session's admin (and renews the login cookie), which the session's own buttons
/// check.
pub(crate) async fn start_new_session(
    api: ApiClient,
    activity: Activity,
    auth: Auth,
    tenant_id: &str,
    workspace_id: &str,
    name: &str,
) -> Result<Workbench, ApiError> {
    let user_id = auth
        .user
        .with_untracked(|u| u.as_ref().map(|u| u.id.clone()))
        .unwrap_or_default();
    let tenant = match tenant_id.trim() {
        "" => DEFAULT_TENANT,
        t => t,
    };
    let wb = activity
        .track(
            "Starting session…",
            workbenches::create(api, tenant, &user_id, workspace_id, name),
        )
        .await?;
    if wb.id.trim().is_empty() {
        return Err(ApiError::Decode("the new session has no id".to_owned()));
    }
    spawn_local(auth.reload_user());
    Ok(wb)
}
