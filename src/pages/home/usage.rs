//! `Your usage` on the home page, in a chunk of its own (`homeparts`, pages/lazy.rs): each kind the
//! platform limits, with the user's count once its own list is in. A value that cannot be read
//! is no limit (`domain::limits`), said nowhere.
use crate::components::live::live;
use leptos::prelude::*;

use super::UsageCtx;
use crate::domain::limits::{own_count, reached, usage_words, Kind};
use crate::domain::workbench::Workbench;
use crate::domain::workspace::WorkspaceStatus;

/// The list of `Your usage` (the home page shows its section and heading).
#[component]
pub(crate) fn UsageList() -> impl IntoView {
    let Some(UsageCtx {
        me,
        sessions,
        workspaces,
        limits,
    }) = use_context::<UsageCtx>()
    else {
        return ().into_any();
    };
    // The user's app instances, asked only where the platform limits them.
    let app_count =
        crate::state::limits::use_own_app_instances(limits, me.into(), Signal::stored(0));
    let used = move |kind: Kind| -> Option<u64> {
        let me = me.get();
        match kind {
            Kind::Workspaces => workspaces.with(|w| {
                w.value().map(|l| {
                    own_count(
                        l,
                        &me,
                        |w| w.user_id.as_str(),
                        |w| w.status == WorkspaceStatus::Deleted,
                    )
                })
            }),
            Kind::Sessions => sessions.with(|s| {
                s.value()
                    .map(|l| own_count(l, &me, |w| w.user_id.as_str(), Workbench::is_deleted))
            }),
            Kind::AppInstances => app_count.get(),
        }
    };
    view! {
                <ul class="home-list usage-list">
                    {live(move || limits.get().kinds().into_iter().map(|kind| {
                        let max = limits.get_untracked().of(kind).unwrap_or(0);
                        let line = live(move || match used(kind) {
                            Some(n) => usage_words(kind, n, max),
                            None => format!("{}: counting…", kind.title()),
                        });
                        let full = move || used(kind).is_some_and(|n| reached(n, max));
                        view! {
                            <li data-kind=kind.title().to_ascii_lowercase() class:at-limit=full>
                                {line}
                                {live(move || full().then(|| view! { <span class="muted">" — the limit is reached"</span> }))}
                            </li>
                        }
                    }).collect_view())}
                </ul>
    }
    .into_any()
}
