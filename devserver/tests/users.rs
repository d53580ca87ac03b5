//! Users and their roles as api.md says, in both flavors; the partial role failure knob; the
//! readiness lag in our flavor.

mod common;

use common::*;
use serde_json::json;

const V1: &str = "/api/rest/v1";

fn p(path: &str) -> String {
    format!("{V1}{path}")
}

const ERIN: &str = r#"{"username":"erin","firstName":"Erin","lastName":"Eck","email":"erin@example.org","password":"erin12345","status":"active","source":"internal"}"#;

#[tokio::test]
async fn create_then_one_role_call_each_in_both_flavors() {
    // The chorus flavor's own rules: tests/chorus_users.rs.
    for config in [frozen()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let v = s.post(&p("/users"), Some(&admin), ERIN).await.ok();
        let id = v["result"]["user"]["id"].as_str().unwrap().to_string();
        assert_eq!(v["result"]["user"]["rolesWithContext"], json!([]));
        let role = |name: &str, ws: &str| {
            format!(r#"{{"role":{{"name":"{name}","context":{{"workspace":"{ws}"}}}}}}"#)
        };
        let url = p(&format!("/users/{id}/role"));
        s.post(&url, Some(&admin), &role("WorkspaceMember", "1"))
            .await
            .ok();
        let v = s
            .post(&url, Some(&admin), &role("WorkspaceViewer", "2"))
            .await
            .ok();
        let rwc = v["result"]["user"]["rolesWithContext"].as_array().unwrap();
        assert_eq!(rwc.len(), 2);
        // The same assignment again.
        s.post(&url, Some(&admin), &role("WorkspaceViewer", "2"))
            .await
            .assert_status_and_code(409, "ALREADY_EXISTS");
        // Removed by the assignment's id, not by the role's name.
        let assignment = rwc[0]["id"].as_str().unwrap();
        s.delete(&p(&format!("/users/{id}/role/{assignment}")), Some(&admin))
            .await
            .ok();
        let r = s
            .delete(
                &p(&format!("/users/{id}/role/WorkspaceViewer")),
                Some(&admin),
            )
            .await;
        assert!(matches!(r.status.as_u16(), 400 | 404), "{}", r.text());
        let v = s.get(&p(&format!("/users/{id}")), Some(&admin)).await.ok();
        assert_eq!(
            v["result"]["user"]["rolesWithContext"][0]["name"],
            "WorkspaceViewer"
        );
        // A duplicate username, bad fields.
        s.post(&p("/users"), Some(&admin), ERIN)
            .await
            .assert_status_and_code(409, "ALREADY_EXISTS");
        let r = s
            .post(
                &p("/users"),
                Some(&admin),
                r#"{"username":"x y","password":"longenough","status":"active","email":"@"}"#,
            )
            .await;
        let v = r.assert_status_and_code(400, "VALIDATION_ERROR");
        let fields: Vec<&str> = v["details"][0]["validationErrors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["username", "email"]);
        // The role body: exactly {"role":{"name","context"}}.
        for body in [
            r#"{"name":"WorkspaceViewer","context":{"workspace":"1"}}"#,
            r#"{"role":{"name":"WorkspaceViewer","context":{"workspace":"1"}},"note":"x"}"#,
        ] {
            assert_eq!(s.post(&url, Some(&admin), body).await.status, 400, "{body}");
        }
    }
}

#[tokio::test]
async fn a_role_call_can_be_made_to_fail_for_a_test() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let r = s
        .dev(
            "PUT",
            "/api/dev/role-failures",
            r#"{"roles":["WorkspaceMaintainer"]}"#,
        )
        .await;
    assert_eq!(r.ok(), json!({"roles": ["WorkspaceMaintainer"]}));
    let url = p("/users/3/role");
    s.post(
        &url,
        Some(&admin),
        r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"2"}}}"#,
    )
    .await
    .ok();
    s.post(
        &url,
        Some(&admin),
        r#"{"role":{"name":"WorkspaceMaintainer","context":{"workspace":"2"}}}"#,
    )
    .await
    .assert_chorus_error(500, "INTERNAL_ERROR");
    // The user keeps what was given.
    let v = s.get(&p("/users/3"), Some(&admin)).await.ok();
    assert_eq!(
        v["result"]["user"]["rolesWithContext"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        s.get("/api/dev/role-failures", None).await.ok(),
        json!({"roles": ["WorkspaceMaintainer"]})
    );
    // Reset restores every knob.
    s.dev("POST", "/api/dev/reset", "{}").await;
    assert_eq!(
        s.get("/api/dev/role-failures", None).await.ok(),
        json!({"roles": []})
    );
    s.post(
        &url,
        Some(&admin),
        r#"{"role":{"name":"WorkspaceMaintainer","context":{"workspace":"2"}}}"#,
    )
    .await
    .ok();
    assert_eq!(
        s.dev("PUT", "/api/dev/role-failures", "{}").await.status,
        400
    );
}

#[tokio::test]
async fn our_desktop_answers_503_while_the_server_pod_starts() {
    let s = srv();
    let t = s.alice().await;
    s.advance(20.0);
    let wb = s.workbench(1, &t).await;
    assert_eq!(
        (wb["k8sStatus"].as_str(), wb["serverPodStatus"].as_str()),
        (Some("Running"), Some("Starting"))
    );
    assert_eq!(wb["phase"], "Running", "our extensions stay");
    assert_eq!(cond(&wb, "Ready")["status"], "False");
    let r = s.get(&p("/workbenches/1/stream/"), Some(&t)).await;
    assert_eq!(r.status, 503);
    assert!(r.text().contains("Session is starting"));
    s.advance(6.0);
    assert_eq!(
        s.get(&p("/workbenches/1/stream/"), Some(&t)).await.status,
        200
    );
}
