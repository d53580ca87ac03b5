//! `--flavor chorus`: the shapes of a real CHORUS backend (grpc-gateway over protobuf).

use crate::common::*;
use devserver::Config;
use serde_json::{json, Value};

/// `YYYY-MM-DDTHH:MM:SS` then no fraction or 3, 6 or 9 digits, then `Z` (protojson).
#[track_caller]
fn assert_proto_time(v: &Value) {
    assert_rfc3339(v);
    let s = v.as_str().unwrap_or_default();
    let frac = s[19..s.len() - 1].trim_start_matches('.');
    assert!(
        matches!(frac.len(), 0 | 3 | 6 | 9) && frac.bytes().all(|b| b.is_ascii_digit()),
        "not protojson's fraction: {s}"
    );
}

#[tokio::test]
async fn a_workbench_has_no_extension_fields_and_no_etag() {
    let s = srv_with(chorus());
    let t = s.alice().await;
    s.advance(30.0);
    let r = s.get(&p("/workbenches/1"), Some(&t)).await;
    let wb = r.ok()["result"]["workbench"].clone();
    for k in [
        "phase",
        "conditions",
        "generation",
        "observedGeneration",
        "startTime",
        "completionTime",
        "jobName",
        "runnerPodName",
    ] {
        assert!(wb.get(k).is_none(), "{k} in {wb}");
    }
    for k in ["id", "tenantId", "userId", "workspaceId"] {
        assert_id(&wb[k]);
    }
    assert_eq!(
        (wb["k8sStatus"].as_str(), wb["serverPodStatus"].as_str()),
        (Some("Running"), Some("Ready"))
    );
    assert!(wb["initialResolutionWidth"].is_i64());
    assert_proto_time(&wb["createdAt"]);
    assert_proto_time(&wb["updatedAt"]);
    assert_eq!(r.header("etag"), "");
    // If-None-Match means nothing here.
    let r = s
        .get_with(&p("/workbenches/1"), Some(&t), &[("if-none-match", "*")])
        .await;
    assert_eq!(r.status, 200);
    // Lists too.
    let v = s.get(&p("/workbenches"), Some(&t)).await.ok();
    assert!(v["result"]["workbenches"][0].get("conditions").is_none());
}

#[tokio::test]
async fn workspaces_use_protobuf_enum_spellings() {
    let s = srv_with(chorus());
    let t = s.admin().await;
    let v = s.get(&p("/workspaces/1"), Some(&t)).await.ok();
    let w = &v["result"]["workspace"];
    assert_eq!(w["status"], "WORKSPACE_STATUS_ACTIVE");
    assert_eq!(w["isMain"], false, "CHORUS's own fields come too: {w}");
    assert_eq!(w["createdAt"], "2025-01-06T09:00:00Z");
    assert_eq!(
        w["updatedAt"], w["createdAt"],
        "never changed: the creation time"
    );
    let v = s
        .post(
            &p("/workspaces"),
            Some(&t),
            r#"{"name":"Proteomics","shortName":"proteomics","description":"Mass spec"}"#,
        )
        .await
        .ok();
    assert_eq!(
        v["result"]["workspace"]["status"],
        "WORKSPACE_STATUS_ACTIVE"
    );
    assert_proto_time(&v["result"]["workspace"]["createdAt"]);
}

