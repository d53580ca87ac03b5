//! Workspace services (api.md §3; `routes/services/`, `store/services.rs`,
//! `sim/services.rs`): the lifecycle with the simulated operator stepped by the clock, who may
//! do what, the errors, the operator switched off, and the replies of a running CHORUS
//! (fixtures/chorus/workspace_services.json) reproduced by the chorus flavor.

use std::collections::BTreeSet;

use crate::common::*;
use devserver::Config;
use serde_json::{json, Value};

const LIST: &str = "/workspace-service-instances";

fn path(id: &str) -> String {
    p(&format!("{LIST}/{id}"))
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// A PostgreSQL service of workspace `ws`, as the console's preset sends it.
fn pg(ws: u64, name: &str, tag: &str) -> Value {
    json!({
        "workspaceId": ws.to_string(), "name": name, "state": "Running",
        "chartRegistry": "harbor.int.chorus-tre.ch", "chartRepository": "services/postgres",
        "chartTag": tag, "valuesOverrideJson": "{\"auth\": {\"database\": \"study\"}}",
        "credentialsSecretName": "", "credentialsPaths": [],
        "connectionInfoTemplate": "postgresql://{{ .Host }}:{{.Port}}/{{ .Name }}",
        "computedValues": {"size": "small"}
    })
}

async fn create(s: &Srv, token: &str, body: &Value) -> Value {
    let r = s.post(&p(LIST), Some(token), &body.to_string()).await;
    r.ok()["result"]["workspaceServiceInstance"].clone()
}

async fn get(s: &Srv, token: &str, id: &str) -> Value {
    s.get(&path(id), Some(token)).await.ok()["result"]["workspaceServiceInstance"].clone()
}

/// The whole row sent back with another desired state (as the console's Stop/Start do).
async fn set_state(s: &Srv, token: &str, row: &Value, state: &str) -> Value {
    let mut body = row.clone();
    body["state"] = json!(state);
    let r = s.put(&p(LIST), Some(token), &body.to_string()).await;
    r.ok()["result"]["workspaceServiceInstance"].clone()
}

async fn lifecycle(config: Config) {
    let s = srv_with(config);
    let wendy = s.login("wendy", "wendy123").await;
    let alice = s.alice().await;
    let row = create(&s, &wendy, &pg(1, "study-db", "0.0.4")).await;
    let id = row["id"].as_str().unwrap().to_string();
    assert_eq!(row["state"], "Running");
    assert_eq!(row["status"], "", "nothing reported yet: {row}");
    assert_eq!(
        row["valuesOverrideJson"],
        r#"{"auth":{"database":"study"}}"#
    );
    let secrets = s.get(&path(&format!("{id}/secrets")), Some(&alice)).await;
    assert_eq!(secrets.ok(), json!({"result": {"secrets": {}}}));

    s.advance(1.0);
    let v = get(&s, &alice, &id).await;
    assert_eq!(v["status"], "Progressing", "{v}");
    assert_eq!(v["connectionInfo"], "");
    s.advance(4.0);
    let v = get(&s, &alice, &id).await;
    assert_eq!(v["status"], "Running", "{v}");
    assert_eq!(
        v["connectionInfo"],
        "postgresql://study-db.workspace1.svc:5432/study-db"
    );
    assert_eq!(v["secretName"], "study-db-credentials");
    let secrets = s.get(&path(&format!("{id}/secrets")), Some(&alice)).await;
    let secrets = secrets.ok()["result"]["secrets"].clone();
    assert_eq!(secrets["username"], "study-db");
    assert!(secrets["password"].as_str().is_some_and(|p| p.len() >= 16));

    let v = set_state(&s, &wendy, &v, "Stopped").await;
    assert_eq!(
        (v["state"].as_str(), v["status"].as_str()),
        (Some("Stopped"), Some("Running"))
    );
    s.advance(1.0);
    assert_eq!(get(&s, &alice, &id).await["status"], "Progressing");
    s.advance(2.0);
    let v = get(&s, &alice, &id).await;
    assert_eq!(v["status"], "Stopped", "{v}");
    let v = set_state(&s, &wendy, &v, "Running").await;
    s.advance(5.0);
    assert_eq!(get(&s, &alice, &id).await["status"], "Running", "{v}");

    let r = s.delete(&path(&id), Some(&wendy)).await;
    assert_eq!(
        r.ok(),
        json!({"result": {"workspaceServiceInstance": null}})
    );
    let v = get(&s, &alice, &id).await;
    assert_eq!(
        (v["state"].as_str(), v["status"].as_str()),
        (Some("Deleted"), Some("Running"))
    );
    s.advance(1.0);
    assert_eq!(get(&s, &alice, &id).await["status"], "Progressing");
    s.advance(2.0);
    let r = s.get(&path(&id), Some(&alice)).await;
    assert_eq!(r.status, 404, "{}", r.text());
    assert!(r.json()["message"].as_str().unwrap().starts_with(&format!(
        "unable to resolve workspace service instance {id}: "
    )));
    let list = s
        .get(&p(&format!("{LIST}?filter.workspaceIdsIn=1")), Some(&alice))
        .await;
    let names: Vec<_> = list.ok()["result"]["workspaceServiceInstances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(!names.contains(&"study-db".to_string()), "{names:?}");
}

#[tokio::test]
async fn a_service_starts_stops_and_goes_away_as_the_operator_reports() {
    lifecycle(frozen()).await;
    lifecycle(chorus()).await;
}

#[tokio::test]
async fn a_chart_with_fail_in_its_tag_fails_with_a_message() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let wendy = s.login("wendy", "wendy123").await;
        let row = create(&s, &wendy, &pg(1, "broken", "0.0.4-fail")).await;
        s.advance(5.0);
        let v = get(&s, &wendy, row["id"].as_str().unwrap()).await;
        assert_eq!(v["status"], "Failed", "{v}");
        assert_eq!(
            v["statusMessage"],
            "helm install failed: failed to pull chart \
             oci://harbor.int.chorus-tre.ch/services/postgres:0.0.4-fail: not found"
        );
        assert_eq!(v["connectionInfo"], "");
    }
}

