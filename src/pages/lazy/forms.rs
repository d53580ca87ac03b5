//! The split points of what a page shows after it has shown (pages/lazy.rs, issue 58): the forms
//! and panels that its buttons open, the parts it shows only sometimes. Each is named after the
//! pages with those buttons (`after [Page…]` in `split!`), and its loader is handed to them in a
//! context ([`crate::components::lazy_forms`]).
use leptos::prelude::*;
#[cfg(console_split)]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;

use super::{with_app, Pages};

// The forms a button opens on `/workspaces` and a workspace's page (New workspace, Edit workspace,
// Delete workspace: components/workspace_forms): with them, those pages waited for the merge of
// a fresh read, the conflict panel and the forms' actions before their heading (home 32 KB gzip
// more, a workspace 42 KB, estimated with the forms left out). And the form to start a session
// on a workspace's page, fetched once that page has shown and its sessions' chunk (`wstable`) is
// in (it waited for the session's start: 10 KB gzip). And two that start sessions elsewhere, fetched as the workspace forms are: the
// chooser under `/apps`' `Open in session` and the form of `/sessions`' `New session` (with them,
// `/apps` waited for 502.5 KB on a cold load, over 500; `/sessions` 493.7, issue 58 step 12).
split!(
    wsforms,
    workspace_forms_parts,
    after [crate::pages::workspaces::WorkspacesPage, crate::pages::workspace::WorkspacePage],
    0 => crate::components::workspace_forms::forms::NewWorkspaceForm,
    1 => crate::components::workspace_forms::forms::EditWorkspaceForm,
    2 => crate::components::workspace_forms::forms::DeleteWorkspaceForm,
    3 => crate::pages::workspace::new_session::NewSessionForm,
    4 => crate::pages::apps::open_in_session::OpenInSessionForm,
    5 => crate::pages::sessions::new_form::AnySessionForm
);

// What a workspace's page shows after its heading: its sessions' table with the rows' actions
// (437 KB gzip on a cold load with it, over its 400; 71 KB less estimated). A chunk of its own:
// in `wsforms`, the table waited for every workspace form (a returning user's table 385 ms
// later on the benchmark's link than with the table in the page).
split!(
    wstable,
    workspace_table_views,
    after [crate::pages::workspace::WorkspacePage],
    0 => crate::pages::workspace::SessionsPart
);

/// A workspace page's sessions, once their chunk is in (`None`: it did not come; `Try again`
/// asks again).
fn workspace_parts() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Pages>>>> {
    Box::pin(async { load!(workspace_table_views).await.ok() })
}

/// Hands the sessions' loader to the workspace page about to be built.
pub(super) fn provide_workspace_parts() {
    provide_context(crate::components::lazy_forms::WorkspaceParts(
        workspace_parts,
    ));
}

// What the home page shows only sometimes: `Your usage`, where the platform sets limits (with it,
// the home page waited for the app instances' count and the limits' words: 17 KB gzip, estimated
// with it left out), fetched once a limit is known to be set.
split!(
    homeparts,
    home_parts_views,
    after [crate::pages::home::HomePage],
    0 => crate::pages::home::usage::UsageList
);

/// The home page's parts by number, once their chunk is in (`None`: it did not come).
pub(super) fn home_parts() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Pages>>>> {
    Box::pin(async { load!(home_parts_views).await.ok() })
}

/// The forms of `components::workspace_forms` by number, once their chunk is in (`None`: it did
/// not come; the next call tries again).
pub(super) fn workspace_forms(
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Pages>>>> {
    Box::pin(async { load!(workspace_forms_parts).await.ok() })
}

/// Hands the forms' loader to the buttons of the page about to be built (the workspaces, a
/// workspace).
pub(super) fn provide_workspace_forms() {
    provide_context(crate::components::lazy_forms::WorkspaceForms(
        workspace_forms,
    ));
}

// What the session page shows after its heading, fetched once it has shown: the app tabs, the
// stage and the details (with them, the page waited for 632 KB gzip on a cold load before its
// name showed, over the 500 of a signed-in page: issue 58), and the panels its bar's buttons
// open (Share, Edit session, Desktop settings: with them, it waited for the user finder, the
// merge of a fresh read, the conflict panel and the desktop's settings dialog, 67 KB gzip). One
// chunk: a split point of its own for the panels cost the first load about 120 B.
split!(
    sessparts,
    session_parts_views,
    after [crate::pages::session::SessionPage],
    0 => crate::components::share_session::panel::SharePanel,
    1 => crate::components::session_edit::panel::EditPanel,
    2 => crate::components::desktop_settings::dialog::SettingsDialog,
    3 => crate::pages::session::TabsRow,
    4 => crate::pages::session::WorkArea
);

/// The session page's parts and panels by number, once their chunk is in (`None`: it did not
/// come; the next call tries again).
pub(super) fn session_parts() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Pages>>>>
{
    Box::pin(async { load!(session_parts_views).await.ok() })
}

// The data page's forms (a data request from the selection, the compliance dialog before an
// upload and the upload code only it starts): with them, the data page waited for them before
// its heading (54 KB gzip of the `data` group's chunks, estimated with them left out).
split!(
    dataforms,
    data_forms_parts,
    after [crate::pages::data::DataPage],
    0 => crate::pages::data::request_form::RequestPanel,
    1 => crate::pages::data::compliance::CompliancePanel
);

/// The data page's forms by number, once their chunk is in (`None`: it did not come; the next
/// call tries again).
pub(super) fn data_forms() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Pages>>>> {
    Box::pin(async { load!(data_forms_parts).await.ok() })
}

// The data page's table (its rows, their actions, the search in subfolders, the selection): with
// it, the page waited for 514 KB gzip on a cold load before its heading, over the 500 of a
// signed-in page (issue 58). Fetched once the page has shown, while its folder is listed.
split!(
    datatable,
    data_table_views,
    after [crate::pages::data::DataPage],
    0 => crate::pages::data::TablePart
);

/// The data page's table, once its chunk is in (`None`: it did not come; `Try again` asks
/// again).
pub(super) fn data_parts() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<Pages>>>> {
    Box::pin(async { load!(data_table_views).await.ok() })
}
