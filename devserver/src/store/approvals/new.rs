//! A new approval request: who decides each step, its record (pending, or approved at once),
//! and the demo's requests.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::staging::{destination_path, staging_path};
use super::{step_permission, Kind, Request, StagedFile, Status, STEP_UPLOAD};
use crate::error::{ApiError, ApiResult};
use crate::store::files::{FilePath, Files};
use crate::store::Store;

/// A request as asked for, before its files are staged.
pub(crate) struct NewRequest {
    pub kind: Kind,
    pub source: Option<u64>,
    pub destination: Option<u64>,
    pub title: String,
    pub description: String,
    pub paths: Vec<String>,
}

/// Who decides each step; `400` when a step has nobody.
pub(crate) fn step_approvers(
    st: &Store,
    kind: Kind,
    source: u64,
    destination: u64,
) -> ApiResult<BTreeMap<String, Vec<u64>>> {
    let mut out = BTreeMap::new();
    for step in kind.steps() {
        let ws = if *step == STEP_UPLOAD {
            destination
        } else {
            source
        };
        let ids = st.approvers_of(ws, step_permission(step));
        if ids.is_empty() {
            let which = match (kind, *step) {
                (Kind::Extraction, _) => "this workspace",
                (_, STEP_UPLOAD) => "the destination workspace",
                _ => "the source workspace",
            };
            return Err(ApiError::invalid(if st.approvals.require_data_manager {
                format!(
                    "No workspace data manager found for {which}; please assign a data manager \
                     before creating approval requests"
                )
            } else {
                format!("No users with approval permission found for {which}")
            }));
        }
        out.insert(step.to_string(), ids);
    }
    Ok(out)
}

/// The record of a new request whose files are staged: pending, or approved at once when the
/// requester is an approver of every step (then no approver is kept).
pub(crate) fn record(
    id: u64,
    requester: u64,
    new: NewRequest,
    files: Vec<StagedFile>,
    approvers: BTreeMap<String, Vec<u64>>,
) -> Request {
    let now = SystemTime::now();
    let auto = approvers.values().all(|ids| ids.contains(&requester));
    let message = match (auto, new.kind) {
        (false, _) => "",
        (true, Kind::Extraction) => {
            "Auto-approved: requester has permission to download files from workspace"
        }
        (true, Kind::Transfer) => "Auto-approved: requester has data transfer permission",
    };
    Request {
        id,
        requester,
        kind: new.kind,
        status: if auto {
            Status::Approved
        } else {
            Status::Pending
        },
        title: new.title,
        description: new.description,
        source: new.source.unwrap_or(0),
        destination: new.destination,
        files,
        approvers: if auto { BTreeMap::new() } else { approvers },
        decisions: BTreeMap::new(),
        auto_approved: auto,
        approval_message: message.to_string(),
        approved_at: auto.then_some(now),
        created_at: now,
        updated_at: now,
    }
}

/// Every approver once, in id order.
pub(crate) fn everyone(approvers: &BTreeMap<String, Vec<u64>>) -> Vec<u64> {
    let mut all: Vec<u64> = approvers.values().flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The demo's requests (devserver/README.md, "Approval requests"): alice asks to take two of
/// Demo's files out, waiting for every data manager of Demo (ours: wendy, its
/// `WorkspaceAdmin`; chorus: admin, its `WorkspaceDataManager`). No notification: the demo
/// starts with none. Called after the store and the files were (re)seeded.
pub(crate) fn seed(st: &mut Store, store_files: &Files) {
    const DEMO: &[(u64, u64, &str, &str, &[&str])] = &[(
        2,
        1,
        "Summary statistics for the quarterly report",
        "Glucose values aggregated per site; no personal data.",
        &["/disk/raw/measurements.csv", "/disk/notes.txt"],
    )];
    for (requester, ws, title, description, paths) in DEMO {
        let Ok(approvers) = step_approvers(st, Kind::Extraction, *ws, 0) else {
            continue;
        };
        let id = st.approvals.allocate();
        let mut files = Vec::new();
        for raw in *paths {
            let Ok(p) = FilePath::parse(raw) else {
                continue;
            };
            let destination_path = destination_path(id, raw);
            let target = staging_path(store_files, &destination_path);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            if let Ok(size) = std::fs::copy(store_files.locate(*ws, &p), &target) {
                files.push(StagedFile {
                    source_path: raw.to_string(),
                    destination_path,
                    size,
                });
            }
        }
        let new = NewRequest {
            kind: Kind::Extraction,
            source: Some(*ws),
            destination: None,
            title: title.to_string(),
            description: description.to_string(),
            paths: Vec::new(),
        };
        let r = record(id, *requester, new, files, approvers);
        st.approvals.requests.insert(id, r);
    }
}