#[tokio::test]
async fn members_read_admins_manage_outsiders_see_nothing() {
    for config in [frozen(), chorus()] {
        let chorus = config.flavor == devserver::config::Flavor::Chorus;
        let s = srv_with(config);
        let wendy = s.login("wendy", "wendy123").await;
        let (alice, bob) = (s.alice().await, s.bob().await);
        let nora = s.login("nora", "nora1234").await;
        let row = create(&s, &wendy, &pg(1, "shared-db", "0.0.4")).await;
        let id = row["id"].as_str().unwrap();
        let filtered = p(&format!("{LIST}?filter.workspaceIdsIn=1"));
        // A member lists, reads and reveals the secret; a viewer (CHORUS: a guest) only lists.
        for t in [&alice, &bob] {
            let v = s.get(&filtered, Some(t)).await.ok();
            assert!(ids(&v["result"]["workspaceServiceInstances"]).contains(&id.to_string()));
        }
        s.get(&path(id), Some(&alice)).await.ok();
        s.get(&path(&format!("{id}/secrets")), Some(&alice))
            .await
            .ok();
        assert_eq!(s.get(&path(id), Some(&bob)).await.status, 403);
        // Only the workspace's admin writes.
        let r = s
            .post(&p(LIST), Some(&alice), &pg(1, "mine", "1").to_string())
            .await;
        let v = r.assert_status_and_code(403, "PERMISSION_DENIED");
        if chorus {
            assert_eq!(
                v["message"],
                "required permission: createWorkspaceServiceInstance@workspace=1"
            );
        }
        let r = s.put(&p(LIST), Some(&alice), &row.to_string()).await;
        assert_eq!(r.status, 403);
        assert_eq!(s.delete(&path(id), Some(&alice)).await.status, 403);
        // Someone of no workspace: an empty list, 403 on the workspace and on the service.
        let v = s.get(&p(LIST), Some(&nora)).await.ok();
        assert_eq!(v["result"], json!({"workspaceServiceInstances": []}));
        let r = s.get(&filtered, Some(&nora)).await;
        assert_eq!(r.status, 403);
        assert_eq!(r.json()["message"], "not authorized to access workspace 1");
        if chorus {
            // fixtures/chorus/workspace_services.json "listOutsiderFiltered".
            let seen = fixture("workspace_services.json");
            let mut want = seen["listOutsiderFiltered"]["body"].clone();
            want["message"] = json!("not authorized to access workspace 1");
            assert_eq!(r.json(), want);
        }
        assert_eq!(s.get(&path(id), Some(&nora)).await.status, 403);
        assert_eq!(
            s.get(&path(&format!("{id}/secrets")), Some(&nora))
                .await
                .status,
            403
        );
        // Unauthenticated.
        assert_eq!(s.get(&p(LIST), None).await.status, 401);
    }
}

