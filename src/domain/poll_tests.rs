use super::*;
use crate::domain::workbench::K8sWorkbenchStatus;

type P = Poller<Readiness>;
const T0: i64 = 1_763_208_000_000;

/// xorshift64* — deterministic randomness for the property tests.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

fn normal_bounds(p: &PollPolicy) -> (u64, u64) {
    let i = f64::from(p.interval_ms());
    ((i * 0.9).floor() as u64, (i * 1.1).ceil() as u64)
}

#[test]
fn policy_defaults_and_clamping() {
    let d = PollPolicy::default();
    assert_eq!(
        (d.interval_ms(), d.timeout_ms(), d.backoff_max_ms()),
        (2_500, 300_000, 30_000)
    );
    assert_eq!(PollPolicy::new(0, 0, 0), d);
    assert_eq!(PollPolicy::from_config(None, None, None), d);
    let p = PollPolicy::new(5, 1, 1);
    assert_eq!(p.interval_ms(), PollPolicy::MIN_INTERVAL_MS);
    assert_eq!(p.timeout_ms(), 100);
    assert_eq!(p.backoff_max_ms(), 100);
    let p = PollPolicy::new(u64::MAX, u64::MAX, u64::MAX);
    assert_eq!(p.interval_ms(), PollPolicy::MAX_INTERVAL_MS);
    assert_eq!(p.timeout_ms(), PollPolicy::MAX_TIMEOUT_MS);
    assert_eq!(p.backoff_max_ms(), PollPolicy::MAX_BACKOFF_MS);
    let p = PollPolicy::from_config(Some(2_000), Some(60_000), Some(10_000));
    assert_eq!(
        (p.interval_ms(), p.timeout_ms(), p.backoff_max_ms()),
        (2_000, 60_000, 10_000)
    );
}

#[test]
fn jitter_and_backoff_examples() {
    let p = PollPolicy::default();
    assert_eq!(p.normal_delay_ms(0.0), 2_250);
    assert_eq!(p.normal_delay_ms(0.5), 2_500);
    assert_eq!(p.normal_delay_ms(1.0), 2_750);
    assert_eq!(p.normal_delay_ms(f64::NAN), 2_500);
    assert_eq!(p.backoff_cap_ms(1), 5_000);
    assert_eq!(p.backoff_cap_ms(2), 10_000);
    assert_eq!(p.backoff_cap_ms(3), 20_000);
    assert_eq!(p.backoff_cap_ms(4), 30_000);
    assert_eq!(p.backoff_cap_ms(200), 30_000);
    assert_eq!(p.backoff_delay_ms(1, 0.0), 2_500);
    assert_eq!(p.backoff_delay_ms(1, 0.999_999), 4_999);
    assert_eq!(p.backoff_delay_ms(2, 0.0), 5_000);
    assert_eq!(p.backoff_delay_ms(9, -3.0), 15_000);
    assert_eq!(p.backoff_delay_ms(9, 7.0), 30_000);
}

#[test]
fn stops_on_ready_failed_and_fatal() {
    let mut p = P::new(PollPolicy::default(), T0);
    assert_eq!(p.poll_now(T0), Decision::PollAfter(0));
    assert_eq!(
        p.on_outcome(Outcome::Status(Readiness::Waiting), T0 + 100, 0.5),
        Decision::PollAfter(2_500)
    );
    assert_eq!(
        p.on_outcome(Outcome::Status(Readiness::Ready), T0 + 2_700, 0.5),
        Decision::StopReady
    );
    assert!(p.is_stopped());
    // Late replies change nothing.
    assert_eq!(
        p.on_outcome(Outcome::NetworkError, T0 + 9_000, 0.5),
        Decision::StopReady
    );
    assert_eq!(p.poll_now(T0 + 9_000), Decision::StopReady);

    let mut p = P::new(PollPolicy::default(), T0);
    assert_eq!(
        p.on_outcome(Outcome::Status(Readiness::Failed), T0, 0.5),
        Decision::StopFailed
    );

    for (code, kind) in [
        (401, FatalKind::Unauthorized),
        (403, FatalKind::Forbidden),
        (404, FatalKind::NotFound),
        (400, FatalKind::Client(400)),
        (422, FatalKind::Client(422)),
    ] {
        let mut p = P::new(PollPolicy::default(), T0);
        assert_eq!(
            p.on_outcome(Outcome::HttpError(code), T0, 0.5),
            Decision::StopFatal(kind)
        );
    }
    for code in [500, 502, 503, 504, 408, 429] {
        let mut p = P::new(PollPolicy::default(), T0);
        assert!(
            !p.on_outcome(Outcome::HttpError(code), T0, 0.5).is_stop(),
            "{code}"
        );
    }
}

