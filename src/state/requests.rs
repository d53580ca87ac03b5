//! How many data requests wait for the signed-in user's decision: the header's `Requests`
//! count (ui.md, "requests link") and the `To review` tab. On the one poll engine at the
//! notifications' rhythm (30 s while the tab is visible), at once when a request notification
//! arrives (`Notifications::requests_changed`) and after the user decided one
//! ([`Waiting::refresh`]). A backend without the service (404) is not asked again.
use leptos::prelude::*;

use crate::api::{requests as api, ApiClient};
use crate::domain::poll::{Outcome, PollPolicy, Readiness};
use crate::state::auth::{Auth, AuthStatus};
use crate::state::notifications::Notifications;
use crate::state::poll::{outcome_of_error, Poll};
use crate::state::Slot;

/// `Copy` handle, provided with the signed-in parts.
#[derive(Clone, Copy)]
pub struct Waiting {
    /// Requests waiting for the user's decision.
    pub count: Slot<u64>,
    /// `Some(false)`: the backend has no approval requests.
    pub supported: Slot<Option<bool>>,
    /// Bumped by [`Waiting::refresh`]: the poll looks again.
    again: Slot<u64>,
}

impl Waiting {
    /// Where the header's `Requests` link leads (tracks): `To review` while requests wait for
    /// the user's decision, where its count is (issue 47).
    pub fn link(self) -> &'static str {
        crate::domain::requests::requests_link(self.count.get())
    }

    /// Looks again now (after a decision; once the poll runs).
    pub fn refresh(self) {
        if self.supported.get_untracked() != Some(false) {
            self.again.update(|n| *n = n.wrapping_add(1));
        }
    }
}

/// Creates the count and provides it; called once by the app shell (the `app` chunk), before
/// any page shows. Its poll comes later: [`start_waiting`].
pub fn provide_waiting() -> Waiting {
    let w = Waiting {
        count: Slot::new(0),
        supported: Slot::new(None),
        again: Slot::new(0),
    };
    provide_context(w);
    w
}

/// Starts the poll of the count in context, which runs while a user is signed in; called once,
/// in the shell's owner, by the `chrome` chunk once a page has shown (issue 58: no page waits
/// for its code). Without a count in context (component tests), nothing.
pub fn start_waiting(api: ApiClient, auth: Auth) {
    let Some(Waiting {
        count,
        supported,
        again,
    }) = use_context::<Waiting>()
    else {
        return;
    };
    let cfg = crate::state::use_config();
    let interval = crate::state::notifications::INTERVAL_MS;
    let policy = PollPolicy::new(
        interval,
        PollPolicy::MAX_TIMEOUT_MS,
        u64::from(cfg.backoff_max_ms).max(interval * 4),
    );
    let poll = Poll::new(policy, move |_signal| async move {
        let me = auth
            .user
            .with_untracked(|u| u.as_ref().map(|u| u.id.clone()))
            .unwrap_or_default();
        if me.is_empty() {
            return Outcome::Status(Readiness::Waiting);
        }
        match api::waiting_count(api, &me).await {
            Ok(n) => {
                supported.try_set(Some(true));
                count.try_set(n);
                Outcome::Status(Readiness::Waiting)
            }
            Err(e) => {
                if e.means_missing_route() {
                    supported.try_set(Some(false));
                    return Outcome::Status(Readiness::Ready);
                }
                outcome_of_error(&e)
            }
        }
    });
    let signed_in = crate::state::memo(move |_| auth.status.with(|s| *s == AuthStatus::SignedIn));
    let notes = use_context::<Notifications>();
    crate::state::effect(move |_| {
        let _ = notes.map(|n| n.requests_changed());
        again.track();
        if signed_in.get() && supported.get_untracked() != Some(false) {
            poll.start();
        } else {
            poll.stop();
            count.set(0);
        }
    });
}

/// Marks read the user's unread notifications about request `id` (`… is pending your
/// approval.`) once it is answered (api.md, "Notifications"): CHORUS leaves them unread after
/// the decision. Fails soft: a notification left unread is no harm.
pub fn answer_notifications(api: ApiClient, id: String) {
    let notes = use_context::<Notifications>();
    if notes.is_some_and(|n| n.supported.get_untracked() == Some(false)) {
        return;
    }
    leptos::task::spawn_local(async move {
        let Ok(list) = crate::api::notifications::unread(api).await else {
            return;
        };
        let ids = crate::domain::requests::notifications_of(&list, &id);
        if ids.is_empty() {
            return;
        }
        match crate::api::notifications::mark_read(api, ids.clone(), false).await {
            Ok(()) => {
                if let Some(n) = notes {
                    n.shown.try_update(|s| s.retain(|x| !ids.contains(&x.id)));
                }
            }
            Err(e) => {
                leptos::logging::warn!("could not mark the request's notifications read: {e}")
            }
        }
    });
}
