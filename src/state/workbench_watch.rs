//! A session's status pushed instead of polled: the watch stream (api.md,
//! `GET /workbenches/{id}/watch`, an extension), on the one stream engine ([`super::stream`]),
//! carrying the session's poll ([`super::poll`]) while it is healthy:
//!
//! - the poll starts held: no request while the stream opens; each `workbench` event goes to
//!   the same poller (same deadline, same decisions) and to the page's signals;
//! - the stream fails or drops: the poll takes over at once (no gap), the stream reconnects
//!   with back-off and holds the poll again from its first event (no double poll);
//! - when the browser gives up on the stream, one plain request tells why (an `EventSource`
//!   cannot read a status): 404 naming no resource, 405 or 501 mean the backend has no watch
//!   route, and the console stops asking for it ([`Extension::WorkbenchWatch`]) and polls; a
//!   session gone or forbidden closes the stream (the poll says so); anything else reconnects;
//! - the session gone or forbidden as the poll sees it: the stream closes too.
use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::api::{workbenches, ApiClient, ApiError, Extension};
use crate::domain::jobs::StreamStatus;
use crate::domain::poll::{Decision, Outcome};
use crate::domain::workbench::Workbench;
use crate::state::poll::Poll;
use crate::state::stream::{Stream, StreamHooks};
use crate::state::workbench_observer::Observer;
use crate::state::workbench_summary::StatusSummary;
use crate::state::Kept;

/// How long a (re)opened stream may take to send its first event before the poll takes over.
const GRACE_MS: u64 = 4_000;
/// A stream silent this long is reopened (keep-alive comments are invisible to `EventSource`;
/// a quiet session sends nothing, so this is a resync, not a failure).
const WATCHDOG_MS: u64 = 65_000;

/// `Copy` handle on a session's watch stream (none when the backend has no watch route).
#[derive(Clone, Copy)]
pub(crate) struct Watch {
    stream: Kept<Option<Stream>>,
}

impl Watch {
    pub(crate) fn new() -> Self {
        Self {
            stream: Kept::new(None),
        }
    }

    /// Opens the stream of session `id` where the backend may have one, with `poll` held.
    /// Returns `false` (nothing done) when the backend is known to lack it.
    pub(crate) fn open(
        self,
        api: ApiClient,
        id: Kept<String>,
        poll: Poll<Workbench>,
        observer: Observer,
    ) -> bool {
        if !api.supports(Extension::WorkbenchWatch) {
            return false;
        }
        // An id that cannot be a path segment: nothing to watch (its poll says why).
        let Ok(url) = workbenches::watch_url(api, &id.get_value()) else {
            return false;
        };
        let url = Kept::new(url);
        let this = self;
        let stream = Stream::new(
            move || url.get_value(),
            &["workbench"],
            WATCHDOG_MS,
            StreamHooks {
                on_event: Box::new(move |_, data| this.on_event(data, poll, observer)),
                on_status: Box::new(move |s| match s {
                    StreamStatus::Connecting => poll.hold(GRACE_MS),
                    StreamStatus::Interrupted | StreamStatus::Reconnecting { .. } => {
                        poll.release();
                    }
                    _ => {}
                }),
                on_gave_up: Box::new(move || {
                    poll.release();
                    let url = url.get_value();
                    spawn_local(async move {
                        match api.check_stream(&url).await {
                            Err(e) if e.means_missing_route() => {
                                api.mark_missing(Extension::WorkbenchWatch);
                                this.close();
                            }
                            Err(ApiError::Http {
                                status: 401 | 403 | 404,
                                ..
                            }) => this.close(),
                            _ => {}
                        }
                    });
                }),
                on_tick: Box::new(|| {}),
            },
        );
        self.stream.set_value(Some(stream));
        // Gone or forbidden: nothing more to watch.
        let decision = poll.decision();
        crate::state::effect(move |_| {
            if decision.with(|d| matches!(d, Some(Decision::StopFatal(_)))) {
                this.close();
            }
        });
        poll.start_held();
        stream.ensure_open();
        true
    }

    fn close(self) {
        if let Some(s) = self.stream.try_get_value().flatten() {
            s.close();
        }
    }

    fn on_event(self, data: &str, poll: Poll<Workbench>, observer: Observer) {
        let value = match workbenches::parse_watch_event(data) {
            Ok(v) => v,
            Err(e) => {
                observer.error(&format!(
                    "A pushed status could not be read. {}",
                    e.message()
                ));
                return;
            }
        };
        if let Some(s) = self.stream.try_get_value().flatten() {
            s.reset_backoff();
        }
        let before = observer.last_untracked();
        observer.see(&value);
        observer.count_from_created(&value);
        // The stream carries the poll again (after a grace that ran out, or a drop).
        poll.hold(GRACE_MS);
        if poll.push(Outcome::Status(value.clone())) {
            return;
        }
        // The poll had stopped (ready, failed, stopped): a change of kind is followed again.
        if StatusSummary::from_workbench(before.as_ref())
            != StatusSummary::from_workbench(Some(&value))
        {
            poll.start_held();
            poll.push(Outcome::Status(value));
        }
    }
}
