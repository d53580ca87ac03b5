//! Apps and app instances (api.md): the list, instances that start once their session runs, the
//! failing Legacy Viewer, errors.

use crate::common::*;

#[tokio::test]
async fn apps_are_listed() {
    let s = srv();
    let t = s.bob().await;
    let v = s.get(&p("/apps"), Some(&t)).await.ok();
    let apps = v["result"]["apps"].as_array().unwrap();
    let names: Vec<&str> = apps.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "JupyterLab",
            "VS Code",
            "RStudio",
            "Legacy Viewer",
            "Napari",
            "QGIS",
            "Orthanc",
            "Old Notebook"
        ]
    );
    // Orthanc 1.0 (7) is grouped under Orthanc 2.0 (8).
    assert_eq!(
        ids(&v["result"]["apps"]),
        ["1", "2", "3", "4", "5", "6", "8", "9"]
    );
    for a in apps {
        for k in [
            "description",
            "iconURL",
            "dockerImageName",
            "dockerImageTag",
        ] {
            assert!(a[k].is_string(), "{k}");
        }
    }
}

#[tokio::test]
async fn app_instances_start_once_their_session_runs() {
    let s = srv();
    let t = s.alice().await;
    let body = r#"{"tenantId":"1","userId":"2","workspaceId":"1","workbenchId":"1","appId":"1"}"#;
    let v = s.post(&p("/app-instances"), Some(&t), body).await.ok();
    let inst = &v["result"]["appInstance"];
    assert_eq!(inst["id"], "1");
    assert_eq!(
        (inst["appName"].as_str(), inst["k8sStatus"].as_str()),
        (Some("JupyterLab"), Some(""))
    );
    assert_eq!(
        (
            inst["workbenchId"].as_str(),
            inst["workspaceId"].as_str(),
            inst["appId"].as_str()
        ),
        (Some("1"), Some("1"), Some("1"))
    );
    assert_eq!(inst["k8sState"], "Running");
    assert_rfc3339(&inst["createdAt"]);
    let page = p("/app-instances/1/stream/");
    assert_eq!(s.get(&page, Some(&t)).await.status, 503);
    s.advance(26.0);
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Progressing");
    s.advance(5.0);
    let v = s
        .get(&p("/app-instances?filter.workbenchIdsIn=1"), Some(&t))
        .await
        .ok();
    let list = v["result"]["appInstances"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["k8sStatus"], "Running");
    let r = s.get(&page, Some(&t)).await;
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("JupyterLab") && r.text().contains("App instance 1"),
        "{}",
        r.text()
    );
    // Another session's filter.
    let v = s
        .get(&p("/app-instances?filter.workbenchIdsIn=2"), Some(&t))
        .await
        .ok();
    assert!(v["result"]["appInstances"].as_array().unwrap().is_empty());
    // Stop the session: the app stops too.
    s.post(&p("/workbenches/1/stop"), Some(&t), "{}").await;
    s.advance(5.0);
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Stopped");
}

#[tokio::test]
async fn legacy_viewer_fails_until_fixed() {
    let s = srv();
    let t = s.alice().await;
    s.advance(26.0);
    let mk = |app: u64| format!(r#"{{"workbenchId":"1","appId":"{app}"}}"#);
    s.post(&p("/app-instances"), Some(&t), &mk(4)).await.ok();
    s.advance(5.0);
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    let inst = &v["result"]["appInstance"];
    assert_eq!(inst["k8sStatus"], "Failed");
    assert!(inst["k8sMessage"]
        .as_str()
        .unwrap()
        .contains("could not start"));
    let r = s.get(&p("/app-instances/1/stream/"), Some(&t)).await;
    assert_eq!(r.status, 503);
    assert!(r.text().contains("App failed to start"));
    assert_eq!(
        s.put("/api/dev/apps/4/failing", None, r#"{"failing":false}"#)
            .await
            .status,
        204
    );
    s.post(&p("/app-instances"), Some(&t), &mk(4)).await.ok();
    s.advance(5.0);
    let v = s.get(&p("/app-instances/2"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Running");
    // The failed one stays failed.
    let v = s.get(&p("/app-instances/1"), Some(&t)).await.ok();
    assert_eq!(v["result"]["appInstance"]["k8sStatus"], "Failed");
    s.put("/api/dev/apps/99/failing", None, r#"{"failing":true}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    s.put("/api/dev/apps/1/failing", None, r#"{"failing":"yes"}"#)
        .await
        .validation_fields();
}

#[tokio::test]
async fn app_instance_errors() {
    let s = srv();
    let (alice, bob) = (s.alice().await, s.bob().await);
    let url = p("/app-instances");
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"workbenchId":"1"}"#)
            .await
            .validation_fields(),
        ["appId"]
    );
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"workbenchId":"1","appId":"42"}"#)
            .await
            .validation_fields(),
        ["appId"]
    );
    assert_eq!(
        s.post(&url, Some(&alice), r#"{"appId":"1"}"#)
            .await
            .validation_fields(),
        ["workbenchId"]
    );
    assert_eq!(
        s.post(
            &url,
            Some(&alice),
            r#"{"workbenchId":"1","appId":"1","workspaceId":"2"}"#
        )
        .await
        .validation_fields(),
        ["workspaceId"]
    );
    s.post(&url, Some(&alice), r#"{"workbenchId":"55","appId":"1"}"#)
        .await
        .assert_error(404, "NOT_FOUND");
    s.post(&url, Some(&bob), r#"{"workbenchId":"1","appId":"1"}"#)
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.post(&url, Some(&alice), "nope")
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.get(&p("/app-instances/5"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.delete(&p("/app-instances/5"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    s.post(&url, Some(&alice), r#"{"workbenchId":"1","appId":"2"}"#)
        .await
        .ok();
    // Bob may look but not close it.
    s.get(&p("/app-instances/1"), Some(&bob)).await.ok();
    s.delete(&p("/app-instances/1"), Some(&bob))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    let v = s.delete(&p("/app-instances/1"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["appInstance"]["status"], "deleted");
    s.get(&p("/app-instances/1"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
    assert_eq!(
        s.get(&p("/app-instances?filter.workbenchIdsIn=zz"), Some(&alice))
            .await
            .validation_fields(),
        ["filter.workbenchIdsIn"]
    );
    // Deleting a session deletes its app instances.
    s.post(&url, Some(&alice), r#"{"workbenchId":"3","appId":"2"}"#)
        .await
        .ok();
    s.delete(&p("/workbenches/3"), Some(&alice)).await.ok();
    s.get(&p("/app-instances/2"), Some(&alice))
        .await
        .assert_error(404, "NOT_FOUND");
}
