//! `Share` in the session bar (ui.md, "share a session"), for who may `manageUsersInWorkbench`
//! on the session: find a member of its workspace, give `View` / `Use` / `Administer`
//! (`WorkbenchViewer`, `WorkbenchMember`, `WorkbenchAdmin`), see who has access, stop sharing.
//! The person it is shared with finds it after their next refresh (a `refreshJWTRequired`
//! notification). On CHORUS (0978bc77) the grant check refuses a session's own admin without a
//! platform role: that is said in words, naming who can share it instead.
use leptos::prelude::*;

use crate::api::{teams, ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::user_finder::UserFinder;
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::User;
use crate::domain::workbench::Workbench;
use crate::state::auth::Auth;

/// The three kinds of access, as the console names them.
const ACCESS: [(&str, &str); 3] = [
    ("View", "WorkbenchViewer"),
    ("Use", "WorkbenchMember"),
    ("Administer", "WorkbenchAdmin"),
];

fn access_words(role: &str) -> &str {
    ACCESS
        .iter()
        .find(|(_, r)| *r == role)
        .map(|(w, _)| *w)
        .unwrap_or(role)
}

/// Words for a refused share.
fn refusal(e: &ApiError) -> String {
    if e.status() == Some(403) && e.message().contains("role assignment authorization error") {
        "This backend (CHORUS) lets only a super admin or a platform user manager share a session: the session's own admins are refused. Ask one of them to share it.".to_owned()
    } else if e.status() == Some(409) {
        "This person already has that access.".to_owned()
    } else {
        "Could not change who has access".to_owned()
    }
}

#[component]
pub(crate) fn ShareSession(workbench: Signal<Option<Workbench>>) -> impl IntoView {
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
    let ids = crate::state::memo(move |_| {
        workbench.with(|w| w.as_ref().map(|w| (w.workspace_id.clone(), w.id.clone())))
    });
    let may = move || {
        ids.get().is_some_and(|(ws, wb)| {
            auth.can_in(Perm::ManageUsersInWorkbench, &Target::workbench(&ws, &wb))
        })
    };
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<User>);
    let access = RwSignal::new("WorkbenchViewer".to_owned());
    let failed = RwSignal::new(None::<(String, ApiError)>);
    let said = RwSignal::new(None::<String>);
    let members = crate::state::resource(move || {
        let ws = ids.get().map(|(ws, _)| ws);
        let open = open.get();
        async move {
            match ws {
                Some(ws) if open => teams::members(api, &ws).await,
                _ => Ok(Vec::new()),
            }
        }
    });
    let shared = crate::state::resource(move || {
        let wb = ids.get().map(|(_, wb)| wb);
        let open = open.get();
        async move {
            match wb {
                Some(wb) if open => teams::shared_with(api, &wb).await,
                _ => Ok(Vec::new()),
            }
        }
    });
    let share = local_action(move |_: &()| {
        let user = chosen.get_untracked();
        let role = access.get_untracked();
        let wb = ids.get_untracked().map(|(_, wb)| wb);
        async move {
            let (Some(user), Some(wb)) = (user, wb) else {
                return;
            };
            failed.try_set(None);
            match teams::share(api, &wb, &user.id, &role).await {
                Ok(()) => {
                    said.try_set(Some(format!(
                        "Shared with {} ({}).",
                        user.username,
                        access_words(&role)
                    )));
                    chosen.try_set(None);
                    query.try_set(String::new());
                    shared.refetch_past_user_cache();
                }
                Err(e) => {
                    said.try_set(None);
                    failed.try_set(Some((refusal(&e), e)));
                }
            }
        }
    });
    let unshare = local_action(move |user: &User| {
        let user = user.clone();
        let wb = ids.get_untracked().map(|(_, wb)| wb);
        async move {
            let Some(wb) = wb else { return };
            failed.try_set(None);
            match teams::unshare(api, &wb, &user).await {
                Ok(()) => {
                    said.try_set(Some(format!("No longer shared with {}.", user.username)));
                    shared.refetch_past_user_cache();
                }
                Err(e) => {
                    said.try_set(None);
                    failed.try_set(Some((refusal(&e), e)));
                }
            }
        }
    });
    let busy = Signal::derive(move || share.pending().get() || unshare.pending().get());
    // The workspace's members whose names hold what is typed (eight at most).
    let suggestions = Signal::derive(move || {
        let q = query.get().trim().to_lowercase();
        let found = match members.get() {
            Some(Ok(list)) if !q.is_empty() => {
                list.into_iter().filter(|u| u.matches(&q)).take(8).collect()
            }
            _ => Vec::new(),
        };
        Some(Ok(found))
    });
    let share_box = NodeRef::<leptos::html::Div>::new();
    // Escape closes the panel and gives the focus back to its button, wherever the focus is
    // (after `Share`, its button is disabled and the focus is on the page itself).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            crate::components::focus_by_id("share-toggle");
        }
    });
    on_cleanup(move || escape.remove());
    view! {
            <When when=may>
                <div class="share" node_ref=share_box
                    // The panel closes when the focus goes elsewhere in the page (the `Details`
                    // button among others: the panel would cover the details otherwise).
                    on:focusout=move |ev: web_sys::FocusEvent| {
                        let leaving = ev
                            .related_target()
                            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                            .zip(share_box.get_untracked())
                            .is_some_and(|(to, own)| !own.contains(Some(&to)));
                        if leaving {
                            open.set(false);
                        }
                    }
    >
                    <button type="button" class="btn btn-small" id="share-toggle"
                        aria-expanded=move || open.get().to_string()
                        aria-controls="share-panel"
                        on:click=move |_| open.update(|o| *o = !*o)>
                        "Share"
                    </button>
                    <When when=move || open.get()>
                        <section id="share-panel" class="share-panel" aria-label="Share this session">
                            <form on:submit=move |ev| {
                                ev.prevent_default();
                                if chosen.with_untracked(Option::is_some) {
                                    share.dispatch_local(());
                                }
                            }>
                                <UserFinder input_id="share-find" query=query chosen=chosen
                                    suggestions=suggestions verb="Sharing with"
                                    list_label="Members of the workspace"/>
                                <div class="field">
                                    <label for="share-access">"Access"</label>
                                    <select id="share-access" on:change=move |ev| access.set(event_target_value(&ev))>
                                        {ACCESS.iter().map(|(w, r)| {
                                            let sel = move || access.get() == *r;
                                            view! { <option value=*r selected=sel>{*w}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="btn btn-primary btn-small"
                                    disabled=move || busy.get() || chosen.with(Option::is_none)>"Share"</button>
                            </form>
                            {move || said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> })}
                            {move || failed.get().map(|(t, e)| view! { <ErrorAlert title=t error=e/> })}
                            <h2 class="share-heading">"Who has access"</h2>
                            {move || match shared.get() {
                                None => view! { <p class="muted">"Loading…"</p> }.into_any(),
                                Some(Err(e)) => view! { <ErrorAlert title="Could not load who has access" error=e/> }.into_any(),
                                Some(Ok(list)) => {
                                    let wb = ids.get().map(|(_, wb)| wb).unwrap_or_default();
                                    view! {
                                        <ul class="share-list">
                                            {list.into_iter().map(|u| {
                                                let mut kinds: Vec<&str> = u.roles_with_context.iter()
                                                    .filter(|a| a.context.get("workbench") == Some(&wb))
                                                    .map(|a| access_words(&a.name))
                                                    .collect();
                                                crate::domain::sort_small(&mut kinds, |a, b| a.cmp(b));
                                                kinds.dedup();
                                                let label = format!("Stop sharing with {}", u.username);
                                                let me = auth.is_me(&u.id);
                                                let u2 = u.clone();
                                                view! {
                                                    <li>
                                                        <span>{u.display_name()} " (" {u.username.clone()} ")"</span>
                                                        <span class="muted">{kinds.join(", ")}</span>
                                                        {(!me).then(|| view! {
                                                            <button type="button" class="btn btn-small btn-quiet"
                                                                disabled=move || busy.get()
                                                                on:click=move |_| { unshare.dispatch_local(u2.clone()); }>{label}</button>
                                                        })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }
                            }}
                        </section>
                    </When>
                </div>
            </When>
        }
}
