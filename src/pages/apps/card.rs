//! One app of `/apps`: a card (`data-app-id`: its newest version) with its icon (an image only
//! from a `data:image/` URI or a web address on a host the deployment allows, else, or when it
//! fails to load, its letter; the background colour only when it is a plain CSS colour), its name and description as text, its stability in words,
//! its category, the `Version` select (choosing a version picks that app id) and
//! `Open in session`.
use crate::components::live::live;
use leptos::prelude::*;

use super::open_in_session::{OpenIn, Places};
use crate::components::app_icon::AppIcon;
use crate::components::lazy_forms::{FormsChunk, WorkspaceForms};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::app_catalogue::{AppRow, CatalogueApp};
use crate::domain::text::shown_string;
use crate::state::{Kept, Slot};

/// The icon of a version (its letter when the deployment cannot show its image, or the image
/// fails to load: `components::app_icon`).
fn icon(v: &AppRow) -> impl IntoView {
    view! {
        <AppIcon icon_url=v.icon_url.clone() name=v.name.clone() background=v.icon_background.clone()/>
    }
}

#[component]
pub(super) fn AppCard(
    app: CatalogueApp,
    places: Places,
    opened: Slot<Option<String>>,
    /// The chunk of the chooser under `Open in session` (`wsforms`).
    chooser: FormsChunk,
) -> impl IntoView {
    let key = app.newest().id.clone();
    let options = app.version_options();
    let app = Kept::new(app);
    let chosen = Slot::new(key.clone());
    let version =
        crate::state::memo(move |_| chosen.with(|id| app.with_value(|a| a.version(id).clone())));
    let select_id = format!("app-version-{key}");
    let button_id = format!("app-open-{key}");
    let me = key.clone();
    let is_open = crate::state::memo(move |_| opened.with(|o| o.as_deref() == Some(me.as_str())));
    let k = key.clone();
    // The chooser opens once its chunk is in (the pointer or the focus on the button fetched it,
    // most often before the click); a click whose fetch failed says so by the button.
    let toggle = move |_| {
        if is_open.get_untracked() {
            opened.set(None);
        } else {
            let k = k.clone();
            chooser.open(move || opened.set(Some(k)));
        }
    };
    let b = button_id.clone();
    let close = Callback::new(move |_: ()| {
        opened.set(None);
        crate::components::focus_by_id(&b);
    });
    // Escape on the button closes its open chooser too: the chooser takes the focus a frame after
    // it opens, and a key pressed before that reaches the button.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if is_open.get_untracked() && matches!(ev.key().as_str(), "Escape" | "Esc") {
            ev.prevent_default();
            close.run(());
        }
    };
    view! {
        <article class="card app-card" data-app-id=key.clone()>
            <div class="app-card-head">
                {live(move || icon(&version.get()))}
                <div class="app-card-title">
                    <h2 class="app-card-name">{live(move || shown_string(&version.with(|v| v.name.clone())))}</h2>
                    {live(move || version.with(|v| v.stability.words()).map(|w| view! {
                        <span class="badge app-stability">{w}</span>
                    }))}
                </div>
            </div>
            {live(move || {
                let d = version.with(|v| v.description.trim().to_owned());
                (!d.is_empty()).then(|| view! { <p class="app-card-description">{shown_string(&d)}</p> })
            })}
            {live(move || {
                let c = version.with(|v| v.category.trim().to_owned());
                (!c.is_empty()).then(|| view! { <p class="muted app-card-category">{shown_string(&c)}</p> })
            })}
            <div class="app-card-actions">
                <div class="field app-version">
                    <label for=select_id.clone()>"Version"</label>
                    <select id=select_id
                        on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {options.into_iter().map(|(id, label)| {
                            let sel = id.clone();
                            view! { <option value=id selected=move || chosen.with(|c| *c == sel)>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="button" class="btn btn-primary app-open" id=button_id
                    aria-expanded=move || is_open.get().to_string()
                    on:pointerover=move |_| chooser.prefetch()
                    on:focus=move |_| chooser.prefetch()
                    on:keydown=on_keydown
                    on:click=toggle>
                    "Open in session"
                </button>
            </div>
            {chooser.failure()}
            <When when=move || is_open.get()>
                <Chooser open_in=OpenIn { version, places, on_close: close } chooser=chooser/>
            </When>
        </article>
    }
}

/// The chooser of a card, from its chunk: what it works on is in a context around it.
#[component]
fn Chooser(open_in: OpenIn, chooser: FormsChunk) -> impl IntoView {
    provide_context(open_in);
    chooser.form(WorkspaceForms::OPEN_IN_SESSION)
}