#[test]
fn works_with_workbench_status() {
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(PollPolicy::default(), T0);
    let d = p.on_outcome(Outcome::Status(K8sWorkbenchStatus::Progressing), T0, 0.5);
    assert_eq!(d, Decision::PollAfter(2_500));
    // 304: same as before.
    assert_eq!(
        p.on_outcome(Outcome::NotModified, T0 + 2_500, 0.5),
        Decision::PollAfter(2_500)
    );
    assert_eq!(
        p.on_outcome(Outcome::HttpError(304), T0 + 5_000, 0.5),
        Decision::PollAfter(2_500)
    );
    assert_eq!(
        p.on_outcome(
            Outcome::Status(K8sWorkbenchStatus::Running),
            T0 + 7_500,
            0.5
        ),
        Decision::StopReady
    );
}

#[test]
fn times_out_with_last_status_and_restarts() {
    let policy = PollPolicy::new(2_500, 10_000, 30_000);
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0);
    p.on_outcome(
        Outcome::Status(K8sWorkbenchStatus::Progressing),
        T0 + 100,
        0.5,
    );
    // Near the deadline the delay is shortened to land on it.
    let d = p.on_outcome(
        Outcome::Status(K8sWorkbenchStatus::Progressing),
        T0 + 9_000,
        0.5,
    );
    assert_eq!(d, Decision::PollAfter(1_000));
    assert_eq!(p.next_poll_at_ms(), Some(T0 + 10_000));
    let d = p.on_outcome(Outcome::NotModified, T0 + 10_050, 0.5);
    assert_eq!(
        d,
        Decision::StopTimedOut {
            waited_ms: 10_050,
            last_status: Some(K8sWorkbenchStatus::Progressing)
        }
    );
    assert_eq!(
        timeout_message(300_000, Some(K8sWorkbenchStatus::Progressing.label())),
        "Still not running after 5 min. Last status seen: Starting."
    );
    assert_eq!(
        timeout_message(540_000, Some(NOT_REPORTED)),
        "Still not running after 9 min. Last status seen: none (CHORUS has not reported a status for it)."
    );
    assert_eq!(
        timeout_message(12_000, None),
        "Still not running after 12 s. No status was received."
    );

    // Retry (a new poller): fresh deadline, nothing remembered.
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0 + 60_000);
    assert!(!p.is_stopped());
    assert_eq!(p.last_status(), None);
    assert_eq!(p.deadline_ms(), T0 + 70_000);
    assert_eq!(p.poll_now(T0 + 60_000), Decision::PollAfter(0));
}

#[test]
fn ready_at_the_final_poll_still_counts() {
    let mut p = P::new(PollPolicy::new(2_500, 10_000, 30_000), T0);
    assert_eq!(
        p.on_outcome(Outcome::Status(Readiness::Ready), T0 + 20_000, 0.5),
        Decision::StopReady
    );
}

#[test]
fn hidden_time_counts() {
    let mut p = P::new(PollPolicy::new(2_500, 10_000, 30_000), T0);
    p.poll_now(T0);
    p.on_outcome(Outcome::Status(Readiness::Waiting), T0 + 50, 0.5);
    assert_eq!(p.check_deadline(T0 + 5_000), None);
    // Tab hidden for a minute, visible again.
    assert!(matches!(
        p.poll_now(T0 + 65_000),
        Decision::StopTimedOut {
            waited_ms: 65_000,
            last_status: Some(Readiness::Waiting)
        }
    ));
    // Clock going backwards does not panic or stop.
    let mut p = P::new(PollPolicy::default(), T0);
    assert_eq!(p.poll_now(T0 - 50_000), Decision::PollAfter(0));
    assert_eq!(p.elapsed_ms(T0 - 50_000), 0);
}

