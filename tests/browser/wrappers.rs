//! Browser tests of the shared reactive wrappers (issues 30 and 58): `<When>` in place of `<Show>`,
//! `<Keyed>` in place of `<For>`, `state::resource`, whose value type is erased under a typed
//! face, and the boxed reactive parts and event handlers (`components::live`, `components::on`).
use console::components::keyed::Keyed;
use console::components::when::When;
use console::state::{effect, memo, resource};
use leptos::prelude::*;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

#[wasm_bindgen_test]
async fn when_shows_its_children_or_its_fallback_and_builds_them_once_per_showing() {
    let shown = RwSignal::new(false);
    let other = RwSignal::new(0);
    let built = StoredValue::new(0u32);
    let m = mount(move || {
        // Reads `other` too, and stays true whatever it is.
        let condition = move || shown.get() && other.get() >= 0;
        let hidden = || view! { <p class="off">"Hidden"</p> };
        view! {
            <When when=condition fallback=hidden>
                {
                    built.update_value(|n| *n += 1);
                    view! { <p class="on">"Shown"</p> }
                }
            </When>
        }
    });
    tick(0).await;
    assert!(m.query(".off").is_some(), "{}", m.html());
    assert!(m.query(".on").is_none());
    assert_eq!(built.get_value(), 0);

    shown.set(true);
    tick(0).await;
    assert!(m.query(".on").is_some(), "{}", m.html());
    assert!(m.query(".off").is_none());
    assert_eq!(built.get_value(), 1);

    // A change the condition reads that leaves it true: the children stay as they are.
    other.set(5);
    tick(0).await;
    assert_eq!(built.get_value(), 1);

    shown.set(false);
    tick(0).await;
    assert!(m.query(".off").is_some());
    shown.set(true);
    tick(0).await;
    assert_eq!(built.get_value(), 2);
}

#[wasm_bindgen_test]
async fn a_resource_reads_loads_refetches_and_is_set_by_hand() {
    let calls = StoredValue::new(0u32);
    let seen = StoredValue::new(Vec::<String>::new());
    let r = StoredValue::new(None);
    let m = mount(move || {
        let list = resource(move || {
            calls.update_value(|n| *n += 1);
            let n = calls.get_value();
            async move { vec![format!("fetch {n}")] }
        });
        r.set_value(Some(list));
        let count = memo(move |_| list.with(|l| l.map_or(0, Vec::len)));
        effect(move |_| {
            if let Some(first) = list.get().and_then(|l| l.first().cloned()) {
                seen.update_value(|s| s.push(first));
            }
        });
        view! {
            <p class="state">{move || if list.loading() { "loading".to_string() } else { format!("{} item(s)", count.get()) }}</p>
        }
    });
    let list = r.get_value().expect("the resource");
    tick(20).await;
    assert_eq!(m.text(), "1 item(s)");
    assert_eq!(list.get_untracked(), Some(vec!["fetch 1".to_string()]));

    list.refetch();
    tick(20).await;
    assert_eq!(calls.get_value(), 2);
    assert_eq!(
        list.with_untracked(|l| l.map(|l| l[0].clone())),
        Some("fetch 2".to_string())
    );

    list.try_update(|l| {
        if let Some(l) = l {
            l.push("by hand".into());
        }
    });
    tick(0).await;
    assert_eq!(m.text(), "2 item(s)");
    list.try_set(Some(Vec::new()));
    tick(0).await;
    assert_eq!(m.text(), "0 item(s)");
    assert_eq!(seen.get_value(), ["fetch 1", "fetch 2", "fetch 2"]);
}

/// The opener of an inline form gets focus back on Escape with only what the first load has
/// (`PageChange`): the header's focus keeper comes later, in the `chrome` chunk (CI found a
/// form opened before it was in giving focus to nobody).
#[wasm_bindgen_test]
async fn an_inline_form_gives_focus_back_to_its_opener_before_the_header_is_in() {
    use console::components::focus_return::FocusReturn;
    use console::components::page_change::PageChange;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    let open = RwSignal::new(false);
    let m = mount(move || {
        view! {
            <Router>
                <PageChange/>
                <When when=move || !open.get()>
                    <button type="button" class="opener" on:click=move |_| open.set(true)>"New thing"</button>
                </When>
                <When when=move || open.get()>
                    <FocusReturn>
                        <form>
                            <label>"Name" <input class="name"/></label>
                            <button type="button" on:click=move |_| open.set(false)>"Cancel"</button>
                        </form>
                    </FocusReturn>
                </When>
            </Router>
        }
    });
    tick(0).await;
    let opener: web_sys::HtmlElement = m.query(".opener").expect("the opener").unchecked_into();
    opener.focus().expect("focus");
    opener.click();
    let field: web_sys::HtmlElement = crate::support::wait_for(&m, ".name", 1_000)
        .await
        .expect("the form")
        .unchecked_into();
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    for _ in 0..50 {
        if doc.active_element().as_ref() == Some(field.as_ref()) {
            break;
        }
        tick(10).await;
    }
    assert_eq!(
        doc.active_element().as_ref(),
        Some(field.as_ref()),
        "the field has focus"
    );
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        .expect("an Escape");
    field.dispatch_event(&escape).expect("dispatched");
    let mut back = false;
    for _ in 0..100 {
        let active = doc.active_element();
        if active.as_ref().is_some_and(|a| a.class_name() == "opener") {
            back = true;
            break;
        }
        tick(10).await;
    }
    assert!(
        back,
        "focus went back to the opener, not to {:?}",
        doc.active_element().map(|a| a.tag_name())
    );
}

