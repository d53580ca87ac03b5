//! The admin lists (api.md "CHORUS catalogue…" §5, §1b): the ordinary list routes, widened by a
//! `"*"` context, empty without a context; the deletes; against what a running CHORUS 0978bc77
//! answered (`fixtures/chorus/admin_lists.json`).

use crate::common::*;
use serde_json::{json, Value};

const LISTS: [(&str, &str); 3] = [
    ("/workspaces", "workspaces"),
    ("/workbenches", "workbenches"),
    ("/app-instances", "appInstances"),
];

/// A user with no context for the permission gets the empty list at once, with no
/// `pagination` even when asked (CHORUS); our flavor pages it as every list.
#[tokio::test]
async fn no_context_is_an_empty_list_without_pagination_on_chorus() {
    let seen = fixture("admin_lists.json");
    let s = srv_with(chorus());
    let nora = s.login("nora", "nora1234").await;
    for (i, (path, _)) in LISTS.iter().enumerate() {
        let url = p(&format!("{path}?pagination.limit=5&pagination.offset=0"));
        let v = s.get(&url, Some(&nora)).await.ok();
        assert_eq!(v, seen["no_context"]["bodies"][i], "{path}");
    }
    let s = srv();
    let nora = s.login("nora", "nora1234").await;
    for (path, key) in LISTS {
        let url = p(&format!("{path}?pagination.limit=5&pagination.offset=0"));
        let v = s.get(&url, Some(&nora)).await.ok();
        assert_eq!(v["result"][key], json!([]), "{path}");
        assert_eq!(v["pagination"]["total"], 0, "{path}");
    }
}

fn count(v: &Value, key: &str) -> usize {
    v["result"][key].as_array().map_or(0, Vec::len)
}

