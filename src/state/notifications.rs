//! The signed-in user's notifications (api.md, "Notifications"), on the one poll engine: the
//! unread count every 30 s while the tab is visible (at once when it becomes visible again), the
//! list only when the count changed (as CHORUS's own UI does). A `refreshJWTRequired`
//! notification means that someone changed the user's roles, so the console refreshes the login
//! once (however many asked, and once per notification: it remembers those it refreshed for;
//! a second after the list came, past CHORUS's user cache, which would give the old roles),
//! reloads the user ([`Auth::refresh`]) and tells the views whose data the roles decide
//! ([`Notifications::roles_changed`]: the workspace list). The generic ones are then marked
//! read; those whose message names a role in a workspace or session are listed in words with a
//! link (`domain::notification::RoleGrant`) and marked read once the person has opened the list
//! ([`Notifications::list_opened`]). A backend without the routes (404) has no bell and is not
//! asked again. Marks made here ([`Notifications::mark_read`], [`Notifications::mark_all_read`])
//! hold over the backend's cached replies until it agrees (`domain::inbox::Marks`), and `Mark
//! all read` refreshes the login first for a role change it would otherwise swallow.
use leptos::prelude::*;

use crate::api::{notifications as api, ApiClient};
use crate::domain::inbox::{self, MarkAll, Marks};
use crate::domain::notification::{Inbox, Notification};
use crate::domain::poll::{Outcome, PollPolicy, Readiness};
use crate::state::auth::{Auth, AuthStatus};
use crate::state::poll::{outcome_of_error, Poll};
use crate::state::{Kept, Slot};

/// The rhythm of CHORUS's own UI.
pub(crate) const INTERVAL_MS: u64 = 30_000;

/// `Copy` handle, provided by the app shell.
#[derive(Clone, Copy)]
pub struct Notifications {
    /// `Some(true)` once the backend answered the count; `Some(false)`: it has no such routes.
    pub supported: Slot<Option<bool>>,
    /// Unread notifications for the user's eyes.
    pub shown: Slot<Vec<Notification>>,
    /// Bumped after the login was refreshed because the user's roles changed (tracked by the
    /// views that load what the roles decide).
    pub roles_epoch: Slot<u64>,
    /// Bumped when a data request notification arrives (a new request, a decision): the
    /// request views and the header's count look again.
    pub requests_epoch: Slot<u64>,
    /// Marks made in this app, kept over the backend's cached replies (`/messages` reads them).
    pub marks: Slot<Marks>,
    /// The unread count of the last look (`None`: list again at the next one).
    last_count: Slot<Option<u64>>,
    refreshed: Refreshed,
    auth: Auth,
    api: ApiClient,
}

/// The role notifications the login was already refreshed for (one refresh per notification,
/// remembered across loads and tabs of this browser: those left unread until the person opens
/// the list must not renew the login at every page load).
type Refreshed = Kept<Vec<String>>;

/// Where [`Refreshed`] is kept (`localStorage`; ids only, never a token).
const REFRESHED_KEY: &str = "console.refreshedFor";

/// The ids kept under [`REFRESHED_KEY`].
fn recall_refreshed() -> Vec<String> {
    crate::state::storage::get(crate::state::storage::Store::Local, REFRESHED_KEY)
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty() && s.len() <= 64)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Keeps `ids` under [`REFRESHED_KEY`].
fn keep_refreshed(ids: &[String]) {
    crate::state::storage::set(
        crate::state::storage::Store::Local,
        REFRESHED_KEY,
        &ids.join(","),
    );
}

impl Notifications {
    /// The app's notifications (a view without them is a bug).
    pub fn use_notifications() -> Self {
        expect_context::<Notifications>()
    }

    /// Tracks the roles epoch (for a resource that must reload when the roles change).
    pub fn roles_changed(self) -> u64 {
        self.roles_epoch.get()
    }

    /// Tracks the requests epoch (for what must look again when a request notification comes).
    pub fn requests_changed(self) -> u64 {
        self.requests_epoch.get()
    }

