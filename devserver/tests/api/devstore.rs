//! The dev store (api.md §4b), both flavors; the chorus flavor against what a running CHORUS
//! 0978bc77 answered (`fixtures/chorus/devstore.json`).

use crate::common::*;
use serde_json::{json, Value};

fn entry(key: &str, value: &str) -> String {
    json!({"key": key, "value": value}).to_string()
}

/// Every scope: put (an upsert), get, list, delete (twice), in each flavor.
#[tokio::test]
async fn each_scope_puts_gets_lists_and_deletes_in_both_flavors() {
    for config in [chorus(), frozen()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        for base in [
            "/devstore/global",
            "/devstore/user",
            "/devstore/workspace/1",
        ] {
            let url = p(base);
            s.post(&url, Some(&admin), &entry("k", "v1")).await.ok();
            let v = s.post(&url, Some(&admin), &entry("k", "v2")).await.ok();
            assert_eq!(v, json!({"result": {"key": "k", "value": "v2"}}), "{base}");
            let one = format!("{url}/k");
            let v = s.get(&one, Some(&admin)).await.ok();
            assert_eq!(v, json!({"result": {"key": "k", "value": "v2"}}), "{base}");
            let v = s.get(&url, Some(&admin)).await.ok();
            assert_eq!(v, json!({"result": {"entries": {"k": "v2"}}}), "{base}");
            assert!(v.get("pagination").is_none());
            for _ in 0..2 {
                let v = s.delete(&one, Some(&admin)).await.ok();
                assert_eq!(v, json!({"result": {}}), "{base}");
            }
            let v = s.get(&url, Some(&admin)).await.ok();
            assert_eq!(v, json!({"result": {"entries": {}}}), "{base}");
        }
        // A reset forgets every entry.
        s.post(&p("/devstore/global"), Some(&admin), &entry("k", "v"))
            .await
            .ok();
        s.dev("POST", "/api/dev/reset", "").await;
        let v = s.get(&p("/devstore/global"), None).await.ok();
        assert_eq!(v, json!({"result": {"entries": {}}}));
    }
}

/// The chorus flavor's errors and open doors, each as CHORUS answered it.
#[tokio::test]
async fn chorus_answers_as_chorus_did() {
    let seen = fixture("devstore.json");
    let s = srv_with(chorus());
    let admin = s.admin().await;
    // The global scope is read without a login, and with a bad one.
    let r = s.get(&p("/devstore/global"), None).await;
    assert_eq!(r.json(), seen["global"]["list_without_login"]["body"]);
    let r = s.get(&p("/devstore/global"), Some("garbage")).await;
    assert_eq!(r.status.as_u16(), 200);
    let missing = |scope: &str| seen[scope]["get_missing"]["body"]["message"].clone();
    let r = s.get(&p("/devstore/global/h2.nokey"), None).await;
    assert_eq!(assert_gateway(&r, 404, 5)["message"], missing("global"));
    let r = s.get(&p("/devstore/user/h2.nokey"), Some(&admin)).await;
    assert_eq!(assert_gateway(&r, 404, 5)["message"], missing("user"));
    let r = s.get(&p("/devstore/workspace/1/image"), Some(&admin)).await;
    assert_eq!(assert_gateway(&r, 404, 5)["message"], missing("workspace"));
    // Writes need a login.
    let r = s.post(&p("/devstore/global"), None, &entry("k", "v")).await;
    assert_eq!(r.json(), seen["global"]["put_without_login"]["body"]);
    let r = s.get(&p("/devstore/user"), None).await;
    assert_eq!(r.json(), seen["user"]["list_without_login"]["body"]);
    // No checks: an empty body is the empty key, read at `global/`; any workspace id.
    let v = s.post(&p("/devstore/global"), Some(&admin), "").await.ok();
    assert_eq!(v, seen["global"]["put_empty_body"]["body"]);
    assert_eq!(
        s.get(&p("/devstore/global/"), None).await.ok(),
        seen["global"]["put_empty_body"]["body"]
    );
    s.delete(&p("/devstore/global/"), Some(&admin)).await.ok();
    s.post(
        &p("/devstore/workspace/99999"),
        Some(&admin),
        &entry("k", "v"),
    )
    .await
    .ok();
    s.get(&p("/devstore/workspace/99999/k"), Some(&admin))
        .await
        .ok();
    // The path's id wins over the body's.
    let body = r#"{"key":"k3","value":"v","id":"999"}"#;
    s.post(&p("/devstore/workspace/1"), Some(&admin), body)
        .await
        .ok();
    let v = s.get(&p("/devstore/workspace/1"), Some(&admin)).await.ok();
    assert_eq!(v["result"]["entries"]["k3"], "v");
    // A key with `/` is stored and no URL reads it back.
    s.post(&p("/devstore/global"), Some(&admin), &entry("a/b", "s"))
        .await
        .ok();
    let r = s.get(&p("/devstore/global/a%2Fb"), None).await;
    assert_eq!(r.json(), seen["global"]["key_with_slash"]["body"]);
    let v = s.get(&p("/devstore/global"), None).await.ok();
    assert_eq!(v["result"]["entries"]["a/b"], "s");
    // A key with a space, percent-encoded.
    s.post(&p("/devstore/global"), Some(&admin), &entry("a b", "s"))
        .await
        .ok();
    s.get(&p("/devstore/global/a%20b"), None).await.ok();
    // grpc-gateway's refusals.
    let bad = r#"{"key":"h2.x","value":"x","extra":1}"#;
    let r = s.post(&p("/devstore/global"), Some(&admin), bad).await;
    assert!(assert_gateway(&r, 400, 3)["message"]
        .as_str()
        .unwrap()
        .contains("unknown field \"extra\""));
    let r = s
        .post(
            &p("/devstore/global"),
            Some(&admin),
            r#"{"key":"k","value":5}"#,
        )
        .await;
    assert_gateway(&r, 400, 3);
    let r = s.get(&p("/devstore/workspace/abc"), Some(&admin)).await;
    assert_eq!(r.json(), seen["workspace"]["bad_id"]["body"]);
    // No size limit: 5 MB stored and echoed whole.
    let big = "A".repeat(5 << 20);
    let v = s
        .post(&p("/devstore/user"), Some(&admin), &entry("big", &big))
        .await
        .ok();
    assert_eq!(v["result"]["value"].as_str().map(str::len), Some(5 << 20));
}

