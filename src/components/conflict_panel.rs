//! The one conflict panel of every edit form (issue 56, "No lost update"): a save found that
//! someone else changed fields the user changed too since the form loaded
//! ([`crate::domain::three_way`]). Nothing was sent. For each field it says what the user has and
//! what is stored now, as text, and offers `Keep mine` / `Take theirs` (and, with several
//! fields, both for all). Once every field has a choice, `on_resolve` gets them; the form then
//! saves. It is `role="alert"`, and the focus goes to its heading when it appears.
use std::collections::BTreeMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::domain::three_way::{choice_of, shown_value, Choice, Conflict, Fielded, Pending};
use crate::state::Slot;

/// The save held back in `held`, resolved by the user's `choices` (the panel closes): the fresh
/// copy the choices were made on (the new base) and the record to save over it.
pub(crate) fn take_resolved<R>(
    held: Slot<Option<Pending<R>>>,
    choices: &[(String, Choice)],
) -> Option<(R, R)>
where
    R: Fielded + Clone + Send + Sync + 'static,
{
    let p = held.get_untracked()?;
    held.set(None);
    let mine = p.resolve(|k| choice_of(choices, k));
    Some((p.theirs, mine))
}

/// The panel over `conflicts`; `what` names the record (`this workspace`, `the platform
/// settings`), `id` prefixes the DOM ids (unique in the page).
#[component]
pub fn ConflictPanel(
    #[prop(into)] id: String,
    #[prop(into)] what: String,
    conflicts: Vec<Conflict>,
    /// Every field's choice, once each has one.
    on_resolve: Callback<Vec<(String, Choice)>>,
) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    crate::components::focus_on_mount(heading);
    let chosen = Slot::new(BTreeMap::<String, Choice>::new());
    let keys: Vec<String> = conflicts.iter().map(|c| c.key.clone()).collect();
    let all_keys = keys.clone();
    let choose_all = move |c: Choice| {
        on_resolve.run(all_keys.iter().map(|k| (k.clone(), c)).collect());
    };
    let choose = move |key: String, c: Choice| {
        chosen.update(|m| {
            m.insert(key, c);
        });
        let m = chosen.get_untracked();
        if keys.iter().all(|k| m.contains_key(k)) {
            on_resolve.run(keys.iter().map(|k| (k.clone(), m[k])).collect());
        }
    };
    let many = conflicts.len() > 1;
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    let intro = if many {
        "Nothing was saved. For each field below, keep your value or take the one stored now; the form is then saved."
    } else {
        "Nothing was saved. Keep your value or take the one stored now; the form is then saved."
    };
    view! {
        <section class="conflict-panel" role="alert" aria-labelledby=labelled_by id=id>
            <h2 id=title_id node_ref=heading tabindex="-1">
                {format!("Someone else changed {what} while you were editing it")}
            </h2>
            <p>{intro}</p>
            <ul class="conflict-fields">
                {conflicts.into_iter().enumerate().map(|(i, c)| {
                    let label_id = format!("{id}-field-{i}");
                    let group_label = label_id.clone();
                    let key = c.key.clone();
                    let (k1, k2, k3) = (key.clone(), key.clone(), key);
                    let choose = choose.clone();
                    let choose2 = choose.clone();
                    let picked = move || chosen.with(|m| m.get(&k3).copied());
                    view! {
                        <li class="conflict-field" role="group" aria-labelledby=group_label>
                            <h3 id=label_id>{crate::domain::text::shown_string(&c.label)}</h3>
                            <dl>
                                <dt>"Yours"</dt>
                                <dd class="conflict-mine">{shown_value(&c.mine)}</dd>
                                <dt>"Now stored (someone else's change)"</dt>
                                <dd class="conflict-theirs">{shown_value(&c.theirs)}</dd>
                            </dl>
                            {live(move || match picked() {
                                None => view! {
                                    <div class="conflict-actions">
                                        <button type="button" class="btn btn-small"
                                            on:click={let choose = choose.clone(); let k = k1.clone(); move |_| choose(k.clone(), Choice::KeepMine)}>
                                            "Keep mine"
                                        </button>
                                        <button type="button" class="btn btn-small"
                                            on:click={let choose = choose2.clone(); let k = k2.clone(); move |_| choose(k.clone(), Choice::TakeTheirs)}>
                                            "Take theirs"
                                        </button>
                                    </div>
                                }.into_any(),
                                Some(Choice::KeepMine) => view! { <p class="muted">"You keep yours."</p> }.into_any(),
                                Some(Choice::TakeTheirs) => view! { <p class="muted">"You take theirs."</p> }.into_any(),
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {many.then(|| {
                let (a, b) = (choose_all.clone(), choose_all);
                view! {
                    <div class="conflict-actions">
                        <button type="button" class="btn" on:click=move |_| a(Choice::KeepMine)>"Keep mine for all"</button>
                        <button type="button" class="btn" on:click=move |_| b(Choice::TakeTheirs)>"Take theirs for all"</button>
                    </div>
                }
            })}
        </section>
    }
}
