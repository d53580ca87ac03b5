//! A member's row, for a manager: the role select and `Remove <username>` (offered only where
//! no call that stops CHORUS is needed; the new role is given before the old is taken).
use leptos::prelude::*;

use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::local_action;
use crate::domain::members::{loses_own_access, old_role_kept, roles_in, WHO_CAN_REMOVE};
use crate::domain::user::{RoleAssignment, User};

use super::ctx::Ctx;

/// The role select and `Remove <username>` of one row.
#[component]
pub(super) fn MemberActions(ctx: Ctx, member: User) -> impl IntoView {
    let ws = ctx.ws();
    let current: Vec<RoleAssignment> = roles_in(&member, &ws);
    let current_name = current.first().map(|a| a.name.clone()).unwrap_or_default();
    let username = member.username.clone();
    let member = StoredValue::new(member);
    let current = StoredValue::new(current);
    let confirming = RwSignal::new(None::<String>);
    let change = local_action(move |role: &String| {
        let role = role.clone();
        let m = member.get_value();
        let old = current.get_value();
        async move {
            ctx.failed.try_set(None);
            // The new role first, so that the member never drops out in between.
            if let Err(e) = ctx.give(&m.id, &role).await {
                ctx.fail("Could not change the role", e);
                return;
            }
            let old: Vec<RoleAssignment> = old.into_iter().filter(|a| a.name != role).collect();
            match ctx.take(&m.id, old).await {
                Ok(true) => {
                    ctx.changed(&m.id, format!("{} is now {role} here.", m.username))
                        .await
                }
                Ok(false) => ctx.changed(&m.id, old_role_kept(&m.username, &role)).await,
                Err(e) => ctx.fail(
                    "The new role was given, but the old one could not be taken away",
                    e,
                ),
            }
        }
    });
    let remove = local_action(move |_: &()| {
        let m = member.get_value();
        let old = current.get_value();
        async move {
            ctx.failed.try_set(None);
            match ctx.take(&m.id, old).await {
                Ok(false) => ctx.fail_words(WHO_CAN_REMOVE),
                Ok(true) => {
                    confirming.try_set(None);
                    ctx.changed(&m.id, format!("{} is no longer a member.", m.username))
                        .await;
                }
                Err(e) => ctx.fail("Could not remove the member", e),
            }
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
    let current_for_select = current_name.clone();
    view! {
        <select aria-label=select_label disabled=move || busy.get()
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if !v.is_empty() && v != current_for_select {
                    change.dispatch_local(v);
                }
            }>
            {move || {
                let cur = current_name.clone();
                let mut options = givable();
                if !cur.is_empty() && !options.contains(&cur) {
                    options.insert(0, cur.clone());
                }
                options
                    .into_iter()
                    .map(|r| {
                        let selected = r == cur;
                        view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
                    })
                    .collect_view()
            }}
        </select>
        {move || {
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
        }}
    }
}
