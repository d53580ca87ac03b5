//! A workspace's cover image and `About this workspace` text on its page, read from the dev
//! store's workspace keys `image` and `config` where the settings page (and chorus-web-ui)
//! keep them. Nothing is shown while they load, when they are not set, or when the backend has
//! no dev store: the page is about the sessions first.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::ApiClient;
use crate::components::markdown::LazyMarkdown;
use crate::domain::cover_image::shown_cover;
use crate::domain::workspace_config::read_config;
use crate::state::Kept;

#[component]
pub(crate) fn WorkspaceAbout(
    ws_id: String,
    /// The workspace's name, for the image's text alternative.
    #[prop(into)]
    name: Signal<String>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let ws = Kept::new(ws_id);
    let entries = crate::state::resource(move || {
        let ws = ws.try_get_value().unwrap_or_default();
        async move { devstore::list(api, &Scope::Workspace(ws)).await }
    });
    let cover = move || {
        entries.with(|e| match e {
            Some(Ok(map)) => map
                .get("image")
                .and_then(|s| shown_cover(s))
                .map(str::to_owned),
            _ => None,
        })
    };
    let about = move || {
        entries.with(|e| match e {
            Some(Ok(map)) => Some(read_config(map.get("config").map(String::as_str)).about)
                .filter(|a| !a.trim().is_empty()),
            _ => None,
        })
    };
    view! {
        {live(move || cover().map(|src| view! {
            <img class="workspace-cover" src=src alt=move || format!("Cover image of {}", name.get())/>
        }))}
        {live(move || about().map(|text| view! {
            <section class="workspace-about card" aria-labelledby="about-heading">
                <h2 id="about-heading">"About this workspace"</h2>
                <LazyMarkdown text=Signal::derive(move || text.clone()) first_heading=3/>
            </section>
        }))}
    }
}
