//! The reason catalogue: a CamelCase reason and its message explained for a user as an
//! [`Explanation`] (a plain-language summary, a hint naming what the message names, a
//! [`Severity`]). **A new reason goes here**, in [`catalogue`]'s table.

use super::message::{
    exit_code_in, image_name_in, insufficient_resources_in, node_name_in, quoted_name,
    restart_count_in, split_camel_case,
};
use super::model::{Condition, ConditionStatus, ConditionType};

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
    /// A stable token for CSS classes / `data-*`: `ok`, `in-progress`, `transient`,
    /// `permanent`, `stopped`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::InProgress => "in-progress",
            Self::Transient => "transient",
            Self::Permanent => "permanent",
            Self::Stopped => "stopped",
        }
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
    pub(crate) fn new(
        reason: Option<&str>,
        severity: Severity,
        summary: &str,
        hint: Option<String>,
    ) -> Self {
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

pub(crate) const RETRY_HINT: &str = "Press Retry to start the session again";

/// A hint as it reads where the failed session cannot be started again, so that a new session
/// is the way on (CHORUS): "Press Retry; …" becomes "Start a new session; …", and the bare
/// [`RETRY_HINT`] goes (the page says what to do instead).
pub(crate) fn hint_without_restart(hint: &str) -> Option<String> {
    if hint == RETRY_HINT {
        return None;
    }
    Some(match hint.strip_prefix("Press Retry") {
        Some(rest) => format!("Start a new session{rest}"),
        None => hint.to_owned(),
    })
}

#[cfg(test)]
mod restart_hint_tests {
    use super::*;

    #[test]
    fn hints_without_a_restart_name_a_new_session() {
        assert_eq!(hint_without_restart(RETRY_HINT), None);
        assert_eq!(
            hint_without_restart("Press Retry; if it happens again, ask for more memory")
                .as_deref(),
            Some("Start a new session; if it happens again, ask for more memory")
        );
        assert_eq!(
            hint_without_restart("Check the image name").as_deref(),
            Some("Check the image name")
        );
    }
}

/// What a runner exit code means: 0 success, 1 SDK error, 2 prerequisite failed, 137 killed,
/// 143 stopped by its user (SIGTERM); others a generic failure.
pub(crate) fn explain_exit_code(code: i32) -> Explanation {
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
pub(crate) fn is_known_reason(reason: &str) -> bool {
    catalogue(reason, "", false).is_some()
}

/// A reason on its own, as [`explain`] sees it outside any condition.
#[cfg(test)]
pub(crate) fn explain_reason(reason: &str, message: Option<&str>) -> Explanation {
    explain(Some(reason), message, false)
}

/// Explains a reason and its message. `terminal` says the session has failed (it makes
/// `CrashLoopBackOff` permanent even without a restart count).
///
/// Known reasons (every one api.md lists, the seeds' and dev server's: `SecretNotFound`,
/// `ImagePullBackOff`, `CrashLoopBackOff`, `Unschedulable`, `DeadlineExceeded`, `SDKError`,
/// `PrerequisiteFailed`, `SessionStopped`, `Bound`, `Created`, `ExitCode`, …) get a written
/// summary, severity and hint; the hint names what the message names. An exit code in the
/// message (`"exited with code 143"`) fills [`Explanation::exit_code`], and for an unknown
/// reason decides the explanation. Any other unknown reason is explained generically from its
/// words (`"QuotaExceeded"` → `"Quota exceeded"`) as [`Severity::InProgress`].
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

/// A condition on its own: terminal when it is `Failed`=True.
#[cfg(test)]
pub(crate) fn explain_condition(c: &Condition) -> Explanation {
    explain_condition_in(c, c.kind() == ConditionType::Failed && c.is_true())
}

/// Explains a condition of a session that has failed (`terminal`) or not, taking its type
/// and status into account:
/// - `Failed`=True is [`Severity::Permanent`] (or `Stopped` for a user stop); `Failed` not
///   True is `Ok`;
/// - a chain step, `Completed` or `Ready` that is True is `Ok`;
/// - a condition not True with a reason the catalogue calls `Ok` (contradictory) or an unknown
///   reason is `InProgress`;
/// - otherwise the reason's own severity.
///
/// Without a reason the summary is the type in words (`"Storage ready"`), with `": not yet"`
/// when it is not True.
pub(crate) fn explain_condition_in(c: &Condition, terminal: bool) -> Explanation {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{arbitrary_texts, c};

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
        for text in arbitrary_texts(5_000) {
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
        }
    }
}
