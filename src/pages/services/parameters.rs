//! `Parameters`: a service's Helm values edited as JSON, checked before anything is sent (a JSON
//! object, said in words otherwise; the text stays as typed). The save sends the row as last
//! read with only the values changed (`computedValues` and everything else as it was).
use leptos::prelude::*;

use crate::components::local_action;
use crate::domain::services::{check_values, values_for_editing, Change, Service};

use super::ctx::Ctx;

#[component]
pub(super) fn Parameters(
    ctx: Ctx,
    svc: Memo<Option<Service>>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let initial = svc.with_untracked(|s| {
        s.as_ref()
            .map(|s| values_for_editing(&s.values_json))
            .unwrap_or_default()
    });
    let text = RwSignal::new(initial);
    let problem = RwSignal::new(None::<String>);
    let field_id = svc.with_untracked(|s| {
        format!(
            "service-values-{}",
            s.as_ref().map(|s| s.id.as_str()).unwrap_or("")
        )
    });
    let error_id = format!("{field_id}-error");
    let save = local_action(move |values: &String| {
        let values = values.clone();
        // The row as last read: what another change did meanwhile is kept.
        let s = svc.get_untracked();
        async move {
            let Some(s) = s else { return };
            let done = format!("The parameters of {} were saved.", s.name);
            if ctx.change(s, Change::Values(values), done).await {
                open.try_set(false);
            }
        }
    });
    let pending = save.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_values(&text.get_untracked()) {
            Ok(values) => {
                problem.set(None);
                save.dispatch_local(values);
            }
            Err(words) => problem.set(Some(words)),
        }
    };
    let described = error_id.clone();
    view! {
        <form class="service-parameters" on:submit=on_submit>
            <div class="field">
                <label for=field_id.clone()>"Values (JSON)"</label>
                <textarea id=field_id rows="8" spellcheck="false" class="mono"
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    aria-describedby=move || problem.with(Option::is_some).then(|| described.clone())
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || problem.get().map(|p| view! {
                    <p class="field-error" id=error_id.clone() role="alert">{p}</p>
                })}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-small" disabled=move || pending.get()>
                    "Save"
                </button>
                <button type="button" class="btn btn-small" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
