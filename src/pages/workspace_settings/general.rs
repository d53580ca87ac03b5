//! The `General` tab: name, short name, description, `About this workspace` (markdown with a
//! live preview, rendered as the terms of use are) and `Cover image` (checked by type, size and
//! content before anything is sent, shown before saving).
use crate::components::live::live;
use leptos::prelude::*;

use super::form::{described, field_error, invalid, Cover, Form, Stored};
use crate::components::markdown::LazyMarkdown;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::cover_image::{check_file, cover_data_uri, shown_cover};
use crate::state::Slot;

#[component]
pub(super) fn General(form: Form, stored: Signal<Option<Stored>>) -> impl IntoView {
    let config_problem = move || stored.with(|s| s.as_ref().and_then(|s| s.config().problem));
    let entries_failed = move || stored.with(|s| s.as_ref().is_some_and(|s| s.entries.is_err()));
    view! {
        <div class="field">
            <label for="ws-name">"Name"</label>
            <input id="ws-name" type="text" required=true maxlength="100" autocomplete="off"
                aria-invalid=invalid(form.name_error)
                aria-describedby=described(form.name_error, None, "ws-name-error")
                prop:value=move || form.name.get()
                on:input=move |ev| { form.name.set(event_target_value(&ev)); form.name_error.set(None); }/>
            {field_error(form.name_error, "ws-name-error")}
        </div>
        <div class="field">
            <label for="ws-short-name">"Short name"</label>
            <input id="ws-short-name" type="text" maxlength="32" autocomplete="off"
                aria-invalid=invalid(form.short_name_error)
                aria-describedby=described(form.short_name_error, None, "ws-short-name-error")
                prop:value=move || form.short_name.get()
                on:input=move |ev| { form.short_name.set(event_target_value(&ev)); form.short_name_error.set(None); }/>
            {field_error(form.short_name_error, "ws-short-name-error")}
        </div>
        <div class="field">
            <label for="ws-description">"Description"</label>
            <textarea id="ws-description" rows="2"
                prop:value=move || form.description.get()
                on:input=move |ev| form.description.set(event_target_value(&ev))></textarea>
        </div>
        <When when=entries_failed>
            <p class="alert alert-error" role="alert">
                "The about text and the cover image could not be read, so they are not saved now. Reload the page to try again."
            </p>
        </When>
        <div class="about-editor">
            <div class="field">
                <label for="ws-about">"About this workspace"</label>
                <p class="hint" id="ws-about-hint">
                    "Markdown: headings, lists, emphasis and links to web pages. Shown on the workspace's page; HTML shows as text."
                </p>
                <textarea id="ws-about" rows="10" aria-describedby="ws-about-hint"
                    prop:value=move || form.about.get()
                    on:input=move |ev| form.about.set(event_target_value(&ev))></textarea>
                {live(move || config_problem().map(|p| view! { <p class="field-note">{p}</p> }))}
            </div>
            <section class="about-preview" aria-label="Preview of the about text">
                <p class="preview-label" aria-hidden="true">"Preview"</p>
                {live(move || form.about.with(|t| t.trim().is_empty()).then(|| view! {
                    <p class="muted">"Nothing written yet."</p>
                }))}
                <LazyMarkdown text=Signal::derive(move || form.about.get()) first_heading=3 preview=true/>
            </section>
        </div>
        <CoverField form=form stored=stored/>
    }
}

/// `Cover image`: a file input, the image as it will be, `Remove cover`.
#[component]
fn CoverField(form: Form, stored: Signal<Option<Stored>>) -> impl IntoView {
    let stored_image = move || stored.with(|s| s.as_ref().and_then(Stored::image));
    let shown = move || match form.cover.get() {
        Cover::New(uri) => Some(uri),
        Cover::Removed => None,
        Cover::Kept => stored_image().and_then(|s| shown_cover(&s).map(str::to_owned)),
    };
    // A stored value that is not an image this page shows: said, not drawn.
    let odd_stored = move || {
        form.cover.with(|c| *c == Cover::Kept)
            && stored_image().is_some_and(|s| shown_cover(&s).is_none())
    };
    let reading = Slot::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        form.cover_error.set(None);
        let Some((input, file)) = crate::components::file_pick::chosen_file(&ev) else {
            return;
        };
        let mime = file.type_();
        let size = file.size().max(0.0) as u64;
        if let Err(words) = check_file(&mime, size) {
            form.cover_error.set(Some(words));
            input.set_value("");
            return;
        }
        reading.set(true);
        leptos::task::spawn_local(async move {
            let bytes = crate::components::file_pick::file_bytes(&file).await;
            let result = bytes.and_then(|b| cover_data_uri(&mime, &b));
            reading.try_set(false);
            match result {
                Ok(uri) => {
                    form.cover.try_set(Cover::New(uri));
                }
                Err(words) => {
                    form.cover_error.try_set(Some(words));
                    input.set_value("");
                }
            }
        });
    };
    view! {
        <div class="field cover-field">
            <label for="ws-cover">"Cover image"</label>
            <p class="hint" id="ws-cover-hint">"PNG, JPEG or WebP, at most 512 KB. Shown on the workspace's page."</p>
            <input id="ws-cover" type="file" accept="image/png,image/jpeg,image/webp"
                aria-invalid=invalid(form.cover_error)
                aria-describedby=described(form.cover_error, Some("ws-cover-hint"), "ws-cover-error")
                on:change=on_change/>
            {field_error(form.cover_error, "ws-cover-error")}
            <When when=move || reading.get()>
                <p class="muted" role="status">"Reading the image…"</p>
            </When>
            {live(move || shown().map(|src| view! {
                <img class="cover-preview" src=src alt="The cover image as it will be shown"/>
            }))}
            <When when=move || form.cover.with(|c| matches!(c, Cover::New(_)))>
                <p class="field-note">"This image is saved with Save."</p>
            </When>
            <When when=move || form.cover.with(|c| *c == Cover::Removed)>
                <p class="field-note">"The cover is removed with Save."</p>
            </When>
            <When when=odd_stored>
                <p class="field-note">"The stored cover is not a PNG, JPEG, WebP or GIF image, so it is not shown."</p>
            </When>
            <div class="form-actions">
                <When when=move || !form.cover.with(|c| *c == Cover::Removed) && (stored_image().is_some() || form.cover.with(|c| matches!(c, Cover::New(_))))>
                    <button type="button" class="btn btn-small" on:click=move |_| {
                        form.cover_error.set(None);
                        form.cover.set(if stored_image().is_some() { Cover::Removed } else { Cover::Kept });
                    }>"Remove cover"</button>
                </When>
                <When when=move || !form.cover.with(|c| *c == Cover::Kept)>
                    <button type="button" class="btn btn-small btn-quiet" on:click=move |_| {
                        form.cover_error.set(None);
                        form.cover.set(Cover::Kept);
                    }>"Undo the cover change"</button>
                </When>
            </div>
        </div>
    }
}