/// A focused control drawn anew (taken out and put back, as a page drawn again puts it) gets
/// focus back, not the first control beside it.
#[wasm_bindgen_test]
async fn a_control_drawn_anew_gets_focus_back_from_the_focus_keeper() {
    use console::components::focus_keeper::FocusKeeper;
    use leptos_router::components::Router;
    use wasm_bindgen::JsCast;
    let shown = RwSignal::new(true);
    let m = mount(move || {
        view! {
            <Router>
                <FocusKeeper/>
                <div class="row">
                    <button type="button" class="first">"Mine"</button>
                    <When when=move || shown.get()>
                        <button type="button" class="target">"To review"</button>
                    </When>
                </div>
            </Router>
        }
    });
    tick(0).await;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let target: web_sys::HtmlElement = m.query(".target").expect("the target").unchecked_into();
    target.focus().expect("focus");
    shown.set(false);
    tick(0).await;
    shown.set(true);
    let again = crate::support::wait_for(&m, ".target", 1_000)
        .await
        .expect("drawn again");
    assert!(!target.is_connected(), "a new element: {}", m.html());
    // The keeper looks every 250 ms and acts at the second look that finds focus lost.
    let mut back = false;
    for _ in 0..150 {
        if doc.active_element().as_ref() == Some(&again) {
            back = true;
            break;
        }
        tick(10).await;
    }
    assert!(
        back,
        "focus went to the control drawn anew, not to {:?}",
        doc.active_element().map(|a| a.outer_html())
    );
}

#[wasm_bindgen_test]
async fn keyed_keeps_a_row_while_its_key_stays_and_moves_it_where_it_goes() {
    let items = RwSignal::new(vec![(1u64, "a"), (2, "b"), (3, "c")]);
    let built = StoredValue::new(0u32);
    let m = mount(move || {
        view! {
            <ul>
                <Keyed each=move || items.get() key=|(id, _)| *id let:((id, name))>
                    {
                        built.update_value(|n| *n += 1);
                        view! { <li data-id=id.to_string()>{name}</li> }
                    }
                </Keyed>
            </ul>
        }
    });
    tick(0).await;
    let texts = |m: &crate::support::Mounted| {
        m.query_all("li")
            .iter()
            .map(|e| e.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&m), ["a", "b", "c"]);
    assert_eq!(built.get_value(), 3);
    let b = m.query("li[data-id='2']").expect("row 2");
    // Reordered, one row gone, one new: only the new row is built; row 2 is the same element.
    items.set(vec![(4, "d"), (2, "b"), (1, "a")]);
    tick(0).await;
    assert_eq!(texts(&m), ["d", "b", "a"], "{}", m.html());
    assert_eq!(built.get_value(), 4);
    let b_after = m.query("li[data-id='2']").expect("row 2 after");
    assert!(b.is_same_node(Some(&b_after)), "row 2 was built again");
    items.set(vec![]);
    tick(0).await;
    assert!(m.query("li").is_none(), "{}", m.html());
}

#[wasm_bindgen_test]
async fn keyed_rows_with_equal_keys_of_a_tuple_type_stay() {
    let items = RwSignal::new(vec![("x".to_owned(), true), ("y".to_owned(), false)]);
    let built = StoredValue::new(0u32);
    let m = mount(move || {
        view! {
            <ul>
                <Keyed each=move || items.get() key=|t: &(String, bool)| t.clone() let:t>
                    {
                        built.update_value(|n| *n += 1);
                        view! { <li>{t.0}</li> }
                    }
                </Keyed>
            </ul>
        }
    });
    tick(0).await;
    assert_eq!(built.get_value(), 2);
    // The same keys again, in another order: nothing built; a key that changed builds its row.
    items.set(vec![("y".to_owned(), false), ("x".to_owned(), true)]);
    tick(0).await;
    assert_eq!(built.get_value(), 2);
    items.set(vec![("y".to_owned(), true), ("x".to_owned(), true)]);
    tick(0).await;
    assert_eq!(built.get_value(), 3);
    assert_eq!(m.text(), "yx");
}