#[test]
fn connection_trouble_after_two_failures() {
    let mut p = P::new(PollPolicy::default(), T0);
    p.on_outcome(Outcome::NetworkError, T0, 0.0);
    assert_eq!(p.connection_trouble(), None);
    let d = p.on_outcome(Outcome::Malformed, T0 + 2_500, 0.0);
    assert_eq!(d, Decision::PollAfter(5_000));
    let trouble = p.connection_trouble().expect("trouble");
    assert_eq!(trouble.failures, 2);
    assert_eq!(trouble.retry_at_ms, T0 + 7_500);
    assert_eq!(
        trouble.message(T0 + 2_500),
        "Connection problem — retrying in 5 s"
    );
    assert_eq!(
        trouble.message(T0 + 7_100),
        "Connection problem — retrying in 1 s"
    );
    assert_eq!(
        trouble.message(T0 + 8_000),
        "Connection problem — retrying now"
    );
    p.on_outcome(Outcome::Status(Readiness::Waiting), T0 + 7_600, 0.5);
    assert_eq!(p.connection_trouble(), None);
    assert_eq!(
        FatalKind::NotFound.message(),
        "This session no longer exists"
    );
}

/// Property: every delay is within its bounds, never lands after the deadline, the poller
/// always terminates, and timeouts happen only at or after the deadline.
#[test]
fn prop_delays_bounded_and_deadline_kept() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    for case in 0..4_000 {
        let interval = rng.range(100, 5_000);
        let timeout = rng.range(interval, interval * 40);
        let backoff = rng.range(interval, 60_000);
        let policy = PollPolicy::new(interval, timeout, backoff);
        let start = T0 + rng.range(0, 1_000_000) as i64;
        let mut p = P::new(policy, start);
        let deadline = p.deadline_ms();
        let mut now = start;
        let mut decision = p.poll_now(now);
        let (lo, hi) = normal_bounds(&policy);
        let mut steps = 0;
        while let Decision::PollAfter(delay) = decision {
            steps += 1;
            assert!(steps < 10_000, "case {case}: does not terminate");
            let due = now + delay as i64;
            assert!(
                due <= deadline,
                "case {case}: poll at {due} after deadline {deadline}"
            );
            // Request latency (and sometimes a long hidden tab).
            let latency = if rng.unit() < 0.02 {
                rng.range(0, 2 * timeout)
            } else {
                rng.range(0, 3_000)
            };
            now = due + latency as i64;
            let roll = rng.unit();
            let outcome = match roll {
                r if r < 0.005 => Outcome::Status(Readiness::Ready),
                r if r < 0.010 => Outcome::Status(Readiness::Failed),
                r if r < 0.55 => Outcome::Status(Readiness::Waiting),
                r if r < 0.60 => Outcome::NotModified,
                r if r < 0.80 => Outcome::NetworkError,
                r if r < 0.90 => Outcome::HttpError([500, 502, 503, 504][rng.range(0, 3) as usize]),
                _ => Outcome::Malformed,
            };
            let success = matches!(outcome, Outcome::Status(_) | Outcome::NotModified);
            let failures_before = p.consecutive_failures();
            decision = p.on_outcome(outcome.clone(), now, rng.unit());
            let remaining = (deadline - now).max(0) as u64;
            match &decision {
                Decision::PollAfter(d) => {
                    assert!(now < deadline, "case {case}: polling past the deadline");
                    assert!(*d <= remaining, "case {case}: delay crosses the deadline");
                    let (blo, bhi) = if success {
                        assert_eq!(p.consecutive_failures(), 0);
                        (lo, hi)
                    } else {
                        let n = failures_before + 1;
                        assert_eq!(p.consecutive_failures(), n);
                        let cap = policy.backoff_cap_ms(n);
                        (cap / 2, cap)
                    };
                    assert!(
                        *d == remaining || (blo..=bhi).contains(d),
                        "case {case}: delay {d} outside {blo}..={bhi} (remaining {remaining})"
                    );
                }
                Decision::StopReady => assert_eq!(outcome, Outcome::Status(Readiness::Ready)),
                Decision::StopFailed => assert_eq!(outcome, Outcome::Status(Readiness::Failed)),
                Decision::StopTimedOut { waited_ms, .. } => {
                    assert!(now >= deadline, "case {case}: timed out early");
                    assert_eq!(*waited_ms, (now - start) as u64);
                }
                Decision::StopFatal(_) => panic!("case {case}: no 4xx was sent"),
            }
        }
    }
}

