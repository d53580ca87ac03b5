//! The chorus flavor's catalogue, demo roles and permission rule.

use crate::common::*;
use serde_json::{json, Value};

fn role_names(user: &Value) -> Vec<(String, Value)> {
    user["rolesWithContext"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["context"].clone(),
            )
        })
        .collect()
}

/// mirrors pkg/authorization/model/permissions.go and roles.go (the catalogue of
/// shared/spec/chorus-catalogue.json), served without a login as
/// internal/api/v1/middleware/authorization-authorization.go ListRoles/ListPermissions do.
#[tokio::test]
async fn the_real_catalogue_is_served_to_anyone() {
    let s = srv_with(chorus());
    let v = s.get(&p("/authorization/permissions"), None).await.ok();
    let perms = v["result"]["permissions"].as_array().unwrap();
    assert_eq!(perms.len(), 85);
    let lw = perms
        .iter()
        .find(|x| x["name"] == "listWorkbenches")
        .unwrap();
    assert_eq!(lw["context"], json!(["workbench"]));
    let v = s.get(&p("/authorization/roles"), None).await.ok();
    let all = v["result"]["roles"].as_array().unwrap();
    let roles: Vec<_> = all.iter().filter(|r| r["dynamic"] == false).collect();
    assert_eq!(roles.len(), 19);
    // And the demo's one dynamic role.
    let dynamic: Vec<_> = all.iter().filter(|r| r["dynamic"] == true).collect();
    assert_eq!(dynamic.len(), 1);
    assert_eq!(dynamic[0]["name"], "DataSteward");
    let sa = roles.iter().find(|r| r["name"] == "SuperAdmin").unwrap();
    assert_eq!(sa["scope"], "system");
    assert_eq!(sa["context"], json!(["user", "workspace", "workbench"]));
    assert_eq!(sa["permissions"].as_array().unwrap().len(), 85);
    let wm = roles
        .iter()
        .find(|r| r["name"] == "WorkspaceMember")
        .unwrap();
    assert_eq!(wm["scope"], "workspace");
    assert_eq!(wm["permissions"].as_array().unwrap().len(), 36);
}

/// mirrors pkg/steward/service/steward-service.go bootstrapRolesFor (admin: Authenticated on
/// itself and SuperAdmin with every dimension "*") and the demo assignments of the README.
#[tokio::test]
async fn demo_users_hold_real_chorus_roles() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let get = |id: u32| p(&format!("/users/{id}"));
    let a = s.get(&get(1), Some(&admin)).await.ok();
    assert_eq!(
        role_names(&a["result"]["user"]),
        [
            ("Authenticated".to_string(), json!({"user": "1"})),
            (
                "SuperAdmin".to_string(),
                json!({"user": "*", "workspace": "*", "workbench": "*"})
            ),
            // The data manager of Demo (which admin made): its approval requests' approver.
            (
                "WorkspaceDataManager".to_string(),
                json!({"workspace": "1"})
            ),
        ]
    );
    let b = s.get(&get(3), Some(&admin)).await.ok();
    assert_eq!(
        role_names(&b["result"]["user"]),
        [
            ("Authenticated".to_string(), json!({"user": "3"})),
            ("WorkspaceGuest".to_string(), json!({"workspace": "1"})),
        ]
    );
    let al = s.get(&get(2), Some(&admin)).await.ok();
    let names = role_names(&al["result"]["user"]);
    assert_eq!(
        names[1],
        ("WorkspaceMember".to_string(), json!({"workspace": "1"}))
    );
    assert_eq!(
        names[2],
        ("WorkspaceMember".to_string(), json!({"workspace": "2"}))
    );
    // WorkbenchAdmin of each of the 7 seeded sessions.
    let wb: Vec<_> = names.iter().filter(|n| n.0 == "WorkbenchAdmin").collect();
    assert_eq!(wb.len(), 7);
    assert_eq!(wb[0].1, json!({"workbench": "1"}));
    let d = s.get(&get(4), Some(&admin)).await.ok();
    assert_eq!(role_names(&d["result"]["user"]).len(), 2);
}

