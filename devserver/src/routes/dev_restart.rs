//! A backend that restarts and one that pauses, for the uploads' tests (issue 56).
//!
//! - `POST /api/dev/restart`: what a restart of CHORUS forgets. Its disk store keeps the
//!   multipart uploads under way in memory (`diskfilestore.go`, `multipartUploads`): after a
//!   restart every part, completion and abort of one started before is refused with a 500
//!   naming it (`Unable to upload part number N for upload ID X at path P`), which the upload
//!   routes already answer for an id they do not know. The uploads under way and their parts go;
//!   so do the one-second user caches. Records, files and logins stay (CHORUS keeps them in its
//!   database and its tokens). → `{"forgotten": <uploads dropped>}`.
//! - `POST /api/dev/pause?ms=…`: every API call (not `/api/dev/*`) is held for that long from
//!   now, then answered, as by a backend stopped (`SIGSTOP`) and continued; `ms=0` goes on at
//!   once. → `{"pausedMs": n}`.

use std::time::{Duration, Instant};

use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::Params;
use crate::reply;
use crate::state::{lock, Shared};

/// The longest pause (10 minutes).
const MAX_PAUSE_MS: u64 = 600_000;

/// `POST /api/dev/restart`.
pub(crate) async fn restart(State(app): State<Shared>) -> Response {
    let dropped: Vec<(String, String)> = {
        let mut st = app.files.state();
        st.uploads.drain().map(|(id, u)| (u.store, id)).collect()
    };
    for (store, id) in &dropped {
        let _ = tokio::fs::remove_dir_all(app.files.upload_dir(store, id)).await;
    }
    lock(&app.user_cache).clear();
    lock(&app.role_cache).clear();
    lock(&app.user_lists).pages.clear();
    app.forget_session_caches();
    lock(&app.note_cache).replies.clear();
    reply::ok(&json!({ "forgotten": dropped.len() }))
}

/// `POST /api/dev/pause?ms=…`.
pub(crate) async fn pause(State(app): State<Shared>, params: Params) -> ApiResult<Response> {
    let ms = params
        .get("ms")
        .map(str::trim)
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms <= MAX_PAUSE_MS)
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "ms",
                format!("must be a whole number of milliseconds from 0 to {MAX_PAUSE_MS}"),
            )])
        })?;
    *lock(&app.paused_until) = (ms > 0).then(|| Instant::now() + Duration::from_millis(ms));
    Ok(reply::ok(&json!({ "pausedMs": ms })))
}
