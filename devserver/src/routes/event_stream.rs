//! What every Server-Sent Events stream of the dev server shares: its reply's headers, and
//! the count of clients it keeps while open.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::Response;

/// Counts open streams; decrements when the stream is dropped (client gone or stream ended).
pub(crate) struct ClientGuard(Arc<AtomicUsize>);

impl ClientGuard {
    pub(crate) fn new(counter: Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        ClientGuard(counter)
    }
}

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A Server-Sent Events reply of `body`: `text/event-stream`, never cached, never buffered by a
/// proxy (`X-Accel-Buffering: no`). Every stream of the dev server answers through it.
pub(crate) fn event_stream(body: Body) -> Response {
    let mut resp = Response::new(body);
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    resp
}
