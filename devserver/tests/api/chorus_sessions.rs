//! Sessions (workbenches) and app instances as CHORUS handles them.

use crate::common::*;
use serde_json::Value;

fn ids(v: &Value, key: &str) -> Vec<String> {
    v["result"][key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

const JUPYTER_IN_1: &str = r#"{"tenantId":"1","userId":"2","workspaceId":"1","workbenchId":"1","appId":"1","status":"active"}"#;

/// mirrors pkg/workbench/service/workbench-service.go CreateWorkbench (WorkbenchAdmin of the
/// session for its owner) and internal/api/v1/middleware/app-instance-authorization.go
/// CreateAppInstance (createAppInstance For(workbench)): alice owns the seeded sessions and
/// opens an app in the running one; dora (WorkspaceMember of Demo too) may not.
#[tokio::test]
async fn alice_opens_an_app_in_a_seeded_session_dora_may_not() {
    let s = srv_with(chorus());
    s.advance(30.0);
    let alice = s.alice().await;
    let wb = s.get(&p("/workbenches/1"), Some(&alice)).await.ok();
    assert_eq!(wb["result"]["workbench"]["k8sStatus"], "Running");
    let v = s
        .post(&p("/app-instances"), Some(&alice), JUPYTER_IN_1)
        .await
        .ok();
    assert_eq!(v["result"]["appInstance"]["status"], "active");
    let dora = s.dora().await;
    s.get(&p("/workbenches/1"), Some(&dora))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    s.post(&p("/app-instances"), Some(&dora), JUPYTER_IN_1)
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    // She still sees the sessions of Demo in the list (getWorkspace contexts).
    let v = s.get(&p("/workbenches"), Some(&dora)).await.ok();
    assert!(ids(&v, "workbenches").contains(&"1".to_string()));
}

/// mirrors internal/api/v1/middleware/workbench-authorization.go ListWorkbenches: the list
/// is filtered by the workspaces where the token grants getWorkspace; a filter naming another
/// one is a 403.
#[tokio::test]
async fn the_session_list_follows_get_workspace() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    s.post(
        &p("/workbenches"),
        Some(&admin),
        r#"{"workspaceId":"3","name":"Imaging","status":"active"}"#,
    )
    .await
    .ok();
    let bob = s.bob().await;
    let v = s.get(&p("/workbenches"), Some(&bob)).await.ok();
    assert_eq!(ids(&v, "workbenches").len(), 7, "{v}");
    s.get(&p("/workbenches?filter.workspaceIdsIn=3"), Some(&bob))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert_eq!(ids(&v, "workbenches").len(), 8);
}

/// mirrors internal/api/v1/middleware/workbench-authorization.go CreateWorkbench
/// (createWorkbench For(workspace), then TriggerRefreshToken): the reply's Set-Cookie carries a
/// token with WorkbenchAdmin of the new session; the old token cannot read it.
#[tokio::test]
async fn creating_a_session_refreshes_the_token() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let r = s
        .post(
            &p("/workbenches"),
            Some(&alice),
            r#"{"workspaceId":"2","name":"Mine","status":"active"}"#,
        )
        .await;
    let fresh = cookie_token(&r.header("set-cookie"));
    let id = r.ok()["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let roles = jwt_payload(&fresh)["roles"].clone();
    assert!(
        roles
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "WorkbenchAdmin" && r["context"]["workbench"] == id.as_str()),
        "{roles}"
    );
    s.get(&p(&format!("/workbenches/{id}")), Some(&alice))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    s.get(&p(&format!("/workbenches/{id}")), Some(&fresh))
        .await
        .ok();
    // Where the token may not create one: 403, no new cookie.
    let bob = s.bob().await;
    let r = s
        .post(
            &p("/workbenches"),
            Some(&bob),
            r#"{"workspaceId":"1","name":"No","status":"active"}"#,
        )
        .await;
    r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert!(r.header("set-cookie").is_empty());
}

