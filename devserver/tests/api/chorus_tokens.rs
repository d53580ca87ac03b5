//! Login tokens (both flavors, as CHORUS issues them): JWT-shaped with CHORUS's claims, an
//! expiry, refresh keeping the first login's `iat`, the maximum refresh time, the one-time code
//! and recovery codes, permissions from the token's roles.

use std::time::Duration;

use crate::common::*;
use serde_json::json;

/// mirrors internal/jwt/model/jwt.go JWTClaims and pkg/authentication/service/
/// authentication-service.go createJWTToken: header.payload.signature, with `id`, `tenantId`,
/// `username`, `roles` (name and context), `exp` = now + TTL, `iat`.
#[tokio::test]
async fn tokens_are_jwt_shaped_with_chorus_claims() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let t = s.alice().await;
        assert_eq!(t.split('.').count(), 3, "{t}");
        let c = jwt_payload(&t);
        assert_eq!(c["id"], 2);
        assert_eq!(c["tenantId"], 1);
        assert_eq!(c["username"], "alice");
        assert!(c["roles"].as_array().is_some_and(|r| !r.is_empty()), "{c}");
        assert!(c["roles"][0]["context"].is_object(), "{c}");
        assert!(
            c["r"].as_str().is_some_and(|r| r.starts_with("H4sI")),
            "{c}"
        );
        let (exp, iat) = (c["exp"].as_i64().unwrap(), c["iat"].as_i64().unwrap());
        assert!((3599..=3601).contains(&(exp - iat)), "{c}");
    }
}

/// mirrors the claims' `exp` (jwt.StandardClaims.Valid): an expired token is a 401 on every
/// call, refresh-token included; `--token-ttl-secs` / `PUT /api/dev/token-times` set the TTL.
#[tokio::test]
async fn an_expired_token_is_refused_everywhere() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let v = s
            .dev("PUT", "/api/dev/token-times", r#"{"ttlSecs":0.05}"#)
            .await
            .ok();
        assert_eq!(v, json!({"ttlSecs": 0.05, "maxRefreshSecs": 43200.0}));
        let t = s.alice().await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        for path in ["/workspaces", "/users/me", "/apps"] {
            s.get(&p(path), Some(&t))
                .await
                .assert_status_and_code(401, "UNAUTHENTICATED");
        }
        s.post(&p("/authentication/refresh-token"), Some(&t), "{}")
            .await
            .assert_status_and_code(401, "UNAUTHENTICATED");
        // Reset restores the defaults.
        s.dev("POST", "/api/dev/reset", "{}").await;
        let v = s.get("/api/dev/token-times", None).await.ok();
        assert_eq!(v, json!({"ttlSecs": 3600.0, "maxRefreshSecs": 43200.0}));
        s.dev("PUT", "/api/dev/token-times", r#"{"ttlSecs":0}"#)
            .await
            .assert_status_and_code(400, "VALIDATION_ERROR");
    }
}

/// mirrors pkg/authentication/service/authentication-service.go RefreshToken: the new token
/// keeps the first login's `iat`, and refresh is a 401 once that login is older than the
/// maximum refresh time ("Session expired, please authenticate again").
#[tokio::test]
async fn refresh_keeps_iat_and_stops_after_the_maximum_refresh_time() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let t = s.bob().await;
        let url = p("/authentication/refresh-token");
        let r = s.post(&url, Some(&t), "{}").await;
        let fresh = r.ok()["result"]["token"].as_str().unwrap().to_string();
        assert_eq!(cookie_token(&r.header("set-cookie")), fresh);
        assert_eq!(jwt_payload(&fresh)["iat"], jwt_payload(&t)["iat"]);
        s.dev("PUT", "/api/dev/token-times", r#"{"maxRefreshSecs":0.05}"#)
            .await
            .ok();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let v = s
            .post(&url, Some(&fresh), "{}")
            .await
            .assert_status_and_code(401, "UNAUTHENTICATED");
        assert!(v["message"].as_str().unwrap().contains("Session expired"));
        // The token itself still works until its exp.
        s.get(&p("/apps"), Some(&fresh)).await.ok();
        // A new login starts a new refresh window.
        let t = s.bob().await;
        s.dev("PUT", "/api/dev/token-times", r#"{"maxRefreshSecs":60}"#)
            .await
            .ok();
        s.post(&url, Some(&t), "{}").await.ok();
    }
}

