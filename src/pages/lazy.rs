//! Everything behind the sign-in is lazy (issues 20, 30 and 46): the first load is the shell,
//! routing, the sign-in state and the login page; each split point below is a chunk of the wasm
//! that the build cuts out (`wasm-split-cli`, in Trunk's post-build hook) and the browser fetches
//! when needed. Code two chunks share goes where `wasm-split-cli` puts it: a `chunk_N` file that
//! comes with each of them.
//!
//! - `app`, what every page behind the login needs before it shows ([`SignedIn`]): the terms
//!   gate, the stores of the activity, the notifications and the requests waiting (empty until
//!   their feeds start, which come with `chrome`). Every page behind the login waits for it, so
//!   it holds nothing else (issue 58: with the header and the first pages in it, 360 KB gzip
//!   that every signed-in page waited for; with the feeds, 55 KB more: docs/measurements.md). It is fetched at once when this
//!   browser was signed in before (a hint in `localStorage`, [`SIGNED_IN_HINT`]: the login cookie
//!   itself is `HttpOnly`, out of the app's sight; the start-up script even preloads its files,
//!   scripts/finish-dist.cjs), while the browser is idle on the login page, and at the latest on
//!   sign-in.
//! - `account`: `/register` (creating one's own account, linked from the login page) and
//!   `/oauthredirect` (the return from an identity provider), beside `app`.
//! - `home` (`/`), `overview` (the workspaces) and `workspace`: the pages a signed-in user lands
//!   on.
//! - `chrome`: the header, the desktop layer and the signed-in feeds ([`Chrome`]: the run
//!   stream, the builds', the notifications' and the waiting requests' polls), fetched once a
//!   page's heading shows (no page waits for them: [`AppChunk::after_page`]).
//! - `session`: the session page (fetched while the browser is idle on a workspace page).
//! - `homeparts`: what the home page shows only sometimes (`Your usage`, where the platform sets
//!   limits), fetched once that is known.
//! - `wsforms`: the forms that `New workspace`, `Edit workspace` and `Delete workspace` open,
//!   fetched when the pointer or the focus reaches one of those buttons, and a workspace page's
//!   form to start a session, fetched once that page has shown; the chooser of `/apps`' `Open
//!   in session` and the form of `/sessions`' `New session`, fetched by their buttons the same
//!   way.
//! - `dataforms`: the data page's request form and the compliance dialog before an upload,
//!   fetched the same way (its upload buttons, a drag over its table, the selection's request
//!   buttons), and at the latest once files are picked.
//! - `sessparts` and `datatable`: what the session page and the data page show after their
//!   heading, fetched once it has shown: the session's app tabs, stage and details (the page
//!   was 632 KB gzip on a cold load with them, over 500), with the panels of the session bar's
//!   `Share`, `Edit session` and `Desktop settings` ([`crate::components::lazy_forms`]); the
//!   data page's table with its rows and their actions (514 KB with it). `wstable`: a workspace
//!   page's sessions' table, after its heading too (437 KB with it, over its 400). Their
//!   loaders are handed to the pages in contexts too.
//! - One split point per group of the pages opened less often ([`intent::Group`]): `terms` (the
//!   terms of use and their markdown: a new user's first page), `data` (a workspace's data),
//!   `requests` and `request` (the airlock's list and one request: with the data page, the
//!   three were 645.6 KB gzip on a cold load), `dataindex` (the data index `/data`: in `data` it
//!   was 678 KB gzip on a cold load), `audit` (the audit logs), `members` (a workspace's
//!   members: with the audit logs it was 501.8 KB on a cold load), `profile` (the profile and
//!   the activity page: the user's own), `inbox` (`/messages`: in `profile` it was 500.1 KB
//!   gzip on a cold load, over the 500 KB of a signed-in page; alone, a fifth of that chunk),
//!   `admin` (the overview `/admin`, the header's `Admin` link: with the pages below it was 671
//!   KB), `roles` and `users` (the administration of access), `policy` (the platform's
//!   settings and the terms' versions), `govern` (a workspace's settings), `services` (its
//!   services), `adminapps` (the app catalogue's administration), `adminlists` (the lists of
//!   everything running), `adminorgs` (the organizations' administration), `catalogue` (the app
//!   catalogue), `browse` (the participating organizations, the public workspaces),
//!   `allsessions` (`/sessions`: with the catalogue both were 567.5 KB on a cold load): the
//!   pages that were one group each waited for the code of all (issue 58: the platform's pages
//!   681.7 KB on a cold load, roles, users and terms 555.5, a workspace's settings 581.7).
//!   Each is fetched when the
//!   pointer or the focus reaches a link to one of its pages ([`intent`]), most often before
//!   the click. They were one chunk `more` (336 KB gzip) that a researcher's first Data page
//!   fetched whole (docs/measurements.md).
//!
//! Only the split functions below and in [`forms`] may name what they load: a page named from
//! anywhere else in the first load would be pulled back into it; and no page names this file
//! (the session prefetch of the login and workspace pages is done here, around them, as is the
//! loader of the forms their buttons open and of the parts they show later, [`forms`]'s
//! `workspace_forms`, `workspace_parts`, [`session_parts`], [`data_forms`], [`data_parts`] and
//! [`home_parts`], handed to them in contexts). A chunk's stylesheets come with it ([`styles`]): admin.css
//! with the groups above but `terms`.
//!
//! A chunk may fail to arrive (offline, a 404 after a deploy, an aborted fetch). The split points
//! are `fallible` (`wasm_split_macros`): the failure comes back as `Err`, never as a panic (a
//! panic aborts the whole wasm), and the route shows [`ChunkError`] with a Reload button. A failed
//! load is not remembered: the next visit tries again.
//!
//! Only the release wasm is split (`cfg(console_split)`, set by build.rs): elsewhere (native tests,
//! the browser tests, `trunk serve`) the same functions run directly, in the one module.
use crate::components::live::live;
use leptos::prelude::*;
#[cfg(console_split)]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use crate::components::lazy_forms::PageTransfersView;
use crate::components::loading::Loading;

