//! `Add member`: find a person (by search, or in the user list for who may only list them),
//! pick one of the roles the caller may give, `Add`.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{users, ApiError};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::user_finder::UserFinder;
use crate::components::when::When;
use crate::domain::member_change::{added_words, holds_words, names_after};
use crate::domain::members::role_names_in;
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::User;
use crate::state::Slot;

use super::ctx::Ctx;

/// `Add member`: find a person, pick a role, `Add`.
#[component]
pub(super) fn AddMember(ctx: Ctx) -> impl IntoView {
    let open = Slot::new(false);
    let query = Slot::new(String::new());
    let chosen = Slot::new(None::<User>);
    let role = Slot::new(String::new());
    let may_search = move || ctx.auth.can_in(Perm::SearchUsers, &Target::global());
    let may_list = move || ctx.auth.can_in(Perm::ListUsers, &Target::global());
    // Suggestions: `filter.search` for who may search; else (a platform user manager without
    // searchUsers) a page of every user, narrowed here.
    let suggestions = crate::state::resource(move || {
        let q = query.get().trim().to_owned();
        let search = may_search();
        let list = may_list();
        async move {
            if q.is_empty() || !(search || list) {
                return Ok(Vec::new());
            }
            let page = users::list(ctx.api, if search { &q } else { "" }, 0, 100).await?;
            let lower = q.to_lowercase();
            Ok::<_, ApiError>(
                page.users
                    .into_iter()
                    .filter(|u| search || u.matches(&lower))
                    .take(8)
                    .collect::<Vec<User>>(),
            )
        }
    });
    // Read before giving (the person may hold the role already: CHORUS would store it twice),
    // said from what is read back (`domain::member_change`).
    let add = local_action(move |_: &()| {
        let user = chosen.get_untracked();
        let r = role.get_untracked();
        async move {
            let Some(user) = user else { return };
            ctx.failed.try_set(None);
            ctx.said.try_set(None);
            let ws = ctx.ws();
            let before = match ctx.read_member(&user.id).await {
                Ok(m) => names_after(m.as_ref(), &ws),
                Err(e) => return ctx.fail("Could not read the members: nobody was added", e),
            };
            if before.contains(&r) {
                chosen.try_set(None);
                query.try_set(String::new());
                let words = format!(
                    "{} had {r} here already: nothing was sent. {}",
                    user.username,
                    holds_words(&user.username, &before)
                );
                return ctx.changed(&user.id, words).await;
            }
            if let Err(e) = ctx.give(&user.id, &r).await {
                return ctx.fail("Could not add the member", e);
            }
            chosen.try_set(None);
            query.try_set(String::new());
            let words = match ctx.read_back(&user.id).await {
                Ok(after) => added_words(&user.username, &r, &names_after(after.as_ref(), &ws)),
                Err(e) => {
                    return ctx.fail(
                        "The role was sent, but the members could not be read back",
                        e,
                    )
                }
            };
            ctx.changed(&user.id, words).await;
        }
    });
    let pending = add.pending();
    // The roles offered: those the caller may give, less those the person already has here.
    let offered = move || {
        let ws = ctx.ws();
        let have = chosen.with(|c| {
            c.as_ref()
                .map(|u| role_names_in(u, &ws))
                .unwrap_or_default()
        });
        ctx.givable()
            .into_iter()
            .filter(|r| !have.contains(r))
            .collect::<Vec<_>>()
    };
    crate::state::effect(move |_| {
        let o = offered();
        if !o.contains(&role.get_untracked()) {
            let pick = o
                .iter()
                .find(|r| r.as_str() == "WorkspaceMember")
                .or_else(|| o.first())
                .cloned()
                .unwrap_or_default();
            role.set(pick);
        }
    });
    view! {
        <section class="add-member card" aria-labelledby="add-member-heading">
            <h2 id="add-member-heading" class="visually-hidden">"Add a member"</h2>
            <When when=move || !open.get()>
                <button type="button" class="btn btn-primary" on:click=move |_| open.set(true)>
                    "Add member"
                </button>
            </When>
            <When when=move || open.get()>
                <crate::components::focus_return::FocusReturn>
                <form class="add-member-form" on:submit=move |ev| {
                    ev.prevent_default();
                    if chosen.with_untracked(Option::is_some) && !role.get_untracked().is_empty() {
                        add.dispatch_local(());
                    }
                }>
                    <UserFinder input_id="find-user" query=query chosen=chosen
                        suggestions=Signal::derive(move || suggestions.get())
                        verb="Adding" list_label="Suggestions">
                        {live(move || (!may_search() && !may_list()).then(|| view! {
                            <p class="muted">"You may not look people up here: type nothing, ask an administrator."</p>
                        }))}
                    </UserFinder>
                    <div class="field">
                        <label for="member-role">"Role"</label>
                        <select id="member-role" on:change=move |ev| role.set(event_target_value(&ev))>
                            {live(move || {
                                let cur = role.get();
                                offered().into_iter().map(|r| {
                                    let sel = r == cur;
                                    view! { <option value=r.clone() selected=sel>{r.clone()}</option> }
                                }).collect_view()
                            })}
                        </select>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary"
                            disabled=move || pending.get() || chosen.with(Option::is_none) || role.with(String::is_empty)>
                            "Add"
                        </button>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Close"</button>
                    </div>
                </form>
                </crate::components::focus_return::FocusReturn>
            </When>
        </section>
    }
}
