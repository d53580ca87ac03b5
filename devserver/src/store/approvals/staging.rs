//! The staging copies of a request's files (CHORUS's staging store `disk`, at
//! `approval-request-<id>/<sourcePath>`), and an approved transfer's delivery.

use std::path::PathBuf;

use super::Request;
use crate::error::{ApiError, ApiResult};
use crate::store::files::{FilePath, Files};

/// `services.approval_request_service.staging_file_store_name` (CHORUS's default).
const STAGING_STORE: &str = "disk";

/// `approval-request-<id>/<sourcePath without its leading />`.
pub(crate) fn destination_path(id: u64, source: &str) -> String {
    format!("approval-request-{id}/{}", source.trim_start_matches('/'))
}

/// The staging store's folder: `<files dir>/.staging/disk`, beside the stores' own folders
/// rather than in `<files dir>/disk` as CHORUS's disk store would keep it, so that a store's
/// folder holds nothing but its workspaces and uploads.
fn staging_root(files: &Files) -> PathBuf {
    files.base().join(".staging").join(STAGING_STORE)
}

/// Where a staged file lies: `<staging root>/<destinationPath>` (its segments were checked by
/// [`FilePath::parse`]).
pub(crate) fn staging_path(files: &Files, destination: &str) -> PathBuf {
    let mut path = staging_root(files);
    for seg in destination.split('/').filter(|s| !s.is_empty()) {
        path.push(seg);
    }
    path
}

/// The staged files of request `id`.
pub(crate) fn staging_dir(files: &Files, id: u64) -> PathBuf {
    staging_root(files).join(format!("approval-request-{id}"))
}

/// A random version-4 UUID (the suffix of a name taken in the destination).
fn uuid() -> String {
    crate::store::uuid_v4(fastrand::u64(..), fastrand::u64(..))
}

/// `name.ext` → `name_<uuid>.ext` (CHORUS's answer to a name taken in the destination).
fn renamed(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}_{}.{ext}", uuid()),
        _ => format!("{name}_{}", uuid()),
    }
}

/// An approved transfer: every staged file is written into the destination workspace at its
/// `sourcePath` (same store); the staging copies stay.
pub(crate) async fn deliver(files: &Files, r: &Request) -> ApiResult<()> {
    let Some(dest) = r.destination else {
        return Ok(());
    };
    for f in &r.files {
        let fail = || {
            ApiError::internal(format!(
                "Unable to create file at path {} in workspace {dest}",
                f.source_path
            ))
        };
        let p = FilePath::parse(&f.source_path)?;
        let mut target = files.locate(dest, &p);
        if tokio::fs::symlink_metadata(&target).await.is_ok() {
            let name = renamed(p.name());
            target.set_file_name(name);
        }
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|_| fail())?;
        }
        tokio::fs::copy(staging_path(files, &f.destination_path), &target)
            .await
            .map_err(|_| fail())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths() {
        assert_eq!(
            destination_path(7, "/archive/out.csv"),
            "approval-request-7/archive/out.csv"
        );
        let n = renamed("notes.txt");
        assert!(n.starts_with("notes_") && n.ends_with(".txt") && n.len() == 6 + 36 + 4);
        let n = renamed("README");
        assert!(n.starts_with("README_") && n.len() == 7 + 36);
        let n = renamed(".hidden");
        assert!(n.starts_with(".hidden_"));
    }
}
