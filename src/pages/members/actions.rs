//! A member's row, for a manager: the role select and `Remove <username>` (offered only where
//! no call that stops CHORUS is needed; the new role is given before the old is taken). The
//! select shows every role the member holds here, and a change asks to confirm before anything
//! is sent (issue 47). What is sent is computed from the member read just before, and what is
//! said is what the backend holds when read back (issue 56, `domain::member_change`).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::member_change::{
    change_step, change_words, names_after, removal_step, removal_words, stale_words, ChangeStep,
};
use crate::domain::members::{
    change_question, current_roles_option, loses_own_access, role_names_in, OLD_ROLE_KEPT,
    WHO_CAN_REMOVE,
};
use crate::domain::user::User;
use crate::state::{Kept, Slot};

use super::ctx::Ctx;

/// The role select and `Remove <username>` of one row.
#[component]
pub(super) fn MemberActions(ctx: Ctx, member: User) -> impl IntoView {
    let ws = ctx.ws();
    let current_names = role_names_in(&member, &ws);
    // The select's value while nothing is being changed: the one role, or every role together.
    let current_value = match current_names.as_slice() {
        [one] => one.clone(),
        _ => String::new(),
    };
    let username = member.username.clone();
    let member = Kept::new(member);
    let confirming = Slot::new(None::<String>);
    // The role chosen in the select, waiting for `Change role` (nothing is sent before).
    let asked = Slot::new(None::<String>);
    let shown = Kept::new(current_names.clone());
    // A change is computed from the member as read now, and said from what is read back
    // (`domain::member_change`): the row's copy may be stale.
    let change = local_action(move |role: &String| {
        let role = role.clone();
        let m = member.get_value();
        let shown = shown.get_value();
        async move {
            ctx.failed.try_set(None);
            ctx.said.try_set(None);
            asked.try_set(None);
            let ws = ctx.ws();
            let fresh = match ctx.read_member(&m.id).await {
                Ok(fresh) => fresh,
                Err(e) => {
                    return ctx.fail("Could not read the member's roles: nothing was changed", e)
                }
            };
            let stale = stale_words(&m.username, &shown, &names_after(fresh.as_ref(), &ws));
            let step = change_step(fresh.as_ref(), &ws, &role);
            let mut kept = false;
            if let ChangeStep::Act { give, take } = &step {
                // The new role first, so that the member never drops out in between.
                if *give {
                    if let Err(e) = ctx.give(&m.id, &role).await {
                        ctx.members.refetch();
                        return ctx.fail("Could not change the role", e);
                    }
                }
                if !take.is_empty() {
                    match ctx.take(&m.id, take.clone()).await {
                        Ok(true) => {}
                        Ok(false) => kept = true,
                        Err(e) => {
                            ctx.members.refetch_past_user_cache();
                            return ctx.fail(
                                "The new role was given, but the old one could not be taken away",
                                e,
                            );
                        }
                    }
                }
            }
            let words = match ctx.read_back(&m.id).await {
                Ok(after) => {
                    let after = names_after(after.as_ref(), &ws);
                    let mut words = change_words(&m.username, &role, &step, &after);
                    if kept && after.len() > 1 {
                        words = format!("{words} {OLD_ROLE_KEPT}");
                    }
                    match stale {
                        Some(stale) => format!("{stale} {words}"),
                        None => words,
                    }
                }
                Err(e) => {
                    return ctx.fail(
                        "The change was sent, but the member's roles could not be read back",
                        e,
                    )
                }
            };
            ctx.changed(&m.id, words).await;
        }
    });
    let remove = local_action(move |_: &()| {
        let m = member.get_value();
        async move {
            ctx.failed.try_set(None);
            ctx.said.try_set(None);
            let ws = ctx.ws();
            let fresh = match ctx.read_member(&m.id).await {
                Ok(fresh) => fresh,
                Err(e) => {
                    return ctx.fail("Could not read the member's roles: nothing was changed", e)
                }
            };
            let take = removal_step(fresh.as_ref(), &ws);
            let nothing_held = take.is_empty();
            if !nothing_held {
                match ctx.take(&m.id, take).await {
                    Ok(false) => return ctx.fail_words(WHO_CAN_REMOVE),
                    Ok(true) => {}
                    Err(e) => {
                        ctx.members.refetch_past_user_cache();
                        return ctx.fail("Could not remove the member", e);
                    }
                }
            }
            let words = match ctx.read_back(&m.id).await {
                Ok(after) => {
                    removal_words(&m.username, nothing_held, &names_after(after.as_ref(), &ws))
                }
                Err(e) => {
                    return ctx.fail(
                        "The removal was sent, but the members could not be read back",
                        e,
                    )
                }
            };
            confirming.try_set(None);
            ctx.changed(&m.id, words).await;
        }
    });
    let busy = Signal::derive(move || change.pending().get() || remove.pending().get());
    let givable = move || ctx.givable();
    let select_label = format!("Role for {username}");
    let remove_label = format!("Remove {username}");
    let me_leaving = move || {
        let m = member.get_value();
        ctx.auth.user.with(|me| {
            me.as_ref().is_some_and(|me| {
                ctx.auth
                    .roles
                    .with(|roles| loses_own_access(me, &m, &ctx.ws(), true, "", roles))
            })
        })
    };
    let together = current_roles_option(&current_names);
    let names_for_question = current_names.clone();
    let select_value = current_value.clone();
    let unchanged = current_value.clone();
    view! {
        <select aria-label=select_label disabled=move || busy.get()
            prop:value=move || asked.get().unwrap_or_else(|| select_value.clone())
            on:change=move |ev| {
                let v = event_target_value(&ev);
                let same = v.is_empty() || (v == unchanged && current_names.len() == 1);
                asked.set((!same).then_some(v));
            }>
            {live(move || {
                let cur = current_value.clone();
                let mut options = givable();
                if !cur.is_empty() && !options.contains(&cur) {
                    options.insert(0, cur.clone());
                }
                // Two roles or more (or none): one option saying them all, chosen while nothing
                // changes, so that no role the member holds is hidden.
                let first = cur.is_empty().then(|| {
                    let words = together.clone().unwrap_or_else(|| "Choose a role".to_owned());
                    view! { <option value="" selected=move || asked.with(Option::is_none)>{words}</option> }
                });
                let rest = options
                    .into_iter()
                    .map(|r| {
                        let selected = r == cur;
                        view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
                    })
                    .collect_view();
                view! { {first} {rest} }
            })}
        </select>
        {live(move || asked.get().map(|role| {
            let m = member.get_value();
            let (question, detail) = change_question(&m.username, &role, &names_for_question);
            view! {
                <ConfirmInline layout=ConfirmLayout::Row("Confirm role change")
                    question=format!("{question} {detail}") confirm_label="Change role" busy=busy
                    on_confirm=Callback::new(move |_| { change.dispatch_local(role.clone()); })
                    on_cancel=Callback::new(move |_| asked.set(None))/>
            }
        }))}
        {live(move || {
            if !ctx.may_remove() {
                // No route that cannot stop CHORUS: not offered (the page says who can).
                ().into_any()
            } else if confirming.get().is_some() {
                let question = if me_leaving() {
                    "Remove yourself? You will lose access to this workspace.".to_owned()
                } else {
                    format!("Remove {} from this workspace?", member.get_value().username)
                };
                view! {
                    <ConfirmInline layout=ConfirmLayout::Row("Confirm removal") question=question
                        confirm_label="Remove" busy=busy
                        on_confirm=Callback::new(move |_| { remove.dispatch_local(()); })
                        on_cancel=Callback::new(move |_| confirming.set(None))/>
                }
                .into_any()
            } else {
                let label = remove_label.clone();
                view! {
                    <button type="button" class="btn btn-small btn-danger" aria-label=label
                        disabled=move || busy.get()
                        on:click=move |_| confirming.set(Some(String::new()))>"Remove"</button>
                }
                .into_any()
            }
        })}
    }
}
