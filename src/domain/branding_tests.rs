use super::*;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

#[test]
fn logos_read_as_chorus_web_ui_writes_them_and_wrong_shapes_are_said() {
    let l = parse_logo(r#"{"light":"data:image/png;base64,AAAA","dark":null}"#).unwrap();
    assert_eq!(l.light.as_deref(), Some("data:image/png;base64,AAAA"));
    assert_eq!(l.dark, None);
    assert_eq!(parse_logo(&logo_json(&l)).unwrap(), l);
    assert_eq!(parse_logo("{}").unwrap(), Logo::default());
    for bad in [
        "not json",
        "[]",
        "\"x\"",
        r#"{"light":3}"#,
        r#"{"dark":{"a":1}}"#,
    ] {
        let e = parse_logo(bad).unwrap_err();
        assert!(e.contains("not of the form"), "{bad}: {e}");
    }
}

#[test]
fn only_image_data_and_paths_outside_the_api_are_shown() {
    for ok in [
        "data:image/png;base64,AAAA",
        "data:image/jpeg;base64,/9j/4A==",
        "data:image/webp;base64,UklGRg==",
        "/static/logo.svg",
        "/logo.png?v=2",
        "/apis/logo.png",
        "/brand/rapid.png",
    ] {
        assert_eq!(shown_logo(ok), Some(ok), "{ok}");
    }
    for bad in [
        // Issue 55: asked with each user's cookie by every header and the login page.
        "/api/rest/v1/users/me",
        "/API/rest/v1/users/me",
        "/chorus/api/rest/v1/users/me",
        "/api",
        "/api?x=1",
        "/x/../api/rest/v1/users/me",
        "/./api/rest/v1/users/me",
        "/%61pi/rest/v1/users/me",
        "/x/%2e%2e/api/rest/v1/users/me",
        "/\\api\\rest",
        // Another site learns who opens the console; the deployed policy blocks it anyway.
        "https://example.org/logo.png",
        "http://example.org/logo.png",
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "data:image/gif;base64,R0lGOD",
        "data:image/png,AAAA",
        "data:image/png;base64,",
        "data:image/png;base64,AA\"onerror=x",
        "//evil.example/x.png",
        "/a b.png",
        "/\"onerror=\"x",
        "<img src=x>",
        "logo.png",
        "",
    ] {
        assert_eq!(shown_logo(bad), None, "{bad}");
    }
    let both = Logo {
        light: Some("/l.png".into()),
        dark: None,
    };
    assert_eq!(logo_for(&both, true), Some("/l.png"));
    let bad_dark = Logo {
        light: Some("/l.png".into()),
        dark: Some("/api/rest/v1/users/me".into()),
    };
    assert_eq!(logo_for(&bad_dark, true), Some("/l.png"));
    let none = Logo {
        light: Some("/api/rest/v1/users/me".into()),
        dark: Some("https://e.org/l.png".into()),
    };
    assert_eq!(logo_for(&none, false), None);
}

#[test]
fn a_logo_file_is_checked_by_size_first_and_by_its_bytes() {
    assert!(check_logo_file("image/png", 1000).is_ok());
    let e = check_logo_file("image/png", 600 * 1024).unwrap_err();
    assert!(
        e.contains("The logo must be a PNG, JPEG or WebP image of at most 512 KB"),
        "{e}"
    );
    let e = check_logo_file("application/pdf", 10).unwrap_err();
    assert!(e.contains("application/pdf"), "{e}");
    let uri = logo_data_uri("image/png", PNG).unwrap();
    assert!(uri.starts_with("data:image/png;base64,"));
    // Named a PNG, but text.
    let e = logo_data_uri("image/png", b"<script>alert(1)</script>").unwrap_err();
    assert!(e.contains("not one") && e.contains("The logo must"), "{e}");
}

#[test]
fn colours_are_checked_before_they_reach_a_style() {
    for ok in [
        "#fff",
        "#1a2B3c",
        "#11223344",
        "rgb(10, 20, 30)",
        "hsl(222.2 47.4% 11.2%)",
        "oklch(0.7 0.1 200 / 50%)",
        "222.2 47.4% 11.2%",
        "-1 +2.% .5%",
    ] {
        assert!(valid_colour(ok), "{ok}");
    }
    for bad in [
        "",
        "red;}body{display:none",
        "#ggg",
        "#12345",
        "url(x)",
        "rgb(1,2,3);x:y",
        "expression(alert(1))",
        "hsl(1 2% 3%) }",
        "1 2 3",
        "red",
        // A bare triple is plain decimals: no exponent, no lone point or sign, no `inf`.
        "1e3 2% 3%",
        ". 2% 3%",
        "- 1% 2%",
        "inf 1% 2%",
        "1.2.3 1% 2%",
    ] {
        assert!(!valid_colour(bad), "{bad}");
    }
    assert_eq!(
        css_colour("222 47% 11%").as_deref(),
        Some("hsl(222 47% 11%)")
    );
    assert_eq!(hex6("#ABC").as_deref(), Some("#aabbcc"));
    assert_eq!(hex6("rgb(1,2,3)"), None);
}

#[test]
fn a_theme_becomes_the_consoles_variables_and_keeps_what_it_does_not_know() {
    let t = parse_theme(
        r##"{"light":{"primary":"#112233","muted":"bad;}","radius":"4px"},"dark":{"background":"#000"}}"##,
    )
    .unwrap();
    assert_eq!(
        t.properties(false),
        vec![("--accent", "#112233".to_owned())]
    );
    assert_eq!(t.properties(true), vec![("--bg", "#000".to_owned())]);
    assert_eq!(theme_variables().count(), COLOURS.len());
    let mut t2 = t.clone();
    t2.set("dark", "primary", "#abcdef");
    let again = parse_theme(&theme_json(&t2)).unwrap();
    assert_eq!(again.colour("light", "radius"), Some("4px"));
    assert_eq!(again.colour("dark", "primary"), Some("#abcdef"));
    assert!(Theme::default().properties(false).is_empty());
    assert!(Theme::default().properties(true).is_empty());
    assert!(parse_theme("[1]").unwrap_err().contains("not of the form"));
    assert!(parse_theme(r#"{"light":"x"}"#).is_err());
}

#[test]
fn default_theme_and_limits() {
    assert_eq!(parse_default_theme("Dark"), Ok("dark"));
    assert_eq!(parse_default_theme("system"), Ok("system"));
    assert!(parse_default_theme("neon<b>")
        .unwrap_err()
        .contains("neon<b>"));
    assert_eq!(
        parse_limits(r#"{"maxWorkspacesPerUser":2,"maxSessionsPerUser":null}"#),
        Ok([Some(2), None, None])
    );
    assert!(parse_limits("nope").unwrap_err().contains("not JSON"));
    assert!(parse_limits(r#"{"maxSessionsPerUser":-1}"#)
        .unwrap_err()
        .contains("maxSessionsPerUser"));
    assert_eq!(parse_limit_input("Sessions per user", " "), Ok(None));
    assert_eq!(parse_limit_input("Sessions per user", "2"), Ok(Some(2)));
    for bad in ["-1", "2.5", "x", "4294967296"] {
        let e = parse_limit_input("Sessions per user", bad).unwrap_err();
        assert!(e.starts_with("Sessions per user must be"), "{e}");
    }
    let json = limits_json(&[None, Some(2), Some(0)]);
    assert_eq!(
        json,
        r#"{"maxAppInstancesPerUser":0,"maxSessionsPerUser":2,"maxWorkspacesPerUser":null}"#
    );
    // The platform's reading of what the form writes.
    let l = crate::domain::limits::Limits::parse(Some(&json));
    assert_eq!((l.workspaces, l.sessions), (None, Some(2)));
}

#[test]
fn chorus_record_limits_are_zero_for_none() {
    let mut r = PlatformSettings::default();
    r.set_limits(&[Some(3), None, Some(5_000_000_000)]);
    assert_eq!(
        (
            r.max_workspaces_per_user,
            r.max_sessions_per_user,
            r.max_app_instances_per_user
        ),
        (3, 0, 0)
    );
    assert_eq!(r.limits(), [Some(3), None, None]);
}

#[test]
fn names_are_trimmed_and_shown_as_text() {
    assert_eq!(shown_name("  "), None);
    assert_eq!(shown_name(" <b>Lab</b> ").as_deref(), Some("<b>Lab</b>"));
    assert_eq!(shown_name(&"x".repeat(100)).map(|s| s.len()), Some(80));
}
