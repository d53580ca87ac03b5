//! The share panel of [`super::ShareSession`], in the `sessparts` chunk (pages/lazy.rs): find a
//! member of the workspace, give an access, see who has access, stop sharing. It reads and keeps
//! its state in the button's [`ShareCtx`] (a chunk's views take no arguments), which outlives the
//! panel: what a share still on its way says when it ends is there when the panel opens again.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{teams, ApiClient, ApiError};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::user_finder::UserFinder;
use crate::domain::member_change::{session_roles, share_words, unshare_words};
use crate::domain::user::User;
use crate::state::auth::Auth;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::Slot;

use super::ShareCtx;

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

/// Kinds of access by role name, in words (`View`), as [`session_roles`] lists them.
fn in_words(roles: &[String]) -> Vec<String> {
    let mut words: Vec<String> = roles.iter().map(|r| access_words(r).to_owned()).collect();
    crate::domain::sort_small(&mut words, |a, b| a.cmp(b));
    words
}

/// What access `user` has on session `wb` as the backend holds it now, in words.
async fn access_of(api: ApiClient, wb: &str, user: &str) -> Result<Vec<String>, ApiError> {
    let list = teams::shared_with_fresh(api, wb).await?;
    Ok(in_words(&session_roles(
        list.iter().find(|u| u.id == user),
        wb,
    )))
}

fn fail(failed: Slot<Option<(String, ApiError)>>, words: &str, e: ApiError) {
    failed.try_set(Some((words.to_owned(), e)));
}

/// The panel: who the session is shared with, and a form to share it with a member.
#[component]
pub(crate) fn SharePanel() -> impl IntoView {
    let Some(ShareCtx {
        ids,
        open,
        query,
        chosen,
        access,
        failed,
        said,
    }) = use_context::<ShareCtx>()
    else {
        return ().into_any();
    };
    let auth = Auth::use_auth();
    let api = ApiClient::use_client();
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
    // Who has access is read before acting and again after (past CHORUS's one-second user
    // cache), and what is said is what the backend then holds (`domain::member_change`).
    let share = local_action(move |_: &()| {
        let user = chosen.get_untracked();
        let role = access.get_untracked();
        let wb = ids.get_untracked().map(|(_, wb)| wb);
        async move {
            let (Some(user), Some(wb)) = (user, wb) else {
                return;
            };
            failed.try_set(None);
            said.try_set(None);
            let before = match access_of(api, &wb, &user.id).await {
                Ok(before) => before,
                Err(e) => {
                    return fail(
                        failed,
                        "Could not read who has access: nothing was shared",
                        e,
                    )
                }
            };
            let asked = access_words(&role).to_owned();
            if !before.contains(&asked) {
                if let Err(e) = teams::share(api, &wb, &user.id, &role).await {
                    failed.try_set(Some((refusal(&e), e)));
                    return;
                }
            }
            chosen.try_set(None);
            query.try_set(String::new());
            crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
            match access_of(api, &wb, &user.id).await {
                Ok(after) => {
                    said.try_set(Some(share_words(&user.username, &asked, &before, &after)));
                }
                Err(e) => fail(
                    failed,
                    "Shared, but who has access could not be read back",
                    e,
                ),
            }
            shared.refetch_past_user_cache();
        }
    });
    let unshare = local_action(move |user: &User| {
        let user = user.clone();
        let wb = ids.get_untracked().map(|(_, wb)| wb);
        async move {
            let Some(wb) = wb else { return };
            failed.try_set(None);
            said.try_set(None);
            // The calls are counted from the person as read now (one per assignment).
            let fresh = match teams::shared_with_fresh(api, &wb).await {
                Ok(list) => list.into_iter().find(|u| u.id == user.id),
                Err(e) => {
                    return fail(
                        failed,
                        "Could not read who has access: nothing was changed",
                        e,
                    )
                }
            };
            let before = in_words(&session_roles(fresh.as_ref(), &wb));
            if let Some(fresh) = fresh.filter(|_| !before.is_empty()) {
                if let Err(e) = teams::unshare(api, &wb, &fresh).await {
                    shared.refetch_past_user_cache();
                    failed.try_set(Some((refusal(&e), e)));
                    return;
                }
            }
            crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
            match access_of(api, &wb, &user.id).await {
                Ok(after) => {
                    said.try_set(Some(unshare_words(&user.username, &before, &after)));
                }
                Err(e) => fail(
                    failed,
                    "The change was sent, but who has access could not be read back",
                    e,
                ),
            }
            shared.refetch_past_user_cache();
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
    // Escape closes the panel and gives the focus back to its button, wherever the focus is
    // (after `Share`, its button is disabled and the focus is on the page itself).
    crate::components::lazy_forms::close_on_escape(open, "share-toggle");
    view! {
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
            {live(move || said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> }))}
            {live(move || failed.get().map(|(t, e)| view! { <ErrorAlert title=t error=e/> }))}
            <h2 class="share-heading">"Who has access"</h2>
            {live(move || match shared.get() {
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
            })}
        </section>
    }
    .into_any()
}
