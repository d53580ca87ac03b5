//! The quick switch in the session bar: the user's other ready sessions, from the desktops kept
//! alive (shown at once, marked "open") and the lists already loaded, one link each, so that a
//! switch is one click or a Tab and Enter away.
use leptos::prelude::*;

use crate::components::keyed::Keyed;
use crate::components::when::When;
use crate::domain::desktop_pool::SwitchTarget;
use crate::routes::session_href;
use crate::state::desktops::Desktops;

/// `<nav aria-label="Other sessions">` with a link per other ready session; nothing when there
/// is none (or no pool).
#[component]
pub fn SessionSwitch(
    /// The session shown.
    current: String,
) -> impl IntoView {
    let Some(desktops) = Desktops::use_desktops() else {
        return ().into_any();
    };
    let targets = crate::state::memo(move |_| desktops.switch_targets(&current));
    view! {
        <When when=move || targets.with(|t| !t.is_empty())>
            <nav class="session-switch" aria-label="Other sessions" data-testid="session-switch">
                <span class="session-switch-label">"Switch to"</span>
                <ul>
                    <Keyed
                        each=move || targets.get()
                        key=|t: &SwitchTarget| (t.id.clone(), t.live)
                        children=|t: SwitchTarget| {
                            let title = if t.live {
                                format!("{}: its desktop is open and shows at once", t.name)
                            } else {
                                format!("{}: ready", t.name)
                            };
                            view! {
                                <li>
                                    <a
                                        class="session-switch-item"
                                        class:is-live=t.live
                                        href=session_href(&t.workspace_id, &t.id)
                                        title=title
                                        data-session-id=t.id.clone()
                                    >
                                        <span class="session-switch-dot" aria-hidden="true"></span>
                                        {t.name.clone()}
                                        {t.live.then(|| view! { <span class="visually-hidden">" (open)"</span> })}
                                    </a>
                                </li>
                            }
                        }
                    />
                </ul>
            </nav>
        </When>
    }
    .into_any()
}
