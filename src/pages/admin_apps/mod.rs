//! `/admin/apps`: the app catalogue's administration (ui.md, "apps admin"; api.md §1). Every
//! version of every app not deleted as a row of `apps-table` (inactive ones too, said so), `New
//! app` and `Edit <name> <tag>` open one form (`form.rs`), `Deactivate`/`Activate` and `Delete`
//! per row (`row.rs`). CHORUS answers the list from a 5-second cache: what was just saved is
//! shown from the reply, and the list is read again once the cache has let go.
//!
//! A second tab, `Web links` (`?tab=weblinks`, for who may `setPlatformSettings`): the
//! platform's links to web pages outside the console ([`weblinks`]).
mod form;
mod icon_file;
mod row;
mod weblinks;

use std::time::Duration;

use crate::components::live::live;
use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::api::app_admin::{self, id_of, Row};
use crate::api::{ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::admin_nav::{AdminNav, AdminPage};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::keyed::Keyed;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::app_form::text;
use crate::domain::permissions::{
    may_manage_apps, may_open_apps_admin, may_set_platform_settings, Perm, Target,
};
use crate::state::auth::Auth;
use crate::state::Resource;
use crate::state::Slot;

use form::AppForm;
use row::AppRow;

/// CHORUS's list cache (5 s), and a little more.
const PAST_LIST_CACHE: Duration = Duration::from_millis(5_500);

const COLUMNS: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Image"),
    Column::shown("Status"),
    Column::shown("Stability"),
    Column::shown("Category"),
    // After the columns tests and readers count on (name, image, status, …): an added cell.
    Column::hidden("Icon"),
    Column::hidden("Actions"),
];

#[component]
pub(crate) fn AdminAppsPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page apps-admin" id="main">
            <AdminNav current=AdminPage::Apps/>
            <AdminGate allowed=may_open_apps_admin needs="the permission createApp, updateApp or setPlatformSettings">
                <h1>"App catalogue"</h1>
                <Tabs/>
            </AdminGate>
        </main>
    }
}

/// `App catalogue` and `Web links`, each for who may use it (`?tab=weblinks`).
#[component]
fn Tabs() -> impl IntoView {
    let auth = Auth::use_auth();
    let may = move |check: fn(&crate::domain::permissions::Grants) -> bool| {
        auth.grants().is_some_and(|g| check(&g))
    };
    let (apps, links) = (may(may_manage_apps), may(may_set_platform_settings));
    let query = leptos_router::hooks::use_query_map();
    let navigate = leptos_router::hooks::use_navigate();
    let on_links = crate::state::memo(move |_| {
        !apps || (links && query.with(|q| q.get("tab").as_deref() == Some("weblinks")))
    });
    let tab = move |weblinks: bool, words: &'static str| {
        let href = if weblinks {
            "/admin/apps?tab=weblinks"
        } else {
            "/admin/apps"
        };
        let selected = move || on_links.get() == weblinks;
        let navigate = navigate.clone();
        view! {
            <a role="tab" class="apps-tab" href=href id=if weblinks { "apps-admin-tab-links" } else { "apps-admin-tab-apps" }
                aria-controls="apps-admin-panel"
                aria-selected=move || selected().to_string()
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |e| {
                    e.prevent_default();
                    navigate(href, leptos_router::NavigateOptions { replace: true, ..Default::default() });
                }>
                {words}
            </a>
        }
    };
    view! {
        <div class="apps-tabs" role="tablist" aria-label="What to administer"
            on:keydown=crate::components::tablist::on_tablist_keydown>
            {apps.then(|| tab.clone()(false, "App catalogue"))}
            {links.then(|| tab(true, "Web links"))}
        </div>
        <div role="tabpanel" id="apps-admin-panel"
            aria-labelledby=move || if on_links.get() { "apps-admin-tab-links" } else { "apps-admin-tab-apps" }>
            <When when=move || on_links.get() fallback=|| view! { <Catalogue/> }>
                <weblinks::WebLinksAdmin/>
            </When>
        </div>
    }
}

/// The list as read: its rows and the words of a cut.
type Listed = Result<(Vec<Row>, Option<String>), ApiError>;

/// A row written here, shown until a list read after CHORUS's cache holds it: the row as the
/// backend returned it, or `None` once deleted.
#[derive(Clone, Debug)]
struct Written {
    id: String,
    row: Option<Map<String, Value>>,
    at: f64,
}

/// What the page's parts share.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) api: ApiClient,
    list: Resource<Listed>,
    written: Slot<Vec<Written>>,
    /// The form: `None` closed, `Some(None)` a new app, `Some(Some(app))` an edit.
    pub(super) editing: Slot<Option<Option<Map<String, Value>>>>,
    pub(super) said: Slot<Option<String>>,
    pub(super) failed: Slot<Option<(String, ApiError)>>,
    pub(super) may_update: Signal<bool>,
    pub(super) may_delete: Signal<bool>,
    /// The version whose deletion is being confirmed, by id: kept here, not in its row, so
    /// that the list read again (5.5 s after a write) leaves the question open (the full run
    /// found a `Delete` pressed just before the re-read with no question to answer).
    pub(super) confirming: Slot<Option<String>>,
}

impl Ctx {
    /// Shows `row` (as the backend returned it; `None`: deleted) at once, then reads the list
    /// again once CHORUS's cache has let go.
    pub(super) fn wrote(self, id: String, row: Option<Map<String, Value>>) {
        let at = crate::state::now_ms();
        self.written.update(|w| {
            w.retain(|x| x.id != id);
            w.push(Written { id, row, at });
        });
        let list = self.list;
        leptos::task::spawn_local(async move {
            crate::state::timer::sleep(PAST_LIST_CACHE).await;
            list.refetch();
        });
    }
}

