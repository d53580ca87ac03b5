//! Participating organizations (api.md §6; `routes/organizations.rs`, `store/organizations.rs`)
//! in both flavors, and the replies of a running CHORUS (fixtures/chorus/organizations.json)
//! reproduced by the chorus flavor: the write-only logo and its raw route, the whole-row update
//! that keeps a missing logo, the soft delete, the validation errors, who may write, the
//! 5-second cache; and the soft delete of a user (api.md §5).

use crate::common::*;
use devserver::Config;
use serde_json::{json, Value};

/// A 1×1 PNG, base64.
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAAAAgABVKJPXQAAAABJRU5ErkJggg==";

fn one(id: &str) -> String {
    p(&format!("/organizations/{id}"))
}

async fn create(s: &Srv, token: &str, body: &Value) -> Value {
    let r = s
        .post(&p("/organizations"), Some(token), &body.to_string())
        .await;
    r.ok()["result"]["organization"].clone()
}

async fn crud(config: Config) {
    let chorus = config.flavor == devserver::config::Flavor::Chorus;
    let s = srv_with(config);
    let admin = s.admin().await;
    let alice = s.alice().await;
    let row = create(
        &s,
        &admin,
        &json!({"name": "org-one", "description": "d", "country": "CH", "city": "Geneva",
                "websiteUrl": "https://example.org", "contactUserId": "0",
                "logo": {"data": PNG, "contentType": "image/png"}}),
    )
    .await;
    let f = fixture("organizations.json");
    let seen = &f["create"]["body"]["result"]["organization"];
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&row), keys(seen));
    assert_eq!(row["logo"], Value::Null, "write-only");
    assert_eq!(row["contactUserId"], "0");
    assert_eq!(row["tenantId"], "1");
    assert_eq!(row["updatedAt"], row["createdAt"]);
    let id = row["id"].as_str().unwrap().to_string();
    // The logo: raw bytes, their type.
    let logo = s.get(&format!("{}/logo?v=1", one(&id)), Some(&alice)).await;
    assert_eq!(logo.status.as_u16(), 200);
    assert_eq!(logo.header("content-type"), "image/png");
    let cache = if chorus {
        "grpcgateway-cache-control"
    } else {
        "cache-control"
    };
    assert_eq!(logo.header(cache), "max-age=86400");
    assert!(logo.body.starts_with(b"\x89PNG"));
    // Without a logo: fine; its logo route says so.
    let two = create(&s, &admin, &json!({"name": "org-two"})).await;
    let two_id = two["id"].as_str().unwrap().to_string();
    assert_eq!(two["country"], "");
    let r = s.get(&format!("{}/logo", one(&two_id)), Some(&alice)).await;
    let e = r.assert_status_and_code(404, "NOT_FOUND");
    assert_eq!(e["message"], format!("organization {two_id} has no logo"));
    // Update: the whole row; a missing logo keeps the stored one.
    let r = s
        .put(
            &one(&id),
            Some(&admin),
            &json!({"name": "org-one-b", "city": "Bern"}).to_string(),
        )
        .await;
    let u = r.ok()["result"]["organization"].clone();
    assert_eq!(
        (
            u["name"].as_str(),
            u["country"].as_str(),
            u["websiteUrl"].as_str()
        ),
        (Some("org-one-b"), Some(""), Some(""))
    );
    let logo = s.get(&format!("{}/logo", one(&id)), Some(&alice)).await;
    assert_eq!(logo.status.as_u16(), 200);
    // A plain user reads, never writes.
    assert_eq!(s.get(&one(&id), Some(&alice)).await.status, 200);
    for r in [
        s.post(&p("/organizations"), Some(&alice), r#"{"name":"x"}"#)
            .await,
        s.put(&one(&id), Some(&alice), r#"{"name":"x"}"#).await,
        s.delete(&one(&id), Some(&alice)).await,
    ] {
        r.assert_status_and_code(403, "PERMISSION_DENIED");
    }
    // Delete: soft, once.
    assert_eq!(
        s.delete(&one(&two_id), Some(&admin)).await.ok(),
        json!({"result": {}})
    );
    let e = s.delete(&one(&two_id), Some(&admin)).await;
    let e = e.assert_status_and_code(404, "NOT_FOUND");
    if chorus {
        assert_eq!(
            e["message"],
            format!("Unable to delete organization {two_id}")
        );
    }
    let list = s
        .get_until(&p("/organizations?pagination.limit=10"), &alice, |v| {
            v["result"]["organizations"]
                .as_array()
                .is_some_and(|a| a.len() == 1)
        })
        .await;
    assert_eq!(ids(&list["result"]["organizations"]), vec![id.clone()]);
    assert_eq!(list["pagination"]["total"], 1);
}

#[tokio::test]
async fn create_read_update_delete() {
    crud(frozen()).await;
    crud(chorus()).await;
}

#[tokio::test]
async fn validation_as_chorus_answers() {
    let f = fixture("organizations.json");
    for config in [frozen(), chorus()] {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let admin = s.admin().await;
        let body = json!({"name": "", "country": "Switzerland", "city": "x".repeat(101),
                          "websiteUrl": "notaurl", "description": "y".repeat(251)});
        let r = s
            .post(&p("/organizations"), Some(&admin), &body.to_string())
            .await;
        let e = r.assert_status_and_code(400, "VALIDATION_ERROR");
        let seen = &f["validation"]["body"]["details"][0]["validationErrors"];
        assert_eq!(&e["details"][0]["validationErrors"], seen);
        if chorus {
            assert_eq!(r.json(), f["validation"]["body"]);
        }
        for case in f["validation_more"].as_array().unwrap() {
            if !case["body"].is_object() {
                continue;
            }
            let r = s
                .post(
                    &p("/organizations"),
                    Some(&admin),
                    &case["body"].to_string(),
                )
                .await;
            let e = r.assert_status_and_code(400, "VALIDATION_ERROR");
            assert_eq!(
                e["details"][0]["validationErrors"], case["validationErrors"],
                "{}",
                case["body"]
            );
        }
        // The largest logo passes, one byte more does not.
        let big = |n: usize| {
            let mut bytes = b"\x89PNG".to_vec();
            bytes.resize(n, b'0');
            json!({"name": "big", "logo": {"data": devserver::codec::base64_encode(&bytes), "contentType": "image/png"}})
        };
        assert_eq!(
            s.post(
                &p("/organizations"),
                Some(&admin),
                &big(524_288).to_string()
            )
            .await
            .status
            .as_u16(),
            200
        );
        let r = s
            .post(
                &p("/organizations"),
                Some(&admin),
                &big(524_289).to_string(),
            )
            .await;
        let e = r.assert_status_and_code(400, "VALIDATION_ERROR");
        assert_eq!(
            e["details"][0]["validationErrors"],
            json!([{"field": "Logo", "reason": "max"}])
        );
        // An unknown contact: CHORUS's foreign key, a 500.
        let r = s
            .post(
                &p("/organizations"),
                Some(&admin),
                r#"{"name":"x","contactUserId":"99999"}"#,
            )
            .await;
        let e = r.assert_status_and_code(500, "INTERNAL_ERROR");
        if chorus {
            assert_eq!(e["message"], "Unable to create organization");
            let r = s
                .post(
                    &p("/organizations"),
                    Some(&admin),
                    r#"{"name":"x","bogus":1}"#,
                )
                .await;
            assert_gateway(&r, 400, 3);
            let e = s
                .get(&one("99"), Some(&admin))
                .await
                .assert_status_and_code(404, "NOT_FOUND");
            assert_eq!(e["message"], "Unable to get organization 99");
        }
    }
}

#[tokio::test]
async fn chorus_caches_five_seconds() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let row = create(&s, &admin, &json!({"name": "org-two"})).await;
    let id = row["id"].as_str().unwrap().to_string();
    let list = p("/organizations?pagination.limit=10");
    s.get(&one(&id), Some(&admin)).await.ok();
    s.get(&list, Some(&admin)).await.ok();
    let r = s
        .put(&one(&id), Some(&admin), r#"{"name":"org-two-b"}"#)
        .await;
    assert_eq!(
        r.ok()["result"]["organization"]["name"],
        "org-two-b",
        "the reply is the new row"
    );
    let v = s.get(&one(&id), Some(&admin)).await.ok();
    assert_eq!(
        v["result"]["organization"]["name"], "org-two",
        "the cached row"
    );
    let v = s.get(&list, Some(&admin)).await.ok();
    assert_eq!(v["result"]["organizations"][0]["name"], "org-two");
    // Sort types: name desc, and an unknown one echoes nothing.
    let v = s
        .get(
            &p("/organizations?pagination.limit=2&pagination.sort.type=bogus"),
            Some(&admin),
        )
        .await
        .ok();
    assert_eq!(v["pagination"]["sort"], json!({"order": "", "type": ""}));
}

#[tokio::test]
async fn deleting_a_user_is_soft_in_chorus() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let bob = s.bob().await;
    assert_eq!(
        s.delete(&p("/users/3"), Some(&admin)).await.ok(),
        json!({"result": {}})
    );
    // Login refused; the token issued before still works (CHORUS: roles are in the token).
    s.post(
        &p("/authentication/login"),
        None,
        r#"{"username":"bob","password":"bob12345"}"#,
    )
    .await
    .assert_status_and_code(401, "INVALID_CREDENTIALS");
    let me = s.get(&p("/users/me"), Some(&bob)).await.ok();
    assert_eq!(me["result"]["me"]["status"], "deleted");
    let u = s
        .get_until(&p("/users/3"), &admin, |v| {
            v["result"]["user"]["status"] == "deleted"
        })
        .await;
    assert!(u["result"]["user"]["username"]
        .as_str()
        .unwrap()
        .starts_with("bob-"));
    assert!(
        !u["result"]["user"]["rolesWithContext"]
            .as_array()
            .unwrap()
            .is_empty(),
        "roles kept"
    );
    assert_eq!(
        s.delete(&p("/users/3"), Some(&admin)).await.ok(),
        json!({"result": {}})
    );
    let f = fixture("organizations.json");
    let r = s.delete(&p("/users/99999"), Some(&admin)).await;
    assert_eq!(r.status.as_u16(), 404);
    assert_eq!(r.json(), f["delete_user"]["unknown"]["body"]);
}
