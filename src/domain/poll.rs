//! The status-polling policy as a pure state machine (ui.md, "Behaviour the tests check").
//!
//! The caller owns the timer, the HTTP request, the clock and the randomness; [`Poller`] only
//! decides. The loop a view runs:
//!
//! ```text
//! let mut poller = Poller::new(policy, now);
//! let mut decision = poller.poll_now(now);            // PollAfter(0): poll at once
//! loop {
//!     match decision {
//!         Decision::PollAfter(ms) => { sleep(ms); let outcome = fetch().await;
//!                                      decision = poller.on_outcome(outcome, now(), random()); }
//!         stop => { show(stop); break; }
//!     }
//! }
//! ```
//!
//! - Tab hidden: cancel the timer. Visible again: `poller.poll_now(now)` (polls at once, or
//!   stops as timed out if the deadline passed meanwhile: hidden time counts).
//! - Retry: [`Poller::restart`] gives a fresh deadline and forgets failures.
//! - Rhythm: `interval × (0.9 + 0.2·rand)` (jitter ±10 %, within ui.md's ≤ 20 %).
//! - Errors (network, malformed reply, 5xx, 408, 429): after the n-th failure in a row, a random
//!   delay in `[cap/2, cap]` with `cap = min(backoffMaxMs, interval × 2^n)`. One success brings
//!   the normal rhythm back.
//! - Stops: Ready → [`Decision::StopReady`], Failed → [`Decision::StopFailed`], 401/403/404 and
//!   other 4xx → [`Decision::StopFatal`], deadline → [`Decision::StopTimedOut`].
//! - Deadline: `timeout` of wall time since start. No poll is ever scheduled after the deadline:
//!   a delay that would cross it is shortened to land on it (a final poll at the deadline), and
//!   an outcome arriving at or after the deadline stops the poller unless it says Ready/Failed.
//!
//! Generic over the polled status through [`PollStatus`]: implemented for
//! [`crate::domain::workbench::K8sWorkbenchStatus`], [`crate::domain::workbench::Workbench`]
//! and [`Readiness`] itself (map any other status, e.g. an app instance's, to `Readiness`).

use crate::domain::time::format_duration;

/// What a polled status means for the poller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Readiness {
    /// Done: stop polling ([`Decision::StopReady`]).
    Ready,
    /// Will not become ready by itself: stop polling ([`Decision::StopFailed`]).
    Failed,
    /// Keep polling.
    Waiting,
}

/// A status the poller can act on.
pub trait PollStatus: Clone {
    /// Whether polling should stop (and how).
    fn readiness(&self) -> Readiness;
    /// The status in words, for the timeout message ("Last status seen: Starting").
    fn status_label(&self) -> String;
}

impl PollStatus for Readiness {
    fn readiness(&self) -> Readiness {
        *self
    }

    fn status_label(&self) -> String {
        match self {
            Self::Ready => "Ready",
            Self::Failed => "Failed",
            Self::Waiting => "Waiting",
        }
        .to_owned()
    }
}

/// Timing of a poll. Construct with [`PollPolicy::new`] / [`PollPolicy::from_config`] (which
/// clamp), or `PollPolicy::default()` (2500 ms, 5 min, 30 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollPolicy {
    interval_ms: u32,
    timeout_ms: u64,
    backoff_max_ms: u32,
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            interval_ms: Self::DEFAULT_INTERVAL_MS,
            timeout_ms: Self::DEFAULT_TIMEOUT_MS,
            backoff_max_ms: Self::DEFAULT_BACKOFF_MAX_MS,
        }
    }
}

/// A number in `[0, 1]` from the caller's random value (NaN/∞ → 0.5, clamped otherwise).
fn unit(rand01: f64) -> f64 {
    if rand01.is_finite() {
        rand01.clamp(0.0, 1.0)
    } else {
        0.5
    }
}

