use serde_json::json;

use super::*;

fn app(v: serde_json::Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap()
}

/// A row as CHORUS 0978bc77 sends it (fixtures/chorus/apps_catalogue.json `create`).
fn read() -> Map<String, Value> {
    app(
        json!({"id": "5", "tenantId": "1", "userId": "1", "name": "apps-admin-fix-a",
        "description": "first <b>version</b>", "status": "active", "dockerImageRegistry": "",
        "dockerImageName": "apps-admin/fix", "dockerImageTag": "1.0", "groupedVersions": [],
        "shmSize": "2Gi", "maxCPU": "1", "minCPU": "500m", "maxMemory": "1Gi", "minMemory": "512Mi",
        "maxEphemeralStorage": "10Gi", "minEphemeralStorage": "1Gi", "browserConfigURL": "",
        "browserConfigJWTURL": "https://jwt.example/token", "browserConfigJWTOIDCClientID": "kiosk-client",
        "iconURL": "", "iconBackgroundColor": "#112233", "stabilityStatus": "beta", "category": "data",
        "createdAt": "2026-11-26T02:45:57.138991Z", "updatedAt": "2026-11-26T02:45:57.138991Z",
        "futureField": {"x": 1}}),
    )
}

#[test]
fn an_edit_sends_back_every_field_it_does_not_show() {
    let original = read();
    let mut d = AppDraft::of(&original);
    assert_eq!(d.stability, "beta");
    assert_eq!(Preset::of(&d.resources), Preset::Custom);
    d.description = "second".into();
    let body = d.body(Some(&original));
    assert_eq!(body["description"], "second");
    for k in [
        "category",
        "stabilityStatus",
        "iconBackgroundColor",
        "browserConfigJWTURL",
        "browserConfigJWTOIDCClientID",
        "tenantId",
        "userId",
        "status",
        "id",
        "futureField",
    ] {
        assert_eq!(body[k], original[k], "{k}");
    }
    for k in ["groupedVersions", "createdAt", "updatedAt"] {
        assert!(!body.contains_key(k), "{k}");
    }
}

#[test]
fn a_new_app_is_active_with_every_field() {
    let mut d = AppDraft::new_app();
    d.name = "Walk".into();
    d.image = " walk/app ".into();
    d.tag = "1.0".into();
    d.resources = Preset::Small.resources().unwrap();
    let body = d.body(None);
    assert_eq!(body["status"], "active");
    assert_eq!(body["dockerImageName"], "walk/app");
    assert_eq!(body["stabilityStatus"], "ready");
    assert_eq!(body["minCPU"], "500m");
    assert_eq!(body["shmSize"], "2Gi");
    assert_eq!(body.len(), 20, "{body:?}");
    assert!(!body.contains_key("id"));
    assert!(problems(&d).is_empty(), "{:?}", problems(&d));
}

#[test]
fn presets_fill_the_quantities_and_are_recognised() {
    assert_eq!(Preset::Auto.resources(), Some(Resources::default()));
    assert_eq!(Preset::of(&Resources::default()), Preset::Auto);
    for p in Preset::ALL {
        if let Some(r) = p.resources() {
            assert_eq!(Preset::of(&r), p);
            let d = AppDraft {
                name: "a".into(),
                image: "i".into(),
                tag: "t".into(),
                resources: r,
                ..AppDraft::default()
            };
            assert!(problems(&d).is_empty(), "{p:?}");
        }
    }
    assert_eq!(Preset::from_label("Medium"), Preset::Medium);
    assert_eq!(Preset::from_label("nonsense"), Preset::Custom);
    assert_eq!(Preset::Large.resources().unwrap().max_memory, "3072Mi");
}

