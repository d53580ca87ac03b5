//! Conditions (the Kubernetes `metav1.Condition` shape) and what they mean for a user.
//!
//! - [`Condition`], [`ConditionStatus`], [`ConditionType`]: the data, parsed leniently.
//! - [`ConditionSet`]: the list as a map keyed by type (missing → `Unknown`, duplicates → last
//!   wins), in canonical order, and [`ConditionSet::derive_phase`].
//! - The reason catalogue: [`explain_reason`], [`explain_condition`], [`explain_exit_code`] turn a
//!   CamelCase reason and its message into an [`Explanation`]: a plain-language summary, a hint
//!   that names what the message names (a secret, an image), and a [`Severity`].
//! - For a session page: [`steps`] (progress stepper), [`current_step_sentence`] (the loading
//!   overlay's sentence), [`failure_explanation`] and [`current_problem`] (the error box),
//!   [`timeline`] (conditions in time order with durations).
//!
//! Everything here returns plain text; none of it is markup, and messages from the server are
//! kept verbatim: render them as text.

use crate::domain::time::parse_rfc3339_ms;
use crate::domain::workbench::{Phase, Workbench};

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// A condition's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ConditionStatus {
    /// `"True"`.
    True,
    /// `"False"`.
    False,
    /// `"Unknown"`, `""`, absent, or anything else.
    #[default]
    Unknown,
}

impl ConditionStatus {
    /// Parses `"True"` / `"False"` case-insensitively; anything else is `Unknown`.
    pub fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "true" => Self::True,
            "false" => Self::False,
            _ => Self::Unknown,
        }
    }

    /// `"True"`, `"False"` or `"Unknown"`: the value for `data-status`.
    pub fn as_wire(self) -> &'static str {
        match self {
            Self::True => "True",
            Self::False => "False",
            Self::Unknown => "Unknown",
        }
    }

    /// Whether this is `True`.
    pub fn is_true(self) -> bool {
        self == Self::True
    }
}

/// A condition's `type`. The known ones are the canonical start-up chain ([`STEP_TYPES`]) plus
/// `Completed` and `Failed`; anything else is kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ConditionType {
    /// `PVCReady`: the session's storage volume is bound.
    PvcReady,
    /// `SecretsReady`: required secrets exist.
    SecretsReady,
    /// `JobCreated`: the Kubernetes job exists.
    JobCreated,
    /// `PodScheduled`: the pod has a node.
    PodScheduled,
    /// `RunnerStarted`: the desktop container runs.
    RunnerStarted,
    /// `Ready`: everything is up.
    Ready,
    /// `Completed`: finished successfully.
    Completed,
    /// `Failed`: failed permanently.
    Failed,
    /// Any other type, verbatim.
    Other(String),
}

/// The canonical start-up chain, in order: storage, secrets, job, scheduling, runner, ready.
pub const STEP_TYPES: [ConditionType; 6] = [
    ConditionType::PvcReady,
    ConditionType::SecretsReady,
    ConditionType::JobCreated,
    ConditionType::PodScheduled,
    ConditionType::RunnerStarted,
    ConditionType::Ready,
];

impl ConditionType {
    /// Parses a type; the known ones case-insensitively, anything else verbatim (trimmed).
    pub fn from_wire(s: &str) -> Self {
        let s = s.trim();
        match s.to_ascii_lowercase().as_str() {
            "pvcready" => Self::PvcReady,
            "secretsready" => Self::SecretsReady,
            "jobcreated" => Self::JobCreated,
            "podscheduled" => Self::PodScheduled,
            "runnerstarted" => Self::RunnerStarted,
            "ready" => Self::Ready,
            "completed" => Self::Completed,
            "failed" => Self::Failed,
            _ => Self::Other(s.to_owned()),
        }
    }

    /// The API spelling (`"PVCReady"`, …; `Other` verbatim): the value for `data-condition-type`.
    pub fn as_wire(&self) -> &str {
        match self {
            Self::PvcReady => "PVCReady",
            Self::SecretsReady => "SecretsReady",
            Self::JobCreated => "JobCreated",
            Self::PodScheduled => "PodScheduled",
            Self::RunnerStarted => "RunnerStarted",
            Self::Ready => "Ready",
            Self::Completed => "Completed",
            Self::Failed => "Failed",
            Self::Other(s) => s,
        }
    }

    /// The type in words: `"Storage ready"`, `"Secrets ready"`, `"Job created"`,
    /// `"Pod scheduled"`, `"Runner started"`, `"Ready"`, `"Completed"`, `"Failed"`; other types
    /// split from CamelCase (`"QuotaChecked"` → `"Quota checked"`).
    pub fn label(&self) -> String {
        match self {
            Self::PvcReady => "Storage ready".to_owned(),
            Self::Other(s) => split_camel_case(s),
            Self::SecretsReady => "Secrets ready".to_owned(),
            Self::JobCreated => "Job created".to_owned(),
            Self::PodScheduled => "Pod scheduled".to_owned(),
            Self::RunnerStarted => "Runner started".to_owned(),
            Self::Ready => "Ready".to_owned(),
            Self::Completed => "Completed".to_owned(),
            Self::Failed => "Failed".to_owned(),
        }
    }

    /// Position in the canonical order: the chain 0–5, `Completed` 6, `Failed` 7, others 8.
    pub fn rank(&self) -> usize {
        match self {
            Self::PvcReady => 0,
            Self::SecretsReady => 1,
            Self::JobCreated => 2,
            Self::PodScheduled => 3,
            Self::RunnerStarted => 4,
            Self::Ready => 5,
            Self::Completed => 6,
            Self::Failed => 7,
            Self::Other(_) => 8,
        }
    }

    /// Whether this type is one of the start-up chain ([`STEP_TYPES`]).
    pub fn is_step(&self) -> bool {
        self.rank() < 6
    }
}

/// One condition. Optional texts are `None` when absent or `""` on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Condition {
    /// The type verbatim (`"PVCReady"`); see [`Condition::kind`].
    pub type_: String,
    /// True / False / Unknown.
    pub status: ConditionStatus,
    /// CamelCase machine reason (`"SecretNotFound"`).
    pub reason: Option<String>,
    /// Human text from the server, verbatim.
    pub message: Option<String>,
    /// When the status last changed, raw RFC 3339.
    pub last_transition_time: Option<String>,
    /// Spec generation this condition was computed for.
    pub observed_generation: Option<i64>,
}

impl Condition {
    /// A condition with a type and a status and nothing else (handy in tests and fixtures).
    pub fn new(type_: &str, status: ConditionStatus) -> Self {
        Self {
            type_: type_.to_owned(),
            status,
            ..Self::default()
        }
    }

    /// The parsed type.
    pub fn kind(&self) -> ConditionType {
        ConditionType::from_wire(&self.type_)
    }

    /// The type in words (see [`ConditionType::label`]).
    pub fn label(&self) -> String {
        self.kind().label()
    }

    /// Whether the status is `True`.
    pub fn is_true(&self) -> bool {
        self.status.is_true()
    }

    /// `lastTransitionTime` in epoch milliseconds.
    pub fn transition_ms(&self) -> Option<i64> {
        self.last_transition_time
            .as_deref()
            .and_then(parse_rfc3339_ms)
    }

    /// The reason and message explained (see [`explain_condition`]).
    pub fn explain(&self) -> Explanation {
        explain_condition(self)
    }
}

/// Conditions as a map keyed by type: a missing type reads as `Unknown`; with duplicates the
/// last one wins (keeping the position of the first).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConditionSet {
    items: Vec<(ConditionType, Condition)>,
}

impl ConditionSet {
    /// Builds the map from a list as sent. Conditions with an empty type are dropped.
    pub fn from_list(list: &[Condition]) -> Self {
        let mut items: Vec<(ConditionType, Condition)> = Vec::with_capacity(list.len());
        for c in list.iter().filter(|c| !c.type_.trim().is_empty()) {
            let kind = c.kind();
            match items.iter_mut().find(|(k, _)| *k == kind) {
                Some(slot) => slot.1 = c.clone(),
                None => items.push((kind, c.clone())),
            }
        }
        Self { items }
    }

    /// The condition of a type, if present.
    pub fn get(&self, kind: &ConditionType) -> Option<&Condition> {
        self.items.iter().find(|(k, _)| k == kind).map(|(_, c)| c)
    }

    /// The status of a type; `Unknown` when missing.
    pub fn status(&self, kind: &ConditionType) -> ConditionStatus {
        self.get(kind)
            .map_or(ConditionStatus::Unknown, |c| c.status)
    }

