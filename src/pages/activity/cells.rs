//! What the activity tables share: status badges (colour, icon and words), time and error
//! cells, ids usable in HTML ids, newest-first ordering, and the requests about jobs.
use std::future::Future;
use std::pin::Pin;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::icon::{Icon, IconName};
use crate::components::local_action;
use crate::domain::jobs::newest_first;
use crate::domain::jobs::{BuildStatus, RunStatus};
use crate::domain::time::{format_utc, parse_rfc3339_ms, relative_time};
use crate::state::activity::Activity;
use crate::state::Slot;

/// The last failed request about a job (start, stop), shown at the top of the page.
pub(super) type Failure = Slot<Option<(String, ApiError)>>;

/// An id usable inside an HTML id attribute.
pub(super) fn id_token(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// Badge class and icon of a build status (colour plus icon plus words).
pub(super) fn build_badge(s: BuildStatus) -> (&'static str, IconName) {
    match s {
        BuildStatus::Pending => ("badge-neutral", IconName::Clock),
        BuildStatus::Running => ("badge-info", IconName::Dot),
        BuildStatus::Succeeded => ("badge-ok", IconName::Check),
        BuildStatus::Failed => ("badge-danger", IconName::Cross),
        BuildStatus::Unknown => ("badge-neutral", IconName::Question),
    }
}

/// Badge class and icon of a run status.
pub(super) fn run_badge(s: RunStatus) -> (&'static str, IconName) {
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

pub(super) fn badge((class, icon): (&'static str, IconName), words: &'static str) -> impl IntoView {
    view! {
        <span class=format!("badge {class}")>
            <Icon name=icon/>
            " "
            {words}
        </span>
    }
}

/// A timestamp cell: relative time, the exact instant on hover; `—` when absent.
pub(super) fn time_cell(ts: Option<String>, clock: Slot<i64>) -> AnyView {
    match ts {
        None => view! { <span class="muted" title="Not yet">"—"</span> }.into_any(),
        Some(raw) => match parse_rfc3339_ms(&raw) {
            Some(ms) => view! {
                <time datetime=raw title=format_utc(ms)>
                    {live(move || relative_time(ms, clock.get()))}
                </time>
            }
            .into_any(),
            None => view! { <span>{raw}</span> }.into_any(),
        },
    }
}

/// A job's error as text; `—` when there is none.
pub(super) fn error_cell(error: Option<String>) -> AnyView {
    match error {
        Some(e) => view! { <span class="job-error">{e}</span> }.into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}

/// The row saying that a table has no rows, while `empty` holds.
pub(super) fn empty_row(
    columns: usize,
    words: &'static str,
    empty: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    live(move || {
        empty().then(|| {
            view! {
                <tr>
                    <td colspan=columns class="empty-row">{words}</td>
                </tr>
            }
        })
    })
}

/// Sorts rows newest first by (creation time, id).
pub(super) fn sort_newest_first<R>(rows: &mut [R], key: impl Fn(&R) -> (Option<&str>, &str)) {
    crate::domain::sort_small(rows, |a, b| newest_first(key(a), key(b)));
}

/// What a job request does once: the request, and what its reply changes in the store.
pub(super) type JobRequest = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;

/// A request about a job (start a build, start a run, stop a run) as an [`Action`]: the header
/// shows `label` while it runs, a failure shows at the top of the page as `title`. Its
/// `pending` disables the button.
pub(super) fn job_action(
    failure: Failure,
    label: &'static str,
    title: String,
    request: JobRequest,
) -> Action<(), ()> {
    let activity = Activity::use_activity();
    local_action(move |_: &()| {
        failure.set(None);
        let reply = activity.track(label, request());
        let title = title.clone();
        async move {
            if let Err(e) = reply.await {
                failure.try_set(Some((title, e)));
            }
        }
    })
}

/// Dispatches `action` unless it is already running (a second click does nothing).
pub(super) fn dispatch_once(action: Action<(), ()>, pending: Memo<bool>) {
    if !pending.get_untracked() {
        action.dispatch_local(());
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
}
