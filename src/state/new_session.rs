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

/// How long after its create a refusal of a session this tab created is not believed (ms).
pub(crate) const ACCESS_GRACE_MS: i64 = 8_000;
/// CHORUS's user cache (`pkg/user/service/middleware/caching.go`): a token made within this
/// long of the last one can lack a role given since (ms, its one second and a margin).
pub(crate) const USER_CACHE_MS: i64 = 1_200;

/// Waits [`USER_CACHE_MS`] on the one clock: a renewal or a read after this has CHORUS's user
/// cache moved on past what it held before the wait.
pub(crate) async fn past_user_cache() {
    crate::state::timer::sleep(std::time::Duration::from_millis(USER_CACHE_MS as u64)).await;
}

thread_local! {
    /// Sessions this tab created, with when (epoch ms, the state clock's).
    static CREATED: std::cell::RefCell<Vec<(String, i64)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Notes that this tab created session `id` now.
fn note_created(id: &str) {
    let now = crate::state::now_ms_i64();
    CREATED.with(|c| {
        let mut c = c.borrow_mut();
        c.retain(|(_, at)| now - at < ACCESS_GRACE_MS);
        c.push((id.to_owned(), now));
    });
}

/// When this tab created session `id` (or began to check a refusal of it again:
/// [`recheck_refusal`]), if it did in the last [`ACCESS_GRACE_MS`].
pub(crate) fn created_recently(id: &str) -> Option<i64> {
    let now = crate::state::now_ms_i64();
    CREATED.with(|c| {
        c.borrow()
            .iter()
            .rev()
            .find(|(i, at)| i == id && now - at < ACCESS_GRACE_MS)
            .map(|(_, at)| *at)
    })
}

thread_local! {
    /// Sessions whose refusal this tab checked again, with when (epoch ms).
    static RECHECKED: std::cell::RefCell<Vec<(String, i64)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// How long a refusal checked again holds before another visit checks it again (ms).
const RECHECK_EVERY_MS: i64 = 60_000;

/// A refusal (403) of session `id`, which this tab did not create: it may come from a cookie
/// CHORUS made from its cached user in the second before the role was given (a session
/// created in another tab or by a script and opened at once, or one just shared). Says
/// whether to check it once more (not if it was checked in the last minute); if so, the
/// session gets the grace of a new one ([`created_recently`]), so that its apps wait too.
pub(crate) fn recheck_refusal(id: &str) -> bool {
    let now = crate::state::now_ms_i64();
    let fresh = RECHECKED.with(|r| {
        let mut r = r.borrow_mut();
        r.retain(|(_, at)| now - at < RECHECK_EVERY_MS);
        if r.iter().any(|(i, _)| i == id) {
            return false;
        }
        r.push((id.to_owned(), now));
        true
    });
    if fresh {
        note_created(id);
    }
    fresh
}

/// A refusal (403) of session `id`, or of its apps, right after this tab created it: CHORUS
/// made the creator its admin, but the cookie its create set may come from a user it cached in
/// the second before (a renewal at page load), without that role. Waits until the cache has
/// moved on (on the one clock), renews the login, and says whether it is worth asking again
/// (`false`: not a session of this tab's, or too late).
pub(crate) async fn regain_access(auth: Option<Auth>, id: &str, attempt: u32) -> bool {
    let Some(created) = created_recently(id) else {
        return false;
    };
    let due = created + USER_CACHE_MS * i64::from(attempt.max(1));
    let wait = due - crate::state::now_ms_i64();
    if wait > 0 {
        crate::state::timer::sleep(std::time::Duration::from_millis(wait as u64)).await;
    }
    match auth {
        Some(auth) => auth.refresh().await.is_ok(),
        None => true,
    }
}

/// The same refusal seen by another view of the new session (its apps): waits a little for the
/// status poll's renewal ([`regain_access`]) and says whether to ask again.
pub(crate) async fn await_access(id: &str) -> bool {
    if created_recently(id).is_none() {
        return false;
    }
    past_user_cache().await;
    true
}

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
    let new = NewSession {
        tenant_id,
        workspace_id,
        name,
        description: "",
    };
    start_described_session(api, activity, auth, desktops, new).await
}

/// What a new session is: where, its name and its description (blank: none).
pub(crate) struct NewSession<'a> {
    pub tenant_id: &'a str,
    pub workspace_id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
}

/// [`start_new_session`] with a description (the form of `/sessions`).
pub(crate) async fn start_described_session(
    api: ApiClient,
    activity: Activity,
    auth: Auth,
    desktops: Option<Desktops>,
    new: NewSession<'_>,
) -> Result<Workbench, ApiError> {
    let NewSession {
        tenant_id,
        workspace_id,
        name,
        description,
    } = new;
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
                description,
                desktop_area(desktops),
            ),
        )
        .await?;
    if wb.id.trim().is_empty() {
        return Err(ApiError::Decode("the new session has no id".to_owned()));
    }
    note_created(&wb.id);
    spawn_local(auth.reload_user());
    Ok(wb)
}

/// The workspaces of `list` the user may start a session in (`createWorkbench` there), as the
/// new-session forms offer them: (id, tenant, name shown).
pub(crate) fn startable_workspaces(
    auth: Auth,
    list: &[crate::domain::workspace::Workspace],
) -> Vec<(String, String, String)> {
    use crate::domain::permissions::{Perm, Target};
    list.iter()
        .filter(|w| auth.can_in(Perm::CreateWorkbench, &Target::workspace(&w.id)))
        .map(|w| {
            (
                w.id.clone(),
                w.tenant_id.clone(),
                crate::domain::text::shown_string(&w.display_name()),
            )
        })
        .collect()
}
