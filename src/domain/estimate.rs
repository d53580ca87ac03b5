//! How long a session usually takes to start, from the starts this browser has seen: "usually
//! ready in about 40 s" (the median) and, past the 90th percentile, "this is taking longer than
//! usual".
//!
//! A sample is the time from a session's `createdAt` to when it became ready, both read from the
//! server's clock (the `Ready` condition's `lastTransitionTime`, else the `updatedAt` of the
//! first reply that showed it ready, else `startTime`), so a browser clock that is off does not
//! matter. Samples are kept per workspace in `localStorage` as durations with a short hash of the
//! session id (to count each session once): no names, no users, at most [`MAX_SAMPLES`].

use std::collections::VecDeque;

use crate::domain::time::{format_duration, parse_rfc3339_ms};
use crate::domain::workbench::Workbench;

/// Samples kept per workspace (the oldest go first).
pub const MAX_SAMPLES: usize = 50;
/// No estimate from fewer samples than this.
pub const MIN_SAMPLES: usize = 3;
/// A start longer than this is not a sample (a session left stopped, a clock gone wrong).
pub const MAX_PLAUSIBLE_MS: u64 = 2 * 60 * 60 * 1000;

/// What the overlay can say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// The median start time.
    pub median_ms: u64,
    /// The 90th percentile.
    pub p90_ms: u64,
    /// How many starts it comes from.
    pub samples: usize,
}

impl Estimate {
    /// `Usually ready in about 40 s.`
    pub fn usual_sentence(&self) -> String {
        format!("Usually ready in about {}.", about(self.median_ms))
    }

    /// Past the 90th percentile: `This is taking longer than usual (usually about 40 s).`
    pub fn late_sentence(&self, elapsed_ms: u64) -> Option<String> {
        (elapsed_ms > self.p90_ms).then(|| {
            format!(
                "This is taking longer than usual (usually about {}).",
                about(self.median_ms)
            )
        })
    }
}

/// A duration rounded the way people say it: to 5 s under a minute, to the half minute under
/// ten minutes, else to the minute.
pub fn about(ms: u64) -> String {
    let s = ms.div_ceil(1000).max(1);
    let rounded_s = if s < 60 {
        s.div_ceil(5) * 5
    } else if s < 600 {
        s.div_ceil(30) * 30
    } else {
        s.div_ceil(60) * 60
    };
    format_duration(i64::try_from(rounded_s * 1000).unwrap_or(i64::MAX))
}

/// The start times of one workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartTimes {
    /// `(session key, duration ms)`, oldest first.
    samples: VecDeque<(u32, u64)>,
}

impl StartTimes {
    /// Reads the stored text (`"v1 key:ms key:ms …"`); anything unreadable is skipped.
    pub fn parse(text: &str) -> Self {
        let mut out = Self::default();
        let mut words = text.split_whitespace();
        if words.next() != Some("v1") {
            return out;
        }
        for w in words {
            if let Some((k, v)) = w.split_once(':') {
                if let (Ok(k), Ok(v)) = (u32::from_str_radix(k, 16), v.parse::<u64>()) {
                    out.add_keyed(k, v);
                }
            }
        }
        out
    }

    /// The text to store.
    pub fn to_text(&self) -> String {
        let mut out = String::from("v1");
        for (k, v) in &self.samples {
            out.push_str(&format!(" {k:08x}:{v}"));
        }
        out
    }

    /// Adds the start of `session_id` that took `ms` (once per session; the newest value
    /// wins). Returns whether anything changed. Implausible durations are refused.
    pub fn add(&mut self, session_id: &str, ms: u64) -> bool {
        self.add_keyed(key(session_id), ms)
    }

    fn add_keyed(&mut self, k: u32, ms: u64) -> bool {
        if ms == 0 || ms > MAX_PLAUSIBLE_MS {
            return false;
        }
        if let Some(i) = self.samples.iter().position(|(sk, _)| *sk == k) {
            if self.samples[i].1 == ms {
                return false;
            }
            self.samples.remove(i);
        }
        self.samples.push_back((k, ms));
        while self.samples.len() > MAX_SAMPLES {
            self.samples.pop_front();
        }
        true
    }

