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
//! - Retry: a new [`Poller`] gives a fresh deadline and forgets failures and the last status.
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
pub(crate) enum Readiness {
    /// Done: stop polling ([`Decision::StopReady`]).
    Ready,
    /// Will not become ready by itself: stop polling ([`Decision::StopFailed`]).
    Failed,
    /// Keep polling.
    Waiting,
}

/// A status the poller can act on.
pub(crate) trait PollStatus: Clone {
    /// Whether polling should stop (and how).
    fn readiness(&self) -> Readiness;
}

impl PollStatus for Readiness {
    fn readiness(&self) -> Readiness {
        *self
    }
}

/// Timing of a poll. Construct with [`PollPolicy::new`] / [`PollPolicy::from_config`] (which
/// clamp), or `PollPolicy::default()` (2500 ms, 5 min, 30 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PollPolicy {
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
    pub(crate) const DEFAULT_INTERVAL_MS: u32 = 2_500;
    /// `startTimeoutMs` default.
    pub(crate) const DEFAULT_TIMEOUT_MS: u64 = 300_000;
    /// `backoffMaxMs` default.
    pub(crate) const DEFAULT_BACKOFF_MAX_MS: u32 = 30_000;
    /// Smallest interval accepted (protects the backend from a typo in the config).
    pub(crate) const MIN_INTERVAL_MS: u32 = 100;
    /// Largest interval accepted.
    pub(crate) const MAX_INTERVAL_MS: u32 = 600_000;
    /// Largest timeout accepted (a day).
    pub(crate) const MAX_TIMEOUT_MS: u64 = 86_400_000;
    /// Largest back-off cap accepted (an hour).
    pub(crate) const MAX_BACKOFF_MS: u32 = 3_600_000;
    /// Jitter of the normal rhythm: ±10 %.
    pub(crate) const JITTER: f64 = 0.1;

    /// A policy from raw numbers, clamped: 0 means "default" for each; the interval is kept in
    /// `MIN_INTERVAL_MS..=MAX_INTERVAL_MS`; the timeout and the back-off cap are at least one
    /// interval (and at most `MAX_TIMEOUT_MS` / `MAX_BACKOFF_MS`).
    pub(crate) fn new(interval_ms: u64, timeout_ms: u64, backoff_max_ms: u64) -> Self {
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
    pub(crate) fn from_config(
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
    #[cfg(test)]
    pub(crate) fn interval_ms(&self) -> u32 {
        self.interval_ms
    }

    /// The deadline, counted from the start.
    pub(crate) fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }

    /// The cap of the error back-off.
    #[cfg(test)]
    pub(crate) fn backoff_max_ms(&self) -> u32 {
        self.backoff_max_ms
    }

    /// The normal delay: `interval × (0.9 + 0.2·rand01)`, rounded.
    pub(crate) fn normal_delay_ms(&self, rand01: f64) -> u64 {
        let factor = 1.0 - Self::JITTER + 2.0 * Self::JITTER * unit(rand01);
        (f64::from(self.interval_ms) * factor).round() as u64
    }

    /// The back-off cap after the n-th failure in a row: `min(backoffMax, interval × 2^n)`
    /// (`n = 0`: the interval).
    pub(crate) fn backoff_cap_ms(&self, n: u32) -> u64 {
        let factor = 1u64.checked_shl(n).unwrap_or(u64::MAX);
        u64::from(self.interval_ms)
            .saturating_mul(factor)
            .min(u64::from(self.backoff_max_ms).max(u64::from(self.interval_ms)))
    }

    /// The delay after the n-th failure in a row: between half and all of
    /// [`Self::backoff_cap_ms`], `cap × (0.5 + 0.5·rand01)` rounded down.
    pub(crate) fn backoff_delay_ms(&self, n: u32, rand01: f64) -> u64 {
        let cap = self.backoff_cap_ms(n);
        let delay = (cap as f64 * (0.5 + 0.5 * unit(rand01))).floor() as u64;
        delay.clamp(cap / 2, cap)
    }
}