/// The future of a split point's result: the split function itself is `async` (it loads the
/// chunk first); without splitting it is a plain function.
#[cfg(console_split)]
macro_rules! load {
    ($f:ident) => {
        Box::pin($f())
    };
}
#[cfg(not(console_split))]
macro_rules! load {
    ($f:ident) => {
        Box::pin(async { $f() })
    };
}

mod app_chunk;
mod intent;
mod next_page;
#[cfg(test)]
mod routes_tests;
mod styles;

use app_chunk::{chrome_part, chunk_view, lazy_page, when_idle, Chrome, Pages};
pub use app_chunk::{AppChunk, ChunkError, PageView, SignedIn};
use styles::chunk_styles;

/// The stylesheets of the pages that were in the `more` chunk (admin.css): the `data`, `audit`,
/// `members`, `profile` and `admin` groups load them.
const PAGE_STYLES: Option<&str> = Some("admin");

#[cfg_attr(console_split, wasm_split(app, fallible, wasm_split_path = ::leptos::wasm_split))]
fn signed_in_parts() -> Result<SignedIn, SplitLoaderError> {
    Ok(app_parts())
}

/// The `app` chunk's parts. Every other split point names this function too (never calls it):
/// `wasm-split-cli` puts a function in a file of its own for each set of split points that reach
/// it, so without that each page group would share a different part of `app`'s code (80 files,
/// a returning user's workspace page 45 of them). Named by all, `app`'s code is one file that
/// comes with `app`, which every page waits for anyway.
fn app_parts() -> SignedIn {
    SignedIn {
        provide: |api, auth| {
            auth.install_catalogues();
            auth.install_renewal();
            // What this page load asked first, kept for its next load (state/start_gets.rs).
            crate::state::start_gets::keep(auth);
            // The feeds' stores once the terms of use are accepted (state/terms_gate.rs); the
            // feeds themselves, which fetch, come with the `chrome` chunk ([`Chrome::feeds`]):
            // no page waits for their code.
            crate::state::terms_gate::provide_terms_gate(api, auth, |api, auth| {
                crate::state::activity::provide_activity();
                crate::state::notifications::provide_notifications(api, auth);
                crate::state::transfers::provide_transfers();
                crate::state::requests::provide_waiting();
            });
            intent::prefetch_on_intent();
            if let Some(app) = AppChunk::use_chunk() {
                if on_login_page() {
                    // The sign-in lands on `next` (else the workspaces): its chunks now, at the
                    // low priority the login page set.
                    load_chrome(app);
                    prefetch_next_page(true);
                } else {
                    // A returning user (the hint: this chunk came beside the sign-in check):
                    // this page's chunks now, not after the check. No page waits for the
                    // header: it comes once the page has shown.
                    prefetch_next_page(false);
                    app.after_page(move || load_chrome(app));
                }
            }
        },
        // While the terms wait, every route shows them: the `terms` chunk's page.
        gate: || super::terms::gated_view(gated_terms),
    }
}

