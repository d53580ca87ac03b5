use super::*;

fn row(id: &str, name: &str, image: &str, tag: &str) -> AppRow {
    AppRow {
        id: id.into(),
        name: name.into(),
        image_name: image.into(),
        tag: tag.into(),
        ..Default::default()
    }
}

fn names(apps: &[CatalogueApp]) -> Vec<String> {
    apps.iter().map(|a| a.newest().name.clone()).collect()
}

#[test]
fn versions_of_one_image_are_one_app_newest_first() {
    let apps = group(vec![
        row("7", "Grp", "x/grp", "1.0"),
        row("9", "Grp", "x/grp", "3.0"),
        row("8", "Grp", "x/grp", "2.0"),
        row("2", "Alpha tool", "x/alpha", "1"),
    ]);
    assert_eq!(names(&apps), ["Alpha tool", "Grp"]);
    let ids: Vec<_> = apps[1].versions.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["9", "8", "7"]);
    assert_eq!(
        apps[1].version_options(),
        vec![
            ("9".to_owned(), "3.0".to_owned()),
            ("8".to_owned(), "2.0".to_owned()),
            ("7".to_owned(), "1.0".to_owned())
        ]
    );
    assert_eq!(apps[1].version("8").tag, "2.0");
    assert_eq!(apps[1].version("nope").id, "9");
}

#[test]
fn kiosk_apps_group_by_name_like_chorus() {
    let apps = group(vec![
        row("1", "Wiki", "apps/kiosk", "1"),
        row("2", "wiki", "apps/kiosk", "2"),
        row("3", "Docs", "apps/kiosk", "1"),
    ]);
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[1].versions.len(), 2);
    assert_eq!(apps[1].newest().id, "2");
}

#[test]
fn grouped_versions_sent_by_the_backend_are_merged_and_pages_joined() {
    // Page 1 grouped (CHORUS lists only one of the others), page 2 has the group's other rows.
    let mut top = row("9", "Grp", "x/grp", "3.0");
    top.grouped = vec![("7".into(), "1.0".into())];
    let apps = group(vec![
        top,
        row("8", "Grp", "x/grp", "2.0"),
        row("7", "Grp", "x/grp", "1.0"),
    ]);
    assert_eq!(apps.len(), 1);
    let tags: Vec<_> = apps[0].versions.iter().map(|v| v.tag.as_str()).collect();
    assert_eq!(tags, ["3.0", "2.0", "1.0"]);
    // A grouped version alone takes the listed row's name.
    let mut top = row("9", "Grp", "x/grp", "3.0");
    top.grouped = vec![("4".into(), "0.9".into()), ("".into(), "x".into())];
    let apps = group(vec![top]);
    assert_eq!(apps[0].versions.len(), 2);
    assert_eq!(apps[0].versions[1].name, "Grp");
    assert_eq!(apps[0].versions[1].id, "4");
}

#[test]
fn inactive_deleted_and_off_versions_are_hidden() {
    let mut inactive = row("3", "Gone", "x/gone", "1");
    inactive.status = AppStatus::from_wire("inactive");
    let mut deleted = row("4", "Del", "x/del", "1");
    deleted.status = AppStatus::from_wire("APP_STATUS_DELETED");
    let mut off = row("5", "Off", "x/off", "1");
    off.stability = Stability::from_wire("OFF");
    // The newest version inactive: the older one is still offered.
    let mut newest_inactive = row("11", "Two", "x/two", "2");
    newest_inactive.status = AppStatus::Inactive;
    let mut weird = row("12", "Weird", "x/weird", "1");
    weird.status = AppStatus::from_wire("archived?");
    weird.stability = Stability::from_wire("experimental");
    let apps = group(vec![
        inactive,
        deleted,
        off,
        newest_inactive,
        row("10", "Two", "x/two", "1"),
        weird,
        row("", "No id", "x/noid", "1"),
    ]);
    assert_eq!(names(&apps), ["Two", "Weird"]);
    assert_eq!(apps[0].versions.len(), 1);
    assert_eq!(apps[0].newest().id, "10");
    assert_eq!(
        apps[1].newest().stability.words().as_deref(),
        Some("Stability: experimental")
    );
}

#[test]
fn stability_in_words() {
    assert_eq!(
        Stability::from_wire("beta").words().as_deref(),
        Some("Beta")
    );
    assert_eq!(
        Stability::from_wire(" Alpha ").words().as_deref(),
        Some("Alpha")
    );
    assert_eq!(Stability::from_wire("ready").words(), None);
    assert_eq!(Stability::from_wire("").words(), None);
    assert_eq!(
        Stability::from_wire("STABILITY_STATUS_BETA"),
        Stability::Beta
    );
    let long = Stability::from_wire(&"x".repeat(500)).words().unwrap();
    assert!(long.chars().count() <= 51);
    assert_eq!(AppStatus::from_wire(""), AppStatus::Active);
}

