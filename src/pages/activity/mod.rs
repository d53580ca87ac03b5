//! `/activity`: builds and runs (ui.md "activity page"), live from the app-level feeds of
//! [`Activity`] (no polls of its own: leaving the page leaves nothing running but its clock for
//! relative times), with buttons to start builds and runs per workspace and to stop runs.
//!
//! Parts: the workspaces with their `Start build`/`Start run` ([`start_jobs`]), the builds
//! ([`builds_table`]), the runs with `Stop` ([`runs_table`]), what they share, the page's last
//! failure among it ([`cells`]).
mod builds_table;
mod cells;
mod runs_table;
mod start_jobs;

use std::time::Duration;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{ApiClient, Extension};
use crate::components::error_alert::ErrorAlert;
use crate::state::activity::Activity;
use crate::state::timer;
use crate::state::Slot;

use builds_table::builds_table;
use cells::Failure;
use runs_table::runs_table;
use start_jobs::start_jobs;

/// How often relative times ("3 min ago") are refreshed.
const CLOCK_TICK: Duration = Duration::from_secs(10);

/// `/activity`.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let activity = Activity::use_activity();
    let api = ApiClient::use_client();

    // The page's own clock for relative times; stopped when the page goes.
    let clock = timer::ticking_now(CLOCK_TICK);
    // Fresh builds when the page opens (a one-off; the app-level poll goes on by itself).
    activity.refresh_builds();

    let failure: Failure = Slot::new(None);

    let sections = live(move || {
        if !api.supports(Extension::Jobs) {
            return view! {
                <section class="activity-section card" data-testid="jobs-unavailable" role="status">
                    <h2>"No build service"</h2>
                    <p>
                        "This deployment has no build service, so there are no builds or runs to show or start here. "
                        "The indicator in the header still shows what the console is doing for you, such as starting a session."
                    </p>
                </section>
            }
            .into_any();
        }
        view! {
            <section class="activity-section" aria-labelledby="activity-start-heading">
                <h2 id="activity-start-heading">"Start a build or a run"</h2>
                {start_jobs(failure)}
            </section>
            <section class="activity-section" aria-labelledby="activity-builds-heading">
                <h2 id="activity-builds-heading">"Builds"</h2>
                {builds_table(clock)}
            </section>
            <section class="activity-section" aria-labelledby="activity-runs-heading">
                <h2 id="activity-runs-heading">"Runs"</h2>
                {runs_table(clock, failure)}
            </section>
        }
        .into_any()
    });

    view! {
        <main class="page activity-page" id="main">
            <h1>"Activity"</h1>
            <p class="muted">"Builds and runs of your workspaces, updated live."</p>
            {live(move || failure.get().map(|(title, e)| view! { <ErrorAlert title=title error=e/> }))}
            {sections}
        </main>
    }
}
