//! Users and their roles as api.md says, in both flavors; the partial role failure knob; the
//! readiness lag in our flavor.

use crate::common::*;
use devserver::Config;
use serde_json::json;

const ERIN: &str = r#"{"username":"erin","firstName":"Erin","lastName":"Eck","email":"erin@example.org","password":"erin12345","status":"active","source":"internal"}"#;

#[tokio::test]
async fn create_then_one_role_call_each_in_both_flavors() {
    // The chorus flavor's own rules: tests/api/chorus_users.rs.
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

// ----- the users contract, endpoint by endpoint (from api.rs) ----------------------------

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
        serde_json::json!({"total": 51, "offset": 0, "limit": 20})
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
    assert_eq!(u["id"], "7");
    assert_eq!(u["roles"], serde_json::json!([]));
    assert_eq!(u["rolesWithContext"], serde_json::json!([]));
    // One call per role.
    for role in [
        r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"3"}}}"#,
        r#"{"role":{"name":"WorkspaceViewer","context":{"workspace":"*"}}}"#,
    ] {
        s.post(&p("/users/7/role"), Some(&admin), role).await.ok();
    }
    let v = s.get(&p("/users/7"), Some(&admin)).await.ok();
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
    // A soft delete, as CHORUS's (api.md §5): the name gets `-<uuid>`, the row stays readable.
    let v = s.delete(&p("/users/3"), Some(&admin)).await.ok();
    let renamed = v["result"]["user"]["username"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        renamed.starts_with("bob-") && renamed.len() == 4 + 36,
        "{renamed}"
    );
    assert_eq!(v["result"]["user"]["status"], "deleted");
    let got = s.get(&p("/users/3"), Some(&admin)).await.ok();
    assert_eq!(got["result"]["user"]["status"], "deleted");
    assert!(
        !ids(&s.get(&p("/users"), Some(&admin)).await.ok()["result"]["users"])
            .contains(&"3".to_string())
    );
    s.post(
        &p("/authentication/login"),
        None,
        r#"{"username":"bob","password":"bob12345"}"#,
    )
    .await
    .assert_error(401, "INVALID_CREDENTIALS");
    // Deleting again succeeds (another suffix); an unknown id is 404.
    let v = s.delete(&p("/users/3"), Some(&admin)).await.ok();
    assert!(v["result"]["user"]["username"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{renamed}-")));
    s.delete(&p("/users/99"), Some(&admin))
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
