//! The app catalogue (api.md §1): the grouped list, the admin's create, whole-row update, soft
//! delete and bulk create, in both flavors; the chorus flavor against the replies recorded on
//! CHORUS 0978bc77 (fixtures/chorus/apps_catalogue.json).

use serde_json::{json, Value};

use crate::common::*;

fn apps(v: &Value) -> Vec<Value> {
    v["result"]["apps"].as_array().cloned().unwrap_or_default()
}

fn find<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no app {id}"))
}

/// An error of the app controller: this status and gRPC code (the chorus flavor's `details`
/// are empty: `chorus_seen`-style checks in `writes_are_refused_as_chorus_refuses_them`).
#[track_caller]
fn refused(r: &Resp, status: u16, code: i64) -> Value {
    assert_eq!(r.status.as_u16(), status, "{}", r.text());
    let v = r.json();
    assert_eq!(v["code"], code, "{v}");
    v
}

/// Every field of an app, in the flavor's registry.
fn body(registry: &str, name: &str, tag: &str) -> Value {
    json!({"name": name, "description": "first <b>version</b>", "status": "active",
        "dockerImageRegistry": registry, "dockerImageName": "walk/fix", "dockerImageTag": tag,
        "shmSize": "2Gi", "minCPU": "500m", "maxCPU": "1", "minMemory": "512Mi", "maxMemory": "1Gi",
        "minEphemeralStorage": "1Gi", "maxEphemeralStorage": "10Gi", "browserConfigURL": "",
        "browserConfigJWTURL": "https://jwt.example/token", "browserConfigJWTOIDCClientID": "kiosk-client",
        "iconURL": "", "iconBackgroundColor": "#112233", "stabilityStatus": "beta", "category": "data"})
}

#[tokio::test]
async fn the_seed_groups_versions_and_lists_inactive_apps() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let t = s.bob().await;
        let v = s.get(&p("/apps"), Some(&t)).await.ok();
        let list = apps(&v);
        assert_eq!(list.len(), 8, "{v}");
        let orthanc = find(&list, "8");
        assert_eq!(
            orthanc["groupedVersions"],
            json!([{"id": "7", "dockerImageTag": "1.0"}])
        );
        assert_eq!(find(&list, "9")["status"], "inactive");
        assert_eq!(find(&list, "5")["stabilityStatus"], "beta");
        assert_eq!(find(&list, "6")["stabilityStatus"], "alpha");
        assert_eq!(find(&list, "1")["category"], "Data science");
        let v = s.get(&p("/apps?disableGrouping=true"), Some(&t)).await.ok();
        assert_eq!(apps(&v).len(), 9);
        assert!(apps(&v).iter().all(|a| a["groupedVersions"] == json!([])));
        // A plain user may list but not read one app.
        let r = s.get(&p("/apps/1"), Some(&t)).await;
        assert_eq!(r.status, 403, "{}", r.text());
    }
}

