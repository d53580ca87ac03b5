//! `ApprovalRequest` as protojson writes it.

use std::collections::BTreeMap;

use axum::response::Response;
use serde::Serialize;

use crate::reply;
use crate::state::AppState;
use crate::store::approvals::{Kind, Request, StagedFile};

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
pub(super) struct FileOut {
    source_path: String,
    destination_path: String,
    size: String,
}

pub(super) fn file_out(f: &StagedFile) -> FileOut {
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
pub(super) struct RequestOut {
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

pub(super) fn out(app: &AppState, r: &Request) -> RequestOut {
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
                        approved_at: app.stamp(d.at),
                        approve: d.approve,
                        comment: (!app.chorus()).then(|| d.comment.clone()),
                    },
                )
            })
            .collect(),
        auto_approved: r.auto_approved,
        approval_message: r.approval_message.clone(),
        approved_at: r.approved_at.map(|t| app.stamp(t)),
        created_at: app.stamp(r.created_at),
        updated_at: app.stamp(r.updated_at),
    }
}

pub(super) fn request_reply(app: &AppState, r: &Request) -> Response {
    reply::result("approvalRequest", out(app, r))
}
