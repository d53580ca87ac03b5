//! `GET`/`PUT /platform-settings` (api.md §4a), both flavors; the chorus flavor against what a
//! running CHORUS 0978bc77 answered (`fixtures/chorus/platform_settings.json`).

use crate::common::*;
use serde_json::{json, Value};

const PATH: &str = "/platform-settings";

fn record(v: &Value) -> Value {
    v["result"]["platformSettings"].clone()
}

/// The zero record without a login, a put that replaces every field, a read that has it.
#[tokio::test]
async fn zero_record_then_a_put_replaces_every_field_in_both_flavors() {
    let seen = fixture("platform_settings.json");
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let v = s.get(&p(PATH), None).await.ok();
        assert_eq!(v, seen["get_without_login"]["body"]);
        let full = json!({"platformSettings": {"id": "99", "tenantId": "7", "title": "platform-settings T",
            "headline": "H", "tagline": "Tg", "websiteURL": "https://e.org",
            "maxWorkspacesPerUser": 3, "maxSessionsPerUser": "2", "maxAppInstancesPerUser": 0}});
        let v = record(&s.put(&p(PATH), Some(&admin), &full.to_string()).await.ok());
        let want = &seen["put"]["body"]["result"]["platformSettings"];
        for k in [
            "id",
            "tenantId",
            "title",
            "headline",
            "tagline",
            "websiteURL",
        ] {
            assert_eq!(v[k], want[k], "{k}");
        }
        assert_eq!(v["maxWorkspacesPerUser"], 3);
        assert_eq!(v["maxSessionsPerUser"], 2);
        assert_rfc3339(&v["createdAt"]);
        assert_rfc3339(&v["updatedAt"]);
        // Only the title: every other field is emptied.
        let v = s
            .put(
                &p(PATH),
                Some(&admin),
                r#"{"platformSettings":{"title":"only"}}"#,
            )
            .await;
        let v = record(&v.ok());
        let partial = &seen["put_partial"]["body"]["result"]["platformSettings"];
        for k in [
            "title",
            "headline",
            "websiteURL",
            "maxWorkspacesPerUser",
            "maxSessionsPerUser",
        ] {
            assert_eq!(
                v[k],
                if k == "title" {
                    json!("only")
                } else {
                    partial[k].clone()
                },
                "{k}"
            );
        }
    }
}

/// The default flavor reads what was put at once; CHORUS's flavor keeps a read five seconds.
#[tokio::test]
async fn chorus_keeps_a_read_that_a_put_does_not_clear() {
    for (config, chorus) in [(frozen(), false), (chorus(), true)] {
        let s = srv_with(config);
        let admin = s.admin().await;
        s.get(&p(PATH), Some(&admin)).await.ok();
        s.put(
            &p(PATH),
            Some(&admin),
            r#"{"platformSettings":{"title":"new"}}"#,
        )
        .await
        .ok();
        let v = record(&s.get(&p(PATH), Some(&admin)).await.ok());
        assert_eq!(v["title"], if chorus { "" } else { "new" });
        // While a read is kept, CHORUS answers a read without a valid login with a 500.
        let r = s.get(&p(PATH), None).await;
        if chorus {
            let seen = fixture("platform_settings.json");
            assert_eq!(r.json(), seen["cached_without_login"]["body"]);
            let r = s.get(&p(PATH), Some("garbage")).await;
            assert_eq!(r.status.as_u16(), 500);
        } else {
            assert_eq!(record(&r.ok())["title"], "new");
        }
        // A reset forgets the record.
        s.dev("POST", "/api/dev/reset", "").await;
        let v = record(&s.get(&p(PATH), Some(&admin)).await.ok());
        assert_eq!(
            (v["id"].clone(), v["title"].clone()),
            (json!("0"), json!(""))
        );
    }
}

/// Wrapped only, uint32 limits, `setPlatformSettings`, a login: each as CHORUS answered.
#[tokio::test]
async fn refusals_as_chorus_answered() {
    let seen = fixture("platform_settings.json");
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let alice = s.alice().await;
    let put = |body: &'static str| {
        let admin = admin.clone();
        let s = &s;
        async move { s.put(&p(PATH), Some(&admin), body).await }
    };
    let r = put(r#"{"title":"x"}"#).await;
    let v = assert_gateway(&r, 400, 3);
    let said = seen["put_unwrapped"]["body"]["message"]
        .as_str()
        .unwrap_or_default();
    let tail = said.split("): ").nth(1).unwrap_or("?");
    assert!(
        v["message"].as_str().is_some_and(|m| m.ends_with(tail)),
        "{v}"
    );
    let r = put("{}").await;
    assert_eq!(r.json(), seen["put_empty_object"]["body"]);
    for bad in [
        r#"{"platformSettings":{"maxSessionsPerUser":-1}}"#,
        r#"{"platformSettings":{"maxSessionsPerUser":4294967296}}"#,
        r#"{"platformSettings":{"maxSessionsPerUser":2.5}}"#,
        r#"{"platformSettings":{"title":"x","nope":1}}"#,
    ] {
        assert_gateway(&put(bad).await, 400, 3);
    }
    let body = r#"{"platformSettings":{"title":"x"}}"#;
    let r = s.put(&p(PATH), None, body).await;
    assert_eq!(r.json(), seen["put_without_login"]["body"]);
    let r = s.put(&p(PATH), Some(&alice), body).await;
    assert_eq!(r.json(), seen["put_by_a_user_without_role"]["body"]);
    // Our flavor says the same refusals in its own spelling.
    let s = srv_with(frozen());
    let alice = s.alice().await;
    let admin = s.admin().await;
    s.put(&p(PATH), Some(&alice), body)
        .await
        .assert_status_and_code(403, "PERMISSION_DENIED");
    s.put(&p(PATH), Some(&admin), r#"{"title":"x"}"#)
        .await
        .assert_status_and_code(400, "INVALID_REQUEST");
    s.put(
        &p(PATH),
        Some(&admin),
        r#"{"platformSettings":{"maxSessionsPerUser":-1}}"#,
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
}

/// The dev store's global scope: read by anyone, written with `setPlatformSettings` only.
#[tokio::test]
async fn global_dev_store_is_read_by_anyone_and_written_by_the_settings_permission() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let alice = s.alice().await;
        let body = json!({"key": "instance.name", "value": "Lab"}).to_string();
        let r = s.post(&p("/devstore/global"), Some(&alice), &body).await;
        assert_eq!(r.status.as_u16(), 403, "{}", r.text());
        s.post(&p("/devstore/global"), Some(&admin), &body)
            .await
            .ok();
        let v = s.get(&p("/devstore/global/instance.name"), None).await.ok();
        assert_eq!(v["result"]["value"], "Lab");
    }
}
