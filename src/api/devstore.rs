//! CHORUS's dev store (api.md, "The dev store"): string keys and values in three scopes, the
//! platform's (`global`: readable without a login, written with `setPlatformSettings`), the
//! signed-in user's own (`user`) and a workspace's (`workspace/{id}`: read with `getWorkspace`,
//! written with `updateWorkspace`). Values are opaque strings; chorus-web-ui keeps JSON text in
//! many of them, and the console reads and writes the same keys so both show the same.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::client::{rest, ApiClient, Path};
use super::wire::common::{Envelope, Fields};
use super::ApiError;

/// Which scope a key lives in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Global,
    User,
    Workspace(String),
}

impl Scope {
    fn path(&self, key: Option<&str>) -> Path {
        let mut segments = vec!["devstore"];
        match self {
            Scope::Global => segments.push("global"),
            Scope::User => segments.push("user"),
            Scope::Workspace(id) => {
                segments.push("workspace");
                segments.push(id);
            }
        }
        if let Some(key) = key {
            segments.push(key);
        }
        rest(&segments)
    }
}

#[derive(Default)]
struct EntriesResult {
    entries: BTreeMap<String, String>,
}

/// `entries` as sent: a map of strings; `null`, a missing map or a value that is not a string is
/// read as nothing rather than failing the whole list.
impl<'de> Deserialize<'de> for EntriesResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Fields::of(d)?.value(&["entries"]);
        let entries = v
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self { entries })
    }
}

struct EntryResult {
    value: Option<String>,
}

impl<'de> Deserialize<'de> for EntryResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            value: Fields::of(d)?.or_default("value")?,
        })
    }
}

#[derive(Serialize)]
struct Entry<'a> {
    key: &'a str,
    value: &'a str,
}

/// Every entry of a scope.
pub(crate) async fn list(
    api: ApiClient,
    scope: &Scope,
) -> Result<BTreeMap<String, String>, ApiError> {
    api.get::<Envelope<EntriesResult>>(&scope.path(None))
        .await
        .map(|env| env.result.entries)
}

/// One entry; `None` when the key is not there (CHORUS answers 404).
pub(crate) async fn get(
    api: ApiClient,
    scope: &Scope,
    key: &str,
) -> Result<Option<String>, ApiError> {
    match api
        .get::<Envelope<EntryResult>>(&scope.path(Some(key)))
        .await
    {
        Ok(env) => Ok(env.result.value),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes (creates or replaces) one entry.
pub(crate) async fn put(
    api: ApiClient,
    scope: &Scope,
    key: &str,
    value: &str,
) -> Result<(), ApiError> {
    api.post::<_, serde_json::Value>(&scope.path(None), &Entry { key, value })
        .await
        .map(drop)
}

/// Deletes one entry (a missing key is no error on CHORUS).
pub(crate) async fn delete(api: ApiClient, scope: &Scope, key: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&scope.path(Some(key)))
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_tolerate_odd_values() {
        let env: Envelope<EntriesResult> = serde_json::from_str(
            r#"{"result":{"entries":{"image":"data:image/png;base64,AA","n":3,"x":null}}}"#,
        )
        .unwrap();
        assert_eq!(env.result.entries.len(), 1);
        let env: Envelope<EntriesResult> =
            serde_json::from_str(r#"{"result":{"entries":null}}"#).unwrap();
        assert!(env.result.entries.is_empty());
        let env: Envelope<EntriesResult> = serde_json::from_str(r#"{"result":{}}"#).unwrap();
        assert!(env.result.entries.is_empty());
    }

    #[test]
    fn keys_are_one_path_segment() {
        let p = Scope::Workspace("3".into()).path(Some("a/b"));
        assert_eq!(p.unwrap(), "/api/rest/v1/devstore/workspace/3/a%2Fb");
        assert_eq!(
            Scope::Global.path(None).unwrap(),
            "/api/rest/v1/devstore/global"
        );
    }
}
