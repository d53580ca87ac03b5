//! The connection banner (ui.md, "Behaviour the tests check": offline): when the browser is
//! offline, or the last requests reached no server, a `role="status"` banner under the header
//! says so and when the next try is. Polls and streams pause by themselves while offline
//! ([`crate::state::poll`], [`crate::state::activity`]) and go on at once when the browser is
//! back; the banner only tells. While the server is unreachable it probes it on the poll engine
//! (`GET /authentication/modes`, public and cheap; any reply means reachable), backing off, and
//! `Try now` probes at once.
use std::time::Duration;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{auth, ApiClient, ApiError};
use crate::components::on::OnAttribute;
use crate::domain::connection::Connection;
use crate::domain::poll::{Outcome, PollPolicy, Readiness};
use crate::state::poll::Poll;
use crate::state::timer;
use crate::state::visibility::use_online;

/// First probe of an unreachable server after this; the back-off doubles it up to the cap.
const PROBE_INTERVAL_MS: u64 = 2_000;
const PROBE_BACKOFF_MAX_MS: u64 = 30_000;

#[component]
pub(crate) fn ConnectionBanner() -> impl IntoView {
    let api = ApiClient::use_client();
    let online = use_online();
    let failures = api.network_failures();
    let connection = crate::state::memo(move |_| Connection::of(online.get(), failures.get()));

    // A probe keeps no value (any reply means reachable): `Poll::new`, not `Poll::fetching`.
    let probe = Poll::new(
        PollPolicy::new(
            PROBE_INTERVAL_MS,
            PollPolicy::MAX_TIMEOUT_MS,
            PROBE_BACKOFF_MAX_MS,
        ),
        move |_signal| async move {
            match auth::modes(api).await {
                Err(ApiError::Network(_)) => Outcome::NetworkError,
                // Any reply, even an error, came from a server.
                _ => Outcome::Status(Readiness::Ready),
            }
        },
    );
    crate::state::effect(move |prev: Option<Connection>| {
        let c = connection.get();
        if prev != Some(c) {
            match c {
                // The first probe waits one interval: the requests that failed just now were
                // the first tries.
                Connection::Unreachable => probe.start_after(PROBE_INTERVAL_MS),
                _ => probe.stop(),
            }
        }
        c
    });

    // The banner goes with the header at a sign-out: its timer may tick once more.
    let now = timer::ticking_now_while(Duration::from_secs(1), move || {
        connection
            .try_get_untracked()
            .is_some_and(|c| c != Connection::Fine)
    });
    let next_at = probe.next_at();
    let banner = move || {
        let next_in = next_at
            .get()
            .map(|at| u64::try_from(at.saturating_sub(now.get())).unwrap_or(0));
        connection.get().banner(next_in)
    };

    view! {
        <div class="connection-banner-slot" role="status" aria-live="polite" data-testid="connection-banner">
            {live(move || {
                banner()
                    .map(|(title, next)| {
                        let unreachable = connection.get() == Connection::Unreachable;
                        view! {
                            <div class="connection-banner">
                                <p>
                                    <strong>{title}</strong>
                                    " "
                                    {next}
                                </p>
                                {unreachable
                                    .then(|| {
                                        view! {
                                            <button
                                                type="button"
                                                class="btn btn-small"
                                                on:click=move |_| probe.poll_now()
                                            >
                                                "Try now"
                                            </button>
                                        }
                                    })}
                            </div>
                        }
                    })
            })}
        </div>
    }
}