/// mirrors pkg/authorization/service/policy.go expandUserPermissions + isPermissionIdentical:
/// a role grants a permission only where its assignment binds every dimension the permission
/// requires. WorkspaceAdmin lists getWorkbench (context workbench), but an assignment
/// `{"workspace":"1"}` binds no workbench: no session of Demo may be read through it.
#[tokio::test]
async fn a_permission_needs_its_dimensions_bound() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    s.post(
        &p("/users/3/role"),
        Some(&admin),
        r#"{"role":{"name":"WorkspaceAdmin","context":{"workspace":"1"}}}"#,
    )
    .await
    .ok();
    let bob = s.bob().await;
    s.get(&p("/workspaces/1"), Some(&bob)).await.ok();
    s.get(&p("/workbenches/1"), Some(&bob))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    // A "*" binds every value: the admin reads any session.
    s.get(&p("/workbenches/1"), Some(&admin)).await.ok();
    // An exact value matches only itself.
    s.get(&p("/workspaces/2"), Some(&bob))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
}

/// mirrors internal/api/v1/middleware/user-authorization.go GetUserMe (getMyOwnUser
/// For(self), from Authenticated) and GetUser (getUser For(id): not in Authenticated).
#[tokio::test]
async fn own_user_through_me_not_through_get_user() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let v = s.get(&p("/users/me"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["me"]["username"], "alice");
    s.get(&p("/users/2"), Some(&alice))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
}

/// mirrors internal/api/v1/middleware/workbench-authorization.go CreateWorkbench
/// (createWorkbench For(workspace)): bob, WorkspaceGuest of Demo, may not start a session
/// there; alice may in Demo and Genomics but not in Imaging Lab.
#[tokio::test]
async fn create_workbench_is_checked_per_workspace() {
    let s = srv_with(chorus());
    let bob = s.bob().await;
    let alice = s.alice().await;
    let body = |ws: u32| format!(r#"{{"workspaceId":"{ws}","name":"S","status":"active"}}"#);
    s.post(&p("/workbenches"), Some(&bob), &body(1))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    s.post(&p("/workbenches"), Some(&alice), &body(2))
        .await
        .ok();
    s.post(&p("/workbenches"), Some(&alice), &body(3))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
}

/// mirrors internal/protocol/rest/middleware/cors.go: CHORUS exposes no response header: the
/// chorus flavor sends no `Access-Control-Expose-Headers` (ours exposes `ETag, Retry-After`).
#[tokio::test]
async fn no_expose_headers_on_chorus() {
    let s = srv_with(devserver::Config {
        cors_origin: Some("http://localhost:8080".into()),
        ..chorus()
    });
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
    assert_eq!(r.header("access-control-expose-headers"), "");
}

/// mirrors pkg/workspace/service/workspace-service.go CreateWorkspace (CreatorIsAdmin:
/// WorkspaceAdmin of the new workspace) and workspace-authorization.go CreateWorkspace
/// (TriggerRefreshToken): the refreshed cookie's token carries the role.
#[tokio::test]
async fn creating_a_workspace_makes_its_creator_admin() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let r = s
        .post(
            &p("/workspaces"),
            Some(&admin),
            r#"{"name":"Lab","shortName":"lab"}"#,
        )
        .await;
    let fresh = cookie_token(&r.header("set-cookie"));
    let id = r.ok()["result"]["workspace"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let roles = jwt_payload(&fresh)["roles"].clone();
    assert!(roles
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "WorkspaceAdmin" && r["context"]["workspace"] == id.as_str()));
    // bob (no createWorkspace) may not.
    let bob = s.bob().await;
    s.post(&p("/workspaces"), Some(&bob), r#"{"name":"No"}"#)
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
}