    /// Whether a type is present and `True`.
    pub fn is_true(&self, kind: &ConditionType) -> bool {
        self.status(kind).is_true()
    }

    /// Number of distinct types.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no conditions.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All conditions in canonical order: PVCReady, SecretsReady, JobCreated, PodScheduled,
    /// RunnerStarted, Ready, Completed, Failed, then other types in the order they came.
    pub fn ordered(&self) -> Vec<&Condition> {
        let mut refs: Vec<&(ConditionType, Condition)> = self.items.iter().collect();
        refs.sort_by_key(|(k, _)| k.rank()); // stable: others keep their order
        refs.into_iter().map(|(_, c)| c).collect()
    }

    /// The phase the conditions imply, in api.md's order: `Failed`=True → Failed;
    /// `Completed`=True → Completed; `RunnerStarted`=True → Running; `JobCreated`=True →
    /// Creating; else Pending.
    pub fn derive_phase(&self) -> Phase {
        if self.is_true(&ConditionType::Failed) {
            Phase::Failed
        } else if self.is_true(&ConditionType::Completed) {
            Phase::Completed
        } else if self.is_true(&ConditionType::RunnerStarted) {
            Phase::Running
        } else if self.is_true(&ConditionType::JobCreated) {
            Phase::Creating
        } else {
            Phase::Pending
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------

/// Splits CamelCase (and `snake_case`, `kebab-case`) into a sentence-case phrase, keeping
/// acronyms: `"PVCReady"` → `"PVC ready"`, `"QuotaExceeded"` → `"Quota exceeded"`,
/// `"OOMKilled"` → `"OOM killed"`, `"Exit143"` → `"Exit 143"`. Empty input gives `""`.
pub fn split_camel_case(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = prev.is_some_and(|p| {
            (p.is_lowercase() && c.is_uppercase())
                || (p.is_alphabetic() && c.is_numeric())
                || (p.is_numeric() && c.is_alphabetic())
                || (p.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase))
        });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let acronym = word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase());
        if i > 0 {
            out.push(' ');
        }
        if acronym {
            out.push_str(word);
        } else if i == 0 {
            let mut cs = word.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(&cs.as_str().to_lowercase());
            }
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// Lowercase alphanumeric tokens, split at non-alphanumerics and at letter/digit boundaries:
/// `"exited with code 143"` → `["exited", "with", "code", "143"]`, `"Exit143"` → `["exit",
/// "143"]`.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_digit: Option<bool> = None;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != digit) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
        prev_digit = Some(digit);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A token of ASCII digits as a number (at most 9 digits).
fn number(token: Option<&String>) -> Option<i64> {
    let t = token?;
    if t.is_empty() || t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// The exit code mentioned in a text: `"exited with code 143"`, `"exit code 1"`, `"exit 143"`,
/// `"exit status 2"`, `"ExitCode: 2"`, `"Exit143"`. `None` when there is none.
pub fn exit_code_in(text: &str) -> Option<i32> {
    const FILLER: [&str; 6] = ["with", "code", "status", "of", "a", "is"];
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        if !t.starts_with("exit") {
            continue;
        }
        for j in i + 1..=i + 3 {
            let Some(next) = toks.get(j) else { break };
            if let Some(n) = number(Some(next)) {
                return i32::try_from(n).ok();
            }
            if !FILLER.contains(&next.as_str()) {
                break;
            }
        }
    }
    None
}

/// The restart count mentioned in a message: `"restarted 3 times"`, `"restarts: 2"`,
/// `"restartCount=3"`, `"(restart 2/3)"`, `"3 restarts"`, `"crashed 3 times"`.
pub fn restart_count_in(text: &str) -> Option<u32> {
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        let found = if t.starts_with("restart") {
            let next = number(toks.get(i + 1));
            let after_filler = match toks.get(i + 1).map(String::as_str) {
                Some("count" | "is" | "at") => number(toks.get(i + 2)),
                _ => None,
            };
            let before = i.checked_sub(1).and_then(|p| number(toks.get(p)));
            next.or(after_filler).or(before)
        } else if t == "times" {
            i.checked_sub(1).and_then(|p| number(toks.get(p)))
        } else {
            None
        };
        if let Some(n) = found {
            return u32::try_from(n).ok();
        }
    }
    None
}

/// Whether a quote character opens/closes a quoted name.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '\'' => Some('\''),
        '"' => Some('"'),
        '`' => Some('`'),
        '\u{2018}' => Some('\u{2019}'),
        '\u{201C}' => Some('\u{201D}'),
        _ => None,
    }
}

/// All non-empty single-line quoted parts of a message, in order (`'x'`, `"x"`, `` `x` ``,
/// `‘x’`, `“x”`).
fn quoted_parts(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some((start, open)) = rest
        .char_indices()
        .find(|(_, c)| closing_quote(*c).is_some())
    {
        let after = rest.get(start + open.len_utf8()..).unwrap_or("");
        let close = closing_quote(open).unwrap_or(open);
        match after.find(close) {
            Some(end) => {
                let inner = after.get(..end).unwrap_or("");
                if !inner.trim().is_empty() && !inner.contains('\n') {
                    out.push(inner);
                }
                rest = after.get(end + close.len_utf8()..).unwrap_or("");
            }
            None => break,
        }
    }
    out
}

/// The first quoted name in a message: `"Secret 'ambient-runner-secrets' not found"` →
/// `Some("ambient-runner-secrets")`.
pub fn quoted_name(message: &str) -> Option<&str> {
    quoted_parts(message).into_iter().next()
}

/// Whether a word looks like a container image reference (`quay.io/x:tag`, `ubuntu:22.04`).
fn looks_like_image(s: &str) -> bool {
    !s.is_empty()
        && !s.ends_with(':')
        && !s.chars().any(char::is_whitespace)
        && s.chars().any(|c| matches!(c, '/' | ':' | '.'))
        && s.chars().any(char::is_alphanumeric)
}

/// The image named in a message: `"Failed to pull image: quay.io/x:bad-tag"` →
/// `Some("quay.io/x:bad-tag")`, `Back-off pulling image "quay.io/x:bad"` → `Some("quay.io/x:bad")`.
/// `None` when no word after "image" looks like an image reference (e.g.
/// `"Cannot pull image: manifest unknown"`).
pub fn image_name_in(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase(); // same byte offsets as `message`
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|s| s.find("image")) {
        let start = from + found;
        let end = start + "image".len();
        from = end;
        let before_ok = lower
            .get(..start)
            .and_then(|s| s.chars().last())
            .is_none_or(|c| !c.is_alphanumeric());
        let after = message.get(end..).unwrap_or("");
        let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
        if !before_ok || !after_ok {
            continue;
        }
        let rest = after.trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
        let candidate = match rest.chars().next().and_then(closing_quote) {
            Some(close) => {
                let open_len = rest.chars().next().map_or(1, char::len_utf8);
                let inner = rest.get(open_len..).unwrap_or("");
                inner.split(close).next().unwrap_or("")
            }
            None => rest
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .next()
                .unwrap_or("")
                .trim_end_matches(['.', ')']),
        };
        if looks_like_image(candidate) {
            return Some(candidate.to_owned());
        }
    }
    quoted_parts(message)
        .into_iter()
        .find(|q| looks_like_image(q) && q.contains('/'))
        .map(str::to_owned)
}

/// The node named in a message: `"Pod scheduled on node worker-1"` → `Some("worker-1")`.
fn node_name_in(message: &str) -> Option<String> {
    let mut words = message.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("node") {
            let name = words
                .next()?
                .trim_matches(|c: char| "'\"`.,;:()".contains(c));
            if !name.is_empty() {
                return Some(name.to_owned());
            }
        }
    }
    None
}

