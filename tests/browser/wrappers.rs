//! Browser tests of the shared reactive wrappers (issue 30): `<When>` in place of `<Show>`, and
//! `state::resource`, whose value type is erased under a typed face.
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