#[test]
fn tabs_from_the_apps_own_categories() {
    let mut a = row("1", "A", "x/a", "1");
    a.category = "Data".into();
    let mut b = row("2", "B", "x/b", "1");
    b.category = " data ".into();
    let mut c = row("3", "C", "x/c", "1");
    c.category = "<b>Dev</b>".into();
    let d = row("4", "D", "x/d", "1");
    let mut e = row("5", "E", "x/e", "1");
    e.category = "analysis".into();
    let apps = group(vec![a, b, c, d, e]);
    let t = tabs(&apps);
    let labels: Vec<_> = t.iter().map(Tab::label).collect();
    assert_eq!(labels, ["All", "<b>Dev</b>", "analysis", "Data"]);
    assert_eq!(shown(&apps, &t[3], ""), vec![0, 1]);
    assert_eq!(shown(&apps, &t[0], "").len(), 5);
    // An app without a category is only under All.
    assert!(!t[1..].iter().any(|tab| tab.holds(&apps[3])));
}

#[test]
fn search_matches_name_description_category_case_insensitively() {
    let mut a = row("1", "JupyterLab", "x/j", "4");
    a.description = "Notebooks for Python".into();
    a.category = "Data science".into();
    let apps = group(vec![a, row("2", "VS Code", "x/c", "1")]);
    for q in ["jupyter", "NOTEBOOK", "science", "lab python", "  "] {
        assert!(matches(&apps[0], q), "{q}");
    }
    assert!(!matches(&apps[0], "code"));
    assert!(!matches(&apps[0], "jupyter rstudio"));
    assert_eq!(shown(&apps, &Tab::All, "code"), vec![1]);
}

#[test]
fn count_in_words() {
    assert_eq!(count_words(12, 12, false, ""), "12 apps.");
    assert_eq!(count_words(1, 1, false, ""), "1 app.");
    assert_eq!(count_words(3, 1200, true, "x"), "3 of 1,200 apps match.");
    assert_eq!(count_words(1, 12, true, "x"), "1 of 12 apps matches.");
    assert_eq!(count_words(0, 12, true, " zz "), "No app matches “zz”.");
    assert_eq!(count_words(0, 12, true, ""), "No app in this category.");
}

#[test]
fn hostile_icons_become_letters() {
    let mut r = row("1", "  émile", "x", "1");
    for bad in [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "/icons/x.png",
        "\"><script>",
        "https://",
        "https://x/a b.png",
        "",
    ] {
        r.icon_url = bad.into();
        assert_eq!(icon_source(&r), Icon::Letter("É".into()), "{bad}");
    }
    r.icon_url = format!("data:image/png;base64,{}", "A".repeat(2 * 1024 * 1024));
    assert_eq!(icon_source(&r), Icon::Letter("É".into()));
    for good in [
        "https://x/i.png",
        "HTTP://x/i.png",
        "data:image/svg+xml;base64,PHN2Zz4=",
    ] {
        r.icon_url = good.into();
        assert_eq!(icon_source(&r), Icon::Image(good.into()));
    }
    let r = row("2", "<>", "x", "1");
    assert_eq!(icon_source(&r), Icon::Letter("?".into()));
}

#[test]
fn only_plain_colours() {
    for ok in [
        "#fff",
        "#A1B2C3",
        "#a1b2c3d4",
        "teal",
        "rgb(1, 2, 3)",
        "hsla(120deg, 50%, 50%, .5)",
    ] {
        assert!(plain_colour(ok).is_some(), "{ok}");
    }
    for bad in [
        "",
        "#ggg",
        "#12345",
        "red; background-image:url(x)",
        "url(https://x)",
        "var(--x)",
        "rgb(1,2,3); x",
        "expression(alert(1))",
        "rgb()",
    ] {
        assert_eq!(plain_colour(bad), None, "{bad}");
    }
}

#[test]
fn duplicate_tags_are_told_apart_and_names_kept_as_text() {
    let apps = group(vec![
        row("1", "<script>x</script>", "x/s", "1.0"),
        row("2", "<script>x</script>", "x/s", "1.0"),
        row("3", "<script>x</script>", "x/s", " "),
    ]);
    assert_eq!(apps[0].newest().name, "<script>x</script>");
    let labels: Vec<_> = apps[0].version_options().into_iter().map(|o| o.1).collect();
    assert_eq!(labels, ["(no tag)", "1.0 (#2)", "1.0 (#1)"]);
}

#[test]
fn hundreds_of_apps_group_in_one_pass() {
    let rows: Vec<AppRow> = (0..3000)
        .map(|i| {
            row(
                &i.to_string(),
                &format!("App {:04}", i % 1000),
                &format!("x/{}", i % 1000),
                &i.to_string(),
            )
        })
        .collect();
    let apps = group(rows);
    assert_eq!(apps.len(), 1000);
    assert!(apps.iter().all(|a| a.versions.len() == 3));
    assert_eq!(apps[0].newest().id, "2000");
}