/// Kubernetes "Insufficient cpu" / "Insufficient memory" resources named in a scheduling message.
fn insufficient_resources_in(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = message.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("insufficient") {
            if let Some(res) = words.next() {
                let res = res.trim_matches(|c: char| ".,;:()".contains(c)).to_owned();
                if !res.is_empty() && !out.contains(&res) {
                    out.push(res);
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Reason catalogue
// ---------------------------------------------------------------------------------------------

/// How bad a reason is, for colour and wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Done, fine.
    Ok,
    /// A normal step in progress (storage provisioning, container creating).
    InProgress,
    /// A problem the system keeps retrying ("waiting, retrying"): missing secret, no node free,
    /// a crash loop below its limit.
    Transient,
    /// Failed; nothing more happens without the user (Retry).
    Permanent,
    /// Stopped on purpose by its user (exit 143): not an error.
    Stopped,
}

impl Severity {
    /// Short words: `"OK"`, `"In progress"`, `"Waiting, retrying"`, `"Failed"`, `"Stopped"`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::InProgress => "In progress",
            Self::Transient => "Waiting, retrying",
            Self::Permanent => "Failed",
            Self::Stopped => "Stopped",
        }
    }

    /// A stable token for CSS classes / `data-*`: `ok`, `in-progress`, `transient`,
    /// `permanent`, `stopped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::InProgress => "in-progress",
            Self::Transient => "transient",
            Self::Permanent => "permanent",
            Self::Stopped => "stopped",
        }
    }

    /// Whether the user should notice it (`Transient` or `Permanent`).
    pub fn is_problem(self) -> bool {
        matches!(self, Self::Transient | Self::Permanent)
    }
}

/// A reason explained for a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The machine reason it explains, verbatim (`None` when there was none).
    pub reason: Option<String>,
    /// How bad it is.
    pub severity: Severity,
    /// Plain-language explanation, one sentence without a final period.
    pub summary: String,
    /// What to do, naming what the message names (a secret, an image), when there is advice.
    pub hint: Option<String>,
    /// The runner's exit code, when the reason or message gives one.
    pub exit_code: Option<i32>,
}

impl Explanation {
    fn new(reason: Option<&str>, severity: Severity, summary: &str, hint: Option<String>) -> Self {
        Self {
            reason: reason.map(str::to_owned),
            severity,
            summary: summary.to_owned(),
            hint,
            exit_code: None,
        }
    }

    fn with_exit(mut self, code: i32) -> Self {
        self.exit_code = Some(code);
        self
    }
}

const RETRY_HINT: &str = "Press Retry to start the session again";

/// What a runner exit code means: 0 success, 1 SDK error, 2 prerequisite failed, 137 killed,
/// 143 stopped by its user (SIGTERM); others a generic failure.
pub fn explain_exit_code(code: i32) -> Explanation {
    let e = |sev, summary: &str, hint: Option<&str>| {
        Explanation::new(None, sev, summary, hint.map(str::to_owned)).with_exit(code)
    };
    match code {
        0 => e(Severity::Ok, "The session finished successfully", None),
        1 => e(
            Severity::Permanent,
            "The session's runner stopped with an error (exit code 1)",
            Some("Press Retry; if it fails again, report the message to your administrator"),
        ),
        2 => e(
            Severity::Permanent,
            "A check before the session could start failed (exit code 2)",
            Some("Check the session's inputs and credentials, then press Retry"),
        ),
        137 => e(
            Severity::Permanent,
            "The session was killed, often because it ran out of memory (exit code 137)",
            Some(RETRY_HINT),
        ),
        143 => e(
            Severity::Stopped,
            "The session was stopped by its user (exit code 143)",
            Some(RETRY_HINT),
        ),
        _ => Explanation {
            summary: format!("The session's runner stopped with exit code {code}"),
            ..e(Severity::Permanent, "", Some(RETRY_HINT))
        },
    }
}

/// The known reasons. `terminal` says the session has failed (it makes `CrashLoopBackOff`
/// permanent even without a restart count).
fn catalogue(reason: &str, message: &str, terminal: bool) -> Option<Explanation> {
    use Severity::{InProgress, Ok, Permanent, Transient};
    let r = Some(reason);
    let e = |sev, summary: &str, hint: Option<String>| Explanation::new(r, sev, summary, hint);
    let retry = || Some(RETRY_HINT.to_owned());
    let key = reason.trim().to_ascii_lowercase();
    let explanation = match key.as_str() {
        // Storage
        "bound" => e(Ok, "Storage is ready", None),
        "provisioning" => e(InProgress, "Storage is being prepared", None),
        "provisionfailed" => e(
            Transient,
            "Storage could not be prepared yet; retrying",
            None,
        ),
        // Secrets
        "allsecretsfound" => e(Ok, "All required secrets are present", None),
        "secretnotfound" => e(
            Transient,
            "A required secret is missing; the session continues once it exists",
            Some(match quoted_name(message) {
                Some(name) => {
                    format!("Secret '{name}' is missing — create it in the workspace settings")
                }
                None => {
                    "A required secret is missing — create it in the workspace settings".to_owned()
                }
            }),
        ),
        "waitingforsecrets" | "secretsnotready" => {
            e(Transient, "Waiting for the required secrets", None)
        }
        "verificationfailed" => e(Transient, "Could not check the secrets yet; retrying", None),
        // Job
        "created" => e(Ok, "The job was created", None),
        "creationfailed" => e(
            Transient,
            "The job could not be created yet; retrying",
            None,
        ),
        // Scheduling
        "scheduled" => match node_name_in(message) {
            Some(node) => Explanation {
                summary: format!("Placed on node {node}"),
                ..e(Ok, "", None)
            },
            None => e(Ok, "Placed on a node", None),
        },
        "unschedulable" | "failedscheduling" => {
            let short = insufficient_resources_in(message);
            let hint = if short.is_empty() {
                "The cluster is busy; the session starts when capacity frees up. Ask an \
                 administrator if this lasts"
                    .to_owned()
            } else {
                format!(
                    "The cluster is short of {}; the session starts when capacity frees up",
                    short.join(" and ")
                )
            };
            e(
                Transient,
                "No node has room for the session yet; waiting for capacity",
                Some(hint),
            )
        }
        // Runner container
        "containercreating" | "podinitializing" | "pending" | "creating" | "starting" => {
            e(InProgress, "The desktop is being started", None)
        }
        "containerrunning" => e(Ok, "The desktop is running", None),
        "sessionrunning" => e(Ok, "The session is running", None),
        "imagepullbackoff" | "errimagepull" | "imagepullerror" | "pullimageerror" => e(
            Permanent,
            "The desktop image could not be downloaded",
            Some(match image_name_in(message) {
                Some(image) => format!(
                    "Check that the image '{image}' exists and that its tag is right, then \
                     press Retry"
                ),
                None => "Check the session's image name and tag, then press Retry".to_owned(),
            }),
        ),
        "invalidimagename" => e(
            Permanent,
            "The desktop image name is not valid",
            Some(
                match image_name_in(message).or_else(|| quoted_name(message).map(Into::into)) {
                    Some(image) => format!("Fix the image name '{image}', then press Retry"),
                    None => "Fix the session's image name, then press Retry".to_owned(),
                },
            ),
        ),
        "crashloopbackoff" => crash_loop(reason, message, terminal),
        "backoff" => e(Transient, "Restarting after an error", None),
        "oomkilled" => e(
            Permanent,
            "The desktop ran out of memory",
            Some("Press Retry; if it happens again, ask for more memory".to_owned()),
        ),
        // Ends
        "timeout" | "deadlineexceeded" => e(
            Permanent,
            "The session ran past its time limit and was stopped",
            retry(),
        ),
        "sdkerror" => Explanation {
            reason: r.map(str::to_owned),
            ..explain_exit_code(1)
        },
        "prerequisitefailed" => Explanation {
            reason: r.map(str::to_owned),
            ..explain_exit_code(2)
        },
        "sessionstopped" | "stopped" | "userstopped" => Explanation {
            reason: r.map(str::to_owned),
            summary: "The session was stopped by its user".to_owned(),
            ..explain_exit_code(143)
        },
        "stopping" | "sessionstopping" => e(InProgress, "The session is stopping", None),
        "success" | "succeeded" | "sessioncompleted" | "completed" => Explanation {
            reason: r.map(str::to_owned),
            ..explain_exit_code(0)
        },
        "exitcode" | "error" => match exit_code_in(message) {
            Some(code) => Explanation {
                reason: r.map(str::to_owned),
                ..explain_exit_code(code)
            },
            None => e(
                Permanent,
                "The session's runner stopped with an error",
                retry(),
            ),
        },
        "sessionfailed" | "failed" => session_failed(reason, message, terminal),
        _ => return None,
    };
    Some(explanation)
}

