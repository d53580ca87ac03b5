//! `/admin`, the administration's overview (ui.md, "admin overview"; issue 60.4): a card per
//! area the caller may open (`domain::admin_overview`, each area's own page rule), each a link
//! to its page with its count, read with the call that page makes (the admin lists' every page,
//! a paged list's `total`), and the sessions' statuses in the admin list's words. A count that
//! could not be read says so in words; the cards of areas the user may not open are not made,
//! so nothing of them is fetched.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::audit::{self as audit_api};
use crate::api::{
    app_admin, apps, organizations, roles, terms, users, workbenches, workspaces, ApiClient,
    ApiError,
};
use crate::components::admin_gate::AdminGate;
use crate::components::session_status::{list_words, start_timeout_ms};
use crate::domain::admin_overview::{
    areas, counted, sessions_line, unknown_line, waiting_line, Area,
};
use crate::domain::audit::{AuditFilter, AuditScope};
use crate::domain::permissions::may_see_admin;
use crate::domain::workspace::WorkspaceStatus;
use crate::state::auth::Auth;
use crate::state::requests::Waiting;

/// `/admin`: the heading and the cards.
#[component]
pub(crate) fn AdminOverviewPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page admin-overview" id="main">
            <AdminGate allowed=may_see_admin needs="a permission of one of the administration's pages">
                <div class="admin-head"><h1>"Administration"</h1></div>
                <p class="muted">"What your roles let you administer, with how many of each there are now."</p>
                <Cards/>
            </AdminGate>
        </main>
    }
}

#[component]
fn Cards() -> impl IntoView {
    let auth = Auth::use_auth();
    let waiting = use_context::<Waiting>();
    let shown = crate::state::memo(move |_| {
        let requests = waiting.and_then(|w| w.supported.get());
        auth.grants()
            .map(|g| areas(&g, requests))
            .unwrap_or_default()
    });
    live(move || {
        let cards = shown
            .get()
            .into_iter()
            .map(|area| view! { <li><Card area=area/></li> })
            .collect_view();
        view! { <ul class="admin-cards">{cards}</ul> }
    })
}

/// One area's card: a link with its title and its count in words.
#[component]
fn Card(area: Area) -> impl IntoView {
    let api = ApiClient::use_client();
    let line: Signal<String> = match area {
        Area::Requests => {
            let waiting = use_context::<Waiting>();
            Signal::derive(move || waiting_line(waiting.map(|w| w.count.get()).unwrap_or(0)))
        }
        Area::Settings => {
            Signal::derive(|| "The platform's name, logos, colours and per-user limits".to_owned())
        }
        _ => {
            let now = crate::state::now_ms_i64();
            let timeout = start_timeout_ms();
            let read = crate::state::resource(move || count(api, area, now, timeout));
            let noun = area.noun().unwrap_or_default();
            Signal::derive(move || match read.get() {
                None => "Counting…".to_owned(),
                Some(Ok(words)) => words,
                Some(Err(e)) => format!("{}: {}", unknown_line(noun), e.words()),
            })
        }
    };
    view! {
        <a class="card admin-card" data-testid="admin-card" data-area=area.slug() href=area.href()>
            <span class="admin-card-title">{area.title()}</span>
            <span class="admin-card-count">{line}</span>
        </a>
    }
}

/// The count of `area` in words, as its page would show it (`now`, `timeout_ms`: a session's
/// `Starting` or `Did not start`).
async fn count(api: ApiClient, area: Area, now: i64, timeout_ms: i64) -> Result<String, ApiError> {
    let noun = area.noun().unwrap_or_default();
    let n = match area {
        Area::Users => users::list(api, "", 0, 1).await?.total,
        Area::Roles => roles::list(api).await?.len() as u64,
        Area::Workspaces => workspaces::list(api)
            .await?
            .iter()
            .filter(|w| w.status != WorkspaceStatus::Deleted)
            .count() as u64,
        Area::Sessions => {
            let all = workbenches::list_all(api, None).await?;
            let words: Vec<&str> = all
                .iter()
                .map(|wb| list_words(wb, now, timeout_ms))
                .collect();
            return Ok(sessions_line(&words));
        }
        Area::Apps => app_admin::rows(api).await?.0.len() as u64,
        Area::AppInstances => apps::all_instances(api)
            .await?
            .iter()
            .filter(|i| !i.is_being_deleted())
            .count() as u64,
        Area::Organizations => organizations::list(api).await?.len() as u64,
        Area::Audit => {
            let all = AuditFilter::default();
            audit_api::list(api, &AuditScope::Platform, &all, 0, 0, 1)
                .await?
                .total
        }
        Area::Terms => terms::versions(api, 0, 1).await?.total,
        Area::Requests | Area::Settings => return Ok(String::new()),
    };
    Ok(counted(n, noun))
}
