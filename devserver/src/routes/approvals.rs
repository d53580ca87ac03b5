//! CHORUS's approval-request service (the "airlock"; api.md "Approval-request service"), both
//! flavors: data extractions (files leave a workspace) and transfers (files go from one
//! workspace to another), each approved step by step by the workspaces' data managers.
//!
//! As CHORUS does (chorus-backend @0978bc77, `pkg/approval-request/service`), the files of a
//! request are copied when it is made into the staging store `disk`, at
//! `approval-request-<id>/<sourcePath>` (no workspace prefix; on disk here
//! `<files dir>/.staging/disk/approval-request-7/disk/raw/a.csv`), so that what is approved is what was asked for, whatever happens to
//! the workspace's files since; an approved transfer writes them into the destination workspace
//! at their `sourcePath` (a name taken there gets `_<uuid>` before its extension).
//!
//! Where the flavors differ (devserver/README.md, "Approval requests"): the permissions (ours
//! has no `createRequest`, `getRequest`, `listRequests`, `listMyRequests`, `deleteRequest`), the
//! data manager's role (CHORUS `WorkspaceDataManager`; ours also `WorkspaceAdmin`), the checks'
//! order (CHORUS's authorization middleware runs before the service), an approve without
//! `approve` (CHORUS: a rejection, protobuf's `false`; ours: 400), a download's path (CHORUS:
//! equal to the `sourcePath` as stored; ours: a leading `/` does not matter).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::codec;
use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::perms::Target;
use crate::policy;
use crate::reply::{self, Envelope, Keyed, Pagination, Sort};
use crate::routes::audit::{count_param, id_param, param_error};
use crate::state::{AppState, Shared};
use crate::store::approvals::{
    step_permission, Decision, Kind, Request, StagedFile, Status, STEP_DOWNLOAD, STEP_UPLOAD,
};
use crate::store::files::FilePath;
use crate::store::Store;
use crate::wire::{rfc3339, rfc3339_db};

/// `services.approval_request_service.staging_file_store_name` (CHORUS's default).
const STAGING_STORE: &str = "disk";
const DOWNLOAD: &str = "downloadFilesFromWorkspace";
/// CHORUS's page size when a page is asked without a limit (or with one above 100).
const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 100;

// ----- errors ---------------------------------------------------------------------------------

fn not_found() -> ApiError {
    ApiError::new(Code::NotFound, "Approval request not found")
}

/// A path id: CHORUS's grpc-gateway 400 for one that is not a number; ours a 404.
fn request_id(app: &Shared, id: &Id) -> ApiResult<u64> {
    if app.chorus() {
        id.num("approval request")
    } else {
        id.raw.parse().map_err(|_| not_found())
    }
}

// ----- replies --------------------------------------------------------------------------------

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct FileOut {
    source_path: String,
    destination_path: String,
    size: String,
}