/// `CrashLoopBackOff`: transient until 3 restarts (or the session failed), then permanent.
fn crash_loop(reason: &str, message: &str, terminal: bool) -> Explanation {
    let restarts = restart_count_in(message);
    let permanent = terminal || restarts.is_some_and(|n| n >= 3);
    let (severity, summary, hint) = match (permanent, restarts) {
        (true, Some(n)) => (
            Severity::Permanent,
            "The desktop keeps crashing on start",
            format!("It crashed {n} times; check its configuration, then press Retry"),
        ),
        (true, None) => (
            Severity::Permanent,
            "The desktop keeps crashing on start",
            "Check the session's configuration, then press Retry".to_owned(),
        ),
        (false, Some(n)) => (
            Severity::Transient,
            "The desktop crashed on start and is being restarted",
            format!("Restart {n} of 3; the session fails after 3 restarts"),
        ),
        (false, None) => (
            Severity::Transient,
            "The desktop crashed on start and is being restarted",
            "The session fails after 3 restarts".to_owned(),
        ),
    };
    Explanation::new(Some(reason), severity, summary, Some(hint))
}

/// `SessionFailed` (often with the real reason after a colon: "Session failed:
/// ImagePullBackOff"): the inner reason's explanation when it is known, else generic.
fn session_failed(reason: &str, message: &str, terminal: bool) -> Explanation {
    let inner = message.rsplit(':').next().unwrap_or("").trim();
    let inner_is_reason =
        !inner.is_empty() && inner.chars().all(char::is_alphanumeric) && inner != reason;
    if inner_is_reason {
        if let Some(mut e) = catalogue(inner, message, terminal) {
            if e.severity != Severity::Stopped {
                e.severity = Severity::Permanent;
            }
            e.reason = Some(reason.to_owned());
            return e;
        }
    }
    if let Some(code) = exit_code_in(message) {
        return Explanation {
            reason: Some(reason.to_owned()),
            ..explain_exit_code(code)
        };
    }
    Explanation::new(
        Some(reason),
        Severity::Permanent,
        "The session failed",
        Some(RETRY_HINT.to_owned()),
    )
}

/// Whether a reason is in the catalogue (case-insensitive).
pub fn is_known_reason(reason: &str) -> bool {
    catalogue(reason, "", false).is_some()
}

/// Explains a reason and its message without knowing the condition it came from.
///
/// Known reasons (every one api.md lists, the seeds' and dev server's: `SecretNotFound`,
/// `ImagePullBackOff`, `CrashLoopBackOff`, `Unschedulable`, `DeadlineExceeded`, `SDKError`,
/// `PrerequisiteFailed`, `SessionStopped`, `Bound`, `Created`, `ExitCode`, …) get a written
/// summary, severity and hint; the hint names what the message names. An exit code in the
/// message (`"exited with code 143"`) fills [`Explanation::exit_code`], and for an unknown
/// reason decides the explanation. Any other unknown reason is explained generically from its
/// words (`"QuotaExceeded"` → `"Quota exceeded"`) as [`Severity::InProgress`].
pub fn explain_reason(reason: &str, message: Option<&str>) -> Explanation {
    explain(Some(reason), message, false)
}

fn explain(reason: Option<&str>, message: Option<&str>, terminal: bool) -> Explanation {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let message = message.unwrap_or("");
    let exit = exit_code_in(message).or_else(|| reason.and_then(exit_code_in));
    let known = reason.and_then(|r| catalogue(r, message, terminal));
    match (known, exit) {
        (Some(mut e), exit) => {
            e.exit_code = e.exit_code.or(exit);
            e
        }
        (None, Some(code)) => Explanation {
            reason: reason.map(str::to_owned),
            ..explain_exit_code(code)
        },
        (None, None) => Explanation {
            reason: reason.map(str::to_owned),
            severity: Severity::InProgress,
            summary: reason.map(split_camel_case).unwrap_or_default(),
            hint: None,
            exit_code: None,
        },
    }
}

/// Explains a condition, taking its type and status into account:
/// - `Failed`=True is [`Severity::Permanent`] (or `Stopped` for a user stop); `Failed` not
///   True is `Ok`;
/// - a chain step, `Completed` or `Ready` that is True is `Ok`;
/// - a condition not True with a reason the catalogue calls `Ok` (contradictory) or an unknown
///   reason is `InProgress`;
/// - otherwise the reason's own severity.
///
/// Without a reason the summary is the type in words (`"Storage ready"`), with `": not yet"`
/// when it is not True.
pub fn explain_condition(c: &Condition) -> Explanation {
    let kind = c.kind();
    let failed_true = kind == ConditionType::Failed && c.is_true();
    explain_condition_in(c, failed_true)
}

fn explain_condition_in(c: &Condition, terminal: bool) -> Explanation {
    let kind = c.kind();
    let mut e = explain(c.reason.as_deref(), c.message.as_deref(), terminal);
    if e.reason.is_none() && e.exit_code.is_none() {
        e.summary = match c.status {
            ConditionStatus::True => kind.label(),
            _ => format!("{}: not yet", kind.label()),
        };
    }
    let known = c.reason.as_deref().is_some_and(is_known_reason) || e.exit_code.is_some();
    e.severity = match (&kind, c.status) {
        (ConditionType::Failed, ConditionStatus::True) if e.severity == Severity::Stopped => {
            Severity::Stopped
        }
        (ConditionType::Failed, ConditionStatus::True) => Severity::Permanent,
        (ConditionType::Failed, _) => Severity::Ok,
        (ConditionType::Other(_), ConditionStatus::True) if known => e.severity,
        (_, ConditionStatus::True) => Severity::Ok,
        (_, _) if !known || e.severity == Severity::Ok => Severity::InProgress,
        _ => e.severity,
    };
    e
}

// ---------------------------------------------------------------------------------------------
// Session views: stepper, overlay sentence, failure, timeline
// ---------------------------------------------------------------------------------------------

/// The state of one step of the progress stepper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepState {
    /// True (or implied by a later step being True).
    Done,
    /// The current step, progressing normally.
    Active,
    /// The current step, blocked by a problem the system retries (e.g. a missing secret).
    Waiting,
    /// The step where the session failed.
    Failed,
    /// Not reached yet (or not reached because the session stopped).
    NotStarted,
}

impl StepState {
    /// A stable token for `data-*`/CSS: `done`, `active`, `waiting`, `failed`, `not-started`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Active => "active",
            Self::Waiting => "waiting",
            Self::Failed => "failed",
            Self::NotStarted => "not-started",
        }
    }

    /// Words for a screen reader: `"done"`, `"in progress"`, `"waiting"`, `"failed"`,
    /// `"not started"`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::Active => "in progress",
            Self::Waiting => "waiting",
            Self::Failed => "failed",
            Self::NotStarted => "not started",
        }
    }
}

/// One step of the start-up chain for a stepper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Which step.
    pub kind: ConditionType,
    /// The step in words (`"Storage ready"`).
    pub label: String,
    /// Its state.
    pub state: StepState,
    /// Its condition, when the backend sent one.
    pub condition: Option<Condition>,
    /// The condition explained, when there is a condition.
    pub explanation: Option<Explanation>,
    /// When the step began: the latest transition of an earlier step, else the session's
    /// creation/start time.
    pub began_at_ms: Option<i64>,
    /// When its condition last changed.
    pub at_ms: Option<i64>,
}

impl Step {
    /// How long a finished step took (`at − began`), `None` unless `Done` with both times.
    pub fn duration_ms(&self) -> Option<i64> {
        if self.state != StepState::Done {
            return None;
        }
        Some(self.at_ms?.saturating_sub(self.began_at_ms?).max(0))
    }

    /// How long the current step has been going on at `now_ms`.
    pub fn waited_ms(&self, now_ms: i64) -> Option<i64> {
        Some(now_ms.saturating_sub(self.began_at_ms?).max(0))
    }
}

/// The start of the session's timeline: of `createdAt` and `startTime`, the latest one that is
/// not after the first event (a restarted session keeps an old `createdAt`); without events,
/// the earliest of them.
fn baseline_ms(wb: &Workbench, first_event_ms: Option<i64>) -> Option<i64> {
    let candidates = [wb.created_at_ms(), wb.start_time_ms()];
    let known = candidates.iter().flatten().copied();
    match first_event_ms {
        Some(first) => known.filter(|&t| t <= first).max(),
        None => known.min(),
    }
}