impl PollPolicy {
    /// `pollIntervalMs` default.
    pub const DEFAULT_INTERVAL_MS: u32 = 2_500;
    /// `startTimeoutMs` default.
    pub const DEFAULT_TIMEOUT_MS: u64 = 300_000;
    /// `backoffMaxMs` default.
    pub const DEFAULT_BACKOFF_MAX_MS: u32 = 30_000;
    /// Smallest interval accepted (protects the backend from a typo in the config).
    pub const MIN_INTERVAL_MS: u32 = 100;
    /// Largest interval accepted.
    pub const MAX_INTERVAL_MS: u32 = 600_000;
    /// Largest timeout accepted (a day).
    pub const MAX_TIMEOUT_MS: u64 = 86_400_000;
    /// Largest back-off cap accepted (an hour).
    pub const MAX_BACKOFF_MS: u32 = 3_600_000;
    /// Jitter of the normal rhythm: ±10 %.
    pub const JITTER: f64 = 0.1;

    /// A policy from raw numbers, clamped: 0 means "default" for each; the interval is kept in
    /// `MIN_INTERVAL_MS..=MAX_INTERVAL_MS`; the timeout and the back-off cap are at least one
    /// interval (and at most `MAX_TIMEOUT_MS` / `MAX_BACKOFF_MS`).
    pub fn new(interval_ms: u64, timeout_ms: u64, backoff_max_ms: u64) -> Self {
        let or_default = |v: u64, d: u64| if v == 0 { d } else { v };
        let interval = or_default(interval_ms, u64::from(Self::DEFAULT_INTERVAL_MS)).clamp(
            u64::from(Self::MIN_INTERVAL_MS),
            u64::from(Self::MAX_INTERVAL_MS),
        );
        let timeout =
            or_default(timeout_ms, Self::DEFAULT_TIMEOUT_MS).clamp(interval, Self::MAX_TIMEOUT_MS);
        let backoff = or_default(backoff_max_ms, u64::from(Self::DEFAULT_BACKOFF_MAX_MS))
            .clamp(interval, u64::from(Self::MAX_BACKOFF_MS));
        Self {
            interval_ms: u32::try_from(interval).unwrap_or(Self::DEFAULT_INTERVAL_MS),
            timeout_ms: timeout,
            backoff_max_ms: u32::try_from(backoff).unwrap_or(Self::DEFAULT_BACKOFF_MAX_MS),
        }
    }

    /// A policy from optional config values (`pollIntervalMs`, `startTimeoutMs`,
    /// `backoffMaxMs`); absent ones take the defaults. Clamped like [`PollPolicy::new`].
    pub fn from_config(
        interval_ms: Option<u64>,
        timeout_ms: Option<u64>,
        backoff_max_ms: Option<u64>,
    ) -> Self {
        Self::new(
            interval_ms.unwrap_or(0),
            timeout_ms.unwrap_or(0),
            backoff_max_ms.unwrap_or(0),
        )
    }

    /// The normal interval.
    pub fn interval_ms(&self) -> u32 {
        self.interval_ms
    }

    /// The deadline, counted from the start.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    /// The cap of the error back-off.
    pub fn backoff_max_ms(&self) -> u32 {
        self.backoff_max_ms
    }

    /// The normal delay: `interval × (0.9 + 0.2·rand01)`, rounded.
    pub fn normal_delay_ms(&self, rand01: f64) -> u64 {
        let factor = 1.0 - Self::JITTER + 2.0 * Self::JITTER * unit(rand01);
        (f64::from(self.interval_ms) * factor).round() as u64
    }

    /// The back-off cap after the n-th failure in a row: `min(backoffMax, interval × 2^n)`
    /// (`n = 0`: the interval).
    pub fn backoff_cap_ms(&self, n: u32) -> u64 {
        let factor = 1u64.checked_shl(n).unwrap_or(u64::MAX);
        u64::from(self.interval_ms)
            .saturating_mul(factor)
            .min(u64::from(self.backoff_max_ms).max(u64::from(self.interval_ms)))
    }