/// The pages a signed-in user lands on, each in a chunk of its own so that none waits for the
/// others' code (issue 58): `home` (`/`), `overview` (the workspaces: with the home page in
/// it, 88 KB gzip more, the recent sessions' live list and the usage), `workspace`. A session is
/// the likely next page: its chunk comes in once the page shows and the browser is idle.
#[cfg_attr(console_split, wasm_split(home, fallible, wasm_split_path = ::leptos::wasm_split))]
fn home_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        prefetch_session_page();
        provide_context(crate::components::lazy_forms::HomeParts(home_parts));
        view! { <super::home::HomePage/> }.into_any()
    })
}

#[cfg_attr(console_split, wasm_split(overview, fallible, wasm_split_path = ::leptos::wasm_split))]
fn overview_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        provide_workspace_forms();
        view! { <super::workspaces::WorkspacesPage/> }.into_any()
    })
}

#[cfg_attr(console_split, wasm_split(workspace, fallible, wasm_split_path = ::leptos::wasm_split))]
fn workspace_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        prefetch_session_page();
        provide_workspace_forms();
        forms::provide_workspace_parts();
        view! { <super::workspace::WorkspacePage/> }.into_any()
    })
}

/// The header and the desktop layer (`chrome`) and the signed-in feeds: fetched once a page has
/// shown (no page waits for them), and from the login page with the next page's chunks.
#[cfg_attr(console_split, wasm_split(chrome, fallible, wasm_split_path = ::leptos::wasm_split))]
fn chrome_pages() -> Result<Chrome, SplitLoaderError> {
    let parts = with_app(|part| match part {
        0 => {
            let open = crate::state::memo(|_| {
                crate::state::terms_gate::TermsGate::use_gate().is_none_or(|g| g.is_open())
            });
            live(move || {
                if open.get() {
                    view! { <crate::components::header::Header/> }.into_any()
                } else {
                    view! { <super::terms::GatedHeader/> }.into_any()
                }
            })
            .into_any()
        }
        1 => view! { <crate::components::desktop_layer::DesktopLayer/> }.into_any(),
        2 => view! {
            <crate::components::focus_keeper::FocusKeeper/>
            <crate::components::connection_banner::ConnectionBanner/>
        }
        .into_any(),
        _ => view! { <crate::components::transfers::PageTransfers/> }.into_any(),
    })?;
    Ok(Chrome {
        parts,
        feeds: |api, auth| {
            crate::state::activity::start_activity_feeds(api, auth);
            crate::state::notifications::start_notifications();
            crate::state::requests::start_waiting(api, auth);
        },
    })
}

/// What each split point but `app` says first: [`app_parts`] is theirs too.
fn with_app(pages: Pages) -> Result<Pages, SplitLoaderError> {
    std::hint::black_box(app_parts as fn() -> SignedIn);
    Ok(pages)
}

