//! What a running CHORUS (chorus-backend@0978bc77, 2026-11-23) answered, reproduced by the chorus
//! flavor: each test reads the observed reply from `fixtures/chorus/` (facts: the request, the
//! status and the body) and checks the dev server answers the same; where the point is part of
//! the contract (api.md), the default flavor's answer is checked too.

use std::collections::BTreeSet;

use crate::common::*;
use serde_json::{json, Value};

/// The keys of a JSON object.
fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// The `id`s of a list reply's rows.
fn row_ids(v: &Value, key: &str) -> Vec<String> {
    v["result"][key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| r["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// fixtures/chorus/workbench_create.json: a new session's reply writes every field, `status`
/// and `shortName` `""` whatever was sent, no Kubernetes status, 0 × 0 without a resolution, the
/// resolution as sent with one, `updatedAt` equal to `createdAt`; `status` turns `active` once
/// the cluster watcher reports (`workbench-service.go`).
#[tokio::test]
async fn a_new_session_answers_as_chorus_did() {
    let seen = fixture("workbench_create.json");
    let seen_wb = &seen["without_resolution"]["body"]["result"]["workbench"];
    let s = srv_with(chorus());
    let t = s.alice().await;
    let r = s
        .post(
            &p("/workbenches"),
            Some(&t),
            r#"{"tenantId":"1","userId":"2","workspaceId":"1","name":"first","status":"active"}"#,
        )
        .await;
    let v = r.ok();
    // The refreshed token of the reply carries the new session's WorkbenchAdmin.
    let t = cookie_token(&r.header("set-cookie"));
    let wb = &v["result"]["workbench"];
    assert_eq!(keys(wb), keys(seen_wb), "every field, no other: {wb}");
    for k in [
        "shortName",
        "status",
        "k8sStatus",
        "serverPodStatus",
        "serverPodMessage",
        "initialResolutionWidth",
        "initialResolutionHeight",
    ] {
        assert_eq!(wb[k], seen_wb[k], "{k}");
    }
    assert_eq!(wb["updatedAt"], wb["createdAt"]);
    let id = wb["id"].as_str().unwrap().to_string();
    // Until the watcher reports, a GET says the same; then the session is `active` (read past
    // CHORUS's one-second session cache: off here, as the simulated time moves at once).
    s.dev("POST", "/api/dev/session-cache?ms=0", "{}")
        .await
        .ok();
    let again = s
        .get(&p(&format!("/workbenches/{id}")), Some(&t))
        .await
        .ok();
    assert_eq!(again["result"]["workbench"]["status"], "");
    s.advance(10.0);
    let v = s
        .get(&p(&format!("/workbenches/{id}")), Some(&t))
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["status"], "active");
    assert_eq!(v["result"]["workbench"]["k8sStatus"], "Progressing");
    // With a resolution: stored as sent.
    let v = s
        .post(
            &p("/workbenches"),
            Some(&t),
            r#"{"workspaceId":"1","name":"second","status":"active","initialResolutionWidth":1280,"initialResolutionHeight":700}"#,
        )
        .await
        .ok();
    let wb = &v["result"]["workbench"];
    let stored = &seen["with_resolution"]["stored"];
    assert_eq!(
        (
            &wb["initialResolutionWidth"],
            &wb["initialResolutionHeight"]
        ),
        (
            &stored["initialResolutionWidth"],
            &stored["initialResolutionHeight"]
        )
    );
}

/// Our flavor: the resolution as sent (1920 × 1080 when none is), `status` `active` at once, a
/// `shortName` made from the name, `updatedAt` equal to `createdAt`.
#[tokio::test]
async fn a_new_session_in_our_flavor() {
    let s = srv_with(frozen());
    let t = s.alice().await;
    for (body, size) in [
        (
            r#"{"workspaceId":"1","name":"First one","status":"active"}"#,
            (1920, 1080),
        ),
        (
            r#"{"workspaceId":"1","name":"x","status":"active","initialResolutionWidth":1280,"initialResolutionHeight":662}"#,
            (1280, 662),
        ),
    ] {
        let v = s.post(&p("/workbenches"), Some(&t), body).await.ok();
        let wb = &v["result"]["workbench"];
        assert_eq!(wb["status"], "active");
        assert_eq!(
            (
                wb["initialResolutionWidth"].as_i64(),
                wb["initialResolutionHeight"].as_i64()
            ),
            (Some(size.0), Some(size.1))
        );
        assert_eq!(wb["updatedAt"], wb["createdAt"]);
    }
}

/// fixtures/chorus/unauthenticated.json: a missing login is grpc-gateway's bare 401, no
/// details; ours has one detail (`UNAUTHENTICATED`).
#[tokio::test]
async fn a_missing_login_is_a_bare_401() {
    let seen = fixture("unauthenticated.json");
    let s = srv_with(chorus());
    for (case, path) in [
        ("without_login", "/users/me"),
        ("list_without_login", "/workbenches"),
    ] {
        let r = s.get(&p(path), None).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.json(), seen[case]["body"], "{path}");
    }
    // An unknown token: the same (an expired one too: chorus_tokens.rs).
    let r = s.get(&p("/users/me"), Some("a.b.c")).await;
    assert_eq!(r.json(), seen["without_login"]["body"]);
    // Ours.
    let ours = srv();
    ours.get(&p("/users/me"), None)
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

/// fixtures/chorus/logout.json: `{}` for a password login, the cookie expired, the token still
/// valid (a refresh with it signs the browser in again); 401 without a login. Ours forgets the
/// token (tests/api/auth.rs `logout_clears_the_cookie_and_the_login`).
#[tokio::test]
async fn logout_of_a_password_login_as_chorus_did() {
    let seen = fixture("logout.json");
    let s = srv_with(chorus());
    let t = s.alice().await;
    let r = s.post(&p("/authentication/logout"), Some(&t), "{}").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), seen["password_login"]["body"]);
    assert!(r.header("set-cookie").starts_with("jwttoken=;"));
    s.get(&p("/users/me"), Some(&t)).await.ok();
    s.post(&p("/authentication/refresh-token"), Some(&t), "{}")
        .await
        .ok();
    s.post(&p("/authentication/logout"), Some(&t), "{}")
        .await
        .ok();
    for body in ["{}", ""] {
        let r = s.post(&p("/authentication/logout"), None, body).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.json(), seen["without_login"]["body"]);
    }
}

