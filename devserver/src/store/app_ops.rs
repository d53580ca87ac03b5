//! The catalogue's rows (api.md §1 "Apps (the catalogue)"): create, whole-row update, soft
//! delete, the listed rows, and CHORUS's 5-second list cache.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

use super::app_row::{App, AppFields};
use super::{uuid_v4, Store};

/// How long CHORUS keeps a list of apps (`pkg/app/service/middleware/caching.go`).
pub(crate) const LIST_CACHE: Duration = Duration::from_secs(5);

/// CHORUS's cache of `ListApps`: the page of rows per pagination, for [`LIST_CACHE`]. A hit
/// answers the rows as they were, and (as CHORUS reads back only the rows) no `pagination`.
#[derive(Default)]
pub(crate) struct AppListCache {
    entries: HashMap<String, (Instant, Vec<App>)>,
}

impl AppListCache {
    pub(crate) fn get(&self, key: &str) -> Option<Vec<App>> {
        self.entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < LIST_CACHE)
            .map(|(_, rows)| rows.clone())
    }

    pub(crate) fn put(&mut self, key: String, rows: Vec<App>) {
        self.entries.retain(|_, (at, _)| at.elapsed() < LIST_CACHE);
        self.entries.insert(key, (Instant::now(), rows));
    }

    /// Forgets every list (the dev routes change the catalogue behind CHORUS's back).
    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }
}

impl Store {
    pub(crate) fn app(&self, id: u64) -> Option<&App> {
        self.apps.iter().find(|a| a.id == id)
    }

    /// The rows `GET /apps` lists: every one not deleted (inactive ones too).
    pub(crate) fn listed_apps(&self) -> Vec<&App> {
        self.apps
            .iter()
            .filter(|a| a.fields.status != "deleted")
            .collect()
    }

    fn next_app_id(&self) -> u64 {
        self.apps.iter().map(|a| a.id).max().unwrap_or(0) + 1
    }

    /// A new row of `fields`, created by `user_id`.
    pub(crate) fn create_app(&mut self, user_id: u64, fields: AppFields) -> &App {
        let now = SystemTime::now();
        let app = App {
            id: self.next_app_id(),
            user_id,
            fields: written(fields),
            created_at: now,
            updated_at: now,
            failing: false,
        };
        self.apps.push(app);
        let last = self.apps.len() - 1;
        &self.apps[last]
    }

    /// Replaces every field of row `id` (whatever its status; what was not sent becomes `""`).
    pub(crate) fn update_app(&mut self, id: u64, fields: AppFields) -> Option<&App> {
        let app = self.apps.iter_mut().find(|a| a.id == id)?;
        app.fields = written(fields);
        app.updated_at = SystemTime::now();
        Some(app)
    }

    /// CHORUS's soft delete: status `deleted`, the name suffixed with `-<uuid>` (again on
    /// each delete). False for an unknown id.
    pub(crate) fn delete_app(&mut self, id: u64) -> bool {
        let suffix = uuid_v4(self.rng.u64(..), self.rng.u64(..));
        let Some(app) = self.apps.iter_mut().find(|a| a.id == id) else {
            return false;
        };
        app.fields.status = "deleted".into();
        app.fields.name = format!("{}-{suffix}", app.fields.name);
        app.updated_at = SystemTime::now();
        true
    }
}

/// What is stored of a body: its strings, nothing of what CHORUS ignores.
fn written(fields: AppFields) -> AppFields {
    AppFields {
        id: None,
        tenant_id: None,
        user_id: None,
        grouped_versions: None,
        created_at: None,
        updated_at: None,
        ..fields
    }
}
