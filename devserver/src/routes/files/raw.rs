//! Our extension `GET …/raw/{path=**}`: a file's bytes, streamed, one range honoured.

use std::io::SeekFrom;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};

use super::common::{checked, does_not_exist, stat, workspace, FileRoute, DOWNLOAD};
use crate::codec;
use crate::error::{ApiError, ApiResult, Code};
use crate::extract::Caller;
use crate::state::Shared;

/// `GET /workspaces/{id}/raw/{path=**}` (our flavor): the file's bytes, streamed from disk,
/// as an attachment; one `Range: bytes=…` honoured (`206`, `416`).
pub(crate) async fn raw(
    State(app): State<Shared>,
    Caller(uid): Caller,
    r: FileRoute,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let ws = workspace(&app, uid, &r.id, DOWNLOAD)?;
    let p = checked(&app, &r.rest)?;
    let target = app.files.locate(ws, &p);
    let meta = stat(&target, p.dir)
        .await
        .ok_or_else(|| does_not_exist(&r.rest))?;
    if meta.is_dir() {
        return Err(ApiError::new(
            Code::NotFound,
            format!("File at path {} is a directory", r.rest),
        ));
    }
    let len = meta.len();
    let mut file = tokio::fs::File::open(&target)
        .await
        .map_err(|_| does_not_exist(&r.rest))?;
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| byte_range(v, len));
    let (status, start, count) = match range {
        None => (StatusCode::OK, 0, len),
        Some(Some((a, b))) => (StatusCode::PARTIAL_CONTENT, a, b - a + 1),
        Some(None) => {
            let mut resp = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                resp.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return Ok(resp);
        }
    };
    if start > 0 {
        file.seek(SeekFrom::Start(start))
            .await
            .map_err(|_| does_not_exist(&r.rest))?;
    }
    let mut resp = Response::new(Body::from_stream(chunks(file.take(count))));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(count));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        codec::rfc5987_encode(p.name())
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + count - 1;
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(resp)
}

/// One `bytes=` range of a file of `len` bytes: `None` to ignore the header (not one range of
/// bytes), `Some(None)` when it cannot be served (416), else the first and last byte.
fn byte_range(header: &str, len: u64) -> Option<Option<(u64, u64)>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let num = |s: &str| s.parse::<u64>().ok();
    let range = match (a.is_empty(), b.is_empty()) {
        (true, true) => return None,
        // The last b bytes.
        (true, false) => {
            let n = num(b)?;
            (n > 0 && len > 0).then(|| (len.saturating_sub(n), len - 1))
        }
        (false, _) => {
            let start = num(a)?;
            let end = if b.is_empty() { u64::MAX } else { num(b)? };
            (start <= end && start < len).then(|| (start, end.min(len - 1)))
        }
    };
    Some(range)
}

/// A reader as a stream of chunks of at most 64 KiB (the whole file is never in memory).
fn chunks<R: AsyncRead + Unpin + Send + 'static>(
    reader: R,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::unfold(Some(reader), |state| async move {
        let mut reader = state?;
        let mut buf = vec![0u8; 64 * 1024];
        match reader.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(reader)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(byte_range("bytes=0-9", 100), Some(Some((0, 9))));
        assert_eq!(byte_range("bytes=90-", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=-10", 100), Some(Some((90, 99))));
        assert_eq!(byte_range("bytes=50-500", 100), Some(Some((50, 99))));
        assert_eq!(byte_range("bytes=100-", 100), Some(None));
        assert_eq!(byte_range("bytes=0-1,5-6", 100), None);
        assert_eq!(byte_range("items=0-1", 100), None);
        assert_eq!(byte_range("bytes=-5", 0), Some(None));
    }
}
