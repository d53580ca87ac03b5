//! CHORUS's dev store (api.md §4b, `pkg/devstore/**` at 0978bc77): string keys to opaque string
//! values in three scopes, the platform (`global`), one user, one workspace. A put replaces
//! the value (an upsert on scope and key), a delete of a missing key is no error, a list has
//! every entry of its scope. CHORUS keeps the global scope of tenant 1 only; so does this one.
//! Kept in the [`Store`](super::Store), so `/api/dev/reset` empties it.
//!
//! CHORUS takes a value of any size (20 MB were taken on a running CHORUS); the default flavor
//! caps one at [`MAX_VALUE`] and all of them at [`MAX_TOTAL`], said in words (the route's 400).

use std::collections::BTreeMap;

/// Whose entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Scope {
    Global,
    User(u64),
    Workspace(u64),
}

/// The largest value the default flavor keeps (a cover image as a data URI fits).
pub(crate) const MAX_VALUE: usize = 4 << 20;
/// The most the default flavor keeps in all.
pub(crate) const MAX_TOTAL: usize = 64 << 20;

#[derive(Debug, Default)]
pub(crate) struct DevStore {
    entries: BTreeMap<Scope, BTreeMap<String, String>>,
    /// Bytes of keys and values kept.
    bytes: usize,
}

impl DevStore {
    /// Every entry of a scope (none: empty).
    pub(crate) fn list(&self, scope: Scope) -> BTreeMap<String, String> {
        self.entries.get(&scope).cloned().unwrap_or_default()
    }

    pub(crate) fn get(&self, scope: Scope, key: &str) -> Option<&str> {
        self.entries.get(&scope)?.get(key).map(String::as_str)
    }

    /// The bytes kept once `key` of `scope` holds `value`.
    pub(crate) fn bytes_after(&self, scope: Scope, key: &str, value: &str) -> usize {
        let old = self.get(scope, key).map_or(0, |v| key.len() + v.len());
        self.bytes - old + key.len() + value.len()
    }

    /// Sets `key` of `scope` to `value`, replacing what it held.
    pub(crate) fn put(&mut self, scope: Scope, key: &str, value: &str) {
        self.bytes = self.bytes_after(scope, key, value);
        self.entries
            .entry(scope)
            .or_default()
            .insert(key.to_string(), value.to_string());
    }

    /// Forgets `key` of `scope`, if it is there.
    pub(crate) fn delete(&mut self, scope: Scope, key: &str) {
        let Some(map) = self.entries.get_mut(&scope) else {
            return;
        };
        if let Some(v) = map.remove(key) {
            self.bytes -= key.len() + v.len();
        }
        if map.is_empty() {
            self.entries.remove(&scope);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_replace_deletes_forget_and_the_bytes_add_up() {
        let mut d = DevStore::default();
        d.put(Scope::Global, "a", "1");
        d.put(Scope::Global, "a", "22");
        d.put(Scope::User(2), "a", "3");
        assert_eq!(d.get(Scope::Global, "a"), Some("22"));
        assert_eq!(d.get(Scope::User(2), "a"), Some("3"));
        assert_eq!(d.get(Scope::User(3), "a"), None);
        assert_eq!(d.bytes, 3 + 2);
        assert_eq!(d.bytes_after(Scope::Global, "a", "4444"), 5 + 2);
        d.delete(Scope::Global, "a");
        d.delete(Scope::Global, "missing");
        assert_eq!(d.list(Scope::Global).len(), 0);
        assert_eq!(d.bytes, 2);
        assert_eq!(
            d.list(Scope::User(2)).get("a").map(String::as_str),
            Some("3")
        );
    }
}