/// mirrors pkg/authentication/service/authentication-service.go Authenticate: no code 400
/// TWO_FACTOR_REQUIRED; a wrong one 401 INVALID_CREDENTIALS; a recovery code in `totp` works
/// once (DeleteTotpRecoveryCode).
#[tokio::test]
async fn recovery_codes_work_once_in_the_totp_field() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let url = p("/authentication/login");
        for code in ["a1b2c3d4e5", "f6g7h8i9j0"] {
            let body = format!(r#"{{"username":"dora","password":"dora12345","totp":"{code}"}}"#);
            s.post(&url, None, &body).await.ok();
            s.post(&url, None, &body)
                .await
                .assert_status_and_code(401, "INVALID_CREDENTIALS");
        }
        s.post(
            &url,
            None,
            r#"{"username":"dora","password":"dora12345","totp":"123456"}"#,
        )
        .await
        .assert_status_and_code(401, "INVALID_CREDENTIALS");
        s.post(&url, None, r#"{"username":"dora","password":"dora12345"}"#)
            .await
            .assert_status_and_code(400, "TWO_FACTOR_REQUIRED");
        // The one-time code still works; reset brings the recovery codes back.
        s.dora().await;
        s.dev("POST", "/api/dev/reset", "{}").await;
        s.login_with(r#"{"username":"dora","password":"dora12345","totp":"a1b2c3d4e5"}"#)
            .await;
    }
}

/// mirrors internal/api/v1/middleware/authorization.go IsAuthorized (roles from the JWT
/// claims): a role given counts only from the next refresh-token or login.
#[tokio::test]
async fn permissions_come_from_the_token_not_the_live_user() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let bob = s.bob().await;
    // bob (WorkspaceGuest of 1) may not start a session in Demo.
    let body = r#"{"workspaceId":"1","name":"Mine","status":"active"}"#;
    s.post(&p("/workbenches"), Some(&bob), body)
        .await
        .assert_status_and_code(403, "PERMISSION_DENIED");
    s.post(
        &p("/users/3/role"),
        Some(&admin),
        r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"1"}}}"#,
    )
    .await
    .ok();
    // His token does not carry the role yet.
    s.post(&p("/workbenches"), Some(&bob), body)
        .await
        .assert_status_and_code(403, "PERMISSION_DENIED");
    let r = s
        .post(&p("/authentication/refresh-token"), Some(&bob), "{}")
        .await;
    let fresh = r.ok()["result"]["token"].as_str().unwrap().to_string();
    s.post(&p("/workbenches"), Some(&fresh), body).await.ok();
}

/// mirrors authentication-service.go createJWTToken's `r`: the roles JSON gzipped (RFC 1952:
/// header, deflate, CRC-32, length) in standard base64.
#[test]
fn the_packed_roles_are_a_gzip_stream() {
    use devserver::tokens::{b64std, gzip_stored};
    let gz = gzip_stored(b"123456789");
    assert_eq!(&gz[..3], &[0x1f, 0x8b, 8]);
    let n = gz.len();
    assert_eq!(&gz[n - 8..n - 4], &0xCBF4_3926u32.to_le_bytes());
    assert_eq!(&gz[n - 4..], &9u32.to_le_bytes());
    assert_eq!(&gz[10..15], &[1, 9, 0, 0xf6, 0xff]);
    assert_eq!(b64std(b"ab"), "YWI=");
    assert_eq!(b64std(&[0xfb, 0xff]), "+/8=");
}
