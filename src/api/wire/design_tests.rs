//! The conditions design's three sessions, as the API sends them (`fixtures/design_sessions.rs`,
//! the copy the browser tests render), decode to the domain's own fixtures
//! (`domain/fixtures.rs`, what the domain's tests reason about): the two copies cannot drift.
use super::workbench::decode_workbench;
use crate::domain::fixtures::{healthy, image_pull, missing_secret};
use crate::domain::workbench::Workbench;

include!("../../../fixtures/design_sessions.rs");

/// What both copies say: the phase, the Kubernetes status, the times, and each condition's type,
/// status, reason, message and time (the wire copy leaves `observedGeneration` out).
fn said(w: &Workbench) -> impl PartialEq + std::fmt::Debug {
    let conditions: Vec<_> = w
        .conditions
        .iter()
        .map(|c| {
            (
                c.type_.clone(),
                c.status,
                c.reason.clone(),
                c.message.clone(),
                c.last_transition_time.clone(),
            )
        })
        .collect();
    (
        w.phase,
        w.k8s_status,
        w.start_time.clone(),
        w.completion_time.clone(),
        conditions,
    )
}

#[test]
fn the_wire_copy_decodes_to_the_domain_fixtures() {
    for (name, body, fixture) in [
        ("healthy", HEALTHY, healthy()),
        ("missing secret", MISSING_SECRET, missing_secret()),
        ("image pull", IMAGE_PULL, image_pull()),
    ] {
        let decoded = decode_workbench(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(said(&decoded), said(&fixture), "{name}");
    }
}
