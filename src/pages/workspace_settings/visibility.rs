//! The `Visibility` tab: `Private` or `Public` (a public workspace is listed under public
//! workspaces with its contact, for every signed-in user), and the `Contact`, found among the
//! workspace's members (a workspace admin may list them; not every user of the platform).
use crate::components::live::live;
use leptos::prelude::*;

use super::form::{described, field_error, invalid, Form};
use crate::api::{teams, ApiClient};
use crate::components::on::OnAttribute;
use crate::components::user_finder::UserFinder;
use crate::components::when::When;
use crate::domain::text::shown_string;
use crate::domain::user::User;
use crate::domain::workspace_settings::Visibility;
use crate::state::{Kept, Slot};

#[component]
pub(super) fn VisibilityTab(form: Form, ws_id: Kept<String>) -> impl IntoView {
    let api = ApiClient::use_client();
    let members = crate::state::resource(move || {
        let ws = ws_id.try_get_value().unwrap_or_default();
        async move { teams::members(api, &ws).await }
    });
    let query = Slot::new(String::new());
    let chosen = Slot::new(None::<User>);
    crate::state::effect(move |_| {
        if let Some(u) = chosen.get() {
            form.contact.set(Some(u.id.clone()));
            form.contact_error.set(None);
            query.set(String::new());
            chosen.set(None);
        }
    });
    let suggestions = Signal::derive(move || {
        let q = query.get().trim().to_lowercase();
        match members.get() {
            Some(Ok(list)) if !q.is_empty() => Some(Ok(list
                .into_iter()
                .filter(|u| u.matches(&q))
                .take(8)
                .collect())),
            Some(Err(e)) if !q.is_empty() => Some(Err(e)),
            _ => None,
        }
    });
    // The contact in words: the member's name, else the id (someone not among the members).
    let contact_words = live(move || {
        let id = form
            .contact
            .get()
            .filter(|id| !id.trim().is_empty() && id.trim() != "0");
        let Some(id) = id else {
            return "No contact.".to_owned();
        };
        match members.get() {
            Some(Ok(list)) => match list.iter().find(|u| u.id == id) {
                Some(u) => format!(
                    "Contact: {} ({}), {}",
                    shown_string(&u.display_name()),
                    shown_string(&u.username),
                    shown_string(&u.email)
                ),
                None => format!("Contact: user {id}, who is not a member of this workspace."),
            },
            _ => format!("Contact: user {id}."),
        }
    });
    let has_contact = move || {
        form.contact.with(|c| {
            c.as_deref()
                .is_some_and(|id| !id.trim().is_empty() && id.trim() != "0")
        })
    };
    let is_public = move || form.visibility.with(|v| *v == Some(Visibility::Public));
    let other = move || match form.visibility.get() {
        Some(Visibility::Other(s)) => Some(s),
        _ => None,
    };
    let radio = move |i: usize, label: &'static str, v: Visibility| {
        let id = format!("ws-visibility-{i}");
        let v2 = v.clone();
        view! {
            <div class="radio">
                <input type="radio" id=id.clone() name="ws-visibility"
                    prop:checked=move || form.visibility.with(|c| c.as_ref() == Some(&v2))
                    aria-invalid=invalid(form.visibility_error)
                    aria-describedby=described(form.visibility_error, None, "ws-visibility-error")
                    on:change=move |_| { form.visibility.set(Some(v.clone())); form.visibility_error.set(None); }/>
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="radio-group" role="radiogroup" aria-labelledby="ws-visibility-legend">
            <legend id="ws-visibility-legend">"Visibility"</legend>
            {radio(0, "Private", Visibility::Private)}
            <p class="radio-hint">"Only its members find it."</p>
            {radio(1, "Public", Visibility::Public)}
            <p class="radio-hint">"Every signed-in user finds it under Public workspaces, with the contact's name and e-mail."</p>
            {live(move || other().map(|s| view! {
                <p class="field-note">{format!("The backend has the visibility “{}”, which this console does not know: it is kept unless you choose one above.", shown_string(&s))}</p>
            }))}
            {field_error(form.visibility_error, "ws-visibility-error")}
        </fieldset>
        <section class="contact-field" aria-labelledby="ws-contact-heading">
            <h3 id="ws-contact-heading">"Contact"</h3>
            <p data-testid="contact" id="ws-contact-now">{contact_words}</p>
            <When when=move || is_public() && !has_contact()>
                <p class="field-note">"A public workspace without a contact gives others nobody to ask."</p>
            </When>
            <When when=has_contact>
                <button type="button" class="btn btn-small" on:click=move |_| form.contact.set(Some("0".to_owned()))>
                    "No contact"
                </button>
            </When>
            <UserFinder input_id="ws-contact-find" query=query chosen=chosen suggestions=suggestions
                verb="Contact:" list_label="Members of the workspace">
                <p class="hint">"The contact is one of the workspace's members."</p>
            </UserFinder>
            {field_error(form.contact_error, "ws-contact-error")}
        </section>
    }
}
