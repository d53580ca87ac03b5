//! `POST /approval-requests/{id}/approve` (a step's decision) and
//! `DELETE /approval-requests/{id}`.

use std::time::SystemTime;

use axum::extract::State;
use axum::response::Response;
use serde::de::IgnoredAny;
use serde::Deserialize;

use super::common::{not_found, request_id};
use super::out::request_reply;
use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, Caller, Id, JsonBody};
use crate::perms::Target;
use crate::policy;
use crate::reply;
use crate::state::Shared;
use crate::store::approvals::{
    deliver, staging_dir, step_permission, Decision, Kind, Status, STEP_DOWNLOAD,
};

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
        deliver(&app.files, &r).await?;
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
    let _ = tokio::fs::remove_dir_all(staging_dir(&app.files, n)).await;
    Ok(reply::empty_result())
}
