//! A session row's actions: `Open`, `Stop`/`Start` and `Delete`, which first asks in place
//! ([`ConfirmInline`]). Focus follows the step: to `Confirm` when it appears, back to `Delete`
//! after `Cancel`. Each request is an [`Action`]; the row's buttons are disabled while any of
//! them runs, and a failure is shown above the table.
use crate::components::live::live;
use leptos::prelude::*;

use super::TableContext;
use crate::api::{workbenches, ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::permissions::{Perm, Target};
use crate::domain::workbench::Workbench;
use crate::state::activity::Activity;
use crate::state::{Derived, Kept};

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowAction {
    Stop,
    Start,
    Delete,
}

impl RowAction {
    fn label(self) -> &'static str {
        match self {
            Self::Stop => "Stopping session…",
            Self::Start => "Starting session…",
            Self::Delete => "Deleting session…",
        }
    }

    fn failure(self, name: &str) -> String {
        match self {
            Self::Stop => format!("Could not stop {name}"),
            Self::Start => format!("Could not start {name}"),
            Self::Delete => format!("Could not delete {name}"),
        }
    }
}

/// The actions cell of session `id` (named `name`, its page at `href`).
pub(super) fn row_actions(
    id: Kept<String>,
    wb: Derived<Option<Workbench>>,
    name: impl Fn() -> String + Copy + Send + Sync + 'static,
    href: impl Fn() -> String + Copy + Send + Sync + 'static,
    ctx: TableContext,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let request = move |action: RowAction| {
        local_action(move |_: &()| {
            let (id, name) = (id.get_value(), untrack(name));
            ctx.failure.set(None);
            async move {
                let reply: Result<(), ApiError> = activity
                    .track(action.label(), async {
                        match action {
                            RowAction::Stop => workbenches::stop(api, &id).await.map(drop),
                            RowAction::Start => workbenches::start(api, &id).await.map(drop),
                            RowAction::Delete => workbenches::delete(api, &id).await,
                        }
                    })
                    .await;
                match reply {
                    Ok(()) => {
                        if matches!(action, RowAction::Delete) {
                            ctx.deleted.try_update(|gone| gone.push(id.clone()));
                        }
                        if let Some(cb) = ctx.on_changed {
                            cb.try_run(());
                        }
                    }
                    // The buttons go (the backend lacks the calls); the note below says why.
                    Err(ApiError::Unsupported(_)) => {}
                    Err(e) => {
                        ctx.failure.try_set(Some((action.failure(&name), e)));
                    }
                }
            }
        })
    };
    let (stop, start, delete) = (
        request(RowAction::Stop),
        request(RowAction::Start),
        request(RowAction::Delete),
    );
    let pending = [stop.pending(), start.pending(), delete.pending()];
    let busy = crate::state::memo(move |_| pending.iter().any(|p| p.get()));
    // One confirmation at a time in the table.
    let confirming = crate::state::memo(move |_| {
        ctx.confirming
            .with(|c| id.with_value(|id| c.as_deref() == Some(id.as_str())))
    });
    // What the user may do with this session (CHORUS: per session, e.g. its creator).
    let may = move |perm: Perm| {
        let target = Target::workbench(&ctx.workspace_id.get(), &id.get_value());
        ctx.auth.can_in(perm, &target)
    };
    let may_update =
        crate::state::memo(move |_| ctx.stop_start.get() && may(Perm::UpdateWorkbench));
    let may_delete = crate::state::memo(move |_| may(Perm::DeleteWorkbench));
    // Which buttons show (memos: a button is not drawn again while it stays).
    let show_stop = crate::state::memo(move |_| {
        may_update.get() && wb.with(|w| w.as_ref().is_some_and(Workbench::can_stop))
    });
    let show_start = crate::state::memo(move |_| {
        may_update.get() && wb.with(|w| w.as_ref().is_some_and(Workbench::can_restart))
    });

    // Back to `Delete` after `Cancel` (the step replaced it).
    let delete_ref = NodeRef::<leptos::html::Button>::new();
    let refocus_delete = Kept::new(false);
    crate::state::effect(move |_| {
        if let Some(b) = delete_ref.get() {
            if refocus_delete.get_value() {
                refocus_delete.set_value(false);
                let _ = b.focus();
            }
        }
    });

    live(move || {
        if confirming.get() {
            view! {
                <ConfirmInline
                    layout=ConfirmLayout::Row("Confirm delete")
                    question=format!("Delete {}?", untrack(name))
                    confirm_label="Confirm"
                    busy=busy
                    on_confirm=Callback::new(move |_| {
                        ctx.confirming.set(None);
                        delete.dispatch_local(());
                    })
                    on_cancel=Callback::new(move |_| {
                        refocus_delete.set_value(true);
                        ctx.confirming.set(None);
                    })
                />
            }
            .into_any()
        } else {
            view! {
                <a class="btn btn-small" href=href>"Open"</a>
                {request_button(show_stop, "Stop", stop, busy)}
                {request_button(show_start, "Start", start, busy)}
                {live(move || {
                    may_delete
                        .get()
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-small btn-danger"
                                    disabled=move || busy.get()
                                    node_ref=delete_ref
                                    on:click=move |_| ctx.confirming.set(Some(id.get_value()))
                                >
                                    "Delete"
                                </button>
                            }
                        })
                })}
            }
            .into_any()
        }
    })
}

/// A button that sends `action`, drawn while `show` holds, disabled while the row is `busy`.
fn request_button(
    show: Derived<bool>,
    label: &'static str,
    action: Action<(), ()>,
    busy: Derived<bool>,
) -> impl IntoView {
    live(move || {
        show.get().then(|| {
            view! {
                <button
                    type="button"
                    class="btn btn-small"
                    disabled=move || busy.get()
                    on:click=move |_| {
                        action.dispatch_local(());
                    }
                >
                    {label}
                </button>
            }
        })
    })
}
