//! Roles and permissions (api.md): anyone logged in reads them; dynamic roles created, changed,
//! deleted; a user without roles sees nothing.

use crate::common::*;

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
            "WorkbenchViewer",
            "WorkbenchMember",
            "WorkbenchAdmin",
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
