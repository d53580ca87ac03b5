//! `POST /api/dev/sessions`: many sessions at once (issue 49), for the admin lists' end-to-end
//! tests of a few thousand rows. Each is stopped by its user, so the simulated controller has
//! nothing to do for them.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, JsonBody, OptId};
use crate::reply;
use crate::sim::Scenario;
use crate::state::Shared;

/// At most this many sessions in one call.
const MAX_SESSIONS: usize = 20_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SessionsIn {
    /// `"1"` or `1`.
    #[serde(default)]
    workspace_id: OptId,
    /// Their owner (default: alice, user 2).
    #[serde(default)]
    user_id: OptId,
    sessions: usize,
}

impl BodySpec for SessionsIn {}

#[derive(Serialize)]
struct SessionsOut {
    first: String,
    last: String,
}

/// `POST /api/dev/sessions {"workspaceId":"1","sessions":3000}` → 200 `{"first":"9","last":"3008"}`:
/// sessions `bulk 0001` … `bulk 3000` of the workspace, stopped, owned by `userId` (default 2).
/// 400 for an unknown workspace or user, or more than 20000 sessions.
pub(crate) async fn seed(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<SessionsIn>,
) -> ApiResult<Response> {
    let ws = body.workspace_id.required("workspaceId")?;
    let owner = body.user_id.0.unwrap_or(2);
    if body.sessions == 0 || body.sessions > MAX_SESSIONS {
        return Err(ApiError::invalid(format!(
            "sessions: 1 to {MAX_SESSIONS} (got {})",
            body.sessions
        )));
    }
    // Seeded behind CHORUS's back (`AppState::forget_session_caches`).
    app.forget_session_caches();
    let mut st = app.store();
    if !st.workspaces.contains_key(&ws) {
        return Err(ApiError::invalid(format!("Unknown workspace: {ws}")));
    }
    if !st.users.contains_key(&owner) {
        return Err(ApiError::invalid(format!("Unknown user: {owner}")));
    }
    let now = st.clock.now();
    let width = body.sessions.to_string().len().max(4);
    let mut ids = Vec::with_capacity(body.sessions);
    for n in 1..=body.sessions {
        let name = format!("bulk {n:0width$}");
        let id = st.create_workbench_record(owner, ws, &name, "", 1920, 1080, Scenario::Healthy);
        st.on_workbench_created(owner, id);
        if let Some(wb) = st.workbenches.get_mut(&id) {
            wb.run_start = now - 60.0;
            wb.stop_at = Some(now - 20.0);
            wb.generation = 2;
            wb.observed_generation = 2;
        }
        ids.push(id);
    }
    let first = ids.first().copied().unwrap_or(0).to_string();
    let last = ids.last().copied().unwrap_or(0).to_string();
    Ok(reply::ok(&SessionsOut { first, last }))
}

/// The name of a hostile session when none is given (tests look for it).
pub(crate) const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)> hostile";
/// Bytes of a hostile reply's `serverPodMessage`.
pub(crate) const HUGE_MESSAGE_BYTES: usize = 1_000_000;
/// Entries of a hostile reply's `conditions`.
pub(crate) const HUGE_CONDITIONS: usize = 5_000;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct HostileIn {
    #[serde(default)]
    workspace_id: OptId,
    /// Its owner (default: alice, user 2).
    #[serde(default)]
    user_id: OptId,
    #[serde(default)]
    name: Option<String>,
    /// A reply of hostile shape rather than hostile words.
    #[serde(default)]
    huge: bool,
}

impl BodySpec for HostileIn {}

#[derive(Serialize)]
struct HostileOut {
    id: String,
}

