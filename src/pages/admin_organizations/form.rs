//! The organization form (`New organization`, `Edit <name>`): `Name`, `Description`, `Country`
//! (a select of countries by name, the value the ISO code), `City`, `Website`, `Contact` (find
//! a user), `Logo` (PNG, JPEG or WebP up to 512 KB: type and size checked before reading, the
//! first bytes after, nothing sent otherwise). What CHORUS would refuse is said next to its
//! field before sending; what it refuses anyway is placed next to its field too. Nothing typed
//! is lost on a refusal. `Save` sends every field (an update replaces the whole row): an edit
//! reads the organization again first and puts the fields the user changed on top
//! (`state::fresh_save`); a field someone else changed too waits for the user's choice (the
//! conflict panel). A logo only when one was chosen (without one CHORUS keeps the stored logo).
use crate::components::live::live;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{organizations as api_orgs, users, ApiClient, ApiError};
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::organization_logo::OrganizationLogo;
use crate::components::user_finder::{Suggestions, UserFinder};
use crate::components::when::When;
use crate::domain::organizations::{
    backend_words, check_draft, check_logo_file, countries, country_name, logo_upload, Draft,
    Field, LogoUpload, Organization,
};
use crate::domain::three_way::{Choice, Merge, Pending};
use crate::domain::user::User;
use crate::state::fresh_save::merge_fresh;
use crate::state::{Kept, Slot};

/// How long CHORUS keeps an organization in its cache (api.md §6: `Get` 5 s).
const ORGANIZATION_CACHE: std::time::Duration = std::time::Duration::from_secs(5);

type Errors = Slot<Vec<(Field, String)>>;

fn error_of(errors: Errors, f: Field) -> Option<String> {
    errors.with(|e| e.iter().find(|(x, _)| *x == f).map(|(_, w)| w.clone()))
}

fn clear(errors: Errors, f: Field) {
    errors.update(|e| e.retain(|(x, _)| *x != f));
}

fn error_id(f: Field) -> String {
    format!("{}-error", f.input_id())
}

/// The words under a field, when it has an error.
fn field_error(errors: Errors, f: Field) -> impl IntoView {
    live(move || {
        error_of(errors, f)
            .map(|w| view! { <p class="field-error" id=error_id(f) role="alert">{w}</p> })
    })
}

/// A one-line text input.
fn text_input(
    f: Field,
    value: Slot<String>,
    errors: Errors,
    max: usize,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=f.input_id()>{f.label()}</label>
            <input id=f.input_id() type="text" inputmode=kind maxlength=max.to_string() autocomplete="off"
                aria-invalid=move || error_of(errors, f).map(|_| "true")
                aria-describedby=move || error_of(errors, f).map(|_| error_id(f))
                prop:value=move || value.get()
                on:input=move |ev| { value.set(event_target_value(&ev)); clear(errors, f); }/>
            {field_error(errors, f)}
        </div>
    }
}

