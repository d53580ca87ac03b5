//! The confirm/cancel step of a destructive action, shown where the user is: deleting a session
//! (inside its table row), removing a role from a user and deleting a role (a panel above the
//! table). Focus moves to the confirming button when the step appears. Where it goes after
//! `Cancel` is the caller's business: the button that opened the step may have been replaced by
//! the step itself (the session row), and only the caller knows the new one.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::state::Slot;

/// How the step is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ConfirmLayout {
    /// Compact, in a table row: `role="group"` with this accessible name, the question as
    /// text, small buttons.
    Row(&'static str),
    /// A panel: `role="alertdialog"` labelled by its heading (`<id>-title`) and described by its
    /// text (`<id>-desc`); this is the id prefix.
    Panel(&'static str),
}

/// A question, a confirming button and `Cancel`.
#[component]
pub(crate) fn ConfirmInline(
    layout: ConfirmLayout,
    /// The question, e.g. `Delete role DataSteward?`.
    #[prop(into)]
    question: String,
    /// What follows in words (the panel layout only).
    #[prop(optional, into)]
    detail: String,
    /// The confirming button's name, e.g. `Delete role`.
    confirm_label: &'static str,
    /// The action is under way: the confirming button is disabled.
    #[prop(into)]
    busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// The error of the last attempt, shown between the words and the buttons under this title.
    #[prop(optional)]
    error: Option<Slot<Option<ApiError>>>,
    #[prop(optional)] error_title: &'static str,
) -> impl IntoView {
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    crate::components::focus_on_mount(confirm_ref);
    let (confirm_class, cancel_class) = match layout {
        ConfirmLayout::Row(_) => ("btn btn-small btn-danger", "btn btn-small"),
        ConfirmLayout::Panel(_) => ("btn btn-danger", "btn"),
    };
    let buttons = view! {
        <button
            type="button"
            class=confirm_class
            node_ref=confirm_ref
            disabled=move || busy.get()
            on:click=move |_| on_confirm.run(())
        >
            {confirm_label}
        </button>
        <button type="button" class=cancel_class on:click=move |_| on_cancel.run(())>
            "Cancel"
        </button>
    };
    match layout {
        ConfirmLayout::Row(group_label) => view! {
            <span class="confirm-delete" role="group" aria-label=group_label>
                <span class="confirm-text">{question}</span>
                {buttons}
            </span>
        }
        .into_any(),
        ConfirmLayout::Panel(id) => {
            let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
            view! {
                <div
                    class="confirm-panel"
                    role="alertdialog"
                    aria-labelledby=title_id.clone()
                    aria-describedby=desc_id.clone()
                >
                    <h2 id=title_id.clone()>{question}</h2>
                    <p id=desc_id.clone()>{detail}</p>
                    {live(move || {
                        error
                            .and_then(|e| e.get())
                            .map(|e| view! { <ErrorAlert title=error_title error=e/> })
                    })}
                    <div class="form-actions">{buttons}</div>
                </div>
            }
            .into_any()
        }
    }
}
