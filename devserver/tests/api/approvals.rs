//! CHORUS's approval-request service, the "airlock" (api.md "Approval-request service"), both
//! flavors: extractions and transfers, their staged files, the steps and their approvers, the
//! list and the count, the notifications, the demo's pending request.
//!
//! Demo: in ours wendy (`WorkspaceAdmin` of Demo) is Demo's data manager; in the chorus flavor
//! admin (`WorkspaceDataManager` of Demo). Nobody manages Genomics' data at the start.

use crate::common::*;
use devserver::codec::{base64_decode, base64_encode};
use serde_json::{json, Value};

/// The directory of the server's files (`GET /api/dev/stores`).
async fn files_dir(s: &Srv) -> std::path::PathBuf {
    let v = s.get("/api/dev/stores", None).await.ok();
    v["directory"].as_str().expect("directory").into()
}

fn ar(rest: &str) -> String {
    p(&format!("/approval-requests{rest}"))
}

async fn wendy(s: &Srv) -> String {
    s.login("wendy", "wendy123").await
}

async fn nora(s: &Srv) -> String {
    s.login("nora", "nora1234").await
}

async fn extraction(s: &Srv, tok: &str, ws: u64, title: &str, paths: &[&str]) -> Resp {
    let body = json!({
        "sourceWorkspaceId": ws.to_string(),
        "title": title,
        "description": "for the report",
        "filePaths": paths,
    });
    s.post(&ar("/data-extraction"), Some(tok), &body.to_string())
        .await
}

async fn transfer(s: &Srv, tok: &str, from: u64, to: u64, paths: &[&str]) -> Resp {
    let body = json!({
        "sourceWorkspaceId": from.to_string(),
        "destinationWorkspaceId": to,
        "title": "To Genomics",
        "filePaths": paths,
    });
    s.post(&ar("/data-transfer"), Some(tok), &body.to_string())
        .await
}

async fn decide(s: &Srv, tok: &str, id: &str, approve: bool) -> Resp {
    let body = json!({"approve": approve, "comment": "looks fine"});
    s.post(&ar(&format!("/{id}/approve")), Some(tok), &body.to_string())
        .await
}

async fn put_file(s: &Srv, tok: &str, ws: u64, path: &str, data: &[u8]) -> Resp {
    let body = json!({"path": path, "content": base64_encode(data)});
    s.post(
        &p(&format!("/workspaces/{ws}/file")),
        Some(tok),
        &body.to_string(),
    )
    .await
}

/// The request of a create or get reply.
fn req(v: &Value) -> &Value {
    &v["result"]["approvalRequest"]
}

fn id_of(v: &Value) -> String {
    req(v)["id"].as_str().expect("id").to_string()
}

/// An error with this status, `chorusCode` and message.
#[track_caller]
fn err(r: &Resp, status: u16, code: &str, message: &str) {
    let v = r.assert_status_and_code(status, code);
    assert_eq!(v["details"][0]["message"], message, "{v}");
}

async fn unread(s: &Srv, tok: &str) -> Vec<Value> {
    let v = s
        .get(&p("/notifications?isRead=false"), Some(tok))
        .await
        .ok();
    v["result"].as_array().unwrap().clone()
}

async fn list(s: &Srv, tok: &str, query: &str) -> Value {
    s.get(&format!("{}?{query}", ar("")), Some(tok)).await.ok()
}

fn list_ids(v: &Value) -> Vec<String> {
    ids(&v["result"]["approvalRequests"])
}