    /// The delay after the n-th failure in a row: between half and all of
    /// [`Self::backoff_cap_ms`], `cap × (0.5 + 0.5·rand01)` rounded down.
    pub fn backoff_delay_ms(&self, n: u32, rand01: f64) -> u64 {
        let cap = self.backoff_cap_ms(n);
        let delay = (cap as f64 * (0.5 + 0.5 * unit(rand01))).floor() as u64;
        delay.clamp(cap / 2, cap)
    }
}

/// The result of one poll, as the caller saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<S> {
    /// A decoded status.
    Status(S),
    /// HTTP 304 (`If-None-Match` matched): the same status as before. Counts as a success.
    NotModified,
    /// A non-2xx HTTP status. 304 is read as `NotModified`; 5xx, 408 and 429 back off; other
    /// 4xx are fatal.
    HttpError(u16),
    /// The request did not complete (offline, DNS, CORS, aborted).
    NetworkError,
    /// A 2xx reply whose body could not be decoded.
    Malformed,
}

/// Why polling stopped for good on an HTTP error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FatalKind {
    /// 401: the login is gone (the app returns to the login page).
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404 (or 410): the session no longer exists.
    NotFound,
    /// Any other 4xx.
    Client(u16),
}

impl FatalKind {
    /// A sentence for the error box.
    pub fn message(self) -> String {
        match self {
            Self::Unauthorized => "Your login has expired; sign in again".to_owned(),
            Self::Forbidden => "You may not see this session".to_owned(),
            Self::NotFound => "This session no longer exists".to_owned(),
            Self::Client(code) => format!("The server refused the request (HTTP {code})"),
        }
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision<S> {
    /// Poll again after this many milliseconds (0: at once).
    PollAfter(u64),
    /// The status is Ready: stop.
    StopReady,
    /// The status is Failed: stop, show the error with Retry.
    StopFailed,
    /// The deadline passed without Ready: stop, show how long it waited and the last status.
    StopTimedOut {
        /// Wall time since the (re)start, in ms.
        waited_ms: u64,
        /// The last status received, if any.
        last_status: Option<S>,
    },
    /// A 4xx that retrying cannot fix.
    StopFatal(FatalKind),
}

impl<S> Decision<S> {
    /// Whether polling is over.
    pub fn is_stop(&self) -> bool {
        !matches!(self, Self::PollAfter(_))
    }

    /// The delay of a `PollAfter`.
    pub fn delay_ms(&self) -> Option<u64> {
        match self {
            Self::PollAfter(ms) => Some(*ms),
            _ => None,
        }
    }
}

/// The timeout error text: `"Still not running after 5 min. Last status seen: Starting."`.
pub fn timeout_message(waited_ms: u64, last_status: Option<&str>) -> String {
    let waited = format_duration(i64::try_from(waited_ms).unwrap_or(i64::MAX));
    match last_status {
        Some(s) if !s.trim().is_empty() => {
            format!("Still not running after {waited}. Last status seen: {s}.")
        }
        _ => format!("Still not running after {waited}. No status was received."),
    }
}

/// Repeated failures worth telling the user about ("Connection problem — retrying in 5 s").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionTrouble {
    /// Failures in a row.
    pub failures: u32,
    /// When the next attempt is due (epoch ms).
    pub retry_at_ms: i64,
}

impl ConnectionTrouble {
    /// Milliseconds until the next attempt (0 when due).
    pub fn retry_in_ms(&self, now_ms: i64) -> u64 {
        u64::try_from(self.retry_at_ms.saturating_sub(now_ms)).unwrap_or(0)
    }

