use super::*;

fn link(id: &str, name: &str) -> WebLink {
    Draft {
        name: name.into(),
        address: format!("https://{id}.example.org/"),
        ..Draft::default()
    }
    .check(None, id)
    .unwrap()
}

#[test]
fn parse_reads_chorus_web_ui_values_and_keeps_unknown_fields() {
    assert_eq!(parse(None).unwrap(), vec![]);
    let raw = r#"[{"id":"a","name":"Wiki","url":"https://wiki.example.org","description":"Docs","iconUrl":"data:image/png;base64,AA","openInNewTab":false,"color":"red"}]"#;
    let list = parse(Some(raw)).unwrap();
    assert_eq!(list[0].href(), Some("https://wiki.example.org"));
    assert_eq!(list[0].icon(), Some("data:image/png;base64,AA"));
    let back: Value = serde_json::from_str(&to_value(&list)).unwrap();
    assert_eq!(back, serde_json::from_str::<Value>(raw).unwrap());
}

#[test]
fn a_value_that_is_not_a_list_of_links_is_an_error_in_words() {
    for raw in ["{}", "nope", r#"[{"id":"a","name":"x"}]"#, "[null]"] {
        let e = parse(Some(raw)).unwrap_err();
        assert!(
            e.contains("could not be read") && e.contains("kept as they are"),
            "{e}"
        );
    }
}

#[test]
fn only_https_addresses_are_links() {
    for ok in [
        "https://a.example",
        " HTTPS://a.example:8443/x?y=1#z ",
        "https://[::1]/",
    ] {
        assert!(check_address(ok).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "http://a.example",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "https://",
        "https:///path",
        "https://user:pw@a.example/",
        "https://a.example/ x",
        "https://a\\b",
        "//a.example",
    ] {
        assert!(check_address(bad).is_err(), "{bad}");
    }
    assert!(check_address("http://a.example")
        .unwrap_err()
        .starts_with("Only an https://"));
    let stored = parse(Some(
        r#"[{"id":"a","name":"x","url":"javascript:alert(1)","iconUrl":"javascript:x"}]"#,
    ))
    .unwrap();
    assert_eq!(stored[0].href(), None);
    assert_eq!(stored[0].icon(), None);
}

#[test]
fn the_form_is_checked_field_by_field() {
    let d = Draft {
        name: " ".into(),
        address: "http://x.example".into(),
        description: "d".repeat(501),
        icon: "ftp://x".into(),
    };
    let fields: Vec<Field> = d
        .check(None, "n")
        .unwrap_err()
        .into_iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(
        fields,
        [Field::Name, Field::Address, Field::Description, Field::Icon]
    );
    let ok = Draft {
        name: " Wiki ".into(),
        address: "https://wiki.example.org".into(),
        description: "".into(),
        icon: "".into(),
    }
    .check(None, "n")
    .unwrap();
    assert_eq!(
        (
            ok.name.as_str(),
            ok.description,
            ok.icon_url,
            ok.open_in_new_tab
        ),
        ("Wiki", None, None, Some(true))
    );
}

#[test]
fn an_edit_keeps_fields_the_console_does_not_know() {
    let mut before = link("a", "Wiki");
    before.other.insert("color".into(), Value::from("red"));
    let mut d = Draft::of(&before);
    d.name = "Wiki 2".into();
    let after = d.check(Some(&before), "ignored").unwrap();
    assert_eq!(after.id, "a");
    assert_eq!(after.other.get("color"), Some(&Value::from("red")));
}

#[test]
fn a_save_applies_to_the_list_as_read_again() {
    let (a, b) = (link("a", "A"), link("b", "B"));
    // Another admin added c meanwhile: creating d keeps it.
    let c = link("c", "C");
    let fresh = vec![a.clone(), b.clone(), c.clone()];
    let d = link("d", "D");
    let out = apply(fresh.clone(), &Change::Create(d.clone())).unwrap();
    assert_eq!(out, vec![a.clone(), b.clone(), c.clone(), d]);
    // Editing a while another admin edited b: both kept.
    let mut b2 = b.clone();
    b2.name = "B2".into();
    let mut a2 = a.clone();
    a2.name = "A2".into();
    let out = apply(
        vec![a.clone(), b2.clone()],
        &Change::Edit {
            before: a.clone(),
            after: a2.clone(),
        },
    )
    .unwrap();
    assert_eq!(out, vec![a2.clone(), b2.clone()]);
    // The same link changed meanwhile: said, nothing written.
    let e = apply(
        vec![a2.clone()],
        &Change::Edit {
            before: a.clone(),
            after: a.clone(),
        },
    )
    .unwrap_err();
    assert!(
        e.starts_with("A2 was changed by someone else meanwhile"),
        "{e}"
    );
    let e = apply(vec![a2.clone()], &Change::Delete(a.clone())).unwrap_err();
    assert!(e.contains("changed by someone else"), "{e}");
    // Deleted meanwhile.
    let e = apply(
        vec![],
        &Change::Edit {
            before: a.clone(),
            after: a2,
        },
    )
    .unwrap_err();
    assert_eq!(
        e,
        "A was deleted by someone else meanwhile: nothing was saved."
    );
    assert_eq!(
        apply(vec![b.clone()], &Change::Delete(a.clone())).unwrap(),
        vec![b.clone()]
    );
    assert_eq!(
        apply(vec![a.clone(), b.clone()], &Change::Delete(a)).unwrap(),
        vec![b]
    );
}