/// `POST /api/dev/sessions/hostile {"workspaceId":"1","name"?,"userId"?,"huge"?}` → 200
/// `{"id":"9"}`, in both flavors. Without `huge`: a session (default name
/// `<img src=x onerror=alert(1)> hostile`) whose every message ends in a `<script>` (the
/// healthy lifecycle). With `huge`: a session that never gets ready and whose every reply has a
/// 1 MB `serverPodMessage` (markup, newlines, bidirectional controls, a long unbroken word) and
/// 5,000 `conditions`, wrong types and nulls among them; the reply does not change between
/// polls. 400 for an unknown workspace or user.
pub(crate) async fn hostile(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<HostileIn>,
) -> ApiResult<Response> {
    let ws = body.workspace_id.required("workspaceId")?;
    let owner = body.user_id.0.unwrap_or(2);
    // Seeded behind CHORUS's back (`AppState::forget_session_caches`).
    app.forget_session_caches();
    let mut st = app.store();
    if !st.workspaces.contains_key(&ws) {
        return Err(ApiError::invalid(format!("Unknown workspace: {ws}")));
    }
    if !st.users.contains_key(&owner) {
        return Err(ApiError::invalid(format!("Unknown user: {owner}")));
    }
    let default_name = if body.huge {
        "Hostile reply"
    } else {
        HOSTILE_NAME
    };
    let name = body.name.unwrap_or_else(|| default_name.to_string());
    let description = "A session of hostile data (tests)";
    let id =
        st.create_workbench_record(owner, ws, &name, description, 1920, 1080, Scenario::Healthy);
    st.on_workbench_created(owner, id);
    if let Some(wb) = st.workbenches.get_mut(&id) {
        wb.spec.hostile = true;
        if body.huge {
            wb.status = "active".into();
            wb.phase = "Pending";
            wb.k8s_status = "Progressing";
            wb.server_pod_status = "Waiting";
            wb.server_pod_message = huge_message();
            wb.raw_conditions = Some(huge_conditions());
        }
    }
    st.reconcile_one(id);
    Ok(reply::ok(&HostileOut { id: id.to_string() }))
}

/// About [`HUGE_MESSAGE_BYTES`] of hostile text.
pub(crate) fn huge_message() -> String {
    const CHUNK: &str =
        "<img src=x onerror=alert(1)> Back-off pulling image \u{202e}gnp.exe\u{202c} \
                         <script>alert(\"xss\")</script>\n\tline ";
    let mut s = String::with_capacity(HUGE_MESSAGE_BYTES + CHUNK.len());
    let mut n = 0u32;
    while s.len() < HUGE_MESSAGE_BYTES / 2 {
        s.push_str(CHUNK);
        s.push_str(&n.to_string());
        s.push(' ');
        n += 1;
    }
    // Then one word with no break at all.
    while s.len() < HUGE_MESSAGE_BYTES {
        s.push_str("AAAAAAAAAAAAAAAA");
    }
    s
}

/// [`HUGE_CONDITIONS`] entries: most of them conditions with hostile words (some types
/// repeated, statuses no console knows), and nulls, strings, numbers, lists and objects of the
/// wrong types among them.
pub(crate) fn huge_conditions() -> serde_json::Value {
    use serde_json::{json, Value};
    const STATUSES: [&str; 4] = ["True", "False", "Unknown", "Maybe"];
    const REASONS: [&str; 4] = [
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "<b>Bold</b>",
        "\u{202e}txt.exe",
    ];
    let items: Vec<Value> = (0..HUGE_CONDITIONS)
        .map(|i| match i % 10 {
            0 => Value::Null,
            1 => json!("PVCReady"),
            2 => json!(42),
            3 => json!({"type": 7, "status": true, "reason": null, "message": ["x"],
                        "lastTransitionTime": 12, "observedGeneration": "x"}),
            4 => json!([]),
            5 => json!({"type": "PVCReady", "status": STATUSES[i % 4], "reason": null,
                        "message": null, "lastTransitionTime": null}),
            _ => json!({
                "type": format!("Hostile{i}<script>"),
                "status": STATUSES[i % 4],
                "reason": REASONS[i % 4],
                "message": format!("<img src=x onerror=alert({i})> condition {i} \u{202e}gnp.exe"),
                "lastTransitionTime": "2026-11-20T10:00:00Z",
                "observedGeneration": 1,
            }),
        })
        .collect();
    Value::Array(items)
}
