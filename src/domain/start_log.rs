//! The start log of a session: every change the console saw while the session started (its
//! status, the desktop server's status, the phase, each condition's status and reason, errors
//! and retries), oldest first, each with the time it was seen and the time since the start.
//! Bounded: a session watched for hours keeps its first entries and its latest ones.

use std::collections::{BTreeMap, VecDeque};

use crate::domain::text::is_bidi_control;
use crate::domain::time::{format_duration, format_rfc3339_utc};
use crate::domain::workbench::{ServerPodStatus, Workbench};

/// Entries kept; beyond, the oldest after the first [`KEEP_FIRST`] go (and are counted).
pub const MAX_ENTRIES: usize = 200;
/// The first entries are always kept: how it began matters in a support ticket.
pub const KEEP_FIRST: usize = 20;

/// What an entry is about (for styles and tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Status,
    Server,
    Phase,
    Condition,
    Error,
    Retry,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Server => "server",
            Self::Phase => "phase",
            Self::Condition => "condition",
            Self::Error => "error",
            Self::Retry => "retry",
        }
    }
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// When it was seen (browser clock, epoch ms).
    pub at_ms: i64,
    /// Since the start of the wait it belongs to.
    pub since_start_ms: u64,
    pub kind: EntryKind,
    /// What changed, in words: `Status: Running (was Starting)`.
    pub text: String,
}

/// What the log compares replies with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Seen {
    status: String,
    server: Option<String>,
    phase: Option<String>,
    /// type → (status, reason)
    conditions: BTreeMap<String, (String, Option<String>)>,
}

impl Seen {
    fn of(wb: &Workbench) -> Self {
        Seen {
            status: wb.k8s_status.label().to_string(),
            server: (wb.server_pod_status != ServerPodStatus::Unset)
                .then(|| wb.server_pod_status.label().to_string()),
            // Only a phase the backend sent: a derived one would repeat the conditions.
            phase: wb.phase.map(|p| p.label().to_string()),
            conditions: wb
                .conditions
                .iter()
                .map(|c| {
                    (
                        c.type_.clone(),
                        (c.status.as_wire().to_string(), c.reason.clone()),
                    )
                })
                .collect(),
        }
    }
}

/// The log of one session page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartLog {
    entries: VecDeque<LogEntry>,
    /// Entries dropped to stay within [`MAX_ENTRIES`].
    dropped: usize,
    last: Option<Seen>,
    started_at_ms: i64,
    last_error: Option<String>,
}

/// Longest entry kept, in characters (a server message may be any size).
pub const MAX_ENTRY_CHARS: usize = 500;

/// Server text as one plain line: control characters (newlines included) become spaces,
/// bidirectional controls (which can make a line read as something else, U+202A–U+202E,
/// U+2066–U+2069, U+200E/F, U+061C) go, and the line ends with `…` beyond
/// [`MAX_ENTRY_CHARS`].
pub fn plain_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_ENTRY_CHARS * 4));
    let mut count = 0;
    for c in s.chars() {
        if is_bidi_control(c) {
            continue;
        }
        if count == MAX_ENTRY_CHARS {
            out.push('…');
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
        count += 1;
    }
    out
}

/// `Status: Running (was Starting)`, or `Status: Starting` for the first sighting.
fn change(what: &str, from: Option<&str>, to: &str) -> String {
    match from {
        Some(f) => format!("{what}: {to} (was {f})"),
        None => format!("{what}: {to}"),
    }
}

impl StartLog {
    /// An empty log whose clock starts at `started_at_ms`.
    pub fn new(started_at_ms: i64) -> Self {
        Self {
            started_at_ms,
            ..Self::default()
        }
    }

    pub fn entries(&self) -> impl Iterator<Item = &LogEntry> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries were dropped to keep the log bounded.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    fn push(&mut self, at_ms: i64, kind: EntryKind, text: String) {
        let text = plain_text(&text);
        let since = u64::try_from(at_ms.saturating_sub(self.started_at_ms)).unwrap_or(0);
        self.entries.push_back(LogEntry {
            at_ms,
            since_start_ms: since,
            kind,
            text,
        });
        while self.entries.len() > MAX_ENTRIES {
            self.entries.remove(KEEP_FIRST.min(self.entries.len() - 1));
            self.dropped += 1;
        }
    }