/// The `app` chunk's parts on their way ([`AppChunk::load`]).
fn load_signed_in(
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<SignedIn, SplitLoaderError>>>> {
    load!(signed_in_parts)
}

/// The split point of a chunk of pages: `split!(chunk, function, 0 => Page, 1 => Other…)`, its
/// pages by number. A chunk of forms that buttons open names the pages with those buttons first
/// (`split!(chunk, function, after [Page…], 0 => Form…)`, never called): the code it shares with
/// them then stays in their files. Without it, the small pieces it shares with one group or two
/// joined larger shared files that other pages load (the session bar's panels: the workspace and
/// the members pages 8–12 KB gzip more, estimated by splitting both builds the same way).
macro_rules! split {
    ($chunk:ident, $name:ident, $($n:literal => $($page:ident)::+),+) => {
        split!($chunk, $name, after [], $($n => $($page)::+),+);
    };
    ($chunk:ident, $name:ident, after [$($($opener:ident)::+),*], $($n:literal => $($page:ident)::+),+) => {
        #[cfg_attr(
            console_split,
            wasm_split($chunk, fallible, wasm_split_path = ::leptos::wasm_split)
        )]
        fn $name() -> Result<Pages, SplitLoaderError> {
            $(std::hint::black_box(
                (|| view! { <$($opener)::+/> }.into_any()) as fn() -> AnyView
            );)*
            with_app(|page| match page {
                $($n => view! { <$($page)::+/> }.into_any(),)+
                _ => ().into_any(),
            })
        }
    };
}

mod forms;
use forms::{data_forms, data_parts, home_parts, provide_workspace_forms, session_parts};

/// The session page (what it shows after its heading and its bar's panels are a chunk of their
/// own: [`forms::session_parts`]).
#[cfg_attr(console_split, wasm_split(session, fallible, wasm_split_path = ::leptos::wasm_split))]
fn session_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        provide_context(crate::components::lazy_forms::SessionForms(session_parts));
        view! { <super::session::SessionPage/> }.into_any()
    })
}
// `/register` (creating one's own account, linked from the login page) and `/oauthredirect` (the
// return from an identity provider): in `app`, every signed-in page waited for their code and
// what it shares with the pages (16–32 KB gzip on each route) for pages a user opens once. They
// name `app`'s parts as every page does ([`with_app`]), so they add no shared chunk of their own.
split!(
    account,
    account_pages,
    0 => super::register::RegisterPage,
    1 => super::login::OAuthRedirectPage
);
split!(terms, terms_pages, 0 => super::terms::TermsPage);
/// A workspace's data (the data page's forms are a chunk of their own: [`data_forms`]).
#[cfg_attr(console_split, wasm_split(data, fallible, wasm_split_path = ::leptos::wasm_split))]
fn data_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        provide_context(crate::components::lazy_forms::DataForms(data_forms));
        provide_context(crate::components::lazy_forms::DataParts(data_parts));
        provide_context(PageTransfersView(page_transfers));
        view! { <super::data::DataPage/> }.into_any()
    })
}

