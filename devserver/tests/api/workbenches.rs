//! Workbenches (sessions, api.md): list filters and pages, every field of the contract, the seeded
//! scenarios, transition times, ETag/304, create, stop and start, permissions, the stream page.

use crate::common::*;
use serde_json::Value;

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
        ["1", "2", "3", "4", "5", "6", "7"]
    );
    assert_eq!(v["pagination"]["total"], 7);
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
    assert_eq!(v["pagination"]["total"], 8);
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
    assert_eq!(v["pagination"]["total"], 7);
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert_eq!(v["pagination"]["total"], 8);
    // Pages.
    let v = s
        .get(
            &p("/workbenches?filter.workspaceIdsIn=1&pagination.limit=3&pagination.offset=6"),
            Some(&alice),
        )
        .await
        .ok();
    assert_eq!(ids(&v["result"]["workbenches"]), ["7"]);
    assert_eq!(
        v["pagination"],
        serde_json::json!({"total": 7, "offset": 6, "limit": 3})
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
    // Hostile data is the test's own (the demo seed has none): id 9, 8 being left unused.
    let made = s
        .dev(
            "POST",
            "/api/dev/sessions/hostile",
            r#"{"workspaceId":"1"}"#,
        )
        .await
        .ok();
    assert_eq!(made["id"], "9");
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
    let w8 = s.workbench(9, &t).await;
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
        .get_with(&url, Some(&t), &[("if-none-match", &etag)])
        .await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    assert_eq!(r.header("etag"), etag);
    let list = format!("\"nope\", W/{etag}");
    assert_eq!(
        s.get_with(&url, Some(&t), &[("if-none-match", &list)])
            .await
            .status,
        304
    );
    assert_eq!(
        s.get_with(&url, Some(&t), &[("if-none-match", "\"other\"")])
            .await
            .status,
        200
    );
    // A change: a new body, a new tag.
    s.advance(5.0);
    let r = s
        .get_with(&url, Some(&t), &[("if-none-match", &etag)])
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
    let made = s
        .dev(
            "POST",
            "/api/dev/sessions/hostile",
            r#"{"workspaceId":"1"}"#,
        )
        .await
        .ok();
    let url = p(&format!(
        "/workbenches/{}/stream/",
        made["id"].as_str().unwrap()
    ));
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
    assert!(html.contains("Session 9"));
    let r = s.get(&p("/workbenches/1/stream"), Some(&alice)).await;
    assert!(r
        .text()
        .contains("<h1 data-testid=\"stream-title\" data-session-id=\"1\">Healthy desktop</h1>"));
    // The parameters it was given, shown (escaped), and a load number that moves.
    let html = s
        .get(
            &p("/workbenches/1/stream/?keyboard_layout=ch&clipboard=false&x=%3Cb%3E"),
            Some(&alice),
        )
        .await
        .text();
    assert!(
        html.contains("<dd data-testid=\"stream-param-keyboard_layout\">ch</dd>"),
        "{html}"
    );
    assert!(html.contains("<dd data-testid=\"stream-param-clipboard\">false</dd>"));
    assert!(html.contains("<dd data-testid=\"stream-param-x\">&lt;b&gt;</dd>"));
    let load = |h: &str| {
        h.split("data-testid=\"stream-load\">")
            .nth(1)
            .and_then(|t| t.split('<').next())
            .and_then(|n| n.parse::<u64>().ok())
    };
    let first = load(&html).expect("a load number");
    let again = s
        .get(&p("/workbenches/1/stream/"), Some(&alice))
        .await
        .text();
    assert!(load(&again).expect("a load number") > first);
    assert!(again.contains("No parameters"));
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
