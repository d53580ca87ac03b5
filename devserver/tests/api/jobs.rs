//! The job service's dialects: `--jobs mc` (mc-server-manager-like) and `--jobs none`.

use crate::common::*;
use devserver::config::Jobs;
use devserver::Config;

/// `2025-11-15T12:00:00.123Z`: JavaScript's `toISOString`.
#[track_caller]
fn assert_millis(v: &serde_json::Value) {
    assert_rfc3339(v);
    let s = v.as_str().unwrap();
    assert_eq!(s.len(), 24, "{s}");
}

#[tokio::test]
async fn mc_needs_no_login_and_names_projects_by_slug() {
    let s = srv_with(mc());
    let v = s.get("/api/builds", None).await.ok();
    let builds = v["builds"].as_array().unwrap();
    assert_eq!(builds.len(), 3);
    assert_eq!(builds[0]["projectId"], "demo-server");
    assert_eq!(builds[1]["projectId"], "genomics-pipeline");
    assert_eq!(builds[0]["id"], "0b6f4e8a-2c1d-4f3a-9e57-1a2b3c4d5e01");
    assert_millis(&builds[0]["createdAt"]);
    let v = s
        .get("/api/runs?projectId=genomics-pipeline", None)
        .await
        .ok();
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(
        runs[0]["buildId"], "0b6f4e8a-2c1d-4f3a-9e57-1a2b3c4d5e03",
        "the build it ran"
    );
    // Starting answers 202; a project is a slug or a workspace id.
    let r = s
        .post("/api/projects/genomics-pipeline/build", None, "")
        .await;
    assert_eq!(r.status, 202);
    assert_eq!(r.json()["build"]["projectId"], "genomics-pipeline");
    let r = s.post("/api/projects/1/run", None, "").await;
    assert_eq!(r.status, 202);
    let run = r.json()["run"].clone();
    assert_eq!(run["projectId"], "1");
    assert_eq!(run["status"], "pending");
    let id = run["id"].as_str().unwrap().to_string();
    // The new run counts as Demo's.
    let v = s.get("/api/runs?projectId=demo-server", None).await.ok();
    assert!(v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == id.as_str()));
    s.advance(3.0);
    let r = s.post(&format!("/api/runs/{id}/stop"), None, "").await;
    assert_eq!(r.json()["run"]["status"], "stopping");
    // Errors: {"error": text}.
    for (m, path) in [
        ("POST", "/api/projects/nope/build"),
        ("POST", "/api/runs/4/stop"),
        ("GET", "/api/builds?projectId=99"),
    ] {
        let r = s
            .call(m, path, None, (m == "POST").then_some(""), &[])
            .await;
        assert_eq!(r.status, 404, "{m} {path}");
        let v = r.json();
        assert!(
            v["error"].as_str().is_some_and(|e| e.contains("not found")),
            "{v}"
        );
        assert_eq!(v.as_object().unwrap().len(), 1, "{v}");
    }
}

#[tokio::test]
async fn no_job_service_answers_404_everywhere() {
    let s = srv_with(Config {
        jobs: Jobs::None,
        ..frozen()
    });
    let t = s.alice().await;
    for (m, path) in [
        ("GET", "/api/builds"),
        ("GET", "/api/runs"),
        ("GET", "/api/runs/stream"),
        ("POST", "/api/projects/1/build"),
        ("POST", "/api/projects/1/run"),
        ("POST", "/api/runs/1/stop"),
    ] {
        s.call(m, path, Some(&t), (m == "POST").then_some("{}"), &[])
            .await
            .assert_error(404, "NOT_FOUND");
    }
    // The platform API is all there.
    s.get("/api/rest/v1/workbenches/1", Some(&t)).await.ok();
    let v = s.get("/api/dev/stats", None).await.ok();
    assert_eq!(
        (v["flavor"].as_str(), v["jobs"].as_str()),
        (Some("default"), Some("none"))
    );
    let c = srv_with(chorus());
    let r = c.get("/api/builds", None).await;
    assert_eq!(
        r.json(),
        serde_json::from_str::<serde_json::Value>(CHORUS_NOT_FOUND).unwrap()
    );
}

// ----- builds and runs of our job service (from api.rs) ----------------------------------

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
