//! `/apps` (ui.md, "app catalogue"; issue 49): the apps researchers may open, for every
//! signed-in user. `GET /apps` (every row, every page: [`crate::api::app_catalogue`]) grouped
//! into one card per app with its versions, inactive and switched-off versions hidden
//! ([`crate::domain::app_catalogue`]); a `Search apps` box (name, description, category); the
//! category tabs from the apps' own `category` (`All` first); one card per app ([`card`]) with
//! `Open in session` ([`open_in_session`]). A catalogue of hundreds draws the first
//! [`PAGE`] matches and `Show more`. After them, the platform's `Web links` ([`weblinks`]).
mod card;
pub(in crate::pages) mod open_in_session;
mod weblinks;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{app_catalogue, ApiClient, ApiError};
use crate::components::keyed::Keyed;
use crate::components::lazy_forms::{FormsChunk, WorkspaceForms};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::app_catalogue::{count_words, group, shown, tabs, CatalogueApp, Tab};
use crate::state::{Derived, Slot};

/// Cards drawn at first, and how many more each `Show more` draws.
const PAGE: usize = 60;

/// The catalogue as loaded: the apps, and the words of a cut list (the safety stop).
#[derive(Clone, Debug, PartialEq)]
struct Catalogue {
    apps: Vec<CatalogueApp>,
    cut: Option<String>,
}

#[component]
pub(crate) fn AppsPage() -> impl IntoView {
    let api = ApiClient::use_client();
    let list = crate::state::resource(move || async move {
        let (rows, cut) = app_catalogue::rows(api).await?;
        Ok::<_, ApiError>(Catalogue {
            apps: group(rows),
            cut,
        })
    });
    let places = open_in_session::use_places();
    // The chooser under `Open in session` is in the `wsforms` chunk.
    let chooser = FormsChunk::new(use_context::<WorkspaceForms>().map(|f| f.0));
    view! {
        <main class="page apps-page" id="main">
            <div class="page-head">
                <h1>"Apps"</h1>
            </div>
            <p class="muted apps-intro">"The apps you can open in your sessions."</p>
            <Loaded
                state=from_resource(list)
                loading="Loading the apps…"
                error_title="Could not load the apps"
                on_retry=Callback::new(move |_| list.refetch())
                let:catalogue
            >
                <Browser catalogue=catalogue places=places chooser=chooser/>
            </Loaded>
            // The platform's links to web pages outside the console (issue 60.7).
            <weblinks::WebLinks/>
        </main>
    }
}

/// The search, the tabs and the cards of a loaded catalogue.
#[component]
fn Browser(
    catalogue: Derived<Catalogue>,
    places: open_in_session::Places,
    chooser: FormsChunk,
) -> impl IntoView {
    let query = Slot::new(String::new());
    let tab = Slot::new(Tab::All);
    let drawn = Slot::new(PAGE);
    // Whose `Open in session` is open (the app's newest version id): one at a time.
    let opened = Slot::new(None::<String>);
    let tab_list = crate::state::memo(move |_| catalogue.with(|c| tabs(&c.apps)));
    // A tab whose category is gone (a reload) falls back to `All`.
    crate::state::effect(move |_| {
        let gone = tab_list.with(|l| tab.with_untracked(|t| !l.contains(t)));
        if gone {
            tab.set(Tab::All);
        }
    });
    let matching = crate::state::memo(move |_| {
        let (t, q) = (tab.get(), query.get());
        catalogue.with(|c| shown(&c.apps, &t, &q))
    });
    let total = move || catalogue.with(|c| c.apps.len());
    let visible = move || {
        let n = drawn.get();
        catalogue.with(|c| {
            matching.with(|m| {
                m.iter()
                    .take(n)
                    .filter_map(|i| c.apps.get(*i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    };
    let count = move || {
        let filtered = tab.with(|t| *t != Tab::All) || !query.with(|q| q.trim().is_empty());
        count_words(matching.with(Vec::len), total(), filtered, &query.get())
    };
    let more = move || matching.with(Vec::len).saturating_sub(drawn.get());
    let has_apps = move || total() != 0;
    let has_more = move || more() != 0;
    let no_apps = || view! { <p class="muted apps-empty">"No apps are available yet."</p> };
    view! {
        <When when=has_apps fallback=no_apps>
            <div class="field search-field apps-search">
                <label for="apps-search">"Search apps"</label>
                <input id="apps-search" type="search" autocomplete="off"
                    placeholder="A name, a description or a category"
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        drawn.set(PAGE);
                    }/>
            </div>
            {tab_bar(tab_list, tab, drawn)}
            <div id="apps-panel" class="apps-panel" role="tabpanel"
                aria-labelledby=move || format!("apps-tab-{}", tab_index(tab_list, tab))>
                <p class="muted apps-count" role="status">{count}</p>
                {live(move || catalogue.with(|c| c.cut.clone()).map(|w| view! { <p class="alert alert-warn">{w}</p> }))}
                <div class="apps-grid">
                    <Keyed each=visible key=|a: &CatalogueApp| a.newest().id.clone() let:app>
                        <card::AppCard app=app places=places opened=opened chooser=chooser.apart()/>
                    </Keyed>
                </div>
                <When when=has_more>
                    <button type="button" class="btn apps-more"
                        on:click=move |_| drawn.update(|n| *n += PAGE)>
                        {live(move || format!("Show more ({} not shown)", crate::domain::text::grouped(more() as u64)))}
                    </button>
                </When>
            </div>
        </When>
    }
}

/// The position of the chosen tab (0: `All`).
fn tab_index(list: Derived<Vec<Tab>>, tab: Slot<Tab>) -> usize {
    list.with(|l| tab.with(|t| l.iter().position(|x| x == t).unwrap_or(0)))
}

/// The category tabs (`role="tab"`; the arrow keys, Home and End move between them).
fn tab_bar(list: Derived<Vec<Tab>>, tab: Slot<Tab>, drawn: Slot<usize>) -> impl IntoView {
    let go = move |i: usize| {
        if let Some(t) = list.with_untracked(|l| l.get(i).cloned()) {
            tab.set(t);
            drawn.set(PAGE);
            crate::components::focus_by_id(&format!("apps-tab-{i}"));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = list.with_untracked(Vec::len);
        if n == 0 {
            return;
        }
        let i = list
            .with_untracked(|l| tab.with_untracked(|t| l.iter().position(|x| x == t)))
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % n,
            "ArrowLeft" => (i + n - 1) % n,
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        go(next);
    };
    view! {
        <div class="apps-tabs" role="tablist" aria-label="Categories" on:keydown=on_key>
            {live(move || list.get().into_iter().enumerate().map(|(i, t)| {
                let this = t.clone();
                let selected = crate::state::memo(move |_| tab.with(|x| *x == this));
                let pick = t.clone();
                view! {
                    <button type="button" role="tab" class="apps-tab" id=format!("apps-tab-{i}")
                        aria-controls="apps-panel"
                        aria-selected=move || selected.get().to_string()
                        tabindex=move || if selected.get() { "0" } else { "-1" }
                        on:click=move |_| { tab.set(pick.clone()); drawn.set(PAGE); }>
                        {t.label()}
                    </button>
                }
            }).collect_view())}
        </div>
    }
}
