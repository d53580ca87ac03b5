//! The one form of `New link` and `Edit <name>`: `Name`, `Address` (https only, checked before
//! anything is sent), `Description`, `Icon`; each refusal next to its field; the list's being
//! public said. A save goes through [`Links::save`] (read again, one change applied); a link
//! changed by someone else meanwhile is said, the form keeps what the user typed, and a second
//! `Save` replaces their version.
use crate::components::live::live;
use leptos::prelude::*;

use super::{Links, NotSaved, PUBLIC};
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::domain::text::shown_string;
use crate::domain::weblinks::{Change, Draft, Field, WebLink};
use crate::state::{Kept, Slot};

/// A new link's id, as chorus-web-ui's (a random UUID).
fn new_id() -> String {
    let r = |bits: u32| (crate::state::random() * f64::from(1u32 << bits.min(31))) as u64;
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:06x}{:06x}",
        r(31) << 1 | r(1),
        r(16),
        r(12),
        0x8000 | r(14),
        r(24),
        r(24)
    )
}

#[component]
pub(super) fn LinkForm(links: Links, original: Option<WebLink>) -> impl IntoView {
    let heading = original
        .as_ref()
        .map(|l| format!("Edit {}", shown_string(&l.name)))
        .unwrap_or_else(|| "New link".to_owned());
    let draft = Slot::new(original.as_ref().map(Draft::of).unwrap_or_default());
    let original = Kept::new(original);
    let id = Kept::new(new_id());
    let problems = Slot::new(Vec::<(Field, String)>::new());
    let failed = Slot::new(None::<crate::api::ApiError>);
    let words = Slot::new(None::<String>);
    let busy = Slot::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let before = original.get_value();
        let checked = draft.with_untracked(|d| d.check(before.as_ref(), &id.get_value()));
        let link = match checked {
            Err(p) => {
                problems.set(p);
                return;
            }
            Ok(link) => link,
        };
        problems.set(Vec::new());
        failed.set(None);
        words.set(None);
        busy.set(true);
        let name = shown_string(&link.name);
        let change = match before {
            Some(before) => Change::Edit {
                before,
                after: link,
            },
            None => Change::Create(link),
        };
        leptos::task::spawn_local(async move {
            let outcome = links.save(change).await;
            busy.try_set(false);
            match outcome {
                Ok(()) => {
                    links.said.try_set(Some(format!("{name} was saved.")));
                    links.editing.try_set(None);
                }
                Err(NotSaved::Api(e)) => {
                    failed.try_set(Some(e));
                }
                Err(NotSaved::Words(w, now)) => {
                    // A second Save replaces what is stored now.
                    if now.is_some() {
                        original.try_set_value(now);
                    }
                    words.try_set(Some(w));
                }
            }
        });
    };
    let field = move |f: Field,
                      label: &'static str,
                      id: &'static str,
                      hint: &'static str,
                      part: fn(&mut Draft) -> &mut String,
                      long: bool| {
        let err_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let problem =
            move || problems.with(|p| p.iter().find(|(x, _)| *x == f).map(|(_, w)| w.clone()));
        let described = {
            let (e, h) = (err_id.clone(), hint_id.clone());
            move || {
                let mut ids = Vec::new();
                if !hint.is_empty() {
                    ids.push(h.clone());
                }
                if problem().is_some() {
                    ids.push(e.clone());
                }
                (!ids.is_empty()).then(|| ids.join(" "))
            }
        };
        let value = move || draft.with(|d| part(&mut d.clone()).clone());
        let set = move |ev| draft.update(|d| *part(d) = event_target_value(&ev));
        let input = if long {
            view! {
                <textarea id=id rows="3" prop:value=value on:input=set
                    aria-invalid=move || problem().is_some().to_string()
                    aria-describedby=described></textarea>
            }
            .into_any()
        } else {
            view! {
                <input id=id type="text" autocomplete="off" spellcheck="false" prop:value=value on:input=set
                    aria-invalid=move || problem().is_some().to_string()
                    aria-describedby=described/>
            }
            .into_any()
        };
        view! {
            <div class="field">
                <label for=id>{label}</label>
                {input}
                {(!hint.is_empty()).then(|| view! { <p class="hint muted" id=hint_id.clone()>{hint}</p> })}
                {live(move || problem().map(|w| view! { <p class="field-error" id=err_id.clone()>{w}</p> }))}
            </div>
        }
    };
    view! {
        <form class="card weblink-form" on:submit=submit aria-labelledby="weblink-form-title" novalidate=true>
            <h2 id="weblink-form-title">{heading}</h2>
            <p class="muted">{PUBLIC}</p>
            {field(Field::Name, "Name", "weblink-name", "", |d| &mut d.name, false)}
            {field(Field::Address, "Address", "weblink-address", "An https:// address; it opens in a new tab.", |d| &mut d.address, false)}
            {field(Field::Description, "Description", "weblink-description", "", |d| &mut d.description, true)}
            {field(Field::Icon, "Icon", "weblink-icon", "The https:// address of an image, or empty.", |d| &mut d.icon, false)}
            {live(move || words.get().map(|w| view! { <p class="alert alert-error" role="alert">{w}</p> }))}
            {live(move || failed.get().map(|e| view! { <ErrorAlert title="Could not save the link" error=e/> }))}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>"Save"</button>
                <button type="button" class="btn" on:click=move |_| links.editing.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