/// The transfers under the data page's and a request's content, while the header's panel is
/// closed: in the `chrome` chunk (nothing until it is in).
fn page_transfers() -> AnyView {
    chrome_part(3).into_any()
}
// The airlock's pages apart from the data page and from each other: `/requests` and one request.
// In one chunk with the data page, each waited for the others' code (the file table, its
// actions, the uploads; a request's files, its decision and approval steps): 645.6 KB on a cold
// load, over 500. Apart (and the transfers under them from the `chrome` chunk): `/requests`
// 401.8 KB, a request 491.6, the data page 513.9 (docs/measurements.md, issue 58 step 11).
split!(requests, requests_pages, 0 => super::requests::RequestsPage);
#[cfg_attr(console_split, wasm_split(request, fallible, wasm_split_path = ::leptos::wasm_split))]
fn request_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        provide_context(PageTransfersView(page_transfers));
        view! { <super::requests::RequestPage/> }.into_any()
    })
}
// `/data`, the data index: a list of workspaces and their stores, apart from the Data page's
// uploads and the airlock (in `data` it waited for 678 KB on a cold load, over 500).
split!(dataindex, data_index_pages, 0 => super::data_index::DataIndexPage);
split!(audit, audit_pages, 0 => super::audit::AuditPage);
// A workspace's members, apart from the audit logs: together, each waited for the other's code
// (the members page 501.8 KB on a cold load, over 500).
split!(members, members_pages, 0 => super::members::MembersPage);
split!(
    profile,
    profile_pages,
    0 => super::profile::ProfilePage,
    1 => super::activity::ActivityPage
);
split!(inbox, inbox_pages, 0 => super::messages::MessagesPage);
// A workspace's settings, and its services apart: in one chunk with the public workspaces, each
// waited for the others' code (settings and services 581.7 KB on a cold load, over 500; apart,
// 474.7 and 483.6 KB: docs/measurements.md, issue 58 step 10).
split!(govern, govern_pages, 0 => super::workspace_settings::WorkspaceSettingsPage);
split!(services, services_pages, 0 => super::services::ServicesPage);
// The platform's administration, by what its pages share: the app catalogue's administration
// (its apps, their images and web links), the lists of everything running (one file of code),
// the organizations. In one chunk with the platform's settings, each page waited for all six
// (681.7 KB on a cold load; apart, the lists 474.1 KB, the organizations 476.5).
split!(adminapps, admin_apps_pages, 0 => super::admin_apps::AdminAppsPage);
split!(
    adminlists,
    admin_lists_pages,
    0 => super::admin_lists::AdminWorkspacesPage,
    1 => super::admin_lists::AdminSessionsPage,
    2 => super::admin_lists::AdminAppInstancesPage
);
split!(adminorgs, admin_orgs_pages, 0 => super::admin_organizations::AdminOrganizationsPage);
// The platform's rules for everyone: its settings and the terms of use's versions (what they
// share is little, and each alone is small: together 469.9 KB on a cold load).
split!(
    policy,
    policy_pages,
    0 => super::platform_settings::PlatformSettingsPage,
    1 => super::admin_terms::AdminTermsPage
);
// `/apps`, the app catalogue, apart from what every user browses besides: the participating
// organizations and the public workspaces (with the catalogue, `/organizations` waited for its
// launch and web links; with a workspace's settings, `/public-workspaces` for the settings' forms).
// Its cards' `Open in session` opens a chooser from the `wsforms` chunk (with it, the page waited
// for 502.5 KB on a cold load: what it shares with the session page's tabs).
#[cfg_attr(console_split, wasm_split(catalogue, fallible, wasm_split_path = ::leptos::wasm_split))]
fn catalogue_pages() -> Result<Pages, SplitLoaderError> {
    with_app(|_| {
        provide_workspace_forms();
        view! { <super::apps::AppsPage/> }.into_any()
    })
}
split!(
    browse,
    browse_pages,
    0 => super::organizations::OrganizationsPage,
    1 => super::public_workspaces::PublicWorkspacesPage
);
// `/sessions`, all the user's sessions, apart from the app catalogue: in one chunk, each waited
// for the other's code (the apps' launch and web links, the sessions' table and their status
// words: `/apps` and `/sessions` 567.5 KB on a cold load, over 500; about 74 and 91 KB less each,
// estimated by splitting both builds the same way).
split!(allsessions, all_sessions_pages, 0 => SessionsList);

/// `/sessions` (the `allsessions` chunk: what a user runs beyond a workspace).
#[component]
fn SessionsList() -> impl IntoView {
    prefetch_session_page();
    provide_workspace_forms();
    view! { <super::sessions::SessionsPage/> }
}
// `/admin`, the administration's overview (the header's `Admin` link): its cards and counts,
// apart from the forms of the pages they lead to (in one chunk with them it waited for 671 KB
// on a cold load, over 500).
split!(admin, admin_pages, 0 => super::admin_overview::AdminOverviewPage);
// The roles and the users apart (each waited for the other's code: the permission matrix, the
// role assignments; 555.5 KB on a cold load with the terms' versions, over 500; apart, 475.4
// and 479.2 KB).
split!(roles, roles_pages, 0 => super::admin_roles::AdminRolesPage);
split!(users, users_pages, 0 => super::admin_users::AdminUsersPage);

