//! CHORUS's approval requests (the "airlock", api.md "Approval-request service"): the records,
//! and who may approve a step (`pkg/approval-request/service`); a new request's record
//! ([`new`]), the staging copies of its files ([`staging`]). The routes are in
//! `routes/approvals/`.

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::Store;
use crate::config::Flavor;
use crate::perms::{self, Target};
use crate::policy;

mod new;
mod staging;
pub(crate) use new::{everyone, record, seed, step_approvers, NewRequest};
pub(crate) use staging::{deliver, destination_path, staging_dir, staging_path};

/// The step of both kinds: the source's data manager lets the files out.
pub(crate) const STEP_DOWNLOAD: &str = "download";
/// The step of a transfer: the destination's data manager lets them in.
pub(crate) const STEP_UPLOAD: &str = "upload";

/// The permission that makes a user an approver of a step.
pub(crate) fn step_permission(step: &str) -> &'static str {
    if step == STEP_UPLOAD {
        "uploadFilesToWorkspace"
    } else {
        "downloadFilesFromWorkspace"
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Extraction,
    Transfer,
}

impl Kind {
    pub fn wire(self) -> &'static str {
        match self {
            Kind::Extraction => "APPROVAL_REQUEST_TYPE_DATA_EXTRACTION",
            Kind::Transfer => "APPROVAL_REQUEST_TYPE_DATA_TRANSFER",
        }
    }

    /// The model's value (`countByType` keys).
    pub fn model(self) -> &'static str {
        match self {
            Kind::Extraction => "data_extraction",
            Kind::Transfer => "data_transfer",
        }
    }

    /// The steps a request of this kind goes through.
    pub fn steps(self) -> &'static [&'static str] {
        match self {
            Kind::Extraction => &[STEP_DOWNLOAD],
            Kind::Transfer => &[STEP_DOWNLOAD, STEP_UPLOAD],
        }
    }
}

/// `CANCELLED` is never set by CHORUS's service, so never here either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Pending,
    Approved,
    Rejected,
}

impl Status {
    pub fn wire(self) -> &'static str {
        match self {
            Status::Pending => "APPROVAL_REQUEST_STATUS_PENDING",
            Status::Approved => "APPROVAL_REQUEST_STATUS_APPROVED",
            Status::Rejected => "APPROVAL_REQUEST_STATUS_REJECTED",
        }
    }

    /// The model's value (`countByStatus` keys).
    pub fn model(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }
}

/// One file of a request, copied into the staging store when the request was made.
#[derive(Clone, Debug)]
pub(crate) struct StagedFile {
    /// As the request named it (`/disk/raw/a.csv`).
    pub source_path: String,
    /// `approval-request-<id>/<sourcePath without its leading />` in the staging store.
    pub destination_path: String,
    pub size: u64,
}

/// A decision on one step.
#[derive(Clone, Debug)]
pub(crate) struct Decision {
    pub approver: u64,
    pub at: SystemTime,
    pub approve: bool,
    /// What the approver wrote (kept in ours only).
    pub comment: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub id: u64,
    pub requester: u64,
    pub kind: Kind,
    pub status: Status,
    pub title: String,
    pub description: String,
    pub source: u64,
    /// Transfers only.
    pub destination: Option<u64>,
    pub files: Vec<StagedFile>,
    /// Step → the users who may decide it (empty when auto-approved).
    pub approvers: BTreeMap<String, Vec<u64>>,
    pub decisions: BTreeMap<String, Decision>,
    pub auto_approved: bool,
    pub approval_message: String,
    pub approved_at: Option<SystemTime>,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
}

impl Request {
    pub fn is_approver(&self, uid: u64) -> bool {
        self.approvers.values().any(|ids| ids.contains(&uid))
    }

    /// The requester or an approver of any step.
    pub fn involves(&self, uid: u64) -> bool {
        self.requester == uid || self.is_approver(uid)
    }

    /// The steps nobody has decided yet.
    pub fn undecided(&self) -> Vec<String> {
        self.approvers
            .keys()
            .filter(|s| !self.decisions.contains_key(*s))
            .cloned()
            .collect()
    }

    /// The workspace a step is decided in.
    pub fn step_workspace(&self, step: &str) -> u64 {
        if step == STEP_UPLOAD {
            self.destination.unwrap_or(0)
        } else {
            self.source
        }
    }
}

/// The requests (soft-deleted ones are gone from here: nothing answers them any more) and the
/// service's switch.
#[derive(Debug)]
pub(crate) struct Approvals {
    pub requests: BTreeMap<u64, Request>,
    next_id: u64,
    /// `services.approval_request_service.require_data_manager_approval` (CHORUS's default
    /// `true`; `PUT /api/dev/approvals` changes it until a reset).
    pub require_data_manager: bool,
}

impl Default for Approvals {
    fn default() -> Self {
        Approvals {
            requests: BTreeMap::new(),
            next_id: 1,
            require_data_manager: true,
        }
    }
}

impl Approvals {
    pub fn allocate(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }
}

/// The roles that make a workspace's data manager: CHORUS's `WorkspaceDataManager`; our
/// catalogue has none, so there its `WorkspaceAdmin` is one too (and a dynamic role named
/// `WorkspaceDataManager`, should an admin create it).
fn data_manager_role(flavor: Flavor, name: &str) -> bool {
    name == "WorkspaceDataManager" || (flavor == Flavor::Default && name == "WorkspaceAdmin")
}

impl Store {
    /// The users who may decide a step in workspace `ws`: the holders of `perm` there (with
    /// `require_data_manager`, only through a data manager's role), the exact workspace context
    /// preferred over a `"*"`; sorted, active users only.
    pub(crate) fn approvers_of(&self, ws: u64, perm: &str) -> Vec<u64> {
        let only_managers = self.approvals.require_data_manager;
        let mut exact = Vec::new();
        let mut wildcard = Vec::new();
        let ws_text = ws.to_string();
        for u in self.users.values().filter(|u| u.status == "active") {
            let mut grant: Option<bool> = None;
            for a in &u.roles {
                if only_managers && !data_manager_role(self.flavor, &a.name) {
                    continue;
                }
                let g = match self.flavor {
                    Flavor::Chorus => policy::expand(&self.roles, std::slice::from_ref(a))
                        .into_iter()
                        .filter(|(p, _)| p == perm)
                        .find_map(|(_, c)| match c.get("workspace").map(String::as_str) {
                            Some("*") => Some(false),
                            Some(v) if v == ws_text => Some(true),
                            _ => None,
                        }),
                    Flavor::Default => self.role(&a.name).and_then(|r| {
                        (r.permissions.iter().any(|p| p == perm)
                            && perms::context_matches(r, &a.context, &Target::workspace(ws)))
                        .then(|| a.context.get("workspace") == Some(&ws_text))
                    }),
                };
                grant = match (grant, g) {
                    (Some(true), _) | (_, Some(true)) => Some(true),
                    (a, b) => a.or(b),
                };
            }
            match grant {
                Some(true) => exact.push(u.id),
                Some(false) => wildcard.push(u.id),
                None => {}
            }
        }
        if exact.is_empty() {
            wildcard
        } else {
            exact
        }
    }
}