fn focus(f: Field) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(f.input_id()))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[component]
pub(super) fn OrganizationForm(
    existing: Option<Organization>,
    on_saved: Callback<Organization>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let o = existing.clone().unwrap_or_default();
    let editing = existing.is_some();
    let id = Kept::new(o.id.clone());
    let name = Slot::new(o.name.clone());
    let description = Slot::new(o.description.clone());
    let country = Slot::new(o.country.clone());
    let city = Slot::new(o.city.clone());
    let website = Slot::new(o.website_url.clone());
    let contact = Slot::new(o.contact_user_id.clone());
    let logo = Slot::new(None::<LogoUpload>);
    let errors: Errors = Slot::new(Vec::new());
    let failure = Slot::new(None::<ApiError>);
    // The organization as the form loaded it (the base of the merge), a save held back by
    // another's change, and the choices that resolve it (`Some`: save these fields as chosen).
    let base = Kept::new(existing.clone());
    let held = Slot::new(None::<Pending<Organization>>);
    let chosen = Kept::new(None::<(Organization, Organization)>);
    let save = local_action(move |_: &()| async move {
        failure.set(None);
        errors.set(Vec::new());
        held.set(None);
        let draft = Draft {
            name: name.get_untracked(),
            description: description.get_untracked(),
            country: country.get_untracked(),
            city: city.get_untracked(),
            website: website.get_untracked(),
        };
        let problems = check_draft(&draft);
        if let Some(first) = problems.first().map(|(f, _)| *f) {
            errors.set(problems);
            focus(first);
            return;
        }
        let mut contact_id = contact.get_untracked().unwrap_or_default();
        let chosen_logo = logo.get_untracked();
        let result = if let Some(b) = base.get_value() {
            // Mine over a fresh read (or, after a choice, the chosen record over the copy the
            // choice was made on).
            let (b, mine) = chosen.get_value().unwrap_or_else(|| {
                let mut mine = b.clone();
                mine.name = draft.name.clone();
                mine.description = draft.description.clone();
                mine.country = draft.country.clone();
                mine.city = draft.city.clone();
                mine.website_url = draft.website.clone();
                mine.contact_user_id = Some(contact_id.clone()).filter(|c| !c.is_empty());
                (b, mine)
            });
            chosen.set_value(None);
            let oid = id.get_value();
            let merged =
                merge_fresh(&b, &mine, ORGANIZATION_CACHE, || api_orgs::get(api, &oid)).await;
            let m = match merged {
                Ok(Merge::Send(m)) => m,
                Ok(Merge::Conflicts(p)) => {
                    held.set(Some(p));
                    return;
                }
                Err(e) => {
                    failure.set(Some(e));
                    return;
                }
            };
            let draft = Draft {
                name: m.name.clone(),
                description: m.description.clone(),
                country: m.country.clone(),
                city: m.city.clone(),
                website: m.website_url.clone(),
            };
            contact_id = m.contact_user_id.clone().unwrap_or_default();
            api_orgs::update(api, &oid, &draft, &contact_id, chosen_logo.as_ref()).await
        } else {
            api_orgs::create(api, &draft, &contact_id, chosen_logo.as_ref()).await
        };
        match result {
            Ok(saved) => on_saved.run(saved),
            Err(e) => {
                let mut placed = Vec::new();
                let mut all_placed = true;
                for v in e.validation_errors() {
                    match Field::of_backend(&v.field) {
                        Some(f) => placed.push((f, backend_words(f, &v.field, &v.reason))),
                        None => all_placed = false,
                    }
                }
                if let Some((first, _)) = placed.first().cloned() {
                    errors.try_set(placed);
                    focus(first);
                }
                if !all_placed || e.validation_errors().is_empty() {
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let saving = save.pending();
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        let Some((theirs, mine)) = take_resolved(held, &choices) else {
            return;
        };
        // What is chosen shows in the form and is saved over the copy the choice was made on.
        name.set(mine.name.clone());
        description.set(mine.description.clone());
        country.set(mine.country.clone());
        city.set(mine.city.clone());
        website.set(mine.website_url.clone());
        contact.set(mine.contact_user_id.clone());
        chosen.set_value(Some((theirs, mine)));
        save.dispatch_local(());
    });
    let title = if editing {
        format!("Edit {}", o.display_name())
    } else {
        "New organization".to_owned()
    };
    // `selected` as first shown: a select's value set before its options exist is lost.
    let initial_country = o.country.clone();
    let options = countries()
        .iter()
        .map(|(code, n)| view! { <option value=*code selected=*code == initial_country>{*n}</option> })
        .collect_view();
    // A stored code the list lacks stays selectable (and is said), never silently dropped.
    let odd_country =
        (!o.country.is_empty() && country_name(&o.country).is_none()).then(|| o.country.clone());
    let existing_logo = existing.clone();
    view! {
        <form class="panel organization-form" aria-labelledby="org-form-title" novalidate=true
            on:submit=move |ev| { ev.prevent_default(); save.dispatch_local(()); }>
            <h2 id="org-form-title">{title}</h2>
            {text_input(Field::Name, name, errors, 255, "text")}
            <div class="field">
                <label for=Field::Description.input_id()>"Description"</label>
                <textarea id=Field::Description.input_id() rows="2" maxlength="250"
                    aria-invalid=move || error_of(errors, Field::Description).map(|_| "true")
                    aria-describedby=move || error_of(errors, Field::Description).map(|_| error_id(Field::Description))
                    prop:value=move || description.get()
                    on:input=move |ev| { description.set(event_target_value(&ev)); clear(errors, Field::Description); }></textarea>
                {field_error(errors, Field::Description)}
            </div>
            <div class="field">
                <label for=Field::Country.input_id()>"Country"</label>
                <select id=Field::Country.input_id()
                    aria-invalid=move || error_of(errors, Field::Country).map(|_| "true")
                    aria-describedby=move || error_of(errors, Field::Country).map(|_| error_id(Field::Country))
                    prop:value=move || country.get()
                    on:change=move |ev| { country.set(event_target_value(&ev)); clear(errors, Field::Country); }>
                    <option value="">"No country"</option>
                    {odd_country.clone().map(|c| view! { <option value=c.clone() selected=true>{format!("{c} (unknown code)")}</option> })}
                    {options}
                </select>
                {field_error(errors, Field::Country)}
            </div>
            {text_input(Field::City, city, errors, 100, "text")}
            {text_input(Field::Website, website, errors, 2048, "url")}
            <ContactField contact=contact errors=errors/>
            <LogoField logo=logo errors=errors existing=existing_logo/>
            {live(move || held.get().map(|p| view! {
                <ConflictPanel id="org-conflict" what="this organization"
                    conflicts=p.conflicts on_resolve=resolve/>
            }))}
            {live(move || failure.get().map(|e| view! { <ErrorAlert title="Could not save the organization" error=e/> }))}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>"Save"</button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// `Contact`: the chosen person (or none) and a finder over the platform's users.
#[component]
fn ContactField(contact: Slot<Option<String>>, errors: Errors) -> impl IntoView {
    let api = ApiClient::use_client();
    let query = Slot::new(String::new());
    let chosen = Slot::new(None::<User>);
    let known = Slot::new(None::<User>);
    let found = crate::state::resource(move || {
        let q = query.get().trim().to_owned();
        async move {
            if q.is_empty() {
                return None;
            }
            Some(users::list(api, &q, 0, 8).await.map(|p| p.users))
        }
    });
    let suggestions = Signal::derive(move || -> Suggestions { found.get().flatten() });
    crate::state::effect(move |_| {
        if let Some(u) = chosen.get() {
            contact.set(Some(u.id.clone()));
            known.set(Some(u));
            clear(errors, Field::Contact);
            query.set(String::new());
            chosen.set(None);
        }
    });
    let stored_user = crate::state::resource(move || {
        let id = contact.get();
        async move {
            match id {
                Some(id) => users::get(api, &id).await.ok(),
                None => None,
            }
        }
    });
    let words = live(move || {
        let Some(id) = contact.get() else {
            return "No contact.".to_owned();
        };
        let u = known
            .get()
            .filter(|u| u.id == id)
            .or_else(|| stored_user.get().flatten().filter(|u| u.id == id));
        match u {
            Some(u) => crate::domain::text::shown_string(&format!(
                "Contact: {} ({})",
                u.display_name(),
                u.username
            )),
            None => format!("Contact: user {id}."),
        }
    });
    view! {
        <div class="contact-field">
            <UserFinder input_id="org-contact" label="Contact" query=query chosen=chosen
                suggestions=suggestions verb="Contact:" list_label="Users found">
                <p class="hint">"Type a name to find the person others may write to."</p>
            </UserFinder>
            <p class="chosen" id="org-contact-now">{words}
                <When when=move || contact.with(Option::is_some)>
                    <button type="button" class="btn btn-small btn-quiet" on:click=move |_| contact.set(None)>"No contact"</button>
                </When>
            </p>
            {field_error(errors, Field::Contact)}
        </div>
    }
}

/// `Logo`: a file input, checked before anything is read and again on its first bytes; the
/// stored logo (through its own route) until another is chosen.
#[component]
fn LogoField(
    logo: Slot<Option<LogoUpload>>,
    errors: Errors,
    existing: Option<Organization>,
) -> impl IntoView {
    let reading = Slot::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        clear(errors, Field::Logo);
        let Some((input, file)) = crate::components::file_pick::chosen_file(&ev) else {
            return;
        };
        let size = file.size().max(0.0) as u64;
        if let Err(words) = check_logo_file(&file.type_(), size) {
            errors.update(|e| e.push((Field::Logo, words)));
            logo.set(None);
            input.set_value("");
            return;
        }
        reading.set(true);
        leptos::task::spawn_local(async move {
            let bytes = crate::components::file_pick::file_bytes(&file).await;
            reading.try_set(false);
            match bytes.and_then(|b| logo_upload(&b)) {
                Ok(up) => {
                    logo.try_set(Some(up));
                }
                Err(words) => {
                    errors.try_update(|e| e.push((Field::Logo, words)));
                    logo.try_set(None);
                    input.set_value("");
                }
            }
        });
    };
    let preview = live(move || {
        logo.get().map(|l| {
            let src = format!("data:{};base64,{}", l.content_type, l.data);
            view! { <img class="org-logo org-logo-preview" src=src alt="The new logo"/> }
        })
    });
    view! {
        <div class="field logo-field">
            <label for=Field::Logo.input_id()>"Logo"</label>
            <p class="hint" id="org-logo-hint">
                "PNG, JPEG or WebP, at most 512 KB. The platform keeps a logo once set: it can be replaced, not removed."
            </p>
            <input id=Field::Logo.input_id() type="file" accept="image/png,image/jpeg,image/webp"
                aria-invalid=move || error_of(errors, Field::Logo).map(|_| "true")
                aria-describedby=move || match error_of(errors, Field::Logo) {
                    Some(_) => format!("org-logo-hint {}", error_id(Field::Logo)),
                    None => "org-logo-hint".to_owned(),
                }
                on:change=on_change/>
            {field_error(errors, Field::Logo)}
            <When when=move || reading.get()>
                <p class="muted" role="status">"Reading the image…"</p>
            </When>
            {preview}
            {live(move || logo.with(Option::is_none).then(|| existing.clone().map(|o| view! { <OrganizationLogo o=o/> })))}
        </div>
    }
}
