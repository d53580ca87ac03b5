//! `/admin/users`: users and their roles, with server-side pagination ([`pagination`]) and
//! search ([`search`]), the table ([`users_table`]), the user form
//! ([`crate::components::user_form`]) and removing a role from a user (a confirmation step,
//! then an [`Action`]). The page of users is a [`Resource`](crate::state::Resource) of the query, offset and limit.
mod asks;
mod delete_user;
mod pagination;
mod search;
mod users_table;

use std::collections::HashMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{roles as roles_api, users, workspaces as workspaces_api, ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::loaded::{from_resource, Loaded};
use crate::components::loading::Loading;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::user_form::UserForm;
use crate::domain::permissions;
use crate::domain::text::shown_string;
use crate::domain::user::User;
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

use asks::{FormMode, PendingRemoval};
use pagination::{pagination, DEFAULT_PAGE_SIZE};
use search::search_field;
use users_table::users_table;

/// `/admin/users`.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <main class="page admin-page" id="main">
            <crate::components::admin_nav::AdminNav current=crate::components::admin_nav::AdminPage::Users/>
            <AdminGate
                allowed=permissions::may_manage_users
                needs="the listUsers and manageUserRoles permissions"
            >
                <UsersAdmin/>
            </AdminGate>
        </main>
    }
}