    /// How many starts are known.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }

    /// The median and 90th percentile, from [`MIN_SAMPLES`] starts on.
    pub fn estimate(&self) -> Option<Estimate> {
        if self.samples.len() < MIN_SAMPLES {
            return None;
        }
        let mut v: Vec<u64> = self.samples.iter().map(|(_, ms)| *ms).collect();
        crate::domain::sort_small(&mut v, u64::cmp);
        Some(Estimate {
            median_ms: quantile(&v, 0.5),
            p90_ms: quantile(&v, 0.9),
            samples: v.len(),
        })
    }
}

/// The `q` quantile of sorted values, linearly interpolated between the closest ranks.
pub fn quantile(sorted: &[u64], q: f64) -> u64 {
    match sorted {
        [] => 0,
        [only] => *only,
        _ => {
            let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = pos.ceil() as usize;
            let frac = pos - lo as f64;
            let a = sorted[lo] as f64;
            let b = sorted[hi] as f64;
            (a + (b - a) * frac).round() as u64
        }
    }
}

/// A short, stable hash of a session id (FNV-1a, 32 bits): enough to count a session once.
fn key(session_id: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in session_id.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// How long a ready session took to start, from the server's timestamps: `createdAt` to the
/// `Ready` condition's `lastTransitionTime` (True), else to `updatedAt` when `first_seen_ready`
/// (the reply that first showed it ready: its last change is the one that made it ready), else
/// to `startTime`. `None` when not ready, a time is missing, or the result is implausible
/// (ready before created: a clock gone wrong).
pub fn start_duration(wb: &Workbench, first_seen_ready: bool) -> Option<u64> {
    if !wb.is_ready() {
        return None;
    }
    let created = parse_rfc3339_ms(wb.created_at.as_deref()?)?;
    let ready_condition = wb
        .condition_set()
        .get(&crate::domain::conditions::ConditionType::Ready)
        .filter(|c| c.status == crate::domain::conditions::ConditionStatus::True)
        .and_then(|c| c.last_transition_time.as_deref())
        .and_then(parse_rfc3339_ms);
    let updated = first_seen_ready
        .then(|| wb.updated_at.as_deref().and_then(parse_rfc3339_ms))
        .flatten();
    let started = wb.start_time.as_deref().and_then(parse_rfc3339_ms);
    let ready = ready_condition.or(updated).or(started)?;
    let ms = u64::try_from(ready.checked_sub(created)?).ok()?;
    (ms > 0 && ms <= MAX_PLAUSIBLE_MS).then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conditions::{Condition, ConditionStatus};
    use crate::domain::workbench::{K8sWorkbenchStatus, ServerPodStatus};

    fn times(ms: &[u64]) -> StartTimes {
        let mut t = StartTimes::default();
        for (i, m) in ms.iter().enumerate() {
            t.add(&i.to_string(), *m);
        }
        t
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        assert_eq!(quantile(&[], 0.5), 0);
        assert_eq!(quantile(&[7], 0.9), 7);
        assert_eq!(quantile(&[10, 20, 30], 0.5), 20);
        assert_eq!(quantile(&[10, 20, 30, 40], 0.5), 25);
        assert_eq!(
            quantile(&[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9),
            91
        );
        assert_eq!(quantile(&[10, 20], 2.0), 20, "q is clamped");
    }

    #[test]
    fn no_estimate_from_fewer_than_three_starts() {
        assert_eq!(times(&[]).estimate(), None);
        assert_eq!(times(&[40_000, 42_000]).estimate(), None);
        let e = times(&[40_000, 38_000, 45_000]).estimate().unwrap();
        assert_eq!(e.median_ms, 40_000);
        assert_eq!(e.samples, 3);
        assert!(e.p90_ms >= e.median_ms && e.p90_ms <= 45_000);
    }

    #[test]
    fn sentences_round_like_people_do() {
        let e = times(&[38_000, 40_000, 41_000]).estimate().unwrap();
        assert_eq!(e.usual_sentence(), "Usually ready in about 40 s.");
        assert_eq!(e.late_sentence(20_000), None);
        assert_eq!(
            e.late_sentence(e.p90_ms),
            None,
            "at the 90th percentile: not yet"
        );
        assert_eq!(
            e.late_sentence(e.p90_ms + 1).as_deref(),
            Some("This is taking longer than usual (usually about 40 s).")
        );
        assert_eq!(about(1), "5 s");
        assert_eq!(about(61_000), "1 min 30 s");
        assert_eq!(about(125_000), "2 min 30 s");
        assert_eq!(about(11 * 60_000 + 5_000), "12 min");
    }

    #[test]
    fn bounded_and_each_session_once() {
        let mut t = StartTimes::default();
        for i in 0..(MAX_SAMPLES + 10) {
            assert!(t.add(&format!("s{i}"), 1_000 + i as u64));
        }
        assert_eq!(t.len(), MAX_SAMPLES);
        // The oldest went first.
        assert_eq!(t.estimate().unwrap().samples, MAX_SAMPLES);
        assert!(!t.add("s59", 1_059), "the same start again changes nothing");
        let before = t.len();
        assert!(
            t.add("s59", 2_000),
            "a new value for the same session replaces it"
        );
        assert_eq!(t.len(), before);
        assert!(!t.add("x", 0));
        assert!(!t.add("x", MAX_PLAUSIBLE_MS + 1));
    }

    #[test]
    fn stored_text_round_trips_and_survives_garbage() {
        let t = times(&[40_000, 38_000, 45_000]);
        let text = t.to_text();
        assert!(text.starts_with("v1 "));
        assert_eq!(StartTimes::parse(&text), t);
        assert!(StartTimes::parse("").is_empty());
        assert!(StartTimes::parse("{\"json\": true}").is_empty());
        let mixed = StartTimes::parse("v1 zz:1 0000000a:500 0000000b:-3 0000000c:600 junk");
        assert_eq!(mixed.len(), 2);
        assert!(!text.contains("alice") && !text.contains("Demo"));
    }

    fn ready_wb(created: &str) -> Workbench {
        Workbench {
            id: "9".into(),
            k8s_status: K8sWorkbenchStatus::Running,
            server_pod_status: ServerPodStatus::Ready,
            created_at: Some(created.into()),
            ..Default::default()
        }
    }

    #[test]
    fn durations_come_from_the_servers_clock() {
        let mut wb = ready_wb("2026-11-22T10:00:00Z");
        wb.updated_at = Some("2026-11-22T10:00:42.500Z".into());
        assert_eq!(start_duration(&wb, true), Some(42_500));
        assert_eq!(
            start_duration(&wb, false),
            None,
            "updatedAt counts only when first seen"
        );
        wb.start_time = Some("2026-11-22T10:00:30Z".into());
        assert_eq!(start_duration(&wb, false), Some(30_000));
        let mut ready = Condition::new("Ready", ConditionStatus::True);
        ready.last_transition_time = Some("2026-11-22T10:00:40Z".into());
        wb.conditions = vec![ready];
        assert_eq!(start_duration(&wb, true), Some(40_000), "Ready wins");
    }

    #[test]
    fn clock_skew_and_unready_sessions_give_no_sample() {
        let mut wb = ready_wb("2026-11-22T10:00:00Z");
        wb.updated_at = Some("2026-11-22T09:59:00Z".into());
        assert_eq!(start_duration(&wb, true), None, "ready before created");
        wb.updated_at = Some("2026-11-23T10:00:00Z".into());
        assert_eq!(start_duration(&wb, true), None, "a day is not a start");
        wb.updated_at = Some("2026-11-22T10:00:20Z".into());
        wb.server_pod_status = ServerPodStatus::Starting;
        assert_eq!(start_duration(&wb, true), None, "not ready yet");
        let no_created = Workbench {
            created_at: None,
            ..ready_wb("x")
        };
        assert_eq!(start_duration(&no_created, true), None);
    }
}