/// A renewal, then a session created with the renewed token (a page load, then `Start
/// session`): the create's cookie and the session's id.
async fn renew_then_create(s: &Srv, token: &str) -> (String, String) {
    let r = s
        .post(&p("/authentication/refresh-token"), Some(token), "{}")
        .await;
    let renewed = cookie_token(&r.header("set-cookie"));
    let r = s
        .post(
            &p("/workbenches"),
            Some(&renewed),
            r#"{"workspaceId":"2","name":"Quick","status":"active"}"#,
        )
        .await;
    let cookie = cookie_token(&r.header("set-cookie"));
    let id = r.ok()["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (cookie, id)
}

/// mirrors pkg/user/service/middleware/caching.go (`GetUser`, one second) as
/// `authentication-service.go` `RefreshToken` and `authorization.go` `TriggerRefreshToken` read
/// it: a session created within a second of a renewal gets a cookie without its new role
/// (seen on a running CHORUS 0978bc77: `403 required permission: getWorkbench@workbench=N`);
/// a renewal once the second has passed has it.
#[tokio::test]
async fn a_renewal_within_the_caches_second_lacks_the_new_role() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    // The page load's renewal fills the cache.
    let (stale, id) = renew_then_create(&s, &alice).await;
    let has_admin = |token: &str| {
        jwt_payload(token)["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "WorkbenchAdmin" && r["context"]["workbench"] == id.as_str())
    };
    assert!(
        !has_admin(&stale),
        "the create's cookie came from the cached user"
    );
    s.get(&p(&format!("/workbenches/{id}")), Some(&stale))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    // A renewal still within the second: the same cached roles.
    let r = s
        .post(&p("/authentication/refresh-token"), Some(&stale), "{}")
        .await;
    assert!(!has_admin(&cookie_token(&r.header("set-cookie"))));
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let r = s
        .post(&p("/authentication/refresh-token"), Some(&stale), "{}")
        .await;
    let fresh = cookie_token(&r.header("set-cookie"));
    assert!(
        has_admin(&fresh),
        "after the second the renewal reads the user again"
    );
    s.get(&p(&format!("/workbenches/{id}")), Some(&fresh))
        .await
        .ok();
}

/// `POST /api/dev/user-cache?ms=…` sets how long that cache keeps a user (a test of the race on
/// a loaded machine lengthens it): 0, none; the create's cookie then has the new role at once.
#[tokio::test]
async fn the_user_caches_life_is_set_by_the_dev_api() {
    let s = srv_with(chorus());
    let r = s.dev("POST", "/api/dev/user-cache?ms=soon", "{}").await;
    assert_eq!(r.status, 400, "{}", r.text());
    let v = s.dev("POST", "/api/dev/user-cache?ms=0", "{}").await.ok();
    assert_eq!(v["ttlMs"], 0);
    let alice = s.alice().await;
    let (cookie, id) = renew_then_create(&s, &alice).await;
    s.get(&p(&format!("/workbenches/{id}")), Some(&cookie))
        .await
        .ok();
}

/// mirrors pkg/workbench/service/workbench-service.go (k8s status Failed → status deleted):
/// the failed session leaves the lists; a GET still answers it.
#[tokio::test]
async fn a_failed_session_turns_deleted_and_leaves_the_list() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    s.advance(60.0);
    let wb = s.get(&p("/workbenches/4"), Some(&admin)).await.ok();
    assert_eq!(wb["result"]["workbench"]["k8sStatus"], "Failed");
    assert_eq!(wb["result"]["workbench"]["status"], "deleted");
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert!(!ids(&v, "workbenches").contains(&"4".to_string()));
    // Our flavor keeps it listed, status active.
    let s = srv();
    let admin = s.admin().await;
    s.advance(60.0);
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert!(ids(&v, "workbenches").contains(&"4".to_string()));
}

