//! `/admin/users`: users and their roles, server-side pagination and search, the user form,
//! removing a role from a user.
use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use leptos::task::spawn_local;

use crate::api::users::UsersPage;
use crate::api::{users, workspaces as workspaces_api, ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::error_alert::ErrorAlert;
use crate::components::loading::Loading;
use crate::components::user_form::UserForm;
use crate::domain::permissions;
use crate::domain::user::{chip_label, User, UserStatus};
use crate::state::activity::Activity;
use crate::state::auth::Auth;

const PAGE_SIZES: [u64; 3] = [10, 20, 50];
const SEARCH_DEBOUNCE_MS: u64 = 300;

/// `/admin/users`.
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    view! {
        <main class="page admin-page" id="main">
            <AdminGate
                allowed=permissions::may_manage_users
                needs="the listUsers and manageUserRoles permissions"
            >
                <UsersAdmin/>
            </AdminGate>
        </main>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum FormMode {
    New,
    Edit(Box<User>),
}

#[derive(Clone, Debug, PartialEq)]
struct PendingRemoval {
    user_id: String,
    username: String,
    /// The assignment id (or the role name when the backend sent no id).
    role_id: String,
    role: String,
    label: String,
}

#[component]
fn UsersAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();

    let search_input = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    let offset = RwSignal::new(0u64);
    let limit = RwSignal::new(20u64);
    let form: RwSignal<Option<FormMode>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let removal: RwSignal<Option<PendingRemoval>> = RwSignal::new(None);
    let removal_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let removing = RwSignal::new(false);

    let page = LocalResource::new(move || {
        let q = query.get();
        let o = offset.get();
        let l = limit.get();
        async move { users::list(api, &q, o, u32::try_from(l).unwrap_or(100)).await }
    });

    let workspaces = LocalResource::new(move || async move {
        workspaces_api::list(api).await.map(|list| {
            list.into_iter()
                .filter(|w| !w.id.is_empty())
                .map(|w| (w.id.clone(), w.display_name()))
                .collect::<Vec<_>>()
        })
    });
    let ws_list = move || workspaces.get().and_then(Result::ok).unwrap_or_default();
    let ws_names = Memo::new(move |_| ws_list().into_iter().collect::<HashMap<_, _>>());

    // Search: debounced, back to the first page.
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let on_search = move |ev| {
        let v = event_target_value(&ev);
        search_input.set(v.clone());
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
        let h = set_timeout_with_handle(
            move || {
                let v = v.trim().to_string();
                if query.try_get_untracked().is_some_and(|q| q != v) {
                    offset.try_set(0);
                    query.try_set(v);
                }
            },
            Duration::from_millis(SEARCH_DEBOUNCE_MS),
        )
        .ok();
        timer.set_value(h);
    };
    on_cleanup(move || {
        if let Some(t) = timer.try_update_value(Option::take).flatten() {
            t.clear();
        }
    });

    let on_saved = Callback::new(move |user: User| {
        let was_new = matches!(form.get_untracked(), Some(FormMode::New));
        form.set(None);
        notice.set(Some(if was_new {
            format!("Created user {}.", user.username)
        } else {
            format!("Saved user {}.", user.username)
        }));
        page.refetch();
    });

    let ask_remove = Callback::new(move |p: PendingRemoval| {
        removal_error.set(None);
        removal.set(Some(p));
    });
    let do_remove = move |p: PendingRemoval| {
        removing.set(true);
        spawn_local(async move {
            let res = activity
                .track(
                    format!("Removing role {} from {}…", p.role, p.username),
                    users::remove_role(api, &p.user_id, &p.role_id),
                )
                .await;
            removing.try_set(false);
            match res {
                Ok(()) => {
                    // Roles live in the token: after changing one's own, refresh it.
                    if auth.is_me(&p.user_id) {
                        if let Err(e) = auth.refresh().await {
                            leptos::logging::warn!(
                                "could not refresh the login after a role change: {e}"
                            );
                        }
                    }
                    removal.try_set(None);
                    notice.try_set(Some(format!("Removed {} from {}.", p.label, p.username)));
                    page.refetch();
                }
                Err(e) => {
                    removal_error.try_set(Some(e));
                }
            }
        });
    };

    let form_view = move || {
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
    };

    let removal_view = move || {
        removal.get().map(|p| {
            let question = format!("Remove {} from {}?", p.label, p.username);
            let detail = format!(
                "{} loses the permissions this role grants there.",
                p.username
            );
            view! {
                <ConfirmInline
                    layout=ConfirmLayout::Panel("remove-role")
                    question=question
                    detail=detail
                    confirm_label="Remove role"
                    busy=removing
                    on_confirm=Callback::new(move |_| do_remove(p.clone()))
                    on_cancel=Callback::new(move |_| {
                        removal.set(None);
                        removal_error.set(None);
                    })
                    error=removal_error
                    error_title="Could not remove the role"
                />
            }
        })
    };

    let table = move || match page.get() {
        None => view! { <Loading label="Loading users…"/> }.into_any(),
        Some(Err(e)) => view! {
            <ErrorAlert
                title="Could not load the users"
                error=e
                on_retry=Callback::new(move |_| page.refetch())
            />
        }
        .into_any(),
        Some(Ok(page)) if page.users.is_empty() => {
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
                {pagination(page, offset, limit)}
            }
            .into_any()
        }
        Some(Ok(page)) => {
            let rows = page
                .users
                .iter()
                .map(|u| user_row(u.clone(), ws_names, form, ask_remove))
                .collect_view();
            view! {
                <div class="table-wrap">
                    <table data-testid="users-table" class="users-table">
                        <caption class="visually-hidden">"Users and their roles"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Username"</th>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Email"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Roles"</th>
                                <th scope="col">
                                    <span class="visually-hidden">"Actions"</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {pagination(page, offset, limit)}
            }
            .into_any()
        }
    };

    view! {
        <div class="admin-head">
            <h1>"Users"</h1>
            <button
                type="button"
                class="btn btn-primary"
                disabled=move || workspaces.get().is_none()
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
        {move || notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> })}
        <div class="users-toolbar">
            <div class="field">
                <label for="users-search">"Search users"</label>
                <input
                    id="users-search"
                    type="search"
                    placeholder="Username, name or email"
                    prop:value=move || search_input.get()
                    on:input=on_search
                />
            </div>
        </div>
        {table}
    }
}

