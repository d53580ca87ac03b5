//! CHORUS's platform settings (api.md §4a, `pkg/platform-settings/**` at 0978bc77): one record
//! of the tenant, the zero record until the first put, which replaces every field; and, in the
//! chorus flavor, CHORUS's five-second cache of the read, which a put does not clear
//! (`fixtures/chorus/platform_settings.json`). Kept in the [`Store`](super::Store), so
//! `/api/dev/reset` forgets both.

use std::time::{Duration, Instant, SystemTime};

/// How long a read is kept (`pkg/platform-settings/service/middleware/caching.go`: 5 s).
pub(crate) const TTL: Duration = Duration::from_secs(5);

/// The record: `id` 0 and no times until the first put.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PlatformSettings {
    pub id: u64,
    pub title: String,
    pub headline: String,
    pub tagline: String,
    pub website_url: String,
    pub max_workspaces_per_user: u32,
    pub max_sessions_per_user: u32,
    pub max_app_instances_per_user: u32,
    pub created_at: Option<SystemTime>,
    pub updated_at: Option<SystemTime>,
}

#[derive(Debug, Default)]
pub(crate) struct Platform {
    record: PlatformSettings,
    /// The chorus flavor's last read and when it was read.
    cached: Option<(Instant, PlatformSettings)>,
}

impl Platform {
    /// The record as stored now.
    pub(crate) fn record(&self) -> &PlatformSettings {
        &self.record
    }

    /// The cached read, while it is fresh.
    pub(crate) fn cached(&self) -> Option<&PlatformSettings> {
        self.cached
            .as_ref()
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, r)| r)
    }

    /// Reads the record into the cache (a miss of the chorus flavor).
    pub(crate) fn keep(&mut self) -> PlatformSettings {
        let read = self.record.clone();
        self.cached = Some((Instant::now(), read.clone()));
        read
    }

    /// The upsert: every field of `new` replaces the stored one; the row is made (`id` 1) by the
    /// first put. The cache is left as it is.
    pub(crate) fn replace(&mut self, new: PlatformSettings, now: SystemTime) -> &PlatformSettings {
        let created = self.record.created_at.unwrap_or(now);
        self.record = PlatformSettings {
            id: 1,
            created_at: Some(created),
            updated_at: Some(now),
            ..new
        };
        &self.record
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_put_replaces_every_field_and_keeps_the_first_creation_time() {
        let mut p = Platform::default();
        assert_eq!(p.record().id, 0);
        assert!(p.record().created_at.is_none());
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(10);
        let first = PlatformSettings {
            title: "A".into(),
            max_sessions_per_user: 2,
            ..Default::default()
        };
        p.replace(first, t0);
        let t1 = t0 + Duration::from_secs(5);
        let second = PlatformSettings {
            headline: "H".into(),
            ..Default::default()
        };
        let r = p.replace(second, t1).clone();
        assert_eq!((r.id, r.title.as_str(), r.headline.as_str()), (1, "", "H"));
        assert_eq!(r.max_sessions_per_user, 0);
        assert_eq!((r.created_at, r.updated_at), (Some(t0), Some(t1)));
    }

    #[test]
    fn the_cache_keeps_what_was_read_across_a_put() {
        let mut p = Platform::default();
        assert!(p.cached().is_none());
        p.keep();
        let new = PlatformSettings {
            title: "new".into(),
            ..Default::default()
        };
        p.replace(new, SystemTime::now());
        assert_eq!(p.cached().map(|r| r.title.as_str()), Some(""));
        assert_eq!(p.record().title, "new");
    }
}