fn file_out(f: &StagedFile) -> FileOut {
    FileOut {
        source_path: f.source_path.clone(),
        destination_path: f.destination_path.clone(),
        size: f.size.to_string(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExtractionOut {
    source_workspace_id: String,
    files: Vec<FileOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TransferOut {
    source_workspace_id: String,
    destination_workspace_id: String,
    files: Vec<FileOut>,
}

#[derive(Serialize)]
struct IdsOut {
    ids: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DecisionOut {
    approver_id: String,
    approved_at: String,
    approve: bool,
    /// Ours only (an extension): the comment given with the decision. CHORUS accepts a
    /// comment and keeps nothing of it (seen on a running CHORUS 0978bc77).
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

/// `ApprovalRequest` as protojson writes it (`EmitUnpopulated`: the oneof not chosen is absent,
/// an unset timestamp `null`, empty maps `{}`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestOut {
    id: String,
    tenant_id: String,
    requester_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_extraction: Option<ExtractionOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data_transfer: Option<TransferOut>,
    approver_ids_by_step: BTreeMap<String, IdsOut>,
    step_decisions: BTreeMap<String, DecisionOut>,
    auto_approved: bool,
    approval_message: String,
    approved_at: Option<String>,
    created_at: String,
    updated_at: String,
}

fn stamp(app: &AppState, t: SystemTime) -> String {
    if app.chorus() {
        rfc3339_db(t)
    } else {
        rfc3339(t)
    }
}

fn out(app: &AppState, r: &Request) -> RequestOut {
    let files: Vec<FileOut> = r.files.iter().map(file_out).collect();
    let (data_extraction, data_transfer) = match r.kind {
        Kind::Extraction => (
            Some(ExtractionOut {
                source_workspace_id: r.source.to_string(),
                files,
            }),
            None,
        ),
        Kind::Transfer => (
            None,
            Some(TransferOut {
                source_workspace_id: r.source.to_string(),
                destination_workspace_id: r.destination.unwrap_or(0).to_string(),
                files,
            }),
        ),
    };
    RequestOut {
        id: r.id.to_string(),
        tenant_id: crate::store::TENANT.to_string(),
        requester_id: r.requester.to_string(),
        kind: r.kind.wire(),
        status: r.status.wire(),
        title: r.title.clone(),
        description: r.description.clone(),
        data_extraction,
        data_transfer,
        approver_ids_by_step: r
            .approvers
            .iter()
            .map(|(step, ids)| {
                (
                    step.clone(),
                    IdsOut {
                        ids: ids.iter().map(u64::to_string).collect(),
                    },
                )
            })
            .collect(),
        step_decisions: r
            .decisions
            .iter()
            .map(|(step, d)| {
                (
                    step.clone(),
                    DecisionOut {
                        approver_id: d.approver.to_string(),
                        approved_at: stamp(app, d.at),
                        approve: d.approve,
                        comment: (!app.chorus()).then(|| d.comment.clone()),
                    },
                )
            })
            .collect(),
        auto_approved: r.auto_approved,
        approval_message: r.approval_message.clone(),
        approved_at: r.approved_at.map(|t| stamp(app, t)),
        created_at: stamp(app, r.created_at),
        updated_at: stamp(app, r.updated_at),
    }
}

fn request_reply(app: &AppState, r: &Request) -> Response {
    reply::result("approvalRequest", out(app, r))
}

// ----- staging --------------------------------------------------------------------------------

/// `approval-request-<id>/<sourcePath without its leading />`.
fn destination_path(id: u64, source: &str) -> String {
    format!("approval-request-{id}/{}", source.trim_start_matches('/'))
}

/// The staging store's folder: `<files dir>/.staging/disk`, beside the stores' own folders
/// rather than in `<files dir>/disk` as CHORUS's disk store would keep it, so that a store's
/// folder holds nothing but its workspaces and uploads.
fn staging_root(app: &AppState) -> PathBuf {
    app.files.base().join(".staging").join(STAGING_STORE)
}

/// Where a staged file lies: `<staging root>/<destinationPath>` (its segments were checked by
/// [`FilePath::parse`]).
fn staging_path(app: &AppState, destination: &str) -> PathBuf {
    let mut path = staging_root(app);
    for seg in destination.split('/').filter(|s| !s.is_empty()) {
        path.push(seg);
    }
    path
}

fn staging_dir(app: &AppState, id: u64) -> PathBuf {
    staging_root(app).join(format!("approval-request-{id}"))
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
async fn deliver(app: &AppState, r: &Request) -> ApiResult<()> {
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
        let mut target = app.files.locate(dest, &p);
        if tokio::fs::symlink_metadata(&target).await.is_ok() {
            let name = renamed(p.name());
            target.set_file_name(name);
        }
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|_| fail())?;
        }
        tokio::fs::copy(staging_path(app, &f.destination_path), &target)
            .await
            .map_err(|_| fail())?;
    }
    Ok(())
}

// ----- creating -------------------------------------------------------------------------------

/// `POST /approval-requests/data-extraction`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ExtractionIn {
    #[serde(default)]
    source_workspace_id: OptId,
    title: Option<String>,
    description: Option<String>,
    file_paths: Option<Vec<String>>,
}

impl BodySpec for ExtractionIn {}

/// `POST /approval-requests/data-transfer`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TransferIn {
    #[serde(default)]
    source_workspace_id: OptId,
    #[serde(default)]
    destination_workspace_id: OptId,
    title: Option<String>,
    description: Option<String>,
    file_paths: Option<Vec<String>>,
}

impl BodySpec for TransferIn {}

struct NewRequest {
    kind: Kind,
    source: Option<u64>,
    destination: Option<u64>,
    title: String,
    description: String,
    paths: Vec<String>,
}

pub(crate) async fn create_extraction(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<ExtractionIn>,
) -> ApiResult<Response> {
    let new = NewRequest {
        kind: Kind::Extraction,
        source: body.source_workspace_id.0.filter(|n| *n != 0),
        destination: None,
        title: body.title.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        paths: body.file_paths.unwrap_or_default(),
    };
    create(&app, uid, new).await
}

pub(crate) async fn create_transfer(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<TransferIn>,
) -> ApiResult<Response> {
    let new = NewRequest {
        kind: Kind::Transfer,
        source: body.source_workspace_id.0.filter(|n| *n != 0),
        destination: body.destination_workspace_id.0.filter(|n| *n != 0),
        title: body.title.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        paths: body.file_paths.unwrap_or_default(),
    };
    create(&app, uid, new).await
}

/// Ours: an unknown workspace is a 404 (CHORUS checks only the permission).
fn known(st: &Store, ws: u64) -> ApiResult<()> {
    if st.workspaces.contains_key(&ws) {
        Ok(())
    } else {
        Err(ApiError::not_found("workspace", &ws.to_string()))
    }
}

/// Who decides each step; `400` when a step has nobody.
fn step_approvers(
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
fn record(
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
fn everyone(approvers: &BTreeMap<String, Vec<u64>>) -> Vec<u64> {
    let mut all: Vec<u64> = approvers.values().flatten().copied().collect();
    all.sort_unstable();
    all.dedup();
    all
}

async fn create(app: &Shared, uid: u64, new: NewRequest) -> ApiResult<Response> {
    let chorus = app.chorus();
    let transfer = new.kind == Kind::Transfer;
    // CHORUS's authorization middleware first (on the ids as sent, 0 when absent), then the
    // service's checks; ours: each id, its workspace, the permission.
    let (source, destination) = {
        let st = app.store();
        if chorus {
            st.require(
                uid,
                "createRequest",
                &Target::workspace(new.source.unwrap_or(0)),
            )?;
            if transfer {
                st.require(
                    uid,
                    "getWorkspace",
                    &Target::workspace(new.destination.unwrap_or(0)),
                )?;
            }
        }
        let source = new
            .source
            .ok_or_else(|| ApiError::invalid("Source workspace ID is required"))?;
        if !chorus {
            known(&st, source)?;
            st.require(uid, "listFilesInWorkspace", &Target::workspace(source))?;
        }
        let destination = if transfer {
            let d = new
                .destination
                .ok_or_else(|| ApiError::invalid("Destination workspace ID is required"))?;
            if !chorus {
                known(&st, d)?;
                st.require(uid, "getWorkspace", &Target::workspace(d))?;
            }
            d
        } else {
            0
        };
        (source, destination)
    };
    if new.paths.is_empty() {
        return Err(ApiError::invalid("At least one file path is required"));
    }
    // The files: of a store that is there and on, files and not folders, there.
    let mut found = Vec::with_capacity(new.paths.len());
    for raw in &new.paths {
        let p = FilePath::parse(raw)?;
        app.files.check_store(&p.store)?;
        // A running CHORUS (0978bc77) reads the file before it looks at what it is: a folder
        // or a missing file is `500 Unable to get file with content at path <p>` there.
        let unreadable =
            || ApiError::internal(format!("Unable to get file with content at path {raw}"));
        let directory = || {
            if app.chorus() {
                unreadable()
            } else {
                ApiError::invalid(format!("Directories are not supported: {raw}"))
            }
        };
        if p.dir || p.rel.is_empty() {
            return Err(directory());
        }
        let meta = tokio::fs::metadata(app.files.locate(source, &p))
            .await
            .map_err(|_| unreadable())?;
        if meta.is_dir() {
            return Err(directory());
        }
        found.push((raw.clone(), p));
    }
    let (id, approvers) = {
        let mut st = app.store();
        let approvers = step_approvers(&st, new.kind, source, destination)?;
        (st.approvals.allocate(), approvers)
    };
    // The staging copies.
    let mut files = Vec::with_capacity(found.len());
    for (raw, p) in found {
        let destination_path = destination_path(id, &raw);
        let target = staging_path(app, &destination_path);
        let fail = || ApiError::internal(format!("Unable to copy file at path {raw}"));
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .map_err(|_| fail())?;
        }
        let size = tokio::fs::copy(app.files.locate(source, &p), &target)
            .await
            .map_err(|_| fail())?;
        files.push(StagedFile {
            source_path: raw,
            destination_path,
            size,
        });
    }
    let title = new.title.clone();
    let r = record(id, uid, new, files, approvers.clone());
    {
        let mut st = app.store();
        let message =
            format!("Approval request '{title}' has been created and is pending your approval.");
        for approver in everyone(&approvers) {
            st.notify_approval(approver, &message, id, r.auto_approved);
        }
        st.approvals.requests.insert(id, r.clone());
    }
    if r.auto_approved && transfer {
        deliver(app, &r).await?;
    }
    Ok(request_reply(app, &r))
}

// ----- the demo -------------------------------------------------------------------------------

/// The demo's requests (devserver/README.md, "Approval requests"): alice asks to take two of
/// Demo's files out, waiting for every data manager of Demo (ours: wendy, its
/// `WorkspaceAdmin`; chorus: admin, its `WorkspaceDataManager`). No notification: the demo
/// starts with none. Called after the store and the files were (re)seeded.
pub(crate) fn seed(app: &AppState) {
    const DEMO: &[(u64, u64, &str, &str, &[&str])] = &[(
        2,
        1,
        "Summary statistics for the quarterly report",
        "Glucose values aggregated per site; no personal data.",
        &["/disk/raw/measurements.csv", "/disk/notes.txt"],
    )];
    let mut st = app.store_raw();
    for (requester, ws, title, description, paths) in DEMO {
        let Ok(approvers) = step_approvers(&st, Kind::Extraction, *ws, 0) else {
            continue;
        };
        let id = st.approvals.allocate();
        let mut files = Vec::new();
        for raw in *paths {
            let Ok(p) = FilePath::parse(raw) else {
                continue;
            };
            let destination_path = destination_path(id, raw);
            let target = staging_path(app, &destination_path);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            if let Ok(size) = std::fs::copy(app.files.locate(*ws, &p), &target) {
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

// ----- reading --------------------------------------------------------------------------------

/// `GET /approval-requests/{id}`: the requester, an approver, or who may `getRequest` (ours:
/// `downloadFilesFromWorkspace`) on its source or destination.
pub(crate) async fn get(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let n = request_id(&app, &id)?;
    let st = app.store();
    let r = st.approvals.requests.get(&n).ok_or_else(not_found)?;
    if !r.involves(uid) {
        let perm = if app.chorus() { "getRequest" } else { DOWNLOAD };
        let may = |ws: u64| st.allowed(uid, perm, &Target::workspace(ws));
        if !(may(r.source) || r.destination.is_some_and(may)) {
            return Err(ApiError::forbidden(
                "User does not have permission to get this request",
            ));
        }
    }
    Ok(request_reply(&app, r))
}

/// A repeated enum filter: full names (`APPROVAL_REQUEST_STATUS_PENDING`) or numbers, as
/// grpc-gateway reads them; ours also the short name in any case (`pending`).
fn enum_param(
    app: &Shared,
    params: &Params,
    key: &str,
    prefix: &str,
    names: &[&str],
) -> ApiResult<Vec<String>> {
    let mut out = Vec::new();
    for v in params.all(key) {
        let found = names.iter().enumerate().find(|(i, name)| {
            v == format!("{prefix}{name}")
                || v == i.to_string()
                || (!app.chorus() && v.eq_ignore_ascii_case(name))
        });
        match found {
            Some((_, name)) => out.push(format!("{prefix}{name}")),
            None => {
                return Err(param_error(
                    app,
                    key,
                    format!("parsing field \"{key}\": {v} is not a valid enum value"),
                    &format!("unknown value {v}: one of {}", names.join(", ")),
                ))
            }
        }
    }
    Ok(out)
}

const STATUS_NAMES: &[&str] = &[
    "UNSPECIFIED",
    "PENDING",
    "APPROVED",
    "REJECTED",
    "CANCELLED",
];
const TYPE_NAMES: &[&str] = &["UNSPECIFIED", "DATA_EXTRACTION", "DATA_TRANSFER"];

type Column = fn(&Request, &Request) -> std::cmp::Ordering;

/// Text as a database with a natural-language collation sorts it: letters before case.
fn text(a: &str, b: &str) -> std::cmp::Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// `IsValidSortType` of the approval-request model (another type is ignored).
const COLUMNS: &[(&str, Column)] = &[
    ("id", |a, b| a.id.cmp(&b.id)),
    ("type", |a, b| a.kind.model().cmp(b.kind.model())),
    ("status", |a, b| a.status.model().cmp(b.status.model())),
    ("title", |a, b| text(&a.title, &b.title)),
    ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
    ("updatedat", |a, b| a.updated_at.cmp(&b.updated_at)),
    ("approvedat", |a, b| a.approved_at.cmp(&b.approved_at)),
];

/// `GET /approval-requests`: only the caller's (as requester or approver), whatever the
/// permission; filters, sort and page as api.md says.
pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let workspace = id_param(&app, &params, "filter.workspaceId")?;
    let approver = id_param(&app, &params, "filter.approverId")?;
    let requester = id_param(&app, &params, "filter.requesterId")?;
    let pending = super::files::bool_param(&app, &params, "filter.pendingApproval")?;
    let statuses = enum_param(
        &app,
        &params,
        "filter.statusesIn",
        "APPROVAL_REQUEST_STATUS_",
        STATUS_NAMES,
    )?;
    let types = enum_param(
        &app,
        &params,
        "filter.typesIn",
        "APPROVAL_REQUEST_TYPE_",
        TYPE_NAMES,
    )?;
    let offset = count_param(&app, &params, "pagination.offset")?;
    let limit = count_param(&app, &params, "pagination.limit")?;
    let ask = params.sort_ask(app.config.flavor)?;
    let st = app.store();
    if app.chorus() {
        if requester == uid || approver == uid {
            st.require(uid, "listMyRequests", &Target::none())?;
        } else {
            st.require(uid, "listRequests", &Target::workspace(workspace))?;
        }
    }
    let mut rows: Vec<&Request> = st
        .approvals
        .requests
        .values()
        .filter(|r| r.involves(uid))
        .filter(|r| workspace == 0 || r.source == workspace || r.destination == Some(workspace))
        .filter(|r| approver == 0 || r.approvers.values().any(|ids| ids.contains(&approver)))
        .filter(|r| requester == 0 || r.requester == requester)
        .filter(|r| !pending || r.status == Status::Pending)
        .filter(|r| statuses.is_empty() || statuses.iter().any(|s| s == r.status.wire()))
        .filter(|r| types.is_empty() || types.iter().any(|t| t == r.kind.wire()))
        .collect();
    let (column, cmp) = ask
        .as_ref()
        .and_then(|a| COLUMNS.iter().find(|(name, _)| *name == a.kind))
        .copied()
        .unwrap_or(COLUMNS[4]);
    let descending = ask.as_ref().is_some_and(|a| a.descending);
    rows.sort_by(|a, b| {
        let o = cmp(a, b).then_with(|| a.id.cmp(&b.id));
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    let total = rows.len();
    // A page only when asked for one (else every row, `limit` 0); its limit 20 when none or
    // one above 100 is asked.
    let paged = offset.is_some() || limit.is_some();
    let offset = offset.unwrap_or(0);
    let limit = match limit {
        _ if !paged => 0,
        Some(l) if (1..=MAX_LIMIT).contains(&l) => l,
        _ => DEFAULT_LIMIT,
    };
    let page: Vec<RequestOut> = rows
        .into_iter()
        .skip(offset)
        .take(if paged { limit } else { usize::MAX })
        .map(|r| out(&app, r))
        .collect();
    Ok(reply::ok(&Envelope {
        result: Keyed("approvalRequests", page),
        // A running CHORUS sends no `pagination` for a list that asked for no page.
        pagination: (paged || !app.chorus()).then(|| Pagination {
            total,
            offset,
            limit,
            sort: Some(Sort {
                order: if descending { "DESC" } else { "ASC" }.into(),
                kind: column.into(),
            }),
        }),
    }))
}

/// `GET /approval-requests/mine/count`: the caller's requests (as requester or approver),
/// counted; every number a uint64 string, the keys the model's values.
pub(crate) async fn count_mine(
    State(app): State<Shared>,
    Caller(uid): Caller,
) -> ApiResult<Response> {
    let st = app.store();
    if app.chorus() {
        st.require(uid, "listMyRequests", &Target::none())?;
    }
    let mine: Vec<&Request> = st
        .approvals
        .requests
        .values()
        .filter(|r| r.involves(uid))
        .collect();
    let n = |f: &dyn Fn(&Request) -> bool| mine.iter().filter(|r| f(r)).count().to_string();
    let status = |s: Status| n(&|r: &Request| r.status == s);
    let kind = |k: Kind| n(&|r: &Request| r.kind == k);
    Ok(reply::ok(&json!({"result": {
        "total": mine.len().to_string(),
        "totalApprover": n(&|r: &Request| r.is_approver(uid)),
        "totalRequester": n(&|r: &Request| r.requester == uid),
        "countByStatus": {
            "pending": status(Status::Pending),
            "approved": status(Status::Approved),
            "rejected": status(Status::Rejected),
            "cancelled": "0",
        },
        "countByType": {
            "data_extraction": kind(Kind::Extraction),
            "data_transfer": kind(Kind::Transfer),
        },
    }})))
}

// ----- deciding -------------------------------------------------------------------------------

/// `POST /approval-requests/{id}/approve {"approve":true,"comment":"…"}` (`comment` is
/// accepted and ignored, as CHORUS does).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ApproveIn {
    approve: Option<bool>,
    /// Kept in ours (shown to the requester); CHORUS ignores it.
    comment: Option<String>,
    /// The path's id, should a client echo it.
    #[serde(rename = "id")]
    _id: Option<IgnoredAny>,
}

impl BodySpec for ApproveIn {}

pub(crate) async fn approve(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    JsonBody(body): JsonBody<ApproveIn>,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let n = request_id(&app, &id)?;
    // protobuf's bool: absent is false, a rejection (CHORUS); ours wants it said.
    let approve = match body.approve {
        Some(a) => a,
        None if chorus => false,
        None => return Err(ApiError::required("approve")),
    };
    let (r, deliver_now) = {
        let mut st = app.store();
        let r = st.approvals.requests.get(&n).ok_or_else(not_found)?.clone();
        let may = |step: &String| {
            st.allowed(
                uid,
                step_permission(step),
                &Target::workspace(r.step_workspace(step)),
            )
        };
        let permitted: Vec<String> = r.undecided().into_iter().filter(&may).collect();
        // CHORUS's middleware asks an extraction's permission whatever was decided (a transfer's
        // only for its undecided steps), so a decided extraction is its service's 400.
        let middleware_passes = if r.kind == Kind::Extraction {
            may(&STEP_DOWNLOAD.to_string())
        } else {
            !permitted.is_empty()
        };
        let no_permission = || {
            ApiError::forbidden(
                "User does not have permission to approve any pending step of this request",
            )
        };
        // CHORUS's middleware runs before its service.
        if chorus && !middleware_passes {
            return Err(no_permission());
        }
        if r.status != Status::Pending {
            return Err(ApiError::invalid("Request is not pending approval"));
        }
        if permitted.is_empty() {
            return Err(no_permission());
        }
        let steps: Vec<String> = permitted
            .into_iter()
            .filter(|s| r.approvers.get(s).is_some_and(|ids| ids.contains(&uid)))
            .collect();
        if steps.is_empty() {
            return Err(ApiError::forbidden(
                "User is not authorized to approve any pending step of this request",
            ));
        }
        let now = SystemTime::now();
        let mut r = r;
        for step in steps {
            r.decisions.insert(
                step,
                Decision {
                    approver: uid,
                    at: now,
                    approve,
                    comment: body.comment.clone().unwrap_or_default(),
                },
            );
        }
        if !approve {
            r.status = Status::Rejected;
            // A running CHORUS stamps `approvedAt` on a rejection too.
            if chorus {
                r.approved_at = Some(now);
            }
        } else if r.undecided().is_empty() && r.decisions.values().all(|d| d.approve) {
            r.status = Status::Approved;
            r.approved_at = Some(now);
        }
        r.updated_at = now;
        let final_word = match r.status {
            Status::Approved => Some("approved"),
            Status::Rejected => Some("rejected"),
            Status::Pending => None,
        };
        if let Some(word) = final_word {
            let message = format!("Approval request '{}' has been {word}.", r.title);
            st.notify_approval(r.requester, &message, r.id, false);
        }
        st.approvals.requests.insert(n, r.clone());
        let deliver_now = r.kind == Kind::Transfer && r.status == Status::Approved;
        (r, deliver_now)
    };
    if deliver_now {
        deliver(&app, &r).await?;
    }
    Ok(request_reply(&app, &r))
}

/// `DELETE /approval-requests/{id}`: only its requester, only while it is pending; its staged
/// files go. CHORUS first checks `deleteRequest` in the context `request=<id>`, which no
/// role's workspace context matches: only a `"*"` passes (api.md: unverified).
pub(crate) async fn delete(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
) -> ApiResult<Response> {
    let n = request_id(&app, &id)?;
    {
        let mut st = app.store();
        if app.chorus() {
            let live = st
                .users
                .get(&uid)
                .map(|u| u.roles.clone())
                .unwrap_or_default();
            let roles = policy::token_roles().unwrap_or(live);
            let context = policy::Context::from([("request".to_string(), n.to_string())]);
            if !policy::allowed(&st.roles, &roles, "deleteRequest", &context) {
                return Err(ApiError::forbidden(format!(
                    "required permission: deleteRequest@request={n}"
                )));
            }
        }
        let r = st.approvals.requests.get(&n).ok_or_else(not_found)?;
        if r.requester != uid || r.status != Status::Pending {
            return Err(ApiError::forbidden(
                "User is not authorized to delete this request",
            ));
        }
        st.approvals.requests.remove(&n);
    }
    let _ = tokio::fs::remove_dir_all(staging_dir(&app, n)).await;
    Ok(reply::empty_result())
}

/// `GET /approval-requests/{id}/files/{path=**}` → `{"result":{"file","content"}}`: its
/// requester once it is approved, who may download from its source at any time (ours: but its
/// requester).
pub(crate) async fn download(
    State(app): State<Shared>,
    Caller(uid): Caller,
    Path((raw_id, path)): Path<(String, String)>,
) -> ApiResult<Response> {
    let n = request_id(&app, &Id::new(raw_id, app.chorus()))?;
    let file = {
        let st = app.store();
        let r = st.approvals.requests.get(&n).ok_or_else(not_found)?;
        let source = Target::workspace(r.source);
        let holder = st.allowed(uid, DOWNLOAD, &source);
        if r.requester != uid && !holder {
            st.require(uid, DOWNLOAD, &source)?;
        }
        if r.kind != Kind::Extraction {
            return Err(ApiError::forbidden(
                "Only data extraction requests have downloadable files",
            ));
        }
        // Who may review it sees it at any time; CHORUS counts its requester among them when
        // it may download from the source, ours never (the request is the airlock).
        let reviewer = holder && (app.chorus() || r.requester != uid);
        if !reviewer && r.status != Status::Approved {
            return Err(ApiError::forbidden("Request is not approved"));
        }
        let same = |stored: &str| {
            if app.chorus() {
                stored == path
            } else {
                stored.trim_start_matches('/') == path.trim_start_matches('/')
            }
        };
        r.files
            .iter()
            .find(|f| same(&f.source_path))
            .cloned()
            .ok_or_else(|| ApiError::new(Code::NotFound, "File not found in request"))?
    };
    let bytes = tokio::fs::read(staging_path(&app, &file.destination_path))
        .await
        .map_err(|_| {
            ApiError::internal(format!("Unable to get file at path {}", file.source_path))
        })?;
    Ok(reply::ok(&json!({"result": {
        "file": file_out(&file),
        "content": codec::base64_encode(&bytes),
    }})))
}

// ----- the dev API ----------------------------------------------------------------------------

/// `PUT /api/dev/approvals {"requireDataManagerApproval":false}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DevApprovalsIn {
    require_data_manager_approval: bool,
}

impl BodySpec for DevApprovalsIn {}

fn dev_state(app: &AppState) -> Response {
    let on = app.store_raw().approvals.require_data_manager;
    reply::ok(&json!({ "requireDataManagerApproval": on }))
}

/// `GET /api/dev/approvals` → `{"requireDataManagerApproval":true}`.
pub(crate) async fn dev_get(State(app): State<Shared>) -> Response {
    dev_state(&app)
}

/// `PUT /api/dev/approvals`: CHORUS's `require_data_manager_approval` from now on (a reset
/// brings back `true`).
pub(crate) async fn dev_put(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<DevApprovalsIn>,
) -> Response {
    app.store_raw().approvals.require_data_manager = body.require_data_manager_approval;
    dev_state(&app)
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