    /// `"Connection problem — retrying in 5 s"` (seconds rounded up; `"retrying now"` when
    /// due).
    pub fn message(&self, now_ms: i64) -> String {
        let secs = self.retry_in_ms(now_ms).div_ceil(1000);
        if secs == 0 {
            "Connection problem — retrying now".to_owned()
        } else {
            format!("Connection problem — retrying in {secs} s")
        }
    }
}

/// The polling state machine. See the module docs for the loop.
#[derive(Debug, Clone, PartialEq)]
pub struct Poller<S> {
    policy: PollPolicy,
    started_at_ms: i64,
    consecutive_failures: u32,
    attempts: u32,
    last_status: Option<S>,
    next_poll_at_ms: Option<i64>,
    stopped: Option<Decision<S>>,
}

/// How an HTTP error status is handled.
enum HttpClass {
    NotModified,
    Retry,
    Fatal(FatalKind),
}

fn classify(code: u16) -> HttpClass {
    match code {
        304 => HttpClass::NotModified,
        401 => HttpClass::Fatal(FatalKind::Unauthorized),
        403 => HttpClass::Fatal(FatalKind::Forbidden),
        404 | 410 => HttpClass::Fatal(FatalKind::NotFound),
        408 | 429 => HttpClass::Retry,
        400..=499 => HttpClass::Fatal(FatalKind::Client(code)),
        _ => HttpClass::Retry,
    }
}

impl<S: PollStatus> Poller<S> {
    /// Failures in a row from which [`Poller::connection_trouble`] reports.
    pub const TROUBLE_AFTER_FAILURES: u32 = 2;

    /// A poller whose deadline runs from `now_ms`.
    pub fn new(policy: PollPolicy, now_ms: i64) -> Self {
        Self {
            policy,
            started_at_ms: now_ms,
            consecutive_failures: 0,
            attempts: 0,
            last_status: None,
            next_poll_at_ms: None,
            stopped: None,
        }
    }

    /// Starts over (Retry): a fresh deadline from `now_ms`, no failures, no attempts, no last
    /// status (a status from before the restart must not stop the new wait). Follow with
    /// [`Self::poll_now`].
    pub fn restart(&mut self, now_ms: i64) {
        *self = Self::new(self.policy, now_ms);
    }

    /// Poll at once: at the start, and when the tab becomes visible again. Returns
    /// `PollAfter(0)`, or the stop decision if stopped (or timed out meanwhile).
    pub fn poll_now(&mut self, now_ms: i64) -> Decision<S> {
        if let Some(stop) = self.check_deadline(now_ms) {
            return stop;
        }
        self.next_poll_at_ms = Some(now_ms);
        Decision::PollAfter(0)
    }

    /// Stops the poller if the deadline has passed (call it from a timer while the tab is
    /// hidden, if the view wants to show the timeout without waiting to be visible). Returns the
    /// stop decision when stopped (now or before), `None` while still polling.
    pub fn check_deadline(&mut self, now_ms: i64) -> Option<Decision<S>> {
        if let Some(stop) = &self.stopped {
            return Some(stop.clone());
        }
        if self.elapsed_ms(now_ms) >= self.policy.timeout_ms {
            return Some(self.timed_out(now_ms));
        }
        None
    }

    /// Feeds the outcome of the poll just made; `rand01` is a random number in `[0, 1)`
    /// (`Math.random()`). Once stopped, it returns the same stop decision and changes nothing.
    pub fn on_outcome(&mut self, outcome: Outcome<S>, now_ms: i64, rand01: f64) -> Decision<S> {
        if let Some(stop) = &self.stopped {
            return stop.clone();
        }
        self.attempts = self.attempts.saturating_add(1);
        match outcome {
            Outcome::Status(status) => {
                let readiness = status.readiness();
                self.last_status = Some(status);
                self.on_success(readiness, now_ms, rand01)
            }
            Outcome::NotModified => self.on_not_modified(now_ms, rand01),
            Outcome::HttpError(code) => match classify(code) {
                HttpClass::NotModified => self.on_not_modified(now_ms, rand01),
                HttpClass::Retry => self.on_failure(now_ms, rand01),
                HttpClass::Fatal(kind) => self.stop(Decision::StopFatal(kind)),
            },
            Outcome::NetworkError | Outcome::Malformed => self.on_failure(now_ms, rand01),
        }
    }

    fn on_not_modified(&mut self, now_ms: i64, rand01: f64) -> Decision<S> {
        let readiness = self
            .last_status
            .as_ref()
            .map_or(Readiness::Waiting, PollStatus::readiness);
        self.on_success(readiness, now_ms, rand01)
    }

