//! Users in the chorus flavor, as CHORUS's source handles them.

use std::time::Duration;

use crate::common::*;
use serde_json::json;

/// mirrors internal/api/v1/middleware/user-authorization.go ListUsers: without a filter
/// listUsers (WorkspaceMember has it); with `filter.search`, even empty, searchUsers (dora,
/// only WorkspaceMember, has not: 403; alice has it through WorkbenchAdmin; PlatformUserManager
/// has not); SuperAdmin has both.
#[tokio::test]
async fn search_needs_search_users_even_when_empty() {
    let s = srv_with(chorus());
    let dora = s.dora().await;
    s.get(&p("/users"), Some(&dora)).await.ok();
    for q in ["?filter.search=", "?filter.search=bob"] {
        s.get(&p(&format!("/users{q}")), Some(&dora))
            .await
            .assert_chorus_error(403, "PERMISSION_DENIED");
    }
    let alice = s.alice().await;
    s.get(&p("/users?filter.search=bo"), Some(&alice))
        .await
        .ok();
    let admin = s.admin().await;
    let v = s
        .get(&p("/users?filter.search=bob"), Some(&admin))
        .await
        .ok();
    assert_eq!(v["result"]["users"].as_array().unwrap().len(), 1);
    // bob (WorkspaceGuest) lists users too; nobody without a role does.
    let bob = s.bob().await;
    s.get(&p("/users"), Some(&bob)).await.ok();
}

/// mirrors pkg/user/service/requests.go UserReq (validator tags, Go field names) through
/// pkg/user/service/middleware/validation.go and internal/errors/utils.go
/// WrapValidationError; internal/utils/validation/validation.go generalstring refuses
/// `| < > ~`; no password length or email format check; a missing status is the converter's
/// 500 CONVERSION_ERROR; a duplicate username a bare 500.
#[tokio::test]
async fn user_fields_are_checked_as_chorus_does() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let url = p("/users");
    let r = s
        .post(
            &url,
            Some(&admin),
            r#"{"username":"x~y","firstName":"A|b","lastName":"","email":"@","password":"1","status":"active","source":"internal"}"#,
        )
        .await;
    let v = r.assert_chorus_error(400, "VALIDATION_ERROR");
    assert_eq!(v["message"], "Validation error");
    assert_eq!(
        v["details"][0]["validationErrors"],
        json!([
            {"field": "FirstName", "reason": "generalstring"},
            {"field": "LastName", "reason": "required"},
            {"field": "Username", "reason": "generalstring"},
        ])
    );
    for c in ['|', '<', '>', '~'] {
        let body = format!(
            r#"{{"username":"erin","firstName":"E{c}","lastName":"Eck","status":"active","source":"internal"}}"#
        );
        let v = s
            .post(&url, Some(&admin), &body)
            .await
            .assert_chorus_error(400, "VALIDATION_ERROR");
        assert_eq!(v["details"][0]["validationErrors"][0]["field"], "FirstName");
    }
    // No status: the converter.
    s.post(
        &url,
        Some(&admin),
        r#"{"username":"erin","firstName":"Erin","lastName":"Eck","source":"internal"}"#,
    )
    .await
    .assert_chorus_error(500, "CONVERSION_ERROR");
    // A one-letter password and an address that is not one are accepted.
    let erin = r#"{"username":"erin","firstName":"Érin","lastName":"Eck","email":"nope","password":"x","status":"active","source":"internal"}"#;
    let v = s.post(&url, Some(&admin), erin).await.ok();
    let u = &v["result"]["user"];
    // user-controller.go CreateUser: Authenticated on itself.
    let id = u["id"].as_str().unwrap();
    assert_eq!(
        u["rolesWithContext"][0]["context"],
        json!({"user": id}),
        "{u}"
    );
    s.post(&url, Some(&admin), erin)
        .await
        .assert_chorus_error(500, "INTERNAL_ERROR");
}

/// mirrors internal/api/v1/middleware/user-authorization.go CreateUserRole (manageUserRoles
/// For(user); `CanAssignRole` checked in the context `{"user": target}` overlaid by the
/// request's), internal/api/v1/user-controller.go CreateUserRole and
/// pkg/authorization/model/model.go ToRole (the context stored exactly as sent) and
/// pkg/authorization/service/authorization.go CanAssignRole: a caller without user-role
/// management must hold every permission it gives.
#[tokio::test]
async fn roles_are_given_as_chorus_does() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    // Each to another user: every reply is the user read afresh (no one-second cache yet).
    for (user, sent) in [
        ("2", json!({})),
        ("1", json!({"user": "*"})),
        ("3", json!({"user": "3"})),
    ] {
        let body = json!({"role": {"name": "PlatformUserManager", "context": sent}}).to_string();
        let v = s
            .post(&p(&format!("/users/{user}/role")), Some(&admin), &body)
            .await
            .ok();
        let rwc = v["result"]["user"]["rolesWithContext"].as_array().unwrap();
        assert!(
            rwc.iter()
                .any(|a| a["name"] == "PlatformUserManager" && a["context"] == sent),
            "stored exactly as sent, {sent}: {rwc:?}"
        );
    }
    // dora may not manage roles at all.
    let dora = s.dora().await;
    s.post(
        &p("/users/2/role"),
        Some(&dora),
        r#"{"role":{"name":"WorkspaceGuest","context":{"workspace":"1"}}}"#,
    )
    .await
    .assert_chorus_error(403, "PERMISSION_DENIED");
    // bob, PlatformUserManager on himself only (`{"user":"3"}`, given above): may manage his own
    // roles, but only give what he holds (he is no WorkspaceAdmin of Demo).
    let bob = s.bob().await;
    let v = s
        .post(
            &p("/users/3/role"),
            Some(&bob),
            r#"{"role":{"name":"WorkspaceAdmin","context":{"workspace":"1"}}}"#,
        )
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("cannot assign role WorkspaceAdmin"));
    s.post(
        &p("/users/2/role"),
        Some(&bob),
        r#"{"role":{"name":"WorkspaceGuest","context":{"workspace":"1"}}}"#,
    )
    .await
    .assert_chorus_error(403, "PERMISSION_DENIED");
    // An unknown role or dimension: 400.
    for body in [
        r#"{"role":{"name":"Nope","context":{}}}"#,
        r#"{"role":{"name":"WorkspaceGuest","context":{"planet":"1"}}}"#,
    ] {
        s.post(&p("/users/4/role"), Some(&admin), body)
            .await
            .assert_chorus_error(400, "INVALID_REQUEST");
    }
}

