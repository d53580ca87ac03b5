//! One session's row of the workbench table: name (a link), status badge, pod message, creation
//! time, and its actions ([`super::row_actions`]). The row stays mounted while its session
//! changes; each cell follows its own part of the session.
use leptos::prelude::*;

use super::context::TableContext;
use super::row_actions::row_actions;
use crate::domain::time::{format_utc, relative_time};
use crate::domain::workbench::{K8sWorkbenchStatus, Workbench};

/// The row of session `id`; `wb` is the session (`None` for the moment it is gone).
pub(super) fn workbench_row(
    id: String,
    wb: Memo<Option<Workbench>>,
    ctx: TableContext,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let href = move || crate::routes::session_href(&ctx.workspace_id.get(), &id.get_value());
    let name = move || {
        wb.with(|w| {
            w.as_ref()
                .map(|w| crate::domain::text::shown_string(&w.display_name()))
        })
        .unwrap_or_default()
    };
    let status = move || wb.with(|w| w.as_ref().map(|w| w.k8s_status).unwrap_or_default());
    // A session the backend reported nothing about (CHORUS's empty status) is starting until
    // the start timeout, counted from its creation; then it did not start (never `Unknown`).
    let timeout_ms = i64::try_from(crate::state::use_config().start_timeout_ms).unwrap_or(i64::MAX);
    let unreported = move || {
        wb.with(|w| {
            let w = w.as_ref().filter(|w| w.reports_no_status())?;
            let created = crate::api::client::server_to_local_ms(w.created_at_ms()?);
            let late = ctx.clock.get() - created >= timeout_ms;
            Some(if late {
                ("badge badge-danger", "not-started", "Did not start")
            } else {
                ("badge badge-info", "starting", "Starting")
            })
        })
    };
    let created = move || {
        wb.with(|w| {
            w.as_ref().and_then(|w| {
                let ms = w.created_at_ms()?;
                Some((
                    w.created_at.clone().unwrap_or_default(),
                    format_utc(ms),
                    relative_time(ms, ctx.clock.get()),
                ))
            })
        })
    };
    view! {
        <tr data-workbench-id=id.get_value()>
            <td class="name">
                <a href=href>{name}</a>
            </td>
            <td data-testid="k8s-status">
                <span
                    class=move || unreported().map_or_else(|| status_badge(status()).0, |u| u.0)
                    data-status=move || unreported().map_or_else(|| status_badge(status()).1, |u| u.1)
                >
                    {move || unreported().map_or_else(|| status().label(), |u| u.2)}
                </span>
            </td>
            <td class="pod-message">
                {move || {
                    wb.with(|w| {
                        w.as_ref()
                            .and_then(|w| w.server_pod_message.clone())
                            .unwrap_or_default()
                    })
                }}
            </td>
            <td class="created">
                {move || match created() {
                    Some((raw, exact, rel)) => {
                        view! { <time datetime=raw title=exact>{rel}</time> }.into_any()
                    }
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
            </td>
            <td class="actions">
                {row_actions(id, wb, name, href, ctx)}
            </td>
        </tr>
    }
}

/// The badge class and the CSS icon token of a `k8sStatus` (colour is never the only cue: the
/// words are the cell's text and an icon comes with them).
fn status_badge(status: K8sWorkbenchStatus) -> (&'static str, &'static str) {
    match status {
        K8sWorkbenchStatus::Running => ("badge badge-ok", "running"),
        K8sWorkbenchStatus::Progressing => ("badge badge-info", "starting"),
        K8sWorkbenchStatus::Failed => ("badge badge-danger", "failed"),
        K8sWorkbenchStatus::Unknown => ("badge badge-neutral", "unknown"),
    }
}
