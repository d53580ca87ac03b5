//! The terms-of-use gate (ui.md, "terms"; api.md, "Terms-of-use service"): after sign-in, while
//! the published version is not accepted, every signed-in route shows the terms instead, and
//! nothing else of the console is fetched (the signed-in stores are made, and their feeds
//! start, when the gate first opens).
//! CHORUS blocks nothing itself: the console does.
//!
//! The status is asked once per sign-in, then again at a navigation when the last answer is
//! older than [`RECHECK_MS`] (a version published while someone works reaches them at their next
//! navigation). A backend without the service (404) is not gated; a later check that fails
//! keeps the gate as it was.
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::domain::terms::{acceptance_memo, acceptance_remembered};
use crate::state::auth::{Auth, AuthStatus};
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::storage::{self, Store};
use crate::state::{Kept, Slot};

/// How old the last answer may be before a navigation asks again.
pub const RECHECK_MS: f64 = 30_000.0;

/// Where the gate stands.
#[derive(Clone, Debug, PartialEq)]
pub enum GateState {
    /// Not asked yet, or being asked for the first time since sign-in.
    Checking,
    /// Accepted, nothing to accept, or a backend without the service.
    Open,
    /// A published version waits for the user's acceptance.
    Closed,
    /// The first check failed: the console cannot say whether the terms were accepted.
    Failed(ApiError),
}

/// The gate, an app-level context provided by the `app` chunk.
#[derive(Clone, Copy)]
pub struct TermsGate {
    pub state: Slot<GateState>,
    /// The signed-in stores were made (once, when the gate first opens).
    pub started: Slot<bool>,
    checked_at: Kept<Option<f64>>,
    /// A check is on its way (tracked: `/terms` says "accepted" only once its own check is in).
    in_flight: Slot<bool>,
    /// Bumped at every sign-in and sign-out: an answer of an older one changes nothing.
    generation: Kept<u64>,
    api: ApiClient,
    auth: Auth,
}

impl TermsGate {
    /// The gate, when provided (component tests may mount pages without it).
    pub fn use_gate() -> Option<Self> {
        use_context::<Self>()
    }

    /// Whether the signed-in console may show (tracked): the gate is open and the stores whose
    /// feeds it holds back are made.
    pub fn is_open(self) -> bool {
        self.state.with(|s| *s == GateState::Open) && self.started.get()
    }

    /// Asks the backend now (a first check shows `Checking`; a later one keeps what is shown).
    pub fn check(self) {
        self.check_after(0.0);
    }

    /// Whether a check is on its way (tracked).
    pub fn checking(self) -> bool {
        self.in_flight.get()
    }

    /// Asks again past CHORUS's one-second cache of "my status", which this gate's last check
    /// filled (an acceptance or a publish does not clear it): waits what is left of that
    /// second first; [`Self::checking`] holds meanwhile.
    pub fn check_past_cache(self) {
        let wait = self.checked_at.get_value().map_or(0.0, |at| {
            at + PAST_CHORUS_CACHE.as_millis() as f64 - crate::state::now_ms()
        });
        self.check_after(wait);
    }

    /// Asks the backend after `wait_ms` (none when it is not positive); one check at a time.
    fn check_after(self, wait_ms: f64) {
        if self.in_flight.get_untracked() {
            return;
        }
        self.in_flight.set(true);
        let generation = self.generation.get_value();
        let api = self.api;
        let me = self
            .auth
            .user
            .try_with_untracked(|u| u.as_ref().map(|u| u.id.clone()))
            .flatten();
        leptos::task::spawn_local(async move {
            if wait_ms > 0.0 {
                crate::state::timer::sleep(std::time::Duration::from_millis(wait_ms as u64)).await;
                // Signed out (or in again) meanwhile: the sign-in's own check asks.
                if self.generation.try_get_value() != Some(generation) {
                    return;
                }
            }
            let answer = status(api, me.as_deref()).await;
            // An older sign-in's answer: the new one reset the flag and may have a check of
            // its own on the way, which this must not say has ended.
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            let _ = self.in_flight.try_set(false);
            let _ = self.checked_at.try_set_value(Some(crate::state::now_ms()));
            let first = self
                .state
                .try_with_untracked(|s| matches!(s, GateState::Checking | GateState::Failed(_)))
                .unwrap_or(false);
            let next = match answer {
                Ok(true) => GateState::Open,
                Ok(false) => GateState::Closed,
                Err(e) if first => GateState::Failed(e),
                // A later check that fails keeps the gate as it was.
                Err(_) => return,
            };
            if self
                .state
                .try_with_untracked(|s| *s != next)
                .unwrap_or(false)
            {
                self.state.try_set(next);
            }
        });
    }

