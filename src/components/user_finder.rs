//! `Find a user` (ui.md): a search box, the people it suggests as buttons named
//! `<first> <last> (<username>)`, and the one chosen, with `Change`. The members page's
//! `Add member` and the session's `Share` panel use it; each keeps what it sends and how it finds
//! its suggestions (the users API, or the workspace's members).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::domain::user::User;
use crate::state::Slot;

/// What a `Find a user` box suggests for its query: `None` while there is nothing to show yet.
pub(crate) type Suggestions = Option<Result<Vec<User>, ApiError>>;

/// The box, its suggestions and the chosen person. Typing clears the choice; a suggestion
/// chosen replaces the list with `<verb> <name> (<username>)` and a `Change` button.
#[component]
pub(crate) fn UserFinder(
    /// The input's id (its label is `Find a user`).
    input_id: &'static str,
    /// What is typed.
    query: Slot<String>,
    /// The person chosen.
    chosen: Slot<Option<User>>,
    /// The suggestions for `query`.
    #[prop(into)]
    suggestions: Signal<Suggestions>,
    /// The words before the chosen person: `Adding`, `Sharing with`.
    verb: &'static str,
    /// The accessible name of the list of suggestions.
    list_label: &'static str,
    /// Shown under the input (e.g. why nobody can be looked up here).
    #[prop(optional)]
    children: Option<Children>,
    /// The input's label (`Find a user` unless given, e.g. `Contact`).
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let label = label.unwrap_or("Find a user");
    view! {
        <div class="field">
            <label for=input_id>{label}</label>
            <input id=input_id type="search" autocomplete="off"
                prop:value=move || query.get()
                on:input=move |ev| {
                    query.set(event_target_value(&ev));
                    chosen.set(None);
                }/>
            {children.map(|c| c())}
        </div>
        {live(move || match chosen.get() {
            Some(u) => view! {
                <p class="chosen">{verb} " " <strong>{u.display_name()}</strong> {format!(" ({})", u.username)}
                    <button type="button" class="btn btn-small btn-quiet" on:click=move |_| chosen.set(None)>"Change"</button>
                </p>
            }.into_any(),
            None => view! {
                <ul class="suggestions" aria-label=list_label>
                    {live(move || match suggestions.get() {
                        Some(Ok(list)) => list.into_iter().map(|u| {
                            let label = u.suggestion_label();
                            view! { <li><button type="button" class="btn btn-small btn-quiet"
                                on:click=move |_| chosen.set(Some(u.clone()))>{label}</button></li> }
                        }).collect_view().into_any(),
                        Some(Err(e)) => view! { <li><ErrorAlert title="Could not look people up" error=e/></li> }.into_any(),
                        None => ().into_any(),
                    })}
                </ul>
            }.into_any(),
        })}
    }
}