    /// The person opened the list: the role notifications in it are marked read (they were
    /// acted on already); the next look lists again.
    pub fn list_opened(self) {
        let ids: Vec<String> = self.shown.with_untracked(|s| {
            s.iter()
                .filter(|n| n.refresh_jwt)
                .map(|n| n.id.clone())
                .collect()
        });
        if ids.is_empty() {
            return;
        }
        let (api, last_count) = (self.api, self.last_count);
        leptos::task::spawn_local(async move {
            match api::mark_read(api, ids, false).await {
                Ok(()) => {
                    last_count.try_set(None);
                }
                Err(e) => leptos::logging::warn!("could not mark the role notifications read: {e}"),
            }
        });
    }

    /// Marks these notifications read; the marks hold over a cached reply.
    pub async fn mark_read(self, ids: Vec<String>) -> Result<(), crate::api::ApiError> {
        api::mark_read(self.api, ids.clone(), false).await?;
        self.shown
            .try_update(|s| s.retain(|n| !ids.contains(&n.id)));
        self.marks.try_update(|m| m.mark(ids));
        self.last_count.try_set(None);
        Ok(())
    }

    /// Marks every notification read (`Mark all read`). CHORUS's `markAll` marks the system
    /// notifications too: one the login was not yet refreshed for is acted on first (and when
    /// that refresh fails, only the other ones are sent, by id).
    pub async fn mark_all_read(self) -> Result<(), crate::api::ApiError> {
        let (unread, _) = api::page(self.api, true, 0, inbox::SEARCH_LIMIT).await?;
        let pending = inbox::pending_refresh(&unread, &self.refreshed.with_value(Clone::clone));
        let mut refreshed_now = false;
        if !pending.is_empty() {
            match self.auth.refresh().await {
                Ok(()) => {
                    refreshed_now = true;
                    remember_refreshed(self.refreshed, &pending);
                    self.roles_epoch.try_update(|n| *n += 1);
                    // CHORUS renews the token from its one-second user cache: a role given a
                    // moment ago may be missing from it. Once more past the cache (seen on a
                    // running CHORUS: the workspace given just before `Mark all read` was absent).
                    let (auth, epoch) = (self.auth, self.roles_epoch);
                    leptos::task::spawn_local(async move {
                        crate::state::new_session::past_user_cache().await;
                        if auth.refresh().await.is_ok() {
                            epoch.try_update(|n| *n += 1);
                        }
                    });
                }
                Err(e) => {
                    leptos::logging::warn!("could not refresh the login after a role change: {e}")
                }
            }
        }
        let newest = inbox::newest_ms(&unread);
        match inbox::mark_all_body(&unread, &pending, refreshed_now) {
            MarkAll::Everything => {
                api::mark_read(self.api, Vec::new(), true).await?;
                let ids = unread.into_iter().map(|n| n.id);
                self.marks.try_update(|m| m.mark_all(newest, ids));
                self.shown.try_set(Vec::new());
            }
            MarkAll::Only(ids) => self.mark_read(ids).await?,
        }
        // CHORUS's count may lag behind: list again at the next look whatever it says.
        self.last_count.try_set(None);
        Ok(())
    }
}

/// Remembers that the login was refreshed for `ids` (the newest 200 kept).
fn remember_refreshed(refreshed: Refreshed, ids: &[String]) {
    refreshed.update_value(|r| {
        for id in ids {
            if !r.contains(id) {
                r.push(id.clone());
            }
        }
        let extra = r.len().saturating_sub(200);
        r.drain(..extra);
        keep_refreshed(r);
    });
}

/// The roles epoch, the requests epoch, and the request notifications seen.
type Epochs = (Slot<u64>, Slot<u64>, Kept<Vec<String>>);

