//! CHORUS's workspace file service (`WorkspaceFileService`, api.md "Workspace file service"):
//! stores, folders, files, multipart uploads; and our extension `GET …/raw/{path}` (the bytes of
//! a file, our flavor only). The files are real ones on disk (`store/files.rs`).
//!
//! grpc-gateway's `{path=**}` is the rest of the URL; axum cannot put a wildcard before more
//! segments, so `…/file/{*rest}` takes every call and [`suffix`] finds `/upload`,
//! `/upload/{uploadId}` and `/upload/{uploadId}/complete` at its end.
//!
//! What a running CHORUS 0978bc77 answered on 2026-11-25 (its disk store;
//! `tests/fixtures/chorus-files-39.json`), and so the chorus flavor answers; ours differs where
//! devserver/README.md ("Workspace files") says so:
//! - a folder that does not exist yet (a new workspace's root): `500 Unable to list files at
//!   path <p>` (ours: an empty list);
//! - `GET …/file/{p}` answers the metadata only, `path` the storage key
//!   (`workspaces/workspace1/docs/a.csv`; ours `/disk/docs/a.csv`); a missing file is a 500;
//! - `mimeType` is `application/octet-stream` but for `.txt` (ours guesses from more
//!   extensions);
//! - completing an upload checks neither the ETags nor the size (ours does, and keeps the
//!   upload open when they are wrong);
//! - CHORUS resolves `..` in paths and leaves the workspace: both flavors refuse such a path
//!   (`400 Invalid path: <p>`).
//!
//! The rooms: [`list`] (stores, folders), [`file`] (a file's metadata, create, move / copy,
//! delete, and the dispatch of `…/file/{rest}`), [`upload`] (multipart uploads), [`raw`] (our
//! bytes), [`dev`] (the dev API); what they share (the path extractor, the workspace and path
//! checks, the `WorkspaceFile` reply and body, the errors) in [`common`].

mod common;
mod dev;
mod file;
mod list;
mod raw;
mod upload;

pub(crate) use common::FILE_BODY_LIMIT;
pub(crate) use dev::{dev_compliance, dev_get_stores, dev_put_stores};
pub(crate) use file::{create, delete, get, post, put};
pub(crate) use list::{list, stores};
pub(crate) use raw::raw;
