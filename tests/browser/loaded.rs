//! Browser tests: the one loading / error / data view ([`Loaded`]), over a poll's [`Latest`]
//! value and over a one-shot resource (`state::resource`).
use console::api::error::http_error;
use console::api::ApiError;
use console::components::loaded::{from_resource, Loaded};
use console::state::poll::Latest;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{mount, tick, Mounted};

fn server_error() -> ApiError {
    http_error(500, "Internal Server Error", "")
}

fn retry_button(m: &Mounted) -> web_sys::HtmlElement {
    m.query("[role=alert] button")
        .expect("Retry")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn loaded_shows_loading_then_error_with_retry_then_data_then_a_stale_notice() {
    let latest = Latest::<Vec<String>>::new();
    let retried = RwSignal::new(0);
    // How many times the data view was drawn: once, however often the value changes.
    let drawn = RwSignal::new(0);
    let m = mount(move || {
        view! {
            <Loaded
                state=latest.loadable_fn()
                loading="Loading the things…"
                error_title="Could not load the things"
                on_retry=Callback::new(move |_| retried.update(|n| *n += 1))
                stale_notice="Could not refresh the things; showing the last known list."
                let:things
            >
                {
                    drawn.update_untracked(|n| *n += 1);
                    view! {
                        <ul data-testid="things">
                            {move || {
                                things.get().into_iter().map(|t| view! { <li>{t}</li> }).collect_view()
                            }}
                        </ul>
                    }
                }
            </Loaded>
        }
    });
    tick(0).await;

    // Nothing yet: the loading line, a polite status.
    let status = m.query("[role=status]").expect("a loading line");
    assert!(status
        .text_content()
        .unwrap_or_default()
        .contains("Loading the things…"));
    assert!(m.query("[role=alert]").is_none());
    assert!(m.query("[data-testid=things]").is_none());

    // An error and no value: the error box with Retry.
    latest.record(Err(server_error()));
    tick(0).await;
    assert!(
        m.query("[role=status]").is_none(),
        "no loading line: {}",
        m.html()
    );
    let text = m.text();
    assert!(text.contains("Could not load the things"), "{text}");
    assert!(text.contains("HTTP 500"), "{text}");
    let button = retry_button(&m);
    assert_eq!(button.text_content().unwrap_or_default(), "Retry");
    button.click();
    tick(0).await;
    assert_eq!(retried.get_untracked(), 1);

    // A value: the data, drawn once.
    latest.record(Ok(vec!["a".into(), "b".into()]));
    tick(0).await;
    assert!(m.query("[role=alert]").is_none());
    assert_eq!(m.query_all("[data-testid=things] li").len(), 2);
    assert_eq!(drawn.get_untracked(), 1);

    // An error beside the value: the value stays, with the notice (not the error box).
    latest.record(Err(server_error()));
    tick(0).await;
    assert_eq!(m.query_all("[data-testid=things] li").len(), 2);
    assert!(m.query("[role=alert]").is_none(), "{}", m.html());
    let warn = m.query(".alert-warn").expect("a stale notice");
    let warn_text = warn.text_content().unwrap_or_default();
    assert!(
        warn_text.starts_with("Could not refresh the things; showing the last known list. "),
        "{warn_text}"
    );
    assert!(warn_text.contains("HTTP 500"), "{warn_text}");

    // A success replaces the value and clears the notice; the view is not drawn again.
    latest.record(Ok(vec!["c".into()]));
    tick(0).await;
    assert!(m.query(".alert-warn").is_none());
    assert_eq!(m.query_all("[data-testid=things] li").len(), 1);
    assert_eq!(drawn.get_untracked(), 1);

    // Cleared (a sign-out): loading again.
    latest.clear();
    tick(0).await;
    assert!(m.query("[data-testid=things]").is_none());
    assert!(m.query("[role=status]").is_some());
}

#[wasm_bindgen_test]
async fn loaded_without_a_notice_or_a_label_says_nothing_more() {
    let latest = Latest::<u32>::new();
    let m = mount(move || {
        view! {
            <Loaded state=latest.loadable_fn() error_title="Could not load the number" let:n>
                <p data-testid="n">{move || n.get()}</p>
            </Loaded>
        }
    });
    tick(0).await;
    // No label: nothing while loading.
    assert_eq!(m.text(), "");
    // No Retry without a callback.
    latest.record(Err(server_error()));
    tick(0).await;
    assert!(m.query("[role=alert]").is_some());
    assert!(m.query("[role=alert] button").is_none());
    latest.set_value(7);
    tick(0).await;
    assert_eq!(
        m.query("[data-testid=n]")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("7")
    );
    // A later error keeps the value and, without a notice, says nothing.
    latest.record(Err(server_error()));
    tick(0).await;
    assert_eq!(
        m.query("[data-testid=n]")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("7")
    );
    assert!(m.query(".alert").is_none(), "{}", m.html());
}

#[wasm_bindgen_test]
async fn loaded_shows_a_local_resource_and_retries_it() {
    let calls = StoredValue::new(0u32);
    let m = mount(move || {
        // Fails the first time, then answers.
        let resource = console::state::resource(move || {
            calls.update_value(|n| *n += 1);
            let n = calls.get_value();
            async move {
                if n == 1 {
                    Err(server_error())
                } else {
                    Ok(format!("answer {n}"))
                }
            }
        });
        view! {
            <Loaded
                state=from_resource(resource)
                loading="Loading the answer…"
                error_title="Could not load the answer"
                on_retry=Callback::new(move |_| resource.refetch())
                let:answer
            >
                <p data-testid="answer">{move || answer.get()}</p>
            </Loaded>
        }
    });
    // Before the resource settles: loading.
    assert!(m.text().contains("Loading the answer…"), "{}", m.text());
    tick(10).await;
    assert!(
        m.text().contains("Could not load the answer"),
        "{}",
        m.text()
    );
    retry_button(&m).click();
    tick(10).await;
    assert!(m.query("[role=alert]").is_none(), "{}", m.html());
    assert_eq!(
        m.query("[data-testid=answer]")
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("answer 2")
    );
}