/// One look: the count; the list when it changed; the refresh the roles ask for.
async fn look(
    api: ApiClient,
    auth: Auth,
    supported: Slot<Option<bool>>,
    shown: Slot<Vec<Notification>>,
    last_count: Slot<Option<u64>>,
    (refreshed, marks): (Refreshed, Slot<Marks>),
    epochs: Epochs,
) -> Outcome<Readiness> {
    let (epoch, requests_epoch, seen) = epochs;
    let count = match api::count(api).await {
        Ok(c) => c,
        Err(e) => {
            if e.means_missing_route() {
                supported.try_set(Some(false));
            }
            return outcome_of_error(&e);
        }
    };
    supported.try_set(Some(true));
    if last_count.try_get_untracked().flatten() == Some(count) {
        return Outcome::Status(Readiness::Waiting);
    }
    let mut list = match api::unread(api).await {
        Ok(l) => l,
        Err(e) => return outcome_of_error(&e),
    };
    // A reply from CHORUS's 2-s cache must not undo a mark made here.
    marks.try_update(|m| m.apply(&mut list));
    let inbox = Inbox::of(list);
    // A request notification not seen before: a request changed (or came) for this user.
    let about_requests: Vec<String> = inbox
        .shown
        .iter()
        .filter(|n| n.request_id.is_some())
        .map(|n| n.id.clone())
        .collect();
    let new_request_news = about_requests
        .iter()
        .any(|id| !seen.with_value(|s| s.contains(id)));
    if new_request_news {
        seen.set_value(about_requests);
        requests_epoch.try_update(|n| *n += 1);
    }
    shown.try_set(inbox.shown.clone());
    last_count.try_set(Some(count));
    let new_ones = inbox
        .refresh_ids
        .iter()
        .any(|id| !refreshed.with_value(|r| r.contains(id)));
    if new_ones {
        // CHORUS renews the token from its user cache, a copy of the user up to a second old:
        // a renewal just before the role was given (the page load's) filled it, and a refresh
        // now would carry the roles without the new one, for good (the notification is then
        // remembered as acted on; CI saw the workspace never come). The notification was made
        // before its list came back: from a cache's life after that, the roles are read as
        // they are. One refresh, a second later.
        crate::state::new_session::past_user_cache().await;
        match auth.refresh().await {
            Ok(()) => {
                epoch.try_update(|n| *n += 1);
                remember_refreshed(refreshed, &inbox.refresh_ids);
                if !inbox.read_after_refresh.is_empty() {
                    if let Err(e) = api::mark_read(api, inbox.read_after_refresh, false).await {
                        leptos::logging::warn!("could not mark the role notifications read: {e}");
                    }
                    // The count went down: list again at the next look.
                    last_count.try_set(None);
                }
            }
            Err(e) => {
                leptos::logging::warn!("could not refresh the login after a role change: {e}");
                last_count.try_set(None);
            }
        }
    }
    Outcome::Status(Readiness::Waiting)
}

/// Creates the notifications and provides them; called once by the app shell (the `app`
/// chunk), before any page shows. Their poll comes later: [`start_notifications`].
pub fn provide_notifications(api: ApiClient, auth: Auth) -> Notifications {
    let n = Notifications {
        supported: Slot::new(None),
        shown: Slot::new(Vec::new()),
        roles_epoch: Slot::new(0),
        requests_epoch: Slot::new(0),
        marks: Slot::new(Marks::default()),
        last_count: Slot::new(None),
        refreshed: Kept::new(recall_refreshed()),
        auth,
        api,
    };
    provide_context(n);
    n
}

/// Starts the poll of the notifications in context, which runs while a user is signed in;
/// called once, in the shell's owner, by the `chrome` chunk once a page has shown (issue 58: no
/// page waits for its code). Without notifications in context (component tests), nothing.
pub fn start_notifications() {
    let Some(n) = use_context::<Notifications>() else {
        return;
    };
    let Notifications {
        supported,
        shown,
        roles_epoch,
        requests_epoch,
        marks,
        last_count,
        refreshed,
        auth,
        api,
    } = n;
    let seen_requests = Kept::new(Vec::<String>::new());
    let cfg = crate::state::use_config();
    let policy = PollPolicy::new(
        INTERVAL_MS,
        PollPolicy::MAX_TIMEOUT_MS,
        u64::from(cfg.backoff_max_ms).max(INTERVAL_MS * 4),
    );
    let poll = Poll::new(policy, move |_signal| {
        look(
            api,
            auth,
            supported,
            shown,
            last_count,
            (refreshed, marks),
            (roles_epoch, requests_epoch, seen_requests),
        )
    });
    // Only a change of signed in / out counts: the refresh above sets the status again.
    let signed_in = crate::state::memo(move |_| auth.status.with(|s| *s == AuthStatus::SignedIn));
    crate::state::effect(move |_| {
        if signed_in.get() && supported.get_untracked() != Some(false) {
            last_count.set(None);
            poll.start();
        } else {
            poll.stop();
            shown.set(Vec::new());
            marks.set(Marks::default());
        }
    });
}
