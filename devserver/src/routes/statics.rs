//! Everything that is not an API route: the built console (`--static`, with `index.html` for
//! deep links), `/config.json`, and the fallbacks for unknown paths and methods.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::{ApiError, Code};
use crate::reply;
use crate::state::{lock, Shared};

use super::html::{html, page};

/// Files are revalidated on every load: a rebuilt console is picked up at once.
fn no_cache(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// `/config.json`: the dev override, else the file of `--static`, else 404.
pub(crate) async fn config_json(State(app): State<Shared>, req: Request) -> Response {
    if let Some(v) = lock(&app.config_override).clone() {
        return reply::ok(&v);
    }
    match &app.config.static_dir {
        Some(dir) => match ServeFile::new(dir.join("config.json")).oneshot(req).await {
            // A revalidation (`If-None-Match`, `If-Modified-Since`) gets its 304 as it is.
            Ok(resp) if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED => {
                no_cache(resp.map(Body::new))
            }
            _ => (StatusCode::NOT_FOUND, "no config.json").into_response(),
        },
        None => (StatusCode::NOT_FOUND, "no config.json").into_response(),
    }
}

/// Unknown paths: a JSON 404 under `/api`, the static files (with `index.html` for deep links)
/// elsewhere.
pub(crate) async fn fallback(State(app): State<Shared>, req: Request) -> Response {
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    if path == "/api" || path.starts_with("/api/") {
        if app.chorus() {
            return ApiError::gateway(Code::NotFound, StatusCode::NOT_FOUND, 5, "Not Found")
                .into_response();
        }
        return ApiError::new(Code::NotFound, format!("no such endpoint: {method} {path}"))
            .into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::invalid(format!("{method} is not allowed here"))
            .with_status(StatusCode::METHOD_NOT_ALLOWED)
            .into_response();
    }
    match &app.config.static_dir {
        Some(dir) => {
            let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
            match files.oneshot(req).await {
                Ok(resp) => no_cache(resp.map(Body::new)),
                Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
            }
        }
        None => html(
            StatusCode::NOT_FOUND,
            page(
                "devserver",
                "wait",
                "<h1>devserver</h1><p>This server answers <code>/api</code> only: start it with \
                 <code>--static dist</code> to serve the console.</p>",
                "API only",
            ),
        ),
    }
}

/// A known path with another method: 405 (CHORUS: grpc-gateway's code 12, no details).
pub(crate) async fn method_not_allowed(
    State(app): State<Shared>,
    method: Method,
    uri: Uri,
) -> Response {
    ApiError::method_not_allowed(app.chorus(), &method, uri.path()).into_response()
}
