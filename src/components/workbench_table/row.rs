//! One session's row of the workbench table: name (a link), status badge, pod message, creation
//! time, and its actions ([`super::row_actions`]). The row stays mounted while its session
//! changes; each cell follows its own part of the session.
use crate::components::live::live;
use leptos::prelude::*;

use super::context::TableContext;
use super::row_actions::row_actions;
use crate::components::session_status::SessionStatus;
use crate::domain::text::{shortened, SHOWN_CHARS};
use crate::domain::time::{format_utc, relative_time};
use crate::domain::workbench::Workbench;
use crate::state::{Derived, Kept};

/// The row of session `id`; `wb` is the session (`None` for the moment it is gone).
pub(super) fn workbench_row(
    id: String,
    wb: Derived<Option<Workbench>>,
    ctx: TableContext,
) -> impl IntoView {
    let id = Kept::new(id);
    let href = move || crate::routes::session_href(&ctx.workspace_id.get(), &id.get_value());
    let name = move || {
        wb.with(|w| {
            w.as_ref()
                .map(|w| crate::domain::text::shown_string(&w.display_name()))
        })
        .unwrap_or_default()
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
                <SessionStatus wb=Signal::derive(move || wb.get()) clock=ctx.clock/>
            </td>
            <td class="pod-message">
                // Its first characters (a message may be any size: its session's page has it all).
                {live(move || {
                    wb.with(|w| {
                        w.as_ref()
                            .and_then(|w| w.server_pod_message.as_deref())
                            .map(|m| shortened(m, SHOWN_CHARS))
                            .unwrap_or_default()
                    })
                })}
            </td>
            <td class="created">
                {live(move || match created() {
                    Some((raw, exact, rel)) => {
                        view! { <time datetime=raw title=exact>{rel}</time> }.into_any()
                    }
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                })}
            </td>
            <td class="actions">
                {row_actions(id, wb, name, href, ctx)}
            </td>
        </tr>
    }
}
