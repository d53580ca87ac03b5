//! Workspaces (api.md): listed by role, read with access checks, created.

use crate::common::*;

#[tokio::test]
async fn workspaces_are_listed_by_role() {
    let s = srv();
    for (tok, want) in [
        (s.admin().await, vec!["1", "2", "3"]),
        (s.alice().await, vec!["1", "2"]),
        (s.bob().await, vec!["1"]),
    ] {
        let v = s.get(&p("/workspaces"), Some(&tok)).await.ok();
        assert_eq!(ids(&v["result"]["workspaces"]), want);
        assert_eq!(v["pagination"]["total"], want.len());
    }
    let a = s.admin().await;
    let v = s.get(&p("/workspaces"), Some(&a)).await.ok();
    let w = &v["result"]["workspaces"][0];
    assert_eq!(
        (w["name"].as_str(), w["shortName"].as_str()),
        (Some("Demo"), Some("demo"))
    );
    for k in ["id", "tenantId", "userId"] {
        assert_id(&w[k]);
    }
    assert_eq!(w["status"], "active");
    assert_rfc3339(&w["createdAt"]);
    assert_rfc3339(&w["updatedAt"]);
    let names: Vec<&str> = v["result"]["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Demo", "Genomics", "Imaging Lab"]);

    let v = s
        .get(
            &p("/workspaces?pagination.offset=1&pagination.limit=1"),
            Some(&a),
        )
        .await
        .ok();
    assert_eq!(ids(&v["result"]["workspaces"]), ["2"]);
    assert_eq!(
        v["pagination"],
        serde_json::json!({"total": 3, "offset": 1, "limit": 1})
    );
    let f = s
        .get(&p("/workspaces?pagination.limit=abc"), Some(&a))
        .await
        .validation_fields();
    assert_eq!(f, ["pagination.limit"]);
}

#[tokio::test]
async fn get_workspace_checks_access() {
    let s = srv();
    let alice = s.alice().await;
    let v = s.get(&p("/workspaces/2"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["workspace"]["name"], "Genomics");
    s.get(&p("/workspaces/3"), Some(&alice))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.get(&p("/workspaces/99"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.get(&p("/workspaces/abc"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn create_workspace() {
    let s = srv();
    let (admin, alice) = (s.admin().await, s.alice().await);
    let body = r#"{"name":"Proteomics","shortName":"proteomics","description":"Mass spec"}"#;
    s.post(&p("/workspaces"), Some(&alice), body)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.post(&p("/workspaces"), Some(&admin), body).await.ok();
    let w = &v["result"]["workspace"];
    assert_eq!(
        (w["id"].as_str(), w["name"].as_str()),
        (Some("4"), Some("Proteomics"))
    );
    assert_eq!(w["userId"], "1");
    s.post(&p("/workspaces"), Some(&admin), body)
        .await
        .assert_error(409, "ALREADY_EXISTS");
    let f = s
        .post(
            &p("/workspaces"),
            Some(&admin),
            r#"{"name":"  ","shortName":"Bad Name"}"#,
        )
        .await
        .validation_fields();
    assert!(
        f.contains(&"name".into()) && f.contains(&"shortName".into()),
        "{f:?}"
    );
    s.get(&p("/workspaces/4"), Some(&admin)).await.ok();
}