#[tokio::test]
async fn the_chorus_flavor_answers_as_chorus_did() {
    let seen = fixture("workspace_services.json");
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let alice = s.alice().await;
    let body = |k: &str| -> Value {
        let req = seen[k]["request"].as_str().unwrap();
        let mut v: Value =
            serde_json::from_str(req.split_once(' ').unwrap().1.split_once(' ').unwrap().1)
                .unwrap();
        if v.get("workspaceId").is_some() {
            v["workspaceId"] = json!("1");
        }
        v
    };
    // Every field written, status fields ignored, values re-marshalled as Go does.
    let r = s
        .post(&p(LIST), Some(&admin), &body("create").to_string())
        .await;
    let row = r.ok()["result"]["workspaceServiceInstance"].clone();
    let want = &seen["create"]["body"]["result"]["workspaceServiceInstance"];
    assert_eq!(keys(&row), keys(want));
    for k in [
        "name",
        "state",
        "valuesOverrideJson",
        "credentialsPaths",
        "computedValues",
        "status",
        "connectionInfo",
        "secretName",
    ] {
        assert_eq!(row[k], want[k], "{k}");
    }
    assert_eq!(row["createdAt"], row["updatedAt"]);
    let id = row["id"].as_str().unwrap().to_string();
    let min = s
        .post(&p(LIST), Some(&admin), &body("createMinimal").to_string())
        .await
        .ok();
    assert_eq!(
        min["result"]["workspaceServiceInstance"]["state"],
        seen["createMinimal"]["body"]["result"]["workspaceServiceInstance"]["state"]
    );
    // No pagination object without pagination parameters; unsorted rows by name.
    let v = s
        .get(&p(&format!("{LIST}?filter.workspaceIdsIn=1")), Some(&alice))
        .await
        .ok();
    assert_eq!(keys(&v), keys(&seen["listFiltered"]["body"]));
    let names: Vec<_> = v["result"]["workspaceServiceInstances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("h1-aa-min"), json!("h1-fix")]);
    let v = s
        .get(
            &p(&format!(
                "{LIST}?filter.workspaceIdsIn=1&pagination.limit=1"
            )),
            Some(&alice),
        )
        .await
        .ok();
    // (CHORUS had more rows: its total differs.)
    let mut want = seen["listPaged"]["body"]["pagination"].clone();
    want["total"] = json!(2);
    assert_eq!(v["pagination"], want);
    // The errors, word for word.
    let same = |r: &Resp, k: &str| {
        assert_eq!(
            r.status.as_u16() as u64,
            seen[k]["status"].as_u64().unwrap(),
            "{k}: {}",
            r.text()
        );
        assert_eq!(r.json(), seen[k]["body"], "{k}");
    };
    for k in [
        "duplicate",
        "valuesArray",
        "valuesSyntax",
        "noNameNoWorkspace",
        "badName",
    ] {
        let r = s.post(&p(LIST), Some(&admin), &body(k).to_string()).await;
        same(&r, k);
    }
    let r = s.get(&path("99999"), Some(&admin)).await;
    same(&r, "getUnknown");
    let r = s
        .put(&p(LIST), Some(&admin), &body("updateUnknown").to_string())
        .await;
    same(&r, "updateUnknown");
    // An update keeps the name and clears what it does not send.
    let mut upd = body("update");
    upd["id"] = json!(id);
    let v = s.put(&p(LIST), Some(&admin), &upd.to_string()).await.ok();
    let want = &seen["update"]["body"]["result"]["workspaceServiceInstance"];
    for k in [
        "name",
        "state",
        "chartTag",
        "valuesOverrideJson",
        "credentialsSecretName",
        "credentialsPaths",
        "computedValues",
        "status",
    ] {
        assert_eq!(v["result"]["workspaceServiceInstance"][k], want[k], "{k}");
    }
    // The delete, and the row that lingers (the chorus flavor has the operator: switch it off
    // as on that CHORUS).
    s.dev("PUT", "/api/dev/operator", r#"{"services":false}"#)
        .await
        .ok();
    let r = s.delete(&path(&id), Some(&admin)).await;
    same(&r, "delete");
    s.advance(600.0);
    let v = get(&s, &admin, &id).await;
    let want = &seen["getAfterDelete"]["body"]["result"]["workspaceServiceInstance"];
    assert_eq!(
        (&v["state"], &v["status"]),
        (&want["state"], &want["status"])
    );
}

#[tokio::test]
async fn our_flavor_words_its_errors_with_details() {
    let s = srv();
    let wendy = s.login("wendy", "wendy123").await;
    create(&s, &wendy, &pg(1, "dup", "1")).await;
    let r = s
        .post(&p(LIST), Some(&wendy), &pg(1, "dup", "1").to_string())
        .await;
    r.assert_error(409, "ALREADY_EXISTS");
    // The audit log has the create (and the failed one).
    let audit = s.get("/api/dev/audit", None).await.ok();
    let creates: Vec<_> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "CreateServiceInstance")
        .collect();
    assert_eq!(creates.len(), 2, "{audit}");
    assert_eq!(creates[0]["workspaceId"], "1", "{}", creates[0]);
    let mut bad = pg(1, "arr", "1");
    bad["valuesOverrideJson"] = json!("[1]");
    let r = s.post(&p(LIST), Some(&wendy), &bad.to_string()).await;
    let v = r.assert_error(500, "CONVERSION_ERROR");
    assert!(v["message"]
        .as_str()
        .unwrap()
        .starts_with("conversion error: unable to unmarshal valuesOverrideJson: "));
    let r = s
        .post(
            &p(LIST),
            Some(&wendy),
            r#"{"workspaceId":"1","name":"a <b>","state":"Up"}"#,
        )
        .await;
    assert_eq!(r.validation_fields(), vec!["name", "state"]);
    // An admin of Demo cannot rewrite another workspace's service through its own id.
    let admin = s.admin().await;
    let other = create(&s, &admin, &pg(2, "genomics-db", "1")).await;
    let mut body = other.clone();
    body["workspaceId"] = json!("1");
    assert_eq!(
        s.put(&p(LIST), Some(&wendy), &body.to_string())
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn without_the_operator_nothing_is_reported_and_a_delete_lingers() {
    let s = srv();
    let v = s.get("/api/dev/operator", None).await.ok();
    assert_eq!(v, json!({"services": true, "pushFails": false}));
    s.dev("PUT", "/api/dev/operator", r#"{"services":false}"#)
        .await
        .ok();
    let wendy = s.login("wendy", "wendy123").await;
    let row = create(&s, &wendy, &pg(1, "quiet", "1")).await;
    let id = row["id"].as_str().unwrap();
    s.advance(600.0);
    let v = get(&s, &wendy, id).await;
    assert_eq!(
        (v["status"].as_str(), v["connectionInfo"].as_str()),
        (Some(""), Some(""))
    );
    let secrets = s
        .get(&path(&format!("{id}/secrets")), Some(&wendy))
        .await
        .ok();
    assert_eq!(secrets["result"]["secrets"], json!({}));
    s.delete(&path(id), Some(&wendy)).await.ok();
    s.advance(600.0);
    assert_eq!(get(&s, &wendy, id).await["state"], "Deleted");
    // Back on: the operator finishes what it was asked.
    s.dev("POST", "/api/dev/operator", r#"{"services":true}"#)
        .await
        .ok();
    assert_eq!(s.get(&path(id), Some(&wendy)).await.status, 404);
    // A reset puts the operator back as the command line said.
    s.dev("PUT", "/api/dev/operator", r#"{"services":false}"#)
        .await
        .ok();
    s.dev("POST", "/api/dev/reset", "{}").await;
    assert_eq!(
        s.get("/api/dev/operator", None).await.ok(),
        json!({"services": true, "pushFails": false})
    );
}

/// A failed push to the cluster (`{"pushFails":true}`): CHORUS's 500 after the row changed, so
/// a read shows what was sent (the settings page says "saved, but the cluster could not apply
/// it"). Both flavors; a reset makes the push work again.
#[tokio::test]
async fn a_failed_push_answers_500_after_the_row_changed() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let admin = s.admin().await;
        let before =
            s.get(&p("/workspaces/1"), Some(&admin)).await.ok()["result"]["workspace"].clone();
        s.dev("PUT", "/api/dev/operator", r#"{"pushFails":true}"#)
            .await
            .ok();
        let mut body = before.clone();
        body["name"] = json!("Renamed, not pushed");
        let r = s
            .put(&p("/workspaces"), Some(&admin), &body.to_string())
            .await;
        assert_eq!(r.status, 500, "{}", r.text());
        assert!(
            r.text().contains("Unable to sync workspace 1 to K8s"),
            "{}",
            r.text()
        );
        let after = s
            .get_until(&p("/workspaces/1"), &admin, |v| {
                v["result"]["workspace"]["name"] == "Renamed, not pushed"
            })
            .await;
        assert_eq!(after["result"]["workspace"]["name"], "Renamed, not pushed");
        s.dev("POST", "/api/dev/reset", "{}").await;
        assert_eq!(
            s.get("/api/dev/operator", None).await.ok()["pushFails"],
            json!(false)
        );
    }
}

#[tokio::test]
async fn the_demo_has_a_running_database_in_our_flavor_only() {
    let s = srv();
    let alice = s.alice().await;
    let v = s.get(&p(LIST), Some(&alice)).await.ok();
    let rows = v["result"]["workspaceServiceInstances"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows.len(), 1, "{v}");
    assert_eq!(rows[0]["name"], "analytics-db");
    assert_eq!(rows[0]["status"], "Running");
    assert_eq!(
        rows[0]["connectionInfo"],
        "postgresql://analytics-db.workspace1.svc:5432"
    );
    let quiet = srv_with(Config {
        no_operator: true,
        ..frozen()
    });
    let alice = quiet.alice().await;
    let v = quiet.get(&p(LIST), Some(&alice)).await.ok();
    assert_eq!(v["result"]["workspaceServiceInstances"][0]["status"], "");
    let c = srv_with(chorus());
    let admin = c.admin().await;
    let v = c.get(&p(LIST), Some(&admin)).await.ok();
    assert_eq!(v, json!({"result": {"workspaceServiceInstances": []}}));
}

/// api.md §3 "Cross-workspace update": CHORUS checks the update on the body's `workspaceId`
/// and writes the row of that `id` wherever it lives; the chorus flavor does the same (ours
/// refuses: `our_flavor_words_its_errors_with_details`).
#[tokio::test]
async fn the_chorus_flavor_lets_an_admin_rewrite_another_workspace_s_service() {
    let s = srv_with(chorus());
    let admin = s.admin().await;
    let wendy = s.login("wendy", "wendy123").await;
    let other = create(&s, &admin, &pg(2, "genomics-db", "1")).await;
    let mut body = other.clone();
    body["workspaceId"] = json!("1");
    body["state"] = json!("Stopped");
    let v = s.put(&p(LIST), Some(&wendy), &body.to_string()).await.ok();
    let row = &v["result"]["workspaceServiceInstance"];
    assert_eq!(
        (&row["workspaceId"], &row["state"]),
        (&json!("2"), &json!("Stopped"))
    );
}