#[tokio::test]
async fn the_steward_creates_updates_and_deletes_an_app() {
    for (config, registry) in [(frozen(), "registry.example.org"), (chorus(), "")] {
        let s = srv_with(config);
        let t = s.admin().await;
        let v = s
            .post(
                &p("/apps"),
                Some(&t),
                &body(registry, "fix-a", "1.0").to_string(),
            )
            .await
            .ok();
        let a = &v["result"]["app"];
        assert_id(&a["id"]);
        assert_eq!(a["browserConfigJWTOIDCClientID"], "kiosk-client");
        assert_eq!(a["groupedVersions"], json!([]));
        assert_eq!(a["createdAt"], a["updatedAt"]);
        let id = a["id"].as_str().unwrap().to_string();
        // Whole-row update: what is not sent becomes "".
        let up = json!({"id": id, "name": "fix-a", "status": "inactive",
            "dockerImageName": "walk/fix", "dockerImageTag": "1.0"});
        let v = s.put(&p("/apps"), Some(&t), &up.to_string()).await.ok();
        let a = &v["result"]["app"];
        for k in [
            "description",
            "category",
            "stabilityStatus",
            "browserConfigJWTURL",
            "iconBackgroundColor",
            "maxCPU",
        ] {
            assert_eq!(a[k], "", "{k}");
        }
        assert_eq!(a["status"], "inactive");
        let r = s
            .put(
                &p("/apps"),
                Some(&t),
                &json!({"id": "999", "name": "x", "status": "active"}).to_string(),
            )
            .await;
        assert_eq!(refused(&r, 404, 5)["message"],
            "unable to call 'UpdateApp': unable to update app; unable to update app x: sql: no rows in result set");
        // Soft delete: the row stays readable, renamed; deleting again works again.
        assert_eq!(
            s.delete(&p(&format!("/apps/{id}")), Some(&t)).await.ok(),
            json!({"result": {}})
        );
        let v = s.get(&p(&format!("/apps/{id}")), Some(&t)).await.ok();
        let a = &v["result"]["app"];
        assert_eq!(a["status"], "deleted");
        let name = a["name"].as_str().unwrap();
        assert!(
            name.starts_with("fix-a-") && name.len() == "fix-a-".len() + 36,
            "{name}"
        );
        s.delete(&p(&format!("/apps/{id}")), Some(&t)).await.ok();
        let r = s.delete(&p("/apps/999"), Some(&t)).await;
        assert_eq!(refused(&r, 404, 5)["message"],
            "unable to call 'DeleteApp': unable to delete app: unable to get app 999: database: no rows deleted");
        let r = s.get(&p("/apps/999"), Some(&t)).await;
        refused(&r, 404, 5);
        let v = s
            .get(
                &p("/apps?disableGrouping=true&pagination.limit=50"),
                Some(&t),
            )
            .await
            .ok();
        assert!(
            apps(&v).iter().all(|a| a["id"] != id.as_str()),
            "deleted rows are not listed"
        );
    }
}

#[tokio::test]
async fn writes_are_refused_as_chorus_refuses_them() {
    let seen = fixture("apps_catalogue.json");
    for (config, chorus) in [(frozen(), false), (chorus(), true)] {
        let s = srv_with(config);
        let t = s.admin().await;
        let post = |b: Value| {
            let s = &s;
            let t = t.clone();
            async move { s.post(&p("/apps"), Some(&t), &b.to_string()).await }
        };
        let reg = if chorus { "" } else { "registry.example.org" };
        for (status, key) in [("", "createEmptyStatus"), ("ACTIVE", "createUpperStatus")] {
            let r = post(json!({"name": "x", "status": status})).await;
            if chorus {
                assert_gateway(&r, 500, 13);
            }
            assert_eq!(
                refused(&r, 500, 13)["message"],
                seen[key]["body"]["message"]
            );
        }
        let r = post(
            json!({"name": "x", "status": "active", "dockerImageRegistry": "registry.example"}),
        )
        .await;
        let v = refused(&r, 500, 13);
        if chorus {
            assert_eq!(v["message"], seen["createRegistry"]["body"]["message"]);
        } else {
            assert_eq!(v["message"], "unable to call 'CreateApp': unable to create app: app image registry \"registry.example\" does not match configured registry \"registry.example.org\"");
        }
        let r = post(json!({"name": "x", "status": "active", "app": {}})).await;
        assert_eq!(r.status, 400, "{}", r.text());
        let r = post(
            json!({"name": "x", "status": "active", "dockerImageRegistry": reg,
            "dockerImageName": "walk/fix", "dockerImageTag": "missing"}),
        )
        .await;
        if chorus {
            r.ok();
        } else {
            assert_eq!(refused(&r, 500, 13)["message"],
                "unable to call 'CreateApp': unable to create app: app image registry.example.org/walk/fix:missing does not exist");
        }
        // The body's tenant, creator and versions are ignored; any stability is stored.
        let mut b = body(reg, "fix-b", "2.0");
        b["tenantId"] = json!("7");
        b["userId"] = json!("99");
        b["stabilityStatus"] = json!("whatever");
        b["groupedVersions"] = json!([{"id": "1", "dockerImageTag": "x"}]);
        let v = post(b).await.ok();
        let a = &v["result"]["app"];
        assert_eq!(
            (
                a["tenantId"].as_str(),
                a["userId"].as_str(),
                a["stabilityStatus"].as_str()
            ),
            (Some("1"), Some("1"), Some("whatever"))
        );
        let alice = s.alice().await;
        let r = s
            .post(&p("/apps"), Some(&alice), &body(reg, "x", "1").to_string())
            .await;
        assert_eq!(r.status, 403, "{}", r.text());
        if chorus {
            assert_eq!(
                r.json()["message"],
                seen["createAsPlainUser"]["body"]["message"]
            );
        }
    }
}

