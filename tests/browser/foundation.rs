//! Browser tests: the foundation (error alert, loading, login form, not-found page).
use console::api::error::http_error;
use console::api::ApiClient;
use console::components::error_alert::ErrorAlert;
use console::components::loading::Loading;
use console::pages::login::LoginPage;
use console::pages::not_found::NotFound;
use console::state::auth::Auth;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{mount, tick, wait_for};

#[wasm_bindgen_test]
async fn error_alert_shows_words_and_retry() {
    let retried = RwSignal::new(0);
    let err = http_error(
        500,
        "Internal Server Error",
        r#"{"code": 13, "message": "<script>alert(1)</script> broke", "details": []}"#,
    );
    let m = mount(move || {
        view! {
            <ErrorAlert title="Could not load" error=err
                on_retry=Callback::new(move |_| retried.update(|n| *n += 1))/>
        }
    });
    let alert = m.query("[role=alert]").expect("an alert");
    let text = alert.text_content().unwrap_or_default();
    assert!(text.contains("Could not load"), "{text}");
    assert!(text.contains("HTTP 500"), "{text}");
    // Server text is text, never markup.
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(m.query("script").is_none());
    let button: web_sys::HtmlElement = m.query("button").expect("Retry").unchecked_into();
    assert_eq!(button.text_content().unwrap_or_default(), "Retry");
    button.click();
    tick(0).await;
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn error_alert_keeps_codes_behind_a_disclosure_and_retry_where_it_helps() {
    // Issue 47: a proxy's 502 in words; its status only in the closed details.
    let down = http_error(502, "Bad Gateway", "<html>502 Bad Gateway</html>");
    let m = mount(move || {
        view! { <ErrorAlert title="Could not load" error=down on_retry=Callback::new(|_| ())/> }
    });
    let words = m.query(".alert-message").expect("words");
    let words = words.text_content().unwrap_or_default();
    assert!(words.contains("cannot be reached right now"), "{words}");
    assert!(!words.contains("502"), "{words}");
    let details = m.query("details").expect("a disclosure");
    assert!(!details.has_attribute("open"));
    assert!(details
        .text_content()
        .unwrap_or_default()
        .contains("HTTP 502 Bad Gateway"));
    assert!(m.query("button").is_some(), "Retry: a 502 may pass");
    drop(m);
    // A thing that is not there: no Retry, which cannot help.
    let gone = http_error(
        404,
        "Not Found",
        r#"{"code":5,"message":"Approval request not found","details":[{"chorusCode":"NOT_FOUND"}]}"#,
    );
    let m = mount(move || {
        view! { <ErrorAlert title="Could not load" error=gone on_retry=Callback::new(|_| ())/> }
    });
    assert!(m.query("button").is_none(), "{}", m.html());
    let text = m.text();
    assert!(text.contains("code NOT_FOUND"), "{text}");
}

#[wasm_bindgen_test]
fn loading_is_a_status() {
    let m = mount(|| view! { <Loading label="Loading your workspaces…"/> });
    let status = m.query("[role=status]").expect("a status");
    assert!(status
        .text_content()
        .unwrap_or_default()
        .contains("Loading your workspaces"));
}

#[wasm_bindgen_test]
async fn login_form_has_labelled_inputs_and_validates() {
    let m = mount(|| {
        let api = ApiClient::new("");
        provide_context(api);
        provide_context(Auth::new(api));
        view! { <Router><LoginPage/></Router> }
    });
    // The page asks the backend for its login modes first (the test server has none: the
    // password form, as for any backend without `/authentication/modes`).
    wait_for(&m, "input#login-username", 5_000)
        .await
        .expect("the password form");
    for (id, label) in [
        ("login-username", "Username"),
        ("login-password", "Password"),
    ] {
        let l = m
            .query(&format!("label[for={id}]"))
            .expect("label")
            .text_content()
            .unwrap_or_default();
        assert_eq!(l, label);
        assert!(m.query(&format!("input#{id}")).is_some());
    }
    let button: web_sys::HtmlElement = m
        .query("button[type=submit]")
        .expect("button")
        .unchecked_into();
    assert_eq!(button.text_content().unwrap_or_default(), "Sign in");
    // Empty form: a clear alert, no request.
    button.click();
    tick(10).await;
    let alert = m.query("[role=alert]").expect("alert after empty submit");
    assert!(alert
        .text_content()
        .unwrap_or_default()
        .contains("Enter your username and password"));
}

#[wasm_bindgen_test]
fn not_found_has_heading_and_link() {
    let m = mount(|| view! { <NotFound/> });
    assert_eq!(
        m.query("h1")
            .and_then(|h| h.text_content())
            .unwrap_or_default(),
        "Page not found"
    );
    assert!(m.query("a[href='/workspaces']").is_some());
}
