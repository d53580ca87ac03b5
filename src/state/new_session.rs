//! Starting a new session (`POST /workbenches`), the one way the console does it: from the
//! workspace page's form and from a failed session's `Start new session` (CHORUS cannot start a
//! failed session again). Tracked in the activity store as `Starting session…`.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{workbenches, ApiClient, ApiError};
use crate::domain::resolution;
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::desktops::Desktops;

/// The tenant a new session goes in when nothing names one.
const DEFAULT_TENANT: &str = "1";

/// The id of a session page's work area, which its desktop fills (`pages::session`).
pub(crate) const WORK_AREA: &str = "session-work";

/// The size of the area the new session's desktop will fill, in CSS pixels: the session page's
/// work area when one is on screen (`Start new session` on a failed session's page), else the
/// window below the header and the session bar (with the quick switch's row when `desktops`
/// knows another ready session) (ui.md, "Behaviour").
fn desktop_area(desktops: Option<Desktops>) -> Option<(u32, u32)> {
    let window = web_sys::window()?;
    let shown = window
        .document()
        .and_then(|d| d.get_element_by_id(WORK_AREA))
        .map(|el| el.get_bounding_client_rect())
        .filter(|r| r.width() >= 1.0 && r.height() >= 1.0);
    if let Some(r) = shown {
        return resolution::desktop_size(r.width(), r.height());
    }
    let w = window.inner_width().ok()?.as_f64()?;
    let h = window.inner_height().ok()?.as_f64()?;
    let header = window
        .document()
        .and_then(|d| d.query_selector(".app-header").ok().flatten())
        .map(|el| el.get_bounding_client_rect().height());
    let switch_row = desktops.is_some_and(|d| d.offers_switch_untracked());
    resolution::from_window(w, h, header, switch_row)
}

/// Starts session `name` in workspace `workspace_id` (tenant `tenant_id`, the default one when
/// blank) for the signed-in user, its desktop the size of the area it will fill. The reply comes before the pod exists; a reply without an id
/// is an error. On success the user is loaded again in the background: CHORUS makes the
/// creator the session's admin (and renews the login cookie), which the session's own buttons
/// check.
pub(crate) async fn start_new_session(
    api: ApiClient,
    activity: Activity,
    auth: Auth,
    desktops: Option<Desktops>,
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
            workbenches::create(
                api,
                tenant,
                &user_id,
                workspace_id,
                name,
                desktop_area(desktops),
            ),
        )
        .await?;
    if wb.id.trim().is_empty() {
        return Err(ApiError::Decode("the new session has no id".to_owned()));
    }
    spawn_local(auth.reload_user());
    Ok(wb)
}
