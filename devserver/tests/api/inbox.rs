//! The inbox (issue 60.1; api.md "Notifications, as an inbox"): CHORUS caches the unread count
//! and each list request for 2 s and a mark does not clear them (chorus flavor); `markAll`
//! marks every unread notification, system ones (`refreshJWTRequired`) included (both flavors).

use crate::common::*;
use serde_json::{json, Value};

async fn nora(s: &Srv) -> String {
    s.login("nora", "nora1234").await
}

async fn leave(s: &Srv, message: &str) {
    s.dev(
        "POST",
        "/api/dev/notifications",
        &json!({"username": "nora", "message": message}).to_string(),
    )
    .await
    .ok();
}

async fn count(s: &Srv, token: &str) -> Value {
    s.get(&p("/notifications/count"), Some(token)).await.ok()["result"].clone()
}

async fn unread_ids(s: &Srv, token: &str) -> Vec<String> {
    let v = s
        .get(
            &p("/notifications?isRead=false&pagination.offset=0&pagination.limit=50"),
            Some(token),
        )
        .await
        .ok();
    ids(&v["result"])
}

#[tokio::test]
async fn chorus_caches_count_and_list_for_two_seconds_and_a_mark_does_not_clear_them() {
    let s = srv_with(chorus());
    // Long enough that this test never races the cache's end.
    s.dev("POST", "/api/dev/notification-cache?ms=60000", "")
        .await
        .ok();
    leave(&s, "Data request approved").await;
    let n = nora(&s).await;
    assert_eq!(count(&s, &n).await, json!(1));
    let before = unread_ids(&s, &n).await;
    assert_eq!(before.len(), 1);
    let r = s
        .post(
            &p("/notifications/read"),
            Some(&n),
            &json!({"notificationIds": before, "markAll": false}).to_string(),
        )
        .await;
    assert_eq!(r.ok(), json!({}));
    // The cached replies still say unread.
    assert_eq!(count(&s, &n).await, json!(1));
    assert_eq!(unread_ids(&s, &n).await, before);
    // Another request (another page) is not in the cache: it says what is.
    let other = s
        .get(
            &p("/notifications?isRead=false&pagination.offset=0&pagination.limit=20"),
            Some(&n),
        )
        .await
        .ok();
    assert_eq!(other["totalItems"], 0);
    // The cache's end (here: turned off, which forgets it): the backend agrees.
    let r = s.dev("POST", "/api/dev/notification-cache?ms=0", "").await;
    assert_eq!(r.ok(), json!({"ttlMs": 0}));
    assert_eq!(count(&s, &n).await, json!(0));
    assert!(unread_ids(&s, &n).await.is_empty());
    let bad = s.dev("POST", "/api/dev/notification-cache?ms=x", "").await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn the_default_flavor_answers_afresh() {
    let s = srv_with(frozen());
    leave(&s, "One").await;
    let n = nora(&s).await;
    assert_eq!(count(&s, &n).await, json!(1));
    leave(&s, "Two").await;
    assert_eq!(count(&s, &n).await, json!(2));
}

#[tokio::test]
async fn mark_all_marks_the_system_notifications_too() {
    for (config, on_chorus) in [(frozen(), false), (chorus(), true)] {
        let s = srv_with(config);
        s.dev("POST", "/api/dev/notification-cache?ms=0", "")
            .await
            .ok();
        // A role given to nora: a `refreshJWTRequired` notification; and a message.
        let admin = if on_chorus {
            s.admin().await
        } else {
            s.login("wendy", "wendy123").await
        };
        let role = if on_chorus {
            "WorkspaceGuest"
        } else {
            "WorkspaceViewer"
        };
        s.post(
            &p("/workspaces/1/user/6/role"),
            Some(&admin),
            &json!({"role": {"name": role}}).to_string(),
        )
        .await
        .ok();
        leave(&s, "Data request approved").await;
        let n = nora(&s).await;
        let all = s
            .get(&p("/notifications?isRead=false"), Some(&n))
            .await
            .ok();
        let system = all["result"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["content"]["systemNotification"]["refreshJWTRequired"] == true)
            .count();
        assert!(system >= 1, "{all}");
        let r = s
            .post(
                &p("/notifications/read"),
                Some(&n),
                r#"{"notificationIds":[],"markAll":true}"#,
            )
            .await;
        r.ok();
        assert_eq!(count(&s, &n).await, json!(0));
        let read = s.get(&p("/notifications?isRead=true"), Some(&n)).await.ok();
        assert!(read["result"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["readAt"].is_string()));
        assert_eq!(read["totalItems"], json!(system + 1));
    }
}
