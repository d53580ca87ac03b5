//! Data requests on the wire (api.md, "Approval-request service"): `ApprovalRequest`, the
//! create bodies and the decision, mapped to [`crate::domain::requests`]. protojson: ids and
//! sizes are strings, enums their full names, a oneof of `dataExtraction` / `dataTransfer`, and
//! maps of steps (`approverIdsByStep`, `stepDecisions`).
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::common::{lenient, Fields};
use crate::domain::requests::{step_rank, Decision, Kind, Request, RequestFile, Status, Step};

/// `ApprovalRequest`.
#[derive(Clone, Debug)]
pub struct RequestDto(pub Request);

fn files_of(details: &Value) -> Vec<RequestFile> {
    details
        .get("files")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|f| {
                    let path = f.get("sourcePath").map(lenient::value_to_string)?;
                    (!path.is_empty()).then(|| RequestFile {
                        source_path: path,
                        size: f.get("size").map_or(0, lenient::count),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn id_of(v: &Value, key: &str) -> String {
    v.get(key).map(lenient::value_to_string).unwrap_or_default()
}

impl<'de> Deserialize<'de> for RequestDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let extraction: Option<Value> = f.opt(&["dataExtraction"]);
        let transfer: Option<Value> = f.opt(&["dataTransfer"]);
        let mut kind = Kind::from_wire(&f.string(&["type"]));
        let details = match (&extraction, &transfer) {
            (_, Some(t)) if kind != Kind::Extraction => {
                if kind == Kind::Unknown {
                    kind = Kind::Transfer;
                }
                t.clone()
            }
            (Some(e), _) => {
                if kind == Kind::Unknown {
                    kind = Kind::Extraction;
                }
                e.clone()
            }
            (None, Some(t)) => t.clone(),
            (None, None) => Value::Null,
        };
        let destination =
            Some(id_of(&details, "destinationWorkspaceId")).filter(|s| !s.is_empty() && s != "0");
        let approvers: Option<Value> = f.opt(&["approverIdsByStep"]);
        let decisions: Option<Value> = f.opt(&["stepDecisions"]);
        let mut names: Vec<String> = Vec::new();
        for map in [&approvers, &decisions].into_iter().flatten() {
            if let Some(o) = map.as_object() {
                for k in o.keys() {
                    if !names.contains(k) && !k.is_empty() {
                        names.push(k.clone());
                    }
                }
            }
        }
        crate::domain::sort_small(&mut names, |a, b| step_rank(a).cmp(&step_rank(b)));
        let steps = names
            .into_iter()
            .map(|name| {
                let approver_ids = approvers
                    .as_ref()
                    .and_then(|a| a.get(&name))
                    .and_then(|s| s.get("ids"))
                    .map(lenient::strings)
                    .unwrap_or_default();
                let decision = decisions
                    .as_ref()
                    .and_then(|a| a.get(&name))
                    .filter(|d| d.is_object())
                    .map(|d| Decision {
                        approver_id: id_of(d, "approverId"),
                        at: Some(id_of(d, "approvedAt")).filter(|s| !s.is_empty()),
                        approve: d.get("approve").is_some_and(lenient::flag),
                        // Present (even empty): the backend keeps comments (ours); absent: CHORUS.
                        comment: d.get("comment").map(|_| id_of(d, "comment")),
                    });
                Step {
                    name,
                    approver_ids,
                    decision,
                }
            })
            .collect();
        Ok(Self(Request {
            id: f.string(&["id"]),
            requester_id: f.string(&["requesterId"]),
            kind,
            status: Status::from_wire(&f.string(&["status"])),
            title: f.string(&["title"]),
            description: f.string(&["description"]),
            source_workspace_id: id_of(&details, "sourceWorkspaceId"),
            destination_workspace_id: destination,
            files: files_of(&details),
            steps,
            auto_approved: f.bool(&["autoApproved"]),
            approval_message: f.string(&["approvalMessage"]),
            created_at: f.opt_string(&["createdAt"]),
            updated_at: f.opt_string(&["updatedAt"]),
        }))
    }
}

/// `{"approvalRequest": …}`.
#[derive(Clone, Debug)]
pub struct RequestResult {
    pub approval_request: RequestDto,
}

impl<'de> Deserialize<'de> for RequestResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            approval_request: Fields::of(d)?.required("approvalRequest")?,
        })
    }
}

/// `{"approvalRequests": […]}`.
#[derive(Clone, Debug, Default)]
pub struct RequestsResult(pub Vec<Request>);

impl<'de> Deserialize<'de> for RequestsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(
            f.vec::<RequestDto>(&["approvalRequests"])
                .into_iter()
                .map(|r| r.0)
                .filter(|r| !r.id.is_empty())
                .collect(),
        ))
    }
}

/// The body of `POST …/data-extraction` and `…/data-transfer`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRequest {
    pub source_workspace_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_workspace_id: Option<String>,
    pub title: String,
    pub description: String,
    pub file_paths: Vec<String>,
}

