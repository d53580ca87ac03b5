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
//!
//! The rooms: [`create`] (a new request, its files staged), [`read`] (one request, a file of
//! it), [`list`] (the caller's requests, their counts), [`decide`] (approve or reject, delete),
//! [`dev`] (the dev API); the reply's shape in [`out`], a request's id and 404 in [`common`]. The records, the approvers of a step
//! and the staging copies are in `store/approvals/`.

mod common;
mod create;
mod decide;
mod dev;
mod list;
mod out;
mod read;

pub(crate) use create::{create_extraction, create_transfer};
pub(crate) use decide::{approve, delete};
pub(crate) use dev::{dev_get, dev_put};
pub(crate) use list::{count_mine, list};
pub(crate) use read::{download, get};