/// mirrors pkg/user/service/middleware/caching.go: a role call answers the user from a cache
/// of about a second, so the second of two quick calls may lack its role; a second later the
/// user is whole.
#[tokio::test]
async fn role_calls_answer_from_a_one_second_cache() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let url = p("/users/4/role");
    let give = |ws: &str| {
        format!(r#"{{"role":{{"name":"WorkspaceGuest","context":{{"workspace":"{ws}"}}}}}}"#)
    };
    let count = |v: &serde_json::Value| {
        v["result"]["user"]["rolesWithContext"]
            .as_array()
            .unwrap()
            .len()
    };
    let first = s.post(&url, Some(&admin), &give("2")).await.ok();
    assert_eq!(count(&first), 3);
    let second = s.post(&url, Some(&admin), &give("3")).await.ok();
    assert_eq!(count(&second), 3, "served from the cache");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let v = s.get(&p("/users/4"), Some(&admin)).await.ok();
    assert_eq!(count(&v), 4);
}

/// CHORUS's `ListUsers` cache (`caching.go`, seen 2026-11-26 on 0978bc77): the same request
/// asked again within a second, by anyone, is the page served then, a role given meanwhile
/// missing; another page size is read afresh.
#[tokio::test]
async fn user_lists_answer_from_a_one_second_cache_keyed_on_the_request() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let list = |limit: u32| {
        p(&format!(
            "/users?filter.workspaceIDs=2&pagination.offset=0&pagination.limit={limit}&pagination.sort.type=username&pagination.sort.order=asc"
        ))
    };
    let has_four = |v: &serde_json::Value| {
        v["result"]["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == "4")
    };
    let before = s.get(&list(100), Some(&admin)).await.ok();
    assert!(!has_four(&before));
    let give = r#"{"role":{"name":"WorkspaceGuest","context":{"workspace":"2"}}}"#;
    s.post(&p("/users/4/role"), Some(&admin), give).await.ok();
    let again = s.get(&list(100), Some(&admin)).await.ok();
    assert!(!has_four(&again), "served from the cache");
    let other_size = s.get(&list(99), Some(&admin)).await.ok();
    assert!(has_four(&other_size), "another request is read afresh");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let later = s.get(&list(100), Some(&admin)).await.ok();
    assert!(has_four(&later));
}

/// api.md, "Users": CHORUS stores a role's context exactly as sent, and a permission needs every
/// dimension it lists bound (`policy.go`): a `PlatformUserManager` given without `user` cannot
/// read a single user; given `{"user":"*"}` it reads them all (from its next token).
#[tokio::test]
async fn a_role_given_without_its_user_grants_nothing_that_needs_one() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let give = |ctx: serde_json::Value| {
        json!({"role": {"name": "PlatformUserManager", "context": ctx}}).to_string()
    };
    s.post(&p("/users/4/role"), Some(&admin), &give(json!({})))
        .await
        .ok();
    let dora = s.dora().await;
    s.get(&p("/users/3"), Some(&dora))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    s.post(
        &p("/users/4/role"),
        Some(&admin),
        &give(json!({"user": "*"})),
    )
    .await
    .ok();
    let dora = s.dora().await;
    let v = s.get(&p("/users/3"), Some(&dora)).await.ok();
    assert_eq!(v["result"]["user"]["username"], "bob");
}

/// Unknown fields at any depth are grpc-gateway's 400 (protojson), also inside echoed
/// assignments.
#[tokio::test]
async fn unknown_fields_at_any_depth_are_refused() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    for (url, body) in [
        (
            p("/users"),
            r#"{"username":"erin","firstName":"E","lastName":"E","status":"active","source":"internal","rolesWithContext":[{"name":"x","context":{},"extra":1}]}"#,
        ),
        (
            p("/users/4/role"),
            r#"{"role":{"name":"WorkspaceGuest","context":{"workspace":"1"},"scope":"x"}}"#,
        ),
        (
            p("/authorization/roles"),
            r#"{"role":{"name":"R","scope":"platform","permissions":["listUsers"],"x":1}}"#,
        ),
        (
            p("/app-instances"),
            r#"{"workbenchId":"1","appId":"1","status":"active","x":{"y":1}}"#,
        ),
    ] {
        assert_gateway(&s.post(&url, Some(&admin), body).await, 400, 3);
    }
}
