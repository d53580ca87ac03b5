//! The condition timeline of a session: its conditions (one per type) in time order, each
//! explained, with how long each step took. Changes when the timeline's order or durations
//! change.

use crate::domain::conditions::{explain_condition_in, Condition, ConditionStatus, Explanation};
use crate::domain::workbench::Workbench;

/// One row of the condition timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// The condition (type and status verbatim for `data-condition-type` / `data-status`).
    pub condition: Condition,
    /// The type in words.
    pub label: String,
    /// Reason and message explained.
    pub explanation: Explanation,
    /// When it changed (`lastTransitionTime`), epoch ms.
    pub at_ms: Option<i64>,
    /// Time since the previous entry (for the first: since creation/start), `None` without a
    /// time.
    pub since_previous_ms: Option<i64>,
}

/// The conditions (one per type) in time order, each with the time since the previous one:
/// how long each step took. Entries without a parsable time come last, in canonical order;
/// entries with equal times keep canonical order.
pub fn timeline(wb: &Workbench) -> Vec<TimelineEntry> {
    let set = wb.condition_set();
    let failed = wb.is_failed();
    let mut entries: Vec<TimelineEntry> = set
        .ordered()
        .into_iter()
        .map(|c| TimelineEntry {
            condition: c.clone(),
            label: c.label(),
            explanation: explain_condition_in(c, failed),
            at_ms: c.transition_ms(),
            since_previous_ms: None,
        })
        .collect();
    // What has happened, in time order; then the steps not reached yet (status Unknown), in
    // chain order: a backend that stamps them at creation must not list them first.
    let not_yet = |e: &TimelineEntry| e.condition.status == ConditionStatus::Unknown;
    let key = |e: &TimelineEntry| {
        if not_yet(e) {
            (true, false, None)
        } else {
            (false, e.at_ms.is_none(), e.at_ms)
        }
    };
    crate::domain::sort_small(&mut entries, |a, b| key(a).cmp(&key(b)));
    let first = entries.iter().filter(|e| !not_yet(e)).find_map(|e| e.at_ms);
    let mut previous = wb.timeline_start_ms(first);
    for entry in &mut entries {
        if not_yet(entry) {
            continue;
        }
        if let Some(at) = entry.at_ms {
            entry.since_previous_ms = previous.map(|p| at.saturating_sub(p).max(0));
            previous = Some(at);
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{c, healthy, image_pull, missing_secret};

    #[test]
    fn timeline_lists_steps_not_reached_after_those_that_happened() {
        let mut wb = healthy();
        wb.phase = None;
        wb.conditions = vec![
            c("PVCReady", "True", "Bound", "", "2025-11-15T12:00:01Z"),
            c(
                "JobCreated",
                "Unknown",
                "WaitingForPrerequisites",
                "",
                "2025-11-15T12:00:00Z",
            ),
            c(
                "Ready",
                "Unknown",
                "Provisioning",
                "",
                "2025-11-15T12:00:00Z",
            ),
            c(
                "SecretsReady",
                "False",
                "SecretNotFound",
                "",
                "2025-11-15T12:00:02Z",
            ),
        ];
        let order: Vec<String> = timeline(&wb)
            .into_iter()
            .map(|e| e.condition.type_)
            .collect();
        assert_eq!(order, ["PVCReady", "SecretsReady", "JobCreated", "Ready"]);
        let entries = timeline(&wb);
        assert!(entries[2].since_previous_ms.is_none());
        assert_eq!(entries[1].since_previous_ms, Some(1000));
    }

    #[test]
    fn timeline_in_time_order_with_durations() {
        let t = timeline(&image_pull());
        let types: Vec<&str> = t.iter().map(|e| e.condition.type_.as_str()).collect();
        assert_eq!(types, ["PodScheduled", "RunnerStarted", "Ready", "Failed"]);
        let since: Vec<Option<i64>> = t.iter().map(|e| e.since_previous_ms).collect();
        assert_eq!(since, [Some(5_000), Some(115_000), Some(0), Some(0)]);

        let mut wb = healthy();
        wb.conditions.swap(0, 3);
        wb.conditions
            .push(c("Custom", "True", "", "", "not a time"));
        let t = timeline(&wb);
        let types: Vec<&str> = t.iter().map(|e| e.condition.type_.as_str()).collect();
        assert_eq!(
            types,
            [
                "PVCReady",
                "SecretsReady",
                "JobCreated",
                "PodScheduled",
                "RunnerStarted",
                "Ready",
                "Custom"
            ]
        );
        assert_eq!(t.first().and_then(|e| e.since_previous_ms), Some(1_000));
        assert_eq!(t.last().and_then(|e| e.since_previous_ms), None);

        // A restarted session: createdAt long before, startTime just before the events.
        let mut wb = missing_secret();
        wb.created_at = Some("2025-11-01T00:00:00Z".into());
        wb.start_time = Some("2025-11-15T12:00:00Z".into());
        assert_eq!(
            timeline(&wb).first().and_then(|e| e.since_previous_ms),
            Some(1_000)
        );
    }
}
