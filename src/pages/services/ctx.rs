//! What the services page shares with its parts ([`Ctx`]): the workspace, the live list, what
//! the last change said, and who may do what here.
use leptos::prelude::*;

use crate::api::{services, ApiClient, ApiError};
use crate::domain::permissions::{Perm, Target};
use crate::domain::poll::{PollPolicy, Readiness};
use crate::domain::services::{any_transient, Change, Service};
use crate::domain::three_way::{merge, JsonObject, Merge, Pending};
use crate::state::auth::Auth;
use crate::state::poll::Poll;
use crate::state::Slot;
use crate::state::{use_config, Kept};

/// What the services view shares with its parts.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) api: ApiClient,
    pub(super) auth: Auth,
    pub(super) ws: Kept<String>,
    /// The list, on the one poll engine.
    pub(super) poll: Poll<Readiness, Vec<Service>>,
    /// What the last change did, in words (`role="status"`).
    pub(super) said: Slot<Option<String>>,
    /// Why the last change failed.
    pub(super) failed: Slot<Option<(String, ApiError)>>,
}

impl Ctx {
    /// The page's context, its list polled at once: every `pollIntervalMs` (with jitter) while
    /// a service is on its way (starting, stopping, deleting, not reported yet), backing off on
    /// errors, paused while the tab is hidden, stopped when none is or the page goes.
    pub(super) fn start(workspace_id: String) -> Self {
        let api = ApiClient::use_client();
        let cfg = use_config();
        // No deadline: the page follows its services for as long as it is shown.
        let policy = PollPolicy::new(
            u64::from(cfg.poll_interval_ms),
            PollPolicy::MAX_TIMEOUT_MS,
            u64::from(cfg.backoff_max_ms),
        );
        let ws = Kept::new(workspace_id);
        let poll = Poll::fetching(
            policy,
            move |signal| {
                let ws = ws.try_get_value().unwrap_or_default();
                async move { services::list(api, &ws, signal.as_ref()).await }
            },
            |rows: &Vec<Service>| {
                if any_transient(rows) {
                    Readiness::Waiting
                } else {
                    Readiness::Ready
                }
            },
        );
        poll.start();
        Self {
            api,
            auth: Auth::use_auth(),
            ws,
            poll,
            said: Slot::new(None),
            failed: Slot::new(None),
        }
    }

    /// The workspace's id; `""` once the page is gone.
    pub(super) fn ws(self) -> String {
        self.ws.try_get_value().unwrap_or_default()
    }

    /// Whether the user may `perm` in this workspace (false until the permissions are known).
    pub(super) fn may(self, perm: Perm) -> bool {
        self.auth.can_in(perm, &Target::workspace(&self.ws()))
    }

    /// The names of the services here (a new one must differ; a deleting one still counts:
    /// CHORUS keeps its row until the cluster reports).
    pub(super) fn taken(self) -> Vec<String> {
        self.poll
            .latest()
            .with_untracked(|l| {
                l.value()
                    .map(|r| r.iter().map(|s| s.name.clone()).collect())
            })
            .flatten()
            .unwrap_or_default()
    }

    /// Sends `change` for `service`, read once more just before (CHORUS replaces the whole
    /// row: what changed since the last poll, another admin's values or the operator's
    /// `computedValues`, is kept), then follows the list again.
    pub(super) async fn change(self, service: Service, change: Change, done: String) -> bool {
        self.failed.try_set(None);
        match self.fresh(service).await {
            Some(fresh) => self.send(fresh, change, done).await,
            None => false,
        }
    }

    /// The values `mine` (the form) over the service read once more, compared with `base` (the
    /// values the form opened on) key by key (`domain::three_way`): the keys changed here on
    /// top of what is stored now; keys another changed too are held back for the user's choice
    /// (`Err`), nothing sent. Values that are not an object are sent as typed.
    pub(super) async fn save_values(
        self,
        service: Service,
        base: String,
        mine: String,
        done: String,
    ) -> Result<bool, Box<Pending<JsonObject>>> {
        self.failed.try_set(None);
        let Some(fresh) = self.fresh(service).await else {
            return Ok(false);
        };
        let parsed = (
            JsonObject::parse(&base),
            JsonObject::parse(&mine),
            JsonObject::parse(&fresh.values_json),
        );
        let values = match parsed {
            // Nothing of another's to keep: the text as typed.
            (Some(b), Some(m), Some(t)) => match merge(&b, &m, &t) {
                Merge::Send(v) if v == m => mine,
                Merge::Send(v) => v.text(),
                Merge::Conflicts(p) => return Err(Box::new(p)),
            },
            _ => mine,
        };
        Ok(self.send(fresh, Change::Values(values), done).await)
    }

    /// The service as stored now (`None`: it could not be read, said).
    async fn fresh(self, service: Service) -> Option<Service> {
        match services::get(self.api, &service.id).await {
            Ok(fresh) => Some(fresh.unwrap_or(service)),
            Err(e) => {
                self.fail("Could not read the service again before changing it", e);
                None
            }
        }
    }

    async fn send(self, service: Service, change: Change, done: String) -> bool {
        match services::update(self.api, &service, &change).await {
            Ok(_) => {
                self.said.try_set(Some(done));
                self.poll.start();
                true
            }
            Err(e) => {
                let what = match change {
                    Change::State("Stopped") => "Could not stop the service",
                    Change::State(_) => "Could not start the service",
                    Change::Values(_) => "Could not save the parameters",
                };
                self.fail(what, e);
                false
            }
        }
    }

    pub(super) fn fail(self, what: &str, e: ApiError) {
        self.said.try_set(None);
        self.failed.try_set(Some((what.to_owned(), e)));
    }
}
