//! `/activity`: builds and runs (ui.md "activity page"), live from the app-level feeds of
//! [`Activity`] (no polls of its own: leaving the page leaves nothing running but its clock for
//! relative times), with buttons to start builds and runs per workspace and to stop runs.
use std::collections::BTreeSet;
use std::time::Duration;

use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use leptos::task::spawn_local;

use crate::api::{jobs, ApiClient, ApiError, Extension};
use crate::components::error_alert::ErrorAlert;
use crate::components::loading::Loading;
use crate::domain::jobs::{
    newest_first, workspace_display, BuildJob, BuildStatus, RunJob, RunStatus,
};
use crate::domain::time::{format_utc, parse_rfc3339_ms, relative_time};
use crate::domain::workspace::Workspace;
use crate::state::activity::Activity;
use crate::state::now_ms;

/// How often relative times ("3 min ago") are refreshed.
const CLOCK_TICK: Duration = Duration::from_secs(10);

/// An id usable inside an HTML id attribute.
fn id_token(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Badge class and icon of a build status (colour plus icon plus words).
fn build_badge(s: BuildStatus) -> (&'static str, IconName) {
    match s {
        BuildStatus::Pending => ("badge-neutral", IconName::Clock),
        BuildStatus::Running => ("badge-info", IconName::Dot),
        BuildStatus::Succeeded => ("badge-ok", IconName::Check),
        BuildStatus::Failed => ("badge-danger", IconName::Cross),
        BuildStatus::Unknown => ("badge-neutral", IconName::Question),
    }
}

/// Badge class and icon of a run status.
fn run_badge(s: RunStatus) -> (&'static str, IconName) {
    match s {
        RunStatus::Pending => ("badge-neutral", IconName::Clock),
        RunStatus::Running => ("badge-info", IconName::Dot),
        RunStatus::Stopping => ("badge-warn", IconName::Half),
        RunStatus::Stopped => ("badge-neutral", IconName::Square),
        RunStatus::Succeeded => ("badge-ok", IconName::Check),
        RunStatus::Failed => ("badge-danger", IconName::Cross),
        RunStatus::Unknown => ("badge-neutral", IconName::Question),
    }
}

fn badge(class: &'static str, icon: IconName, words: &'static str) -> impl IntoView {
    view! {
        <span class=format!("badge {class}")>
            <Icon name=icon/>
            " "
            {words}
        </span>
    }
}

/// A timestamp cell: relative time, the exact instant on hover; `—` when absent.
fn time_cell(ts: Option<String>, clock: RwSignal<f64>) -> AnyView {
    match ts {
        None => view! { <span class="muted" title="Not yet">"—"</span> }.into_any(),
        Some(raw) => match parse_rfc3339_ms(&raw) {
            Some(ms) => view! {
                <time datetime=raw title=format_utc(ms)>
                    {move || relative_time(ms, clock.get() as i64)}
                </time>
            }
            .into_any(),
            None => view! { <span>{raw}</span> }.into_any(),
        },
    }
}

fn error_cell(error: Option<String>) -> AnyView {
    match error {
        Some(e) => view! { <span class="job-error">{e}</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// What changes a row: rows are re-rendered only when it does.
fn build_signature(b: &BuildJob, name: &str) -> String {
    format!(
        "{}|{}|{name}|{:?}|{:?}|{:?}|{:?}",
        b.id,
        b.status.as_str(),
        b.created_at,
        b.started_at,
        b.finished_at,
        b.error
    )
}

fn run_signature(r: &RunJob, name: &str, busy: bool) -> String {
    format!(
        "{}|{}|{name}|{:?}|{:?}|{:?}|{:?}|{:?}|{busy}",
        r.id,
        r.status.as_str(),
        r.build_id,
        r.created_at,
        r.started_at,
        r.finished_at,
        r.error
    )
}

/// `/activity`.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let activity = Activity::use_activity();
    let api = ApiClient::use_client();

    // The page's own clock for relative times; stopped when the page goes.
    let clock = RwSignal::new(now_ms());
    let tick = set_interval_with_handle(
        move || {
            clock.try_set(now_ms());
        },
        CLOCK_TICK,
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = tick {
            t.clear();
        }
    });
    // Fresh builds when the page opens (a one-off; the app-level poll goes on by itself).
    activity.refresh_builds();

    // Requests in flight, by `build:<ws>`, `run:<ws>`, `stop:<run>`: their buttons are disabled.
    let pending = RwSignal::new(BTreeSet::<String>::new());
    let action_error = RwSignal::new(None::<(String, ApiError)>);

    let begin = move |key: &str| -> bool {
        let mut fresh = false;
        pending.update(|p| fresh = p.insert(key.to_string()));
        if fresh {
            action_error.set(None);
        }
        fresh
    };
    let end = move |key: String| {
        pending.try_update(|p| {
            p.remove(&key);
        });
    };

    let start_build = move |ws_id: String, ws_name: String| {
        let key = format!("build:{ws_id}");
        if !begin(&key) {
            return;
        }
        spawn_local(async move {
            let res = activity
                .track("Queueing build…", jobs::start_build(api, &ws_id))
                .await;
            end(key);
            match res {
                Ok(Some(build)) => activity.apply_build_reply(build),
                // Accepted without naming the build: the next poll shows it.
                Ok(None) => activity.refresh_builds(),
                Err(e) => {
                    action_error
                        .try_set(Some((format!("Could not start a build of {ws_name}"), e)));
                }
            }
        });
    };

    let start_run = move |ws_id: String, ws_name: String| {
        let key = format!("run:{ws_id}");
        if !begin(&key) {
            return;
        }
        spawn_local(async move {
            let res = activity
                .track("Starting run…", jobs::start_run(api, &ws_id))
                .await;
            end(key);
            match res {
                Ok(Some(run)) => activity.apply_run(run, false),
                // Accepted without naming the run: the run stream brings it.
                Ok(None) => {}
                Err(e) => {
                    action_error.try_set(Some((format!("Could not start a run of {ws_name}"), e)));
                }
            }
        });
    };

    let stop_run = move |run_id: String| {
        let key = format!("stop:{run_id}");
        if !begin(&key) {
            return;
        }
        spawn_local(async move {
            let res = activity
                .track("Stopping run…", jobs::stop_run(api, &run_id))
                .await;
            end(key);
            match res {
                Ok(Some(run)) => activity.apply_run(run, false),
                Ok(None) => {}
                Err(e) => {
                    action_error.try_set(Some((format!("Could not stop run {run_id}"), e)));
                }
            }
        });
    };

    let name_of = move |id: &str| activity.names.with(|n| workspace_display(id, n));

    // ----- workspaces ----------------------------------------------------------------------
    let workspaces_view = move || {
        match activity.workspaces.get() {
        None => view! { <Loading label="Loading workspaces…"/> }.into_any(),
        Some(Err(e)) => view! {
            <ErrorAlert title="Could not load your workspaces" error=e
                on_retry=Callback::new(move |_| activity.reload_workspaces())/>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => {
            view! { <p class="empty">"You are not a member of any workspace yet."</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <div class="table-wrap">
                <table class="workspace-jobs" data-testid="workspace-jobs-table">
                    <caption class="visually-hidden">"Start a build or a run in a workspace"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Workspace"</th>
                            <th scope="col">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|w: Workspace| {
                                let head_id = format!("ws-jobs-{}", id_token(&w.id));
                                let name = w.display_name();
                                let (id_b, name_b) = (w.id.clone(), name.clone());
                                let (id_r, name_r) = (w.id.clone(), name.clone());
                                let key_b = format!("build:{}", w.id);
                                let key_r = format!("run:{}", w.id);
                                view! {
                                    <tr data-workspace-id=w.id.clone()>
                                        <th scope="row" id=head_id.clone()>{name}</th>
                                        <td class="actions">
                                            <button type="button" class="btn btn-small"
                                                aria-describedby=head_id.clone()
                                                disabled=move || pending.with(|p| p.contains(&key_b))
                                                on:click=move |_| start_build(id_b.clone(), name_b.clone())>
                                                "Start build"
                                            </button>
                                            <button type="button" class="btn btn-small"
                                                aria-describedby=head_id
                                                disabled=move || pending.with(|p| p.contains(&key_r))
                                                on:click=move |_| start_run(id_r.clone(), name_r.clone())>
                                                "Start run"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    }
    };

    // ----- builds --------------------------------------------------------------------------
    let build_rows = Memo::new(move |_| {
        activity.builds.with(|l| {
            l.items.as_ref().map(|items| {
                let mut v: Vec<(String, BuildJob, String)> = items
                    .iter()
                    .map(|b| {
                        let name = name_of(&b.project_id);
                        (build_signature(b, &name), b.clone(), name)
                    })
                    .collect();
                v.sort_by(|a, b| {
                    newest_first(
                        (a.1.created_at.as_deref(), &a.1.id),
                        (b.1.created_at.as_deref(), &b.1.id),
                    )
                });
                v
            })
        })
    });
    let builds_error = Memo::new(move |_| activity.builds.with(|l| l.error.clone()));

    let builds_view = move || {
        let has_items = build_rows.with(|r| r.is_some());
        match (has_items, builds_error.get()) {
            (false, None) => view! { <Loading label="Loading builds…"/> }.into_any(),
            (false, Some(e)) => view! {
                <ErrorAlert title="Could not load the builds" error=e
                    on_retry=Callback::new(move |_| activity.refresh_builds())/>
            }
            .into_any(),
            (true, err) => view! {
                {err.map(|e| view! {
                    <p class="alert alert-warn">
                        "Could not refresh the builds; showing the last known list. " {e.message()}
                    </p>
                })}
                <div class="table-wrap">
                    <table data-testid="builds-table">
                        <caption class="visually-hidden">"Builds, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Build"</th>
                                <th scope="col">"Workspace"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Created"</th>
                                <th scope="col">"Started"</th>
                                <th scope="col">"Finished"</th>
                                <th scope="col">"Error"</th>
                            </tr>
                        </thead>
                        <tbody>
                            <Show when=move || build_rows.with(|r| r.as_ref().is_some_and(|v| v.is_empty()))>
                                <tr>
                                    <td colspan="7" class="empty-row">"No builds yet. Start one above."</td>
                                </tr>
                            </Show>
                            <For
                                each=move || build_rows.get().unwrap_or_default()
                                key=|row| row.0.clone()
                                children=move |(_, b, name)| {
                                    let (class, icon) = build_badge(b.status);
                                    view! {
                                        <tr data-build-id=b.id.clone() data-status=b.status.as_str()>
                                            <th scope="row">{format!("Build {}", b.id)}</th>
                                            <td>{name}</td>
                                            <td>{badge(class, icon, b.status.label())}</td>
                                            <td>{time_cell(b.created_at, clock)}</td>
                                            <td>{time_cell(b.started_at, clock)}</td>
                                            <td>{time_cell(b.finished_at, clock)}</td>
                                            <td>{error_cell(b.error)}</td>
                                        </tr>
                                    }
                                }
                            />
                        </tbody>
                    </table>
                </div>
            }
            .into_any(),
        }
    };

    // ----- runs ----------------------------------------------------------------------------
    let run_rows = Memo::new(move |_| {
        let busy = pending.get();
        activity.runs.with(|l| {
            l.items.as_ref().map(|items| {
                let mut v: Vec<(String, RunJob, String, bool)> = items
                    .iter()
                    .map(|r| {
                        let name = name_of(&r.project_id);
                        let stopping = busy.contains(&format!("stop:{}", r.id));
                        (run_signature(r, &name, stopping), r.clone(), name, stopping)
                    })
                    .collect();
                v.sort_by(|a, b| {
                    newest_first(
                        (a.1.created_at.as_deref(), &a.1.id),
                        (b.1.created_at.as_deref(), &b.1.id),
                    )
                });
                v
            })
        })
    });
    let stream_problem = Memo::new(move |_| {
        let now = activity.clock.get();
        activity.stream.with(|s| s.problem(now))
    });

    let runs_view = move || {
        let has_items = run_rows.with(|r| r.is_some());
        if !has_items {
            return match stream_problem.get() {
                Some(p) => view! { <p class="alert alert-warn">{p}</p> }.into_any(),
                None => view! { <Loading label="Loading runs…"/> }.into_any(),
            };
        }
        view! {
            {move || stream_problem.get().map(|p| view! { <p class="alert alert-warn">{p}</p> })}
            <div class="table-wrap">
                <table data-testid="runs-table">
                    <caption class="visually-hidden">"Runs, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Run"</th>
                            <th scope="col">"Workspace"</th>
                            <th scope="col">"Build"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Created"</th>
                            <th scope="col">"Started"</th>
                            <th scope="col">"Finished"</th>
                            <th scope="col">"Error"</th>
                            <th scope="col">"Actions"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <Show when=move || run_rows.with(|r| r.as_ref().is_some_and(|v| v.is_empty()))>
                            <tr>
                                <td colspan="9" class="empty-row">"No runs yet. Start one above."</td>
                            </tr>
                        </Show>
                        <For
                            each=move || run_rows.get().unwrap_or_default()
                            key=|row| row.0.clone()
                            children=move |(_, r, name, stopping)| {
                                let (class, icon) = run_badge(r.status);
                                let head_id = format!("run-row-{}", id_token(&r.id));
                                let stoppable = r.status.is_stoppable();
                                let run_id = r.id.clone();
                                view! {
                                    <tr data-run-id=r.id.clone() data-status=r.status.as_str()>
                                        <th scope="row" id=head_id.clone()>{format!("Run {}", r.id)}</th>
                                        <td>{name}</td>
                                        <td>{r.build_id.map(|b| format!("Build {b}")).unwrap_or_else(|| "—".into())}</td>
                                        <td>{badge(class, icon, r.status.label())}</td>
                                        <td>{time_cell(r.created_at, clock)}</td>
                                        <td>{time_cell(r.started_at, clock)}</td>
                                        <td>{time_cell(r.finished_at, clock)}</td>
                                        <td>{error_cell(r.error)}</td>
                                        <td class="actions">
                                            {stoppable.then(|| view! {
                                                <button type="button" class="btn btn-small btn-danger"
                                                    aria-describedby=head_id
                                                    disabled=stopping
                                                    on:click=move |_| stop_run(run_id.clone())>
                                                    "Stop"
                                                </button>
                                            })}
                                        </td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };

    let sections = move || {
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
                {workspaces_view}
            </section>
            <section class="activity-section" aria-labelledby="activity-builds-heading">
                <h2 id="activity-builds-heading">"Builds"</h2>
                {builds_view}
            </section>
            <section class="activity-section" aria-labelledby="activity-runs-heading">
                <h2 id="activity-runs-heading">"Runs"</h2>
                {runs_view}
            </section>
        }
        .into_any()
    };

    view! {
        <main class="page activity-page" id="main">
            <h1>"Activity"</h1>
            <p class="muted">"Builds and runs of your workspaces, updated live."</p>
            {move || action_error.get().map(|(title, e)| view! { <ErrorAlert title=title error=e/> })}
            {sections}
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_tokens_are_safe() {
        assert_eq!(id_token("42"), "42");
        assert_eq!(id_token("a b\"<x>"), "a-b--x-");
    }

    #[test]
    fn signatures_change_with_status() {
        let mut b = BuildJob {
            id: "1".into(),
            status: BuildStatus::Pending,
            ..Default::default()
        };
        let s1 = build_signature(&b, "Demo");
        b.status = BuildStatus::Running;
        assert_ne!(s1, build_signature(&b, "Demo"));
        assert_ne!(build_signature(&b, "Demo"), build_signature(&b, "1"));
        let r = RunJob {
            id: "1".into(),
            ..Default::default()
        };
        assert_ne!(
            run_signature(&r, "Demo", false),
            run_signature(&r, "Demo", true)
        );
    }
}