/// A platform admin lists every row of the platform, of workspaces they are no member of too;
/// a member lists only theirs.
#[tokio::test]
async fn a_platform_admin_lists_everything_in_both_flavors() {
    for config in [chorus(), frozen()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let alice = s.alice().await;
        let body = r#"{"workspaceId":"2","name":"Alice in Genomics"}"#;
        let made = s.post(&p("/workbenches"), Some(&alice), body).await.ok();
        let wb = made["result"]["workbench"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let all = s.get(&p("/workbenches"), Some(&admin)).await.ok();
        assert!(ids(&all["result"]["workbenches"]).contains(&wb), "{all}");
        let bob = s.bob().await;
        let his = s.get(&p("/workbenches"), Some(&bob)).await.ok();
        assert!(!ids(&his["result"]["workbenches"]).contains(&wb));
        assert!(count(&his, "workbenches") < count(&all, "workbenches"));
        let ws = s.get(&p("/workspaces"), Some(&admin)).await.ok();
        assert_eq!(ids(&ws["result"]["workspaces"]), ["1", "2", "3"]);
        // Every row, no pagination object, when no pagination.* is sent (CHORUS).
        for (path, key) in LISTS {
            let v = s.get(&p(path), Some(&admin)).await.ok();
            assert!(v["result"][key].is_array(), "{path}: {v}");
        }
    }
}

/// `DELETE /workbenches/{id}` answers the row as it was on CHORUS; then it is gone from the
/// list and from its GET, and a second delete is a 404. An app instance's delete answers
/// `k8sState` `Stopped`, its status unchanged; a workspace's delete takes its sessions and
/// their app instances with it.
#[tokio::test]
async fn deletes_answer_as_chorus_did() {
    let seen = fixture("admin_lists.json");
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let body = r#"{"workspaceId":"3","name":"stuck"}"#;
    let made = s.post(&p("/workbenches"), Some(&admin), body).await.ok();
    let wb = made["result"]["workbench"].clone();
    let id = wb["id"].as_str().unwrap().to_string();
    let admin = s.admin().await;
    let inst_body = format!(
        r#"{{"tenantId":"1","userId":"1","workspaceId":"3","workbenchId":"{id}","appId":"1","status":"active"}}"#
    );
    let inst = s
        .post(&p("/app-instances"), Some(&admin), &inst_body)
        .await
        .ok();
    let inst = inst["result"]["appInstance"].clone();
    let iid = inst["id"].as_str().unwrap().to_string();
    let gone = s
        .delete(&p(&format!("/app-instances/{iid}")), Some(&admin))
        .await
        .ok();
    let want = &seen["delete_app_instance"]["body"]["result"]["appInstance"];
    let got = &gone["result"]["appInstance"];
    assert_eq!(got["k8sState"], want["k8sState"]);
    assert_eq!(got["status"], inst["status"]);
    assert_eq!(got["updatedAt"], inst["updatedAt"]);
    let v = s.get(&p("/app-instances"), Some(&admin)).await.ok();
    assert!(!ids(&v["result"]["appInstances"]).contains(&iid));
    s.delete(&p(&format!("/app-instances/{iid}")), Some(&admin))
        .await
        .assert_status_and_code(404, "NOT_FOUND");

    let before = s
        .get(&p(&format!("/workbenches/{id}")), Some(&admin))
        .await
        .ok();
    let gone = s
        .delete(&p(&format!("/workbenches/{id}")), Some(&admin))
        .await
        .ok();
    assert_eq!(gone, before, "the row as it was");
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert!(!ids(&v["result"]["workbenches"]).contains(&id));
    // Read within the second of the read before the delete: CHORUS's `GetWorkbench` cache
    // still has it (workbench_update.json, `read_after_delete`); past it, it is gone.
    let cached = s
        .get(&p(&format!("/workbenches/{id}")), Some(&admin))
        .await
        .ok();
    assert_eq!(cached, before, "the session as the cache kept it");
    s.dev("POST", "/api/dev/session-cache?ms=0", "{}")
        .await
        .ok();
    s.get(&p(&format!("/workbenches/{id}")), Some(&admin))
        .await
        .assert_status_and_code(404, "NOT_FOUND");
    s.delete(&p(&format!("/workbenches/{id}")), Some(&admin))
        .await
        .assert_status_and_code(404, "NOT_FOUND");

    // A workspace's delete: `{"result":{}}`, its sessions gone, the workspace no longer listed.
    let v = s.delete(&p("/workspaces/3"), Some(&admin)).await.ok();
    assert_eq!(v, seen["delete_workspace"]["body"]);
    let v = s.get(&p("/workspaces"), Some(&admin)).await.ok();
    assert_eq!(ids(&v["result"]["workspaces"]), ["1", "2"]);
    let v = s.get(&p("/workbenches"), Some(&admin)).await.ok();
    assert!(v["result"]["workbenches"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["workspaceId"] != "3"));
    s.delete(&p("/workspaces/3"), Some(&admin))
        .await
        .assert_status_and_code(404, "NOT_FOUND");
}

/// `POST /api/dev/sessions` seeds many sessions at once (stopped, alice's), in both flavors; a
/// platform admin lists them all.
#[tokio::test]
async fn the_dev_api_seeds_many_sessions() {
    let total = |v: &Value| v["pagination"]["total"].as_u64().unwrap();
    let url = p("/workbenches?pagination.limit=10&pagination.offset=0");
    for config in [chorus(), frozen()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let before = total(&s.get(&url, Some(&admin)).await.ok());
        let body = r#"{"workspaceId":"2","sessions":250}"#;
        let v = s.dev("POST", "/api/dev/sessions", body).await.ok();
        let id = |k: &str| v[k].as_str().unwrap().parse::<u64>().unwrap();
        assert_eq!(id("last") - id("first"), 249);
        assert_eq!(total(&s.get(&url, Some(&admin)).await.ok()), before + 250);
        let last = s
            .get(&p(&format!("/workbenches/{}", id("last"))), Some(&admin))
            .await
            .ok();
        let wb = &last["result"]["workbench"];
        assert_eq!(
            (
                wb["name"].as_str(),
                wb["workspaceId"].as_str(),
                wb["userId"].as_str()
            ),
            (Some("bulk 0250"), Some("2"), Some("2"))
        );
        let bad = r#"{"workspaceId":"99","sessions":1}"#;
        assert_eq!(s.dev("POST", "/api/dev/sessions", bad).await.status, 400);
        let none = r#"{"workspaceId":"2","sessions":0}"#;
        assert_eq!(s.dev("POST", "/api/dev/sessions", none).await.status, 400);
    }
}
