//! The data page's selection as a data request (ui.md, "new request"): with files selected,
//! `Request extraction` and `Request transfer` (`selection_bar.rs`) open a form (`Title`,
//! `Description`, for a transfer `Destination workspace`: the other workspaces the user is in),
//! the selected files with their sizes and total, and `Submit request`; on success the
//! request's page opens. In the `dataforms` chunk (pages/lazy.rs, issue 58), with the
//! compliance dialog.
use crate::components::live::live;
use leptos::prelude::*;

use super::ctx::{Asking, Ctx, Panels};
use crate::api::{requests, workspaces, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::domain::files::size_words;
use crate::domain::requests::{new_request_problems, refusal_words, MAX_TITLE};
use crate::domain::text::shown_string;
use crate::state::Slot;

/// The form of the selection's open request (`Request extraction` or `Request transfer`), as
/// the `dataforms` chunk builds it (pages/lazy.rs): what it works on comes from the page.
#[component]
pub(in crate::pages) fn RequestPanel() -> impl IntoView {
    let Some(Panels { ctx, .. }) = use_context::<Panels>() else {
        return ().into_any();
    };
    match ctx.asking.get_untracked() {
        Some(asking) => view! { <RequestForm ctx asking/> }.into_any(),
        None => ().into_any(),
    }
}

#[component]
fn RequestForm(ctx: Ctx, asking: Asking) -> impl IntoView {
    let open = ctx.asking;
    let api = ctx.api;
    let transfer = asking == Asking::Transfer;
    let title = Slot::new(String::new());
    let description = Slot::new(String::new());
    let destination = Slot::new(String::new());
    let problems = Slot::new(Vec::<String>::new());
    let failed = Slot::new(None::<(String, ApiError)>);
    let ws = ctx.ws();
    let others = crate::state::resource(move || {
        let ws = ctx.ws();
        async move {
            workspaces::list(api)
                .await
                .map(|all| all.into_iter().filter(|w| w.id != ws).collect::<Vec<_>>())
        }
    });
    let navigate = leptos_router::hooks::use_navigate();
    let submit = crate::components::local_action(move |_: &()| {
        let (t, d, dest) = (
            title.get_untracked(),
            description.get_untracked(),
            destination.get_untracked(),
        );
        let files: Vec<String> = ctx
            .selected
            .with_untracked(|s| s.iter().map(|e| e.path.clone()).collect());
        let ws = ws.clone();
        let navigate = navigate.clone();
        async move {
            let dest = transfer.then_some(dest.as_str());
            match requests::create(api, &ws, dest, &t, &d, files).await {
                Ok(r) => {
                    ctx.selected.try_set(Vec::new());
                    open.try_set(None);
                    navigate(&crate::routes::request_href(&r.id), Default::default());
                }
                Err(e) => {
                    let words = match refusal_words(e.status(), &e.message()) {
                        Some(w) => format!("Could not ask for it: {w}"),
                        None => "Could not ask for it".to_owned(),
                    };
                    failed.try_set(Some((words, e)));
                }
            }
        }
    });
    let busy = submit.pending();
    let on_submit = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let files: Vec<(String, bool)> = ctx
            .selected
            .with_untracked(|s| s.iter().map(|e| (e.path.clone(), e.is_folder)).collect());
        let p = new_request_problems(
            &title.get_untracked(),
            &files,
            transfer,
            &destination.get_untracked(),
        );
        let ok = p.is_empty();
        problems.set(p);
        if ok {
            failed.set(None);
            submit.dispatch_local(());
        }
    };
    let heading = if transfer {
        "Request transfer"
    } else {
        "Request extraction"
    };
    let explain = if transfer {
        "The files are copied into another workspace once the data managers of both workspaces approved."
    } else {
        "The files can be downloaded once a data manager of this workspace approved. Until then they are kept aside, as they are now."
    };
    let rows = live(move || {
        ctx.selected.with(|s| {
            s.iter()
                .map(|e| {
                    view! {
                        <tr data-path=e.path.clone()>
                            <td class="file-name">{shown_string(&e.path)}</td>
                            <td class="file-size">{if e.is_folder { "folder".to_owned() } else { size_words(e.size) }}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    });
    let total = move || size_words(ctx.selected.with(|s| s.iter().map(|e| e.size).sum()));
    view! {
        <form class="card request-form" aria-labelledby="request-form-heading" on:submit=on_submit novalidate>
            <h2 id="request-form-heading">{heading}</h2>
            <p class="muted">{explain}</p>
            <label for="request-title">"Title"</label>
            <input id="request-title" type="text" maxlength=MAX_TITLE.to_string() autofocus
                prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e))/>
            <label for="request-description">"Description"</label>
            <textarea id="request-description" rows="3" maxlength="5000"
                prop:value=move || description.get() on:input=move |e| description.set(event_target_value(&e))></textarea>
            {transfer.then(|| view! {
                <label for="request-destination">"Destination workspace"</label>
                <select id="request-destination" on:change=move |e| destination.set(event_target_value(&e))>
                    <option value="">"Choose a workspace"</option>
                    {live(move || match others.get() {
                        Some(Ok(list)) => list.into_iter().map(|w| {
                            let name = shown_string(&w.display_name());
                            view! { <option value=w.id.clone()>{name}</option> }
                        }).collect_view().into_any(),
                        _ => ().into_any(),
                    })}
                </select>
                {live(move || match others.get() {
                    Some(Ok(list)) if list.is_empty() => Some(view! { <p class="field-error">"You are in no other workspace: a transfer needs one to go to."</p> }.into_any()),
                    Some(Err(e)) => Some(view! { <ErrorAlert title="Could not load your workspaces" error=e/> }.into_any()),
                    _ => None,
                })}
            })}
            <table class="data-table request-selection">
                <caption>"The selected files"</caption>
                <thead><tr><th scope="col">"Path"</th><th scope="col">"Size"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted">{live(move || format!("{} in all.", total()))}</p>
            {live(move || {
                let p = problems.get();
                (!p.is_empty()).then(|| view! {
                    <ul class="alert alert-error form-problems" role="alert">
                        {p.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                })
            })}
            {live(move || failed.get().map(|(w, e)| view! { <ErrorAlert title=w error=e/> }))}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {live(move || if busy.get() { "Submitting…" } else { "Submit request" })}
                </button>
                <button type="button" class="btn" on:click=move |_| open.set(None)>"Cancel"</button>
            </div>
        </form>
    }
}
