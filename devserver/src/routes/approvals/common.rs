//! What the rooms of the approval-request service share: a request's id, its 404.

use crate::error::{ApiError, ApiResult, Code};
use crate::extract::Id;
use crate::state::Shared;

pub(super) const DOWNLOAD: &str = "downloadFilesFromWorkspace";

pub(super) fn not_found() -> ApiError {
    ApiError::new(Code::NotFound, "Approval request not found")
}

/// A path id: CHORUS's grpc-gateway 400 for one that is not a number; ours a 404.
pub(super) fn request_id(app: &Shared, id: &Id) -> ApiResult<u64> {
    if app.chorus() {
        id.num("approval request")
    } else {
        id.raw.parse().map_err(|_| not_found())
    }
}