#[tokio::test]
async fn the_demo_waits_for_every_data_manager_of_demo() {
    for (config, approver) in [(frozen(), "wendy"), (chorus(), "admin")] {
        let s = srv_with(config);
        let password = if approver == "wendy" {
            "wendy123"
        } else {
            "admin123"
        };
        let tok = s.login(approver, password).await;
        let v = list(&s, &tok, "filter.pendingApproval=true").await;
        let rows = v["result"]["approvalRequests"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{v}");
        let r = &rows[0];
        assert_eq!(r["id"], "1");
        assert_eq!(r["status"], "APPROVAL_REQUEST_STATUS_PENDING");
        assert_eq!(r["type"], "APPROVAL_REQUEST_TYPE_DATA_EXTRACTION");
        assert_eq!(r["requesterId"], "2");
        assert_eq!(r["dataExtraction"]["sourceWorkspaceId"], "1");
        let me = if approver == "wendy" { "5" } else { "1" };
        assert_eq!(r["approverIdsByStep"], json!({"download": {"ids": [me]}}));
        assert_eq!(
            r["dataExtraction"]["files"][0]["destinationPath"],
            "approval-request-1/disk/raw/measurements.csv"
        );
        // The demo starts without a notification.
        assert!(unread(&s, &tok).await.is_empty());
        // It can be approved, and a reset brings it back pending.
        decide(&s, &tok, "1", true).await.ok();
        s.dev("POST", "/api/dev/reset", "{}").await;
        let tok = s.login(approver, password).await;
        let v = s.get(&ar("/1"), Some(&tok)).await.ok();
        assert_eq!(req(&v)["status"], "APPROVAL_REQUEST_STATUS_PENDING");
        let alice = s.alice().await;
        // Its data manager reads it before deciding. CHORUS compares the path with the
        // sourcePath as stored, `/disk/…`: only a URL with `//` names it.
        let file = if approver == "admin" {
            ar("/1/files//disk/raw/measurements.csv")
        } else {
            ar("/1/files/disk/raw/measurements.csv")
        };
        let v = s.get(&file, Some(&tok)).await.ok();
        assert_eq!(
            v["result"]["file"]["sourcePath"],
            "/disk/raw/measurements.csv"
        );
        assert!(v["result"]["content"].as_str().unwrap().len() > 10);
        // alice, its requester: not yet.
        err(
            &s.get(&file, Some(&alice)).await,
            403,
            "PERMISSION_DENIED",
            "Request is not approved",
        );
    }
}

#[tokio::test]
async fn an_extraction_is_made_staged_and_announced_to_its_approver() {
    let s = srv();
    let alice = s.alice().await;
    let title = r#"<img src=x onerror=alert(1)> Q1 & "totals""#;
    let v = extraction(
        &s,
        &alice,
        1,
        title,
        &["/disk/notes.txt", "disk/raw/samples.csv"],
    )
    .await
    .ok();
    let r = req(&v);
    assert_eq!(r["id"], "2");
    assert_eq!(r["tenantId"], "1");
    assert_eq!(r["requesterId"], "2");
    assert_eq!(r["title"], title, "markup kept as text");
    assert_eq!(r["description"], "for the report");
    assert_eq!(r["status"], "APPROVAL_REQUEST_STATUS_PENDING");
    assert_eq!(r["autoApproved"], false);
    assert_eq!(r["approvalMessage"], "");
    assert_eq!(r["approvedAt"], Value::Null);
    assert_eq!(r["stepDecisions"], json!({}));
    assert!(r.get("dataTransfer").is_none());
    assert_rfc3339(&r["createdAt"]);
    assert_eq!(r["createdAt"], r["updatedAt"]);
    assert_eq!(r["approverIdsByStep"], json!({"download": {"ids": ["5"]}}));
    let notes = std::fs::read_to_string(
        files_dir(&s)
            .await
            .join("disk/workspaces/workspace1/notes.txt"),
    )
    .unwrap();
    assert_eq!(
        r["dataExtraction"]["files"],
        json!([
            {"sourcePath": "/disk/notes.txt", "destinationPath": "approval-request-2/disk/notes.txt", "size": notes.len().to_string()},
            {"sourcePath": "disk/raw/samples.csv", "destinationPath": "approval-request-2/disk/raw/samples.csv", "size": r["dataExtraction"]["files"][1]["size"]},
        ])
    );
    // wendy is told, as CHORUS tells an approver.
    let w = wendy(&s).await;
    let n = unread(&s, &w).await;
    assert_eq!(n.len(), 1, "{n:?}");
    assert_eq!(
        n[0]["content"],
        json!({"approvalRequestNotification": {"approvalRequestId": "2", "autoapproved": false}})
    );
    assert_eq!(
        n[0]["message"],
        format!("Approval request '{title}' has been created and is pending your approval.")
    );
    // The title comes back as sent from a get too.
    let v = s.get(&ar("/2"), Some(&w)).await.ok();
    assert_eq!(req(&v)["title"], title);
}

#[tokio::test]
async fn a_request_of_a_data_manager_is_approved_at_once() {
    let s = srv();
    let w = wendy(&s).await;
    let v = extraction(&s, &w, 1, "Mine", &["/disk/notes.txt"])
        .await
        .ok();
    let r = req(&v);
    assert_eq!(r["status"], "APPROVAL_REQUEST_STATUS_APPROVED");
    assert_eq!(r["autoApproved"], true);
    assert_eq!(
        r["approvalMessage"],
        "Auto-approved: requester has permission to download files from workspace"
    );
    assert_eq!(r["approverIdsByStep"], json!({}));
    assert_rfc3339(&r["approvedAt"]);
    let n = unread(&s, &w).await;
    assert_eq!(
        n[0]["content"]["approvalRequestNotification"]["autoapproved"],
        true
    );
    // Downloadable at once.
    let v = s
        .get(
            &ar(&format!("/{}/files/disk/notes.txt", id_of(&v))),
            Some(&w),
        )
        .await
        .ok();
    assert_eq!(v["result"]["file"]["sourcePath"], "/disk/notes.txt");
}

#[tokio::test]
async fn without_a_data_manager_nothing_can_be_asked() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let alice = s.alice().await;
        let r = extraction(&s, &alice, 2, "Genomics", &["/disk/notes.txt"]).await;
        err(
            &r,
            400,
            "INVALID_REQUEST",
            "No workspace data manager found for this workspace; please assign a data manager before creating approval requests",
        );
        let r = transfer(&s, &alice, 2, 1, &["/disk/notes.txt"]).await;
        err(
            &r,
            400,
            "INVALID_REQUEST",
            "No workspace data manager found for the source workspace; please assign a data manager before creating approval requests",
        );
    }
    // With the switch off, any holder of the permission approves (ours: alice, a member of
    // Genomics, so her own request is approved at once).
    let s = srv();
    let v = s
        .dev(
            "PUT",
            "/api/dev/approvals",
            r#"{"requireDataManagerApproval":false}"#,
        )
        .await
        .ok();
    assert_eq!(v, json!({"requireDataManagerApproval": false}));
    let admin = s.admin().await;
    let v = extraction(&s, &admin, 2, "Genomics", &["/disk/notes.txt"])
        .await
        .ok();
    assert_eq!(
        req(&v)["approverIdsByStep"],
        json!({"download": {"ids": ["2"]}})
    );
    let r = extraction(&s, &admin, 3, "Imaging", &["/disk/notes.txt"]).await;
    // admin holds it through "*": the fallback when nobody holds it in the workspace itself.
    assert_eq!(req(&r.ok())["autoApproved"], true);
    s.dev("POST", "/api/dev/reset", "{}").await;
    let v = s.get("/api/dev/approvals", None).await.ok();
    assert_eq!(v, json!({"requireDataManagerApproval": true}));
}

