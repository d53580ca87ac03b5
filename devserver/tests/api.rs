//! Every endpoint of api.md, in-process: happy path, 401, 403, 404, validation.

mod common;

use common::*;
use devserver::Config;
use serde_json::Value;

const V1: &str = "/api/rest/v1";

fn p(path: &str) -> String {
    format!("{V1}{path}")
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["id"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

// ----- authentication -----------------------------------------------------------------------

#[tokio::test]
async fn login_sets_an_httponly_cookie_and_returns_the_token() {
    let s = srv();
    let r = s
        .post(
            &p("/authentication/login"),
            None,
            r#"{"username":"alice","password":"alice123"}"#,
        )
        .await;
    let v = r.ok();
    let token = v["result"]["token"].as_str().unwrap().to_string();
    assert!(token.len() >= 16);
    let cookie = r.header("set-cookie");
    assert!(cookie.starts_with(&format!("jwttoken={token}")), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Path=/"),
        "{cookie}"
    );

    // Cookie and bearer both work.
    let me = s.get(&p("/users/me"), Some(&token)).await.ok();
    assert_eq!(me["result"]["me"]["username"], "alice");
    assert_eq!(me["result"]["me"]["id"], "2");
    let bearer = format!("Bearer {token}");
    let r = s
        .call(
            "GET",
            &p("/users/me"),
            None,
            None,
            &[("authorization", &bearer)],
        )
        .await;
    assert_eq!(r.ok()["result"]["me"]["username"], "alice");
}

#[tokio::test]
async fn login_failures() {
    let s = srv();
    let url = p("/authentication/login");
    s.post(&url, None, r#"{"username":"alice","password":"wrong"}"#)
        .await
        .assert_error(401, "INVALID_CREDENTIALS");
    s.post(
        &url,
        None,
        r#"{"username":"nobody","password":"whatever1"}"#,
    )
    .await
    .assert_error(401, "INVALID_CREDENTIALS");
    let f = s
        .post(&url, None, r#"{"username":""}"#)
        .await
        .validation_fields();
    assert!(
        f.contains(&"username".to_string()) && f.contains(&"password".to_string()),
        "{f:?}"
    );
    s.post(&url, None, "not json")
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.post(&url, None, "[1,2]")
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.call("POST", &url, None, None, &[])
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.post(&url, None, r#"{"username":5,"password":true}"#)
        .await
        .validation_fields();
}

#[tokio::test]
async fn logout_clears_the_cookie_and_the_login() {
    let s = srv();
    let t = s.alice().await;
    let r = s.post(&p("/authentication/logout"), Some(&t), "{}").await;
    assert_eq!(r.ok(), serde_json::json!({}));
    let cookie = r.header("set-cookie");
    assert!(
        cookie.starts_with("jwttoken=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    s.get(&p("/users/me"), Some(&t))
        .await
        .assert_error(401, "UNAUTHENTICATED");
    // Logging out without a login is fine too.
    s.post(&p("/authentication/logout"), None, "").await.ok();
}

#[tokio::test]
async fn unauthenticated_calls_get_401_everywhere() {
    let s = srv();
    for (m, path) in [
        ("GET", p("/users/me")),
        ("GET", p("/workspaces")),
        ("GET", p("/workspaces/1")),
        ("POST", p("/workspaces")),
        ("GET", p("/workbenches")),
        ("GET", p("/workbenches/1")),
        ("POST", p("/workbenches")),
        ("DELETE", p("/workbenches/1")),
        ("POST", p("/workbenches/1/stop")),
        ("POST", p("/workbenches/1/start")),
        ("GET", p("/workbenches/1/stream/")),
        ("GET", p("/apps")),
        ("GET", p("/app-instances")),
        ("GET", p("/app-instances/1")),
        ("POST", p("/app-instances")),
        ("DELETE", p("/app-instances/1")),
        ("GET", p("/app-instances/1/stream/")),
        ("GET", p("/users")),
        ("GET", p("/users/1")),
        ("POST", p("/users")),
        ("PUT", p("/users")),
        ("DELETE", p("/users/3")),
        ("POST", p("/users/3/role")),
        ("DELETE", p("/users/3/role/1")),
        ("GET", p("/authorization/roles")),
        ("POST", p("/authorization/roles")),
        ("PUT", p("/authorization/roles/DataSteward")),
        ("DELETE", p("/authorization/roles/DataSteward")),
        ("GET", p("/authorization/permissions")),
        ("GET", "/api/builds".to_string()),
        ("POST", "/api/projects/1/build".to_string()),
        ("GET", "/api/runs".to_string()),
        ("POST", "/api/projects/1/run".to_string()),
        ("POST", "/api/runs/1/stop".to_string()),
        ("GET", "/api/runs/stream".to_string()),
    ] {
        let body = if m == "GET" || m == "DELETE" {
            None
        } else {
            Some("{}")
        };
        let r = s.call(m, &path, Some("not-a-token"), body, &[]).await;
        assert_eq!(r.status.as_u16(), 401, "{m} {path}: {}", r.text());
        r.assert_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn expired_logins_answer_401() {
    let s = srv();
    let t = s.alice().await;
    s.get(&p("/users/me"), Some(&t)).await.ok();
    assert_eq!(s.post("/api/dev/expire-logins", None, "").await.status, 204);
    s.get(&p("/users/me"), Some(&t))
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

// ----- workspaces ---------------------------------------------------------------------------

#[tokio::test]
async fn workspaces_are_listed_by_role() {
    let s = srv();
    for (tok, want) in [
        (s.admin().await, vec!["1", "2", "3"]),
        (s.alice().await, vec!["1", "2"]),
        (s.bob().await, vec!["1"]),
    ] {
        let v = s.get(&p("/workspaces"), Some(&tok)).await.ok();
        assert_eq!(ids(&v["result"]["workspaces"]), want);
        assert_eq!(v["pagination"]["total"], want.len());
    }
    let a = s.admin().await;
    let v = s.get(&p("/workspaces"), Some(&a)).await.ok();
    let w = &v["result"]["workspaces"][0];
    assert_eq!(
        (w["name"].as_str(), w["shortName"].as_str()),
        (Some("Demo"), Some("demo"))
    );
    for k in ["id", "tenantId", "userId"] {
        assert_id(&w[k]);
    }
    assert_eq!(w["status"], "active");
    assert_rfc3339(&w["createdAt"]);
    assert_rfc3339(&w["updatedAt"]);
    let names: Vec<&str> = v["result"]["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Demo", "Genomics", "Imaging Lab"]);

    let v = s
        .get(
            &p("/workspaces?pagination.offset=1&pagination.limit=1"),
            Some(&a),
        )
        .await
        .ok();
    assert_eq!(ids(&v["result"]["workspaces"]), ["2"]);
    assert_eq!(
        v["pagination"],
        serde_json::json!({"total": 3, "offset": 1, "limit": 1})
    );
    let f = s
        .get(&p("/workspaces?pagination.limit=abc"), Some(&a))
        .await
        .validation_fields();
    assert_eq!(f, ["pagination.limit"]);
}

#[tokio::test]
async fn get_workspace_checks_access() {
    let s = srv();
    let alice = s.alice().await;
    let v = s.get(&p("/workspaces/2"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["workspace"]["name"], "Genomics");
    s.get(&p("/workspaces/3"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.get(&p("/workspaces/99"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.get(&p("/workspaces/abc"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn create_workspace() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    let body = r#"{"name":"Proteomics","shortName":"proteomics","description":"Mass spec"}"#;
    s.post(&p("/workspaces"), Some(&alice), body)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.post(&p("/workspaces"), Some(&admin), body).await.ok();
    let w = &v["result"]["workspace"];
    assert_eq!(
        (w["id"].as_str(), w["name"].as_str()),
        (Some("4"), Some("Proteomics"))
    );
    assert_eq!(w["userId"], "1");
    s.post(&p("/workspaces"), Some(&admin), body)
        .await
        .assert_error(409, "ALREADY_EXISTS");
    let f = s
        .post(
            &p("/workspaces"),
            Some(&admin),
            r#"{"name":"  ","shortName":"Bad Name"}"#,
        )
        .await
        .validation_fields();
    assert!(
        f.contains(&"name".into()) && f.contains(&"shortName".into()),
        "{f:?}"
    );
    s.get(&p("/workspaces/4"), Some(&admin)).await.ok();
}

// ----- workbenches --------------------------------------------------------------------------

#[tokio::test]
async fn workbench_list_filters_and_pages() {
    let s = srv();
    let (alice, bob, admin) = (s.alice().await, s.bob().await, s.admin().await);
    let v = s
        .get(&p("/workbenches?filter.workspaceIdsIn=1"), Some(&alice))
        .await
        .ok();
    assert_eq!(
        ids(&v["result"]["workbenches"]),
        ["1", "2", "3", "4", "5", "6", "7", "8"]
    );
    assert_eq!(v["pagination"]["total"], 8);
    let names: Vec<&str> = v["result"]["workbenches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Healthy desktop",
            "Slow desktop",
            "Missing secret",
            "Image pull failure",
            "Crash loop",
            "Deadline",
            "Stopped desktop",
            "<img src=x onerror=alert(1)> hostile"
        ]
    );
    // A session in workspace 2, then a repeated filter.
    let r = s
        .post(
            &p("/workbenches"),
            Some(&alice),
            r#"{"workspaceId":"2","name":"Genome run"}"#,
        )
        .await;
    let id = r.ok()["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v = s
        .get(
            &p("/workbenches?filter.workspaceIdsIn=1&filter.workspaceIdsIn=2"),
            Some(&alice),
        )
        .await
        .ok();
    assert_eq!(v["pagination"]["total"], 9);
    let v = s
        .get(&p("/workbenches?filter.workspaceIdsIn=2"), Some(&alice))
        .await
        .ok();
    assert_eq!(ids(&v["result"]["workbenches"]), [id]);
    // Bob sees workspace 1 only.
    s.get(&p("/workbenches?filter.workspaceIdsIn=2"), Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.get(&p("/workbenches"), Some(&bob)).await.ok();
    assert_eq!(v["pagination"]["total"], 8);
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert_eq!(v["pagination"]["total"], 9);
    // Pages.
    let v = s
        .get(
            &p("/workbenches?filter.workspaceIdsIn=1&pagination.limit=3&pagination.offset=6"),
            Some(&alice),
        )
        .await
        .ok();
    assert_eq!(ids(&v["result"]["workbenches"]), ["7", "8"]);
    assert_eq!(
        v["pagination"],
        serde_json::json!({"total": 8, "offset": 6, "limit": 3})
    );
    let f = s
        .get(&p("/workbenches?filter.workspaceIdsIn=x"), Some(&alice))
        .await
        .validation_fields();
    assert_eq!(f, ["filter.workspaceIdsIn"]);
}

#[tokio::test]
async fn a_workbench_has_every_field_of_the_contract() {
    let s = srv();
    let t = s.alice().await;
    s.advance(26.0);
    let wb = s.workbench(1, &t).await;
    for k in ["id", "tenantId", "userId", "workspaceId"] {
        assert_id(&wb[k]);
    }
    for k in [
        "name",
        "shortName",
        "description",
        "status",
        "k8sStatus",
        "serverPodStatus",
        "serverPodMessage",
        "phase",
        "jobName",
        "runnerPodName",
    ] {
        assert!(wb[k].is_string(), "{k}: {wb}");
    }
    for k in [
        "initialResolutionWidth",
        "initialResolutionHeight",
        "generation",
        "observedGeneration",
    ] {
        assert!(wb[k].is_i64(), "{k}: {wb}");
    }
    for k in ["createdAt", "updatedAt", "startTime"] {
        assert_rfc3339(&wb[k]);
    }
    assert_eq!(wb["shortName"], "healthy-desktop");
    assert_eq!(
        (wb["status"].as_str(), wb["k8sStatus"].as_str()),
        (Some("active"), Some("Running"))
    );
    assert_eq!(wb["serverPodStatus"], "Ready");
    assert_eq!(wb["phase"], "Running");
    assert_eq!(wb["generation"], 1);
    assert_eq!(wb["observedGeneration"], 1);
    assert!(wb.get("completionTime").is_none());
    let types: Vec<String> = conds(&wb).into_iter().map(|c| c.0).collect();
    assert_eq!(
        types,
        [
            "PVCReady",
            "SecretsReady",
            "JobCreated",
            "PodScheduled",
            "RunnerStarted",
            "Ready"
        ]
    );
    for c in wb["conditions"].as_array().unwrap() {
        assert_eq!(c["status"], "True");
        assert!(c["reason"]
            .as_str()
            .unwrap()
            .chars()
            .next()
            .unwrap()
            .is_ascii_uppercase());
        assert!(c["message"].is_string());
        assert_rfc3339(&c["lastTransitionTime"]);
        assert_eq!(c["observedGeneration"], 1);
    }
    s.get(&p("/workbenches/99"), Some(&t))
        .await
        .assert_error(404, "NOT_FOUND");
    s.get(&p("/workbenches/nope"), Some(&t))
        .await
        .assert_error(404, "NOT_FOUND");
    s.get(&p("/workbenches/99999999999999999999999"), Some(&t))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn seeded_sessions_show_every_scenario() {
    let s = srv();
    let t = s.alice().await;
    s.advance(100.0);
    let phase = |wb: &Value| {
        (
            wb["phase"].as_str().unwrap().to_string(),
            wb["k8sStatus"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        phase(&s.workbench(1, &t).await),
        ("Running".into(), "Running".into())
    );
    assert_eq!(
        phase(&s.workbench(2, &t).await),
        ("Creating".into(), "Progressing".into())
    );
    let w3 = s.workbench(3, &t).await;
    assert_eq!(cond(&w3, "SecretsReady")["reason"], "SecretNotFound");
    assert_eq!(phase(&w3), ("Pending".into(), "Progressing".into()));
    let w4 = s.workbench(4, &t).await;
    assert_eq!(cond(&w4, "RunnerStarted")["reason"], "ImagePullBackOff");
    assert_eq!(phase(&w4), ("Failed".into(), "Failed".into()));
    assert_rfc3339(&w4["completionTime"]);
    assert_eq!(
        cond(&s.workbench(5, &t).await, "Failed")["reason"],
        "CrashLoopBackOff"
    );
    assert_eq!(
        cond(&s.workbench(6, &t).await, "Failed")["reason"],
        "DeadlineExceeded"
    );
    let w7 = s.workbench(7, &t).await;
    assert_eq!(phase(&w7), ("Stopped".into(), "".into()));
    assert_eq!(cond(&w7, "RunnerStarted")["reason"], "SessionStopped");
    let w8 = s.workbench(8, &t).await;
    assert_eq!(w8["name"], "<img src=x onerror=alert(1)> hostile");
    assert!(w8["serverPodMessage"]
        .as_str()
        .unwrap()
        .contains("<script>"));
    assert!(cond(&w8, "Ready")["message"]
        .as_str()
        .unwrap()
        .contains("<script>"));
}

#[tokio::test]
async fn last_transition_time_moves_only_when_the_status_changes() {
    let s = srv();
    let t = s.alice().await;
    s.advance(8.0); // PVC, secrets, job done; pod not yet scheduled
    let a = s.workbench(1, &t).await;
    assert_eq!(cond(&a, "PodScheduled")["status"], "Unknown");
    s.advance(4.0); // 12 s: scheduled, image pulling
    let b = s.workbench(1, &t).await;
    for kind in ["PVCReady", "SecretsReady", "JobCreated", "Ready"] {
        assert_eq!(
            cond(&a, kind)["lastTransitionTime"],
            cond(&b, kind)["lastTransitionTime"],
            "{kind} did not change status"
        );
    }
    assert_eq!(cond(&b, "Ready")["reason"], "Starting");
    assert_ne!(
        cond(&a, "PodScheduled")["lastTransitionTime"],
        cond(&b, "PodScheduled")["lastTransitionTime"]
    );
    assert_ne!(
        cond(&a, "RunnerStarted")["lastTransitionTime"],
        cond(&b, "RunnerStarted")["lastTransitionTime"]
    );
    assert_ne!(a["updatedAt"], Value::Null);
}

#[tokio::test]
async fn etag_and_if_none_match() {
    let s = srv();
    let t = s.alice().await;
    s.advance(4.0);
    let url = p("/workbenches/1");
    let r = s.get(&url, Some(&t)).await;
    let etag = r.header("etag");
    assert!(
        etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
        "{etag}"
    );
    // Stable while nothing changes.
    assert_eq!(s.get(&url, Some(&t)).await.header("etag"), etag);
    let r = s
        .call("GET", &url, Some(&t), None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), etag);
    let list = format!("\"nope\", W/{etag}");
    assert_eq!(
        s.call("GET", &url, Some(&t), None, &[("if-none-match", &list)])
            .await
            .status,
        304
    );
    assert_eq!(
        s.call(
            "GET",
            &url,
            Some(&t),
            None,
            &[("if-none-match", "\"other\"")]
        )
        .await
        .status,
        200
    );
    // A change: a new body, a new tag.
    s.advance(5.0);
    let r = s
        .call("GET", &url, Some(&t), None, &[("if-none-match", &etag)])
        .await;
    assert_eq!(r.status, 200);
    assert_ne!(r.header("etag"), etag);
    r.ok();
    // The request log records If-None-Match.
    let log = s.get("/api/dev/requests", None).await.ok();
    let entries = log["requests"].as_array().unwrap();
    assert!(entries
        .iter()
        .any(|e| e["ifNoneMatch"] == etag.as_str() && e["status"] == 304));
}

#[tokio::test]
async fn create_a_workbench_and_watch_it_start() {
    let s = srv();
    let t = s.alice().await;
    let body = r#"{"tenantId":"1","userId":"2","workspaceId":"1","name":"My analysis","description":"d","status":"active","initialResolutionWidth":1280,"initialResolutionHeight":800}"#;
    let v = s.post(&p("/workbenches"), Some(&t), body).await.ok();
    let wb = &v["result"]["workbench"];
    assert_eq!(wb["id"], "9");
    assert_eq!(wb["k8sStatus"], "");
    assert_eq!(wb["phase"], "Pending");
    assert_eq!(
        (wb["generation"].as_i64(), wb["observedGeneration"].as_i64()),
        (Some(1), Some(0))
    );
    assert_eq!(wb["initialResolutionWidth"], 1280);
    assert_eq!(wb["shortName"], "my-analysis");
    assert!(wb["conditions"].as_array().unwrap().is_empty());
    s.advance(2.0);
    let wb = s.workbench(9, &t).await;
    assert_eq!(
        (wb["k8sStatus"].as_str(), wb["observedGeneration"].as_i64()),
        (Some("Progressing"), Some(1))
    );
    s.advance(30.0);
    let wb = s.workbench(9, &t).await;
    assert_eq!(wb["k8sStatus"], "Running");
    // The body's scenario wins, then the dev default.
    let v = s
        .post(
            &p("/workbenches"),
            Some(&t),
            r#"{"workspaceId":"1","name":"x","scenario":"missing-secret"}"#,
        )
        .await
        .ok();
    let id: u64 = v["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        s.put("/api/dev/scenario", None, r#"{"scenario":"image-pull"}"#)
            .await
            .status,
        204
    );
    let v = s
        .post(
            &p("/workbenches"),
            Some(&t),
            r#"{"workspaceId":1,"name":"y"}"#,
        )
        .await
        .ok();
    let id2: u64 = v["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    s.advance(30.0);
    assert_eq!(
        cond(&s.workbench(id, &t).await, "SecretsReady")["reason"],
        "SecretNotFound"
    );
    assert_eq!(s.workbench(id2, &t).await["k8sStatus"], "Failed");
}

#[tokio::test]
async fn create_workbench_errors() {
    let s = srv();
    let (alice, bob) = (s.alice().await, s.bob().await);
    let url = p("/workbenches");
    s.post(&url, Some(&bob), r#"{"workspaceId":"1","name":"x"}"#)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&url, Some(&alice), r#"{"workspaceId":"3","name":"x"}"#)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&url, Some(&alice), r#"{"workspaceId":"99","name":"x"}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"name":"x"}"#)
            .await
            .validation_fields(),
        ["workspaceId"]
    );
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"workspaceId":"one","name":"x"}"#)
            .await
            .validation_fields(),
        ["workspaceId"]
    );
    let f = s
        .post(&url, Some(&alice), r#"{"workspaceId":"1","name":"","initialResolutionWidth":5,"scenario":"nope","status":"weird","userId":"77"}"#)
        .await
        .validation_fields();
    for want in [
        "name",
        "initialResolutionWidth",
        "scenario",
        "status",
        "userId",
    ] {
        assert!(f.contains(&want.to_string()), "{want} in {f:?}");
    }
    s.post(&url, Some(&alice), "{\"workspaceId\":")
        .await
        .assert_error(400, "INVALID_REQUEST");
    // A wrapper object is a field the API does not have: bodies are decoded strictly.
    s.post(&url, Some(&alice), r#"{"workbench":5}"#)
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.post(&url, Some(&alice), r#""text""#)
        .await
        .assert_error(400, "INVALID_REQUEST");
}

#[tokio::test]
async fn stop_and_start_a_session() {
    let s = srv();
    let t = s.alice().await;
    s.advance(30.0);
    let r = s.post(&p("/workbenches/1/stop"), Some(&t), "{}").await;
    assert_eq!(r.status, 202);
    let wb = r.json()["result"]["workbench"].clone();
    assert_eq!(wb["phase"], "Stopping");
    assert_eq!(
        (wb["generation"].as_i64(), wb["observedGeneration"].as_i64()),
        (Some(2), Some(1))
    );
    assert_ne!(wb["k8sStatus"], "Running");
    s.advance(1.0);
    let wb = s.workbench(1, &t).await;
    assert_eq!(wb["observedGeneration"], 2);
    assert_eq!(cond(&wb, "Ready")["reason"], "Stopping");
    s.advance(3.0);
    let wb = s.workbench(1, &t).await;
    assert_eq!(
        (wb["phase"].as_str(), wb["k8sStatus"].as_str()),
        (Some("Stopped"), Some(""))
    );
    assert_eq!(cond(&wb, "RunnerStarted")["reason"], "SessionStopped");
    assert!(cond(&wb, "RunnerStarted")["message"]
        .as_str()
        .unwrap()
        .contains("143"));
    assert_rfc3339(&wb["completionTime"]);
    // Stopping again changes nothing.
    let r = s.post(&p("/workbenches/1/stop"), Some(&t), "").await;
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["result"]["workbench"]["generation"], 2);
    // Start: a new generation, stale for a moment, then the lifecycle again.
    let r = s.post(&p("/workbenches/1/start"), Some(&t), "{}").await;
    assert_eq!(r.status, 202);
    let wb = r.json()["result"]["workbench"].clone();
    assert_eq!(
        (wb["generation"].as_i64(), wb["observedGeneration"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(wb["k8sStatus"], "Progressing");
    s.advance(2.0);
    let wb = s.workbench(1, &t).await;
    assert_eq!(wb["observedGeneration"], 3);
    assert!(wb.get("completionTime").is_none());
    s.advance(30.0);
    let wb = s.workbench(1, &t).await;
    assert_eq!(wb["k8sStatus"], "Running");
    assert_eq!(wb["jobName"], "workbench-1-run-2");
    // Starting a running session changes nothing.
    let r = s.post(&p("/workbenches/1/start"), Some(&t), "{}").await;
    assert_eq!(r.json()["result"]["workbench"]["generation"], 3);
}

#[tokio::test]
async fn retry_of_a_failed_session_runs_the_healthy_lifecycle() {
    let s = srv();
    let t = s.alice().await;
    s.advance(30.0);
    assert_eq!(s.workbench(4, &t).await["k8sStatus"], "Failed");
    assert_eq!(
        s.post(&p("/workbenches/4/start"), Some(&t), "{}")
            .await
            .status,
        202
    );
    s.advance(30.0);
    let wb = s.workbench(4, &t).await;
    assert_eq!(wb["k8sStatus"], "Running");
    assert!(cond(&wb, "Failed").is_null());
    // A stopped crash loop restarts as a crash loop.
    s.post(&p("/workbenches/5/stop"), Some(&t), "{}").await;
    s.advance(5.0);
    s.post(&p("/workbenches/5/start"), Some(&t), "{}").await;
    s.advance(70.0);
    assert_eq!(
        cond(&s.workbench(5, &t).await, "Failed")["reason"],
        "CrashLoopBackOff"
    );
}

#[tokio::test]
async fn stop_start_delete_permissions_and_404() {
    let s = srv();
    let (alice, bob) = (s.alice().await, s.bob().await);
    for action in ["stop", "start"] {
        s.post(&p(&format!("/workbenches/1/{action}")), Some(&bob), "{}")
            .await
            .assert_error(403, "PERMISSION_DENIED");
        s.post(&p(&format!("/workbenches/77/{action}")), Some(&alice), "{}")
            .await
            .assert_error(404, "NOT_FOUND");
    }
    s.delete(&p("/workbenches/1"), Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.delete(&p("/workbenches/77"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    let v = s.delete(&p("/workbenches/2"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["workbench"]["status"], "deleted");
    assert_eq!(v["result"]["workbench"]["id"], "2");
    s.get(&p("/workbenches/2"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.delete(&p("/workbenches/2"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn the_session_stream_page_is_503_until_ready() {
    let s = srv();
    let (alice, bob) = (s.alice().await, s.bob().await);
    let url = p("/workbenches/8/stream/");
    let r = s.get(&url, Some(&alice)).await;
    assert_eq!(r.status, 503);
    assert!(r.header("content-type").starts_with("text/html"));
    assert!(r.text().contains("Session is starting"));
    s.advance(26.0);
    let r = s.get(&url, Some(&alice)).await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt; hostile"),
        "{html}"
    );
    assert!(!html.contains("<img"), "unescaped name: {html}");
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained: {html}"
    );
    assert!(html.contains("<style>"));
    assert!(html.contains("Session 8"));
    let r = s.get(&p("/workbenches/1/stream"), Some(&alice)).await;
    assert!(r
        .text()
        .contains("<h1 data-testid=\"stream-title\" data-session-id=\"1\">Healthy desktop</h1>"));
    s.get(&url, None).await.assert_error(401, "UNAUTHENTICATED");
    s.get(&url, Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.get(&p("/workbenches/99/stream/"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    let r = s.get(&p("/workbenches/7/stream/"), Some(&alice)).await;
    assert_eq!(r.status, 503);
    assert!(r.text().contains("Session is not running"));
}

// ----- apps and app instances ---------------------------------------------------------------

#[tokio::test]
async fn apps_are_listed() {
    let s = srv();
    let t = s.bob().await;
    let v = s.get(&p("/apps"), Some(&t)).await.ok();
    let apps = v["result"]["apps"].as_array().unwrap();
    let names: Vec<&str> = apps.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["JupyterLab", "VS Code", "RStudio", "Legacy Viewer"]);
    assert_eq!(ids(&v["result"]["apps"]), ["1", "2", "3", "4"]);
    for a in apps {
        for k in [
            "description",
            "iconURL",
            "dockerImageName",
            "dockerImageTag",
        ] {
            assert!(a[k].is_string(), "{k}");
        }
    }
}

#[tokio::test]
async fn app_instances_start_once_their_session_runs() {
    let s = srv();
    let t = s.alice().await;
    let body = r#"{"tenantId":"1","userId":"2","workspaceId":"1","workbenchId":"1","appId":"1"}"#;
    let v = s.post(&p("/app-instances"), Some(&t), body).await.ok();
    let inst = &v["result"]["appInstance"];
    assert_eq!(inst["id"], "1");
    assert_eq!(
        (inst["appName"].as_str(), inst["k8sStatus"].as_str()),
        (Some("JupyterLab"), Some(""))
    );
    assert_eq!(
        (
            inst["workbenchId"].as_str(),
            inst["workspaceId"].as_str(),
            inst["appId"].as_str()
        ),
        (Some("1"), Some("1"), Some("1"))
    );
    assert_eq!(inst["k8sState"], "Running");
    assert_rfc3339(&inst["createdAt"]);
    let page = p("/app-instances/1/stream/");
    assert_eq!(s.get(&page, Some(&t)).await.status, 503);
    s.advance(26.0);
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Progressing");
    s.advance(5.0);
    let v = s
        .get(&p("/app-instances?filter.workbenchIdsIn=1"), Some(&t))
        .await
        .ok();
    let list = v["result"]["appInstances"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["k8sStatus"], "Running");
    let r = s.get(&page, Some(&t)).await;
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("JupyterLab") && r.text().contains("App instance 1"),
        "{}",
        r.text()
    );
    // Another session's filter.
    let v = s
        .get(&p("/app-instances?filter.workbenchIdsIn=2"), Some(&t))
        .await
        .ok();
    assert!(v["result"]["appInstances"].as_array().unwrap().is_empty());
    // Stop the session: the app stops too.
    s.post(&p("/workbenches/1/stop"), Some(&t), "{}").await;
    s.advance(5.0);
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Stopped");
}

#[tokio::test]
async fn legacy_viewer_fails_until_fixed() {
    let s = srv();
    let t = s.alice().await;
    s.advance(26.0);
    let mk = |app: u64| format!(r#"{{"workbenchId":"1","appId":"{app}"}}"#);
    s.post(&p("/app-instances"), Some(&t), &mk(4)).await.ok();
    s.advance(5.0);
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    let inst = &v["result"]["appInstance"];
    assert_eq!(inst["k8sStatus"], "Failed");
    assert!(inst["k8sMessage"]
        .as_str()
        .unwrap()
        .contains("could not start"));
    let r = s.get(&p("/app-instances/1/stream/"), Some(&t)).await;
    assert_eq!(r.status, 503);
    assert!(r.text().contains("App failed to start"));
    assert_eq!(
        s.put("/api/dev/apps/4/failing", None, r#"{"failing":false}"#)
            .await
            .status,
        204
    );
    s.post(&p("/app-instances"), Some(&t), &mk(4)).await.ok();
    s.advance(5.0);
    let v = s.get(&p("/app-instances/2"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Running");
    // The failed one stays failed.
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Failed");
    s.put("/api/dev/apps/9/failing", None, r#"{"failing":true}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    s.put("/api/dev/apps/1/failing", None, r#"{"failing":"yes"}"#)
        .await
        .validation_fields();
}

#[tokio::test]
async fn app_instance_errors() {
    let s = srv();
    let (alice, bob) = (s.alice().await, s.bob().await);
    let url = p("/app-instances");
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"workbenchId":"1"}"#)
            .await
            .validation_fields(),
        ["appId"]
    );
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"workbenchId":"1","appId":"42"}"#)
            .await
            .validation_fields(),
        ["appId"]
    );
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"appId":"1"}"#)
            .await
            .validation_fields(),
        ["workbenchId"]
    );
    assert_eq!(
        s.post(
            &url,
            Some(&alice),
            r#"{"workbenchId":"1","appId":"1","workspaceId":"2"}"#
        )
        .await
        .validation_fields(),
        ["workspaceId"]
    );
    s.post(&url, Some(&alice), r#"{"workbenchId":"55","appId":"1"}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    s.post(&url, Some(&bob), r#"{"workbenchId":"1","appId":"1"}"#)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&url, Some(&alice), "nope")
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.get(&p("/app-instances/5"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.delete(&p("/app-instances/5"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.post(&url, Some(&alice), r#"{"workbenchId":"1","appId":"2"}"#)
        .await
        .ok();
    // Bob may look but not close it.
    s.get(&p("/app-instances/1"), Some(&bob)).await.ok();
    s.delete(&p("/app-instances/1"), Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.delete(&p("/app-instances/1"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["appInstance"]["status"], "deleted");
    s.get(&p("/app-instances/1"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(
        s.get(&p("/app-instances?filter.workbenchIdsIn=zz"), Some(&alice))
            .await
            .validation_fields(),
        ["filter.workbenchIdsIn"]
    );
    // Deleting a session deletes its app instances.
    s.post(&url, Some(&alice), r#"{"workbenchId":"3","appId":"2"}"#)
        .await
        .ok();
    s.delete(&p("/workbenches/3"), Some(&alice)).await.ok();
    s.get(&p("/app-instances/2"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}

// ----- users --------------------------------------------------------------------------------

#[tokio::test]
async fn users_list_search_and_pages() {
    let s = srv_with(Config {
        extra_users: 45,
        ..frozen()
    });
    let admin = s.admin().await;
    let v = s.get(&p("/users"), Some(&admin)).await.ok();
    assert_eq!(
        v["pagination"],
        serde_json::json!({"total": 49, "offset": 0, "limit": 20})
    );
    assert_eq!(v["result"]["users"].as_array().unwrap().len(), 20);
    let u = &v["result"]["users"][1];
    assert_eq!(u["username"], "alice");
    for k in ["firstName", "lastName", "email", "status", "source"] {
        assert!(u[k].is_string(), "{k}");
    }
    assert_eq!(u["roles"], serde_json::json!(["WorkspaceMember"]));
    let rwc = u["rolesWithContext"].as_array().unwrap();
    assert_eq!(rwc.len(), 2);
    assert_id(&rwc[0]["id"]);
    assert_eq!(rwc[0]["name"], "WorkspaceMember");
    assert_eq!(rwc[1]["context"], serde_json::json!({"workspace": "2"}));
    assert!(u.get("password").is_none());
    for (q, want) in [
        ("ALI", vec!["alice"]),
        ("bob@example", vec!["bob"]),
        ("Ada Admin", vec!["admin"]),
    ] {
        let v = s
            .get(
                &p(&format!("/users?filter.search={}", q.replace(' ', "%20"))),
                Some(&admin),
            )
            .await
            .ok();
        let names: Vec<&str> = v["result"]["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert_eq!(names, want, "{q}");
    }
    let v = s
        .get(
            &p("/users?filter.search=user000&pagination.limit=5&pagination.offset=5"),
            Some(&admin),
        )
        .await
        .ok();
    assert_eq!(v["pagination"]["total"], 45);
    assert_eq!(v["result"]["users"][0]["username"], "user00006");
    let alice = s.alice().await;
    s.get(&p("/users"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
}

#[tokio::test]
async fn get_user() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    assert_eq!(
        s.get(&p("/users/3"), Some(&admin)).await.ok()["result"]["user"]["username"],
        "bob"
    );
    assert_eq!(
        s.get(&p("/users/2"), Some(&alice)).await.ok()["result"]["user"]["username"],
        "alice"
    );
    s.get(&p("/users/1"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.get(&p("/users/99"), Some(&admin))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn create_a_user_then_give_it_roles() {
    let s = srv();
    let admin = s.admin().await;
    // Roles in the create body are ignored (as CHORUS does): only the default is given.
    let body = r#"{"username":"carol","firstName":"Carol","lastName":"Chen","email":"carol@example.org","password":"carol1234","status":"active","source":"internal","rolesWithContext":[{"name":"WorkspaceMember","context":{"workspace":"3"}}]}"#;
    let v = s.post(&p("/users"), Some(&admin), body).await.ok();
    let u = &v["result"]["user"];
    assert_eq!(u["id"], "5");
    assert_eq!(u["roles"], serde_json::json!([]));
    assert_eq!(u["rolesWithContext"], serde_json::json!([]));
    // One call per role.
    for role in [
        r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"3"}}}"#,
        r#"{"role":{"name":"WorkspaceViewer","context":{"workspace":"*"}}}"#,
    ] {
        s.post(&p("/users/5/role"), Some(&admin), role).await.ok();
    }
    let v = s.get(&p("/users/5"), Some(&admin)).await.ok();
    let u = &v["result"]["user"];
    assert_eq!(
        u["roles"],
        serde_json::json!(["WorkspaceMember", "WorkspaceViewer"])
    );
    assert_eq!(u["rolesWithContext"][0]["context"]["workspace"], "3");
    assert_id(&u["rolesWithContext"][1]["id"]);
    let carol = s.login("carol", "carol1234").await;
    let v = s.get(&p("/workspaces"), Some(&carol)).await.ok();
    assert_eq!(v["pagination"]["total"], 3);
    s.post("/api/projects/3/build", Some(&carol), "").await.ok();
    s.post("/api/projects/1/build", Some(&carol), "")
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&p("/users"), Some(&admin), body)
        .await
        .assert_error(409, "ALREADY_EXISTS");
}

#[tokio::test]
async fn create_user_validation() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    let url = p("/users");
    let f = s
        .post(
            &url,
            Some(&admin),
            r#"{"username":"No Way!","email":"not-an-email","password":"short","status":"active"}"#,
        )
        .await
        .validation_fields();
    assert_eq!(f, ["username", "email", "password"]);
    assert_eq!(
        s.post(
            &url,
            Some(&admin),
            r#"{"password":"longenough","status":"active"}"#
        )
        .await
        .validation_fields(),
        ["username"]
    );
    assert_eq!(
        s.post(
            &url,
            Some(&admin),
            r#"{"username":"ab","password":"longenough","status":"active"}"#
        )
        .await
        .validation_fields(),
        ["username"]
    );
    // status is required: an empty or unknown one is CHORUS's 500 CONVERSION_ERROR.
    for status in ["", r#","status":"""#, r#","status":"gone""#] {
        let body = format!(r#"{{"username":"valid.name_1","password":"longenough"{status}}}"#);
        s.post(&url, Some(&admin), &body)
            .await
            .assert_error(500, "CONVERSION_ERROR");
    }
    s.post(
        &url,
        Some(&admin),
        r#"{"username":"alice","password":"longenough","status":"active"}"#,
    )
    .await
    .assert_error(409, "ALREADY_EXISTS");
    s.post(
        &url,
        Some(&alice),
        r#"{"username":"dave","password":"longenough","status":"active"}"#,
    )
    .await
    .assert_error(403, "PERMISSION_DENIED");
    s.post(&url, Some(&admin), "{")
        .await
        .assert_error(400, "INVALID_REQUEST");
    // A wrapper, a client-only field: unknown fields are a 400.
    for body in [
        r#"{"user":{"username":"erin","password":"longenough","status":"active"}}"#,
        r#"{"username":"erin","password":"longenough","status":"active","confirm":"x"}"#,
    ] {
        s.post(&url, Some(&admin), body)
            .await
            .assert_error(400, "INVALID_REQUEST");
    }
}

#[tokio::test]
async fn update_user_profile_and_status() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    let url = p("/users");
    let bob = |fields: &str| {
        format!(
            r#"{{"id":"3","username":"bob","firstName":"Robert","lastName":"Berg","email":"robert@example.org","source":"internal"{fields}}}"#
        )
    };
    let v = s
        .put(&url, Some(&admin), &bob(r#","status":"active""#))
        .await
        .ok();
    assert_eq!(v["result"]["user"]["firstName"], "Robert");
    assert_eq!(v["result"]["user"]["email"], "robert@example.org");
    // The fields are replaced whole: one left out is emptied.
    let v = s
        .put(
            &url,
            Some(&admin),
            r#"{"id":"3","username":"bob","status":"active"}"#,
        )
        .await
        .ok();
    assert_eq!(v["result"]["user"]["lastName"], "");
    // Roles in the body change nothing.
    let v = s
        .put(
            &url,
            Some(&admin),
            &bob(r#","status":"active","roles":["PlatformAdmin"],"rolesWithContext":[]"#),
        )
        .await
        .ok();
    assert_eq!(
        v["result"]["user"]["rolesWithContext"][0]["name"],
        "WorkspaceViewer"
    );
    let bob_token = s.bob().await;
    s.put(&url, Some(&admin), &bob(r#","status":"disabled""#))
        .await
        .ok();
    s.get(&p("/users/me"), Some(&bob_token))
        .await
        .assert_error(401, "UNAUTHENTICATED");
    s.post(
        &p("/authentication/login"),
        None,
        r#"{"username":"bob","password":"bob12345"}"#,
    )
    .await
    .assert_error(401, "INVALID_CREDENTIALS");
    s.put(&url, Some(&admin), &bob(r#","status":"active""#))
        .await
        .ok();
    s.bob().await;
    s.put(&url, Some(&admin), r#"{"id":"3","username":"bob"}"#)
        .await
        .assert_error(500, "CONVERSION_ERROR");
    assert_eq!(
        s.put(
            &url,
            Some(&admin),
            r#"{"id":"3","username":"bob","status":"active","email":"x"}"#
        )
        .await
        .validation_fields(),
        ["email"]
    );
    assert_eq!(
        s.put(&url, Some(&admin), r#"{"firstName":"X"}"#)
            .await
            .validation_fields(),
        ["id"]
    );
    s.put(&url, Some(&admin), r#"{"id":"99"}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    s.put(&url, Some(&alice), &bob(r#","status":"active""#))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.put(
        &url,
        Some(&admin),
        r#"{"id":"3","username":"alice","status":"active"}"#,
    )
    .await
    .assert_error(409, "ALREADY_EXISTS");
    s.put(
        &url,
        Some(&admin),
        &format!(r#"{{"user":{}}}"#, bob(r#","status":"active""#)),
    )
    .await
    .assert_error(400, "INVALID_REQUEST");
}

#[tokio::test]
async fn delete_user() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    s.delete(&p("/users/3"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.delete(&p("/users/1"), Some(&admin))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.delete(&p("/users/3"), Some(&admin)).await.ok();
    assert_eq!(v["result"]["user"]["username"], "bob");
    s.get(&p("/users/3"), Some(&admin))
        .await
        .assert_error(404, "NOT_FOUND");
    s.delete(&p("/users/3"), Some(&admin))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn add_and_remove_user_roles() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    let url = p("/users/3/role");
    let body = r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"2"}}}"#;
    s.post(&url, Some(&alice), body)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.post(&url, Some(&admin), body).await.ok();
    let rwc = v["result"]["user"]["rolesWithContext"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rwc.len(), 2);
    let new_id = rwc[1]["id"].as_str().unwrap().to_string();
    assert_id(&rwc[1]["id"]);
    let bob = s.bob().await;
    s.get(&p("/workspaces/2"), Some(&bob)).await.ok();
    s.post(&url, Some(&admin), body)
        .await
        .assert_error(409, "ALREADY_EXISTS");
    assert_eq!(
        s.post(&url, Some(&admin), r#"{"role":{"name":"Nope"}}"#)
            .await
            .validation_fields(),
        ["role.name"]
    );
    assert_eq!(
        s.post(
            &url,
            Some(&admin),
            r#"{"role":{"name":"WorkspaceMember","context":{"planet":"3"}}}"#
        )
        .await
        .validation_fields(),
        ["role.context.planet"]
    );
    s.post(&p("/users/99/role"), Some(&admin), body)
        .await
        .assert_error(404, "NOT_FOUND");
    let v = s
        .delete(&p(&format!("/users/3/role/{new_id}")), Some(&admin))
        .await
        .ok();
    assert_eq!(
        v["result"]["user"]["rolesWithContext"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    s.get(&p("/workspaces/2"), Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.delete(&p(&format!("/users/3/role/{new_id}")), Some(&admin))
        .await
        .assert_error(404, "NOT_FOUND");
    s.delete(&p("/users/3/role/1"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
}

// ----- roles and permissions ----------------------------------------------------------------

#[tokio::test]
async fn anyone_logged_in_reads_roles_and_permissions() {
    let s = srv();
    let bob = s.bob().await;
    let v = s.get(&p("/authorization/roles"), Some(&bob)).await.ok();
    let roles = v["result"]["roles"].as_array().unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "PlatformAdmin",
            "WorkspaceAdmin",
            "WorkspaceMember",
            "WorkspaceViewer",
            "WorkbenchOwner",
            "Authenticated",
            "DataSteward"
        ]
    );
    for r in roles {
        assert_eq!(r["dynamic"], r["name"] == "DataSteward");
        assert!(r["scope"].is_string() && r["context"].is_array() && r["permissions"].is_array());
    }
    assert_eq!(roles[0]["scope"], "platform");
    assert_eq!(roles[0]["context"], serde_json::json!([]));
    assert_eq!(roles[2]["context"], serde_json::json!(["workspace"]));
    let v = s
        .get(&p("/authorization/permissions"), Some(&bob))
        .await
        .ok();
    let perms: Vec<&str> = v["result"]["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for want in [
        "listWorkspaces",
        "createWorkbench",
        "streamWorkbench",
        "listUsers",
        "manageUserRoles",
        "manageDynamicRoles",
        "createBuild",
        "stopRun",
    ] {
        assert!(perms.contains(&want), "{want}");
    }
    assert!(v["result"]["permissions"][0]["context"].is_array());
    assert!(v["result"]["permissions"][0]["description"].is_string());
}

#[tokio::test]
async fn dynamic_roles_can_be_created_changed_and_deleted() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    let url = p("/authorization/roles");
    let body = r#"{"role":{"name":"Auditor","description":"Reads users","scope":"platform","context":[],"permissions":["listUsers","getUser"]}}"#;
    s.post(&url, Some(&alice), body)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.post(&url, Some(&admin), body).await.ok();
    assert_eq!(v["result"]["role"]["dynamic"], true);
    assert_eq!(
        v["result"]["role"]["permissions"],
        serde_json::json!(["listUsers", "getUser"])
    );
    s.post(&url, Some(&admin), body)
        .await
        .assert_error(409, "ALREADY_EXISTS");
    s.post(&url, Some(&admin), r#"{"role":{"name":"PlatformAdmin"}}"#)
        .await
        .assert_error(409, "ALREADY_EXISTS");
    let f = s
        .post(&url, Some(&admin), r#"{"role":{"name":"lower case","scope":"galaxy","context":["planet"],"permissions":["flyAway"]}}"#)
        .await
        .validation_fields();
    assert_eq!(
        f,
        [
            "role.name",
            "role.scope",
            "role.context[0]",
            "role.permissions[0]"
        ]
    );
    // The role grants what it lists.
    s.post(
        &p("/users/3/role"),
        Some(&admin),
        r#"{"role":{"name":"Auditor","context":{}}}"#,
    )
    .await
    .ok();
    let bob = s.bob().await;
    s.get(&p("/users"), Some(&bob)).await.ok();
    // Change it.
    let v = s
        .put(
            &format!("{url}/Auditor"),
            Some(&admin),
            r#"{"role":{"name":"Auditor","permissions":["getUser"]}}"#,
        )
        .await
        .ok();
    assert_eq!(
        v["result"]["role"]["permissions"],
        serde_json::json!(["getUser"])
    );
    assert_eq!(v["result"]["role"]["description"], "Reads users");
    s.get(&p("/users"), Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.put(
        &format!("{url}/Auditor"),
        Some(&admin),
        r#"{"role":{"permissions":["nope"]}}"#,
    )
    .await
    .validation_fields();
    s.put(
        &format!("{url}/Auditor"),
        Some(&admin),
        r#"{"role":{"name":"Other"}}"#,
    )
    .await
    .validation_fields();
    s.put(&format!("{url}/Auditor"), Some(&alice), r#"{"role":{}}"#)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.put(
        &format!("{url}/WorkspaceMember"),
        Some(&admin),
        r#"{"role":{"permissions":[]}}"#,
    )
    .await
    .assert_error(403, "PERMISSION_DENIED");
    s.put(&format!("{url}/Ghost"), Some(&admin), r#"{"role":{}}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    // DataSteward is dynamic too.
    s.put(
        &format!("{url}/DataSteward"),
        Some(&admin),
        r#"{"role":{"permissions":["listWorkspaces"]}}"#,
    )
    .await
    .ok();
    // Delete: dynamic only; assignments go with it.
    s.delete(&format!("{url}/PlatformAdmin"), Some(&admin))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.delete(&format!("{url}/Auditor"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.delete(&format!("{url}/Auditor"), Some(&admin)).await.ok();
    assert_eq!(v["result"]["role"]["name"], "Auditor");
    s.delete(&format!("{url}/Auditor"), Some(&admin))
        .await
        .assert_error(404, "NOT_FOUND");
    let v = s.get(&p("/users/3"), Some(&admin)).await.ok();
    assert_eq!(
        v["result"]["user"]["roles"],
        serde_json::json!(["WorkspaceViewer"])
    );
}

// ----- builds and runs ----------------------------------------------------------------------

#[tokio::test]
async fn builds_list_create_and_finish() {
    let s = srv();
    let (alice, bob, admin) = (s.alice().await, s.bob().await, s.admin().await);
    let v = s.get("/api/builds", Some(&admin)).await.ok();
    assert!(v.get("result").is_none(), "no envelope");
    assert_eq!(ids(&v["builds"]), ["1", "2", "3"]);
    let statuses: Vec<&str> = v["builds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["succeeded", "failed", "succeeded"]);
    assert!(v["builds"][1]["error"].is_string());
    assert_eq!(
        ids(&s.get("/api/builds?projectId=2", Some(&alice)).await.ok()["builds"]),
        ["2", "3"]
    );
    assert_eq!(
        ids(&s.get("/api/builds", Some(&bob)).await.ok()["builds"]),
        ["1"]
    );
    s.get("/api/builds?projectId=2", Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.get("/api/builds?projectId=99", Some(&bob))
        .await
        .assert_error(404, "NOT_FOUND");

    let v = s.post("/api/projects/1/build", Some(&alice), "").await.ok();
    let b = &v["build"];
    assert_eq!(
        (
            b["id"].as_str(),
            b["projectId"].as_str(),
            b["status"].as_str()
        ),
        (Some("4"), Some("1"), Some("pending"))
    );
    assert_rfc3339(&b["createdAt"]);
    assert!(b.get("startedAt").is_none());
    s.advance(3.0);
    let v = s.get("/api/builds?projectId=1", Some(&alice)).await.ok();
    assert_eq!(v["builds"][1]["status"], "running");
    assert_rfc3339(&v["builds"][1]["startedAt"]);
    s.post("/api/projects/2/build", Some(&alice), "{}")
        .await
        .ok(); // build 5 fails
    s.advance(10.0);
    let v = s.get("/api/builds", Some(&alice)).await.ok();
    let find = |id: &str| {
        v["builds"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(find("4")["status"], "succeeded");
    assert_rfc3339(&find("4")["finishedAt"]);
    assert_eq!(find("5")["status"], "failed");
    assert!(find("5")["error"].as_str().is_some_and(|e| !e.is_empty()));
    s.post("/api/projects/1/build", Some(&bob), "")
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post("/api/projects/3/build", Some(&alice), "")
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post("/api/projects/99/build", Some(&alice), "")
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn runs_start_stop_and_finish() {
    let s = srv();
    let (alice, bob) = (s.alice().await, s.bob().await);
    let v = s.get("/api/runs", Some(&alice)).await.ok();
    assert!(v.get("result").is_none());
    assert_eq!(ids(&v["runs"]), ["1", "2", "3"]);
    assert!(v["runs"].as_array().unwrap().iter().all(|r| !matches!(
        r["status"].as_str(),
        Some("pending" | "running" | "stopping")
    )));
    let v = s.post("/api/projects/1/run", Some(&alice), "").await.ok();
    let r = &v["run"];
    assert_eq!(
        (
            r["id"].as_str(),
            r["status"].as_str(),
            r["buildId"].as_str()
        ),
        (Some("4"), Some("pending"), Some("1"))
    );
    s.advance(3.0);
    assert_eq!(
        s.get("/api/runs?projectId=1", Some(&alice)).await.ok()["runs"][2]["status"],
        "running"
    );
    s.post("/api/runs/4/stop", Some(&bob), "")
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post("/api/runs/44/stop", Some(&alice), "")
        .await
        .assert_error(404, "NOT_FOUND");
    let v = s.post("/api/runs/4/stop", Some(&alice), "").await.ok();
    assert_eq!(v["run"]["status"], "stopping");
    s.advance(2.5);
    let v = s.post("/api/runs/4/stop", Some(&alice), "").await.ok();
    assert_eq!(v["run"]["status"], "stopped");
    assert_rfc3339(&v["run"]["finishedAt"]);
    s.post("/api/projects/1/run", Some(&bob), "")
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post("/api/projects/x/run", Some(&alice), "")
        .await
        .assert_error(404, "NOT_FOUND");
    s.get("/api/runs?projectId=3", Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
}

// ----- the dev API --------------------------------------------------------------------------

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
    assert_eq!(v["sessions"], 8);
}

// ----- static files, fallbacks, CORS, robustness --------------------------------------------

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
        .call(
            "GET",
            "/config.json",
            None,
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
        .call(
            "GET",
            &p("/apps"),
            None,
            None,
            &[("origin", "http://localhost:8080")],
        )
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
        .call(
            "GET",
            &p("/workbenches/1"),
            Some(&t),
            None,
            &[("origin", "http://localhost:8080")],
        )
        .await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        "http://localhost:8080"
    );
    assert!(r.header("access-control-expose-headers").contains("ETag"));
    let r = s
        .call(
            "GET",
            &p("/apps"),
            Some(&t),
            None,
            &[("origin", "http://evil.example")],
        )
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
        let r = s.call("GET", path, Some(&t), None, &[]).await;
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

#[tokio::test]
async fn a_user_without_roles_sees_nothing() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    s.post(
        &p("/users"),
        Some(&admin),
        r#"{"username":"nobody","password":"nobody123","status":"active"}"#,
    )
    .await
    .ok();
    let t = s.login("nobody", "nobody123").await;
    s.post(
        &p("/workbenches"),
        Some(&alice),
        r#"{"workspaceId":"2","name":"private"}"#,
    )
    .await
    .ok();
    s.post(
        &p("/app-instances"),
        Some(&alice),
        r#"{"workbenchId":"9","appId":"1"}"#,
    )
    .await
    .ok();
    // Logged in: may read its own user, the apps, the roles; sees no workspace.
    assert_eq!(
        s.get(&p("/users/me"), Some(&t)).await.ok()["result"]["me"]["roles"],
        serde_json::json!([])
    );
    s.get(&p("/apps"), Some(&t)).await.ok();
    s.get(&p("/authorization/roles"), Some(&t)).await.ok();
    assert_eq!(
        s.get(&p("/workspaces"), Some(&t)).await.ok()["pagination"]["total"],
        0
    );
    assert_eq!(
        s.get(&p("/workbenches"), Some(&t)).await.ok()["pagination"]["total"],
        0
    );
    assert_eq!(
        s.get(&p("/app-instances"), Some(&t)).await.ok()["pagination"]["total"],
        0
    );
    assert!(s.get("/api/builds", Some(&t)).await.ok()["builds"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(s.get("/api/runs", Some(&t)).await.ok()["runs"]
        .as_array()
        .unwrap()
        .is_empty());
    for (m, path) in [
        ("GET", p("/workspaces/1")),
        ("GET", p("/workbenches/9")),
        ("GET", p("/workbenches/9/stream/")),
        ("GET", p("/workbenches?filter.workspaceIdsIn=2")),
        ("GET", p("/app-instances/1")),
        ("GET", p("/app-instances/1/stream/")),
        ("GET", p("/app-instances?filter.workbenchIdsIn=9")),
        ("DELETE", p("/app-instances/1")),
        ("GET", p("/users")),
        ("GET", p("/users/2")),
        ("POST", p("/workbenches/9/stop")),
        ("POST", p("/authorization/roles")),
        ("GET", "/api/builds?projectId=2".to_string()),
        ("GET", "/api/runs?projectId=1".to_string()),
        ("POST", "/api/runs/1/stop".to_string()),
    ] {
        let body = if m == "POST" { Some("{}") } else { None };
        s.call(m, &path, Some(&t), body, &[])
            .await
            .assert_error(403, "PERMISSION_DENIED");
    }
    // 401 and 404 on the app page too.
    s.get(&p("/app-instances/1/stream/"), None)
        .await
        .assert_error(401, "UNAUTHENTICATED");
    s.get(&p("/app-instances/77/stream/"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}