    /// A reply of the status poll: one entry per change since the last reply (on the first,
    /// the state it starts from). Returns whether anything was added.
    pub fn observe(&mut self, wb: &Workbench, at_ms: i64) -> bool {
        let now = Seen::of(wb);
        let before = self.entries.len() + self.dropped;
        let last = self.last.take();
        let prev = last.as_ref();
        if prev.map(|p| &p.status) != Some(&now.status) {
            let text = change("Status", prev.map(|p| p.status.as_str()), &now.status);
            self.push(at_ms, EntryKind::Status, text);
        }
        if let Some(server) = &now.server {
            if prev.and_then(|p| p.server.as_ref()) != Some(server) {
                let from = prev.and_then(|p| p.server.as_deref());
                let mut text = change("Desktop server", from, server);
                if let Some(m) = wb
                    .server_pod_message
                    .as_deref()
                    .filter(|m| !m.trim().is_empty())
                {
                    text.push_str(&format!(": {}", m.trim()));
                }
                self.push(at_ms, EntryKind::Server, text);
            }
        }
        if let Some(phase) = &now.phase {
            if prev.and_then(|p| p.phase.as_ref()) != Some(phase) {
                let from = prev.and_then(|p| p.phase.as_deref());
                self.push(at_ms, EntryKind::Phase, change("Phase", from, phase));
            }
        }
        // Conditions in the order the backend lists them.
        for c in &wb.conditions {
            let Some((status, reason)) = now.conditions.get(&c.type_) else {
                continue;
            };
            let old = prev.and_then(|p| p.conditions.get(&c.type_));
            if old == Some(&(status.clone(), reason.clone())) {
                continue;
            }
            let mut text = change(
                &format!("Condition {}", c.type_),
                old.map(|(s, _)| s.as_str()),
                status,
            );
            if let Some(r) = reason {
                text.push_str(&format!(", reason {r}"));
            }
            self.push(at_ms, EntryKind::Condition, text);
        }
        self.last = Some(now);
        self.last_error = None;
        self.entries.len() + self.dropped > before
    }

    /// A failed poll or request, in words (the same error twice in a row is one entry).
    pub fn error(&mut self, text: &str, at_ms: i64) {
        if self.last_error.as_deref() == Some(text) {
            return;
        }
        self.last_error = Some(text.to_string());
        self.push(at_ms, EntryKind::Error, format!("Error: {text}"));
    }

    /// A retry by the user: a new wait starts (its clock too); changes are still compared with
    /// what was seen before.
    pub fn retry(&mut self, at_ms: i64, restarts: bool) {
        self.started_at_ms = at_ms;
        self.last_error = None;
        // Said as it is: only a backend with `…/start` is asked to start the session again.
        let words = if restarts {
            "Retry: asked the backend to start it again"
        } else {
            "Retry: checking its status again"
        };
        self.push(at_ms, EntryKind::Retry, words.to_string());
    }

