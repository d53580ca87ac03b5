//! `/apps`'s `Web links` (ui.md, "web links"; the rules: [`crate::domain::weblinks`]): the
//! platform's links to web pages outside the console, kept in the global dev store that anyone
//! may read. A card per link opens it in a new tab with `rel="noopener noreferrer"`, never in a
//! frame (chorus-web-ui frames them without a sandbox); a stored address that is not `https:`
//! (another UI allows `http:`, a hostile one `javascript:`) is shown as text, never a link.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::{ApiClient, ApiError};
use crate::components::loaded::{from_resource, Loaded};
use crate::domain::text::shown_string;
use crate::domain::weblinks::{parse, WebLink, KEY};

#[component]
pub(super) fn WebLinks() -> impl IntoView {
    let api = ApiClient::use_client();
    let read = crate::state::resource(move || async move {
        let raw = devstore::get(api, &Scope::Global, KEY).await?;
        Ok::<_, ApiError>(parse(raw.as_deref()))
    });
    view! {
        <section class="weblinks" aria-labelledby="weblinks-heading">
            <h2 id="weblinks-heading">"Web links"</h2>
            <Loaded
                state=from_resource(read)
                loading="Loading the web links…"
                error_title="Could not load the web links"
                on_retry=Callback::new(move |_| read.refetch())
                let:links
            >
                {live(move || match links.get() {
                    Err(words) => view! { <p class="alert alert-warn" role="alert">{words}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted">"No web links have been added to this platform."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <p class="muted">"Pages outside this console that the platform's administrators link to. Each opens in a new tab."</p>
                        <ul class="weblinks-grid">
                            {list.into_iter().map(|l| view! { <Card link=l/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Loaded>
        </section>
    }
}

/// The host of an https address, for the card's second line.
fn host_of(url: &str) -> &str {
    url.trim()
        .get(8..)
        .unwrap_or_default()
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
}

#[component]
fn Card(link: WebLink) -> impl IntoView {
    let name = shown_string(&link.name);
    let description = link.description.as_deref().map(shown_string);
    let icon = link.icon().map(str::to_owned);
    let title = match link.href() {
        Some(href) => view! {
            <a class="weblink-name" href=href.to_owned() target="_blank" rel="noopener noreferrer">
                {name.clone()}
                <span class="visually-hidden">" (opens in a new tab)"</span>
            </a>
            <span class="muted weblink-host">{shown_string(host_of(href))}</span>
        }
        .into_any(),
        None => view! {
            <span class="weblink-name">{name.clone()}</span>
            <span class="muted weblink-host">
                {format!("Not opened from here: its address is not https ({}).", shown_string(&link.url))}
            </span>
        }
        .into_any(),
    };
    view! {
        <li class="card weblink-card" data-weblink-id=link.id.clone()>
            {icon.map(|src| view! { <img class="weblink-icon" src=src alt="" width="32" height="32" referrerpolicy="no-referrer"/> })}
            <div class="weblink-text">
                {title}
                {description.map(|d| view! { <p class="weblink-description">{d}</p> })}
            </div>
        </li>
    }
}
