//! Browser tests: a data request's approval steps (issue 40), made of the condition timeline's
//! pieces: one `<li data-step data-status>` per step in order, who may decide, who did, and the
//! comment as text (or why there is none).
use std::collections::BTreeMap;

use console::api::wire::requests::RequestDto;
use console::components::approval_steps::ApprovalSteps;
use console::domain::requests::{Request, Status};
use leptos::prelude::*;
use wasm_bindgen_test::*;

use crate::support::{mount, tick};

/// As a running CHORUS (0978bc77) answered a transfer whose `download` step was approved.
const HALF_DECIDED: &str = r#"{"id":"4","requesterId":"13","type":"APPROVAL_REQUEST_TYPE_DATA_TRANSFER","status":"APPROVAL_REQUEST_STATUS_PENDING","title":"tr","dataTransfer":{"sourceWorkspaceId":"14","destinationWorkspaceId":"15","files":[{"sourcePath":"/disk/out1.csv","size":"8"}]},"approverIdsByStep":{"upload":{"ids":["1","7"]},"download":{"ids":["1"]}},"stepDecisions":{"download":{"approverId":"1","approvedAt":"2026-11-25T10:10:04.380348967Z","approve":true}},"createdAt":"2026-11-25T10:10:04.367843Z"}"#;

/// Ours: a rejection with a comment that carries markup.
const REJECTED: &str = r#"{"id":"2","requesterId":"2","type":"APPROVAL_REQUEST_TYPE_DATA_EXTRACTION","status":"APPROVAL_REQUEST_STATUS_REJECTED","title":"t","dataExtraction":{"sourceWorkspaceId":"1","files":[]},"approverIdsByStep":{"download":{"ids":["5"]}},"stepDecisions":{"download":{"approverId":"5","approvedAt":"2026-11-25T10:10:04Z","approve":false,"comment":"<b>no</b> way"}}}"#;

fn request(json: &str) -> Request {
    serde_json::from_str::<RequestDto>(json).unwrap().0
}

fn mounted(r: Request) -> crate::support::Mounted {
    let names: BTreeMap<String, String> = [("1".to_owned(), "Ada (ada)".to_owned())]
        .into_iter()
        .collect();
    mount(move || {
        view! {
            <ApprovalSteps steps=r.steps.clone() status=r.status names=names/>
        }
    })
}

#[wasm_bindgen_test]
async fn steps_are_listed_in_order_with_their_state_and_who_may_decide() {
    let r = request(HALF_DECIDED);
    assert_eq!(r.status, Status::Pending);
    let m = mounted(r);
    tick(10).await;
    let items = m
        .root
        .query_selector_all("[data-testid=approval-steps] li")
        .unwrap();
    assert_eq!(items.length(), 2);
    let first = m.root.query_selector("li[data-step='1']").unwrap().unwrap();
    assert_eq!(
        first.get_attribute("data-step-name").as_deref(),
        Some("download")
    );
    assert_eq!(
        first.get_attribute("data-status").as_deref(),
        Some("approved")
    );
    let text = first.text_content().unwrap_or_default();
    assert!(text.contains("Approved by Ada (ada)"), "{text}");
    // CHORUS keeps no comment: said, not left blank.
    assert!(text.contains("does not keep"), "{text}");
    let second = m.root.query_selector("li[data-step='2']").unwrap().unwrap();
    assert_eq!(
        second.get_attribute("data-status").as_deref(),
        Some("waiting")
    );
    let text = second.text_content().unwrap_or_default();
    // A name that could not be read is counted, never shown as an id (issue 47).
    assert!(
        text.contains("Who may decide: Ada (ada) and one other approver."),
        "{text}"
    );
    assert!(!text.contains("user 7"), "{text}");
    // The session timeline's pieces and styles.
    assert!(m
        .root
        .query_selector("ol.condition-timeline .timeline-status")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn a_comment_is_text_never_markup() {
    let m = mounted(request(REJECTED));
    tick(10).await;
    let li = m.root.query_selector("li[data-step='1']").unwrap().unwrap();
    assert_eq!(li.get_attribute("data-status").as_deref(), Some("rejected"));
    let quote = m.root.query_selector(".step-comment").unwrap().unwrap();
    assert_eq!(quote.text_content().as_deref(), Some("<b>no</b> way"));
    assert!(m.root.query_selector(".step-comment b").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_decider_whose_name_cannot_be_read_is_an_approver() {
    // Decided by user 5, whom the reader may not look up (a member on CHORUS).
    let m = mounted(request(REJECTED));
    tick(10).await;
    let text = m.root.text_content().unwrap_or_default();
    assert!(text.contains("Rejected by an approver"), "{text}");
    assert!(!text.contains("user 5"), "{text}");
}

#[wasm_bindgen_test]
async fn a_request_without_steps_says_so() {
    let mut r = request(REJECTED);
    r.steps.clear();
    let m = mounted(r);
    tick(10).await;
    let text = m.root.text_content().unwrap_or_default();
    assert!(text.contains("No approval step"), "{text}");
}