/// fixtures/chorus/workbench_list_order.json: without a sort, no `ORDER BY`: the row written last
/// comes last (and moves when it is written again); with `pagination.sort.*` sorted and echoed
/// (`DESC`, upper case); a column the resource does not sort by is ignored, echoed empty.
#[tokio::test]
async fn rows_come_as_last_written_unless_a_sort_is_asked_for() {
    let seen = fixture("workbench_list_order.json");
    let s = srv_with(chorus());
    // Not about CHORUS's one-second `ListUsers` cache (chorus_users covers it): off here, so
    // that a list read again at once shows the write just made.
    s.dev("POST", "/api/dev/user-list-cache?ms=0", "")
        .await
        .ok();
    let t = s.admin().await;
    let url = p("/users");
    let ids = |v: &Value| row_ids(v, "users");
    let v = s.get(&url, Some(&t)).await.ok();
    assert_eq!(ids(&v), ["1", "2", "3", "4", "5", "6"]);
    // bob is written (a profile change): he moves to the end, as session 2 did on CHORUS.
    let seen_unsorted: Vec<String> = row_ids(&seen["unsorted"]["body"], "workbenches");
    assert_eq!(seen_unsorted, ["1", "3", "2"], "what CHORUS did");
    s.put(
        &url,
        Some(&t),
        r#"{"id":"3","username":"bob","firstName":"Bob","lastName":"Berg","email":"bob@example.org","status":"active","source":"internal"}"#,
    )
    .await
    .ok();
    let v = s.get(&url, Some(&t)).await.ok();
    assert_eq!(ids(&v), ["1", "2", "4", "5", "6", "3"]);
    // Asked for: sorted, and the sort echoed.
    let v = s
        .get(
            &p("/users?pagination.offset=0&pagination.limit=20&pagination.sort.type=username&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(
        ids(&v),
        ["5", "6", "4", "3", "2", "1"],
        "wendy nora dora bob alice admin"
    );
    assert_eq!(
        v["pagination"]["sort"],
        json!({"order": "DESC", "type": "username"})
    );
    let seen_sorted = &seen["sorted"]["body"]["pagination"]["sort"];
    assert_eq!(seen_sorted, &json!({"order": "DESC", "type": "createdat"}));
    // Sessions by createdat, newest first, as CHORUS did.
    let v = s
        .get(
            &p("/workbenches?filter.workspaceIdsIn=1&pagination.offset=0&pagination.limit=20&pagination.sort.type=createdat&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(&v["pagination"]["sort"], seen_sorted);
    let created: Vec<&str> = v["result"]["workbenches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["createdAt"].as_str().unwrap())
        .collect();
    assert!(created.len() > 2);
    assert!(
        created.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {created:?}"
    );
    // A column the resource does not sort by: ignored.
    let v = s
        .get(
            &p("/workbenches?pagination.offset=0&pagination.limit=20&pagination.sort.type=updatedat&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(
        v["pagination"]["sort"],
        seen["unknown_column"]["pagination"]["sort"]
    );
}

/// fixtures/chorus/users_order.json: a sort alone pages the list (limit 20) and is echoed
/// `ASC`; an unknown column is ignored; an order other than asc/desc is a 400 naming
/// `SortOrder`.
#[tokio::test]
async fn the_sort_parameters_as_chorus_took_them() {
    let seen = fixture("users_order.json");
    let s = srv_with(chorus());
    let t = s.admin().await;
    let v = s
        .get(
            &p("/users?pagination.sort.type=username&pagination.sort.order=asc"),
            Some(&t),
        )
        .await
        .ok();
    let names: Vec<&str> = v["result"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "alice", "bob", "dora", "nora", "wendy"]);
    let mut pagination = seen["sort_only"]["pagination"].clone();
    pagination["total"] = json!(6);
    assert_eq!(v["pagination"], pagination);
    let v = s
        .get(
            &p("/users?pagination.offset=0&pagination.limit=20&pagination.sort.type=nope&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(
        v["pagination"]["sort"],
        seen["unknown_column"]["pagination"]["sort"]
    );
    assert_eq!(row_ids(&v, "users"), ["1", "2", "3", "4", "5", "6"]);
    let r = s
        .get(
            &p("/users?pagination.offset=0&pagination.limit=20&pagination.sort.type=username&pagination.sort.order=sideways"),
            Some(&t),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json(), seen["bad_order"]["body"]);
    // Workspaces by name, as CHORUS sorted its own.
    let names = &seen["workspaces_by_name"]["names"];
    assert_eq!(names, &json!(["Alpha", "Demo", "Genomics"]));
    let v = s
        .get(
            &p("/workspaces?pagination.offset=0&pagination.limit=100&pagination.sort.type=name&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(
        row_ids(&v, "workspaces"),
        ["3", "2", "1"],
        "Imaging Lab, Genomics, Demo"
    );
}

/// api.md "Order" in our flavor: rows in id order unless a sort is asked for, which is
/// honoured (not echoed: our pagination has no `sort`); an order other than asc/desc is a 400.
#[tokio::test]
async fn our_flavor_sorts_when_asked() {
    let s = srv_with(frozen());
    let t = s.admin().await;
    let v = s.get(&p("/users"), Some(&t)).await.ok();
    assert_eq!(row_ids(&v, "users"), ["1", "2", "3", "4", "5", "6"]);
    let v = s
        .get(
            &p("/users?pagination.sort.type=username&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    assert_eq!(row_ids(&v, "users"), ["5", "6", "4", "3", "2", "1"]);
    assert!(v["pagination"].get("sort").is_none());
    let v = s
        .get(
            &p("/workbenches?filter.workspaceIdsIn=1&pagination.sort.type=createdat&pagination.sort.order=desc"),
            Some(&t),
        )
        .await
        .ok();
    let listed = row_ids(&v, "workbenches");
    assert_eq!(listed.first().map(String::as_str), Some("6"), "{listed:?}");
    s.get(
        &p("/users?pagination.sort.type=username&pagination.sort.order=up"),
        Some(&t),
    )
    .await
    .assert_error(400, "VALIDATION_ERROR");
}

/// fixtures/chorus/apps_order.json: `GET /apps` came in another order from call to call, with
/// or without a sort (`app-controller.go` `groupApps` ranges over a Go map): the chorus flavor
/// shuffles; ours answers in id order.
#[tokio::test]
async fn apps_come_in_random_order_on_chorus() {
    let seen = fixture("apps_order.json");
    let orders: BTreeSet<String> = seen["plain"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect();
    assert!(orders.len() > 1, "CHORUS's order changed between calls");
    let s = srv_with(chorus());
    let t = s.alice().await;
    let mut seen_here = BTreeSet::new();
    for _ in 0..40 {
        let v = s.get(&p("/apps"), Some(&t)).await.ok();
        let mut ids = row_ids(&v, "apps");
        seen_here.insert(ids.join(","));
        ids.sort();
        assert_eq!(ids, ["1", "2", "3", "4", "5", "6", "8", "9"]);
    }
    assert!(seen_here.len() > 1, "one order in 40 calls: {seen_here:?}");
    let ours = srv();
    let t = ours.alice().await;
    for _ in 0..5 {
        let v = ours.get(&p("/apps"), Some(&t)).await.ok();
        assert_eq!(
            row_ids(&v, "apps"),
            ["1", "2", "3", "4", "5", "6", "8", "9"]
        );
    }
}

/// fixtures/chorus/user_role_context.json: the context of a role given through the user route
/// is stored exactly as sent (tests/api/chorus_users.rs checks what it then grants).
#[tokio::test]
async fn a_role_context_is_stored_as_sent() {
    let seen = fixture("user_role_context.json");
    let s = srv_with(chorus());
    let t = s.admin().await;
    // Each to another user: each reply is the user read afresh (not the one-second cache).
    for (case, user) in [("without_user", 4), ("all_users", 3)] {
        let stored = &seen[case]["stored"];
        let body = json!({"role": stored}).to_string();
        let v = s
            .post(&p(&format!("/users/{user}/role")), Some(&t), &body)
            .await
            .ok();
        let rwc = v["result"]["user"]["rolesWithContext"].as_array().unwrap();
        assert!(
            rwc.iter()
                .any(|a| a["name"] == stored["name"] && a["context"] == stored["context"]),
            "{case}: {rwc:?}"
        );
    }
}

/// Our flavor fills no dimension either: a role given without one its context lists is a 400
/// naming it (the console sends every dimension); given with all, it is stored as sent.
#[tokio::test]
async fn our_flavor_stores_a_role_as_sent_and_asks_for_every_dimension() {
    let s = srv_with(frozen());
    let t = s.admin().await;
    let fields = s
        .post(
            &p("/users/3/role"),
            Some(&t),
            r#"{"role":{"name":"WorkspaceMember","context":{}}}"#,
        )
        .await
        .validation_fields();
    assert_eq!(fields, ["role.context.workspace"]);
    let v = s
        .post(
            &p("/users/3/role"),
            Some(&t),
            r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"*"}}}"#,
        )
        .await
        .ok();
    let rwc = v["result"]["user"]["rolesWithContext"].as_array().unwrap();
    assert!(rwc
        .iter()
        .any(|a| a["name"] == "WorkspaceMember" && a["context"] == json!({"workspace": "*"})));
}

/// fixtures/chorus/workspace_shapes.json: every field written; `updatedAt` of a record never
/// changed equals its `createdAt` (not `null`); an unset `shortName` is `""`.
#[tokio::test]
async fn timestamps_are_never_null() {
    let seen = fixture("workspace_shapes.json");
    let w = &seen["created_without_short_name"]["body"]["result"]["workspace"];
    assert_eq!(w["updatedAt"], w["createdAt"]);
    assert_eq!(w["shortName"], "");
    for config in [chorus(), frozen()] {
        let s = srv_with(config);
        let t = s.admin().await;
        let v = s.get(&p("/workspaces/1"), Some(&t)).await.ok();
        let w = &v["result"]["workspace"];
        assert_eq!(w["updatedAt"], w["createdAt"]);
        let v = s.get(&p("/users/2"), Some(&t)).await.ok();
        let u = &v["result"]["user"];
        assert_eq!(u["updatedAt"], u["createdAt"]);
    }
}

/// fixtures/chorus/workspace_create.json: the creator gets `WorkspaceAdmin` and
/// `WorkspaceDataManager` of the new workspace (and a refreshed cookie); no short name is
/// invented. Ours makes one from the name.
#[tokio::test]
async fn a_new_workspace_as_chorus_made_it() {
    let seen = fixture("workspace_create.json");
    let s = srv_with(chorus());
    let t = s.admin().await;
    let r = s
        .post(&p("/workspaces"), Some(&t), r#"{"name":"Proteomics"}"#)
        .await;
    assert!(!r.header("set-cookie").is_empty());
    let v = r.ok();
    let w = &v["result"]["workspace"];
    assert_eq!(w["shortName"], seen["without_short_name"]["shortName"]);
    assert_eq!(w["updatedAt"], w["createdAt"]);
    let id = w["id"].as_str().unwrap();
    let me = s.get(&p("/users/me"), Some(&t)).await.ok();
    let mine: Vec<(String, Value)> = me["result"]["me"]["rolesWithContext"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["context"] == json!({"workspace": id}))
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["context"].clone(),
            )
        })
        .collect();
    let expected: Vec<(String, Value)> = seen["creator_roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                json!({"workspace": id}),
            )
        })
        .collect();
    assert_eq!(mine, expected);
    let ours = srv_with(frozen());
    let t = ours.admin().await;
    let v = ours
        .post(&p("/workspaces"), Some(&t), r#"{"name":"My Proteomics"}"#)
        .await
        .ok();
    assert_eq!(v["result"]["workspace"]["shortName"], "my-proteomics");
}

/// fixtures/chorus/role_twice.json: the same role and context given twice through the user
/// route is two assignments, no 409. Ours refuses the second (`409 ALREADY_EXISTS`).
#[tokio::test]
async fn the_same_role_twice_is_two_assignments_on_chorus() {
    let seen = fixture("role_twice.json");
    let body = r#"{"role":{"name":"PlatformUserManager","context":{"user":"*"}}}"#;
    let s = srv_with(chorus());
    let t = s.admin().await;
    for _ in 0..2 {
        s.post(&p("/users/3/role"), Some(&t), body).await.ok();
    }
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let v = s.get(&p("/users/3"), Some(&t)).await.ok();
    let n = v["result"]["user"]["rolesWithContext"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["name"] == "PlatformUserManager")
        .count();
    assert_eq!(json!(n), seen["assignments_after"]);
    let ours = srv_with(frozen());
    let t = ours.admin().await;
    let body = r#"{"role":{"name":"WorkspaceMember","context":{"workspace":"2"}}}"#;
    ours.post(&p("/users/3/role"), Some(&t), body).await.ok();
    ours.post(&p("/users/3/role"), Some(&t), body)
        .await
        .assert_error(409, "ALREADY_EXISTS");
}

/// fixtures/chorus/stream_502.json: CHORUS's proxy before the desktop server answers.
#[tokio::test]
async fn the_desktop_before_it_answers_is_the_proxy_error_chorus_gave() {
    let seen = fixture("stream_502.json");
    let s = srv_with(chorus());
    let t = s.alice().await;
    let r = s.get(&p("/workbenches/2/stream/"), Some(&t)).await;
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").starts_with("text/plain"));
    assert_eq!(r.text(), seen["body"].as_str().unwrap());
}

/// fixtures/chorus/login_expiry_totp.json and unauthenticated.json: an expired token is a bare
/// 401 saying how long ago it expired (a refresh too), one that is not a JWT a bare 401 saying
/// so; past the maximum refresh time the refresh is a 401 with a detail; a login without its
/// one-time code a `TWO_FACTOR_REQUIRED` with an empty message.
#[tokio::test]
async fn expired_malformed_and_two_factor_as_chorus_said() {
    let seen = fixture("login_expiry_totp.json");
    let unauth = fixture("unauthenticated.json");
    let s = srv_with(chorus());
    let r = s.get(&p("/users/me"), Some("garbage")).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json(), unauth["malformed_token"]["body"]);
    s.dev("PUT", "/api/dev/token-times", r#"{"ttlSecs":0.05}"#)
        .await
        .ok();
    let t = s.alice().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let expired_says = |v: &Value| {
        v["code"] == 16
            && v["details"] == json!([])
            && v["message"].as_str().is_some_and(|m| {
                m.starts_with("invalid authentication token: invalid claims: token is expired by ")
                    && m.ends_with('s')
            })
    };
    assert!(expired_says(&seen["expired_token"]["body"]), "the fixture");
    for r in [
        s.get(&p("/users/me"), Some(&t)).await,
        s.post(&p("/authentication/refresh-token"), Some(&t), "{}")
            .await,
    ] {
        assert_eq!(r.status, 401);
        assert!(expired_says(&r.json()), "{}", r.text());
    }
    // Past the maximum refresh time.
    s.dev(
        "PUT",
        "/api/dev/token-times",
        r#"{"ttlSecs":3600,"maxRefreshSecs":0.05}"#,
    )
    .await
    .ok();
    let t = s.alice().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let r = s
        .post(&p("/authentication/refresh-token"), Some(&t), "{}")
        .await;
    assert_eq!(r.status, 401);
    let mut want = seen["past_max_refresh"]["body"].clone();
    let mut got = r.json();
    // The detail's `instance` is the path called: the same here.
    assert_eq!(
        got["details"][0]["instance"],
        want["details"][0]["instance"]
    );
    got["details"][0]["instance"] = Value::Null;
    want["details"][0]["instance"] = Value::Null;
    assert_eq!(got, want);
    // dora without her code.
    let r = s
        .post(
            &p("/authentication/login"),
            None,
            r#"{"username":"dora","password":"dora12345"}"#,
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json(), seen["totp_missing"]["body"]);
}