/// Fetches a group's chunk and its stylesheets (the pointer or the focus on a link to one of its
/// pages, [`intent`]); `false` when the chunk did not come.
#[cfg(target_arch = "wasm32")]
async fn prefetch_group(group: intent::Group) -> bool {
    use intent::Group;
    let styles = match group {
        Group::Terms | Group::Home | Group::Overview | Group::Workspace | Group::Register => None,
        _ => PAGE_STYLES.map(chunk_styles),
    };
    // Calling the split function loads its chunk; the pages it returns are not needed yet.
    #[cfg(console_split)]
    let loaded = match group {
        Group::Terms => terms_pages().await,
        Group::Data => data_pages().await,
        Group::Requests => requests_pages().await,
        Group::Request => request_pages().await,
        Group::Audit => audit_pages().await,
        Group::Members => members_pages().await,
        Group::Profile => profile_pages().await,
        Group::Inbox => inbox_pages().await,
        Group::Admin => admin_pages().await,
        Group::Roles => roles_pages().await,
        Group::Users => users_pages().await,
        Group::Policy => policy_pages().await,
        Group::DataIndex => data_index_pages().await,
        Group::Govern => govern_pages().await,
        Group::Services => services_pages().await,
        Group::AdminApps => admin_apps_pages().await,
        Group::AdminLists => admin_lists_pages().await,
        Group::AdminOrgs => admin_orgs_pages().await,
        Group::Catalogue => catalogue_pages().await,
        Group::Browse => browse_pages().await,
        Group::AllSessions => all_sessions_pages().await,
        Group::Home => home_pages().await,
        Group::Overview => overview_pages().await,
        Group::Workspace => workspace_pages().await,
        Group::Register => account_pages().await,
    }
    .is_ok();
    #[cfg(not(console_split))]
    let loaded = true;
    if let Some(styles) = styles {
        styles.await;
    }
    loaded
}

/// `/login`, in the first load. The page the sign-in lands on comes in while the user types:
/// its chunks only (the `app` chunk, whose `provide` adds the header's and those of the page
/// `next` names: [`prefetch_next_page`]), once the browser is idle, at low priority
/// ([`next_page`]), so that they never go before the sign-in request.
pub fn login() -> impl IntoView {
    next_page::set_chunk_priority(true);
    on_cleanup(|| next_page::set_chunk_priority(false));
    if let Some(app) = AppChunk::use_chunk() {
        app.prefetch();
    }
    view! { <super::login::LoginPage/> }
}

/// Whether the browser is on the login page (the `app` chunk came while the visitor types).
fn on_login_page() -> bool {
    #[cfg(target_arch = "wasm32")]
    return next_page::on_login_page();
    #[cfg(not(target_arch = "wasm32"))]
    false
}

/// The header and the desktop layer's chunk, into the shell ([`chrome_part`]).
fn load_chrome(app: AppChunk) {
    leptos::task::spawn_local(async move {
        if let Ok(chrome) = load!(chrome_pages).await {
            app.set_chrome(chrome.parts);
            app.start_feeds(chrome.feeds);
        }
    });
}

/// The chunks a page needs beyond the `app` chunk (in it): on the login page (`login`), those of
/// the page `next` names (else the workspaces); elsewhere those of this page.
fn prefetch_next_page(login: bool) {
    #[cfg(not(target_arch = "wasm32"))]
    let _ = login;
    #[cfg(target_arch = "wasm32")]
    {
        use next_page::Beyond;
        let path = if login {
            next_page::landing()
        } else {
            next_page::this_page()
        };
        match next_page::beyond_app(&path) {
            Beyond::Nothing => {}
            Beyond::Session => prefetch_session_now(),
            Beyond::Group(group) => leptos::task::spawn_local(async move {
                prefetch_group(group).await;
            }),
        }
    }
}

/// `/workspaces/:workspaceId`, in the `app` chunk.
pub fn workspace() -> impl IntoView {
    lazy_page(|| load!(workspace_pages), 0, None)
}

/// The header of a signed-in user (nothing until the `app` chunk is in).
pub fn header() -> impl IntoView {
    chrome_part(0)
}

/// The desktop layer (nothing until the `app` chunk is in).
pub fn desktops() -> impl IntoView {
    chrome_part(1)
}

/// The connection banner under the header and the focus keeper, with it (neither is in the
/// first load).
pub fn connection_banner() -> impl IntoView {
    chrome_part(2)
}

