//! Issue 41: CHORUS's terms-of-use service, its audit service and one's own account (api.md
//! "Terms-of-use service", "Audit service", "User self-service"), both flavors; the login with
//! a one-time code of a secret set up through `…/users/me/totp/*`, the code computed here.

use crate::common::*;
use devserver::totp;
use devserver::Config;
use serde_json::{json, Value};

fn tou(rest: &str) -> String {
    p(&format!("/terms-of-use{rest}"))
}

fn flavors() -> [Config; 2] {
    [frozen(), chorus()]
}

async fn wendy(s: &Srv) -> String {
    s.login("wendy", "wendy123").await
}

async fn nora(s: &Srv) -> String {
    s.login("nora", "nora1234").await
}

/// The error's message, in either flavor (CHORUS's detail or our top-level one).
fn message(v: &Value) -> String {
    v["message"].as_str().unwrap_or("").to_string()
}

// ----- terms of use ---------------------------------------------------------------------------

#[tokio::test]
async fn the_demo_has_published_terms_everyone_accepted() {
    for config in flavors() {
        let s = srv_with(config);
        let t = s.alice().await;
        let v = s.get(&tou("/versions/current"), Some(&t)).await.ok();
        let ver = &v["result"]["termsOfUseVersion"];
        assert_eq!(ver["id"], "1");
        assert_eq!(ver["tenantId"], "1");
        assert_eq!(ver["status"], "TERMS_OF_USE_VERSION_STATUS_PUBLISHED");
        let content = ver["content"].as_str().unwrap_or("");
        assert!(content.starts_with("# "), "a heading: {content}");
        assert!(content.contains("\n- ") && content.contains('*') && content.contains("]("));
        assert_rfc3339(&ver["createdAt"]);
        let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
        assert_eq!(v, json!({"result": {"status": {"accepted": true}}}));
    }
}