/// "JupyterLab 4.2": how an app version is named in buttons and sentences (bidirectional
/// controls as markers, issue 55).
pub(super) fn label(app: &Map<String, Value>) -> String {
    crate::domain::text::shown_string(&format!(
        "{} {}",
        text(app, "name"),
        text(app, "dockerImageTag")
    ))
}

/// The list as read with what was written since laid over it.
fn shown(rows: Vec<Row>, written: &[Written]) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    for r in rows {
        match &r {
            Row::App(m) => {
                let id = id_of(m).unwrap_or_default();
                match written.iter().find(|w| w.id == id) {
                    Some(w) => {
                        if let Some(row) = &w.row {
                            out.push(Row::App(row.clone()));
                        }
                    }
                    None => out.push(r),
                }
            }
            Row::Unreadable(_) => out.push(r),
        }
    }
    for w in written {
        let listed = out
            .iter()
            .any(|r| matches!(r, Row::App(m) if id_of(m).as_deref() == Some(&w.id)));
        if let (Some(row), false) = (&w.row, listed) {
            out.push(Row::App(row.clone()));
        }
    }
    out
}

/// Each row's key in the table: the version as the backend gave it (its JSON), and how many
/// rows before it are the same (two unreadable rows alike are two rows).
fn row_keys(rows: &[Row]) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    rows.iter()
        .map(|r| {
            let json = match r {
                Row::App(m) => serde_json::to_string(m).unwrap_or_default(),
                Row::Unreadable(json) => format!("unreadable {json}"),
            };
            let before = seen.entry(json.clone()).or_insert(0);
            let key = format!("{before}:{json}");
            *before += 1;
            key
        })
        .collect()
}

#[component]
fn Catalogue() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let written = Slot::new(Vec::<Written>::new());
    let list = crate::state::resource(move || async move {
        let asked = crate::state::now_ms();
        let read = app_admin::rows(api).await;
        if read.is_ok() {
            // A list asked more than CHORUS's 5 s after a write holds it.
            let settled = asked - PAST_LIST_CACHE.as_millis() as f64;
            written.try_update(|w| w.retain(|x| x.at > settled));
        }
        read
    });
    let ctx = Ctx {
        api,
        list,
        written,
        editing: Slot::new(None),
        said: Slot::new(None),
        failed: Slot::new(None),
        may_update: Signal::derive(move || auth.can_in(Perm::UpdateApp, &Target::global())),
        may_delete: Signal::derive(move || auth.can_in(Perm::DeleteApp, &Target::global())),
        confirming: Slot::new(None),
    };
    let may_create = move || auth.can_in(Perm::CreateApp, &Target::global());
    let open_new = move |_| {
        ctx.said.set(None);
        ctx.editing.set(Some(None));
    };
    view! {
        <p class="muted">
            "Every version of every app researchers can be offered. Inactive versions stay here but are not offered. A deleted app can come back: CHORUS's registry sync adds again every image it finds in the registry."
        </p>
        {live(move || ctx.said.get().map(|s| view! { <p class="alert alert-success" role="status">{s}</p> }))}
        {live(move || ctx.failed.get().map(|(t, e)| view! { <ErrorAlert title=t error=e/> }))}
        <When when=move || ctx.editing.get().is_none() && may_create()>
            <div class="section-head">
                <button type="button" class="btn btn-primary" on:click=open_new>"New app"</button>
            </div>
        </When>
        {live(move || ctx.editing.get().map(|original| view! {
            <crate::components::focus_return::FocusReturn><AppForm ctx=ctx original=original/></crate::components::focus_return::FocusReturn>
        }))}
        <Loaded
            state=from_resource(list)
            loading="Loading the catalogue…"
            error_title="Could not load the catalogue"
            on_retry=Callback::new(move |_| list.refetch())
            let:page
        >
            {
                // Each row keyed by what it shows: a list read again that changed nothing in a
                // row leaves it (and the focus in it) as it is; a changed row is drawn anew.
                let rows = crate::state::memo(move |_| {
                    let rows = page.with(|(rows, _)| rows.clone());
                    let rows = written.with(|w| shown(rows, w));
                    row_keys(&rows).into_iter().zip(rows).collect::<Vec<_>>()
                });
                view! {
                    {live(move || page.with(|(_, cut)| cut.clone()).map(|c| view! { <p class="alert alert-warn" role="status">{c}</p> }))}
                    <p class="muted" data-testid="apps-count">
                        {live(move || match rows.with(Vec::len) { 1 => "1 version.".to_owned(), n => format!("{n} versions.") })}
                    </p>
                    <DataTable testid="apps-table" class="apps-table" caption="Every version of every app in the catalogue" columns=COLUMNS>
                        <Keyed each=move || rows.get() key=|(k, _)| k.clone() let:((_, r))>
                            <AppRow ctx=ctx row=r/>
                        </Keyed>
                    </DataTable>
                }
            }
        </Loaded>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(id: &str, status: &str) -> Row {
        let v = serde_json::json!({ "id": id, "status": status });
        Row::App(v.as_object().cloned().unwrap_or_default())
    }

    #[test]
    fn a_row_keeps_its_key_while_it_shows_the_same_and_two_alike_rows_differ() {
        let before = row_keys(&[app("1", "active"), app("2", "active")]);
        let after = row_keys(&[app("1", "active"), app("2", "inactive")]);
        assert_eq!(before[0], after[0]);
        assert_ne!(before[1], after[1]);
        let odd = Row::Unreadable("[1]".into());
        let keys = row_keys(&[odd.clone(), odd]);
        assert_ne!(keys[0], keys[1]);
    }
}