/// `/oauthredirect`, the return from an identity provider: in the `account` chunk, loaded on
/// demand (it is not behind the login: it does not wait for the signed-in parts).
pub fn oauth_redirect() -> impl IntoView {
    let waiting = || {
        view! {
            <main class="page login-page" id="main">
                <div class="card login-card">
                    <Loading label="Finishing your sign-in…"/>
                </div>
            </main>
        }
        .into_any()
    };
    chunk_view(|| load!(account_pages), 1, None, waiting)
}

/// `/register` (the `account` chunk, loaded on demand; not behind the login).
pub fn register() -> impl IntoView {
    let waiting = || {
        view! {
            <main class="page login-page" id="main">
                <div class="card login-card">
                    <Loading label="Loading…"/>
                </div>
            </main>
        }
        .into_any()
    };
    chunk_view(|| load!(account_pages), 0, None, waiting)
}

/// What a route shows while the terms of use wait for acceptance: the `terms` chunk's page.
fn gated_terms() -> AnyView {
    let waiting = || view! { <Loading label="Loading…"/> }.into_any();
    chunk_view(|| load!(terms_pages), 0, None, waiting).into_any()
}

/// `/` (the `home` chunk).
pub fn home() -> impl IntoView {
    lazy_page(|| load!(home_pages), 0, None)
}

/// `/requests/:requestId` (the `request` chunk).
pub fn request() -> impl IntoView {
    lazy_page(|| load!(request_pages), 0, PAGE_STYLES)
}

/// A session's audit log (the `audit` chunk; `/admin/audit` and a workspace's are sections).
pub fn audit() -> impl IntoView {
    lazy_page(|| load!(audit_pages), 0, PAGE_STYLES)
}

/// `/:page`: the pages one segment deep (but `/`, `/login` and `/oauthredirect`), each behind the
/// login; any other segment is [`NotFound`](super::not_found::NotFound), open to everyone.
pub fn top_page() -> impl IntoView {
    by_segment("page", |page| {
        Some(match page {
            "workspaces" => || lazy_page(|| load!(overview_pages), 0, None).into_any(),
            "sessions" => || lazy_page(|| load!(all_sessions_pages), 0, PAGE_STYLES).into_any(),
            "requests" => || lazy_page(|| load!(requests_pages), 0, PAGE_STYLES).into_any(),
            "data" => || lazy_page(|| load!(data_index_pages), 0, PAGE_STYLES).into_any(),
            "admin" => || lazy_page(|| load!(admin_pages), 0, PAGE_STYLES).into_any(),
            "terms" => || lazy_page(|| load!(terms_pages), 0, None).into_any(),
            "profile" => || lazy_page(|| load!(profile_pages), 0, PAGE_STYLES).into_any(),
            "activity" => || lazy_page(|| load!(profile_pages), 1, PAGE_STYLES).into_any(),
            "messages" => || lazy_page(|| load!(inbox_pages), 0, PAGE_STYLES).into_any(),
            "public-workspaces" => || lazy_page(|| load!(browse_pages), 1, PAGE_STYLES).into_any(),
            "apps" => || lazy_page(|| load!(catalogue_pages), 0, PAGE_STYLES).into_any(),
            "organizations" => || lazy_page(|| load!(browse_pages), 0, PAGE_STYLES).into_any(),
            _ => return None,
        })
    })
}

/// `/admin/:section`: the administration's pages (the `roles`, `users`, `policy`, `adminapps`,
/// `adminlists`, `adminorgs` and `audit` chunks).
pub fn admin_page() -> impl IntoView {
    by_segment("section", |section| {
        Some(match section {
            "roles" => || lazy_page(|| load!(roles_pages), 0, PAGE_STYLES).into_any(),
            "users" => || lazy_page(|| load!(users_pages), 0, PAGE_STYLES).into_any(),
            "terms" => || lazy_page(|| load!(policy_pages), 1, PAGE_STYLES).into_any(),
            "audit" => || lazy_page(|| load!(audit_pages), 0, PAGE_STYLES).into_any(),
            "apps" => || lazy_page(|| load!(admin_apps_pages), 0, PAGE_STYLES).into_any(),
            "workspaces" => || lazy_page(|| load!(admin_lists_pages), 0, PAGE_STYLES).into_any(),
            "sessions" => || lazy_page(|| load!(admin_lists_pages), 1, PAGE_STYLES).into_any(),
            "app-instances" => || lazy_page(|| load!(admin_lists_pages), 2, PAGE_STYLES).into_any(),
            "settings" => || lazy_page(|| load!(policy_pages), 0, PAGE_STYLES).into_any(),
            "organizations" => || lazy_page(|| load!(admin_orgs_pages), 0, PAGE_STYLES).into_any(),
            _ => return None,
        })
    })
}

