//! `Parameters`: a service's Helm values edited as JSON, checked before anything is sent (a JSON
//! object, said in words otherwise; the text stays as typed). The save reads the row again and
//! sends it with only the values changed (`computedValues` and everything else as stored), the
//! keys changed here on top of the values stored now; a key another changed too waits for the
//! user's choice (the conflict panel).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::services::{check_values, values_for_editing, Service};
use crate::domain::three_way::{Choice, JsonObject, Pending};
use crate::state::{Derived, Kept, Slot};

use super::ctx::Ctx;

#[component]
pub(super) fn Parameters(
    ctx: Ctx,
    svc: Derived<Option<Service>>,
    open: Slot<bool>,
) -> impl IntoView {
    let initial = svc.with_untracked(|s| {
        s.as_ref()
            .map(|s| values_for_editing(&s.values_json))
            .unwrap_or_default()
    });
    let text = Slot::new(initial);
    let problem = Slot::new(None::<String>);
    let field_id = svc.with_untracked(|s| {
        format!(
            "service-values-{}",
            s.as_ref().map(|s| s.id.as_str()).unwrap_or("")
        )
    });
    let error_id = format!("{field_id}-error");
    // The values as the form opened on them (the base of the merge), and a save held back.
    let base = Kept::new(svc.with_untracked(|s| {
        s.as_ref()
            .map(|s| s.values_json.clone())
            .unwrap_or_default()
    }));
    let held = Slot::new(None::<Pending<JsonObject>>);
    let save = local_action(move |(b, values): &(String, String)| {
        let (b, values) = (b.clone(), values.clone());
        let s = svc.get_untracked();
        async move {
            let Some(s) = s else { return };
            held.try_set(None);
            let done = format!("The parameters of {} were saved.", s.name);
            match ctx.save_values(s, b, values, done).await {
                Ok(true) => {
                    open.try_set(false);
                }
                Ok(false) => {}
                Err(p) => {
                    held.try_set(Some(*p));
                }
            }
        }
    });
    let pending = save.pending();
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        let Some((theirs, mine)) = take_resolved(held, &choices) else {
            return;
        };
        let mine_text = mine.text();
        text.set(values_for_editing(&mine_text));
        save.dispatch_local((theirs.text(), mine_text));
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_values(&text.get_untracked()) {
            Ok(values) => {
                problem.set(None);
                save.dispatch_local((base.get_value(), values));
            }
            Err(words) => problem.set(Some(words)),
        }
    };
    let described = error_id.clone();
    let field_id2 = field_id.clone();
    view! {
        <form class="service-parameters" on:submit=on_submit>
            <div class="field">
                <label for=field_id.clone()>"Values (JSON)"</label>
                <textarea id=field_id rows="8" spellcheck="false" class="mono"
                    aria-invalid=move || problem.with(Option::is_some).then_some("true")
                    aria-describedby=move || problem.with(Option::is_some).then(|| described.clone())
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {live(move || problem.get().map(|p| view! {
                    <p class="field-error" id=error_id.clone() role="alert">{p}</p>
                }))}
            </div>
            {live(move || held.get().map(|p| view! {
                <ConflictPanel id=format!("{field_id2}-conflict") what="these parameters"
                    conflicts=p.conflicts on_resolve=resolve/>
            }))}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-small" disabled=move || pending.get()>
                    "Save"
                </button>
                <button type="button" class="btn btn-small" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
