//! CHORUS's one-second workspace cache (chorus flavor; api.md §2 "Caching",
//! `pkg/workspace/service/middleware/caching.go` at 0978bc77): `GetWorkspace` by id,
//! `ListWorkspaces` by page and filter (the workspace ids the caller's token grants
//! `getWorkspace` in, or every one for a `"*"`), `ListPublicWorkspaces` by page, each kept
//! [`TTL`] after it was read from the rows; an update, a create or a delete clears nothing. So
//! a read right after a write may answer what was there before it (seen on a running CHORUS:
//! the public list right after a workspace was made public did not have it; a second later it
//! did). Only answers are kept, never errors. The permission checks run before the cache, as
//! CHORUS's authorization middleware runs before its caching one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::model::{User, Workspace};

/// How long an answer is kept (`defaultCacheExpiration = 1`, seconds).
pub(crate) const TTL: Duration = Duration::from_secs(1);

/// The contact of a public workspace, as the list's join read it.
#[derive(Clone, Debug, Default)]
pub(crate) struct Contact {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

impl From<&User> for Contact {
    fn from(u: &User) -> Self {
        Contact {
            username: u.username.clone(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            email: u.email.clone(),
        }
    }
}

/// A row of `ListPublicWorkspaces`: the workspace and its contact (`None`: none, or gone).
#[derive(Clone, Debug)]
pub(crate) struct PublicRow {
    pub workspace: Workspace,
    pub contact: Option<Contact>,
}

/// A list as read, in its order, with the `sort` it echoes.
pub(crate) type Listed<T> = (Vec<T>, crate::reply::Sort);

#[derive(Debug, Default)]
pub(crate) struct WorkspaceCache {
    one: HashMap<u64, (Instant, Workspace)>,
    lists: HashMap<String, (Instant, Listed<Workspace>)>,
    public: HashMap<String, (Instant, Listed<PublicRow>)>,
}

fn fresh<K: std::hash::Hash + Eq, V: Clone>(map: &HashMap<K, (Instant, V)>, key: &K) -> Option<V> {
    map.get(key)
        .filter(|(at, _)| at.elapsed() < TTL)
        .map(|(_, v)| v.clone())
}

fn keep<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, (Instant, V)>, key: K, value: V) {
    map.retain(|_, (at, _)| at.elapsed() < TTL);
    map.insert(key, (Instant::now(), value));
}

impl WorkspaceCache {
    pub(crate) fn workspace(&self, id: u64) -> Option<Workspace> {
        fresh(&self.one, &id)
    }

    pub(crate) fn keep_workspace(&mut self, w: &Workspace) {
        keep(&mut self.one, w.id, w.clone());
    }

    pub(crate) fn list(&self, key: &str) -> Option<Listed<Workspace>> {
        fresh(&self.lists, &key.to_string())
    }

    pub(crate) fn keep_list(&mut self, key: String, rows: Listed<Workspace>) {
        keep(&mut self.lists, key, rows);
    }

    pub(crate) fn public(&self, key: &str) -> Option<Listed<PublicRow>> {
        fresh(&self.public, &key.to_string())
    }

    pub(crate) fn keep_public(&mut self, key: String, rows: Listed<PublicRow>) {
        keep(&mut self.public, key, rows);
    }
}
