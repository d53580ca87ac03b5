//! The small HTML pages the dev server serves itself (the session and app stream pages, the
//! fake identity provider, the 404 page without `--static`): escaping, the page frame, the
//! reply. Shared by `pages`, `idp` and `statics`, so that none of them imports another.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Escapes text for HTML.
pub(crate) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
*{box-sizing:border-box}\
html,body{margin:0;height:100%}\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#e8ecf4;\
background:radial-gradient(circle at 20% 20%,#2b4a7a 0,#16233d 45%,#0b1120 100%);\
display:flex;flex-direction:column}\
main{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;\
padding:2rem;text-align:center}\
h1{font-size:clamp(2rem,6vw,4.5rem);margin:0 0 .5rem;line-height:1.1;word-break:break-word}\
.id{font-size:1.4rem;opacity:.85;margin:0 0 1.5rem}\
dl{display:grid;grid-template-columns:auto auto;gap:.3rem 1rem;margin:0;opacity:.8;text-align:left}\
dt{font-weight:600}dd{margin:0}\
.bar{height:2.2rem;background:rgba(0,0,0,.45);display:flex;align-items:center;\
justify-content:space-between;padding:0 1rem;font-size:.9rem}\
.dot{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;background:#3ddc84;\
margin-right:.4rem}\
.wait .dot{background:#f5b942}\
";

pub(crate) fn page(title: &str, class: &str, body: &str, status_line: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head>\
         <body class=\"{class}\"><main>{body}</main>\
         <div class=\"bar\"><span><span class=\"dot\"></span>{status_line}</span>\
         <span>devserver</span></div></body></html>",
    )
}

pub(crate) fn html(status: StatusCode, body: String) -> Response {
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Nothing on these pages may run or load anything.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    resp
}
