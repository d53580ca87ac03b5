//! The signed-in user's workspaces for a view that needs them beside its own list (the home
//! page, all sessions, public workspaces): the activity store's list, loaded at sign-in, is
//! reused; only when it has nothing yet is the list asked for here (a request the store has in
//! flight is shared: two askers of the same GET share one reply).
use leptos::prelude::*;

use crate::api::{workspaces, ApiClient, ApiError};
use crate::components::loaded::Load;
use crate::domain::latest::Loadable;
use crate::domain::workspace::Workspace;
use crate::state::activity::Activity;
use crate::state::Slot;

/// The user's workspaces, loading or failed as [`Load`]: the store's list when it has one.
pub(crate) fn use_my_workspaces() -> Signal<Load<Vec<Workspace>>> {
    let activity = Activity::use_activity();
    let api = ApiClient::use_client();
    let own = Slot::new(None::<Result<Vec<Workspace>, ApiError>>);
    let ask = move || {
        leptos::task::spawn_local(async move {
            let got = workspaces::list(api).await;
            own.try_set(Some(got));
        });
    };
    if activity
        .workspaces
        .with_untracked(|w| !matches!(w, Some(Ok(_))))
    {
        ask();
    }
    Signal::derive(move || {
        let store = activity.workspaces.get();
        match store {
            Some(Ok(list)) => Loadable::Ready {
                value: list,
                stale: None,
            },
            _ => Loadable::from_result(own.get()),
        }
    })
}

/// Workspace id → name shown, from a list.
pub(crate) fn names_of(list: &[Workspace]) -> std::collections::HashMap<String, String> {
    list.iter()
        .map(|w| (w.id.clone(), w.display_name()))
        .collect()
}
