//! Builds and runs on the wire.

use serde::Serialize;

use super::{rfc3339, rfc3339_millis};
use crate::store::model::Job;

/// A build or run on the wire (`buildId` for runs only); absent times and errors are left out.
/// The mc dialect spells times with milliseconds, as JavaScript's `toISOString` does.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct JobOut {
    id: String,
    project_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    build_id: Option<String>,
    status: &'static str,
    created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    finished_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

pub(crate) fn job(j: &Job, run: bool, millis: bool) -> JobOut {
    let time = if millis { rfc3339_millis } else { rfc3339 };
    JobOut {
        id: j.id.clone(),
        project_id: j.project_id.clone(),
        build_id: run.then(|| j.build_id.clone()),
        status: j.status,
        created_at: time(j.created_at),
        started_at: j.started_at.map(time),
        finished_at: j.finished_at.map(time),
        error: j.error.clone(),
    }
}
