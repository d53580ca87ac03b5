//! The server around the API: static files, fallbacks for unknown paths and methods, CORS, junk
//! a client may send, the CLI flags.

use crate::common::*;
use devserver::Config;

#[tokio::test]
async fn static_files_with_index_fallback() {
    let dir = std::env::temp_dir().join(format!("devserver-static-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .unwrap();
    std::fs::write(dir.join("pkg/app.wasm"), b"\0asm").unwrap();
    std::fs::write(dir.join("app.js"), "console.log(1)").unwrap();
    std::fs::write(dir.join("config.json"), r#"{"pollIntervalMs":2500}"#).unwrap();
    let s = srv_with(Config {
        static_dir: Some(dir.clone()),
        ..frozen()
    });
    let r = s.get("/", None).await;
    assert_eq!(
        (r.status.as_u16(), r.text().contains("console")),
        (200, true)
    );
    assert!(r.header("content-type").starts_with("text/html"));
    let r = s.get("/app.js", None).await;
    assert_eq!(r.text(), "console.log(1)");
    assert!(r.header("content-type").starts_with("text/javascript"));
    assert_eq!(
        s.get("/pkg/app.wasm", None).await.header("content-type"),
        "application/wasm"
    );
    for deep in [
        "/workspaces/1/sessions/2",
        "/admin/users",
        "/login?next=/activity",
    ] {
        let r = s.get(deep, None).await;
        assert_eq!(r.status, 200, "{deep}");
        assert!(r.text().contains("<title>console</title>"), "{deep}");
    }
    // No way out of the directory.
    for evil in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/pkg/..%2f..%2fCargo.toml",
        "/%ff",
    ] {
        let r = s.get(evil, None).await;
        assert!(
            r.text().contains("<title>console</title>"),
            "{evil}: {}",
            r.text()
        );
    }
    let first = s.get("/config.json", None).await;
    assert_eq!(first.ok()["pollIntervalMs"], 2500);
    // A reload revalidates it: an unchanged file is a 304, never a 404 (the app would fall back
    // to the defaults).
    let modified = first.header("last-modified").to_string();
    assert!(!modified.is_empty(), "config.json has a Last-Modified");
    let again = s
        .get_with(
            "/config.json",
            None,
            &[("if-modified-since", modified.as_str())],
        )
        .await;
    assert_eq!(again.status, 304);
    s.put("/api/dev/config", None, r#"{"pollIntervalMs":2100}"#)
        .await;
    assert_eq!(
        s.get("/config.json", None).await.ok()["pollIntervalMs"],
        2100
    );
    // API paths never fall back to index.html.
    s.get("/api/nothing/here", None)
        .await
        .assert_error(404, "NOT_FOUND");
    s.get("/api/rest/v1/nothing", None)
        .await
        .assert_error(404, "NOT_FOUND");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn unknown_paths_and_methods_get_the_error_body() {
    let s = srv();
    s.get("/api/rest/v1/bogus", None)
        .await
        .assert_error(404, "NOT_FOUND");
    s.call("PATCH", &p("/workbenches/1"), None, None, &[])
        .await
        .assert_error(405, "INVALID_REQUEST");
    s.call("PUT", "/api/builds", None, Some("{}"), &[])
        .await
        .assert_error(405, "INVALID_REQUEST");
    assert_eq!(s.get("/somewhere", None).await.status, 404);
}

#[tokio::test]
async fn cors_is_off_by_default_and_allows_one_origin_when_asked() {
    let s = srv();
    let r = s
        .get_with(&p("/apps"), None, &[("origin", "http://localhost:8080")])
        .await;
    assert_eq!(r.header("access-control-allow-origin"), "");
    let s = srv_with(Config {
        cors_origin: Some("http://localhost:8080".into()),
        ..frozen()
    });
    let r = s
        .call(
            "OPTIONS",
            &p("/workbenches"),
            None,
            None,
            &[
                ("origin", "http://localhost:8080"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        "http://localhost:8080"
    );
    assert_eq!(r.header("access-control-allow-credentials"), "true");
    assert!(r.header("access-control-allow-methods").contains("POST"));
    assert!(r
        .header("access-control-allow-headers")
        .to_lowercase()
        .contains("content-type"));
    let t = s.alice().await;
    let r = s
        .get_with(
            &p("/workbenches/1"),
            Some(&t),
            &[("origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        "http://localhost:8080"
    );
    assert!(r.header("access-control-expose-headers").contains("ETag"));
    let r = s
        .get_with(&p("/apps"), Some(&t), &[("origin", "http://evil.example")])
        .await;
    assert_eq!(r.header("access-control-allow-origin"), "");
}

#[tokio::test]
async fn nothing_a_client_sends_breaks_the_server() {
    let s = srv();
    let t = s.admin().await;
    let junk = [
        "",
        "null",
        "0",
        "\"s\"",
        "[]",
        "{}",
        "{\"user\":null}",
        "{\"user\":{\"id\":{}}}",
        "{\"role\":[]}",
        "{\"workspaceId\":[1]}",
        "{\"name\":{\"a\":1}}",
        "\u{0}\u{1}",
        "{{{{",
        "{\"rolesWithContext\":[null,1,\"x\",{\"name\":5,\"context\":[]}]}",
        "{\"initialResolutionWidth\":1e309}",
        "{\"workspaceId\":\"18446744073709551616\"}",
    ];
    let paths = [
        ("POST", p("/authentication/login")),
        ("POST", p("/workspaces")),
        ("POST", p("/workbenches")),
        ("POST", p("/app-instances")),
        ("POST", p("/users")),
        ("PUT", p("/users")),
        ("POST", p("/users/2/role")),
        ("POST", p("/authorization/roles")),
        ("PUT", p("/authorization/roles/DataSteward")),
        ("PUT", "/api/dev/faults".to_string()),
        ("PUT", "/api/dev/scenario".to_string()),
        ("PUT", "/api/dev/speed".to_string()),
        ("PUT", "/api/dev/apps/1/failing".to_string()),
        ("POST", "/api/dev/advance".to_string()),
    ];
    for (m, path) in &paths {
        for body in junk {
            let r = s.call(m, path, Some(&t), Some(body), &[]).await;
            let code = r.status.as_u16();
            // A user body without a status is CHORUS's 500 CONVERSION_ERROR, by contract.
            let conversion = path.ends_with("/users")
                && r.json()["details"][0]["chorusCode"] == "CONVERSION_ERROR";
            assert!(
                code < 500 || conversion,
                "{m} {path} {body:?}: {code} {}",
                r.text()
            );
            if code >= 400 {
                r.json(); // always our JSON error body
            }
        }
    }
    for path in [
        "/api/rest/v1/workbenches/%FF%FE",
        "/api/rest/v1/users/%00",
        "/api/rest/v1/users/1/role/%ZZ",
    ] {
        let r = s.get(path, Some(&t)).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        r.json();
    }
    // A body larger than the limit.
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(2 << 20));
    let r = s.post(&p("/workspaces"), Some(&t), &big).await;
    assert!(r.status.is_client_error());
    r.json();
    // Still alive.
    s.get(&p("/users/me"), Some(&t)).await.ok();
}

#[test]
fn cli_flags() {
    use devserver::config::{parse_args, Parsed};
    let args = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    let Ok(Parsed::Run(c)) = parse_args(args(
        "--addr 127.0.0.1:4000 --speed 10 --static dist --error-rate 0.1 --latency-ms 50 \
         --malformed-rate=0.2 --drop-sse-secs 5 --keepalive-secs 0.5 --extra-users 100 --quiet \
         --cors-origin http://localhost:8080/",
    )) else {
        panic!("parse failed")
    };
    assert_eq!(c.addr.port(), 4000);
    assert_eq!(c.speed, 10.0);
    assert_eq!(c.static_dir.as_deref(), Some(std::path::Path::new("dist")));
    assert_eq!(
        (c.error_rate, c.latency_ms, c.malformed_rate),
        (0.1, 50, 0.2)
    );
    assert_eq!(c.drop_sse_secs, 5.0);
    assert_eq!(c.keepalive, std::time::Duration::from_millis(500));
    assert_eq!(c.extra_users, 100);
    assert!(c.quiet);
    assert_eq!(c.cors_origin.as_deref(), Some("http://localhost:8080"));
    let Ok(Parsed::Run(c)) = parse_args(args("")) else {
        panic!()
    };
    assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(c.keepalive, std::time::Duration::from_secs(15));
    assert!(matches!(parse_args(args("--help")), Ok(Parsed::Help)));
    for bad in [
        "--addr 0.0.0.0:3000",
        "--addr 192.168.1.2:80",
        "--addr nowhere",
        "--speed 0",
        "--speed fast",
        "--error-rate 1.5",
        "--latency-ms -3",
        "--bogus",
        "--static",
        "--cors-origin localhost",
    ] {
        assert!(parse_args(args(bad)).is_err(), "{bad}");
    }
    let Ok(Parsed::Run(c)) = parse_args(args("--addr localhost:0")) else {
        panic!()
    };
    assert!(c.addr.ip().is_loopback());
}