/// A session the backend removed (DELETE, or `POST /api/dev/workbenches/{id}/remove` as its
/// idle clean-up: pkg/workbench/service/workbench-service.go) is a 404 NOT_FOUND, both flavors.
#[tokio::test]
async fn a_removed_session_is_not_found() {
    for config in [frozen(), chorus()] {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let alice = s.alice().await;
        let r = s.dev("POST", "/api/dev/workbenches/1/remove", "{}").await;
        assert_eq!(r.status, 204);
        let r = s.get(&p("/workbenches/1"), Some(&alice)).await;
        let v = r.assert_status_and_code(404, "NOT_FOUND");
        if chorus {
            assert_eq!(v["code"], 5);
            assert_eq!(v["details"][0]["instance"], "/api/rest/v1/workbenches/1");
        }
        s.dev("POST", "/api/dev/workbenches/1/remove", "{}")
            .await
            .assert_status_and_code(404, "NOT_FOUND");
    }
}

/// mirrors internal/api/v1/app-instance-controller.go CreateAppInstance
/// (converter.AppInstanceToBusiness → ToAppInstanceStatus): without `status` a 500
/// CONVERSION_ERROR; our flavor takes `status` too (and refuses an unknown one).
#[tokio::test]
async fn app_instance_create_needs_a_status_on_chorus() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let body = r#"{"workspaceId":"1","workbenchId":"1","appId":"1"}"#;
    let v = s
        .post(&p("/app-instances"), Some(&alice), body)
        .await
        .assert_chorus_error(500, "CONVERSION_ERROR");
    assert_eq!(v["code"], 13);
    let s = srv();
    let alice = s.alice().await;
    s.post(&p("/app-instances"), Some(&alice), body).await.ok();
    s.post(&p("/app-instances"), Some(&alice), JUPYTER_IN_1)
        .await
        .ok();
    s.post(
        &p("/app-instances"),
        Some(&alice),
        r#"{"workbenchId":"1","appId":"1","status":"running"}"#,
    )
    .await
    .assert_status_and_code(400, "VALIDATION_ERROR");
}

/// mirrors pkg/workbench/model/app-instance.go K8sAppInstanceStatus.ToAppInstanceStatus
/// (Failed, Stopped, Killed, Complete → deleted) and app-instance-authorization.go
/// ListAppInstances: a failed instance leaves the list, GET still answers; a filter on a
/// session the token may not get is grpc's 403 `not authorized to access workbench N`.
#[tokio::test]
async fn failed_app_instances_turn_deleted_and_leave_the_list() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    s.advance(30.0);
    let legacy = JUPYTER_IN_1.replace(r#""appId":"1""#, r#""appId":"4""#);
    let v = s
        .post(&p("/app-instances"), Some(&alice), &legacy)
        .await
        .ok();
    let id = v["result"]["appInstance"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.post(&p("/app-instances"), Some(&alice), JUPYTER_IN_1)
        .await
        .ok();
    s.advance(60.0);
    let v = s
        .get(&p(&format!("/app-instances/{id}")), Some(&alice))
        .await
        .ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Failed");
    assert_eq!(v["result"]["appInstance"]["status"], "deleted");
    let v = s
        .get(&p("/app-instances?filter.workbenchIdsIn=1"), Some(&alice))
        .await
        .ok();
    let listed = ids(&v, "appInstances");
    assert_eq!(listed.len(), 1, "{v}");
    assert!(!listed.contains(&id));
    let dora = s.dora().await;
    let r = s
        .get(&p("/app-instances?filter.workbenchIdsIn=1"), Some(&dora))
        .await;
    let v = assert_gateway(&r, 403, 7);
    assert_eq!(v["message"], "not authorized to access workbench 1");
    // Without a filter: only the sessions the token may get (none for dora).
    let v = s.get(&p("/app-instances"), Some(&dora)).await.ok();
    assert!(ids(&v, "appInstances").is_empty());
}

/// mirrors pkg/workbench/service/middleware/caching.go ListWorkbenches (0978bc77): the same
/// request within a second answers from the page CHORUS kept, a delete or not (a running CHORUS
/// listed a session again on a reload 0.4 s after its delete); `POST
/// /api/dev/session-list-cache?ms=0` turns the cache off.
#[tokio::test]
async fn a_list_read_again_within_the_second_still_has_a_session_just_deleted() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let url = p("/workbenches?filter.workspaceIdsIn=1&pagination.limit=100&pagination.offset=0");
    let before = ids(&s.get(&url, Some(&admin)).await.ok(), "workbenches");
    let gone = before[0].clone();
    s.delete(&p(&format!("/workbenches/{gone}")), Some(&admin))
        .await
        .ok();
    let cached = ids(&s.get(&url, Some(&admin)).await.ok(), "workbenches");
    assert_eq!(
        cached, before,
        "the same request within the second: the kept page"
    );
    let v = s
        .dev("POST", "/api/dev/session-list-cache?ms=0", "{}")
        .await
        .ok();
    assert_eq!(v["ttlMs"], 0);
    let fresh = ids(&s.get(&url, Some(&admin)).await.ok(), "workbenches");
    assert!(!fresh.contains(&gone), "{fresh:?}");
    assert_eq!(fresh.len(), before.len() - 1);
}

