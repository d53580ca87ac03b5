//! A workspace's settings (issue 45; api.md, "Workspace settings beyond name…"): both flavors
//! send them as CHORUS spells them; the chorus flavor's `PUT /workspaces` resets every one left
//! out, as a running CHORUS 0978bc77 did (`fixtures/chorus/workspace_settings_reset.json`);
//! ours keeps them.

use crate::common::*;
use serde_json::{json, Value};

/// The settings of a workspace reply (the fields a client may write).
fn settings(w: &Value) -> Value {
    json!({
        "isMain": w["isMain"],
        "networkPolicy": w["networkPolicy"],
        "allowedFqdns": w["allowedFqdns"],
        "clipboard": w["clipboard"],
        "visibility": w["visibility"],
        "contactUserId": w["contactUserId"],
    })
}

async fn workspace(s: &Srv, token: &str, id: &str) -> Value {
    let v = s
        .get(&p(&format!("/workspaces/{id}")), Some(token))
        .await
        .ok();
    v["result"]["workspace"].clone()
}

/// The seed's Genomics: allowed hosts only, the clipboard both ways, public, alice its contact.
fn genomics_settings() -> Value {
    json!({
        "isMain": false,
        "networkPolicy": "FQDNAllowlist",
        "allowedFqdns": ["pypi.org"],
        "clipboard": "both",
        "visibility": "WORKSPACE_VISIBILITY_PUBLIC",
        "contactUserId": "2",
    })
}

/// A rename as the console's `Edit workspace` once sent it: no settings.
const RENAME_ONLY: &str = r#"{"id":"2","name":"Genomics 2","shortName":"genomics",
    "description":"d","status":"WORKSPACE_STATUS_ACTIVE"}"#;

#[tokio::test]
async fn both_flavors_send_the_settings_as_chorus_spells_them() {
    let shapes = fixture("workspace_shapes.json");
    let seen = &shapes["created_without_short_name"]["body"]["result"]["workspace"];
    for (config, chorus) in [(frozen(), false), (chorus(), true)] {
        let s = srv_with(config);
        let t = s.admin().await;
        let demo = workspace(&s, &t, "1").await;
        // Demo has CHORUS's defaults, spelled as a new CHORUS workspace has them.
        assert_eq!(settings(&demo), settings(seen), "chorus: {chorus}");
        assert_eq!(settings(&workspace(&s, &t, "2").await), genomics_settings());
        // The server's own fields: CHORUS's only, every key it sends.
        if chorus {
            let keys = |w: &Value| {
                let mut k: Vec<String> = w.as_object().unwrap().keys().cloned().collect();
                k.sort();
                k
            };
            assert_eq!(keys(&demo), keys(seen));
            assert_eq!(demo["namespace"], "workspace1");
            assert_eq!(demo["networkPolicyStatus"], "");
        } else {
            assert!(demo.get("namespace").is_none(), "{demo}");
        }
    }
}

#[tokio::test]
async fn chorus_resets_every_setting_a_put_leaves_out() {
    let seen = fixture("workspace_settings_reset.json");
    let s = srv_with(chorus());
    let t = s.admin().await;
    let before = workspace(&s, &t, "2").await;
    for (k, v) in seen["before"].as_object().unwrap() {
        if k != "contactUserId" {
            assert_eq!(&before[k], v, "{k}");
        }
    }
    let r = s.put(&p("/workspaces"), Some(&t), RENAME_ONLY).await;
    let after = r.ok()["result"]["workspace"].clone();
    assert_eq!(after["name"], "Genomics 2");
    for (k, v) in seen["after"].as_object().unwrap() {
        assert_eq!(&after[k], v, "{k}");
    }
    assert_eq!(after["isMain"], false);
    // Stored so (once CHORUS's one-second cache, filled by the read above, let go).
    let stored = s
        .get_until(&p("/workspaces/2"), &t, |v| {
            v["result"]["workspace"]["name"] == "Genomics 2"
        })
        .await;
    assert_eq!(stored["result"]["workspace"], after);
}

#[tokio::test]
async fn chorus_keeps_every_setting_sent_back_and_an_omitted_status_reactivates() {
    let s = srv_with(chorus());
    let t = s.admin().await;
    // Inactive, with every setting (and the server's own fields, which it ignores).
    let mut body = workspace(&s, &t, "2").await;
    body["status"] = json!("WORKSPACE_STATUS_INACTIVE");
    body["isMain"] = json!(true);
    body["networkPolicy"] = json!("Egress");
    body["gid"] = json!("999");
    let r = s.put(&p("/workspaces"), Some(&t), &body.to_string()).await;
    let w = r.ok()["result"]["workspace"].clone();
    assert_eq!(w["status"], "WORKSPACE_STATUS_INACTIVE");
    assert_eq!(w["gid"], "2");
    let mut want = genomics_settings();
    want["isMain"] = json!(true);
    // CHORUS stores any string as the policy.
    want["networkPolicy"] = json!("Egress");
    assert_eq!(settings(&w), want);
    // Without `status`: active again.
    let r = s
        .put(
            &p("/workspaces"),
            Some(&t),
            r#"{"id":"2","name":"Genomics","networkPolicy":"Open"}"#,
        )
        .await;
    assert_eq!(
        r.ok()["result"]["workspace"]["status"],
        "WORKSPACE_STATUS_ACTIVE"
    );
    // grpc-gateway refuses an enum spelling it does not know; an unknown contact is the
    // foreign key's 500.
    let bad = r#"{"id":"2","name":"G","visibility":"public"}"#;
    let v = assert_gateway(&s.put(&p("/workspaces"), Some(&t), bad).await, 400, 3);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .contains("enum field visibility"));
    let r = s
        .put(
            &p("/workspaces"),
            Some(&t),
            r#"{"id":"2","name":"G","contactUserId":"99"}"#,
        )
        .await;
    assert_eq!(r.status.as_u16(), 500, "{}", r.text());
}

#[tokio::test]
async fn ours_keeps_what_a_put_leaves_out_and_checks_what_it_sends() {
    let s = srv();
    let t = s.admin().await;
    let r = s.put(&p("/workspaces"), Some(&t), RENAME_ONLY).await;
    let w = r.ok()["result"]["workspace"].clone();
    assert_eq!(w["name"], "Genomics 2");
    assert_eq!(settings(&w), genomics_settings());
    let r = s
        .put(
            &p("/workspaces"),
            Some(&t),
            r#"{"id":"2","name":"G","networkPolicy":"Open","allowedFqdns":[],
                "visibility":"private","contactUserId":"0","clipboard":"to-client"}"#,
        )
        .await;
    let w = r.ok()["result"]["workspace"].clone();
    assert_eq!(
        settings(&w),
        json!({"isMain": false, "networkPolicy": "Open", "allowedFqdns": [],
            "clipboard": "to-client", "visibility": "WORKSPACE_VISIBILITY_PRIVATE",
            "contactUserId": "0"})
    );
    let r = s
        .put(
            &p("/workspaces"),
            Some(&t),
            r#"{"id":"2","name":"G","networkPolicy":"Egress","clipboard":"x","contactUserId":"99"}"#,
        )
        .await;
    let mut fields = r.validation_fields();
    fields.sort();
    assert_eq!(fields, ["clipboard", "contactUserId", "networkPolicy"]);
}
