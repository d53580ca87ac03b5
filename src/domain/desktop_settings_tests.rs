use super::*;

#[test]
fn automatic_takes_the_region_first_then_the_language() {
    let l = |tags: &[&str]| layout_for_languages(tags.iter().copied()).code();
    assert_eq!(l(&["fr-CH"]), "ch");
    assert_eq!(l(&["de-CH", "de"]), "ch");
    assert_eq!(l(&["fr"]), "fr");
    assert_eq!(l(&["fr-FR"]), "fr");
    assert_eq!(l(&["fr-BE"]), "be");
    assert_eq!(l(&["nl-BE"]), "be");
    assert_eq!(
        l(&["de-AT"]),
        "de",
        "Austria is not one of the ten: its language"
    );
    assert_eq!(l(&["en-GB"]), "gb");
    assert_eq!(l(&["en"]), "us");
    assert_eq!(l(&["en-US"]), "us");
    assert_eq!(l(&["pt-BR"]), "pt");
    assert_eq!(l(&["it_CH"]), "ch", "an underscore is read too");
    assert_eq!(
        l(&["sr-Latn-CH"]),
        "ch",
        "a script between language and region"
    );
    assert_eq!(l(&["ja-JP", "de-DE"]), "de", "the first tag that names one");
    assert_eq!(l(&["ja"]), "us");
    assert_eq!(l(&[]), "us");
    assert_eq!(l(&["FR-ch"]), "ch", "any case");
}

#[test]
fn a_mac_is_told_by_its_user_agent() {
    assert!(is_mac(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/120 Safari/537.36"
    ));
    assert!(!is_mac(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"
    ));
    assert!(!is_mac(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
    ));
    assert!(!is_mac("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"));
}

fn policy(clipboard: Option<Clipboard>, files: bool) -> DesktopPolicy {
    DesktopPolicy {
        clipboard,
        file_transfer: files,
    }
}

#[test]
fn the_address_carries_every_parameter_with_the_policy() {
    let browser = Browser {
        languages: vec!["fr-CH".into(), "fr".into()],
        mac: false,
    };
    let f = desktop_frame(
        "/api/rest/v1/workbenches/7/stream/",
        &DesktopSettings::default(),
        &browser,
        &policy(Some(Clipboard::Disabled), false),
    );
    assert_eq!(
        f.src,
        "/api/rest/v1/workbenches/7/stream/?keyboard_layout=ch&keyboard=false&swap_keys=false\
         &clipboard=false&encoding=auto&offscreen=true&bandwidth_limit=0&file_transfer=false\
         &printing=false&sound=true"
    );
    assert!(!f.allow.contains("clipboard"), "{}", f.allow);
    assert!(!f.sandbox.contains("allow-downloads"), "{}", f.sandbox);
    assert!(f.sandbox.contains("allow-scripts"));

    let chosen = DesktopSettings {
        layout: Some(Layout::De),
        swap_keys: Some(true),
        keyboard: true,
        sound: false,
        quality: Quality::Png,
        bandwidth: Bandwidth::Mbit10,
        offscreen: false,
    };
    let f = desktop_frame(
        "https://s7.x.org/s/?a=1",
        &chosen,
        &browser,
        &policy(Some(Clipboard::Both), true),
    );
    assert_eq!(param(&f.src, "a"), Some("1"), "a query of its own is kept");
    for (k, v) in [
        ("keyboard_layout", "de"),
        ("keyboard", "true"),
        ("swap_keys", "true"),
        ("clipboard", "true"),
        ("encoding", "png"),
        ("offscreen", "false"),
        ("bandwidth_limit", "10000000"),
        ("file_transfer", "true"),
        ("printing", "true"),
        ("sound", "false"),
    ] {
        assert_eq!(param(&f.src, k), Some(v), "{k}");
    }
    assert!(f.allow.contains("clipboard-write"));
    assert!(!f.allow.contains("clipboard-read"));
    assert!(f.sandbox.contains("allow-downloads"));
}

#[test]
fn the_clipboard_is_on_for_any_direction_and_written_only_toward_the_researcher() {
    for (c, on, out) in [
        (None, false, false),
        (Some(Clipboard::Disabled), false, false),
        (Some(Clipboard::Other("sideways".into())), false, false),
        (Some(Clipboard::ToServer), true, false),
        (Some(Clipboard::ToClient), true, true),
        (Some(Clipboard::Both), true, true),
    ] {
        let p = policy(c.clone(), false);
        assert_eq!(p.clipboard_on(), on, "{c:?}");
        assert_eq!(p.clipboard_out(), out, "{c:?}");
        assert_eq!(p.allow().contains("clipboard-write"), out, "{c:?}");
    }
}

#[test]
fn a_mac_swaps_cmd_and_ctrl_until_the_user_says_otherwise() {
    let mac = Browser {
        languages: vec![],
        mac: true,
    };
    let p = DesktopPolicy::default();
    let swap = |s: &DesktopSettings| desktop_frame("/s/", s, &mac, &p).src;
    assert_eq!(
        param(&swap(&DesktopSettings::default()), "swap_keys"),
        Some("true")
    );
    let off = DesktopSettings {
        swap_keys: Some(false),
        ..DesktopSettings::default()
    };
    assert_eq!(param(&swap(&off), "swap_keys"), Some("false"));
}

#[test]
fn settings_are_kept_and_read_back() {
    let s = DesktopSettings {
        layout: Some(Layout::Gb),
        swap_keys: Some(false),
        keyboard: true,
        sound: false,
        quality: Quality::Webp,
        bandwidth: Bandwidth::Mbit1,
        offscreen: false,
    };
    assert_eq!(DesktopSettings::from_stored(&s.to_stored()), s);
    let d = DesktopSettings::default();
    assert_eq!(DesktopSettings::from_stored(&d.to_stored()), d);
    assert_eq!(DesktopSettings::from_stored(""), d);
    assert_eq!(
        DesktopSettings::from_stored("layout=xx&sound=maybe&encoding=gif&junk"),
        d,
        "what is unknown keeps its default"
    );
}

#[test]
fn a_policy_change_is_told_from_a_choice_of_the_researcher() {
    let b = Browser::default();
    let s = DesktopSettings::default();
    let off = desktop_frame("/s/", &s, &b, &policy(Some(Clipboard::Disabled), false));
    let both = desktop_frame("/s/", &s, &b, &policy(Some(Clipboard::Both), false));
    let to_server = desktop_frame("/s/", &s, &b, &policy(Some(Clipboard::ToServer), false));
    let files = desktop_frame("/s/", &s, &b, &policy(Some(Clipboard::Disabled), true));
    assert!(policy_differs(&off, &both));
    assert!(policy_differs(&off, &to_server), "the parameter alone");
    assert!(policy_differs(&off, &files));
    let german = DesktopSettings {
        layout: Some(Layout::De),
        ..s
    };
    let de = desktop_frame(
        "/s/",
        &german,
        &b,
        &policy(Some(Clipboard::Disabled), false),
    );
    assert!(!policy_differs(&off, &de));
    assert_ne!(off, de);
}

#[test]
fn every_choice_has_a_name_and_a_code_read_back() {
    for l in Layout::ALL {
        assert_eq!(Layout::from_code(l.code()), Some(l));
        assert!(!l.name().is_empty());
    }
    for q in Quality::ALL {
        assert_eq!(Quality::from_code(q.code()), Some(q));
    }
    for b in Bandwidth::ALL {
        assert_eq!(Bandwidth::from_code(b.code()), Some(b));
    }
}