/// The start-up chain as a stepper: one [`Step`] per type of [`STEP_TYPES`], in order. Empty
/// when the backend sends no conditions (an older backend: show no stepper).
///
/// A step is `Done` when True, or when missing/Unknown but a later step is True (older
/// controllers skip some). The first other step is the current one: `Failed` if the session
/// failed or its reason is permanent, `Waiting` on a transient problem, else `Active`; in a
/// stopped, stopping or completed session it is `NotStarted`. Later steps are `NotStarted`.
pub fn steps(wb: &Workbench) -> Vec<Step> {
    if wb.conditions.is_empty() {
        return Vec::new();
    }
    let set = wb.condition_set();
    let failed = wb.is_failed();
    let idle = matches!(
        wb.effective_phase(),
        Phase::Stopped | Phase::Stopping | Phase::Completed
    );
    let last_true = STEP_TYPES.iter().rposition(|t| set.is_true(t));
    let first_event = wb
        .conditions
        .iter()
        .filter_map(Condition::transition_ms)
        .min();
    let mut began = baseline_ms(wb, first_event);
    let mut current_taken = false;
    let mut out = Vec::with_capacity(STEP_TYPES.len());
    for (i, kind) in STEP_TYPES.iter().enumerate() {
        let condition = set.get(kind).cloned();
        let status = set.status(kind);
        let explanation = condition.as_ref().map(|c| explain_condition_in(c, failed));
        let implied = last_true.is_some_and(|l| i < l) && status != ConditionStatus::False;
        let state = if status.is_true() || implied {
            StepState::Done
        } else if current_taken {
            StepState::NotStarted
        } else {
            current_taken = true;
            let severity = explanation.as_ref().map(|e| e.severity);
            if failed || severity == Some(Severity::Permanent) {
                StepState::Failed
            } else if idle {
                StepState::NotStarted
            } else if severity == Some(Severity::Transient) {
                StepState::Waiting
            } else {
                StepState::Active
            }
        };
        let at_ms = condition.as_ref().and_then(Condition::transition_ms);
        out.push(Step {
            kind: kind.clone(),
            label: kind.label(),
            state,
            condition,
            explanation,
            began_at_ms: began,
            at_ms,
        });
        if state == StepState::Done {
            began = at_ms.or(began);
        }
    }
    out
}

/// The sentence for a current step.
fn step_sentence(step: &Step) -> &'static str {
    let not_false = step
        .condition
        .as_ref()
        .is_none_or(|c| c.status != ConditionStatus::False);
    match step.kind {
        ConditionType::PvcReady => "Preparing storage",
        ConditionType::SecretsReady if not_false => "Checking required secrets",
        ConditionType::SecretsReady => "Waiting for required secrets",
        ConditionType::JobCreated => "Creating the job",
        ConditionType::PodScheduled => "Waiting for a node to run on",
        ConditionType::RunnerStarted => "Starting the desktop",
        _ => "Almost ready",
    }
}

/// The loading overlay's sentence: what the session is doing now, in words.
///
/// - running: `"The session is running"`;
/// - a terminal session whose object is stale ([`Workbench::is_object_stale`]: a Retry not yet
///   picked up): `"Restarting the session"`;
/// - failed: the failure's summary (see [`failure_explanation`]);
/// - stopping / stopped / completed: `"Stopping the session"`, `"The session is stopped"`,
///   `"The session has finished"`;
/// - otherwise the first step of the chain not yet done: PVCReady `"Preparing storage"`,
///   SecretsReady `"Checking required secrets"` (False: `"Waiting for required secrets"`),
///   JobCreated `"Creating the job"`, PodScheduled `"Waiting for a node to run on"`,
///   RunnerStarted `"Starting the desktop"`, Ready (or all done) `"Almost ready"`;
/// - without conditions: from `serverPodStatus` ([`crate::domain::workbench::ServerPodStatus::sentence`]).
///
/// ui.md wants the overlay to show `serverPodMessage` when present: see [`overlay_text`].
pub fn current_step_sentence(wb: &Workbench) -> String {
    if wb.is_running() {
        return "The session is running".to_owned();
    }
    if wb.is_object_stale() && wb.is_terminal() {
        return "Restarting the session".to_owned();
    }
    if wb.is_failed() {
        return failure_explanation(wb)
            .map_or_else(|| "The session failed".to_owned(), |e| e.summary);
    }
    match wb.effective_phase() {
        Phase::Stopping => return "Stopping the session".to_owned(),
        Phase::Stopped => return "The session is stopped".to_owned(),
        Phase::Completed => return "The session has finished".to_owned(),
        _ => {}
    }
    let all = steps(wb);
    if all.is_empty() {
        return wb.server_pod_status.sentence().to_owned();
    }
    all.iter()
        .find(|s| s.state != StepState::Done)
        .map_or("Almost ready", step_sentence)
        .to_owned()
}

/// The overlay's main text per ui.md: `serverPodMessage` when present, else
/// [`current_step_sentence`].
pub fn overlay_text(wb: &Workbench) -> String {
    match &wb.server_pod_message {
        Some(m) if !m.trim().is_empty() => m.clone(),
        _ => current_step_sentence(wb),
    }
}

/// Why a failed session failed (`None` when it has not failed), the most specific first:
/// 1. a chain condition not True whose reason is a known permanent one (it names the image,
///    the secret…: `RunnerStarted` False / `ImagePullBackOff`);
/// 2. the `Failed`=True condition (`Timeout`, `SDKError`, `ExitCode` …);
/// 3. the `Ready` condition's reason when known;
/// 4. an exit code in `serverPodMessage`;
/// 5. a generic "The session failed to start".
pub fn failure_explanation(wb: &Workbench) -> Option<Explanation> {
    if !wb.is_failed() {
        return None;
    }
    let set = wb.condition_set();
    let known_reason = |c: &Condition| c.reason.as_deref().is_some_and(is_known_reason);
    let chain = set
        .ordered()
        .into_iter()
        .filter(|c| c.kind().is_step() && !c.is_true() && known_reason(c))
        .map(|c| explain_condition_in(c, true))
        .find(|e| e.severity == Severity::Permanent);
    let failed = set
        .get(&ConditionType::Failed)
        .filter(|c| c.is_true())
        .map(|c| explain_condition_in(c, true));
    let ready = set
        .get(&ConditionType::Ready)
        .filter(|c| !c.is_true() && known_reason(c))
        .map(|c| explain_condition_in(c, true))
        .filter(|e| e.severity == Severity::Permanent);
    let from_pod = wb
        .server_pod_message
        .as_deref()
        .and_then(exit_code_in)
        .map(explain_exit_code);
    let generic = || {
        Explanation::new(
            None,
            Severity::Permanent,
            "The session failed to start",
            Some(RETRY_HINT.to_owned()),
        )
    };
    Some(
        chain
            .or(failed)
            .or(ready)
            .or(from_pod)
            .unwrap_or_else(generic),
    )
}

