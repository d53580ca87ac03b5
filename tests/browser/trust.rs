//! Browser tests: the terms of use's markdown ([`Markdown`]: elements, text never markup,
//! links out of the app) and the two-factor set-up's QR code ([`QrCode`]: SVG elements).
use console::components::markdown::Markdown;
use console::components::qr_code::QrCode;
use leptos::prelude::*;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

#[wasm_bindgen_test]
async fn markdown_is_elements_and_html_in_it_is_text() {
    let text = "# Terms\n\nRead *this* and [our site](https://example.org).\n\n\
                <script>window.pwned = 1</script>\n\n\
                [bad](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n- one\n- two";
    let m = mount(move || view! { <Markdown text=text.to_owned()/> });
    tick(0).await;
    assert_eq!(
        m.query("h2").map(|h| h.text_content()),
        Some(Some("Terms".into()))
    );
    assert!(m.query("em").is_some());
    assert_eq!(m.query_all("li").len(), 2);
    // The HTML of the text is text: no script, no image, no second link.
    assert!(m.query("script").is_none());
    assert!(m.query("img").is_none());
    assert!(m.text().contains("<script>window.pwned = 1</script>"));
    let links = m.query_all("a");
    assert_eq!(links.len(), 1);
    let a = &links[0];
    assert_eq!(
        a.get_attribute("href").as_deref(),
        Some("https://example.org")
    );
    assert_eq!(a.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        a.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert!(m.text().contains("bad"));
}

#[wasm_bindgen_test]
async fn markdown_follows_its_text() {
    let text = RwSignal::new("one".to_owned());
    let m = mount(move || view! { <Markdown text=text/> });
    tick(0).await;
    assert_eq!(m.text(), "one");
    text.set("**two**".into());
    tick(0).await;
    assert!(m.query("strong").is_some());
    assert_eq!(m.text(), "two");
}

#[wasm_bindgen_test]
async fn a_qr_code_is_an_svg_image_of_elements() {
    let m =
        mount(|| view! { <QrCode text="otpauth://totp/CHORUS:alice?secret=JBSWY3DPEHPK3PXP"/> });
    tick(0).await;
    let svg = m.query("svg").expect("an svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("QR code for your authenticator app")
    );
    assert!(m.query("svg rect").is_some());
    let d = m.query("svg path").and_then(|p| p.get_attribute("d"));
    assert!(d.is_some_and(|d| d.starts_with("M4 4h7v1h-7z")));
}
