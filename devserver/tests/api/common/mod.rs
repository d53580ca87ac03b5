//! Shared test helpers: the router in-process, called with `tower::ServiceExt::oneshot`.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use devserver::config::{Flavor, Jobs};
use devserver::{App, Config};
use serde_json::Value;
use tower::ServiceExt;

pub struct Srv {
    pub app: App,
    pub router: Router,
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}), status {}: {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    /// Asserts the status and the `chorusCode` of an error reply, in either flavor's spelling;
    /// the body.
    #[track_caller]
    pub fn assert_status_and_code(&self, status: u16, chorus: &str) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "expected {status} {chorus}, got {}: {}",
            self.status,
            self.text()
        );
        let v = self.json();
        assert!(v["code"].is_i64(), "code: {v}");
        assert!(v["message"].is_string(), "message: {v}");
        if status == 401 && chorus == "UNAUTHENTICATED" && v["details"] == serde_json::json!([]) {
            // CHORUS's missing or expired login: grpc-gateway's bare 401
            // (fixtures/chorus/unauthenticated.json).
            assert_eq!(v["code"], 16, "{v}");
            return v;
        }
        assert_eq!(v["details"][0]["chorusCode"], chorus, "{v}");
        assert!(v["details"][0]["title"].is_string(), "{v}");
        assert!(v["details"][0]["message"].is_string(), "{v}");
        v
    }

    /// Asserts an error reply of api.md's shape (our spelling: `validationErrors` always).
    #[track_caller]
    pub fn assert_error(&self, status: u16, chorus: &str) -> Value {
        let v = self.assert_status_and_code(status, chorus);
        assert!(v["details"][0]["validationErrors"].is_array(), "{v}");
        v
    }

    /// Asserts an error reply as CHORUS spells it: one detail naming the request's path as
    /// `instance`, `validationErrors` only when there are some.
    #[track_caller]
    pub fn assert_chorus_error(&self, status: u16, chorus: &str) -> Value {
        let v = self.assert_status_and_code(status, chorus);
        let d = &v["details"][0];
        assert!(d["instance"].is_string(), "{v}");
        assert!(
            d.get("validationErrors")
                .is_none_or(|e| e.as_array().is_some_and(|a| !a.is_empty())),
            "{v}"
        );
        v
    }

    /// The fields named by a VALIDATION_ERROR reply.
    #[track_caller]
    pub fn validation_fields(&self) -> Vec<String> {
        let v = self.assert_error(400, "VALIDATION_ERROR");
        v["details"][0]["validationErrors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["field"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[track_caller]
    pub fn ok(&self) -> Value {
        assert!(
            self.status.is_success(),
            "expected success, got {}: {}",
            self.status,
            self.text()
        );
        self.json()
    }
}

/// Quiet, and so slow that real time does not move the simulation: tests move it with
/// [`Srv::advance`].
pub fn frozen() -> Config {
    Config {
        quiet: true,
        speed: 0.001,
        ..Config::default()
    }
}

/// Like a real CHORUS backend (`--flavor chorus`, no job service), frozen.
pub fn chorus() -> Config {
    Config {
        flavor: Flavor::Chorus,
        jobs: Jobs::None,
        ..frozen()
    }
}

/// Our flavor with the mc-server-manager job dialect, frozen.
pub fn mc() -> Config {
    Config {
        jobs: Jobs::Mc,
        ..frozen()
    }
}

/// The platform API's base path.
pub const V1: &str = "/api/rest/v1";

/// A platform API path: `p("/workspaces")` is `/api/rest/v1/workspaces`.
pub fn p(path: &str) -> String {
    format!("{V1}{path}")
}

/// The `id`s of a list of records.
pub fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The exact body of a route CHORUS does not have.
pub const CHORUS_NOT_FOUND: &str = r#"{"code":5,"message":"Not Found","details":[]}"#;

pub fn srv() -> Srv {
    srv_with(frozen())
}

pub fn srv_with(config: Config) -> Srv {
    let app = App::new(config);
    let router = app.router();
    Srv { app, router }
}

impl Srv {
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut b = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            b = b.header("cookie", format!("jwttoken={t}"));
        }
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        // What every HTTP/1.1 client sends (the dev API answers only loopback hosts).
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            b = b.header("host", "127.0.0.1:3000");
        }
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        let req = b
            .body(body.map(|s| Body::from(s.to_string())).unwrap_or_default())
            .expect("request");
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let (parts, body) = resp.into_parts();
        let body = axum::body::to_bytes(body, usize::MAX).await.expect("body");
        Resp {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.call("GET", path, token, None, &[]).await
    }

    /// `GET` with request headers (an origin, a conditional request).
    pub async fn get_with(
        &self,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Resp {
        self.call("GET", path, token, None, headers).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &str) -> Resp {
        self.call("POST", path, token, Some(body), &[]).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &str) -> Resp {
        self.call("PUT", path, token, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Resp {
        self.call("DELETE", path, token, None, &[]).await
    }

    pub async fn login(&self, user: &str, password: &str) -> String {
        let r = self
            .post(
                "/api/rest/v1/authentication/login",
                None,
                &format!(r#"{{"username":"{user}","password":"{password}"}}"#),
            )
            .await;
        let v = r.ok();
        v["result"]["token"].as_str().expect("token").to_string()
    }

    pub async fn admin(&self) -> String {
        self.login("admin", "admin123").await
    }

    pub async fn alice(&self) -> String {
        self.login("alice", "alice123").await
    }

    pub async fn bob(&self) -> String {
        self.login("bob", "bob12345").await
    }

    pub async fn dora(&self) -> String {
        self.login_with(r#"{"username":"dora","password":"dora12345","totp":"424242"}"#)
            .await
    }

    /// Logs in with this body; the token.
    pub async fn login_with(&self, body: &str) -> String {
        let r = self
            .post("/api/rest/v1/authentication/login", None, body)
            .await;
        r.ok()["result"]["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// Signs `username` in through the fake identity provider (the OpenID round trip the
    /// console makes); the token. The server must offer OpenID (the chorus flavor does).
    pub async fn openid_login(&self, username: &str) -> String {
        let param = |url: &str, key: &str| -> String {
            let query = url.split_once('?').map_or("", |(_, q)| q);
            form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let r = self
            .get("/api/rest/v1/authentication/oauth2/keycloak/login", None)
            .await;
        let uri = r.ok()["result"]["redirectURI"]
            .as_str()
            .expect("redirectURI")
            .to_string();
        let state = param(&uri, "state");
        let page = self
            .get(
                &format!("/api/fake-idp/keycloak/approve?state={state}&username={username}"),
                None,
            )
            .await
            .text();
        let marker = "data-testid=\"continue\" href=\"";
        let start = page.find(marker).expect("a continue link") + marker.len();
        let back = page[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .replace("&amp;", "&");
        let code = param(&back, "code");
        self.get(
            &format!(
                "/api/rest/v1/authentication/oauth2/keycloak/redirect?state={state}&code={code}"
            ),
            None,
        )
        .await
        .ok()["result"]["token"]
            .as_str()
            .expect("token")
            .to_string()
    }

    /// A dev-control call with a JSON body (as every non-GET dev call needs).
    pub async fn dev(&self, method: &str, path: &str, body: &str) -> Resp {
        self.call(method, path, None, Some(body), &[]).await
    }

    /// Moves the simulated clock forward.
    pub fn advance(&self, secs: f64) {
        let mut st = self.app.state.store_raw();
        st.clock.advance(secs);
        st.advance();
    }

    pub async fn workbench(&self, id: u64, token: &str) -> Value {
        let r = self
            .get(&format!("/api/rest/v1/workbenches/{id}"), Some(token))
            .await;
        r.ok()["result"]["workbench"].clone()
    }
}

/// `(type, status, reason)` of a workbench's conditions.
pub fn conds(wb: &Value) -> Vec<(String, String, String)> {
    wb["conditions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["type"].as_str().unwrap_or("").to_string(),
                        c["status"].as_str().unwrap_or("").to_string(),
                        c["reason"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn cond<'a>(wb: &'a Value, kind: &str) -> &'a Value {
    wb["conditions"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["type"] == kind))
        .unwrap_or(&Value::Null)
}

/// A grpc-gateway error of CHORUS: this status, this gRPC code, empty `details`.
#[track_caller]
pub fn assert_gateway(r: &Resp, status: u16, code: i64) -> Value {
    assert_eq!(r.status.as_u16(), status, "{}", r.text());
    let v = r.json();
    assert_eq!(v["code"], code, "{v}");
    assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    assert_eq!(v["details"], serde_json::json!([]), "{v}");
    v
}

/// Checks the RFC 3339 shape `YYYY-MM-DDTHH:MM:SS(.fff)Z`.
#[track_caller]
pub fn assert_rfc3339(v: &Value) {
    let s = v.as_str().unwrap_or_else(|| panic!("not a string: {v}"));
    let b = s.as_bytes();
    assert!(
        s.len() >= 20
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && s.ends_with('Z'),
        "not RFC 3339: {s}"
    );
}

/// Checks an id: a decimal string.
#[track_caller]
pub fn assert_id(v: &Value) {
    let s = v.as_str().unwrap_or_else(|| panic!("id not a string: {v}"));
    assert!(
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()),
        "not a decimal id: {s}"
    );
}

/// The token of a `Set-Cookie: jwttoken=<token>; …` header.
#[allow(dead_code)]
pub fn cookie_token(set_cookie: &str) -> String {
    set_cookie
        .strip_prefix("jwttoken=")
        .and_then(|r| r.split(';').next())
        .unwrap_or("")
        .to_string()
}

/// The payload of a JWT-shaped token, decoded.
#[allow(dead_code)]
pub fn jwt_payload(token: &str) -> Value {
    let part = token.split('.').nth(1).unwrap_or("");
    let mut bits: u32 = 0;
    let mut n = 0;
    let mut out = Vec::new();
    for c in part.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => panic!("not base64url: {part}"),
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    serde_json::from_slice(&out).expect("a JSON payload")
}

/// What a running CHORUS answered, as recorded in `fixtures/chorus/<name>` (facts: the
/// request, the status and the body, with the CHORUS version and the date seen).
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/../fixtures/chorus/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(v["chorus"], "chorus-backend@0978bc77", "{path}");
    v
}

impl Srv {
    /// `GET path` until `done` holds of the reply, for at most five seconds (CHORUS's
    /// one-second caches: a read right after a write may answer what was there before).
    pub async fn get_until(&self, path: &str, token: &str, done: impl Fn(&Value) -> bool) -> Value {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let v = self.get(path, Some(token)).await.ok();
            if done(&v) {
                return v;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{path} never became what was expected: {v}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}