/// The problem to show now, if any: the failure ([`failure_explanation`]); for a stopped
/// session the stop (`Severity::Stopped`); else the current step's transient problem (a
/// missing secret, no node free, a crash being retried), or a troubled `serverPodStatus`.
/// `None` when all is well (including while running).
pub fn current_problem(wb: &Workbench) -> Option<Explanation> {
    if wb.is_failed() {
        return failure_explanation(wb);
    }
    if wb.is_running() {
        return None;
    }
    if wb.effective_phase() == Phase::Stopped {
        let from_conditions = wb
            .condition_set()
            .ordered()
            .into_iter()
            .map(|c| explain_condition_in(c, false))
            .find(|e| e.severity == Severity::Stopped);
        return Some(from_conditions.unwrap_or_else(|| explain_exit_code(143)));
    }
    let from_steps = steps(wb)
        .into_iter()
        .find(|s| s.state == StepState::Waiting)
        .and_then(|s| s.explanation);
    from_steps.or_else(|| {
        wb.server_pod_status.is_troubled().then(|| {
            Explanation::new(
                None,
                Severity::Transient,
                wb.server_pod_status.sentence(),
                None,
            )
        })
    })
}

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
    entries.sort_by_key(|e| {
        if not_yet(e) {
            (true, false, None)
        } else {
            (false, e.at_ms.is_none(), e.at_ms)
        }
    });
    let first = entries.iter().filter(|e| !not_yet(e)).find_map(|e| e.at_ms);
    let mut previous = baseline_ms(wb, first);
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
    use crate::domain::workbench::K8sWorkbenchStatus;

    fn c(type_: &str, status: &str, reason: &str, message: &str, at: &str) -> Condition {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Condition {
            type_: type_.to_owned(),
            status: ConditionStatus::from_wire(status),
            reason: opt(reason),
            message: opt(message),
            last_transition_time: opt(at),
            observed_generation: Some(1),
        }
    }

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

    fn healthy() -> Workbench {
        Workbench {
            phase: Some(Phase::Running),
            k8s_status: K8sWorkbenchStatus::Running,
            start_time: Some("2025-11-15T12:00:00Z".into()),
            conditions: vec![
                c(
                    "PVCReady",
                    "True",
                    "Bound",
                    "PVC ambient-workspace-123456 is bound",
                    "2025-11-15T12:00:01Z",
                ),
                c(
                    "SecretsReady",
                    "True",
                    "AllSecretsFound",
                    "All required secrets are present",
                    "2025-11-15T12:00:02Z",
                ),
                c(
                    "JobCreated",
                    "True",
                    "Created",
                    "Job agentic-session-123456-job created",
                    "2025-11-15T12:00:03Z",
                ),
                c(
                    "PodScheduled",
                    "True",
                    "Scheduled",
                    "Pod scheduled on node worker-1",
                    "2025-11-15T12:00:05Z",
                ),
                c(
                    "RunnerStarted",
                    "True",
                    "ContainerRunning",
                    "Runner container started",
                    "2025-11-15T12:00:15Z",
                ),
                c(
                    "Ready",
                    "True",
                    "SessionRunning",
                    "Session is running normally",
                    "2025-11-15T12:00:15Z",
                ),
            ],
            ..Default::default()
        }
    }

    fn missing_secret() -> Workbench {
        Workbench {
            phase: Some(Phase::Pending),
            k8s_status: K8sWorkbenchStatus::Progressing,
            conditions: vec![
                c(
                    "PVCReady",
                    "True",
                    "Bound",
                    "PVC ambient-workspace-123456 is bound",
                    "2025-11-15T12:00:01Z",
                ),
                c(
                    "SecretsReady",
                    "False",
                    "SecretNotFound",
                    "Secret 'ambient-runner-secrets' not found in namespace",
                    "2025-11-15T12:00:02Z",
                ),
                c(
                    "JobCreated",
                    "False",
                    "WaitingForSecrets",
                    "Cannot create job until secrets are ready",
                    "2025-11-15T12:00:02Z",
                ),
                c(
                    "Ready",
                    "False",
                    "SecretsNotReady",
                    "Waiting for required secrets",
                    "2025-11-15T12:00:02Z",
                ),
            ],
            ..Default::default()
        }
    }

    fn image_pull() -> Workbench {
        Workbench {
            phase: Some(Phase::Failed),
            k8s_status: K8sWorkbenchStatus::Failed,
            start_time: Some("2025-11-15T12:00:00Z".into()),
            completion_time: Some("2025-11-15T12:02:00Z".into()),
            conditions: vec![
                c(
                    "PodScheduled",
                    "True",
                    "Scheduled",
                    "Pod scheduled on node worker-1",
                    "2025-11-15T12:00:05Z",
                ),
                c(
                    "RunnerStarted",
                    "False",
                    "ImagePullBackOff",
                    "Failed to pull image: quay.io/ambient_code/vteam_claude_runner:latest",
                    "2025-11-15T12:02:00Z",
                ),
                c(
                    "Failed",
                    "True",
                    "ImagePullError",
                    "Cannot start runner container",
                    "2025-11-15T12:02:00Z",
                ),
                c(
                    "Ready",
                    "False",
                    "SessionFailed",
                    "Session failed: ImagePullBackOff",
                    "2025-11-15T12:02:00Z",
                ),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn status_and_type_parsing() {
        assert_eq!(ConditionStatus::from_wire("True"), ConditionStatus::True);
        assert_eq!(ConditionStatus::from_wire("false"), ConditionStatus::False);
        assert_eq!(ConditionStatus::from_wire(""), ConditionStatus::Unknown);
        assert_eq!(
            ConditionStatus::from_wire("Maybe"),
            ConditionStatus::Unknown
        );
        assert_eq!(
            ConditionType::from_wire("PVCReady"),
            ConditionType::PvcReady
        );
        assert_eq!(
            ConditionType::from_wire("pvcready"),
            ConditionType::PvcReady
        );
        assert_eq!(
            ConditionType::from_wire("QuotaChecked"),
            ConditionType::Other("QuotaChecked".into())
        );
        assert_eq!(ConditionType::PvcReady.as_wire(), "PVCReady");
        assert_eq!(ConditionType::PvcReady.label(), "Storage ready");
        assert_eq!(ConditionType::SecretsReady.label(), "Secrets ready");
        assert_eq!(ConditionType::JobCreated.label(), "Job created");
        assert_eq!(ConditionType::PodScheduled.label(), "Pod scheduled");
        assert_eq!(ConditionType::RunnerStarted.label(), "Runner started");
        assert_eq!(
            ConditionType::from_wire("QuotaChecked").label(),
            "Quota checked"
        );
    }

    #[test]
    fn camel_case_splitting() {
        assert_eq!(split_camel_case("PVCReady"), "PVC ready");
        assert_eq!(split_camel_case("QuotaExceeded"), "Quota exceeded");
        assert_eq!(split_camel_case("OOMKilled"), "OOM killed");
        assert_eq!(split_camel_case("SDKError"), "SDK error");
        assert_eq!(split_camel_case("ErrImagePull"), "Err image pull");
        assert_eq!(split_camel_case("Exit143"), "Exit 143");
        assert_eq!(split_camel_case("snake_case_reason"), "Snake case reason");
        assert_eq!(split_camel_case("Exploding"), "Exploding");
        assert_eq!(split_camel_case("x"), "X");
        assert_eq!(split_camel_case(""), "");
        assert_eq!(split_camel_case("  __ "), "");
        assert_eq!(split_camel_case("ÄrgerGroß"), "Ärger groß");
    }

    #[test]
    fn set_is_a_map_with_last_wins_and_canonical_order() {
        let set = ConditionSet::from_list(&[
            c("Zeta", "True", "", "", ""),
            c("Ready", "False", "", "", ""),
            c("PVCReady", "False", "Provisioning", "", ""),
            c("", "True", "", "", ""),
            c("Alpha", "True", "", "", ""),
            c("PVCReady", "True", "Bound", "", ""),
            c("Failed", "False", "", "", ""),
        ]);
        assert_eq!(set.len(), 5);
        assert_eq!(set.status(&ConditionType::PvcReady), ConditionStatus::True);
        assert_eq!(
            set.status(&ConditionType::JobCreated),
            ConditionStatus::Unknown
        );
        let order: Vec<&str> = set.ordered().iter().map(|c| c.type_.as_str()).collect();
        assert_eq!(order, ["PVCReady", "Ready", "Failed", "Zeta", "Alpha"]);
    }

    #[test]
    fn phase_derivation_order() {
        let derive = |list: &[Condition]| ConditionSet::from_list(list).derive_phase();
        assert_eq!(derive(&[]), Phase::Pending);
        assert_eq!(
            derive(&[c("JobCreated", "True", "", "", "")]),
            Phase::Creating
        );
        assert_eq!(
            derive(&[
                c("JobCreated", "True", "", "", ""),
                c("RunnerStarted", "True", "", "", "")
            ]),
            Phase::Running
        );
        assert_eq!(
            derive(&[
                c("RunnerStarted", "True", "", "", ""),
                c("Completed", "True", "", "", "")
            ]),
            Phase::Completed
        );
        assert_eq!(
            derive(&[
                c("Completed", "True", "", "", ""),
                c("Failed", "True", "", "", "")
            ]),
            Phase::Failed
        );
        assert_eq!(derive(&[c("Failed", "False", "", "", "")]), Phase::Pending);
        assert_eq!(derive(&image_pull().conditions), Phase::Failed);
        assert_eq!(derive(&missing_secret().conditions), Phase::Pending);
        assert_eq!(derive(&healthy().conditions), Phase::Running);
    }

    #[test]
    fn name_extraction() {
        assert_eq!(
            quoted_name("Secret 'ambient-runner-secrets' not found"),
            Some("ambient-runner-secrets")
        );
        assert_eq!(quoted_name("Secret \"s1\" missing"), Some("s1"));
        assert_eq!(quoted_name("no quotes"), None);
        assert_eq!(quoted_name("unterminated 'quote"), None);
        assert_eq!(quoted_name("‘fancy’ quotes"), Some("fancy"));
        assert_eq!(
            image_name_in("Failed to pull image: quay.io/x:bad-tag").as_deref(),
            Some("quay.io/x:bad-tag")
        );
        assert_eq!(
            image_name_in("Back-off pulling image \"quay.io/x:bad\"").as_deref(),
            Some("quay.io/x:bad")
        );
        assert_eq!(image_name_in("Cannot pull image: manifest unknown"), None);
        assert_eq!(image_name_in("Session failed: ImagePullBackOff"), None);
        assert_eq!(
            image_name_in(
                "rpc error: failed to pull and unpack image \"docker.io/library/x:1\": not found"
            )
            .as_deref(),
            Some("docker.io/library/x:1")
        );
        assert_eq!(
            image_name_in("Failed to pull image quay.io/x:bad-tag.").as_deref(),
            Some("quay.io/x:bad-tag")
        );
        assert_eq!(
            image_name_in("Ünïcödé image: ünï/cödé:1 ok").as_deref(),
            Some("ünï/cödé:1")
        );
    }

    #[test]
    fn exit_codes_and_restarts_in_text() {
        assert_eq!(
            exit_code_in("Runner exited with code 143: terminated"),
            Some(143)
        );
        assert_eq!(exit_code_in("exit 143"), Some(143));
        assert_eq!(exit_code_in("exit code 1"), Some(1));
        assert_eq!(exit_code_in("exit status 2"), Some(2));
        assert_eq!(exit_code_in("ExitCode: 0"), Some(0));
        assert_eq!(exit_code_in("Exit143"), Some(143));
        assert_eq!(exit_code_in("exited normally after 3 s"), None);
        assert_eq!(exit_code_in("exit code 99999999999999"), None);
        assert_eq!(exit_code_in(""), None);
        assert_eq!(
            restart_count_in("Back-off restarting failed container, restarted 2 times"),
            Some(2)
        );
        assert_eq!(restart_count_in("restartCount=3"), Some(3));
        assert_eq!(restart_count_in("restarts: 1"), Some(1));
        assert_eq!(restart_count_in("(restart 2/3)"), Some(2));
        assert_eq!(restart_count_in("4 restarts so far"), Some(4));
        assert_eq!(
            restart_count_in("Back-off 40s restarting failed container"),
            None
        );
    }

    #[test]
    fn catalogue_covers_api_reasons() {
        let sev = |r: &str| explain_reason(r, None).severity;
        assert_eq!(sev("SecretNotFound"), Severity::Transient);
        assert_eq!(sev("ImagePullBackOff"), Severity::Permanent);
        assert_eq!(sev("ErrImagePull"), Severity::Permanent);
        assert_eq!(sev("InvalidImageName"), Severity::Permanent);
        assert_eq!(sev("CrashLoopBackOff"), Severity::Transient);
        assert_eq!(sev("Unschedulable"), Severity::Transient);
        assert_eq!(sev("FailedScheduling"), Severity::Transient);
        assert_eq!(sev("Timeout"), Severity::Permanent);
        assert_eq!(sev("DeadlineExceeded"), Severity::Permanent);
        assert_eq!(sev("SDKError"), Severity::Permanent);
        assert_eq!(sev("PrerequisiteFailed"), Severity::Permanent);
        assert_eq!(sev("SessionStopped"), Severity::Stopped);
        for ok in [
            "Bound",
            "AllSecretsFound",
            "Created",
            "Scheduled",
            "ContainerRunning",
            "SessionRunning",
        ] {
            assert_eq!(sev(ok), Severity::Ok, "{ok}");
        }
        assert_eq!(sev("WaitingForSecrets"), Severity::Transient);
        assert_eq!(sev("Provisioning"), Severity::InProgress);
        assert_eq!(sev("ImagePullError"), Severity::Permanent);
        assert_eq!(sev("SessionFailed"), Severity::Permanent);
        assert_eq!(explain_reason("SDKError", None).exit_code, Some(1));
        assert_eq!(
            explain_reason("PrerequisiteFailed", None).exit_code,
            Some(2)
        );
        assert_eq!(explain_reason("SessionStopped", None).exit_code, Some(143));
        assert!(is_known_reason("secretnotfound"));
        assert!(!is_known_reason("Exploding"));
    }

    #[test]
    fn hints_name_what_the_message_names() {
        let e = explain_reason(
            "SecretNotFound",
            Some("Secret 'ambient-runner-secrets' not found"),
        );
        assert_eq!(
            e.hint.as_deref(),
            Some(
                "Secret 'ambient-runner-secrets' is missing — create it in the workspace settings"
            )
        );
        let e = explain_reason("SecretNotFound", None);
        assert!(e
            .hint
            .unwrap_or_default()
            .starts_with("A required secret is missing"));
        let e = explain_reason(
            "ImagePullBackOff",
            Some("Failed to pull image: quay.io/x:bad-tag"),
        );
        assert!(e.hint.unwrap_or_default().contains("'quay.io/x:bad-tag'"));
        let e = explain_reason(
            "FailedScheduling",
            Some("0/3 nodes are available: 3 Insufficient cpu, 1 Insufficient memory."),
        );
        assert!(e.hint.unwrap_or_default().contains("cpu and memory"));
        let e = explain_reason("Scheduled", Some("Pod scheduled on node worker-1"));
        assert_eq!(e.summary, "Placed on node worker-1");
    }

    #[test]
    fn crash_loop_becomes_permanent_after_three_restarts() {
        let e = explain_reason("CrashLoopBackOff", Some("restarted 2 times"));
        assert_eq!(e.severity, Severity::Transient);
        assert!(e.hint.unwrap_or_default().contains("Restart 2 of 3"));
        let e = explain_reason("CrashLoopBackOff", Some("restarted 3 times"));
        assert_eq!(e.severity, Severity::Permanent);
        let failed = c(
            "Failed",
            "True",
            "CrashLoopBackOff",
            "Runner container failed: back-off",
            "",
        );
        assert_eq!(explain_condition(&failed).severity, Severity::Permanent);
        assert_eq!(
            explain_condition(&failed).summary,
            "The desktop keeps crashing on start"
        );
    }

    #[test]
    fn exit_codes_explained() {
        assert_eq!(explain_exit_code(0).severity, Severity::Ok);
        assert!(explain_exit_code(1).summary.contains("exit code 1"));
        assert!(explain_exit_code(2).summary.contains("check"));
        assert_eq!(explain_exit_code(143).severity, Severity::Stopped);
        assert!(explain_exit_code(143)
            .summary
            .contains("stopped by its user"));
        assert!(explain_exit_code(7).summary.contains("exit code 7"));
        let e = explain_reason("ExitCode", Some("Runner exited with code 143: "));
        assert_eq!((e.severity, e.exit_code), (Severity::Stopped, Some(143)));
        let e = explain_reason("ExitCode", Some("Runner exited with code 2: missing input"));
        assert_eq!((e.severity, e.exit_code), (Severity::Permanent, Some(2)));
        let e = explain_reason("WeirdThing", Some("process exit 143"));
        assert_eq!((e.severity, e.exit_code), (Severity::Stopped, Some(143)));
        assert_eq!(e.reason.as_deref(), Some("WeirdThing"));
        let e = explain_reason(
            "SDKError",
            Some("Runner exited with error: ModuleNotFoundError"),
        );
        assert_eq!(e.exit_code, Some(1));
    }

    #[test]
    fn unknown_reasons_are_explained_generically() {
        let e = explain_reason("QuotaExceeded", Some("whatever"));
        assert_eq!(e.summary, "Quota exceeded");
        assert_eq!(e.severity, Severity::InProgress);
        assert_eq!(e.hint, None);
        let e = explain_reason("", None);
        assert_eq!(e.reason, None);
        let cond = c("PVCReady", "Unknown", "", "", "");
        assert_eq!(explain_condition(&cond).summary, "Storage ready: not yet");
        let cond = c("PVCReady", "True", "", "", "");
        assert_eq!(explain_condition(&cond).summary, "Storage ready");
    }

    #[test]
    fn condition_context_adjusts_severity() {
        assert_eq!(
            explain_condition(&c("Failed", "True", "ImagePullError", "", "")).severity,
            Severity::Permanent
        );
        assert_eq!(
            explain_condition(&c("Failed", "True", "Whatever", "", "")).severity,
            Severity::Permanent
        );
        assert_eq!(
            explain_condition(&c("Failed", "False", "Whatever", "", "")).severity,
            Severity::Ok
        );
        assert_eq!(
            explain_condition(&c("Failed", "True", "SessionStopped", "", "")).severity,
            Severity::Stopped
        );
        assert_eq!(
            explain_condition(&c("Ready", "True", "Whatever", "", "")).severity,
            Severity::Ok
        );
        assert_eq!(
            explain_condition(&c("PVCReady", "False", "Bound", "", "")).severity,
            Severity::InProgress
        );
        assert_eq!(
            explain_condition(&c("PVCReady", "False", "Mystery", "", "")).severity,
            Severity::InProgress
        );
        assert_eq!(
            explain_condition(&c(
                "Ready",
                "False",
                "SessionFailed",
                "Session failed: ImagePullBackOff",
                ""
            ))
            .severity,
            Severity::Permanent
        );
    }

    #[test]
    fn session_failed_uses_inner_reason() {
        let e = explain_reason("SessionFailed", Some("Session failed: ImagePullBackOff"));
        assert_eq!(e.summary, "The desktop image could not be downloaded");
        assert_eq!(e.severity, Severity::Permanent);
        assert_eq!(e.reason.as_deref(), Some("SessionFailed"));
        let e = explain_reason("SessionFailed", Some("Session failed: SessionFailed"));
        assert_eq!(e.summary, "The session failed");
    }

    #[test]
    fn steps_for_the_three_examples() {
        let states = |wb: &Workbench| steps(wb).iter().map(|s| s.state).collect::<Vec<_>>();
        use StepState::*;
        assert_eq!(states(&healthy()), [Done, Done, Done, Done, Done, Done]);
        assert_eq!(
            states(&missing_secret()),
            [Done, Waiting, NotStarted, NotStarted, NotStarted, NotStarted]
        );
        assert_eq!(
            states(&image_pull()),
            [Done, Done, Done, Done, Failed, NotStarted]
        );
        assert!(steps(&Workbench::default()).is_empty());

        let s = steps(&healthy());
        let durations: Vec<Option<i64>> = s.iter().map(Step::duration_ms).collect();
        assert_eq!(
            durations,
            [
                Some(1_000),
                Some(1_000),
                Some(1_000),
                Some(2_000),
                Some(10_000),
                Some(0)
            ]
        );
        let secrets = &steps(&missing_secret())[1];
        assert_eq!(
            secrets.began_at_ms,
            parse_rfc3339_ms("2025-11-15T12:00:01Z")
        );
        assert_eq!(
            secrets.waited_ms(secrets.began_at_ms.unwrap_or(0) + 7_000),
            Some(7_000)
        );
    }

    #[test]
    fn sentences() {
        assert_eq!(
            current_step_sentence(&missing_secret()),
            "Waiting for required secrets"
        );
        assert_eq!(current_step_sentence(&healthy()), "The session is running");
        assert_eq!(
            current_step_sentence(&image_pull()),
            "The desktop image could not be downloaded"
        );
        let mut wb = Workbench {
            k8s_status: K8sWorkbenchStatus::Progressing,
            conditions: vec![c("PVCReady", "False", "Provisioning", "", "")],
            ..Default::default()
        };
        assert_eq!(current_step_sentence(&wb), "Preparing storage");
        wb.conditions = vec![c("PVCReady", "True", "Bound", "", "")];
        assert_eq!(current_step_sentence(&wb), "Checking required secrets");
        wb.conditions.push(c("SecretsReady", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Creating the job");
        wb.conditions.push(c("JobCreated", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Waiting for a node to run on");
        wb.conditions.push(c("PodScheduled", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Starting the desktop");
        wb.conditions.push(c("RunnerStarted", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Almost ready");
        wb.conditions.push(c("Ready", "True", "", "", ""));
        assert_eq!(current_step_sentence(&wb), "Almost ready");
        wb.conditions.clear();
        assert_eq!(current_step_sentence(&wb), "Starting the session");
        wb.server_pod_message = Some("Pulling image <b>x</b>".into());
        assert_eq!(overlay_text(&wb), "Pulling image <b>x</b>");
        wb.phase = Some(Phase::Stopped);
        assert_eq!(current_step_sentence(&wb), "The session is stopped");
        wb.generation = Some(2);
        wb.observed_generation = Some(1);
        assert_eq!(current_step_sentence(&wb), "Restarting the session");
    }

    #[test]
    fn failure_and_problem() {
        let f = failure_explanation(&image_pull()).expect("failed");
        assert_eq!(f.reason.as_deref(), Some("ImagePullBackOff"));
        assert!(f
            .hint
            .unwrap_or_default()
            .contains("quay.io/ambient_code/vteam_claude_runner:latest"));
        assert_eq!(failure_explanation(&healthy()), None);
        assert_eq!(current_problem(&healthy()), None);
        let p = current_problem(&missing_secret()).expect("problem");
        assert_eq!(p.severity, Severity::Transient);
        assert!(p
            .hint
            .unwrap_or_default()
            .contains("ambient-runner-secrets"));

        let timeout = Workbench {
            phase: Some(Phase::Failed),
            conditions: vec![c(
                "Failed",
                "True",
                "Timeout",
                "Job exceeded 1 hour timeout",
                "",
            )],
            ..Default::default()
        };
        let f = failure_explanation(&timeout).expect("failed");
        assert_eq!(
            f.summary,
            "The session ran past its time limit and was stopped"
        );

        let older = Workbench {
            k8s_status: K8sWorkbenchStatus::Failed,
            server_pod_message: Some("container exited with code 2".into()),
            ..Default::default()
        };
        assert_eq!(
            failure_explanation(&older).and_then(|e| e.exit_code),
            Some(2)
        );
        let bare = Workbench {
            k8s_status: K8sWorkbenchStatus::Failed,
            ..Default::default()
        };
        assert_eq!(
            failure_explanation(&bare).map(|e| e.summary),
            Some("The session failed to start".to_owned())
        );

        let stopped = Workbench {
            phase: Some(Phase::Stopped),
            conditions: vec![c(
                "Ready",
                "False",
                "SessionStopped",
                "User stopped the session",
                "",
            )],
            ..Default::default()
        };
        let p = current_problem(&stopped).expect("stopped");
        assert_eq!((p.severity, p.exit_code), (Severity::Stopped, Some(143)));
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

    #[test]
    fn hostile_text_survives_verbatim() {
        let evil = "<script>alert(1)</script>";
        let e = explain_reason(
            "SecretNotFound",
            Some(&format!("Secret '{evil}' not found")),
        );
        assert!(e.hint.unwrap_or_default().contains(evil));
        let _ = explain_reason(evil, Some(evil));
        let _ = split_camel_case(evil);
    }

    /// Property: no helper panics on arbitrary text (multi-byte characters, unbalanced quotes,
    /// huge numbers), and explanations always have a summary or a reason.
    #[test]
    fn prop_no_panic_on_arbitrary_text() {
        const PIECES: [&str; 28] = [
            "image",
            "Image",
            ":",
            " ",
            "'",
            "\"",
            "‘",
            "’",
            "“",
            "”",
            "`",
            "exit",
            "Exit",
            "143",
            "99999999999",
            "restart",
            "times",
            "é",
            "Ä",
            "/",
            "node",
            "Insufficient",
            "Secret",
            "x",
            "A",
            "9",
            "<script>",
            "\n",
        ];
        let mut state = 0xDEAD_BEEF_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5_000 {
            let len = next() % 12;
            let mut text = String::new();
            for _ in 0..len {
                let i = (next() % PIECES.len() as u64) as usize;
                text.push_str(PIECES.get(i).copied().unwrap_or(""));
            }
            let _ = quoted_name(&text);
            let _ = image_name_in(&text);
            let _ = exit_code_in(&text);
            let _ = restart_count_in(&text);
            let _ = split_camel_case(&text);
            for reason in [
                "SecretNotFound",
                "ImagePullBackOff",
                "CrashLoopBackOff",
                "SessionFailed",
                "ExitCode",
                "FailedScheduling",
                "Scheduled",
                "InvalidImageName",
                &text,
            ] {
                let e = explain_reason(reason, Some(&text));
                assert!(
                    !e.summary.is_empty()
                        || e.reason.is_none()
                        || reason.trim().is_empty()
                        || split_camel_case(reason).is_empty()
                );
                let cond = c("RunnerStarted", "False", reason, &text, &text);
                let _ = explain_condition(&cond);
            }
            let wb = Workbench {
                k8s_status: K8sWorkbenchStatus::from_wire(&text),
                server_pod_message: Some(text.clone()),
                conditions: vec![
                    c(&text, "False", &text, &text, &text),
                    c("SecretsReady", "False", "SessionFailed", &text, &text),
                ],
                ..Default::default()
            };
            let _ = steps(&wb);
            let _ = timeline(&wb);
            let _ = current_step_sentence(&wb);
            let _ = failure_explanation(&wb);
            let _ = current_problem(&wb);
            let _ = parse_rfc3339_ms(&text);
        }
        assert_eq!(
            image_name_in("pulling image “quay.io/x:1” failed").as_deref(),
            Some("quay.io/x:1")
        );
    }
}
