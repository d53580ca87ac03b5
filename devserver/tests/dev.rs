//! The dev-control API's guard: a loopback `Host`, and JSON on everything but GET/HEAD.

mod common;

use common::*;

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
        let r = s
            .call("GET", "/api/dev/stats", None, None, &[("host", host)])
            .await;
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
        let r = s
            .call("GET", "/api/dev/stats", None, None, &[("host", host)])
            .await;
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
    s.call(
        "GET",
        "/api/rest/v1/authentication/modes",
        None,
        None,
        &[("host", "console.example.org")],
    )
    .await
    .ok();
}