/// The result of one poll, as the caller saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome<S> {
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
pub(crate) enum FatalKind {
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
    pub(crate) fn message(self) -> String {
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
pub(crate) enum Decision<S> {
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
    pub(crate) fn is_stop(&self) -> bool {
        !matches!(self, Self::PollAfter(_))
    }

    /// The delay of a `PollAfter`.
    #[cfg(test)]
    pub(crate) fn delay_ms(&self) -> Option<u64> {
        match self {
            Self::PollAfter(ms) => Some(*ms),
            _ => None,
        }
    }
}

/// The last status of a session whose backend reported none (CHORUS's `k8sStatus` `""` with
/// no phase): said as such, never guessed (issue 38).
pub(crate) const NOT_REPORTED: &str = "not reported";

/// The timeout error text: `"Still not running after 5 min. Last status seen: Starting."`.
pub(crate) fn timeout_message(waited_ms: u64, last_status: Option<&str>) -> String {
    let waited = format_duration(i64::try_from(waited_ms).unwrap_or(i64::MAX));
    match last_status {
        Some(NOT_REPORTED) => {
            format!(
                "Still not running after {waited}. Last status seen: none (CHORUS has not reported a status for it)."
            )
        }
        Some(s) if !s.trim().is_empty() => {
            format!("Still not running after {waited}. Last status seen: {s}.")
        }
        _ => format!("Still not running after {waited}. No status was received."),
    }
}

/// Repeated failures worth telling the user about ("Connection problem — retrying in 5 s").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ConnectionTrouble {
    /// Failures in a row.
    pub failures: u32,
    /// When the next attempt is due (epoch ms).
    pub retry_at_ms: i64,
}

impl ConnectionTrouble {
    /// Milliseconds until the next attempt (0 when due).
    pub(crate) fn retry_in_ms(&self, now_ms: i64) -> u64 {
        u64::try_from(self.retry_at_ms.saturating_sub(now_ms)).unwrap_or(0)
    }

    /// `"Connection problem — retrying in 5 s"` (seconds rounded up; `"retrying now"` when
    /// due).
    pub(crate) fn message(&self, now_ms: i64) -> String {
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
pub(crate) struct Poller<S> {
    policy: PollPolicy,
    started_at_ms: i64,
    consecutive_failures: u32,
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
    pub(crate) const TROUBLE_AFTER_FAILURES: u32 = 2;

    /// A poller whose deadline runs from `now_ms`.
    pub(crate) fn new(policy: PollPolicy, now_ms: i64) -> Self {
        Self {
            policy,
            started_at_ms: now_ms,
            consecutive_failures: 0,
            last_status: None,
            next_poll_at_ms: None,
            stopped: None,
        }
    }

    /// Counts the wait from `started_at_ms` instead (a session's `createdAt` on this clock: a
    /// page opened late knows how long the session has really waited, ui.md "Behaviour"). Only
    /// earlier, never later than the start nor than `now_ms`; nothing once stopped. The next
    /// outcome judges by it (at once when the deadline has passed by then).
    pub(crate) fn count_from(&mut self, started_at_ms: i64, now_ms: i64) {
        if self.stopped.is_none() {
            self.started_at_ms = self.started_at_ms.min(started_at_ms.min(now_ms));
        }
    }

    /// When the wait counts from (epoch ms).
    pub(crate) fn started_at_ms(&self) -> i64 {
        self.started_at_ms
    }

    /// Poll at once: at the start, and when the tab becomes visible again. Returns
    /// `PollAfter(0)`, or the stop decision if stopped (or timed out meanwhile).
    pub(crate) fn poll_now(&mut self, now_ms: i64) -> Decision<S> {
        if let Some(stop) = self.check_deadline(now_ms) {
            return stop;
        }
        self.next_poll_at_ms = Some(now_ms);
        Decision::PollAfter(0)
    }

    /// Stops the poller if the deadline has passed (call it from a timer while the tab is
    /// hidden, if the view wants to show the timeout without waiting to be visible). Returns the
    /// stop decision when stopped (now or before), `None` while still polling.
    pub(crate) fn check_deadline(&mut self, now_ms: i64) -> Option<Decision<S>> {
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
    pub(crate) fn on_outcome(
        &mut self,
        outcome: Outcome<S>,
        now_ms: i64,
        rand01: f64,
    ) -> Decision<S> {
        if let Some(stop) = &self.stopped {
            return stop.clone();
        }
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

    /// The deadline, epoch ms.
    pub(crate) fn deadline_ms(&self) -> i64 {
        let timeout = i64::try_from(self.policy.timeout_ms).unwrap_or(i64::MAX);
        self.started_at_ms.saturating_add(timeout)
    }

    /// Wall time waited so far (0 if the clock went backwards): the overlay's "time waited".
    pub(crate) fn elapsed_ms(&self, now_ms: i64) -> u64 {
        u64::try_from(now_ms.saturating_sub(self.started_at_ms)).unwrap_or(0)
    }

    /// Failures in a row (network, malformed, 5xx).
    #[cfg(test)]
    pub(crate) fn consecutive_failures(&self) -> u32 {
        self.consecutive_failures
    }

    /// The last status received since the (re)start.
    #[cfg(test)]
    pub(crate) fn last_status(&self) -> Option<&S> {
        self.last_status.as_ref()
    }

    /// When the scheduled poll is due (epoch ms); `None` when stopped.
    #[cfg(test)]
    pub(crate) fn next_poll_at_ms(&self) -> Option<i64> {
        self.next_poll_at_ms
    }

    /// Whether polling is over.
    pub(crate) fn is_stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// `Some` after [`Self::TROUBLE_AFTER_FAILURES`] or more failures in a row while a retry is
    /// scheduled: show [`ConnectionTrouble::message`].
    pub(crate) fn connection_trouble(&self) -> Option<ConnectionTrouble> {
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
#[path = "poll_tests.rs"]
mod tests;