#[tokio::test]
async fn the_chorus_list_is_cached_five_seconds_and_groups_as_chorus_does() {
    let seen = fixture("apps_catalogue.json");
    // What CHORUS answered: pagination on a miss, none on a hit; one other version only.
    assert!(seen["listPage"]["body"]["pagination"].is_object());
    assert!(seen["listPageCacheHit"]["body"].get("pagination").is_none());
    assert_eq!(seen["listLimit101"]["status"], 400);
    let s = srv_with(chorus());
    let t = s.admin().await;
    let q = p("/apps?pagination.limit=100&pagination.offset=0&pagination.sort.type=id&pagination.sort.order=asc");
    let v = s.get(&q, Some(&t)).await.ok();
    assert_eq!(
        v["pagination"],
        json!({"total": 9, "offset": 0, "limit": 100, "sort": {"order": "ASC", "type": "id"}})
    );
    // A third Orthanc: CHORUS lists only the group's first row as the other version.
    let mut b = body("", "Orthanc", "3.0");
    b["dockerImageName"] = json!("apps/orthanc");
    let new =
        s.post(&p("/apps"), Some(&t), &b.to_string()).await.ok()["result"]["app"]["id"].clone();
    let v = s.get(&q, Some(&t)).await.ok();
    assert!(v.get("pagination").is_none(), "a hit: {v}");
    assert_eq!(
        apps(&v).len(),
        8,
        "the cached rows: the new app is not there yet"
    );
    let other = p("/apps?pagination.limit=99");
    let v = s.get(&other, Some(&t)).await.ok();
    let list = apps(&v);
    let head = find(&list, new.as_str().unwrap());
    assert_eq!(
        head["groupedVersions"],
        json!([{"id": "7", "dockerImageTag": "1.0"}])
    );
    let r = s.get(&p("/apps?pagination.limit=101"), Some(&t)).await;
    assert_eq!(
        refused(&r, 400, 3)["message"],
        seen["listLimit101"]["body"]["message"]
    );
    // Ours: no cache, every other version, a limit up to 1000.
    let s = srv();
    let t = s.admin().await;
    let mut b = body("", "Orthanc", "3.0");
    b["dockerImageName"] = json!("apps/orthanc");
    s.post(&p("/apps"), Some(&t), &b.to_string()).await.ok();
    let v = s
        .get(&p("/apps?pagination.limit=1000"), Some(&t))
        .await
        .ok();
    assert_eq!(
        v["pagination"],
        json!({"total": 10, "offset": 0, "limit": 1000})
    );
    let head = find(&apps(&v), "10").clone();
    assert_eq!(
        head["groupedVersions"],
        json!([{"id": "7", "dockerImageTag": "1.0"}, {"id": "8", "dockerImageTag": "2.0"}])
    );
}

