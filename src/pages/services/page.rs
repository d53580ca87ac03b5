//! The services page itself: the heading, `New service` for who may add one, and the live
//! table, whose rows stay mounted while the list updates (a secret shown, a parameters editor
//! open or a delete being confirmed survive every poll).
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::workspaces;
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::keyed::Keyed;
use crate::components::loaded::Loaded;
use crate::components::when::When;
use crate::domain::keyed::KeyIndex;
use crate::domain::permissions::Perm;
use crate::domain::services::Service;
use crate::state::Derived;

use super::ctx::Ctx;
use super::new_service::NewServiceForm;
use super::row::service_row;

#[component]
pub(crate) fn ServicesPage() -> impl IntoView {
    let params = use_params_map();
    let workspace_id =
        crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page services-page" id="main">
            {live(move || view! { <ServicesView workspace_id=workspace_id.get()/> })}
        </main>
    }
}

#[component]
fn ServicesView(workspace_id: String) -> impl IntoView {
    let ctx = Ctx::start(workspace_id);
    let api = ctx.api;
    let ws = ctx.ws;
    let workspace = crate::state::resource(move || {
        let ws = ws.try_get_value().unwrap_or_default();
        async move { workspaces::get(api, &ws).await }
    });
    crate::state::page_title::name_workspace(move || {
        workspace
            .get()
            .and_then(Result::ok)
            .map(|w| (w.id.clone(), w.display_name()))
    });
    let name = move || match workspace.get() {
        Some(Ok(w)) => crate::domain::text::shown_string(&w.display_name()),
        _ => "this workspace".to_owned(),
    };
    let may_create = crate::state::memo(move |_| ctx.may(Perm::CreateWorkspaceServiceInstance));
    view! {
        <p class="breadcrumb">
            <a href=move || crate::routes::workspace_href(&ctx.ws())>{name}</a>
        </p>
        <h1>"Services"</h1>
        <p class="muted">
            {live(move || format!(
                "Databases and trackers the cluster runs beside the sessions of {}.",
                name()
            ))}
        </p>
        {live(move || ctx.said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> }))}
        {live(move || ctx.failed.get().map(|(words, e)| view! { <ErrorAlert title=words error=e/> }))}
        <When when=move || may_create.get()>
            <NewServiceForm ctx=ctx/>
        </When>
        <Loaded
            state=ctx.poll.latest().loadable_fn()
            loading="Loading the services…"
            error_title="Could not load the services"
            on_retry=Callback::new(move |_| ctx.poll.start())
            let:rows
        >
            {services_list(ctx, rows, may_create)}
        </Loaded>
    }
}

const COLUMNS: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Chart"),
    Column::shown("Desired state"),
    Column::shown("Status"),
    Column::shown("Connection"),
    Column::shown("Actions"),
];

/// A line when there are none, else the table.
fn services_list(
    ctx: Ctx,
    rows: Derived<Vec<Service>>,
    may_create: Derived<bool>,
) -> impl IntoView {
    let empty = crate::state::memo(move |_| rows.with(Vec::is_empty));
    let ids = move || rows.with(|l| l.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    let index =
        crate::state::memo(move |_| rows.with(|l| KeyIndex::of(l.iter().map(|s| s.id.as_str()))));
    live(move || {
        if empty.get() {
            let words = if may_create.get() {
                "No services yet: add one with New service."
            } else {
                "No services yet."
            };
            return view! { <p class="empty">{words}</p> }.into_any();
        }
        view! {
            <DataTable testid="services-table" caption="Services of this workspace"
                columns=COLUMNS class="services-table">
                <Keyed each=ids key=|id| id.clone() let:id>
                    {
                        let row_id = id.clone();
                        let svc = crate::state::memo(move |_| {
                            index.with(|ix| rows.with(|l| ix.find(l, &row_id, |s| &s.id).cloned()))
                        });
                        service_row(ctx, id, svc)
                    }
                </Keyed>
            </DataTable>
        }
        .into_any()
    })
}
