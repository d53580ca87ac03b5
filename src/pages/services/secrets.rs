//! `Show secrets`: a service's secret, asked for only when the user asks, shown as text (a
//! value is never read as markup) until `Hide secrets` or the page goes. It is held by this
//! view alone: no store, no cache, nothing in the browser's storage.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{services, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::text::shown_string;
use crate::state::{Kept, Slot};

use super::ctx::Ctx;

#[component]
pub(super) fn Secrets(ctx: Ctx, id: String, name: Signal<String>) -> impl IntoView {
    let id = Kept::new(id);
    let shown = Slot::new(None::<Vec<(String, String)>>);
    let failed = Slot::new(None::<ApiError>);
    let fetch = local_action(move |_: &()| {
        let id = id.get_value();
        async move {
            failed.try_set(None);
            match services::secrets(ctx.api, &id).await {
                Ok(entries) => {
                    shown.try_set(Some(entries));
                }
                Err(e) => {
                    failed.try_set(Some(e));
                }
            }
        }
    });
    let pending = fetch.pending();
    let hide = move |_| {
        shown.set(None);
        failed.set(None);
    };
    live(move || match shown.get() {
        None => view! {
            <div class="secrets">
                <button type="button" class="btn btn-small" disabled=move || pending.get()
                    on:click=move |_| { fetch.dispatch_local(()); }>
                    {live(move || if pending.get() { "Showing…" } else { "Show secrets" })}
                </button>
                {live(move || failed.get().map(|e| view! {
                    <ErrorAlert title="Could not read the secret" error=e/>
                }))}
            </div>
        }
        .into_any(),
        Some(entries) => {
            let list = if entries.is_empty() {
                view! { <p class="muted">"This service has no secret yet: the cluster makes it when the service starts."</p> }
                    .into_any()
            } else {
                let items = entries
                    .into_iter()
                    .map(|(k, v)| {
                        view! {
                            <dt>{shown_string(&k)}</dt>
                            <dd><code class="secret-value">{shown_string(&v)}</code></dd>
                        }
                    })
                    .collect_view();
                view! { <dl class="secret-list" data-testid="service-secrets">{items}</dl> }
                    .into_any()
            };
            view! {
                <div class="secrets" role="group" aria-label=move || format!("Secrets of {}", name.get())>
                    {list}
                    <button type="button" class="btn btn-small" on:click=hide>"Hide secrets"</button>
                </div>
            }
            .into_any()
        }
    })
}