#[tokio::test]
async fn bodies_and_files_are_checked() {
    let s = srv();
    let alice = s.alice().await;
    let url = ar("/data-extraction");
    let r = s
        .post(
            &url,
            Some(&alice),
            r#"{"title":"x","filePaths":["/disk/notes.txt"]}"#,
        )
        .await;
    err(
        &r,
        400,
        "INVALID_REQUEST",
        "Source workspace ID is required",
    );
    let r = s
        .post(&url, Some(&alice), r#"{"sourceWorkspaceId":"1"}"#)
        .await;
    err(
        &r,
        400,
        "INVALID_REQUEST",
        "At least one file path is required",
    );
    for dir in ["/disk/raw/", "/disk/raw"] {
        let r = extraction(&s, &alice, 1, "d", &[dir]).await;
        err(
            &r,
            400,
            "INVALID_REQUEST",
            &format!("Directories are not supported: {dir}"),
        );
    }
    let r = extraction(&s, &alice, 1, "d", &["/disk/nope.csv"]).await;
    err(
        &r,
        500,
        "INTERNAL_ERROR",
        "Unable to get file with content at path /disk/nope.csv",
    );
    let r = extraction(&s, &alice, 1, "d", &["/tape/x.csv"]).await;
    err(&r, 400, "INVALID_REQUEST", "Unknown file store: tape");
    let r = extraction(&s, &alice, 1, "d", &["/disk/../../etc/passwd"]).await;
    err(
        &r,
        400,
        "INVALID_REQUEST",
        "Invalid path: /disk/../../etc/passwd",
    );
    let r = s
        .post(
            &url,
            Some(&alice),
            r#"{"sourceWorkspaceId":"1","destinationWorkspaceId":"2","filePaths":["/disk/notes.txt"]}"#,
        )
        .await;
    r.assert_error(400, "INVALID_REQUEST");
    let r = s
        .post(
            &ar("/data-transfer"),
            Some(&alice),
            r#"{"sourceWorkspaceId":"1","filePaths":["/disk/notes.txt"]}"#,
        )
        .await;
    err(
        &r,
        400,
        "INVALID_REQUEST",
        "Destination workspace ID is required",
    );
    // Unknown workspaces (ours), no permission, no login.
    let r = extraction(&s, &alice, 99, "d", &["/disk/notes.txt"]).await;
    r.assert_error(404, "NOT_FOUND");
    let r = extraction(&s, &nora(&s).await, 1, "d", &["/disk/notes.txt"]).await;
    r.assert_error(403, "PERMISSION_DENIED");
    let r = s.post(&url, None, "{}").await;
    r.assert_status_and_code(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn the_files_are_copied_when_the_request_is_made() {
    let s = srv();
    let alice = s.alice().await;
    put_file(&s, &alice, 1, "/disk/scratch/out.csv", b"a,b\n1,2\n")
        .await
        .ok();
    let v = extraction(&s, &alice, 1, "Out", &["/disk/scratch/out.csv"])
        .await
        .ok();
    let id = id_of(&v);
    // The file is deleted and another written under its name: the request keeps the first.
    s.delete(&p("/workspaces/1/file/disk/scratch/out.csv"), Some(&alice))
        .await
        .ok();
    put_file(&s, &alice, 1, "/disk/scratch/out.csv", b"changed")
        .await
        .ok();
    let w = wendy(&s).await;
    let v = decide(&s, &w, &id, true).await.ok();
    assert_eq!(req(&v)["status"], "APPROVAL_REQUEST_STATUS_APPROVED");
    assert_rfc3339(&req(&v)["approvedAt"]);
    assert_eq!(req(&v)["stepDecisions"]["download"]["approverId"], "5");
    assert_eq!(req(&v)["stepDecisions"]["download"]["approve"], true);
    let v = s
        .get(
            &ar(&format!("/{id}/files/disk/scratch/out.csv")),
            Some(&alice),
        )
        .await
        .ok();
    assert_eq!(
        base64_decode(v["result"]["content"].as_str().unwrap()).unwrap(),
        b"a,b\n1,2\n"
    );
    assert_eq!(
        v["result"]["file"],
        json!({"sourcePath": "/disk/scratch/out.csv", "destinationPath": format!("approval-request-{id}/disk/scratch/out.csv"), "size": "8"})
    );
    // alice is told.
    let n = unread(&s, &alice).await;
    assert_eq!(
        n.last().unwrap()["message"],
        "Approval request 'Out' has been approved."
    );
    // A file the request does not hold; the request's file under another name.
    let r = s
        .get(&ar(&format!("/{id}/files/disk/notes.txt")), Some(&alice))
        .await;
    err(&r, 404, "NOT_FOUND", "File not found in request");
    // An outsider.
    let r = s
        .get(
            &ar(&format!("/{id}/files/disk/scratch/out.csv")),
            Some(&nora(&s).await),
        )
        .await;
    r.assert_error(403, "PERMISSION_DENIED");
}

#[tokio::test]
async fn a_rejection_is_final() {
    let s = srv();
    let alice = s.alice().await;
    let id = id_of(
        &extraction(&s, &alice, 1, "No", &["/disk/notes.txt"])
            .await
            .ok(),
    );
    let w = wendy(&s).await;
    // Not an approver: bob may download from Demo, but is no data manager; nora nothing.
    let r = decide(&s, &s.bob().await, &id, true).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User is not authorized to approve any pending step of this request",
    );
    let r = decide(&s, &nora(&s).await, &id, true).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User does not have permission to approve any pending step of this request",
    );
    // Ours wants `approve` said.
    let r = s.post(&ar(&format!("/{id}/approve")), Some(&w), "{}").await;
    assert_eq!(r.validation_fields(), ["approve"]);
    let v = decide(&s, &w, &id, false).await.ok();
    assert_eq!(req(&v)["status"], "APPROVAL_REQUEST_STATUS_REJECTED");
    assert_eq!(req(&v)["stepDecisions"]["download"]["approve"], false);
    assert_eq!(req(&v)["approvedAt"], Value::Null);
    for again in [true, false] {
        let r = decide(&s, &w, &id, again).await;
        err(
            &r,
            400,
            "INVALID_REQUEST",
            "Request is not pending approval",
        );
    }
    let r = s
        .get(&ar(&format!("/{id}/files/disk/notes.txt")), Some(&alice))
        .await;
    err(&r, 403, "PERMISSION_DENIED", "Request is not approved");
    let n = unread(&s, &alice).await;
    assert_eq!(
        n.last().unwrap()["message"],
        "Approval request 'No' has been rejected."
    );
    assert_eq!(
        n.last().unwrap()["content"]["approvalRequestNotification"]["approvalRequestId"],
        id
    );
}

#[tokio::test]
async fn an_approved_transfer_lands_in_the_destination() {
    let s = srv();
    let admin = s.admin().await;
    // nora becomes Genomics' data manager (ours: its WorkspaceAdmin).
    s.post(
        &p("/users/6/role"),
        Some(&admin),
        r#"{"role":{"name":"WorkspaceAdmin","context":{"workspace":"2"}}}"#,
    )
    .await
    .ok();
    let alice = s.alice().await;
    put_file(&s, &alice, 1, "/disk/scratch/results.csv", b"r,1\n")
        .await
        .ok();
    let v = transfer(
        &s,
        &alice,
        1,
        2,
        &["/disk/scratch/results.csv", "/disk/notes.txt"],
    )
    .await
    .ok();
    let r = req(&v);
    assert_eq!(r["type"], "APPROVAL_REQUEST_TYPE_DATA_TRANSFER");
    assert!(r.get("dataExtraction").is_none());
    assert_eq!(r["dataTransfer"]["sourceWorkspaceId"], "1");
    assert_eq!(r["dataTransfer"]["destinationWorkspaceId"], "2");
    assert_eq!(
        r["approverIdsByStep"],
        json!({"download": {"ids": ["5"]}, "upload": {"ids": ["6"]}})
    );
    let id = id_of(&v);
    // Nothing arrives before both steps are approved.
    let w = wendy(&s).await;
    let v = decide(&s, &w, &id, true).await.ok();
    assert_eq!(req(&v)["status"], "APPROVAL_REQUEST_STATUS_PENDING");
    let r = decide(&s, &w, &id, true).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User does not have permission to approve any pending step of this request",
    );
    let listing = |v: Value| -> Vec<String> {
        v["result"]["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect()
    };
    let n = nora(&s).await;
    let v = decide(&s, &n, &id, true).await.ok();
    assert_eq!(req(&v)["status"], "APPROVAL_REQUEST_STATUS_APPROVED");
    assert_eq!(req(&v)["stepDecisions"]["upload"]["approverId"], "6");
    // At the same path in Genomics; a name taken there gets a UUID.
    let scratch = listing(
        s.get(&p("/workspaces/2/files/disk/scratch/"), Some(&admin))
            .await
            .ok(),
    );
    assert_eq!(scratch, ["results.csv"]);
    let top = listing(
        s.get(&p("/workspaces/2/files/disk/"), Some(&admin))
            .await
            .ok(),
    );
    let renamed: Vec<&String> = top
        .iter()
        .filter(|n| n.starts_with("notes_") && n.ends_with(".txt"))
        .collect();
    assert_eq!(renamed.len(), 1, "{top:?}");
    assert_eq!(renamed[0].len(), "notes_.txt".len() + 36);
    assert!(top.contains(&"notes.txt".to_string()));
    // A transfer has nothing to download.
    let r = s
        .get(&ar(&format!("/{id}/files/disk/notes.txt")), Some(&alice))
        .await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "Only data extraction requests have downloadable files",
    );
    let r = decide(&s, &n, &id, true).await;
    err(
        &r,
        400,
        "INVALID_REQUEST",
        "Request is not pending approval",
    );
}