    /// At a navigation: asks again when the last answer is older than [`RECHECK_MS`].
    pub fn recheck_if_stale(self) {
        let Some(at) = self.checked_at.try_get_value().flatten() else {
            return;
        };
        if crate::state::now_ms() - at >= RECHECK_MS {
            self.check();
        }
    }

    /// The user accepted the published version (`version_id`, as the backend's reply says): the
    /// gate opens, and this browser remembers it (see [`status`]).
    pub fn accepted_version(self, user_id: &str, version_id: &str) {
        if !user_id.is_empty() && !version_id.is_empty() {
            storage::set(
                Store::Local,
                ACCEPTED_KEY,
                &acceptance_memo(user_id, version_id, crate::state::now_ms()),
            );
        }
        self.accepted();
    }

    /// The user accepted the published version: the gate opens.
    pub fn accepted(self) {
        let _ = self.checked_at.try_set_value(Some(crate::state::now_ms()));
        self.state.try_set(GateState::Open);
    }
}

/// Where this browser keeps the last acceptance it made
/// ([`crate::domain::terms::acceptance_memo`]: user, version and when).
const ACCEPTED_KEY: &str = "console.termsAccepted";

/// Open (`true`) or closed: accepted, or nothing to accept (no published version, or no
/// terms service at all: a 404). CHORUS keeps "my status" a second in a cache that an
/// acceptance does not clear (0978bc77, `terms-of-use/service/middleware/caching.go`): a page
/// loaded right after `Accept` would be told "not accepted" and ask again, and the second
/// acceptance fails (500, one per version). So a `false` for the version this browser saw
/// `me` accept counts as accepted for a few seconds after the acceptance
/// ([`crate::domain::terms::ACCEPTANCE_BRIDGE_MS`]); after that the backend's word counts.
async fn status(api: ApiClient, me: Option<&str>) -> Result<bool, ApiError> {
    match crate::api::terms::accepted(api).await {
        Ok(true) => Ok(true),
        // `false` also when no version is published: then there is nothing to accept.
        Ok(false) => {
            let current = crate::api::terms::current(api).await?;
            let kept = storage::get(Store::Local, ACCEPTED_KEY);
            Ok(match (current, me) {
                (None, _) => true,
                (Some(v), Some(me)) => kept
                    .is_some_and(|k| acceptance_remembered(&k, me, &v.id, crate::state::now_ms())),
                (Some(_), None) => false,
            })
        }
        Err(e) if e.status() == Some(404) => Ok(true),
        Err(e) => Err(e),
    }
}

/// Provides the gate in the current owner (the shell's) and follows the sign-in: checked at
/// every sign-in, reset at sign-out. `start` runs once, in this owner, when the gate first
/// opens (the signed-in stores; their feeds, which come with the `chrome` chunk, wait for the
/// gate too: nothing else is fetched before).
pub fn provide_terms_gate(api: ApiClient, auth: Auth, start: fn(ApiClient, Auth)) -> TermsGate {
    let gate = TermsGate {
        state: Slot::new(GateState::Checking),
        started: Slot::new(false),
        checked_at: Kept::new(None),
        in_flight: Slot::new(false),
        generation: Kept::new(0),
        api,
        auth,
    };
    provide_context(gate);
    let owner = Owner::current();
    crate::state::effect(move |prev: Option<bool>| {
        let signed_in = auth.status.get() == AuthStatus::SignedIn;
        if prev != Some(signed_in) {
            gate.generation.update_value(|g| *g = g.wrapping_add(1));
            gate.in_flight.set(false);
            gate.checked_at.set_value(None);
            gate.state.set(GateState::Checking);
            if signed_in {
                gate.check();
            }
        }
        signed_in
    });
    crate::state::effect(move |_| {
        if gate.state.with(|s| *s == GateState::Open) && !gate.started.get_untracked() {
            match &owner {
                Some(o) => o.with(|| start(api, auth)),
                None => start(api, auth),
            }
            gate.started.set(true);
        }
    });
    gate
}
