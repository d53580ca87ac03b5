//! Browser tests: the conflict panel of every edit form (issue 56, "No lost update").
use console::components::conflict_panel::ConflictPanel;
use console::domain::three_way::{Choice, Conflict};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

fn conflict(key: &str, label: &str, mine: &str, theirs: &str) -> Conflict {
    Conflict {
        key: key.into(),
        label: label.into(),
        mine: mine.into(),
        theirs: theirs.into(),
    }
}

fn click(el: web_sys::Element) {
    el.unchecked_into::<web_sys::HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_panel_names_each_field_with_both_values_and_gives_the_choices_once_all_are_made() {
    let got = RwSignal::new(None::<Vec<(String, Choice)>>);
    let m = mount(move || {
        view! {
            <ConflictPanel id="t" what="this workspace"
                conflicts=vec![
                    conflict("description", "Description", "mine <b>", "theirs"),
                    conflict("name", "Name", "", "Theirs"),
                ]
                on_resolve=Callback::new(move |c| got.set(Some(c)))/>
        }
    });
    tick(0).await;
    let panel = m.query("[role=alert]").expect("an alert");
    assert!(panel
        .text_content()
        .unwrap_or_default()
        .contains("Someone else changed this workspace while you were editing it"));
    // The focus is on its heading.
    let active = leptos::prelude::document().active_element().expect("focus");
    assert_eq!(active.id(), "t-title");
    // Each field by its label, both values as text (markup stays text, empty in words).
    let groups = m.query_all("[role=group]");
    assert_eq!(groups.len(), 2);
    assert_eq!(
        m.query("#t-field-0").and_then(|e| e.text_content()),
        Some("Description".into())
    );
    let text = m.text();
    assert!(text.contains("mine <b>"), "{text}");
    assert!(text.contains("(empty)"), "{text}");
    assert!(m.query("b").is_none());
    // Keep mine, take theirs, for all: with two fields.
    let names: Vec<String> = m
        .query_all("button")
        .iter()
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "Keep mine",
            "Take theirs",
            "Keep mine",
            "Take theirs",
            "Keep mine for all",
            "Take theirs for all"
        ]
    );
    // One choice: nothing yet; the second: both.
    click(m.query_all("button")[0].clone());
    tick(0).await;
    assert_eq!(got.get_untracked(), None);
    assert!(m.text().contains("You keep yours."));
    let take = m.query_all("[role=group]")[1]
        .query_selector("button:nth-of-type(2)")
        .ok()
        .flatten()
        .expect("Take theirs");
    click(take);
    tick(0).await;
    assert_eq!(
        got.get_untracked(),
        Some(vec![
            ("description".to_owned(), Choice::KeepMine),
            ("name".to_owned(), Choice::TakeTheirs)
        ])
    );
}

#[wasm_bindgen_test]
async fn one_field_has_no_for_all_buttons_and_resolves_at_once() {
    let got = RwSignal::new(None::<Vec<(String, Choice)>>);
    let m = mount(move || {
        view! {
            <ConflictPanel id="u" what="this app"
                conflicts=vec![conflict("description", "Description", "a", "b")]
                on_resolve=Callback::new(move |c| got.set(Some(c)))/>
        }
    });
    tick(0).await;
    assert_eq!(m.query_all("button").len(), 2);
    click(m.query_all("button")[1].clone());
    tick(0).await;
    assert_eq!(
        got.get_untracked(),
        Some(vec![("description".to_owned(), Choice::TakeTheirs)])
    );
}
