//! The header activity indicator (ui.md, "Stable hooks" and "Header activity labels").
//!
//! Markup: a wrapper holding
//! - the status element (`data-testid="activity-indicator"`, `role="status"`,
//!   `aria-live="polite"`, `aria-label` like `2 actions in progress. Latest: Building (Demo)`)
//!   with a spinner while busy, the text (`Idle` or the latest label) and the `+N` badge
//!   (`data-testid="activity-count"`); its `title` says when live updates are lost;
//! - next to it (not inside: a live region holds no controls) a toggle button that opens a
//!   small list of everything in progress, each linking to where it lives. Escape closes the
//!   list and returns focus to the toggle; so does a click elsewhere (without moving focus).
use crate::components::live::live;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use wasm_bindgen::JsCast;

use crate::components::when::When;
use crate::domain::jobs::{ActivityKind, ACTIVITY_PAGE};
use crate::state::activity::Activity;
use crate::state::Slot;

/// Id of the popover list (one header per page).
const POPOVER_ID: &str = "activity-popover";

/// One row of the popover list.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    key: String,
    label: String,
    link: Option<String>,
    kind: ActivityKind,
}

/// The header activity indicator: `Idle` or the latest job's label, a `+N` badge, and a
/// toggle for the list of everything in progress.
#[component]
pub fn ActivityIndicator() -> impl IntoView {
    let activity = Activity::use_activity();
    let open = Slot::new(false);
    let toggle_ref = NodeRef::<html::Button>::new();
    let wrapper_ref = NodeRef::<html::Div>::new();

    let busy = crate::state::memo(move |_| activity.state.with(|s| s.is_busy()));
    // What the live region says changes at most once a second (ui.md, "Everyone"): a burst of
    // job updates is one announcement, of the latest state.
    let said = crate::state::memo(move |_| {
        activity
            .state
            .with(|s| (s.indicator_text(), s.badge_text(), s.aria_label()))
    });
    let said = crate::state::throttle::at_most_every(said, std::time::Duration::from_secs(1));
    let text = live(move || said.with(|s| s.0.clone()));
    let badge = move || said.with(|s| s.1.clone());
    let aria = move || said.with(|s| s.2.clone());
    let problem = crate::state::memo(move |_| {
        let now = activity.clock.get();
        activity.stream.with(|s| s.problem(now))
    });
    let rows = crate::state::memo(move |_| {
        activity.state.with(|s| {
            s.entries()
                .into_iter()
                .rev()
                .map(|e| Row {
                    key: e.key.clone(),
                    label: e.label.clone(),
                    link: e.link.clone(),
                    kind: e.kind,
                })
                .collect::<Vec<_>>()
        })
    });

    let close_and_focus = move || {
        open.set(false);
        if let Some(b) = toggle_ref.get_untracked() {
            let _ = b.focus();
        }
    };

    // A click outside the indicator closes the list (focus stays where the user put it).
    let outside = window_event_listener(ev::click, move |e| {
        if !open.get_untracked() {
            return;
        }
        let inside = match (
            wrapper_ref.get_untracked(),
            e.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()),
        ) {
            (Some(w), Some(node)) => w.contains(Some(&node)),
            _ => false,
        };
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());

    let on_keydown = move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && open.get_untracked() {
            e.prevent_default();
            e.stop_propagation();
            close_and_focus();
        }
    };

    let title = move || problem.get().unwrap_or_else(aria);

    view! {
        <div class="activity" node_ref=wrapper_ref on:keydown=on_keydown>
            <div
                class="activity-indicator"
                class:busy=move || busy.get()
                class:degraded=move || problem.with(|p| p.is_some())
                data-testid="activity-indicator"
                role="status"
                aria-live="polite"
                aria-label=aria
                title=title
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <When when=move || busy.get()>
                    <span class="spinner activity-spinner" aria-hidden="true"></span>
                </When>
                <span class="activity-label">{text}</span>
                {live(move || {
                    badge()
                        .map(|b| {
                            view! {
                                <span class="activity-count" data-testid="activity-count">
                                    {b}
                                </span>
                            }
                        })
                })}
                <span class="activity-warning" aria-hidden="true"></span>
            </div>
            <button
                type="button"
                class="activity-toggle"
                node_ref=toggle_ref
                aria-label="Show activity"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=POPOVER_ID
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="activity-chevron"><Icon name=IconName::ChevronDown/></span>
            </button>
            <div
                class="activity-popover"
                id=POPOVER_ID
                hidden=move || !open.get()
            >
                <p class="activity-popover-title" id="activity-popover-title">
                    "In progress"
                </p>
                {live(move || {
                    problem
                        .get()
                        .map(|p| view! { <p class="activity-problem">{p}</p> })
                })}
                <When
                    when=move || rows.with(|r| !r.is_empty())
                    fallback=|| view! { <p class="activity-empty">"Nothing in progress."</p> }
                >
                    <ul class="activity-list" aria-labelledby="activity-popover-title">
                        <Keyed
                            each=move || rows.get()
                            key=|r| (r.key.clone(), r.label.clone())
                            children=move |r: Row| {
                                let kind = match r.kind {
                                    ActivityKind::Build => "build",
                                    ActivityKind::Run => "run",
                                    ActivityKind::Request => "request",
                                    ActivityKind::Other => "other",
                                };
                                let label = r.label;
                                view! {
                                    <li class="activity-item" data-kind=kind>
                                        {match r.link {
                                            Some(href) => {
                                                view! {
                                                    <a href=href on:click=move |_| open.set(false)>
                                                        {label}
                                                    </a>
                                                }
                                                    .into_any()
                                            }
                                            None => view! { <span>{label}</span> }.into_any(),
                                        }}
                                    </li>
                                }
                            }
                        />
                    </ul>
                </When>
                <a class="activity-all" href=ACTIVITY_PAGE on:click=move |_| open.set(false)>
                    "All builds and runs"
                </a>
            </div>
        </div>
    }
}
