//! What a view shows about a session's wait, in one value ([`StatusSummary`]): read by the
//! status poll ([`super::workbench_status`]) and the watch stream ([`super::workbench_watch`]).
use crate::domain::poll::{Decision, FatalKind};
use crate::domain::workbench::Workbench;

/// What a view shows about the wait, in one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusSummary {
    /// Before the first reply.
    Loading,
    /// Polling: the session is on its way (or its state is not known yet).
    Starting,
    /// Ready: show the desktop.
    Ready,
    /// The session failed: show why, with Retry.
    Failed,
    /// Stopped (or completed) by its user: nothing happens without a start.
    Stopped,
    /// The deadline passed without the session being ready.
    TimedOut {
        waited_ms: u64,
        /// The last status seen, in words (`Starting`), if any.
        last_status: Option<String>,
    },
    /// Two or more failures in a row; the next attempt is due at this time (epoch ms).
    ConnectionTrouble { next_retry_at_ms: i64 },
    /// 404: the session does not exist (any more).
    NotFound,
    /// 401/403: the user may not see it.
    NoAccess,
    /// Another 4xx that retrying by itself cannot fix, in words.
    Error(String),
}

impl StatusSummary {
    /// The summary a view would show for a workbench alone (without a poll): `None` →
    /// `Loading`, ready → `Ready`, failed → `Failed`, stopped/completed → `Stopped`, else
    /// `Starting`.
    pub fn from_workbench(wb: Option<&Workbench>) -> Self {
        match wb {
            None => Self::Loading,
            Some(wb) if wb.is_ready() => Self::Ready,
            Some(wb) if wb.is_failed() && !wb.is_object_stale() => Self::Failed,
            Some(wb) if wb.is_terminal() && !wb.is_object_stale() => Self::Stopped,
            Some(_) => Self::Starting,
        }
    }

    /// Polling has stopped for good on an error the user should see.
    pub fn is_error(&self) -> bool {
        matches!(
            self,
            Self::Failed
                | Self::TimedOut { .. }
                | Self::ConnectionTrouble { .. }
                | Self::NotFound
                | Self::NoAccess
                | Self::Error(_)
        )
    }

    /// The summary for a decision of the poll, the connection trouble and the last session.
    pub(super) fn of(
        decision: Option<&Decision<Workbench>>,
        trouble_retry_at: Option<i64>,
        wb: Option<&Workbench>,
    ) -> Self {
        let waiting = || match (trouble_retry_at, wb) {
            (Some(at), _) => Self::ConnectionTrouble {
                next_retry_at_ms: at,
            },
            (None, Some(_)) => Self::Starting,
            (None, None) => Self::Loading,
        };
        match decision {
            None | Some(Decision::PollAfter(_)) => waiting(),
            Some(Decision::StopReady) => Self::Ready,
            Some(Decision::StopFailed) => {
                if wb.is_none_or(Workbench::is_failed) {
                    Self::Failed
                } else {
                    Self::Stopped
                }
            }
            Some(Decision::StopTimedOut {
                waited_ms,
                last_status,
            }) => Self::TimedOut {
                waited_ms: *waited_ms,
                last_status: last_status.as_ref().map(|s| {
                    if s.reports_no_status() {
                        crate::domain::poll::NOT_REPORTED.to_owned()
                    } else {
                        s.k8s_status.label().to_owned()
                    }
                }),
            },
            Some(Decision::StopFatal(FatalKind::NotFound)) => Self::NotFound,
            Some(Decision::StopFatal(FatalKind::Forbidden | FatalKind::Unauthorized)) => {
                Self::NoAccess
            }
            Some(Decision::StopFatal(kind)) => Self::Error(kind.message()),
        }
    }
}
