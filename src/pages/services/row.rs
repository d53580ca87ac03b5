//! One service's row: name, chart, desired state, observed status in words, connection info
//! with `Copy` and `Show secrets`, and for who may: `Stop`/`Start`, `Parameters`, `Delete
//! <name>` (asks to confirm; the row then says `Deleting` until the cluster lets it go).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::services;
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::permissions::Perm;
use crate::domain::services::{Change, Observed, Service};
use crate::domain::text::shown_string;
use crate::state::{Derived, Slot};

use super::ctx::Ctx;
use super::parameters::Parameters;
use super::secrets::Secrets;

/// The row of service `id`; `svc` is the service (`None` for the moment it is gone).
pub(super) fn service_row(ctx: Ctx, id: String, svc: Derived<Option<Service>>) -> impl IntoView {
    let read = move |f: fn(&Service) -> String| svc.with(|s| s.as_ref().map(f).unwrap_or_default());
    let name = move || read(|s| shown_string(&s.name));
    let observed = crate::state::memo(move |_| svc.with(|s| s.as_ref().map(Service::observed)));
    let status =
        live(move || observed.with(|o| o.as_ref().map(Observed::words).map(|w| shown_string(&w))));
    let badge = move || observed.with(|o| o.as_ref().map(Observed::badge).unwrap_or("badge"));
    let secrets_id = id.clone();
    view! {
        <tr data-service-id=id>
            <td class="service-name" data-label="Name">{name}</td>
            <td class="service-chart" data-label="Chart"><code class="chart">{live(move || read(|s| shown_string(&s.chart.shown())))}</code></td>
            <td data-testid="service-state" data-label="Desired state">{live(move || read(Service::desired_words))}</td>
            <td data-label="Status">
                <span class=badge data-testid="service-status">{status}</span>
            </td>
            <td class="service-connection" data-label="Connection">
                <Connection svc=svc/>
                <When when=move || ctx.may(Perm::GetWorkspaceServiceInstanceSecret)>
                    <Secrets ctx=ctx id=secrets_id.clone() name=Signal::derive(name)/>
                </When>
            </td>
            <td class="actions">
                <RowActions ctx=ctx svc=svc/>
            </td>
        </tr>
    }
}

/// The connection info (the operator's rendering of the template) with `Copy`.
#[component]
fn Connection(svc: Derived<Option<Service>>) -> impl IntoView {
    let info = crate::state::memo(move |_| {
        svc.with(|s| {
            s.as_ref()
                .map(|s| s.connection_info.clone())
                .unwrap_or_default()
        })
    });
    let copied = Slot::new(None::<bool>);
    // A new connection string: whatever was said of the last one goes.
    crate::state::effect(move |_| {
        info.track();
        copied.set(None);
    });
    let copy = local_action(move |_: &()| {
        let text = info.get_untracked();
        async move {
            let ok = copy_to_clipboard(&text).await;
            copied.try_set(Some(ok));
        }
    });
    live(move || {
        let text = info.get();
        if text.is_empty() {
            return view! { <span class="muted" data-testid="connection-info">"None yet"</span> }
                .into_any();
        }
        view! {
            <code class="connection-info" data-testid="connection-info">{shown_string(&text)}</code>
            " "
            <button type="button" class="btn btn-small" on:click=move |_| { copy.dispatch_local(()); }>
                "Copy"
            </button>
            {live(move || copied.get().map(|ok| {
                let words = if ok { "Copied" } else { "The browser did not let the page copy: select the text instead." };
                view! { <span class="copied" role="status">{words}</span> }
            }))}
        }
        .into_any()
    })
}

/// Writes `text` to the clipboard; `false` when the browser refused.
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// `Stop`/`Start`, `Parameters` and `Delete <name>`, each for who may.
#[component]
fn RowActions(ctx: Ctx, svc: Derived<Option<Service>>) -> impl IntoView {
    let may_update = crate::state::memo(move |_| ctx.may(Perm::UpdateWorkspaceServiceInstance));
    let may_delete = crate::state::memo(move |_| ctx.may(Perm::DeleteWorkspaceServiceInstance));
    let has = move |f: fn(&Service) -> bool| svc.with(|s| s.as_ref().is_some_and(f));
    let name = move || svc.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let state_change = local_action(move |to: &&'static str| {
        let to = *to;
        let s = svc.get_untracked();
        async move {
            let Some(s) = s else { return };
            let done = if to == "Stopped" {
                format!("{} is asked to stop.", s.name)
            } else {
                format!("{} is asked to start.", s.name)
            };
            ctx.change(s, Change::State(to), done).await;
        }
    });
    let confirming = Slot::new(false);
    let delete = local_action(move |_: &()| {
        let s = svc.get_untracked();
        async move {
            let Some(s) = s else { return };
            ctx.failed.try_set(None);
            match services::delete(ctx.api, &s.id).await {
                Ok(()) => {
                    confirming.try_set(false);
                    ctx.said.try_set(Some(format!(
                        "{} is being deleted: it goes when the cluster has removed it.",
                        s.name
                    )));
                    ctx.poll.start();
                }
                Err(e) => ctx.fail("Could not delete the service", e),
            }
        }
    });
    let editing = Slot::new(false);
    let busy = Signal::derive(move || state_change.pending().get() || delete.pending().get());
    let live = move || !has(Service::is_deleting);
    view! {
        <div class="row-actions">
            <When when=move || may_update.get() && has(Service::may_stop)>
                <button type="button" class="btn btn-small" disabled=move || busy.get()
                    on:click=move |_| { state_change.dispatch_local("Stopped"); }>"Stop"</button>
            </When>
            <When when=move || may_update.get() && has(Service::may_start)>
                <button type="button" class="btn btn-small" disabled=move || busy.get()
                    on:click=move |_| { state_change.dispatch_local("Running"); }>"Start"</button>
            </When>
            <When when=move || may_update.get() && live() && !editing.get()>
                <button type="button" class="btn btn-small" disabled=move || busy.get()
                    on:click=move |_| editing.set(true)>"Parameters"</button>
            </When>
            <When when=move || may_delete.get() && live() && !confirming.get()>
                <button type="button" class="btn btn-small btn-danger"
                    aria-label=move || format!("Delete {}", name())
                    disabled=move || busy.get()
                    on:click=move |_| confirming.set(true)>"Delete"</button>
            </When>
            <When when=move || confirming.get() && live()>
                <ConfirmInline layout=ConfirmLayout::Row("Confirm delete")
                    question=format!("Delete {}? What it holds goes with it.", untrack(name))
                    confirm_label="Delete" busy=busy
                    on_confirm=Callback::new(move |_| { delete.dispatch_local(()); })
                    on_cancel=Callback::new(move |_| confirming.set(false))/>
            </When>
        </div>
        <When when=move || editing.get() && live()>
            <Parameters ctx=ctx svc=svc open=editing/>
        </When>
    }
}