#[tokio::test]
async fn pagination_only_when_asked_and_limits_above_100_are_refused() {
    let s = srv_with(Config {
        extra_users: 45,
        ..chorus()
    });
    let t = s.admin().await;
    let v = s.get(&p("/workspaces"), Some(&t)).await.ok();
    assert!(v.get("pagination").is_none(), "{v}");
    assert_eq!(v["result"]["workspaces"].as_array().unwrap().len(), 3);
    let v = s
        .get(
            &p("/workspaces?pagination.offset=1&pagination.limit=1"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(v["pagination"]["total"], 3);
    assert_eq!(v["pagination"]["offset"], 1);
    assert_eq!(v["pagination"]["limit"], 1);
    assert!(v["pagination"]["sort"].is_object());
    assert_eq!(v["result"]["workspaces"].as_array().unwrap().len(), 1);
    // Every row without pagination parameters.
    let v = s.get(&p("/users"), Some(&t)).await.ok();
    assert!(v.get("pagination").is_none());
    assert_eq!(v["result"]["users"].as_array().unwrap().len(), 51);
    for (limit, want, rows) in [("100", 100, 51), ("0", 0, 0)] {
        let v = s
            .get(
                &p(&format!(
                    "/users?pagination.offset=0&pagination.limit={limit}"
                )),
                Some(&t),
            )
            .await
            .ok();
        if limit == "0" {
            // offset 0 and limit 0: no page asked for.
            assert!(v.get("pagination").is_none());
            continue;
        }
        assert_eq!(v["pagination"]["limit"], want, "limit {limit}");
        assert_eq!(
            v["result"]["users"].as_array().unwrap().len(),
            rows,
            "limit {limit}"
        );
    }
    // Above 100: pkg/common/model/enum.go `Limit` `max=100`, a 400 VALIDATION_ERROR.
    for limit in ["101", "150", "500"] {
        let r = s
            .get(
                &p(&format!(
                    "/users?pagination.offset=40&pagination.limit={limit}"
                )),
                Some(&t),
            )
            .await;
        let v = r.assert_chorus_error(400, "VALIDATION_ERROR");
        assert_eq!(
            v["details"][0]["validationErrors"],
            json!([{"field": "Limit", "reason": "max"}])
        );
    }
    assert_gateway(
        &s.get(&p("/users?pagination.limit=abc"), Some(&t)).await,
        400,
        3,
    );
}

#[tokio::test]
async fn users_have_empty_roles_and_roles_with_context() {
    let s = srv_with(chorus());
    let t = s.admin().await;
    let v = s.get(&p("/users/2"), Some(&t)).await.ok();
    let u = &v["result"]["user"];
    assert_eq!(u["roles"], json!([]));
    assert_eq!(
        u["rolesWithContext"][2]["context"],
        json!({"workspace": "2"})
    );
    assert_eq!(
        u["updatedAt"], u["createdAt"],
        "never changed: the creation time"
    );
    assert_eq!(u["totpEnabled"], false);
    assert_eq!(u["password"], "");
    let v = s.get(&p("/users/4"), Some(&t)).await.ok();
    assert_eq!(v["result"]["user"]["totpEnabled"], true, "dora");
    let v = s.get(&p("/users/me"), Some(&t)).await.ok();
    assert_eq!(v["result"]["me"]["roles"], json!([]));
    // A change makes updatedAt a (fractional) time.
    let body = r#"{"id":"3","username":"bob","firstName":"Bob","lastName":"Berg","email":"bob@example.org","status":"active","source":"internal"}"#;
    let v = s.put(&p("/users"), Some(&t), body).await.ok();
    assert_proto_time(&v["result"]["user"]["updatedAt"]);
    // DELETE answers an empty result.
    let v = s.delete(&p("/users/3"), Some(&t)).await.ok();
    assert_eq!(v, json!({"result": {}}));
}

#[tokio::test]
async fn bodies_are_decoded_strictly() {
    let s = srv_with(chorus());
    let t = s.alice().await;
    // An unknown field: a wrapper, a client-only property, a dev addition of our flavor.
    for (path, body) in [
        (
            "/workspaces",
            r#"{"workspace":{"name":"X","shortName":"x"}}"#,
        ),
        (
            "/workbenches",
            r#"{"workspaceId":"1","name":"x","scenario":"healthy"}"#,
        ),
        (
            "/workbenches",
            r#"{"workspaceId":"1","name":"x","pinned":true}"#,
        ),
        (
            "/users/2/role",
            r#"{"role":{"name":"WorkspaceViewer","extra":1}}"#,
        ),
        (
            "/authentication/login",
            r#"{"username":"a","password":"b","remember":true}"#,
        ),
    ] {
        let r = s.post(&p(path), Some(&t), body).await;
        let v = assert_gateway(&r, 400, 3);
        assert!(
            v["message"].as_str().unwrap().contains("unknown field"),
            "{path}: {v}"
        );
    }
    // Not an object, not JSON, a field of the wrong type.
    for body in ["[1]", "nope", r#"{"workspaceId":"1","name":5}"#] {
        assert_gateway(&s.post(&p("/workbenches"), Some(&t), body).await, 400, 3);
    }
    // An empty body is an empty message: here workspace 0, where nobody may create one.
    s.post(&p("/workbenches"), Some(&t), "")
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
}

#[tokio::test]
async fn extension_routes_are_not_found() {
    let s = srv_with(chorus());
    let t = s.admin().await;
    s.advance(30.0);
    s.post(
        &p("/app-instances"),
        Some(&t),
        r#"{"workbenchId":"1","appId":"1","status":"active"}"#,
    )
    .await
    .ok();
    for (m, path) in [
        ("POST", p("/workbenches/1/stop")),
        ("POST", p("/workbenches/1/start")),
        ("GET", p("/authorization/roles/DataSteward")),
        ("PUT", p("/authorization/roles/DataSteward")),
        ("DELETE", p("/authorization/roles/DataSteward")),
        ("GET", p("/app-instances/1/stream/")),
        ("GET", p("/nothing")),
        ("GET", "/api/builds".to_string()),
        ("POST", "/api/projects/1/run".to_string()),
        ("GET", "/api/runs/stream".to_string()),
    ] {
        let body = (m != "GET").then_some("{}");
        let r = s.call(m, &path, Some(&t), body, &[]).await;
        assert_eq!(r.status, 404, "{m} {path}");
        assert_eq!(r.text(), CHORUS_NOT_FOUND, "{m} {path}");
    }
    // A known path with another method: grpc-gateway's 405.
    assert_gateway(
        &s.call("PATCH", &p("/workbenches/1"), Some(&t), None, &[])
            .await,
        405,
        12,
    );
}

#[tokio::test]
async fn errors_name_the_instance_and_leave_out_empty_validation_errors() {
    let s = srv_with(chorus());
    let t = s.alice().await;
    // admin: CHORUS checks getWorkbench on 99 before it looks it up (alice gets a 403).
    let admin = s.admin().await;
    let r = s.get(&p("/workbenches/99"), Some(&admin)).await;
    assert_eq!(r.status, 404);
    let v = r.json();
    assert_eq!(v["code"], 5);
    let d = &v["details"][0];
    assert_eq!(d["chorusCode"], "NOT_FOUND");
    assert_eq!(d["title"], "Not Found");
    assert_eq!(d["instance"], "/api/rest/v1/workbenches/99");
    assert!(d.get("validationErrors").is_none(), "{v}");
    // With validation errors they are there (pkg/user/service/requests.go: Go names).
    let r = s
        .post(
            &p("/users"),
            Some(&admin),
            r#"{"username":"erin","firstName":"","lastName":"E","status":"active","source":"internal"}"#,
        )
        .await;
    let v = r.assert_chorus_error(400, "VALIDATION_ERROR");
    assert_eq!(v["details"][0]["validationErrors"][0]["field"], "FirstName");
    // pkg/workbench/model/workbench.go has no validation tags: an empty name is accepted.
    s.post(
        &p("/workbenches"),
        Some(&t),
        r#"{"workspaceId":"1","name":""}"#,
    )
    .await
    .ok();
    // A path id that is not a number: grpc-gateway's 400.
    assert_gateway(&s.get(&p("/workbenches/abc"), Some(&t)).await, 400, 3);
}

#[tokio::test]
async fn the_desktop_answers_502_until_the_server_pod_is_ready() {
    let s = srv_with(chorus());
    let t = s.alice().await;
    let v = s
        .post(
            &p("/workbenches"),
            Some(&t),
            r#"{"tenantId":"1","userId":"2","workspaceId":"1","name":"Lag","status":"active"}"#,
        )
        .await;
    // The refreshed token (Set-Cookie) carries WorkbenchAdmin of the new session.
    let t = cookie_token(&v.header("set-cookie"));
    let v = v.ok();
    let wb = &v["result"]["workbench"];
    assert_eq!(wb["k8sStatus"], "");
    let id = wb["id"].as_str().unwrap().to_string();
    let stream = p(&format!("/workbenches/{id}/stream/"));
    // The simulated cluster moves on between two reads of the same second: CHORUS's session
    // cache off, or the second read would be the first.
    s.dev("POST", "/api/dev/session-cache?ms=0", "{}")
        .await
        .ok();
    s.advance(20.0);
    let v = s
        .get(&p(&format!("/workbenches/{id}")), Some(&t))
        .await
        .ok();
    let wb = &v["result"]["workbench"];
    assert_eq!(wb["k8sStatus"], "Running");
    assert_eq!(wb["serverPodStatus"], "Starting");
    assert!(wb["serverPodMessage"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    let r = s.get(&stream, Some(&t)).await;
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").starts_with("text/plain"));
    s.advance(6.0);
    let v = s
        .get(&p(&format!("/workbenches/{id}")), Some(&t))
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["serverPodStatus"], "Ready");
    let r = s.get(&stream, Some(&t)).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("data-testid=\"stream-title\""));
}

/// CHORUS's logout of a login through the identity provider names the provider's end-session
/// page (`authentication-service.go` `Logout`: the mode of the user's `source`).
#[tokio::test]
async fn logout_names_the_end_session_page_without_an_envelope() {
    let s = srv_with(chorus());
    let t = s.openid_login("alice").await;
    let r = s
        .call(
            "POST",
            &p("/authentication/logout"),
            Some(&t),
            Some("{}"),
            &[("referer", "http://127.0.0.1:8080/workspaces")],
        )
        .await;
    let v = r.ok();
    let url = v["redirectURL"].as_str().unwrap();
    assert!(v.get("result").is_none());
    assert!(
        url.starts_with("http://127.0.0.1:8080/api/fake-idp/keycloak/logout?"),
        "{url}"
    );
    assert!(r.header("set-cookie").contains("Max-Age=0"));
    // The end-session page links back to the console's /login.
    let page = s.get(&url["http://127.0.0.1:8080".len()..], None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("href=\"http://127.0.0.1:8080/login\""),
        "{}",
        page.text()
    );
    // CHORUS only expires the cookie: the token itself still works (fixtures/chorus/logout.json).
    s.get(&p("/users/me"), Some(&t)).await.ok();
}

#[tokio::test]
async fn cors_allows_only_the_headers_chorus_allows() {
    let s = srv_with(Config {
        cors_origin: Some("http://localhost:8080".into()),
        ..chorus()
    });
    let r = s
        .call(
            "OPTIONS",
            &p("/workbenches/1"),
            None,
            None,
            &[
                ("origin", "http://localhost:8080"),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    let allowed = r.header("access-control-allow-headers").to_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("accept"));
    assert!(!allowed.contains("if-none-match"), "{allowed}");
}