/// `/workspaces/:workspaceId/:section`: a workspace's members, data, audit log, settings and
/// services (the `members`, `audit`, `data`, `govern` and `services` chunks).
pub fn workspace_section() -> impl IntoView {
    by_segment("section", |section| {
        Some(match section {
            "members" => || lazy_page(|| load!(members_pages), 0, PAGE_STYLES).into_any(),
            "data" => || lazy_page(|| load!(data_pages), 0, PAGE_STYLES).into_any(),
            "audit" => || lazy_page(|| load!(audit_pages), 0, PAGE_STYLES).into_any(),
            "settings" => || lazy_page(|| load!(govern_pages), 0, PAGE_STYLES).into_any(),
            "services" => || lazy_page(|| load!(services_pages), 0, PAGE_STYLES).into_any(),
            _ => return None,
        })
    })
}

/// `/workspaces/:workspaceId/sessions/:sessionId` (the `session` chunk).
pub fn session() -> impl IntoView {
    lazy_page(|| load!(session_pages), 0, Some("session"))
}

/// Fetches the session page's chunk and its stylesheets when the browser is idle (the likely
/// next page from a workspace). A failure is ignored here: the page itself tries again and says so.
fn prefetch_session_page() {
    // After the page's heading (the home page's waits for its data): never before it.
    let idle = || when_idle(prefetch_session_now);
    AppChunk::use_chunk().map_or_else(idle, |app| app.after_page(idle));
}

/// Fetches the session page's chunk and its stylesheets now.
fn prefetch_session_now() {
    crate::state::start_gets::chunks_for_later();
    leptos::task::spawn_local(async {
        let styles = chunk_styles("session");
        #[cfg(console_split)]
        let _ = session_pages().await;
        styles.await;
    });
}

/// The page a route's segment `name` picks (`pick`), behind the login; a segment `pick` does not
/// know is [`NotFound`](super::not_found::NotFound), open to everyone (as the routes' fallback).
/// Another segment under the same route (`/admin/users` → `/admin/roles`) builds its page anew;
/// the same one keeps it (`/workspaces/1/data` → `/workspaces/2/data`: the page follows its id).
fn by_segment(name: &'static str, pick: fn(&str) -> Option<PageView>) -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let segment = crate::state::memo(move |_| params.with(|p| p.get_str(name).map(pick)).flatten());
    live(move || {
        use crate::components::require_auth::RequireAuth;
        match segment.get() {
            Some(page) => view! { <RequireAuth>{live(page)}</RequireAuth> }.into_any(),
            None => view! { <super::not_found::NotFound/> }.into_any(),
        }
    })
}

/// `localStorage` key set while this browser has a signed-in user: at start-up it means "fetch
/// the `app` chunk now", beside the check of who is signed in. Not a secret, not a login: only
/// a guess that saves a returning user the wait; the sign-in check still decides.
pub const SIGNED_IN_HINT: &str = "console.signedIn";

/// At start-up, before the runtime config and the shell: a browser signed in before starts
/// instantiating the `app` chunk now (its files are on their way since the start-up script), so
/// that it is ready when the sign-in check answers. The shell's [`AppChunk::load`] then finds it
/// loaded (the chunk loader keeps one load per chunk); a failure here is left to that load.
pub fn start_app_chunk_early() {
    #[cfg(console_split)]
    if crate::state::storage::get(crate::state::storage::Store::Local, SIGNED_IN_HINT).is_some() {
        leptos::task::spawn_local(async {
            let _ = signed_in_parts().await;
        });
    }
}
