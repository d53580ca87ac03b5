//! The dev-control API's guard: a loopback `Host`, and JSON on everything but GET/HEAD.

use crate::common::*;
use devserver::Config;
use serde_json::Value;

#[tokio::test]
async fn writes_need_a_json_content_type() {
    let s = srv();
    for (m, path) in [
        ("POST", "/api/dev/reset"),
        ("POST", "/api/dev/expire-logins"),
        ("DELETE", "/api/dev/config"),
        ("PUT", "/api/dev/faults"),
    ] {
        // A cross-site form post: no JSON content type.
        for ctype in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("multipart/form-data; boundary=x"),
        ] {
            let headers: Vec<(&str, &str)> =
                ctype.map(|c| ("content-type", c)).into_iter().collect();
            let r = s.call(m, path, None, None, &headers).await;
            assert_eq!(r.status, 415, "{m} {path} {ctype:?}: {}", r.text());
            r.json();
        }
    }
    // Nothing happened: the fault still off, the request log intact.
    let r = s
        .call(
            "PUT",
            "/api/dev/faults",
            None,
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    assert_eq!(r.status, 415);
    assert_eq!(s.get("/api/dev/faults", None).await.ok()["errorRate"], 0.0);
    // JSON passes, with parameters and in any case.
    for ctype in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
    ] {
        let r = s
            .call(
                "POST",
                "/api/dev/reset",
                None,
                Some("{}"),
                &[("content-type", ctype)],
            )
            .await;
        assert_eq!(r.status, 204, "{ctype}");
    }
    // Reads need none.
    s.get("/api/dev/stats", None).await.ok();
    let r = s.call("HEAD", "/api/dev/requests", None, None, &[]).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn only_a_loopback_host_may_call_it() {
    let s = srv();
    for host in [
        "127.0.0.1",
        "127.0.0.1:3000",
        "127.9.8.7:1",
        "localhost",
        "LocalHost:8080",
        "[::1]",
        "[::1]:4173",
    ] {
        let r = s.get_with("/api/dev/stats", None, &[("host", host)]).await;
        assert_eq!(r.status, 200, "{host}");
        let r = s
            .call(
                "POST",
                "/api/dev/reset",
                None,
                Some("{}"),
                &[("host", host)],
            )
            .await;
        assert_eq!(r.status, 204, "{host}");
    }
    for host in [
        "evil.example",
        "evil.example:3000",
        "127.0.0.1.evil.example",
        "localhost.evil.example:3000",
        "[::1]evil",
        "10.0.0.1:3000",
        "128.0.0.1",
        "",
    ] {
        let r = s.get_with("/api/dev/stats", None, &[("host", host)]).await;
        r.assert_error(403, "PERMISSION_DENIED");
        let r = s
            .call(
                "POST",
                "/api/dev/reset",
                None,
                Some("{}"),
                &[("host", host)],
            )
            .await;
        assert_eq!(r.status, 403, "{host}");
    }
    // The API itself answers any host (a proxy may forward its own name).
    s.get_with(
        "/api/rest/v1/authentication/modes",
        None,
        &[("host", "console.example.org")],
    )
    .await
    .ok();
}

// ----- the dev API (from api.rs) ---------------------------------------------------------

