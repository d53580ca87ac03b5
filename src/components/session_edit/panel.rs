//! The form of [`super::EditSession`], in the `sessparts` chunk (pages/lazy.rs): `Session name`,
//! `Description`, `Save` on top of a fresh read (past CHORUS's one-second `GetWorkbench` cache,
//! as every form's: `state::fresh_save`), conflicts in the conflict panel. It reads and
//! keeps its state in the button's [`EditCtx`] (a chunk's views take no arguments): a save still
//! on its way when the form closes says how it ended by the button.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{workbenches, ApiClient, ApiError, Conditional};
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::session_list::{check_description, check_name, SessionText, MAX_NAME_CHARS};
use crate::domain::three_way::{Choice, Merge};
use crate::state::fresh_save::merge_fresh;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::Kept;

use super::EditCtx;

/// The form: the session's name and description.
#[component]
pub(crate) fn EditPanel() -> impl IntoView {
    let Some(EditCtx {
        workbench,
        on_saved,
        open,
        name,
        description,
        problem,
        failure,
        said,
        base,
        held,
    }) = use_context::<EditCtx>()
    else {
        return ().into_any();
    };
    let api = ApiClient::use_client();
    let save = local_action(move |(b, mine): &(SessionText, SessionText)| {
        let (b, mine) = (b.clone(), mine.clone());
        let wb = workbench.get_untracked();
        async move {
            let Some(wb) = wb else { return };
            held.try_set(None);
            // The session as stored now, the fields changed here on top. CHORUS answers a
            // session from a one-second cache that a rename does not clear (seen: a read right
            // after one had the old name), so the read waits that long, as every form's does.
            let fresh = Kept::new(wb);
            let id = fresh.get_value().id;
            let merged = merge_fresh(&b, &mine, PAST_CHORUS_CACHE, || async move {
                match workbenches::get(api, &id, None, None, None).await?.0 {
                    Conditional::Fresh { value, .. } => {
                        fresh.set_value(value.clone());
                        Ok::<_, ApiError>(SessionText::of(&value))
                    }
                    Conditional::NotModified => Ok(SessionText::of(&fresh.get_value())),
                }
            })
            .await;
            let (n, d) = match merged {
                Ok(Merge::Send(m)) => (m.name, m.description),
                Ok(Merge::Conflicts(p)) => {
                    held.try_set(Some(p));
                    return;
                }
                Err(e) => {
                    said.try_set(None);
                    failure.try_set(Some(e));
                    return;
                }
            };
            match workbenches::update(api, &fresh.get_value(), &n, &d).await {
                Ok(saved) => {
                    failure.try_set(None);
                    said.try_set(Some("Saved.".to_owned()));
                    open.try_set(false);
                    on_saved.run(saved);
                    crate::components::focus_by_id("edit-session-toggle");
                }
                Err(e) => {
                    said.try_set(None);
                    failure.try_set(Some(e));
                }
            }
        }
    });
    let pending = save.pending();
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        let Some((theirs, mine)) = take_resolved(held, &choices) else {
            return;
        };
        name.set(mine.name.clone());
        description.set(mine.description.clone());
        save.dispatch_local((theirs, mine));
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let checked = check_name(&name.get_untracked())
            .and_then(|n| check_description(&description.get_untracked()).map(|d| (n, d)));
        match checked {
            Ok((n, d)) => {
                problem.set(None);
                let Some(b) = base.get_value() else { return };
                save.dispatch_local((
                    b,
                    SessionText {
                        name: n,
                        description: d,
                    },
                ));
            }
            Err(m) => {
                problem.set(Some(m));
                crate::components::focus_by_id("edit-session-name");
            }
        }
    };
    crate::components::lazy_forms::close_on_escape(open, "edit-session-toggle");
    view! {
        <section id="edit-session-panel" class="share-panel" aria-label="Edit this session">
            <form novalidate=true on:submit=on_submit>
                <div class="field">
                    <label for="edit-session-name">"Session name"</label>
                    <input id="edit-session-name" type="text" required=true autocomplete="off"
                        maxlength=MAX_NAME_CHARS.to_string()
                        aria-invalid=move || problem.with(Option::is_some).then_some("true")
                        aria-describedby=move || problem.with(Option::is_some).then_some("edit-session-error")
                        prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); problem.set(None); }/>
                    {live(move || problem.get().map(|m| view! { <p class="field-error" id="edit-session-error">{m}</p> }))}
                </div>
                <div class="field">
                    <label for="edit-session-description">"Description"</label>
                    <textarea id="edit-session-description" rows="3"
                        prop:value=move || description.get()
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary btn-small" disabled=move || pending.get()>
                        "Save"
                    </button>
                    <button type="button" class="btn btn-small" on:click=move |_| open.set(false)>
                        "Cancel"
                    </button>
                </div>
            </form>
            {live(move || held.get().map(|p| view! {
                <ConflictPanel id="edit-session-conflict" what="this session"
                    conflicts=p.conflicts on_resolve=resolve/>
            }))}
            {live(move || failure.get().map(|e| view! { <ErrorAlert title="Could not save the session" error=e/> }))}
        </section>
    }
    .into_any()
}