fn pagination(page: UsersPage, offset: RwSignal<u64>, limit: RwSignal<u64>) -> impl IntoView {
    let shown = page.users.len() as u64;
    let total = page.total;
    let from = if shown == 0 { 0 } else { page.offset + 1 };
    let to = page.offset + shown;
    let words = if total == 0 {
        "No users".to_string()
    } else {
        format!("Showing {from}–{to} of {total}")
    };
    let has_prev = page.offset > 0;
    let has_next = to < total;
    view! {
        <nav class="pagination" aria-label="Pages of users">
            <p class="pagination-status" role="status" aria-live="polite">
                {words}
            </p>
            <button
                type="button"
                class="btn btn-small"
                disabled=!has_prev
                on:click=move |_| {
                    let l = limit.get_untracked();
                    offset.update(|o| *o = o.saturating_sub(l));
                }
            >
                "Previous"
            </button>
            <button
                type="button"
                class="btn btn-small"
                disabled=!has_next
                on:click=move |_| {
                    let l = limit.get_untracked();
                    offset.update(|o| *o += l);
                }
            >
                "Next"
            </button>
            <label for="users-page-size">"Rows per page"</label>
            <select
                id="users-page-size"
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u64>() {
                        offset.set(0);
                        limit.set(n);
                    }
                }
            >
                {PAGE_SIZES
                    .iter()
                    .map(|n| {
                        let n = *n;
                        view! {
                            <option value=n.to_string() selected=move || limit.get() == n>
                                {n.to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </nav>
    }
}

fn user_row(
    u: User,
    ws_names: Memo<HashMap<String, String>>,
    form: RwSignal<Option<FormMode>>,
    ask_remove: Callback<PendingRemoval>,
) -> impl IntoView {
    let (badge, status) = match u.status {
        UserStatus::Active => ("badge badge-ok", "Active"),
        UserStatus::Disabled => ("badge badge-neutral", "Disabled"),
        UserStatus::Deleted => ("badge badge-neutral", "Deleted"),
        UserStatus::Unknown => ("badge badge-warn", "Unknown"),
    };
    let full = format!("{} {}", u.first_name.trim(), u.last_name.trim())
        .trim()
        .to_string();
    let username = u.username.clone();
    let user_id = u.id.clone();
    let assignments = u.roles_with_context.clone();
    let bare: Vec<String> = u
        .roles
        .iter()
        .filter(|n| !assignments.iter().any(|a| &a.name == *n))
        .cloned()
        .collect();
    let chips = move || {
        let names = ws_names.get();
        let mut views: Vec<AnyView> = assignments
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let label = chip_label(a, &names);
                let chip_id = format!("chip-{}-{i}", user_id);
                let pending = PendingRemoval {
                    user_id: user_id.clone(),
                    username: username.clone(),
                    role_id: if a.id.is_empty() {
                        a.name.clone()
                    } else {
                        a.id.clone()
                    },
                    role: a.name.clone(),
                    label: label.clone(),
                };
                let remove_name = format!("Remove {} from {}", a.name, username);
                view! {
                    <li class="chip">
                        <span id=chip_id.clone()>{label}</span>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=remove_name
                            aria-describedby=chip_id
                            title="Remove this role"
                            on:click=move |_| ask_remove.run(pending.clone())
                        >
                            <Icon name=IconName::Close/>
                        </button>
                    </li>
                }
                .into_any()
            })
            .collect();
        views.extend(bare.iter().map(|n| {
            view! {
                <li class="chip chip-plain">
                    <span>{n.clone()}</span>
                </li>
            }
            .into_any()
        }));
        if views.is_empty() {
            view! { <span class="muted">"No roles"</span> }.into_any()
        } else {
            view! { <ul class="chips">{views}</ul> }.into_any()
        }
    };
    let edit_label = format!("Edit {}", u.username);
    let for_edit = u.clone();
    view! {
        <tr data-user-id=u.id.clone()>
            <td class="mono">{u.username.clone()}</td>
            <td>{full}</td>
            <td>{u.email.clone()}</td>
            <td>
                <span class=badge>{status}</span>
            </td>
            <td class="roles-cell">{chips}</td>
            <td class="actions">
                <button
                    type="button"
                    class="btn btn-small"
                    aria-label=edit_label
                    on:click=move |_| form.set(Some(FormMode::Edit(Box::new(for_edit.clone()))))
                >
                    "Edit"
                </button>
            </td>
        </tr>
    }
}