/// CHORUS's `GetWorkbench` cache (`fixtures/chorus/workbench_update.json`,
/// `read_within_the_second`): a read within the second after a rename answers the session as it
/// was read before it, whoever asks; the rename's own reply has the new name.
#[tokio::test]
async fn a_session_read_again_within_the_second_is_the_one_before_a_rename() {
    let seen = fixture("workbench_update.json");
    let steps = seen["read_within_the_second"]["requests"]
        .as_array()
        .unwrap();
    assert_eq!(steps[0]["name"], steps[2]["name"], "seen: the cached name");
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let admin = s.admin().await;
    let mut wb = s.workbench(1, &alice).await;
    let old = wb["name"].clone();
    wb["name"] = serde_json::json!("renamed in the second");
    let v = s
        .put(&p("/workbenches"), Some(&alice), &wb.to_string())
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["name"], "renamed in the second");
    for who in [&alice, &admin] {
        let v = s.get(&p("/workbenches/1"), Some(who)).await.ok();
        assert_eq!(v["result"]["workbench"]["name"], old, "the kept session");
    }
    // The permission is still asked first.
    let nora = s.login("nora", "nora1234").await;
    s.get(&p("/workbenches/1"), Some(&nora))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    let v = s
        .dev("POST", "/api/dev/session-cache?ms=0", "{}")
        .await
        .ok();
    assert_eq!(v["ttlMs"], 0);
    let v = s.get(&p("/workbenches/1"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["workbench"]["name"], "renamed in the second");
}

/// CHORUS's `ListAppInstances` cache (`pkg/workbench/service/middleware/caching.go`, 0978bc77,
/// the same one-second cache as its sessions'): the same list request within the second lacks
/// an instance just made; by its id the instance is there.
#[tokio::test]
async fn an_instance_list_read_again_within_the_second_lacks_an_instance_just_made() {
    let s = srv_with(chorus());
    s.advance(30.0);
    let alice = s.alice().await;
    let url = p("/app-instances?filter.workbenchIdsIn=1&pagination.limit=100");
    let before = ids(&s.get(&url, Some(&alice)).await.ok(), "appInstances");
    let v = s
        .post(&p("/app-instances"), Some(&alice), JUPYTER_IN_1)
        .await
        .ok();
    let made = v["result"]["appInstance"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cached = ids(&s.get(&url, Some(&alice)).await.ok(), "appInstances");
    assert_eq!(cached, before, "the kept page");
    s.get(&p(&format!("/app-instances/{made}")), Some(&alice))
        .await
        .ok();
    let v = s
        .dev("POST", "/api/dev/app-instance-list-cache?ms=0", "{}")
        .await
        .ok();
    assert_eq!(v["ttlMs"], 0);
    let fresh = ids(&s.get(&url, Some(&alice)).await.ok(), "appInstances");
    assert!(fresh.contains(&made), "{fresh:?}");
}