    /// The log as plain text for a support ticket: a title line, then one line per entry
    /// (`2026-11-22T10:00:03Z  +3 s  Status: Running (was Starting)`).
    pub fn as_text(&self, title: &str) -> String {
        let mut out = format!("{}\n", plain_text(title));
        for (i, e) in self.entries.iter().enumerate() {
            if self.dropped > 0 && i == KEEP_FIRST {
                out.push_str(&format!("… {} entries left out …\n", self.dropped));
            }
            out.push_str(&format!(
                "{}  +{}  {}\n",
                format_rfc3339_utc(e.at_ms),
                format_duration(i64::try_from(e.since_start_ms).unwrap_or(i64::MAX)),
                e.text
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::conditions::{Condition, ConditionStatus};
    use crate::domain::workbench::{K8sWorkbenchStatus, Phase};

    const T0: i64 = 1_763_208_000_000;

    fn wb(
        k8s: K8sWorkbenchStatus,
        pod: ServerPodStatus,
        conds: &[(&str, ConditionStatus)],
    ) -> Workbench {
        Workbench {
            k8s_status: k8s,
            server_pod_status: pod,
            conditions: conds.iter().map(|(t, s)| Condition::new(t, *s)).collect(),
            ..Default::default()
        }
    }

    fn texts(log: &StartLog) -> Vec<String> {
        log.entries().map(|e| e.text.clone()).collect()
    }

    #[test]
    fn records_each_change_once_oldest_first() {
        use ConditionStatus::{False, True, Unknown};
        use K8sWorkbenchStatus::{Progressing, Running};
        let mut log = StartLog::new(T0);
        assert!(log.observe(
            &wb(
                Progressing,
                ServerPodStatus::Waiting,
                &[("PVCReady", Unknown)]
            ),
            T0 + 500
        ));
        assert!(!log.observe(
            &wb(
                Progressing,
                ServerPodStatus::Waiting,
                &[("PVCReady", Unknown)]
            ),
            T0 + 3_000
        ));
        let mut secrets = Condition::new("SecretsReady", False);
        secrets.reason = Some("SecretNotFound".into());
        let mut w = wb(
            Progressing,
            ServerPodStatus::Starting,
            &[("PVCReady", True)],
        );
        w.conditions.push(secrets);
        w.server_pod_message = Some("Pulling image".into());
        log.observe(&w, T0 + 5_000);
        log.observe(
            &wb(
                Running,
                ServerPodStatus::Ready,
                &[("PVCReady", True), ("SecretsReady", True)],
            ),
            T0 + 9_000,
        );
        assert_eq!(
            texts(&log),
            [
                "Status: Starting",
                "Desktop server: Waiting",
                "Condition PVCReady: Unknown",
                "Desktop server: Starting (was Waiting): Pulling image",
                "Condition PVCReady: True (was Unknown)",
                "Condition SecretsReady: False, reason SecretNotFound",
                "Status: Running (was Starting)",
                "Desktop server: Ready (was Starting)",
                "Condition SecretsReady: True (was False)",
            ]
        );
        let times: Vec<u64> = log.entries().map(|e| e.since_start_ms).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
        assert_eq!(times[0], 500);
    }

    #[test]
    fn a_backend_without_extensions_still_has_a_log() {
        let mut log = StartLog::new(T0);
        log.observe(
            &wb(K8sWorkbenchStatus::Unknown, ServerPodStatus::Unset, &[]),
            T0,
        );
        log.observe(
            &wb(K8sWorkbenchStatus::Running, ServerPodStatus::Unset, &[]),
            T0 + 1,
        );
        assert_eq!(
            texts(&log),
            ["Status: Unknown", "Status: Running (was Unknown)"]
        );
        let mut with_phase = wb(K8sWorkbenchStatus::Running, ServerPodStatus::Unset, &[]);
        with_phase.phase = Some(Phase::Running);
        log.observe(&with_phase, T0 + 2);
        assert_eq!(log.entries().last().unwrap().text, "Phase: Running");
    }

    #[test]
    fn errors_and_retries_are_entries() {
        let mut log = StartLog::new(T0);
        log.error("HTTP 502", T0 + 1);
        log.error("HTTP 502", T0 + 2);
        log.error("HTTP 503", T0 + 3);
        log.retry(T0 + 10_000, false);
        assert_eq!(
            log.entries().last().map(|e| e.text.as_str()),
            Some("Retry: checking its status again")
        );
        log.observe(
            &wb(K8sWorkbenchStatus::Progressing, ServerPodStatus::Unset, &[]),
            T0 + 10_500,
        );
        let kinds: Vec<&str> = log.entries().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["error", "error", "retry", "status"]);
        assert_eq!(
            log.entries().last().unwrap().since_start_ms,
            500,
            "the retry restarts the clock"
        );
    }

    #[test]
    fn bounded_keeping_the_first_entries() {
        let mut log = StartLog::new(T0);
        for i in 0..(MAX_ENTRIES + 50) {
            log.error(&format!("error {i}"), T0 + i as i64);
        }
        assert_eq!(log.len(), MAX_ENTRIES);
        assert_eq!(log.dropped(), 50);
        let t = texts(&log);
        assert_eq!(t[0], "Error: error 0");
        assert_eq!(
            t[KEEP_FIRST - 1],
            format!("Error: error {}", KEEP_FIRST - 1)
        );
        assert_eq!(
            t.last().unwrap(),
            &format!("Error: error {}", MAX_ENTRIES + 49)
        );
        let text = log.as_text("Session Demo (id 5)");
        assert!(text.starts_with("Session Demo (id 5)\n"));
        assert!(text.contains("… 50 entries left out …"));
        assert_eq!(text.lines().count(), 1 + MAX_ENTRIES + 1);
    }

    #[test]
    fn server_text_is_one_plain_bounded_line() {
        let mut log = StartLog::new(T0);
        let mut w = wb(
            K8sWorkbenchStatus::Progressing,
            ServerPodStatus::Starting,
            &[],
        );
        w.server_pod_message =
            Some("ok\u{202e}gnp.exe\u{202c} line\nforged: Status: Running\u{7}\u{2066}x".into());
        log.observe(&w, T0);
        let text = &log.entries().last().expect("an entry").text;
        assert!(
            text.ends_with("okgnp.exe line forged: Status: Running x"),
            "{text}"
        );
        assert!(!text.chars().any(|c| c.is_control() || is_bidi_control(c)));
        log.error(&"x".repeat(5_000), T0 + 1);
        let long = &log.entries().last().expect("the error").text;
        assert_eq!(long.chars().count(), MAX_ENTRY_CHARS + 1);
        assert!(long.ends_with('…'));
        assert!(log
            .as_text("Session \u{202e}X\n")
            .starts_with("Session X \n"));
        assert_eq!(plain_text("plain"), "plain");
    }

    #[test]
    fn text_for_a_ticket() {
        let mut log = StartLog::new(T0);
        log.observe(
            &wb(K8sWorkbenchStatus::Progressing, ServerPodStatus::Unset, &[]),
            T0 + 3_000,
        );
        assert_eq!(
            log.as_text("Session X"),
            "Session X\n2025-11-15T12:00:03Z  +3 s  Status: Starting\n"
        );
    }
}