#[tokio::test]
async fn who_may_read_a_request() {
    let s = srv();
    let alice = s.alice().await;
    let id = id_of(
        &extraction(&s, &alice, 1, "Read", &["/disk/notes.txt"])
            .await
            .ok(),
    );
    s.get(&ar(&format!("/{id}")), Some(&alice)).await.ok();
    s.get(&ar(&format!("/{id}")), Some(&wendy(&s).await))
        .await
        .ok();
    // bob may download from Demo.
    s.get(&ar(&format!("/{id}")), Some(&s.bob().await))
        .await
        .ok();
    let r = s.get(&ar(&format!("/{id}")), Some(&nora(&s).await)).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User does not have permission to get this request",
    );
    for unknown in ["999", "abc"] {
        let r = s.get(&ar(&format!("/{unknown}")), Some(&alice)).await;
        err(&r, 404, "NOT_FOUND", "Approval request not found");
        let r = decide(&s, &alice, unknown, true).await;
        err(&r, 404, "NOT_FOUND", "Approval request not found");
        let r = s
            .get(
                &ar(&format!("/{unknown}/files/disk/notes.txt")),
                Some(&alice),
            )
            .await;
        err(&r, 404, "NOT_FOUND", "Approval request not found");
        let r = s.delete(&ar(&format!("/{unknown}")), Some(&alice)).await;
        err(&r, 404, "NOT_FOUND", "Approval request not found");
    }
    s.get(&ar(&format!("/{id}")), None)
        .await
        .assert_status_and_code(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn lists_are_the_callers_filtered_sorted_and_paged() {
    let s = srv();
    let alice = s.alice().await;
    let w = wendy(&s).await;
    let admin = s.admin().await;
    s.post(
        &p("/users/6/role"),
        Some(&admin),
        r#"{"role":{"name":"WorkspaceAdmin","context":{"workspace":"2"}}}"#,
    )
    .await
    .ok();
    // 1 is the demo's. 2, 3 extractions; 4 a transfer; 5 wendy's own (approved at once).
    for t in ["Beta", "alpha"] {
        extraction(&s, &alice, 1, t, &["/disk/notes.txt"])
            .await
            .ok();
    }
    transfer(&s, &alice, 1, 2, &["/disk/notes.txt"]).await.ok();
    extraction(&s, &w, 1, "Wendy's", &["/disk/notes.txt"])
        .await
        .ok();
    decide(&s, &w, "3", false).await.ok();

    let v = list(&s, &alice, "").await;
    assert_eq!(list_ids(&v), ["1", "2", "3", "4"]);
    assert_eq!(
        v["pagination"],
        json!({"total": 4, "offset": 0, "limit": 0, "sort": {"order": "ASC", "type": "createdat"}})
    );
    let v = list(&s, &w, "").await;
    assert_eq!(list_ids(&v), ["1", "2", "3", "4", "5"]);
    // nora: Genomics' data manager, so an approver of the transfer only.
    let v = list(&s, &nora(&s).await, "").await;
    assert_eq!(list_ids(&v), ["4"]);
    let v = list(&s, &s.bob().await, "").await;
    assert_eq!(list_ids(&v), Vec::<String>::new());
    assert_eq!(v["pagination"]["total"], 0);

    // Pages.
    let v = list(&s, &w, "pagination.offset=1&pagination.limit=2").await;
    assert_eq!(list_ids(&v), ["2", "3"]);
    assert_eq!(v["pagination"]["total"], 5);
    assert_eq!(v["pagination"]["limit"], 2);
    assert_eq!(v["pagination"]["offset"], 1);
    let v = list(&s, &w, "pagination.limit=500").await;
    assert_eq!(v["pagination"]["limit"], 20);
    let v = list(&s, &w, "pagination.offset=4").await;
    assert_eq!(list_ids(&v), ["5"]);
    assert_eq!(v["pagination"]["limit"], 20);
    // Sorted.
    let v = list(
        &s,
        &alice,
        "pagination.sort.type=title&pagination.sort.order=desc",
    )
    .await;
    assert_eq!(list_ids(&v), ["4", "1", "2", "3"]);
    assert_eq!(
        v["pagination"]["sort"],
        json!({"order": "DESC", "type": "title"})
    );
    let r = s
        .get(
            &format!("{}?pagination.sort.order=up", ar("")),
            Some(&alice),
        )
        .await;
    r.assert_error(400, "VALIDATION_ERROR");

    // Filters.
    let v = list(&s, &w, "filter.statusesIn=APPROVAL_REQUEST_STATUS_REJECTED").await;
    assert_eq!(list_ids(&v), ["3"]);
    let v = list(
        &s,
        &w,
        "filter.statusesIn=APPROVAL_REQUEST_STATUS_REJECTED&filter.statusesIn=2",
    )
    .await;
    assert_eq!(list_ids(&v), ["3", "5"]);
    let v = list(&s, &w, "filter.typesIn=APPROVAL_REQUEST_TYPE_DATA_TRANSFER").await;
    assert_eq!(list_ids(&v), ["4"]);
    let v = list(&s, &w, "filter.pendingApproval=true").await;
    assert_eq!(list_ids(&v), ["1", "2", "4"]);
    let v = list(&s, &w, "filter.requesterId=5").await;
    assert_eq!(list_ids(&v), ["5"]);
    let v = list(&s, &w, "filter.approverId=5").await;
    assert_eq!(list_ids(&v), ["1", "2", "3", "4"]);
    let v = list(&s, &w, "filter.workspaceId=2").await;
    assert_eq!(list_ids(&v), ["4"]);
    let v = list(
        &s,
        &w,
        "filter.statusesIn=APPROVAL_REQUEST_STATUS_CANCELLED",
    )
    .await;
    assert_eq!(list_ids(&v), Vec::<String>::new());
    let r = s
        .get(&format!("{}?filter.statusesIn=DONE", ar("")), Some(&w))
        .await;
    r.assert_error(400, "VALIDATION_ERROR");

    // The count of one's own.
    let v = s.get(&ar("/mine/count"), Some(&w)).await.ok();
    assert_eq!(
        v,
        json!({"result": {
            "total": "5",
            "totalApprover": "4",
            "totalRequester": "1",
            "countByStatus": {"pending": "3", "approved": "1", "rejected": "1", "cancelled": "0"},
            "countByType": {"data_extraction": "4", "data_transfer": "1"},
        }})
    );
    let v = s.get(&ar("/mine/count"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["total"], "4");
    assert_eq!(v["result"]["totalApprover"], "0");
    assert_eq!(v["result"]["totalRequester"], "4");
}

#[tokio::test]
async fn only_the_requester_deletes_a_pending_request() {
    let s = srv();
    let alice = s.alice().await;
    let w = wendy(&s).await;
    let id = id_of(
        &extraction(&s, &alice, 1, "Gone", &["/disk/notes.txt"])
            .await
            .ok(),
    );
    let staged = files_dir(&s).await.join(format!(
        ".staging/disk/approval-request-{id}/disk/notes.txt"
    ));
    assert!(staged.is_file());
    let r = s.delete(&ar(&format!("/{id}")), Some(&w)).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User is not authorized to delete this request",
    );
    let v = s.delete(&ar(&format!("/{id}")), Some(&alice)).await.ok();
    assert_eq!(v, json!({"result": {}}));
    assert!(!staged.exists());
    let r = s.get(&ar(&format!("/{id}")), Some(&alice)).await;
    err(&r, 404, "NOT_FOUND", "Approval request not found");
    assert!(!list_ids(&list(&s, &alice, "").await).contains(&id));
    // A decided one stays.
    decide(&s, &w, "1", true).await.ok();
    let r = s.delete(&ar("/1"), Some(&alice)).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User is not authorized to delete this request",
    );
}

