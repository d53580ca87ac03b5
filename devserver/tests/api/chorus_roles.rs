//! Creating dynamic roles in the chorus flavor.

use crate::common::*;
use serde_json::json;

fn body(name: &str, scope: &str, perms: &[&str], ws: Option<&str>) -> String {
    let perms = serde_json::to_string(perms).unwrap();
    let vc = ws
        .map(|w| format!(r#","validationContext":{{"workspace":"{w}"}}"#))
        .unwrap_or_default();
    format!(
        r#"{{"role":{{"name":"{name}","description":"","scope":"{scope}","permissions":{perms}}}{vc}}}"#
    )
}

/// mirrors pkg/authorization/service/authorization.go CreateDynamicRole (scope, new name, not a
/// system role, ≥ 1 permission, ensurePermissionsFitScope, ensureUserCanGrantPermissions: a
/// bare 500) and internal/api/v1/middleware/authorization-authorization.go CreateDynamicRole
/// (a workspace role needs validationContext.workspace: a 500 without it) and
/// internal/api/v1/authorization-controller.go (400 "Invalid dynamic role" for an empty name or
/// an unknown permission).
#[tokio::test]
async fn a_workspace_role_is_created_as_chorus_does() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let url = p("/authorization/roles");
    let v = s
        .post(
            &url,
            Some(&admin),
            &body(
                "Curator",
                "workspace",
                &["getWorkspace", "createWorkbench"],
                Some("1"),
            ),
        )
        .await
        .ok();
    let r = &v["result"]["role"];
    assert_eq!(r["dynamic"], true);
    assert_eq!(r["scope"], "workspace");
    assert_eq!(r["context"], json!(["workspace"]));
    for b in [
        // Without the workspace of the validation context.
        body("R1", "workspace", &["getWorkspace"], None),
        // Scopes: only platform and workspace, lower case.
        body("R2", "Workspace", &["getWorkspace"], Some("1")),
        body("R3", "system", &["listUsers"], None),
        body("R4", "workbench", &["getWorkbench"], None),
        // Taken names, built-in or not.
        body("Curator", "workspace", &["getWorkspace"], Some("1")),
        body("WorkspaceMember", "workspace", &["getWorkspace"], Some("1")),
        body("DataSteward", "workspace", &["getWorkspace"], Some("1")),
        // No permission.
        body("R5", "platform", &[], None),
        // Permissions that do not fit the scope.
        body("R6", "workspace", &["listWorkbenches"], Some("1")),
        body("R7", "platform", &["createWorkbench"], None),
    ] {
        s.post(&url, Some(&admin), &b)
            .await
            .assert_chorus_error(500, "INTERNAL_ERROR");
    }
    for b in [
        body("", "platform", &["listUsers"], None),
        body("R8", "platform", &["flyToTheMoon"], None),
    ] {
        let v = s
            .post(&url, Some(&admin), &b)
            .await
            .assert_chorus_error(400, "INVALID_REQUEST");
        assert_eq!(v["message"], "Invalid dynamic role");
    }
    // The new role is listed, and given like any other.
    let v = s.get(&url, None).await.ok();
    // 19 built-in, the demo's DataSteward, Curator.
    assert_eq!(v["result"]["roles"].as_array().unwrap().len(), 21);
}

/// mirrors authorization-authorization.go CreateDynamicRole (manageUsersInWorkspace
/// For(workspace) / manageDynamicRoles: 403) and authorization.go
/// ensureUserCanGrantPermissions (a permission the caller does not hold there: 500).
#[tokio::test]
async fn who_may_create_which_role() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let url = p("/authorization/roles");
    let alice = s.alice().await;
    s.post(
        &url,
        Some(&alice),
        &body("A", "workspace", &["getWorkspace"], Some("1")),
    )
    .await
    .assert_chorus_error(403, "PERMISSION_DENIED");
    s.post(
        &url,
        Some(&alice),
        &body("A", "platform", &["listUsers"], None),
    )
    .await
    .assert_chorus_error(403, "PERMISSION_DENIED");
    s.post(
        &p("/users/3/role"),
        Some(&admin),
        r#"{"role":{"name":"WorkspaceAdmin","context":{"workspace":"1"}}}"#,
    )
    .await
    .ok();
    let bob = s.bob().await;
    s.post(
        &url,
        Some(&bob),
        &body("B", "workspace", &["createWorkbench"], Some("1")),
    )
    .await
    .ok();
    // Not in another workspace, and not a permission he lacks (createWorkspace, platform).
    s.post(
        &url,
        Some(&bob),
        &body("C", "workspace", &["createWorkbench"], Some("2")),
    )
    .await
    .assert_chorus_error(403, "PERMISSION_DENIED");
    s.post(
        &url,
        Some(&bob),
        &body("D", "workspace", &["downloadFilesFromWorkspace"], Some("1")),
    )
    .await
    .assert_chorus_error(500, "INTERNAL_ERROR");
}
