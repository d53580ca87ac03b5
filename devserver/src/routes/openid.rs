//! What the OpenID login routes (`auth`) and the fake identity provider (`idp`) both need: the
//! one provider, whether it is offered, how long a login may take, where the browser is
//! ([`Origins`]) and the provider's URLs. Both import it; neither imports the other.

use std::time::Duration;

use axum::http::HeaderMap;

use crate::error::{ApiError, ApiResult};
use crate::extract::Id;
use crate::state::{lock, Shared};

/// The one identity provider.
pub(crate) const PROVIDER: &str = "keycloak";

/// An OpenID login must finish within this long.
pub(crate) const LOGIN_TTL: Duration = Duration::from_secs(600);

/// The provider of a path, if it is offered.
pub(crate) fn provider(app: &Shared, id: &Id) -> ApiResult<&'static str> {
    if id.raw == PROVIDER && lock(&app.auth_modes).openid {
        Ok(PROVIDER)
    } else {
        Err(ApiError::not_found("identity provider", &id.raw))
    }
}

const BASE: &str = "/api/fake-idp";

/// Where the browser is: the console's origin, and the origin under which it reaches this
/// server's fake identity provider.
pub(crate) struct Origins {
    pub console: String,
    pub idp: String,
}

fn first<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').next().unwrap_or("").trim())
        .filter(|v| !v.is_empty())
}

/// `scheme://authority` of an http(s) URL.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    valid_authority(authority).then(|| format!("{scheme}://{authority}"))
}

fn valid_authority(a: &str) -> bool {
    !a.is_empty()
        && a.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
}

/// The host of an origin is this machine.
fn loopback(origin: &str) -> bool {
    let host = origin.split_once("://").map_or("", |(_, a)| a);
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

impl Origins {
    /// From the request: the console's origin is its `Origin` (else `Referer`, else the
    /// `Host`), as long as it is on this machine or the `--cors-origin`; the identity provider
    /// is on the console's origin (through its `/api` proxy) unless the console called across
    /// origins, then on this server's own.
    pub fn of(app: &Shared, headers: &HeaderMap) -> Origins {
        let proto = first(headers, "x-forwarded-proto")
            .filter(|p| matches!(*p, "http" | "https"))
            .unwrap_or("http");
        let host = first(headers, "x-forwarded-host")
            .or_else(|| first(headers, "host"))
            .filter(|h| valid_authority(h))
            .unwrap_or("127.0.0.1");
        let own = format!("{proto}://{host}");
        let console = first(headers, "origin")
            .and_then(origin_of)
            .or_else(|| first(headers, "referer").and_then(origin_of))
            .filter(|o| loopback(o) || app.config.cors_origin.as_deref() == Some(o.as_str()))
            .unwrap_or_else(|| own.clone());
        let cross_origin =
            first(headers, "sec-fetch-site").is_some_and(|s| !matches!(s, "same-origin" | "none"));
        let idp = if cross_origin { own } else { console.clone() };
        Origins { console, idp }
    }
}

/// `k=v&…`, form-encoded.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        q.append_pair(k, v);
    }
    q.finish()
}

/// The identity provider's login page for a login with `state`.
pub(crate) fn authorize_url(
    o: &Origins,
    provider: &str,
    state: &str,
    redirect_uri: &str,
) -> String {
    let q = query(&[
        ("client_id", "chorus"),
        ("response_type", "code"),
        ("scope", "openid"),
        ("redirect_uri", redirect_uri),
        ("state", state),
    ]);
    format!("{}{BASE}/{provider}/authorize?{q}", o.idp)
}

/// The identity provider's end-session page, which links back to the console's `/login`.
pub(crate) fn end_session_url(o: &Origins) -> String {
    let back = format!("{}/login", o.console);
    let q = query(&[("post_logout_redirect_uri", &back)]);
    format!("{}{BASE}/{PROVIDER}/logout?{q}", o.idp)
}