/// The body of `POST …/{id}/approve`.
#[derive(Clone, Debug, Serialize)]
pub struct DecisionBody {
    pub approve: bool,
    pub comment: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As a running CHORUS (0978bc77) answered a transfer after both steps were approved.
    const CHORUS_TRANSFER: &str = r#"{"id": "4", "tenantId": "1", "requesterId": "13", "type": "APPROVAL_REQUEST_TYPE_DATA_TRANSFER", "status": "APPROVAL_REQUEST_STATUS_APPROVED", "title": "tr", "description": "d", "dataTransfer": {"sourceWorkspaceId": "14", "destinationWorkspaceId": "15", "files": [{"sourcePath": "/disk/out1.csv", "destinationPath": "approval-request-4/disk/out1.csv", "size": "8"}]}, "approverIdsByStep": {"upload": {"ids": ["1"]}, "download": {"ids": ["1"]}}, "stepDecisions": {"download": {"approverId": "1", "approvedAt": "2026-11-25T10:10:04.380348967Z", "approve": true}, "upload": {"approverId": "1", "approvedAt": "2026-11-25T10:10:04.380348967Z", "approve": true}}, "autoApproved": false, "approvalMessage": "", "approvedAt": "2026-11-25T10:10:04.380671Z", "createdAt": "2026-11-25T10:10:04.367843Z", "updatedAt": "2026-11-25T10:10:04.380671Z"}"#;

    #[test]
    fn reads_chorus_transfer() {
        let r: RequestDto = serde_json::from_str(CHORUS_TRANSFER).unwrap();
        let r = r.0;
        assert_eq!(r.kind, Kind::Transfer);
        assert_eq!(r.status, Status::Approved);
        assert_eq!(r.source_workspace_id, "14");
        assert_eq!(r.destination_workspace_id.as_deref(), Some("15"));
        assert_eq!(r.files[0].size, 8);
        let names: Vec<&str> = r.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["download", "upload"]);
        assert!(r.steps[1].decision.as_ref().unwrap().approve);
        assert_eq!(r.steps[0].decision.as_ref().unwrap().comment, None);
    }

    #[test]
    fn reads_a_pending_extraction_and_our_comment() {
        let r: RequestDto = serde_json::from_str(
            r#"{"id":2,"requesterId":"13","type":"APPROVAL_REQUEST_TYPE_DATA_EXTRACTION","status":"APPROVAL_REQUEST_STATUS_REJECTED","title":"<b>t</b>","dataExtraction":{"sourceWorkspaceId":"14","files":[{"sourcePath":"/disk/a","size":3}]},"approverIdsByStep":{"download":{"ids":["1"]}},"stepDecisions":{"download":{"approverId":"1","approve":false,"comment":"no <i>way</i>"}},"approvedAt":null}"#,
        )
        .unwrap();
        let r = r.0;
        assert_eq!(r.id, "2");
        assert_eq!(r.title, "<b>t</b>");
        assert_eq!(r.kind, Kind::Extraction);
        assert_eq!(r.destination_workspace_id, None);
        assert_eq!(
            r.steps[0].decision.as_ref().unwrap().comment.as_deref(),
            Some("no <i>way</i>")
        );
        // An empty comment, sent: the backend keeps comments (ours), none was written.
        let r: RequestDto = serde_json::from_str(
            r#"{"id":"3","stepDecisions":{"download":{"approverId":"1","approve":true,"comment":""}}}"#,
        )
        .unwrap();
        assert_eq!(
            r.0.steps[0].decision.as_ref().unwrap().comment.as_deref(),
            Some("")
        );
        assert_eq!(r.0.comments_kept(), Some(true));
    }

    #[test]
    fn tolerates_odd_replies() {
        // Unknown enums, missing maps, a step map that is not an object: no panic, no error.
        let r: RequestDto = serde_json::from_str(
            r#"{"id":"9","type":"WHAT","status":"SOMETHING","approverIdsByStep":[],"stepDecisions":{"download":"x"}}"#,
        )
        .unwrap();
        assert_eq!(r.0.kind, Kind::Unknown);
        assert_eq!(r.0.status, Status::Unknown);
        assert_eq!(r.0.steps.len(), 1);
        assert!(r.0.steps[0].decision.is_none());
        assert!(serde_json::from_str::<RequestDto>("[1]").is_err());
        let list: RequestsResult =
            serde_json::from_str(r#"{"approvalRequests":[{"id":"1"},{"title":"no id"},3]}"#)
                .unwrap();
        assert_eq!(list.0.len(), 1);
        let empty: RequestsResult = serde_json::from_str("{}").unwrap();
        assert!(empty.0.is_empty());
    }

    #[test]
    fn bodies_are_chorus_shaped() {
        let b = NewRequest {
            source_workspace_id: "3".into(),
            destination_workspace_id: None,
            title: "t".into(),
            description: String::new(),
            file_paths: vec!["/disk/a.csv".into()],
        };
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"sourceWorkspaceId":"3","title":"t","description":"","filePaths":["/disk/a.csv"]}"#
        );
    }
}