/// Property: back-off bounds grow with n up to the cap, and every back-off delay is within
/// `[cap/2, cap]`.
#[test]
fn prop_backoff_grows_to_cap() {
    let mut rng = Rng(42);
    for _ in 0..2_000 {
        let policy = PollPolicy::new(rng.range(1, 20_000), 0, rng.range(1, 4_000_000));
        let interval = u64::from(policy.interval_ms());
        let max = u64::from(policy.backoff_max_ms());
        let mut previous = interval;
        for n in 1..70u32 {
            let cap = policy.backoff_cap_ms(n);
            assert!(cap >= previous, "cap shrinks at n={n}");
            assert!(cap <= max);
            let expected = interval
                .saturating_mul(1u64.checked_shl(n).unwrap_or(u64::MAX))
                .min(max);
            assert_eq!(cap, expected);
            for _ in 0..5 {
                let d = policy.backoff_delay_ms(n, rng.unit());
                assert!(
                    d >= cap / 2 && d <= cap,
                    "delay {d} outside [{}, {cap}]",
                    cap / 2
                );
            }
            previous = cap;
        }
        assert_eq!(policy.backoff_cap_ms(69), max);
    }
}

/// Property: after any run of failures, one success brings the normal rhythm back.
#[test]
fn prop_one_success_resets() {
    let mut rng = Rng(7);
    for _ in 0..3_000 {
        let policy = PollPolicy::new(
            rng.range(100, 5_000),
            PollPolicy::MAX_TIMEOUT_MS,
            rng.range(100, 60_000),
        );
        let (lo, hi) = normal_bounds(&policy);
        let mut p = P::new(policy, T0);
        let mut now = T0;
        let failures = rng.range(0, 30) as u32;
        for i in 0..failures {
            let outcome = if i % 2 == 0 {
                Outcome::NetworkError
            } else {
                Outcome::HttpError(503)
            };
            now += 1_000;
            p.on_outcome(outcome, now, rng.unit());
        }
        assert_eq!(p.consecutive_failures(), failures);
        now += 1_000;
        let success = if rng.unit() < 0.5 {
            Outcome::Status(Readiness::Waiting)
        } else {
            Outcome::NotModified
        };
        let d = p
            .on_outcome(success, now, rng.unit())
            .delay_ms()
            .expect("keeps polling");
        assert!((lo..=hi).contains(&d), "{d} outside {lo}..={hi}");
        assert_eq!(p.consecutive_failures(), 0);
        assert_eq!(p.connection_trouble(), None);
    }
}

/// Property: jitter stays within ±10 % (so within ui.md's ≤ 20 %).
#[test]
fn prop_jitter_within_bounds() {
    let mut rng = Rng(99);
    for _ in 0..10_000 {
        let policy = PollPolicy::new(rng.range(1, 1_000_000), 0, 0);
        let (lo, hi) = normal_bounds(&policy);
        let d = policy.normal_delay_ms(rng.unit());
        assert!((lo..=hi).contains(&d));
        let i = f64::from(policy.interval_ms());
        assert!((d as f64 - i).abs() <= 0.2 * i);
    }
}

#[test]
fn the_wait_counts_from_an_earlier_start_and_judges_at_once() {
    let policy = PollPolicy::new(2_500, 300_000, 30_000);
    // A page opened 9 minutes after the session was created: the first reply gives the
    // verdict, with the status it brought.
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0);
    p.count_from(T0 - 540_000, T0);
    let d = p.on_outcome(Outcome::Status(K8sWorkbenchStatus::Unknown), T0 + 100, 0.5);
    assert_eq!(
        d,
        Decision::StopTimedOut {
            waited_ms: 540_100,
            last_status: Some(K8sWorkbenchStatus::Unknown)
        }
    );
    // ...unless that reply says ready.
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0);
    p.count_from(T0 - 540_000, T0);
    let d = p.on_outcome(Outcome::Status(K8sWorkbenchStatus::Running), T0 + 100, 0.5);
    assert_eq!(d, Decision::StopReady);
    // Created 1 minute before: still waiting, the deadline 4 minutes away.
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0);
    p.count_from(T0 - 60_000, T0);
    assert_eq!(p.deadline_ms(), T0 + 240_000);
    assert_eq!(p.elapsed_ms(T0 + 1_000), 61_000);
    // Never later than the start or now (a server clock ahead of ours), never once stopped.
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0);
    p.count_from(T0 + 50_000, T0 + 10);
    assert_eq!(p.started_at_ms(), T0);
    let mut p: Poller<K8sWorkbenchStatus> = Poller::new(policy, T0);
    p.on_outcome(Outcome::HttpError(404), T0 + 10, 0.5);
    p.count_from(T0 - 600_000, T0 + 20);
    assert_eq!(p.started_at_ms(), T0);
}