#[tokio::test]
async fn terms_required_flag_and_dev_route() {
    let s = srv_with(Config {
        terms_required: true,
        ..frozen()
    });
    let t = s.alice().await;
    let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
    assert_eq!(v["result"]["status"]["accepted"], false);
    // Accept: the current version, once.
    let v = s.post(&tou("/acceptances"), Some(&t), "{}").await.ok();
    let a = &v["result"]["termsOfUseAcceptance"];
    assert_eq!(a["userId"], "2");
    assert_eq!(a["termsOfUseVersionId"], "1");
    assert_id(&a["id"]);
    assert_rfc3339(&a["acceptedAt"]);
    let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
    assert_eq!(v["result"]["status"]["accepted"], true);
    let r = s.post(&tou("/acceptances"), Some(&t), "{}").await;
    let e = r.assert_error(500, "INTERNAL_ERROR");
    assert_eq!(message(&e), "Unable to accept terms of use");
    // The dev route: everyone accepted, then nobody.
    let v = s
        .dev("PUT", "/api/dev/terms", r#"{"required":false}"#)
        .await
        .ok();
    assert_eq!(v["acceptedBy"].as_array().map(Vec::len), Some(6));
    let v = s
        .dev("PUT", "/api/dev/terms", r#"{"required":true}"#)
        .await
        .ok();
    assert_eq!(v["acceptedBy"], json!([]));
    assert_eq!(v["currentVersionId"], "1");
    // A reset brings back what the flag says.
    s.dev("POST", "/api/dev/reset", "{}").await;
    let v = s.get("/api/dev/terms", None).await.ok();
    assert_eq!(v["acceptedBy"], json!([]));
    let r = s
        .dev("PUT", "/api/dev/terms", r#"{"required":"yes"}"#)
        .await;
    assert_eq!(r.status.as_u16(), 400);
}

#[tokio::test]
async fn an_admin_writes_and_publishes_a_version() {
    for config in flavors() {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let admin = s.admin().await;
        let alice = s.alice().await;
        // Content is required.
        for body in [r#"{}"#, r#"{"content":"   "}"#] {
            let r = s.post(&tou("/versions"), Some(&admin), body).await;
            let e = r.assert_status_and_code(400, "VALIDATION_ERROR");
            assert_eq!(message(&e), "Content is required");
        }
        let v = s
            .post(
                &tou("/versions"),
                Some(&admin),
                r##"{"content":"# New\n\nDraft."}"##,
            )
            .await
            .ok();
        let ver = &v["result"]["termsOfUseVersion"];
        assert_eq!(ver["id"], "2");
        assert_eq!(ver["status"], "TERMS_OF_USE_VERSION_STATUS_DRAFT");
        assert_eq!(ver["updatedAt"], ver["createdAt"]);
        // A draft can be changed.
        let v = s
            .put(
                &tou("/versions/2"),
                Some(&admin),
                r##"{"content":"# New\n\nFinal."}"##,
            )
            .await
            .ok();
        assert_eq!(
            v["result"]["termsOfUseVersion"]["content"],
            "# New\n\nFinal."
        );
        let v = s.get(&tou("/versions/2"), Some(&admin)).await.ok();
        assert_eq!(
            v["result"]["termsOfUseVersion"]["content"],
            "# New\n\nFinal."
        );
        // Publish: 1 archived, 2 published; nobody accepted 2.
        let v = s
            .post(&tou("/versions/2/publish"), Some(&admin), "{}")
            .await
            .ok();
        assert_eq!(
            v["result"]["termsOfUseVersion"]["status"],
            "TERMS_OF_USE_VERSION_STATUS_PUBLISHED"
        );
        let v = s
            .get(
                &tou("/versions?pagination.offset=0&pagination.limit=10&pagination.sort.type=id&pagination.sort.order=desc"),
                Some(&admin),
            )
            .await
            .ok();
        let list = v["result"]["termsOfUseVersions"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["id"], "2");
        assert_eq!(list[1]["status"], "TERMS_OF_USE_VERSION_STATUS_ARCHIVED");
        assert_eq!(v["pagination"]["total"], 2);
        assert_eq!(v["pagination"]["limit"], 10);
        assert_eq!(
            v["pagination"]["sort"],
            json!({"order": "DESC", "type": "id"})
        );
        // A published version is no draft any more; an unknown one is not there.
        let r = s
            .put(&tou("/versions/2"), Some(&admin), r#"{"content":"x"}"#)
            .await;
        let e = r.assert_status_and_code(404, "NOT_FOUND");
        assert_eq!(message(&e), "Unable to update terms of use version");
        let r = s
            .post(&tou("/versions/99/publish"), Some(&admin), "{}")
            .await;
        r.assert_status_and_code(404, "NOT_FOUND");
        let r = s.get(&tou("/versions/99"), Some(&admin)).await;
        r.assert_status_and_code(404, "NOT_FOUND");
        let v = s.get(&tou("/acceptances/status"), Some(&alice)).await.ok();
        assert_eq!(v["result"]["status"]["accepted"], false, "a new version");
        let v = s.post(&tou("/acceptances"), Some(&alice), "{}").await.ok();
        assert_eq!(
            v["result"]["termsOfUseAcceptance"]["termsOfUseVersionId"],
            "2"
        );
        // The acceptances listed are the caller's own (admin accepted 1 in the seed).
        let v = s.get(&tou("/acceptances"), Some(&admin)).await.ok();
        let mine = v["result"]["termsOfUseAcceptances"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(mine.iter().all(|a| a["userId"] == "1"), "{v}");
        assert_eq!(mine.len(), 1);
        // Who may not.
        let r = s
            .post(&tou("/versions"), Some(&alice), r#"{"content":"x"}"#)
            .await;
        let e = r.assert_status_and_code(403, "PERMISSION_DENIED");
        if chorus {
            assert_eq!(message(&e), "required permission: createTermsOfUseVersion");
        }
        for path in ["/versions", "/versions/1", "/acceptances"] {
            let r = s.get(&tou(path), Some(&alice)).await;
            r.assert_status_and_code(403, "PERMISSION_DENIED");
        }
        let r = s.get(&tou("/versions/current"), None).await;
        assert_eq!(r.status.as_u16(), 401);
    }
}

#[tokio::test]
async fn no_published_version() {
    let s = srv();
    let v = s.dev("DELETE", "/api/dev/terms", "{}").await.ok();
    assert_eq!(v["currentVersionId"], Value::Null);
    let t = s.alice().await;
    let r = s.get(&tou("/versions/current"), Some(&t)).await;
    let e = r.assert_error(404, "NOT_FOUND");
    assert_eq!(message(&e), "Unable to get current terms of use version");
    let r = s.post(&tou("/acceptances"), Some(&t), "{}").await;
    r.assert_error(404, "NOT_FOUND");
    let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
    assert_eq!(v["result"]["status"]["accepted"], false);
}

#[tokio::test]
async fn hostile_terms_are_served_as_written() {
    let s = srv_with(chorus());
    let v = s
        .dev("POST", "/api/dev/terms/publish", r#"{"hostile":true}"#)
        .await
        .ok();
    assert_eq!(v["result"]["termsOfUseVersion"]["id"], "2");
    let t = s.alice().await;
    let v = s.get(&tou("/versions/current"), Some(&t)).await.ok();
    let content = v["result"]["termsOfUseVersion"]["content"]
        .as_str()
        .unwrap_or("");
    assert!(content.len() >= 1_000_000, "{}", content.len());
    assert!(content.contains("<script>") && content.contains("(javascript:"));
    let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
    assert_eq!(v["result"]["status"]["accepted"], false);
    // A text of one's own; an unknown field is refused.
    let v = s
        .dev(
            "POST",
            "/api/dev/terms/publish",
            r##"{"content":"# Three"}"##,
        )
        .await
        .ok();
    assert_eq!(v["result"]["termsOfUseVersion"]["content"], "# Three");
    let r = s.dev("POST", "/api/dev/terms/publish", r#"{"x":1}"#).await;
    assert_eq!(r.status.as_u16(), 400);
    // Strict bodies on the real route too (grpc-gateway's 400 on chorus).
    let admin = s.admin().await;
    let r = s
        .post(
            &tou("/versions"),
            Some(&admin),
            r#"{"content":"x","title":"y"}"#,
        )
        .await;
    assert_gateway(&r, 400, 3);
}

// ----- audit ----------------------------------------------------------------------------------

fn audit(rest: &str) -> String {
    p(&format!("/audit{rest}"))
}

fn entries(v: &Value) -> Vec<Value> {
    v["result"]["entries"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn actions(v: &Value) -> Vec<String> {
    entries(v)
        .iter()
        .map(|e| e["action"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn the_platform_audit_is_paged_sorted_and_filtered() {
    for config in flavors() {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let admin = s.admin().await;
        let q = "?pagination.offset=0&pagination.limit=5&pagination.sort.type=createdat&pagination.sort.order=desc";
        let v = s.get(&audit(q), Some(&admin)).await.ok();
        let list = entries(&v);
        assert_eq!(list.len(), 5);
        // Newest first: admin's login of this test.
        assert_eq!(list[0]["action"], "LoginUser");
        assert_eq!(list[0]["actorUsername"], "admin");
        assert_eq!(list[0]["actorId"], "1");
        assert_eq!(list[0]["details"]["username"], "admin");
        assert_eq!(v["pagination"]["offset"], 0);
        assert_eq!(v["pagination"]["limit"], 5);
        assert_eq!(
            v["pagination"]["sort"],
            json!({"order": "DESC", "type": "createdat"})
        );
        let total = v["pagination"]["total"].as_u64().unwrap_or(0);
        assert!(total >= 18, "{total}");
        // Unset ids: absent on chorus (protojson omits an unset optional), null in ours.
        if chorus {
            assert!(list[0].get("workspaceId").is_none(), "{}", list[0]);
        } else {
            assert!(list[0]["workspaceId"].is_null());
        }
        // Defaults: 20 without a limit, 20 above 100; no page parameters, every row.
        let v = s
            .get(&audit("?pagination.offset=0"), Some(&admin))
            .await
            .ok();
        assert_eq!(entries(&v).len(), 18, "fewer than 20");
        assert_eq!(v["pagination"]["limit"], 20);
        let v = s
            .get(&audit("?pagination.limit=500"), Some(&admin))
            .await
            .ok();
        assert_eq!(v["pagination"]["limit"], 20);
        let v = s.get(&audit(""), Some(&admin)).await.ok();
        assert_eq!(entries(&v).len() as u64, total);
        assert_eq!(v["pagination"]["limit"], 0);
        // Ascending by default: the seed's first entry first.
        assert_eq!(entries(&v)[0]["id"], "1");
        // Filters: action exact, actor, workspace, time window.
        let v = s
            .get(&audit("?filter.action=CreateWorkspace"), Some(&admin))
            .await
            .ok();
        assert_eq!(actions(&v), ["CreateWorkspace", "CreateWorkspace"]);
        let v = s
            .get(&audit("?filter.action=createworkspace"), Some(&admin))
            .await
            .ok();
        assert!(entries(&v).is_empty(), "exact match");
        let v = s.get(&audit("?filter.actorId=3"), Some(&admin)).await.ok();
        assert!(entries(&v).iter().all(|e| e["actorUsername"] == "bob"));
        assert_eq!(entries(&v).len(), 2);
        let v = s
            .get(
                &audit("?filter.fromTime=2025-01-07T00:00:00Z&filter.toTime=2025-01-07T23:59:59Z"),
                Some(&admin),
            )
            .await
            .ok();
        assert_eq!(actions(&v), ["LoginUser", "CreateWorkbench", "CreateFile"]);
        let file = &entries(&v)[2];
        assert_eq!(file["workspaceId"], "1");
        assert!(file["details"]["compliance"].is_string());
        // A bad filter.
        let r = s
            .get(&audit("?filter.fromTime=yesterday"), Some(&admin))
            .await;
        if chorus {
            // As a running CHORUS 0978bc77 answered: grpc-gateway's own 400, no details.
            assert_eq!(r.status.as_u16(), 400);
            let body = r.json();
            assert!(
                body["message"].as_str().is_some_and(
                    |m| m.starts_with("parsing field \"fromTime\": parsing time \"yesterday\"")
                ),
                "{body}"
            );
            assert_eq!(body["details"], serde_json::json!([]));
        } else {
            let e = r.assert_status_and_code(400, "INVALID_REQUEST");
            assert!(message(&e).starts_with("invalid filter: "), "{e}");
        }
        let r = s.get(&audit("?filter.actorId=bob"), Some(&admin)).await;
        assert_eq!(r.status.as_u16(), 400);
        // A researcher may not read the platform's log.
        let alice = s.alice().await;
        let r = s.get(&audit(""), Some(&alice)).await;
        let e = r.assert_status_and_code(403, "PERMISSION_DENIED");
        if chorus {
            assert_eq!(message(&e), "required permission: auditPlatform");
        }
        assert_eq!(s.get(&audit(""), None).await.status.as_u16(), 401);
    }
}

#[tokio::test]
async fn workspace_session_user_and_actor_logs() {
    for config in flavors() {
        let s = srv_with(config);
        let wendy = wendy(&s).await;
        let alice = s.alice().await;
        // wendy administers Demo: its log, forced to Demo whatever the filter says.
        let v = s
            .get(&audit("/workspaces/1?filter.workspaceId=2"), Some(&wendy))
            .await
            .ok();
        assert!(!entries(&v).is_empty());
        assert!(entries(&v).iter().all(|e| e["workspaceId"] == "1"), "{v}");
        let r = s.get(&audit("/workspaces/2"), Some(&wendy)).await;
        r.assert_status_and_code(403, "PERMISSION_DENIED");
        let r = s.get(&audit("/workspaces/1"), Some(&alice)).await;
        r.assert_status_and_code(403, "PERMISSION_DENIED");
        // A session's log: admin sees any.
        let admin = s.admin().await;
        let v = s.get(&audit("/workbenches/1"), Some(&admin)).await.ok();
        assert_eq!(actions(&v), ["CreateWorkbench"]);
        // One's own actions; another's only with the platform's permission.
        let v = s.get(&audit("/actors/2"), Some(&alice)).await.ok();
        assert!(entries(&v).iter().all(|e| e["actorId"] == "2"));
        assert!(entries(&v).len() >= 5);
        let r = s.get(&audit("/actors/1"), Some(&alice)).await;
        r.assert_status_and_code(403, "PERMISSION_DENIED");
        let v = s.get(&audit("/actors/2"), Some(&admin)).await.ok();
        assert!(!entries(&v).is_empty());
        // Entries naming a user.
        let v = s.get(&audit("/users/2"), Some(&admin)).await.ok();
        assert_eq!(actions(&v), ["AddWorkspaceMember", "AssignUserRole"]);
        let v = s
            .get(&audit("/users/2?filter.workspaceId=1"), Some(&wendy))
            .await
            .ok();
        assert_eq!(actions(&v), ["AddWorkspaceMember"]);
        let r = s.get(&audit("/users/3"), Some(&alice)).await;
        r.assert_status_and_code(403, "PERMISSION_DENIED");
    }
}

#[tokio::test]
async fn what_the_demo_does_is_recorded() {
    for config in flavors() {
        let s = srv_with(config);
        let admin = s.admin().await;
        // A workspace made, a file uploaded with a compliance message, a member added.
        let v = s
            .post(
                &p("/workspaces"),
                Some(&admin),
                r#"{"name":"Audit lab","shortName":"audit","description":"x"}"#,
            )
            .await
            .ok();
        let ws = v["result"]["workspace"]["id"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let admin = s.admin().await; // the new workspace's roles
        let body = json!({"path": "/disk/a.txt", "content": "aGk="}).to_string();
        s.post(
            &p(&format!(
                "/workspaces/{ws}/file?complianceMessage=No%20personal%20data"
            )),
            Some(&admin),
            &body,
        )
        .await
        .ok();
        s.delete(
            &p(&format!("/workspaces/{ws}/file/disk/a.txt")),
            Some(&admin),
        )
        .await
        .ok();
        // A write refused is recorded too, with its error.
        let bob = s.bob().await;
        s.post(&p("/workspaces/1/file"), Some(&bob), &body).await;
        let v = s
            .get(
                &audit("?pagination.limit=6&pagination.offset=0&pagination.sort.type=createdat&pagination.sort.order=desc"),
                Some(&admin),
            )
            .await
            .ok();
        assert_eq!(
            actions(&v),
            [
                "CreateFile",
                "LoginUser",
                "DeleteFile",
                "CreateFile",
                "LoginUser",
                "CreateWorkspace"
            ]
        );
        let list = entries(&v);
        let refused = &list[0];
        assert_eq!(refused["actorUsername"], "bob");
        assert_eq!(refused["workspaceId"], "1");
        assert!(refused["description"]
            .as_str()
            .unwrap_or("")
            .starts_with("Failed to"));
        assert!(refused["details"]["error_message"].is_string());
        assert_eq!(refused["details"]["grpc_status_code"], "7");
        let upload = &list[3];
        assert_eq!(upload["workspaceId"], ws.as_str());
        assert_eq!(upload["details"]["compliance"], "No personal data");
        assert_eq!(
            upload["description"],
            format!("Created file /disk/a.txt in workspace {ws}.")
        );
        let made = &list[5];
        assert_eq!(made["workspaceId"], ws.as_str());
        assert_eq!(made["description"], format!("Created workspace {ws}."));
        assert!(made["correlationId"]
            .as_str()
            .is_some_and(|c| c.len() == 36));
        // Logout and the self-service calls.
        let alice = s.alice().await;
        s.post(&p("/authentication/logout"), Some(&alice), "{}")
            .await
            .ok();
        let v = s.get(&audit("/actors/2?pagination.limit=1&pagination.offset=0&pagination.sort.type=createdat&pagination.sort.order=desc"), Some(&admin)).await.ok();
        assert_eq!(actions(&v), ["LogoutUser"]);
        // Reads and failed logins are not recorded.
        let before = s.get("/api/dev/audit", None).await.ok()["total"].clone();
        s.get(&p("/workspaces"), Some(&admin)).await.ok();
        s.post(
            &p("/authentication/login"),
            None,
            r#"{"username":"admin","password":"wrong"}"#,
        )
        .await;
        let after = s.get("/api/dev/audit", None).await.ok()["total"].clone();
        assert_eq!(before, after);
    }
}

#[tokio::test]
async fn hostile_entries_and_the_dev_routes() {
    let s = srv();
    let admin = s.admin().await;
    let v = s
        .get(&audit("?filter.action=TeleportWorkspace"), Some(&admin))
        .await
        .ok();
    let list = entries(&v);
    assert_eq!(list.len(), 1);
    let h = &list[0];
    assert!(h["description"].as_str().unwrap_or("").contains("<script>"));
    assert!(h["details"]["payload"].as_str().unwrap_or("").len() >= 100 * 1024);
    assert_eq!(h["actorUsername"], "nora");
    // One more, and one of a test's own.
    s.dev("POST", "/api/dev/audit", r#"{"hostile":true}"#)
        .await
        .ok();
    let v = s
        .dev(
            "POST",
            "/api/dev/audit",
            r#"{"actorId":"2","action":"SomethingNew","workspaceId":"1","description":"<b>x</b>","details":{"k":"v"},"createdAt":"2025-02-01T10:00:00Z"}"#,
        )
        .await
        .ok();
    assert_id(&v["id"]);
    let v = s
        .get(
            &audit("/workspaces/1?filter.action=SomethingNew"),
            Some(&admin),
        )
        .await
        .ok();
    assert_eq!(entries(&v)[0]["createdAt"], "2025-02-01T10:00:00Z");
    assert_eq!(entries(&v)[0]["actorUsername"], "alice");
    let v = s.get("/api/dev/audit", None).await.ok();
    assert_eq!(v["enabled"], true);
    // Off: nothing recorded, lists empty.
    s.dev("PUT", "/api/dev/audit", r#"{"enabled":false}"#).await;
    let v = s.get(&audit(""), Some(&admin)).await.ok();
    assert!(entries(&v).is_empty());
    s.dev("POST", "/api/dev/reset", "{}").await;
    let v = s.get("/api/dev/audit", None).await.ok();
    assert_eq!(v["enabled"], true);
    assert_eq!(v["total"], 17, "the seed again");
}

// ----- one's own account ----------------------------------------------------------------------

#[tokio::test]
async fn changing_ones_password() {
    for config in flavors() {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let t = nora(&s).await;
        let path = p("/users/me/password");
        // Wrong current password: 401 INVALID_CREDENTIALS.
        let r = s
            .put(
                &path,
                Some(&t),
                r#"{"currentPassword":"nope","newPassword":"Tr0ub4dor&3-Horse"}"#,
            )
            .await;
        let e = r.assert_status_and_code(401, "INVALID_CREDENTIALS");
        assert_eq!(message(&e), "The provided credentials are invalid.");
        // Weak: CHORUS's words.
        let r = s
            .put(
                &path,
                Some(&t),
                r#"{"currentPassword":"nora1234","newPassword":"short"}"#,
            )
            .await;
        let e = r.assert_status_and_code(400, "VALIDATION_ERROR");
        assert!(
            message(&e).starts_with(
                "Password does not meet security requirements: complex password (not easily guessable) with at least 14 characters, among which 1 lowercase, 1 uppercase and 1 special character: "
            ),
            "{e}"
        );
        // Missing field.
        let r = s
            .put(&path, Some(&t), r#"{"currentPassword":"nora1234"}"#)
            .await;
        let e = r.assert_status_and_code(400, "VALIDATION_ERROR");
        let field = &e["details"][0]["validationErrors"][0]["field"];
        assert_eq!(field, if chorus { "NewPassword" } else { "newPassword" });
        // Changed: the old one no longer logs in, the new one does.
        let v = s
            .put(
                &path,
                Some(&t),
                r#"{"currentPassword":"nora1234","newPassword":"Tr0ub4dor&3-Horse"}"#,
            )
            .await
            .ok();
        assert_eq!(v, json!({"result": {"user": null}}));
        let r = s
            .post(
                &p("/authentication/login"),
                None,
                r#"{"username":"nora","password":"nora1234"}"#,
            )
            .await;
        r.assert_status_and_code(401, "INVALID_CREDENTIALS");
        let t = s.login("nora", "Tr0ub4dor&3-Horse").await;
        let v = s.get(&p("/users/me"), Some(&t)).await.ok();
        if chorus {
            assert_eq!(v["result"]["me"]["passwordChanged"], true);
        }
        assert_eq!(v["result"]["me"]["totpEnabled"], false);
        let r = s.put(&path, None, "{}").await;
        assert_eq!(r.status.as_u16(), 401);
    }
}

#[tokio::test]
async fn two_factor_sign_in_end_to_end() {
    for config in flavors() {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let t = s.alice().await;
        // Reset needs the password.
        let r = s
            .post(
                &p("/users/me/totp/reset"),
                Some(&t),
                r#"{"password":"nope"}"#,
            )
            .await;
        r.assert_status_and_code(401, "INVALID_CREDENTIALS");
        let v = s
            .post(
                &p("/users/me/totp/reset"),
                Some(&t),
                r#"{"password":"alice123"}"#,
            )
            .await
            .ok();
        let secret_text = v["result"]["totpSecret"].as_str().unwrap_or("").to_string();
        assert_eq!(secret_text.len(), 32, "20 bytes in base32");
        let codes: Vec<String> = v["result"]["totpRecoveryCodes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(codes.len(), 10);
        let secret = totp::base32_decode(&secret_text).expect("base32");
        // Not on until enabled: a login needs no code.
        s.alice().await;
        // A wrong code, twice: 401 each time; a malformed one: 400.
        for _ in 0..2 {
            let r = s
                .post(
                    &p("/users/me/totp/enable"),
                    Some(&t),
                    r#"{"totp":"000000"}"#,
                )
                .await;
            let wrong = totp::verify(&secret, "000000");
            if !wrong {
                r.assert_status_and_code(401, "INVALID_CREDENTIALS");
            }
        }
        let r = s
            .post(&p("/users/me/totp/enable"), Some(&t), r#"{"totp":"12"}"#)
            .await;
        r.assert_status_and_code(400, "VALIDATION_ERROR");
        let code = totp::code_at(&secret, totp::now_secs());
        let v = s
            .post(
                &p("/users/me/totp/enable"),
                Some(&t),
                &json!({ "totp": code }).to_string(),
            )
            .await
            .ok();
        assert_eq!(v, json!({"result": {}}));
        let v = s.get(&p("/users/me"), Some(&t)).await.ok();
        assert_eq!(v["result"]["me"]["totpEnabled"], true);
        // The next login asks for the code.
        let login = p("/authentication/login");
        let r = s
            .post(
                &login,
                None,
                r#"{"username":"alice","password":"alice123"}"#,
            )
            .await;
        let e = r.assert_status_and_code(400, "TWO_FACTOR_REQUIRED");
        if chorus {
            assert_eq!(message(&e), "");
        }
        let r = s
            .post(
                &login,
                None,
                r#"{"username":"alice","password":"alice123","totp":"999999x"}"#,
            )
            .await;
        r.assert_status_and_code(401, "INVALID_CREDENTIALS");
        let code = totp::code_at(&secret, totp::now_secs());
        s.login_with(&json!({"username":"alice","password":"alice123","totp": code}).to_string())
            .await;
        // A recovery code works once.
        let body = json!({"username":"alice","password":"alice123","totp": codes[0]}).to_string();
        s.login_with(&body).await;
        let r = s.post(&login, None, &body).await;
        r.assert_status_and_code(401, "INVALID_CREDENTIALS");
        // Turned off with the password (a reset): no code asked any more.
        s.post(
            &p("/users/me/totp/reset"),
            Some(&t),
            r#"{"password":"alice123"}"#,
        )
        .await
        .ok();
        s.alice().await;
        // The audit log has the three.
        let admin = s.admin().await;
        let v = s
            .get(
                &audit("/actors/2?filter.action=EnableUserTotp"),
                Some(&admin),
            )
            .await
            .ok();
        assert_eq!(
            entries(&v).len(),
            4,
            "two wrong codes, one malformed, one right"
        );
        assert!(entries(&v).iter().all(|e| e["userId"] == "2"));
        assert_eq!(entries(&v)[3]["description"], "Enabled user totp 2.");
        let v = s
            .get(
                &audit("/actors/2?filter.action=ResetUserTotp"),
                Some(&admin),
            )
            .await
            .ok();
        assert_eq!(entries(&v).len(), 3, "one refused, two done");
    }
}

#[tokio::test]
async fn dora_keeps_her_fixed_code_until_she_resets() {
    let s = srv();
    let t = s.dora().await;
    let v = s
        .post(
            &p("/users/me/totp/reset"),
            Some(&t),
            r#"{"password":"dora12345"}"#,
        )
        .await
        .ok();
    assert!(v["result"]["totpSecret"].is_string());
    // Off now: the fixed code is gone, no code asked.
    s.login("dora", "dora12345").await;
    s.dev("POST", "/api/dev/reset", "{}").await;
    s.dora().await;
}

/// CHORUS 0978bc77 keeps a user's status a second and an acceptance does not clear it: seen on
/// a running one (status `false`, accept 200, status `false` at once, `true` 0.3 s later).
#[tokio::test]
async fn chorus_keeps_the_status_a_second_after_an_acceptance() {
    for (config, kept) in [(chorus(), true), (frozen(), false)] {
        let s = srv_with(Config {
            terms_required: true,
            ..config
        });
        let t = s.alice().await;
        let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
        assert_eq!(v["result"]["status"]["accepted"], false);
        s.post(&tou("/acceptances"), Some(&t), "{}").await.ok();
        let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
        assert_eq!(v["result"]["status"]["accepted"], !kept, "kept: {kept}");
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let v = s.get(&tou("/acceptances/status"), Some(&t)).await.ok();
        assert_eq!(v["result"]["status"]["accepted"], true);
    }
}

/// CHORUS 0978bc77 keeps the published version a second, a publish since or not, while an
/// acceptance records the version published when it arrives (`fixtures/chorus/terms_publish.json`):
/// read right after a publish, `current` is the version before it, and the acceptance then made
/// is of the new one. `POST /api/dev/terms-cache?ms=0` turns the cache off; the frozen flavor has
/// none.
#[tokio::test]
async fn chorus_keeps_the_published_version_a_second_after_a_publish() {
    let seen = fixture("terms_publish.json");
    let steps = seen["requests"].as_array().unwrap();
    assert_eq!(steps[0]["id"], steps[2]["id"], "seen: the kept version");
    assert_ne!(
        steps[2]["id"], steps[3]["termsOfUseVersionId"],
        "seen: another accepted"
    );
    for (config, kept) in [(chorus(), true), (frozen(), false)] {
        let s = srv_with(Config {
            terms_required: true,
            ..config
        });
        let admin = s.admin().await;
        let alice = s.alice().await;
        let v = s.get(&tou("/versions/current"), Some(&alice)).await.ok();
        let before = v["result"]["termsOfUseVersion"]["id"].clone();
        let v = s
            .post(&tou("/versions"), Some(&admin), r##"{"content":"# Two"}"##)
            .await
            .ok();
        let new = v["result"]["termsOfUseVersion"]["id"].clone();
        s.post(
            &tou(&format!("/versions/{}/publish", new.as_str().unwrap())),
            Some(&admin),
            "{}",
        )
        .await
        .ok();
        // Whoever asks: the cache is the tenant's.
        let v = s.get(&tou("/versions/current"), Some(&alice)).await.ok();
        let read = v["result"]["termsOfUseVersion"]["id"].clone();
        assert_eq!(
            read,
            if kept { before } else { new.clone() },
            "kept: {kept}"
        );
        let v = s.post(&tou("/acceptances"), Some(&alice), "{}").await.ok();
        assert_eq!(
            v["result"]["termsOfUseAcceptance"]["termsOfUseVersionId"],
            new
        );
        let v = s.dev("POST", "/api/dev/terms-cache?ms=0", "{}").await.ok();
        assert_eq!(v["ttlMs"], 0);
        let v = s.get(&tou("/versions/current"), Some(&admin)).await.ok();
        assert_eq!(v["result"]["termsOfUseVersion"]["id"], new);
        assert_eq!(v["result"]["termsOfUseVersion"]["content"], "# Two");
    }
}