#[wasm_bindgen_test]
async fn a_live_part_updates_a_view_of_the_same_type_in_place_and_replaces_another() {
    use console::components::live::live;
    use wasm_bindgen::JsCast;
    let label = RwSignal::new("one".to_string());
    let editing = RwSignal::new(true);
    let runs = StoredValue::new(0u32);
    let m = mount(move || {
        view! {
            <div>
                {live(move || {
                    runs.update_value(|n| *n += 1);
                    let label = label.get();
                    if editing.get() {
                        view! { <input class="field" aria-label=label.clone()/> }.into_any()
                    } else {
                        view! { <p class="said">{label}</p> }.into_any()
                    }
                })}
                <p class="count">{live(move || label.with(String::len))}</p>
            </div>
        }
    });
    tick(0).await;
    let input = m.query("input.field").expect("the input");
    assert_eq!(input.get_attribute("aria-label").as_deref(), Some("one"));
    assert_eq!(
        m.query(".count").and_then(|e| e.text_content()).as_deref(),
        Some("3")
    );
    let field: web_sys::HtmlInputElement = input.clone().unchecked_into();
    field.set_value("typed");
    field.focus().expect("focus");

    // The same type again: the same element, its value and its focus kept, its attribute updated.
    label.set("three".into());
    tick(0).await;
    let after = m.query("input.field").expect("the input after");
    assert!(
        input.is_same_node(Some(&after)),
        "the input was built again: {}",
        m.html()
    );
    assert_eq!(after.get_attribute("aria-label").as_deref(), Some("three"));
    assert_eq!(field.value(), "typed");
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    assert!(
        active.is_some_and(|a| a.is_same_node(Some(&input))),
        "focus was lost"
    );
    assert_eq!(
        m.query(".count").and_then(|e| e.text_content()).as_deref(),
        Some("5")
    );
    assert_eq!(runs.get_value(), 2);

    // Another type: replaced where it stood.
    editing.set(false);
    tick(0).await;
    assert!(m.query("input").is_none(), "{}", m.html());
    let said = m.query("div > p.said").expect("the text");
    assert_eq!(said.text_content().as_deref(), Some("three"));
    let first = m.query("div > p").expect("a paragraph");
    assert!(
        first.is_same_node(Some(&said)),
        "not in its place: {}",
        m.html()
    );
}

/// `components::on`'s `OnAttribute`, imported at the top of a module as the console's views do
/// (an import inside a function would not take the place of the prelude's).
mod handlers {
    use console::components::on::OnAttribute;
    use console::components::when::When;
    use leptos::prelude::*;
    use wasm_bindgen_test::*;

    use crate::support::{mount, tick};

    #[wasm_bindgen_test]
    async fn boxed_handlers_get_each_event_keep_their_state_and_go_with_their_element() {
        use wasm_bindgen::JsCast;
        let clicks = StoredValue::new(Vec::<String>::new());
        let keys = StoredValue::new(0u32);
        let shown = RwSignal::new(true);
        let m = mount(move || {
            // A handler with state of its own (`FnMut`): it counts the clicks it saw.
            let mut seen = 0u32;
            view! {
                <div>
                    <When when=move || shown.get()>
                        <button
                            class="b"
                            on:click=move |e: web_sys::MouseEvent| {
                                seen += 1;
                                clicks.update_value(|c| c.push(format!("{seen}:{}", e.detail())));
                            }
                            on:keydown=move |_| keys.update_value(|k| *k += 1)
                        >
                            "Go"
                        </button>
                    </When>
                </div>
            }
        });
        tick(0).await;
        let button: web_sys::HtmlElement =
            m.query("button.b").expect("the button").unchecked_into();
        button.click();
        button.click();
        let key = web_sys::KeyboardEvent::new("keydown").expect("an event");
        button.dispatch_event(&key).expect("dispatched");
        assert_eq!(
            clicks.get_value(),
            vec!["1:0".to_string(), "2:0".to_string()]
        );
        assert_eq!(keys.get_value(), 1);

        // Gone with its element: a click on the detached button reaches no handler.
        shown.set(false);
        tick(0).await;
        assert!(m.query("button").is_none(), "{}", m.html());
        button.click();
        assert_eq!(clicks.get_value().len(), 2);
    }
}