#[tokio::test]
async fn bulk_creates_all_or_nothing_and_never_stops_on_an_empty_list() {
    for (config, reg) in [(frozen(), "registry.example.org"), (chorus(), "")] {
        let s = srv_with(config);
        let t = s.admin().await;
        let two = json!({"apps": [body(reg, "bulk-a", "1"), body(reg, "bulk-b", "2")]});
        let v = s
            .post(&p("/apps/bulk"), Some(&t), &two.to_string())
            .await
            .ok();
        assert!(v.get("result").is_none(), "no envelope: {v}");
        assert_eq!(v["apps"].as_array().map(Vec::len), Some(2));
        let bad =
            json!({"apps": [body(reg, "bulk-c", "1"), body("elsewhere.example", "bulk-d", "2")]});
        refused(
            &s.post(&p("/apps/bulk"), Some(&t), &bad.to_string()).await,
            500,
            13,
        );
        let r = s.post(&p("/apps/bulk"), Some(&t), r#"{"apps":[]}"#).await;
        refused(&r, 500, 13);
        // Still answering.
        let v = s
            .get(
                &p("/apps?disableGrouping=true&pagination.limit=77"),
                Some(&t),
            )
            .await
            .ok();
        assert_eq!(apps(&v).len(), 11, "bulk-c was not written");
    }
}

/// CHORUS's `GetApp` cache (`fixtures/chorus/apps_catalogue.json`, `getAfterUpdate`): an app read
/// again within the second after an update is the one read before it, whoever asks; the update's
/// own reply has the new row. `POST /api/dev/app-cache?ms=0` turns it off.
#[tokio::test]
async fn an_app_read_again_within_the_second_is_the_one_before_an_update() {
    let seen = fixture("apps_catalogue.json");
    let steps = seen["getAfterUpdate"]["requests"].as_array().unwrap();
    assert_eq!(
        steps[0]["description"], steps[2]["description"],
        "seen: the kept app"
    );
    assert_ne!(steps[1]["description"], steps[2]["description"]);
    let s = srv_with(chorus());
    let t = s.admin().await;
    let v = s
        .post(
            &p("/apps"),
            Some(&t),
            &body("", "cached", "1.0").to_string(),
        )
        .await
        .ok();
    let id = v["result"]["app"]["id"].as_str().unwrap().to_string();
    let url = p(&format!("/apps/{id}"));
    let read = s.get(&url, Some(&t)).await.ok()["result"]["app"].clone();
    let mut up = read.clone();
    up.as_object_mut().unwrap().remove("groupedVersions");
    up["description"] = json!("changed in the second");
    let v = s.put(&p("/apps"), Some(&t), &up.to_string()).await.ok();
    assert_eq!(v["result"]["app"]["description"], "changed in the second");
    let again = s.get(&url, Some(&t)).await.ok();
    assert_eq!(again["result"]["app"], read, "the kept app");
    let v = s.dev("POST", "/api/dev/app-cache?ms=0", "{}").await.ok();
    assert_eq!(v["ttlMs"], 0);
    let v = s.get(&url, Some(&t)).await.ok();
    assert_eq!(v["result"]["app"]["description"], "changed in the second");
    // The frozen flavor has no such cache.
    let s = srv_with(frozen());
    let t = s.admin().await;
    let v = s
        .post(
            &p("/apps"),
            Some(&t),
            &body("registry.example.org", "fresh", "1.0").to_string(),
        )
        .await
        .ok();
    let mut up = v["result"]["app"].clone();
    let url = p(&format!("/apps/{}", up["id"].as_str().unwrap()));
    s.get(&url, Some(&t)).await.ok();
    up.as_object_mut().unwrap().remove("groupedVersions");
    up["description"] = json!("at once");
    s.put(&p("/apps"), Some(&t), &up.to_string()).await.ok();
    let v = s.get(&url, Some(&t)).await.ok();
    assert_eq!(v["result"]["app"]["description"], "at once");
}