#[test]
fn problems_are_said_per_field_before_sending() {
    let d = AppDraft {
        name: "  ".into(),
        tag: "".into(),
        image: "".into(),
        registry: "registry.example.org/apps".into(),
        icon_url: format!("data:image/png;base64,{}", "A".repeat(2_000_000)),
        web_address: "javascript:alert(1)".into(),
        resources: Resources {
            min_cpu: "1.5.5".into(),
            max_cpu: "1".into(),
            min_memory: "2Gi".into(),
            max_memory: "1Gi".into(),
            shm: "2GB".into(),
            ..Resources::default()
        },
        ..AppDraft::default()
    };
    let ps = problems(&d);
    let on = |f: Field| {
        ps.iter()
            .filter(|p| p.field == f)
            .map(|p| p.words.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(on(Field::Name), "Give the app a name.");
    assert!(on(Field::Tag).contains("tag"));
    assert!(on(Field::Image).contains("image's name"));
    assert!(on(Field::Registry).contains("host name"));
    assert!(
        on(Field::IconUrl).contains("2.0 MB; at most 274 KB"),
        "{}",
        on(Field::IconUrl)
    );
    assert!(on(Field::WebAddress).contains("https://"));
    assert!(on(Field::MinCpu).contains("more than one decimal point"));
    assert_eq!(
        on(Field::MinMemory),
        "The minimum memory (2Gi) is above the maximum (1Gi)."
    );
    assert!(on(Field::Shm).contains("“GB”"));
    let fine = AppDraft {
        icon_url: "data:text/html,<script>".into(),
        ..AppDraft::default()
    };
    assert!(problems(&fine)
        .iter()
        .any(|p| p.field == Field::IconUrl && p.words.contains("must be an image")));
}

#[test]
fn words_of_a_row() {
    let a = read();
    assert_eq!(image(&a), "apps-admin/fix:1.0");
    let b = app(
        json!({"dockerImageRegistry": "registry.example.org", "dockerImageName": "apps/x", "dockerImageTag": 2}),
    );
    assert_eq!(image(&b), "registry.example.org/apps/x:2");
    assert_eq!(status_words("inactive"), "Inactive");
    assert_eq!(status_words("APP_STATUS_ACTIVE"), "Active");
    assert_eq!(status_words("weird"), "Unknown status “weird”");
    assert_eq!(stability_words("beta"), "Beta");
    assert_eq!(stability_words(""), "Not set");
    assert_eq!(stability_words("whatever"), "“whatever”");
    assert!(is_active(&a));
}

#[test]
fn image_refusals_are_said_in_words() {
    let none = r#"unable to call 'CreateApp': unable to create app: app image registry "registry.example" does not match configured registry """#;
    assert!(image_refusal(none)
        .unwrap()
        .contains("Leave Image registry empty"));
    let ours = r#"unable to call 'CreateApp': unable to create app: app image registry "x" does not match configured registry "registry.example.org""#;
    assert!(image_refusal(ours)
        .unwrap()
        .contains("registry.example.org"));
    let missing = "unable to call 'CreateApp': unable to create app: app image registry.example.org/walk/fix:missing does not exist";
    assert!(image_refusal(missing).unwrap().contains("no such image"));
    assert_eq!(
        image_refusal("conversion error: unable to convert app status"),
        None
    );
}

/// CHORUS's `GetApp` cache (fixtures/chorus/apps_catalogue.json `getAfterUpdate`): the read at
/// once after the update is the row from before it, older than the update's reply.
#[test]
fn a_read_from_before_the_pages_own_update_is_older() {
    let mut before = read();
    before.insert("updatedAt".into(), json!("2026-11-29T13:37:43.782338Z"));
    let mut saved = read();
    saved.insert("updatedAt".into(), json!("2026-11-29T16:07:11.448045Z"));
    assert!(is_older(&before, &saved));
    assert!(
        !is_older(&saved, &before),
        "a newer read (another admin's save) is taken"
    );
    assert!(!is_older(&saved, &saved.clone()), "the same time: the read");
    // Fractions of other lengths compare by time, not as text.
    let mut short = read();
    short.insert("updatedAt".into(), json!("2026-11-29T16:07:11.4Z"));
    assert!(is_older(&short, &saved));
    assert!(!is_older(&saved, &short));
    // Unreadable or missing times: the read is taken.
    for bad in [json!("yesterday"), json!(12), Value::Null] {
        let mut odd = read();
        odd.insert("updatedAt".into(), bad);
        assert!(!is_older(&odd, &saved));
        assert!(!is_older(&saved, &odd));
    }
    let mut none = read();
    none.remove("updatedAt");
    assert!(!is_older(&none, &saved));
}