#[tokio::test]
async fn reset_restores_the_seed_and_keeps_seeded_logins() {
    let s = srv();
    let alice = s.alice().await;
    s.post(
        &p("/workbenches"),
        Some(&alice),
        r#"{"workspaceId":"1","name":"temp"}"#,
    )
    .await
    .ok();
    s.put("/api/dev/faults", None, r#"{"latencyMs":1}"#)
        .await
        .ok();
    s.put("/api/dev/config", None, r#"{"pollIntervalMs":2000}"#)
        .await;
    s.put("/api/dev/scenario", None, r#"{"scenario":"slow"}"#)
        .await;
    s.put("/api/dev/apps/4/failing", None, r#"{"failing":false}"#)
        .await;
    assert_eq!(s.post("/api/dev/reset", None, "").await.status, 204);
    s.get(&p("/workbenches/9"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    let f = s.get("/api/dev/faults", None).await.ok();
    assert_eq!(f["latencyMs"], 0);
    assert_eq!(s.get("/config.json", None).await.status, 404);
    assert_eq!(
        s.get("/api/dev/scenario", None).await.ok()["scenario"],
        "healthy"
    );
    assert!(s.app.state.store_raw().apps[3].failing);
    let log = s.get("/api/dev/requests", None).await.ok();
    assert_eq!(
        log["requests"].as_array().unwrap().len(),
        1,
        "only the call after the reset: {log}"
    );
    // A new session after the reset gets id 9 again.
    let v = s
        .post(
            &p("/workbenches"),
            Some(&alice),
            r#"{"workspaceId":"1","name":"again"}"#,
        )
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["id"], "9");
}

#[tokio::test]
async fn the_request_log() {
    let s = srv();
    let t = s.alice().await;
    s.get(&p("/workspaces?pagination.limit=5"), Some(&t)).await;
    s.get("/api/dev/faults", None).await;
    s.get("/not-api", None).await;
    let v = s.get("/api/dev/requests", None).await.ok();
    let reqs = v["requests"].as_array().unwrap();
    assert_eq!(reqs.len(), 2, "{v}");
    assert_eq!(reqs[0]["method"], "POST");
    assert_eq!(reqs[0]["path"], "/api/rest/v1/authentication/login");
    assert_eq!(reqs[1]["path"], "/api/rest/v1/workspaces");
    assert_eq!(reqs[1]["query"], "pagination.limit=5");
    assert_eq!(reqs[1]["status"], 200);
    assert!(reqs[1]["ifNoneMatch"].is_null());
    assert_rfc3339(&reqs[1]["at"]);
    let next = v["next"].as_u64().unwrap();
    assert_eq!(reqs[1]["seq"].as_u64(), Some(next));
    s.get(&p("/workspaces/1"), Some(&t)).await;
    let v = s
        .get(&format!("/api/dev/requests?since={next}"), None)
        .await
        .ok();
    assert_eq!(v["requests"].as_array().unwrap().len(), 1);
    assert_eq!(v["requests"][0]["path"], "/api/rest/v1/workspaces/1");
    assert_eq!(s.dev("DELETE", "/api/dev/requests", "{}").await.status, 204);
    assert!(s.get("/api/dev/requests", None).await.ok()["requests"]
        .as_array()
        .unwrap()
        .is_empty());
    s.get("/api/dev/requests?since=x", None)
        .await
        .validation_fields();
}

#[tokio::test]
async fn fault_injection() {
    let s = srv();
    let t = s.alice().await;
    let v = s
        .put("/api/dev/faults", None, r#"{"errorRate":1}"#)
        .await
        .ok();
    assert_eq!(v["errorRate"], 1.0);
    assert_eq!(v["latencyMs"], 0);
    s.get(&p("/workspaces"), Some(&t))
        .await
        .assert_error(500, "INTERNAL_ERROR");
    // Never the login, the dev API, or static paths.
    s.alice().await;
    s.get("/api/dev/faults", None).await.ok();
    assert_eq!(s.get("/", None).await.status, 404);
    // Limited to a prefix.
    s.put("/api/dev/faults", None, r#"{"pathPrefix":"/api/builds"}"#)
        .await
        .ok();
    s.get(&p("/workspaces"), Some(&t)).await.ok();
    s.get("/api/builds", Some(&t))
        .await
        .assert_error(500, "INTERNAL_ERROR");
    // Malformed: cut in half, status 200.
    s.put(
        "/api/dev/faults",
        None,
        r#"{"errorRate":0,"malformedRate":1,"pathPrefix":null}"#,
    )
    .await
    .ok();
    let r = s.get(&p("/workspaces"), Some(&t)).await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());
    assert!(!r.body.is_empty());
    // A proxy's HTML page.
    s.put(
        "/api/dev/faults",
        None,
        r#"{"malformedRate":0,"htmlErrorRate":1}"#,
    )
    .await
    .ok();
    let r = s.get(&p("/workspaces"), Some(&t)).await;
    assert_eq!(r.status, 502);
    assert!(r.text().contains("502 Bad Gateway"));
    // Latency.
    s.put(
        "/api/dev/faults",
        None,
        r#"{"htmlErrorRate":0,"latencyMs":150}"#,
    )
    .await
    .ok();
    let started = std::time::Instant::now();
    s.get(&p("/workspaces"), Some(&t)).await.ok();
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
    let v = s.get("/api/dev/faults", None).await.ok();
    assert_eq!(
        v,
        serde_json::json!({"errorRate":0.0,"latencyMs":150,"malformedRate":0.0,"dropSseSecs":0.0,"htmlErrorRate":0.0,"pathPrefix":null})
    );
    let f = s
        .put(
            "/api/dev/faults",
            None,
            r#"{"errorRate":2,"latencyMs":-1,"pathPrefix":5}"#,
        )
        .await
        .validation_fields();
    assert_eq!(f, ["errorRate", "latencyMs", "pathPrefix"]);
    s.put("/api/dev/faults", None, "nope")
        .await
        .assert_error(400, "INVALID_REQUEST");
}

#[tokio::test]
async fn cli_faults_are_in_force_from_the_start() {
    let s = srv_with(Config {
        error_rate: 1.0,
        ..frozen()
    });
    let t = s.alice().await;
    s.get(&p("/workspaces"), Some(&t))
        .await
        .assert_error(500, "INTERNAL_ERROR");
    assert_eq!(s.get("/api/dev/faults", None).await.ok()["errorRate"], 1.0);
}

#[tokio::test]
async fn dev_config_scenario_speed_advance_stats() {
    let s = srv();
    assert_eq!(s.get("/config.json", None).await.status, 404);
    assert_eq!(
        s.put(
            "/api/dev/config",
            None,
            r#"{"apiBaseUrl":"","pollIntervalMs":2000}"#
        )
        .await
        .status,
        204
    );
    let r = s.get("/config.json", None).await;
    assert_eq!(r.ok()["pollIntervalMs"], 2000);
    assert!(r.header("content-type").starts_with("application/json"));
    s.put("/api/dev/config", None, "[1]")
        .await
        .assert_error(400, "INVALID_REQUEST");
    assert_eq!(s.dev("DELETE", "/api/dev/config", "{}").await.status, 204);
    assert_eq!(s.get("/config.json", None).await.status, 404);

    s.put("/api/dev/scenario", None, r#"{"scenario":"nope"}"#)
        .await
        .validation_fields();
    s.put("/api/dev/scenario", None, "{}")
        .await
        .validation_fields();
    assert_eq!(
        s.put("/api/dev/speed", None, r#"{"speed":10}"#)
            .await
            .status,
        204
    );
    assert_eq!(s.get("/api/dev/speed", None).await.ok()["speed"], 10.0);
    s.put("/api/dev/speed", None, r#"{"speed":0}"#)
        .await
        .validation_fields();
    s.put("/api/dev/speed", None, r#"{"speed":"fast"}"#)
        .await
        .validation_fields();
    s.put("/api/dev/speed", None, r#"{"speed":0.001}"#).await;

    let t = s.alice().await;
    assert_eq!(
        s.post("/api/dev/advance", None, r#"{"seconds":30}"#)
            .await
            .status,
        204
    );
    assert_eq!(s.workbench(1, &t).await["k8sStatus"], "Running");
    s.post("/api/dev/advance", None, r#"{"seconds":-3}"#)
        .await
        .validation_fields();
    let v = s.get("/api/dev/stats", None).await.ok();
    assert_eq!(v["sseClients"], 0);
    assert_eq!(v["sessions"], 7);
}

/// `POST /api/dev/hold-refresh`: the next `refresh-token` reply (its token issued) waits until
/// `POST /api/dev/release-refresh`: a renewal still in flight when the user signs out (the
/// console's sign-out tests). Only the next one is held; a reset releases it too. Both flavors.
#[tokio::test]
async fn a_refresh_reply_can_be_held_until_released() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let t = s.alice().await;
        let v = s.get("/api/dev/hold-refresh", None).await.ok();
        assert_eq!(v, serde_json::json!({"armed": false, "held": 0}));
        let v = s.dev("POST", "/api/dev/hold-refresh", "{}").await.ok();
        assert_eq!(v, serde_json::json!({"armed": true, "held": 0}));
        s.dev("POST", "/api/dev/hold-refresh", r#"{"x":1}"#)
            .await
            .assert_status_and_code(400, "INVALID_REQUEST");

        let refresh_path = p("/authentication/refresh-token");
        let refresh = s.post(&refresh_path, Some(&t), "{}");
        let control = async {
            // The reply waits: the hold sees it, disarmed.
            let mut v = Value::Null;
            for _ in 0..200 {
                v = s.get("/api/dev/hold-refresh", None).await.ok();
                if v["held"] == 1 {
                    break;
                }
                tokio::task::yield_now().await;
            }
            assert_eq!(v, serde_json::json!({"armed": false, "held": 1}));
            // Meanwhile the user logs out: the old token is gone.
            s.post(&p("/authentication/logout"), Some(&t), "{}")
                .await
                .ok();
            s.dev("POST", "/api/dev/release-refresh", "{}").await.ok()
        };
        let (r, released) = tokio::join!(refresh, control);
        assert_eq!(released, serde_json::json!({"released": 1}));
        // The held reply still sets a cookie with a token that works: what the console must
        // not let land after a sign-out.
        let token = r.ok()["result"]["token"].as_str().unwrap().to_string();
        assert!(r
            .header("set-cookie")
            .starts_with(&format!("jwttoken={token}")));
        s.get(&p("/users/me"), Some(&token)).await.ok();

        // Only the next refresh was held.
        s.post(&p("/authentication/refresh-token"), Some(&token), "{}")
            .await
            .ok();
        // A reset releases a held reply and disarms.
        s.dev("POST", "/api/dev/hold-refresh", "{}").await.ok();
        let refresh = s.post(&refresh_path, Some(&token), "{}");
        let control = async {
            for _ in 0..200 {
                if s.get("/api/dev/hold-refresh", None).await.ok()["held"] == 1 {
                    break;
                }
                tokio::task::yield_now().await;
            }
            assert_eq!(s.dev("POST", "/api/dev/reset", "{}").await.status, 204);
        };
        let (r, ()) = tokio::join!(refresh, control);
        r.ok();
        let v = s.get("/api/dev/hold-refresh", None).await.ok();
        assert_eq!(v, serde_json::json!({"armed": false, "held": 0}));
        // Nothing held: release answers 0.
        let v = s.dev("POST", "/api/dev/release-refresh", "{}").await.ok();
        assert_eq!(v, serde_json::json!({"released": 0}));
    }
}

/// `POST /api/dev/sessions/hostile {"huge":true}`: a reply of hostile shape, in both flavors
/// (issue 56): a 1 MB `serverPodMessage` and 5,000 `conditions` with nulls and wrong types among
/// them, never ready, the same at every poll.
#[tokio::test]
async fn a_hostile_reply_is_huge_in_both_flavors_and_never_changes() {
    for s in [srv(), srv_with(chorus())] {
        let made = s
            .dev(
                "POST",
                "/api/dev/sessions/hostile",
                r#"{"workspaceId":"1","huge":true}"#,
            )
            .await
            .ok();
        let id: u64 = made["id"].as_str().unwrap().parse().unwrap();
        let admin = s.admin().await;
        let first = s.workbench(id, &admin).await;
        assert!(first["serverPodMessage"].as_str().unwrap().len() >= 1_000_000);
        let conditions = first["conditions"].as_array().unwrap();
        assert_eq!(conditions.len(), 5_000);
        assert!(conditions.iter().any(Value::is_null));
        assert!(conditions.iter().any(|c| c["type"].is_number()));
        assert_eq!(first["k8sStatus"], "Progressing");
        s.advance(600.0);
        assert_eq!(s.workbench(id, &admin).await, first);
    }
}