/// The chorus flavor: CHORUS's permissions (its middleware before its service), its error
/// spelling, the path of a download equal to the `sourcePath` as stored.
#[tokio::test]
async fn the_chorus_flavor_checks_as_chorus_does() {
    let s = srv_with(chorus());
    let alice = s.alice().await;
    let admin = s.admin().await;
    // alice, WorkspaceMember of Demo, holds createRequest; admin is its data manager.
    let v = extraction(
        &s,
        &alice,
        1,
        "Q1",
        &["/disk/notes.txt", "disk/raw/samples.csv"],
    )
    .await
    .ok();
    let id = id_of(&v);
    assert_eq!(
        req(&v)["approverIdsByStep"],
        json!({"download": {"ids": ["1"]}})
    );
    assert_rfc3339(&req(&v)["createdAt"]);
    // bob, WorkspaceGuest, holds createRequest too; nora does not.
    let r = extraction(&s, &nora(&s).await, 1, "x", &["/disk/notes.txt"]).await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(
        v["message"],
        "required permission: createRequest@workspace=1"
    );
    // wendy, WorkspaceAdmin: may read it (getRequest), may not approve it (no download).
    let w = wendy(&s).await;
    s.get(&ar(&format!("/{id}")), Some(&w)).await.ok();
    let r = decide(&s, &w, &id, true).await;
    err(
        &r,
        403,
        "PERMISSION_DENIED",
        "User does not have permission to approve any pending step of this request",
    );
    // protobuf's bool: an approve without `approve` is a rejection.
    let r = s
        .post(&ar("/1/approve"), Some(&admin), r#"{"comment":"no"}"#)
        .await;
    assert_eq!(req(&r.ok())["status"], "APPROVAL_REQUEST_STATUS_REJECTED");
    // A decided extraction: CHORUS's middleware asks only the download permission (admin has
    // it), so its service answers (seen on a running CHORUS 0978bc77); the rejection stamped
    // `approvedAt` there too.
    let r = decide(&s, &admin, "1", true).await;
    err(
        &r,
        400,
        "INVALID_REQUEST",
        "Request is not pending approval",
    );
    let got = s.get(&ar("/1"), Some(&admin)).await;
    assert!(req(&got.ok())["approvedAt"].is_string());
    // A folder or a missing file is CHORUS's 500, read before it looks at what it is.
    for p in ["/disk/raw/", "/disk/nope.csv"] {
        let r = extraction(&s, &admin, 1, "d", &[p]).await;
        err(
            &r,
            500,
            "INTERNAL_ERROR",
            &format!("Unable to get file with content at path {p}"),
        );
    }
    // No page asked for: no `pagination`.
    let all = s.get(&ar("?filter.approverId=1"), Some(&admin)).await.ok();
    assert!(all.get("pagination").is_none(), "{all}");
    decide(&s, &admin, &id, true).await.ok();
    // The path must be the stored sourcePath: `/disk/notes.txt` is not `disk/notes.txt`.
    let r = s
        .get(&ar(&format!("/{id}/files/disk/notes.txt")), Some(&alice))
        .await;
    let v = r.assert_chorus_error(404, "NOT_FOUND");
    assert_eq!(v["message"], "File not found in request");
    let v = s
        .get(
            &ar(&format!("/{id}/files/disk/raw/samples.csv")),
            Some(&alice),
        )
        .await
        .ok();
    assert_eq!(v["result"]["file"]["sourcePath"], "disk/raw/samples.csv");
    // Lists: listRequests on the workspace filtered (none: 0) unless asking for one's own.
    let r = s.get(&ar(""), Some(&alice)).await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(
        v["message"],
        "required permission: listRequests@workspace=0"
    );
    let v = list(&s, &alice, "filter.requesterId=2").await;
    assert_eq!(list_ids(&v), ["1", id.as_str()]);
    let v = s.get(&ar("/mine/count"), Some(&alice)).await.ok();
    assert_eq!(v["result"]["totalRequester"], "2");
    // Delete: deleteRequest in the context request=<id>, which only a "*" matches.
    let r = s.delete(&ar(&format!("/{id}")), Some(&alice)).await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(
        v["message"],
        format!("required permission: deleteRequest@request={id}")
    );
    let r = s.delete(&ar(&format!("/{id}")), Some(&admin)).await;
    let v = r.assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(
        v["message"],
        "User is not authorized to delete this request"
    );
    // An id that is not a number: grpc-gateway's 400; an unknown one: 404.
    let r = s.get(&ar("/abc"), Some(&alice)).await;
    assert_gateway(&r, 400, 3);
    let r = s.get(&ar("/999"), Some(&alice)).await;
    let v = r.assert_chorus_error(404, "NOT_FOUND");
    assert_eq!(v["message"], "Approval request not found");
    // A request admin makes in Demo is approved at once (its data manager).
    let v = extraction(&s, &admin, 1, "Own", &["/disk/notes.txt"])
        .await
        .ok();
    assert_eq!(req(&v)["autoApproved"], true);
    // Unknown fields: grpc-gateway's error.
    let r = s
        .post(
            &ar("/data-extraction"),
            Some(&alice),
            r#"{"sourceWorkspaceId":"1","filePaths":["/disk/notes.txt"],"extra":1}"#,
        )
        .await;
    assert_gateway(&r, 400, 3);
}
