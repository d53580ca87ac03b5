//! The run stream's health: where it is ([`StreamStatus`], in words for the indicator's
//! tooltip) and how long to wait before reopening it ([`sse_reconnect_delay_ms`]).

/// Smallest reconnect delay of the run stream.
pub(crate) const SSE_RECONNECT_MIN_MS: u32 = 1_000;
/// Largest reconnect delay of the run stream.
pub(crate) const SSE_RECONNECT_MAX_MS: u32 = 30_000;

/// Delay before reopening the run stream after it failed, with "equal jitter".
///
/// `attempt` counts the reconnections in a row that did not get an `init` (0 for the first one;
/// reset it to 0 when an `init` arrives). `rand01` is a random number in `[0, 1)` (e.g.
/// `Math.random()`; out-of-range values are clamped, NaN counts as 0).
///
/// With `cap = min(30 s, 1 s × 2^attempt)` the delay is `cap × (0.5 + 0.5 × rand01)`, never
/// below 1 s: attempt 0 → 1 s, 1 → 1–2 s, 2 → 2–4 s, … and from attempt 5 on 15–30 s.
pub(crate) fn sse_reconnect_delay_ms(attempt: u32, rand01: f64) -> u32 {
    let r = if rand01.is_nan() {
        0.0
    } else {
        rand01.clamp(0.0, 1.0)
    };
    let exp = 2f64.powi(attempt.min(32) as i32);
    let cap = (f64::from(SSE_RECONNECT_MIN_MS) * exp).min(f64::from(SSE_RECONNECT_MAX_MS));
    let delay = cap * (0.5 + 0.5 * r);
    let delay = delay.clamp(
        f64::from(SSE_RECONNECT_MIN_MS),
        f64::from(SSE_RECONNECT_MAX_MS),
    );
    delay.round() as u32
}

/// Where the run stream is.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum StreamStatus {
    /// Not signed in: no stream.
    #[default]
    Off,
    /// Opening (first time, or after a back-off).
    Connecting,
    /// Open; events flow.
    Live,
    /// The connection dropped and the browser is reconnecting by itself (the server closed it
    /// cleanly, or the network blinked). The next `init` resyncs.
    Interrupted,
    /// The browser gave up (an error reply): the console reopens the stream at `retry_at_ms`.
    Reconnecting {
        /// When the next attempt starts (`Date.now()` milliseconds).
        retry_at_ms: f64,
    },
}

impl StreamStatus {
    /// What the indicator's tooltip says about the stream, `None` when all is well:
    /// `Live updates lost — reconnecting in 4 s`, `Live updates interrupted — reconnecting…`.
    pub(crate) fn problem(&self, now_ms: f64) -> Option<String> {
        match self {
            StreamStatus::Interrupted => {
                Some("Live updates interrupted — reconnecting…".to_string())
            }
            StreamStatus::Reconnecting { retry_at_ms } => {
                let left = ((retry_at_ms - now_ms) / 1000.0).ceil();
                if left.is_finite() && left >= 1.0 {
                    // Whole seconds as an integer: no float formatting.
                    let secs = left.min(86_400.0) as u32;
                    Some(format!("Live updates lost — reconnecting in {secs} s"))
                } else {
                    Some("Live updates lost — reconnecting…".to_string())
                }
            }
            _ => None,
        }
    }
}
