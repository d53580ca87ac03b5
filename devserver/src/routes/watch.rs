//! `GET /api/rest/v1/workbenches/{id}/watch` (extension, our flavor only): one session's record
//! as a stream. `event: workbench` with `{"workbench": …}` at once and on every change of the
//! record, `: keep-alive` every `--watch-keepalive-secs`; the stream ends when the session is
//! removed, or when the caller's login or access to it is gone (the reconnect then gets the
//! same 404, 401 or 403 as `GET /workbenches/{id}`).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::error::ApiResult;
use crate::extract::{tokens_from, Caller, Id};
use crate::reply::Keyed;
use crate::state::Shared;
use crate::store::{Store, WorkbenchMsg};

use super::event_stream::{event_stream, ClientGuard};
use super::lookup::workbench_for;

/// What a re-read of the session found.
enum Read {
    /// The same record as last sent.
    Same,
    /// A changed record: its event.
    Changed(Bytes),
    /// The session, the login or the access to it is gone: the stream ends.
    Gone,
}

struct WatchStream {
    app: Shared,
    /// The caller's login (cookie or bearer), checked on every re-read.
    tokens: Vec<String>,
    id: Id,
    rx: broadcast::Receiver<WorkbenchMsg>,
    keepalive: Interval,
    /// The data of the last event sent: an identical record is not sent again.
    last: String,
    /// The first event, sent before anything else.
    first: Option<Bytes>,
    _guard: ClientGuard,
}

/// The `data` of an event: `{"workbench": …}`, the record exactly as `GET` spells it in this
/// flavor. `None` when the login, the session or the caller's access to it is gone.
fn record(app: &Shared, st: &Store, tokens: &[String], id: &Id) -> Option<String> {
    let uid = st.authenticate(tokens).ok()?;
    let wb = workbench_for(st, uid, id, "getWorkbench").ok()?;
    serde_json::to_string(&Keyed("workbench", app.view().workbench(wb))).ok()
}

fn event(data: &str) -> Bytes {
    Bytes::from(format!("event: workbench\ndata: {data}\n\n"))
}

impl WatchStream {
    fn reread(&mut self) -> Read {
        let data = {
            let st = self.app.store_raw();
            record(&self.app, &st, &self.tokens, &self.id)
        };
        match data {
            None => Read::Gone,
            Some(d) if d == self.last => Read::Same,
            Some(d) => {
                let b = event(&d);
                self.last = d;
                Read::Changed(b)
            }
        }
    }
}

/// One step of the stream: the next chunk, or `None` to end it.
async fn next_chunk(mut s: WatchStream) -> Option<(Result<Bytes, Infallible>, WatchStream)> {
    if let Some(b) = s.first.take() {
        return Some((Ok(b), s));
    }
    loop {
        tokio::select! {
            _ = s.keepalive.tick() => {
                // A login or an access that went away ends the stream; a change seen here
                // (it cannot be missed, but costs nothing) goes out before the comment.
                return match s.reread() {
                    Read::Gone => None,
                    Read::Changed(b) => Some((Ok(b), s)),
                    Read::Same => Some((Ok(Bytes::from_static(b": keep-alive\n\n")), s)),
                };
            }
            msg = s.rx.recv() => {
                let wid = s.id.raw.parse::<u64>().ok();
                let ours = match msg {
                    Ok(WorkbenchMsg::Changed(id)) => Some(id) == wid,
                    // A reset, or a client that fell behind (the sim never waits for it):
                    // re-read the record as it is now.
                    Ok(WorkbenchMsg::Resync) | Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => return None,
                };
                if ours {
                    match s.reread() {
                        Read::Gone => return None,
                        Read::Changed(b) => return Some((Ok(b), s)),
                        Read::Same => {}
                    }
                }
            }
        }
    }
}

/// `GET /workbenches/{id}/watch`: the same login and permission checks as `GET
/// /workbenches/{id}` (the cookie, as a browser's `EventSource` sends it, or a bearer token).
pub(crate) async fn watch(
    State(app): State<Shared>,
    Caller(uid): Caller,
    headers: HeaderMap,
    id: Id,
) -> ApiResult<Response> {
    if app.watch_off.load(std::sync::atomic::Ordering::SeqCst) {
        // As a backend without the route answers (`PUT /api/dev/watch`): grpc-gateway's 404,
        // which names no resource.
        let mut resp = Response::new(Body::from(
            r#"{"code":5,"message":"Not Found","details":[]}"#,
        ));
        *resp.status_mut() = axum::http::StatusCode::NOT_FOUND;
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return Ok(resp);
    }
    let (rx, data) = {
        let st = app.store();
        let wb = workbench_for(&st, uid, &id, "getWorkbench")?;
        let data = serde_json::to_string(&Keyed("workbench", app.view().workbench(wb)))
            .map_err(|e| crate::error::ApiError::internal(e.to_string()))?;
        // Subscribe under the store lock: no change can slip between the first event and the
        // stream.
        (st.watch_workbenches(), data)
    };
    let period = app.config.watch_keepalive.max(Duration::from_millis(10));
    let mut keepalive = tokio::time::interval_at(Instant::now() + period, period);
    keepalive.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let stream = WatchStream {
        _guard: ClientGuard::new(app.watch_clients.clone()),
        tokens: tokens_from(&headers),
        app,
        id,
        rx,
        keepalive,
        first: Some(event(&data)),
        last: data,
    };
    Ok(event_stream(Body::from_stream(
        futures_util::stream::unfold(stream, next_chunk),
    )))
}