/// Who may do what, in the chorus flavor (the 403 bodies as CHORUS wrote them): nora has no
/// role, alice is a member of Demo, wendy its admin.
#[tokio::test]
async fn chorus_permissions_per_scope() {
    let seen = fixture("devstore.json");
    let s = srv_with(chorus());
    let nora = s.login("nora", "nora1234").await;
    let alice = s.alice().await;
    let wendy = s.login("wendy", "wendy123").await;
    let message = |scope: &str, case: &str| seen[scope][case]["body"]["message"].clone();
    let r = s
        .post(&p("/devstore/global"), Some(&nora), &entry("k", "v"))
        .await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(
        v["message"],
        message("global", "put_by_a_user_without_role")
    );
    let r = s.delete(&p("/devstore/global/k"), Some(&wendy)).await;
    r.assert_chorus_error(403, "PERMISSION_DENIED");
    // Everyone has a scope of their own, and sees only it.
    let consent = entry("user.cookie_consent", "true");
    s.post(&p("/devstore/user"), Some(&nora), &consent)
        .await
        .ok();
    let v = s.get(&p("/devstore/user"), Some(&nora)).await.ok();
    assert_eq!(v, seen["user"]["own_list"]["bodies"][0]);
    let v = s.get(&p("/devstore/user"), Some(&alice)).await.ok();
    assert_eq!(v, seen["user"]["own_list"]["bodies"][1]);
    // A workspace's: read with getWorkspace, written with updateWorkspace.
    let r = s.get(&p("/devstore/workspace/1"), Some(&nora)).await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    let want = message("workspace", "read_by_a_user_without_role");
    assert_eq!(v["message"], want.as_str().unwrap().replace("=15", "=1"));
    let r = s
        .post(&p("/devstore/workspace/1"), Some(&alice), &entry("x", "v"))
        .await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    let want = message("workspace", "write_by_a_user_without_role");
    assert_eq!(v["message"], want.as_str().unwrap().replace("=15", "=1"));
    s.post(
        &p("/devstore/workspace/1"),
        Some(&wendy),
        &entry("image", "data:,x"),
    )
    .await
    .ok();
    let v = s
        .get(&p("/devstore/workspace/1/image"), Some(&alice))
        .await
        .ok();
    assert_eq!(v["result"]["value"], "data:,x");
    s.delete(&p("/devstore/workspace/1/image"), Some(&alice))
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
}

/// Ours: the same doors, our error bodies, and what ours refuses in words.
#[tokio::test]
async fn ours_checks_keys_sizes_and_workspaces() {
    let s = srv();
    let admin = s.admin().await;
    let nora = s.login("nora", "nora1234").await;
    let alice = s.alice().await;
    let wendy = s.login("wendy", "wendy123").await;
    s.get(&p("/devstore/global"), None).await.ok();
    s.get(&p("/devstore/global/none"), None)
        .await
        .assert_error(404, "NOT_FOUND");
    s.post(&p("/devstore/global"), Some(&nora), &entry("k", "v"))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&p("/devstore/user"), Some(&nora), &entry("k", "v"))
        .await
        .ok();
    s.get(&p("/devstore/workspace/1"), Some(&nora))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&p("/devstore/workspace/1"), Some(&alice), &entry("k", "v"))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&p("/devstore/workspace/1"), Some(&wendy), &entry("k", "v"))
        .await
        .ok();
    s.post(&p("/devstore/workspace/99"), Some(&admin), &entry("k", "v"))
        .await
        .assert_error(404, "NOT_FOUND");
    for body in [entry("", "v"), entry("a/b", "v")] {
        let r = s.post(&p("/devstore/global"), Some(&admin), &body).await;
        assert_eq!(r.validation_fields(), ["key"]);
    }
    // A cover image of 5 MB: said in words.
    let big = "A".repeat(5 << 20);
    let r = s
        .post(
            &p("/devstore/workspace/1"),
            Some(&wendy),
            &entry("image", &big),
        )
        .await;
    let v: Value = r.assert_error(400, "VALIDATION_ERROR");
    let reason = v["details"][0]["validationErrors"][0]["reason"]
        .as_str()
        .unwrap();
    assert!(
        reason.contains("5.0 MB") && reason.contains("4.0 MB"),
        "{reason}"
    );
    // 700 KB (a cover image as a data URI) is kept.
    let cover = format!("data:image/png;base64,{}", "A".repeat(700 << 10));
    s.post(
        &p("/devstore/workspace/1"),
        Some(&wendy),
        &entry("image", &cover),
    )
    .await
    .ok();
}
