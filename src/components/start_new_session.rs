//! `Start new session` for a failed session the backend cannot start again (CHORUS: no
//! `…/start`, and the failed session's record is deleted): a new session of the same name in the
//! same workspace, then its page.
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::ApiClient;
use crate::components::local_action;
use crate::domain::permissions::{Perm, Target};
use crate::routes::session_href;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::new_session::start_new_session;
use crate::state::workbench_status::WorkbenchStatus;
use crate::state::Slot;

/// `Start new session` for a failed session: a new session of the same name in the same
/// workspace, then its page. Offered only to users who may start sessions there; a failure is
/// the overlay's action error.
/// What the overlay needs of `Start new session`.
#[derive(Clone, Copy)]
pub(crate) struct StartNew {
    /// The action, offered when the user may start a session in the workspace.
    pub(crate) offer: Signal<Option<Callback<()>>>,
    /// The request is under way.
    pub(crate) pending: Signal<bool>,
    /// The last attempt failed, in words.
    pub(crate) error: Signal<Option<String>>,
    /// `Delete session`, offered to who may delete this one (a session CHORUS never started:
    /// it cannot be started again, only replaced and removed).
    pub(crate) delete: Signal<Option<Callback<()>>>,
    /// The delete is under way.
    pub(crate) deleting: Signal<bool>,
}

pub(crate) fn use_start_new_session(status: WorkbenchStatus) -> StartNew {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let desktops = crate::state::desktops::Desktops::use_desktops();
    let navigate = use_navigate();
    let failure = Slot::new(None::<String>);
    let action = local_action(move |_: &()| {
        let wb = status.workbench.get_untracked();
        let navigate = navigate.clone();
        async move {
            let Some(wb) = wb else { return };
            failure.try_set(None);
            match start_new_session(
                api,
                activity,
                auth,
                desktops,
                &wb.tenant_id,
                &wb.workspace_id,
                &wb.display_name(),
            )
            .await
            {
                Ok(new) => navigate(&session_href(&wb.workspace_id, &new.id), Default::default()),
                Err(e) => {
                    failure.try_set(Some(format!(
                        "Could not start a new session. {}",
                        e.words()
                    )));
                }
            }
        }
    });
    // The platform's session limit: at it, no offer, and the words say why.
    let limit = crate::components::create_limit::use_session_limit();
    let offer = Signal::derive(move || {
        if limit.with(Option::is_some) {
            return None;
        }
        status.workbench.with(|w| {
            w.as_ref()
                .filter(|w| auth.can_in(Perm::CreateWorkbench, &Target::workspace(&w.workspace_id)))
                .map(|_| {
                    Callback::new(move |_: ()| {
                        action.dispatch_local(());
                    })
                })
        })
    });
    let navigate = use_navigate();
    let remove = local_action(move |_: &()| {
        let wb = status.workbench.get_untracked();
        let navigate = navigate.clone();
        async move {
            let Some(wb) = wb else { return };
            failure.try_set(None);
            let reply = activity
                .track(
                    "Deleting session…",
                    crate::api::workbenches::delete(api, &wb.id),
                )
                .await;
            match reply {
                Ok(()) => {
                    if let Some(d) = desktops {
                        d.drop_session(&wb.id);
                    }
                    navigate(
                        &crate::routes::workspace_href(&wb.workspace_id),
                        Default::default(),
                    );
                }
                Err(e) => {
                    failure.try_set(Some(format!("Could not delete the session. {}", e.words())));
                }
            }
        }
    });
    let delete = Signal::derive(move || {
        status.workbench.with(|w| {
            w.as_ref()
                .filter(|w| {
                    auth.can_in(
                        Perm::DeleteWorkbench,
                        &Target::workbench(&w.workspace_id, &w.id),
                    )
                })
                .map(|_| {
                    Callback::new(move |_: ()| {
                        remove.dispatch_local(());
                    })
                })
        })
    });
    StartNew {
        offer,
        pending: action.pending().into(),
        error: Signal::derive(move || failure.get().or_else(|| limit.get())),
        delete,
        deleting: remove.pending().into(),
    }
}
