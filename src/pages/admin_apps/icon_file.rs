//! The app form's icon as the deployment will show it (issue 55, point 5): under `Icon URL`, what
//! this deployment shows (`domain::app_icon::form_hint`: an uploaded image, or a web address on
//! a host of `iconHosts`), an `Icon file` input (a PNG, JPEG or WebP image of at most 200 KB,
//! checked by its type and size before it is read and by its first bytes after, kept in `Icon
//! URL` as a data URI), and the icon as the catalogue will draw it, its letter said when the
//! image cannot show. A web address on another host is refused before anything is sent
//! ([`with_host_problem`]).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::app_icon::{allowed_hosts, AppIcon};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::app_form::{AppDraft, Field, Problem};
use crate::domain::app_icon::{check_icon_file, form_hint, icon_data_uri, web_icon_problem};
use crate::state::Slot;

/// `problems` with the refusal of a web address on a host the deployment does not show icons
/// from, said next to `Icon URL`.
pub(super) fn with_host_problem(
    mut problems: Vec<Problem>,
    d: &AppDraft,
    hosts: &[String],
) -> Vec<Problem> {
    if let Some(words) = web_icon_problem(&d.icon_url, hosts) {
        problems.push(Problem {
            field: Field::IconUrl,
            words,
        });
    }
    problems
}

/// The hosts icons may come from (read once by the form).
pub(super) fn hosts() -> Vec<String> {
    allowed_hosts()
}

#[component]
pub(super) fn IconFile(draft: Slot<AppDraft>) -> impl IntoView {
    let error = Slot::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        error.set(None);
        let Some((input, file)) = crate::components::file_pick::chosen_file(&ev) else {
            return;
        };
        input.set_value("");
        // Checked before a byte is read: a 20 MB file is never read.
        if let Err(words) = check_icon_file(&file.type_(), file.size().max(0.0) as u64) {
            error.set(Some(words));
            return;
        }
        leptos::task::spawn_local(async move {
            let bytes = crate::components::file_pick::file_bytes(&file).await;
            match bytes.and_then(|b| icon_data_uri(&b)) {
                Ok(uri) => {
                    draft.try_update(|d| d.icon_url = uri);
                }
                Err(words) => {
                    error.try_set(Some(words));
                }
            }
        });
    };
    let described = move || {
        if error.with(Option::is_some) {
            "app-icon-hint app-icon-file-error"
        } else {
            "app-icon-hint"
        }
    };
    let unshown = Slot::new(false);
    // Drawn again only when these change, not at every key typed elsewhere in the form.
    let icon = crate::state::memo(move |_| {
        draft.with(|d| {
            (
                d.icon_url.clone(),
                d.name.clone(),
                d.icon_background.clone(),
            )
        })
    });
    view! {
        <p class="hint wide" id="app-icon-hint">{form_hint(&hosts())}</p>
        <div class="field app-icon-file">
            <label for="app-icon-file">"Icon file"</label>
            <input id="app-icon-file" type="file" accept="image/png,image/jpeg,image/webp"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                on:change=on_change/>
            {live(move || error.get().map(|m| view! {
                <p class="field-error" id="app-icon-file-error" role="alert">{m}</p>
            }))}
        </div>
        <div class="field app-icon-preview" data-testid="app-icon-preview">
            <span class="hint">"As the catalogue shows it:"</span>
            {live(move || {
                let (url, name, background) = icon.get();
                view! { <AppIcon icon_url=url name=name background=background unshown=unshown/> }
            })}
            <When when=move || unshown.get()>
                <p class="field-note">"This icon cannot be shown here, so researchers see the app's letter: upload the image as a file."</p>
            </When>
        </div>
    }
}