#[component]
fn UsersAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();

    let query = Slot::new(String::new());
    let offset = Slot::new(0u64);
    let limit = Slot::new(DEFAULT_PAGE_SIZE);
    let form: Slot<Option<FormMode>> = Slot::new(None);
    let notice: Slot<Option<String>> = Slot::new(None);
    let removal: Slot<Option<PendingRemoval>> = Slot::new(None);

    // When the page of users was last asked for (CHORUS serves the same list from a one-second
    // cache: a new user shows only in a list asked for after that second).
    let listed_at = Kept::new(0.0f64);
    let page = crate::state::resource(move || {
        let q = query.get();
        let o = offset.get();
        let l = limit.get();
        listed_at.set_value(crate::state::now_ms());
        // `filter.search` only when something was typed (`users::list`); at most 100 a page.
        async move { users::list(api, &q, o, u32::try_from(l.min(100)).unwrap_or(100)).await }
    });
    // Cancelled with the page: no refetch after it is gone.
    let later = crate::state::timer::Delay::new();
    let refetch_after_cache = move || {
        let wait = (listed_at.get_value() + 1_100.0 - crate::state::now_ms()).clamp(0.0, 1_100.0);
        later.start(std::time::Duration::from_millis(wait as u64), move || {
            page.refetch()
        });
    };

    let workspaces = crate::state::resource(move || async move {
        workspaces_api::list(api).await.map(|list| {
            list.into_iter()
                .filter(|w| !w.id.is_empty())
                .map(|w| (w.id.clone(), w.display_name()))
                .collect::<Vec<_>>()
        })
    });
    // `Search users` only for who may `searchUsers` (CHORUS answers 403 otherwise): known once
    // the permissions are.
    let catalogue = crate::state::resource(move || roles_api::permissions(api));
    let may_search = crate::state::memo(move |_| {
        catalogue.with(|p| match p {
            Some(Ok(perms)) => auth.user.with(|u| {
                u.as_ref().is_some_and(|u| {
                    auth.roles.with(|roles| {
                        permissions::may_search_users(&u.roles_with_context, roles, perms)
                    })
                })
            }),
            _ => false,
        })
    });
    // The names of the workspaces the admin may read; `None` until their list has come, so that
    // a chip never says "you may not see its name" of a workspace only not yet listed.
    let ws_names = crate::state::memo(move |_| {
        workspaces.with(|w| match w {
            Some(Ok(list)) => Some(list.iter().cloned().collect::<HashMap<_, _>>()),
            _ => None,
        })
    });

    // Shows `user` as read from the server in its row (the list itself may come from CHORUS's
    // one-second cache, without the change just made).
    let show_user = move |user: User| {
        page.try_update(|p| {
            if let Some(Ok(pg)) = p {
                if let Some(row) = pg.users.iter_mut().find(|u| u.id == user.id) {
                    *row = user;
                }
            }
        });
    };

    let on_saved = Callback::new(move |user: User| {
        let was_new = matches!(form.get_untracked(), Some(FormMode::New));
        form.set(None);
        notice.set(Some(if was_new {
            format!("Created user {}.", shown_string(&user.username))
        } else {
            format!("Saved user {}.", shown_string(&user.username))
        }));
        if was_new {
            refetch_after_cache();
        } else {
            show_user(user);
        }
    });

    // A user deleted: the row goes (CHORUS's list may still hold it for a second).
    let deletion = delete_user::Deletion::new(Callback::new(move |gone: User| {
        notice.set(Some(format!(
            "Deleted user {}. Their sessions keep running and their workspaces and roles stay.",
            shown_string(&gone.username)
        )));
        page.try_update(|p| {
            if let Some(Ok(pg)) = p {
                pg.users.retain(|u| u.id != gone.id);
                pg.total = pg.total.saturating_sub(1);
            }
        });
    }));

    // Removes the role being confirmed; a failure shows in the confirmation step.
    let removal_error: Slot<Option<ApiError>> = Slot::new(None);
    // Read the user before (the assignment may be gone already: a change elsewhere since the
    // list loaded) and after, past CHORUS's one-second user cache: what is said is what the
    // backend then holds (issue 56).
    let remove = local_action(move |_: &()| {
        let p = removal.get_untracked().unwrap_or_default();
        async move {
            let holds = |u: &User| {
                u.roles_with_context
                    .iter()
                    .any(|a| a.id == p.role_id || (a.id.is_empty() && a.name == p.role_id))
            };
            let before = match users::get(api, &p.user_id).await {
                Ok(u) => u,
                Err(e) => {
                    removal_error.try_set(Some(e));
                    return;
                }
            };
            let held = holds(&before);
            if held {
                let res = activity
                    .track(
                        format!("Removing role {} from {}…", p.role, p.username),
                        users::remove_role(api, &p.user_id, &p.role_id),
                    )
                    .await;
                if let Err(e) = res {
                    removal_error.try_set(Some(e));
                    return;
                }
                // Roles live in the token: after changing one's own, refresh it.
                if auth.is_me(&p.user_id) {
                    if let Err(e) = auth.refresh().await {
                        leptos::logging::warn!(
                            "could not refresh the login after a role change: {e}"
                        );
                    }
                }
            }
            crate::state::timer::sleep(crate::state::resource::PAST_CHORUS_CACHE).await;
            let fresh = users::get(api, &p.user_id).await;
            removal.try_set(None);
            let words = match (&fresh, held) {
                (Ok(u), _) if holds(u) => format!(
                    "{} still holds {}: the backend kept it.",
                    p.username, p.label
                ),
                (Ok(_), true) => format!("Removed {} from {}.", p.label, p.username),
                (Ok(_), false) => format!(
                    "{} no longer held {} (removed since this list loaded): nothing was sent.",
                    p.username, p.label
                ),
                (Err(_), _) => format!(
                    "The removal of {} from {} was sent; the user could not be read back.",
                    p.label, p.username
                ),
            };
            notice.try_set(Some(words));
            match fresh {
                Ok(u) => show_user(u),
                Err(_) => later.start(std::time::Duration::ZERO, move || page.refetch()),
            }
        }
    });
    let removing = remove.pending();
    let ask_remove = Callback::new(move |p: PendingRemoval| {
        removal_error.set(None);
        removal.set(Some(p));
    });

    let form_view = live(move || {
        form.get().map(|mode| {
            // Untracked: late data must not reset a half-filled form.
            let roles = auth.roles.get_untracked();
            let ws = workspaces
                .get_untracked()
                .and_then(Result::ok)
                .unwrap_or_default();
            let cancel = Callback::new(move |_| form.set(None));
            match mode {
                FormMode::New => view! {
                    <UserForm roles=roles workspaces=ws on_saved=on_saved on_cancel=cancel/>
                }
                .into_any(),
                FormMode::Edit(u) => view! {
                    <UserForm user=*u roles=roles workspaces=ws on_saved=on_saved on_cancel=cancel/>
                }
                .into_any(),
            }
        })
    });

    let removal_view = live(move || {
        removal.get().map(|p| {
            let who = shown_string(&p.username);
            let question = format!("Remove {} from {}?", p.label, who);
            let detail = format!("{who} loses the permissions this role grants there.");
            view! {
                <ConfirmInline
                    layout=ConfirmLayout::Panel("remove-role")
                    question=question
                    detail=detail
                    confirm_label="Remove role"
                    busy=removing
                    on_confirm=Callback::new(move |_| {
                        remove.dispatch_local(());
                    })
                    on_cancel=Callback::new(move |_| {
                        removal.set(None);
                        removal_error.set(None);
                    })
                    error=removal_error
                    error_title="Could not remove the role"
                />
            }
        })
    });

    // The table once it is known whether `Search users` stands above it (the permissions'
    // catalogue has answered, either way), so that the field coming later never pushes the
    // table down under the pointer.
    let search_known = crate::state::memo(move |_| catalogue.with(|c| c.is_some()));
    let table = move || {
        view! {
            <Loaded
                state=from_resource(page)
                loading="Loading users…"
                error_title="Could not load the users"
                on_retry=Callback::new(move |_| page.refetch())
                let:current
            >
                {live(move || {
                    let page = current.get();
                    if page.users.is_empty() {
                        let q = query.get();
                        let msg = if q.is_empty() {
                            "There are no users yet.".to_string()
                        } else {
                            format!("No users match “{q}”.")
                        };
                        view! {
                            <p class="empty" role="status">
                                {msg}
                            </p>
                            {pagination(&page, offset, limit)}
                        }
                        .into_any()
                    } else {
                        view! {
                            {users_table(&page.users, ws_names, form, ask_remove, deletion)}
                            {pagination(&page, offset, limit)}
                        }
                        .into_any()
                    }
                })}
            </Loaded>
        }
    };

    view! {
        <div class="admin-head">
            <h1>"Users"</h1>
            <button
                type="button"
                class="btn btn-primary"
                disabled=move || workspaces.loading()
                aria-expanded=move || matches!(form.get(), Some(FormMode::New)).to_string()
                on:click=move |_| {
                    notice.set(None);
                    form.set(Some(FormMode::New));
                }
            >
                "New user"
            </button>
        </div>
        {form_view}
        {removal_view}
        {live(move || notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> }))}
        {live(move || may_search.get().then(|| search_field(query, offset)))}
        {live(move || {
            if search_known.get() {
                table().into_any()
            } else {
                view! { <Loading label="Loading users…"/> }.into_any()
            }
        })}
    }
}
