//! The matrix toolbar: scope filter, search, the count of unsaved changes, `Save` and `Discard`.
use crate::components::live::live;
use leptos::prelude::*;

use super::state::MatrixState;
use crate::components::on::OnAttribute;
use crate::domain::permissions::RoleScope;

/// The scopes the filter offers.
const SCOPES: [RoleScope; 4] = [
    RoleScope::System,
    RoleScope::Platform,
    RoleScope::Workspace,
    RoleScope::Workbench,
];

/// One `<option>` per scope of `scopes`, the one `is_selected` says selected (the scope selects
/// of this toolbar and of the new-role form).
pub(crate) fn scope_options(
    scopes: &'static [RoleScope],
    is_selected: impl Fn(RoleScope) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    scopes
        .iter()
        .map(|&s| {
            view! {
                <option value=s.as_str() selected=move || is_selected(s)>
                    {s.label()}
                </option>
            }
        })
        .collect_view()
}

fn status_words(changed: usize) -> String {
    match changed {
        0 => "No unsaved changes".to_string(),
        1 => "1 unsaved change".to_string(),
        n => format!("{n} unsaved changes"),
    }
}

/// The toolbar. `editable`: `Save` and `Discard` are shown (the backend can change roles);
/// `busy`: a save is under way, they are disabled.
pub(super) fn matrix_toolbar(
    state: MatrixState,
    editable: bool,
    busy: Signal<bool>,
    on_save: Option<Callback<()>>,
) -> impl IntoView {
    let idle_with_edits = move || state.has_unsaved() && !busy.get();
    let on_scope = move |ev| {
        let v = event_target_value(&ev);
        state
            .scope
            .set(SCOPES.iter().copied().find(|s| s.as_str() == v.as_str()));
    };
    view! {
        <div class="matrix-toolbar">
            <div class="field">
                <label for="matrix-scope">"Filter by scope"</label>
                <select id="matrix-scope" on:change=on_scope>
                    <option value="" selected=move || state.scope.get().is_none()>
                        "All scopes"
                    </option>
                    {scope_options(&SCOPES, move |s| state.scope.get() == Some(s))}
                </select>
            </div>
            <div class="field">
                <label for="matrix-search">"Search"</label>
                <input
                    id="matrix-search"
                    type="search"
                    placeholder="Permission or role"
                    prop:value=move || state.search.get()
                    on:input=move |ev| state.search.set(event_target_value(&ev))
                />
            </div>
            <p class="matrix-status muted" role="status" aria-live="polite" id="matrix-status" tabindex="-1">
                {live(move || status_words(state.changed_count()))}
            </p>
            {editable
                .then(|| {
                    view! {
                        <div class="matrix-actions">
                            <button
                                type="button"
                                class="btn btn-primary"
                                disabled=move || !idle_with_edits()
                                on:click=move |_| {
                                    // The button is disabled while it saves: focus waits on
                                    // the status, which says what happened.
                                    crate::components::focus_by_id("matrix-status");
                                    if let Some(cb) = on_save {
                                        cb.run(());
                                    }
                                }
                            >
                                "Save"
                            </button>
                            <button
                                type="button"
                                class="btn"
                                disabled=move || !idle_with_edits()
                                on:click=move |_| {
                                    crate::components::focus_by_id("matrix-status");
                                    state.discard();
                                }
                            >
                                "Discard"
                            </button>
                        </div>
                    }
                })}
        </div>
    }
}