    fn on_success(&mut self, readiness: Readiness, now_ms: i64, rand01: f64) -> Decision<S> {
        self.consecutive_failures = 0;
        match readiness {
            Readiness::Ready => self.stop(Decision::StopReady),
            Readiness::Failed => self.stop(Decision::StopFailed),
            Readiness::Waiting => self.schedule(self.policy.normal_delay_ms(rand01), now_ms),
        }
    }

    fn on_failure(&mut self, now_ms: i64, rand01: f64) -> Decision<S> {
        self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        let delay = self
            .policy
            .backoff_delay_ms(self.consecutive_failures, rand01);
        self.schedule(delay, now_ms)
    }

    /// Schedules the next poll, never after the deadline.
    fn schedule(&mut self, delay_ms: u64, now_ms: i64) -> Decision<S> {
        let elapsed = self.elapsed_ms(now_ms);
        if elapsed >= self.policy.timeout_ms {
            return self.timed_out(now_ms);
        }
        let delay = delay_ms.min(self.policy.timeout_ms - elapsed);
        self.next_poll_at_ms =
            Some(now_ms.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX)));
        Decision::PollAfter(delay)
    }

    fn timed_out(&mut self, now_ms: i64) -> Decision<S> {
        let decision = Decision::StopTimedOut {
            waited_ms: self.elapsed_ms(now_ms),
            last_status: self.last_status.clone(),
        };
        self.stop(decision)
    }

    fn stop(&mut self, decision: Decision<S>) -> Decision<S> {
        self.next_poll_at_ms = None;
        self.stopped = Some(decision.clone());
        decision
    }

    /// The policy in use.
    pub fn policy(&self) -> PollPolicy {
        self.policy
    }

    /// When the current wait started (creation or last restart), epoch ms.
    pub fn started_at_ms(&self) -> i64 {
        self.started_at_ms
    }

    /// The deadline, epoch ms.
    pub fn deadline_ms(&self) -> i64 {
        let timeout = i64::try_from(self.policy.timeout_ms).unwrap_or(i64::MAX);
        self.started_at_ms.saturating_add(timeout)
    }

    /// Wall time waited so far (0 if the clock went backwards): the overlay's "time waited".
    pub fn elapsed_ms(&self, now_ms: i64) -> u64 {
        u64::try_from(now_ms.saturating_sub(self.started_at_ms)).unwrap_or(0)
    }

    /// Time left before the deadline.
    pub fn remaining_ms(&self, now_ms: i64) -> u64 {
        self.policy
            .timeout_ms
            .saturating_sub(self.elapsed_ms(now_ms))
    }

    /// Failures in a row (network, malformed, 5xx).
    pub fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures
    }

    /// Outcomes received since the (re)start.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The last status received since the (re)start.
    pub fn last_status(&self) -> Option<&S> {
        self.last_status.as_ref()
    }

    /// When the scheduled poll is due (epoch ms); `None` when stopped.
    pub fn next_poll_at_ms(&self) -> Option<i64> {
        self.next_poll_at_ms
    }

    /// The stop decision, once stopped.
    pub fn stopped(&self) -> Option<&Decision<S>> {
        self.stopped.as_ref()
    }

    /// Whether polling is over.
    pub fn is_stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// `Some` after [`Self::TROUBLE_AFTER_FAILURES`] or more failures in a row while a retry is
    /// scheduled: show [`ConnectionTrouble::message`].
    pub fn connection_trouble(&self) -> Option<ConnectionTrouble> {
        if self.stopped.is_some() || self.consecutive_failures < Self::TROUBLE_AFTER_FAILURES {
            return None;
        }
        Some(ConnectionTrouble {
            failures: self.consecutive_failures,
            retry_at_ms: self.next_poll_at_ms?,
        })
    }
}

#[cfg(test)]
mod tests {
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
            timeout_message(12_000, None),
            "Still not running after 12 s. No status was received."
        );

        // Retry: fresh deadline, nothing remembered.
        p.restart(T0 + 60_000);
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
                    r if r < 0.90 => {
                        Outcome::HttpError([500, 502, 503, 504][rng.range(0, 3) as usize])
                    }
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
}
