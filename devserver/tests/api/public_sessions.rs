//! Public workspaces, CHORUS's one-second workspace cache, `PUT /workbenches` and the
//! misspelled `/workbenchs` (api.md §2, §7), against what a running CHORUS 0978bc77 answered
//! (`fixtures/chorus/public_workspaces.json`, `fixtures/chorus/workbench_update.json`).

use std::collections::BTreeSet;

use crate::common::*;
use serde_json::{json, Value};

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn names(v: &Value, list: &str) -> Vec<String> {
    v["result"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap().to_string())
        .collect()
}

/// The seed's Genomics is public with alice as its contact: every logged-in user sees it
/// with her names and e-mail, in CHORUS's shape; no login is a 401.
#[tokio::test]
async fn the_public_list_has_genomics_with_its_contact_in_both_flavors() {
    let seen = fixture("public_workspaces.json");
    for (config, status) in [(chorus(), "WORKSPACE_STATUS_ACTIVE"), (frozen(), "active")] {
        let s = srv_with(config);
        let nora = s.login("nora", "nora1234").await;
        let v = s.get(&p("/workspaces/public"), Some(&nora)).await.ok();
        let rows = v["result"]["publicWorkspaces"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{v}");
        let g = &rows[0];
        assert_eq!(keys(g), keys(&seen["with_contact"]["row"]));
        assert_eq!(g["id"], "2");
        assert_eq!(g["name"], "Genomics");
        assert_eq!(g["status"], status);
        assert_eq!(g["contactUsername"], "alice");
        assert_eq!(g["contactEmail"], "alice@example.org");
        assert_rfc3339(&g["createdAt"]);
        let r = s.get(&p("/workspaces/public"), None).await;
        r.assert_status_and_code(401, "UNAUTHENTICATED");
        // Paged as every list.
        let v = s
            .get(&p("/workspaces/public?pagination.limit=2"), Some(&nora))
            .await
            .ok();
        assert_eq!(v["pagination"]["total"], 1);
    }
}

/// Any status is listed (an inactive public workspace too); without a contact the contact
/// fields are `""`; a private one is not listed. The chorus flavor answers from its cache: the
/// list right after the update is the one from before.
#[tokio::test]
async fn an_update_shows_in_the_public_list_past_the_cache_on_chorus() {
    let seen = fixture("public_workspaces.json");
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let url = p("/workspaces/public");
    let before = s.get(&url, Some(&admin)).await.ok();
    let mut w = s.get(&p("/workspaces/3"), Some(&admin)).await.ok()["result"]["workspace"].clone();
    w["visibility"] = json!("WORKSPACE_VISIBILITY_PUBLIC");
    w["status"] = json!("WORKSPACE_STATUS_INACTIVE");
    s.put(&p("/workspaces"), Some(&admin), &w.to_string())
        .await
        .ok();
    let at_once = s.get(&url, Some(&admin)).await.ok();
    assert_eq!(at_once, before, "the cached list");
    let v = s
        .get_until(&url, &admin, |v| names(v, "publicWorkspaces").len() == 2)
        .await;
    let row = &v["result"]["publicWorkspaces"][1];
    let want = &seen["inactive_without_contact"]["row"];
    for k in [
        "status",
        "contactUsername",
        "contactFirstName",
        "contactLastName",
        "contactEmail",
    ] {
        assert_eq!(row[k], want[k], "{k}");
    }
    assert_eq!(row["name"], "Imaging Lab");
    // Private again: gone (once the cache lets go).
    w["visibility"] = json!("WORKSPACE_VISIBILITY_PRIVATE");
    s.put(&p("/workspaces"), Some(&admin), &w.to_string())
        .await
        .ok();
    s.get_until(&url, &admin, |v| {
        names(v, "publicWorkspaces") == ["Genomics"]
    })
    .await;
}

/// CHORUS's cache of `GET /workspaces/{id}` and `GET /workspaces`: a second stale at most,
/// in the chorus flavor only; ours answers the write at once.
#[tokio::test]
async fn workspace_reads_are_cached_a_second_on_chorus_only() {
    for chorus_flavor in [true, false] {
        let s = srv_with(if chorus_flavor { chorus() } else { frozen() });
        let admin = s.admin().await;
        let one = p("/workspaces/3");
        let list = p("/workspaces");
        let mut w = s.get(&one, Some(&admin)).await.ok()["result"]["workspace"].clone();
        s.get(&list, Some(&admin)).await.ok();
        w["name"] = json!("Imaging 2");
        s.put(&p("/workspaces"), Some(&admin), &w.to_string())
            .await
            .ok();
        let now = s.get(&one, Some(&admin)).await.ok();
        let listed = s.get(&list, Some(&admin)).await.ok();
        let (want_one, want_listed) = if chorus_flavor {
            ("Imaging Lab", "Imaging Lab")
        } else {
            ("Imaging 2", "Imaging 2")
        };
        assert_eq!(now["result"]["workspace"]["name"], want_one);
        assert_eq!(names(&listed, "workspaces")[2], want_listed);
        s.get_until(&one, &admin, |v| {
            v["result"]["workspace"]["name"] == "Imaging 2"
        })
        .await;
        s.get_until(&list, &admin, |v| names(v, "workspaces")[2] == "Imaging 2")
            .await;
    }
}

/// `PUT /workbenches` on CHORUS: only name, short name and description are written, each
/// left out is `""`; no id or an unknown one is its 404; a field it does not know is 400.
#[tokio::test]
async fn chorus_updates_a_session_s_name_short_name_and_description_only() {
    let seen = fixture("workbench_update.json");
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let admin = s.admin().await;
    let mut wb = s.workbench(1, &alice).await;
    let before = wb.clone();
    wb["name"] = json!("renamed");
    wb["shortName"] = json!("r");
    wb["description"] = json!("second");
    wb["workspaceId"] = json!("3");
    wb["initialResolutionWidth"] = json!(1);
    wb["status"] = json!("stopped");
    let v = s
        .put(&p("/workbenches"), Some(&alice), &wb.to_string())
        .await
        .ok();
    let after = &v["result"]["workbench"];
    assert_eq!(
        keys(after),
        keys(&seen["full_body"]["body"]["result"]["workbench"])
    );
    assert_eq!(after["name"], "renamed");
    assert_eq!(after["shortName"], "r");
    assert_eq!(after["description"], "second");
    for k in ["workspaceId", "initialResolutionWidth", "status", "userId"] {
        assert_eq!(after[k], before[k], "{k}");
    }
    for (body, written) in [
        (r#"{"id":"1","name":"min"}"#, &seen["name_only"]["written"]),
        (r#"{"id":"1"}"#, &seen["without_name"]["written"]),
        (r#"{"id":"1","name":""}"#, &seen["empty_name"]["written"]),
    ] {
        let v = s.put(&p("/workbenches"), Some(&alice), body).await.ok();
        for (k, want) in written.as_object().unwrap() {
            assert_eq!(&v["result"]["workbench"][k], want, "{body} {k}");
        }
    }
    for (body, case) in [
        (r#"{"id":"999999","name":"x"}"#, "unknown_id"),
        (r#"{"name":"x"}"#, "without_id"),
    ] {
        let r = s.put(&p("/workbenches"), Some(&admin), body).await;
        let v = r.assert_chorus_error(404, "NOT_FOUND");
        assert_eq!(v["message"], seen[case]["body"]["message"], "{body}");
    }
    let r = s
        .put(&p("/workbenches"), Some(&admin), r#"{"id":"1","bogus":1}"#)
        .await;
    assert_gateway(&r, 400, 3);
    // Nora may not: the permission on the session comes first.
    let nora = s.login("nora", "nora1234").await;
    let r = s
        .put(&p("/workbenches"), Some(&nora), r#"{"id":"1","name":"x"}"#)
        .await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(
        v["message"],
        "required permission: updateWorkbench@workbench=1"
    );
}

/// Ours wants a name and keeps what the body leaves out; a session read from our GET (with
/// its extension fields) can be sent back as it is.
#[tokio::test]
async fn ours_wants_a_name_and_keeps_what_is_left_out() {
    let s = srv();
    let alice = s.alice().await;
    let mut wb = s.workbench(1, &alice).await;
    wb["name"] = json!("Renamed");
    let v = s
        .put(&p("/workbenches"), Some(&alice), &wb.to_string())
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["name"], "Renamed");
    let v = s
        .put(
            &p("/workbenches"),
            Some(&alice),
            r#"{"id":"1","name":"Again"}"#,
        )
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["description"], wb["description"]);
    assert_eq!(s.workbench(1, &alice).await["name"], "Again");
    for body in [r#"{"id":"1"}"#, r#"{"id":"1","name":"  "}"#] {
        let r = s.put(&p("/workbenches"), Some(&alice), body).await;
        assert_eq!(r.validation_fields(), ["name"], "{body}");
    }
    s.put(
        &p("/workbenches"),
        Some(&alice),
        r#"{"id":"999","name":"x"}"#,
    )
    .await
    .assert_error(404, "NOT_FOUND");
    let bob = s.bob().await;
    s.put(&p("/workbenches"), Some(&bob), r#"{"id":"1","name":"x"}"#)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    // No misspelled prefix here.
    s.get(&p("/workbenchs"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}

/// `/workbenchs…` answers as `/workbenches…` on CHORUS (not the stream).
#[tokio::test]
async fn chorus_answers_every_workbench_route_under_workbenchs_too() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let both = |path: &str| {
        (
            p(&format!("/workbenches{path}")),
            p(&format!("/workbenchs{path}")),
        )
    };
    for path in ["?filter.workspaceIdsIn=1", "/1"] {
        let (a, b) = both(path);
        let x = s.get(&a, Some(&alice)).await.ok();
        let y = s.get(&b, Some(&alice)).await.ok();
        assert_eq!(x, y, "{path}");
    }
    let v = s
        .put(
            &p("/workbenchs"),
            Some(&alice),
            r#"{"id":"1","name":"via s"}"#,
        )
        .await
        .ok();
    assert_eq!(v["result"]["workbench"]["name"], "via s");
    // Audited as the same call: UpdateWorkbench of session 1 in workspace 1.
    let admin = s.admin().await;
    let v = s
        .get(&p("/audit?filter.action=UpdateWorkbench"), Some(&admin))
        .await
        .ok();
    let e = v["result"]["entries"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (e["workbenchId"].clone(), e["workspaceId"].clone()),
        (json!("1"), json!("1")),
        "{e}"
    );
    let body = r#"{"workspaceId":"1","name":"new"}"#;
    let v = s.post(&p("/workbenchs"), Some(&admin), body).await.ok();
    let id = v["result"]["workbench"]["id"].as_str().unwrap().to_string();
    s.delete(&p(&format!("/workbenchs/{id}")), Some(&admin))
        .await
        .ok();
    let seen = fixture("workbench_update.json");
    let r = s.get(&p("/workbenchs/1/stream"), Some(&alice)).await;
    assert_eq!(r.json(), seen["misspelled_prefix"]["stream"]["body"]);
}
