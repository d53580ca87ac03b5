//! CHORUS's terms of use (api.md "Terms-of-use service", `pkg/terms-of-use`): versions (draft,
//! published, archived; one published at a time) and who accepted which. The routes are in
//! `routes/terms.rs`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VersionStatus {
    Draft,
    Published,
    Archived,
}

impl VersionStatus {
    pub fn wire(self) -> &'static str {
        match self {
            VersionStatus::Draft => "TERMS_OF_USE_VERSION_STATUS_DRAFT",
            VersionStatus::Published => "TERMS_OF_USE_VERSION_STATUS_PUBLISHED",
            VersionStatus::Archived => "TERMS_OF_USE_VERSION_STATUS_ARCHIVED",
        }
    }

    /// The model's value (the sort column `status`).
    pub fn model(self) -> &'static str {
        match self {
            VersionStatus::Draft => "draft",
            VersionStatus::Published => "published",
            VersionStatus::Archived => "archived",
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Version {
    pub id: u64,
    pub content: String,
    pub status: VersionStatus,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
}

#[derive(Clone, Debug)]
pub(crate) struct Acceptance {
    pub id: u64,
    pub user_id: u64,
    pub version_id: u64,
    pub accepted_at: SystemTime,
}

#[derive(Debug, Default)]
pub(crate) struct Terms {
    pub versions: BTreeMap<u64, Version>,
    pub acceptances: Vec<Acceptance>,
    next_version: u64,
    next_acceptance: u64,
    /// CHORUS's cache of "my status" (chorus flavor): the answer per user and when it was
    /// worked out, kept [`STATUS_CACHE`] and not cleared by an acceptance.
    pub status_cache: std::collections::HashMap<u64, (bool, std::time::Instant)>,
}

/// How long CHORUS (0978bc77, `terms-of-use/service/middleware/caching.go`,
/// `shortCacheExpiration`) keeps a user's terms status.
pub(crate) const STATUS_CACHE: std::time::Duration = std::time::Duration::from_secs(1);

/// The demo's published terms: a heading, a list, emphasis and a link.
pub(crate) const SEED_TERMS: &str = "# Terms of use of the research workspace\n\n\
By using this platform you agree to the following rules:\n\n\
- Use the data only for the *approved* research project.\n\
- Never take personal data out of a workspace without an **approved** data request.\n\
- Report any incident to the data protection office at once.\n\n\
Read the full [data protection policy](https://example.org/data-protection) before you start.\n";

/// When the demo's terms were published (2025-01-06T09:00:00Z).
pub(crate) fn seed_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_736_154_000)
}

impl Terms {
    /// The demo: version 1 published, accepted by every user in `users` when `accepted`.
    pub fn seeded(users: &[u64], accepted: bool) -> Terms {
        let mut t = Terms {
            next_version: 1,
            next_acceptance: 1,
            ..Terms::default()
        };
        let at = seed_time();
        let id = t.create(SEED_TERMS.to_string(), at);
        t.publish(id, at);
        if accepted {
            t.accept_all(users, at);
        }
        t
    }

    pub fn create(&mut self, content: String, at: SystemTime) -> u64 {
        let id = self.next_version.max(1);
        self.next_version = id + 1;
        self.versions.insert(
            id,
            Version {
                id,
                content,
                status: VersionStatus::Draft,
                created_at: at,
                updated_at: at,
            },
        );
        id
    }

    /// Archives the published version (if any), then publishes `id`; `false` when it is not there.
    pub fn publish(&mut self, id: u64, at: SystemTime) -> bool {
        if !self.versions.contains_key(&id) {
            return false;
        }
        for v in self.versions.values_mut() {
            if v.status == VersionStatus::Published && v.id != id {
                v.status = VersionStatus::Archived;
                v.updated_at = at;
            }
        }
        if let Some(v) = self.versions.get_mut(&id) {
            v.status = VersionStatus::Published;
            v.updated_at = at;
        }
        true
    }

    pub fn current(&self) -> Option<&Version> {
        self.versions
            .values()
            .find(|v| v.status == VersionStatus::Published)
    }

    pub fn has_accepted(&self, user: u64, version: u64) -> bool {
        self.acceptances
            .iter()
            .any(|a| a.user_id == user && a.version_id == version)
    }

    /// Whether `user` accepted the published version.
    pub fn accepted_current(&self, user: u64) -> bool {
        self.current()
            .is_some_and(|v| self.has_accepted(user, v.id))
    }

    /// A new acceptance of `version` by `user` (the caller checked it is new).
    pub fn accept(&mut self, user: u64, version: u64, at: SystemTime) -> Acceptance {
        let id = self.next_acceptance.max(1);
        self.next_acceptance = id + 1;
        let a = Acceptance {
            id,
            user_id: user,
            version_id: version,
            accepted_at: at,
        };
        self.acceptances.push(a.clone());
        a
    }

    /// Every one of `users` accepts the published version (those who have not yet).
    pub fn accept_all(&mut self, users: &[u64], at: SystemTime) {
        let Some(current) = self.current().map(|v| v.id) else {
            return;
        };
        for u in users {
            if !self.has_accepted(*u, current) {
                self.accept(*u, current, at);
            }
        }
    }

    /// Nobody has accepted the published version any more.
    pub fn forget_current(&mut self) {
        if let Some(current) = self.current().map(|v| v.id) {
            self.acceptances.retain(|a| a.version_id != current);
        }
    }
}

impl super::Store {
    /// The terms (version 1 published, accepted by every user) and the audit log's demo
    /// entries; `AppState::seed_trust` then applies `--terms-required`.
    pub(super) fn seed_trust(&mut self) {
        let ids: Vec<u64> = self.users.keys().copied().collect();
        self.terms = Terms::seeded(&ids, true);
        let names = self
            .users
            .values()
            .map(|u| (u.id, u.username.clone()))
            .collect();
        self.audit = super::audit::AuditLog::seeded(&names);
    }
}
