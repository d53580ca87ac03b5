//! `/admin/roles`: the permission matrix ([`PermissionMatrix`]), new roles ([`NewRoleForm`]),
//! deleting dynamic roles. The roles and permissions are [`Resource`](crate::state::Resource)s; saving the matrix
//! and deleting a role are [`Action`]s, whose `pending` keeps `Save`, `Discard` and
//! `Delete role` disabled while either runs.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{
    roles as roles_api, workspaces as workspaces_api, ApiClient, ApiError, Extension,
};
use crate::components::admin_gate::AdminGate;
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::Loaded;
use crate::components::local_action;
use crate::components::new_role_form::NewRoleForm;
use crate::components::on::OnAttribute;
use crate::components::permission_matrix::{MatrixState, PermissionMatrix};
use crate::domain::latest::Loadable;
use crate::domain::permissions;
use crate::domain::three_way::{merge, Choice, Merge};
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// `/admin/roles`.
#[component]
pub fn AdminRolesPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page" id="main">
            <crate::components::admin_nav::AdminNav current=crate::components::admin_nav::AdminPage::Roles/>
            <AdminGate
                allowed=permissions::may_manage_roles
                needs="the manageDynamicRoles permission"
            >
                <RolesAdmin/>
            </AdminGate>
        </main>
    }
}

/// Asks before leaving the page (reload, close, other site) while the matrix has unsaved edits.
fn warn_before_unload(state: MatrixState) {
    let handle: Kept<Option<WindowListenerHandle>> = Kept::new(None);
    crate::state::effect(move |_| {
        let dirty = state.has_unsaved();
        let had = handle.try_update_value(Option::take).flatten();
        if let Some(h) = had {
            h.remove();
        }
        if dirty {
            let h = window_event_listener_untyped("beforeunload", |ev: web_sys::Event| {
                ev.prevent_default();
                // Older browsers want a returnValue as well.
                let _ = js_sys::Reflect::set(
                    &ev,
                    &wasm_bindgen::JsValue::from_str("returnValue"),
                    &wasm_bindgen::JsValue::from_str(""),
                );
            });
            handle.set_value(Some(h));
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.try_update_value(Option::take).flatten() {
            h.remove();
        }
    });
}

/// The sentence saying which extensions of role editing the backend lacks, if any.
fn missing_extensions_note(api: ApiClient) -> Option<String> {
    let words: Vec<String> = [Extension::RoleEdit, Extension::RoleDelete]
        .into_iter()
        .filter(|e| !api.supports(*e))
        .map(|e| ApiError::Unsupported(e).message())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[component]
fn RolesAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();

    let roles = crate::state::resource(move || roles_api::list(api));
    let permissions = crate::state::resource(move || roles_api::permissions(api));
    // Where a workspace role is created: each workspace by name (none when they fail to load:
    // the form then says to choose one).
    let workspaces = crate::state::resource(move || async move {
        workspaces_api::list(api)
            .await
            .map(|list| {
                list.into_iter()
                    .filter(|w| !w.id.is_empty())
                    .map(|w| (w.id.clone(), w.display_name()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });

    let state = MatrixState::new();
    warn_before_unload(state);
    let notice: Slot<Option<String>> = Slot::new(None);
    let show_new = Slot::new(false);
    let confirm_delete: Slot<Option<String>> = Slot::new(None);

    // After a change: the fresh roles (and the header's catalogue); the edits of the roles in
    // `done` go once the fresh list has them.
    let reload = move |done: Vec<String>| async move {
        let fresh = roles_api::list(api).await;
        if fresh.is_ok() {
            for name in &done {
                state.discard_role(name);
            }
        }
        roles.try_set(Some(fresh));
        auth.load_roles().await;
    };
    // Save: one update per changed role; the roles that failed say so (their edits are kept).
    let save_errors: Slot<Vec<(String, ApiError)>> = Slot::new(Vec::new());
    let change_set = move || {
        roles.with_untracked(|r| match r {
            Some(Ok(current)) => state.change_set(current),
            _ => Vec::new(),
        })
    };
    let save = local_action(move |_: &()| {
        let changes = change_set();
        let loaded: Vec<permissions::Role> = roles.with_untracked(|r| match r {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        });
        async move {
            let mut saved = Vec::new();
            let mut failed = Vec::new();
            // The roles read again just before: each changed role is saved as stored now with
            // the cells toggled here on top (`domain::three_way`), so another admin's toggles
            // of other cells since the page loaded stay.
            let fresh = match roles_api::list(api).await {
                Ok(list) => list,
                Err(e) => {
                    save_errors
                        .try_set(vec![("the roles (read again before saving)".to_owned(), e)]);
                    return;
                }
            };
            for mine in changes {
                let (Some(base), Some(theirs)) = (
                    loaded.iter().find(|r| r.name == mine.name),
                    fresh.iter().find(|r| r.name == mine.name),
                ) else {
                    failed.push((
                        mine.name.clone(),
                        ApiError::Decode("the role no longer exists".to_owned()),
                    ));
                    continue;
                };
                // A cell is granted or not: two admins never set one two ways (no conflict).
                let role = match merge(base, &mine, theirs) {
                    Merge::Send(r) => r,
                    Merge::Conflicts(p) => p.resolve(|_| Choice::KeepMine),
                };
                let res = activity
                    .track(
                        format!("Saving role {}…", role.name),
                        roles_api::update(api, &role),
                    )
                    .await;
                match res {
                    Ok(_) => saved.push(role.name.clone()),
                    // No role editing here: the edits cannot be kept; the note says why.
                    Err(ApiError::Unsupported(_)) => {
                        state.discard();
                        break;
                    }
                    Err(e) => failed.push((role.name.clone(), e)),
                }
            }
            let msg = (!saved.is_empty()).then(|| format!("Saved {}.", saved.join(", ")));
            reload(saved).await;
            notice.try_set(msg);
            save_errors.try_set(failed);
        }
    });

    // Deletes the role being confirmed; a failure shows in the confirmation step.
    let delete_error: Slot<Option<ApiError>> = Slot::new(None);
    let delete = local_action(move |_: &()| {
        let name = confirm_delete.get_untracked().unwrap_or_default();
        async move {
            let res = activity
                .track(
                    format!("Deleting role {name}…"),
                    roles_api::delete(api, &name),
                )
                .await;
            match res {
                Err(ApiError::Unsupported(_)) => {
                    confirm_delete.try_set(None);
                }
                Ok(_) => {
                    confirm_delete.try_set(None);
                    reload(vec![name.clone()]).await;
                    notice.try_set(Some(format!("Deleted role {name}.")));
                }
                Err(e) => {
                    delete_error.try_set(Some(e));
                }
            }
        }
    });

    let (saving, deleting) = (save.pending(), delete.pending());
    let busy = crate::state::memo(move |_| saving.get() || deleting.get());

    let on_save = Callback::new(move |_| {
        if busy.get_untracked() || change_set().is_empty() {
            return;
        }
        save_errors.set(Vec::new());
        notice.set(None);
        save.dispatch_local(());
    });
    let on_delete = Callback::new(move |name: String| {
        delete_error.set(None);
        confirm_delete.set(Some(name));
    });
    let on_created = Callback::new(move |name: String| {
        show_new.set(false);
        notice.set(Some(format!("Created role {name}.")));
        roles.refetch();
    });

    let matrix = live(move || {
        // Tracked: the matrix is drawn again, read-only, when the backend turns out to lack
        // editing or deleting roles.
        let editable = api.supports(Extension::RoleEdit);
        let deletable = api.supports(Extension::RoleDelete);
        // Loading until both have come; then the roles' error, then the permissions'.
        let both = move || {
            Loadable::from_result(roles.get()).zip(Loadable::from_result(permissions.get()))
        };
        let roles_failed = move || roles.with(|r| matches!(r, Some(Err(_))));
        view! {
            <Loaded
                state=both
                loading="Loading roles and permissions…"
                error_title=Signal::derive(move || {
                    if roles_failed() {
                        "Could not load the roles".to_owned()
                    } else {
                        "Could not load the permissions".to_owned()
                    }
                })
                on_retry=Callback::new(move |_| {
                    if roles_failed() {
                        roles.refetch();
                    } else {
                        permissions.refetch();
                    }
                })
                let:loaded
            >
                {live(move || {
                    let (r, p) = loaded.get();
                    view! {
                        <PermissionMatrix
                            roles=r
                            permissions=p
                            state=state
                            on_save=on_save
                            on_delete=on_delete
                            busy=busy
                            editable=editable
                            deletable=deletable
                        />
                    }
                })}
            </Loaded>
        }
    });

    let new_role_form = live(move || {
        if !show_new.get() {
            return None;
        }
        // Untracked: a reload of the roles must not reset a half-filled form.
        let existing = roles
            .with_untracked(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()))
            .unwrap_or_default();
        let perms = permissions.with_untracked(|p| match p {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        });
        let ws = workspaces.get_untracked().unwrap_or_default();
        Some(view! {
            <NewRoleForm
                existing=existing
                permissions=perms
                workspaces=ws
                on_created=on_created
                on_cancel=Callback::new(move |_| show_new.set(false))
            />
        })
    });

    let delete_panel = live(move || {
        confirm_delete.get().map(|name| {
            let question = format!("Delete role {name}?");
            view! {
                <ConfirmInline
                    layout=ConfirmLayout::Panel("delete-role")
                    question=question
                    detail="Users who have this role lose it and the permissions it grants. This cannot be undone."
                    confirm_label="Delete role"
                    busy=busy
                    on_confirm=Callback::new(move |_| {
                        delete.dispatch_local(());
                    })
                    on_cancel=Callback::new(move |_| {
                        confirm_delete.set(None);
                        delete_error.set(None);
                    })
                    error=delete_error
                    error_title="Could not delete the role"
                />
            }
        })
    });

    view! {
        <div class="admin-head">
            <h1>"Roles and permissions"</h1>
            <button
                type="button"
                class="btn"
                disabled=move || {
                    workspaces.loading()
                        || !roles.with(|r| matches!(r, Some(Ok(_))))
                        || !permissions.with(|p| matches!(p, Some(Ok(_))))
                }
                aria-expanded=move || show_new.get().to_string()
                on:click=move |_| show_new.update(|v| *v = !*v)
            >
                "New role"
            </button>
        </div>
        <p class="muted">
            {live(move || {
                if api.supports(Extension::RoleEdit) {
                    "Built-in roles (marked with a lock) are read-only. Changes to dynamic roles are kept until you press Save."
                } else {
                    "Built-in roles (marked with a lock) are read-only."
                }
            })}
        </p>
        {live(move || {
            missing_extensions_note(api)
                .map(|words| {
                    view! {
                        <p class="note" data-testid="not-supported">
                            {words}
                            " Roles can still be created."
                        </p>
                    }
                })
        })}
        {new_role_form}
        {delete_panel}
        <div class="admin-messages">
            {live(move || notice.get().map(|m| view! { <p class="notice" role="status">{m}</p> }))}
            {live(move || {
                save_errors
                    .get()
                    .into_iter()
                    .map(|(name, e)| {
                        view! {
                            <ErrorAlert
                                title=format!(
                                    "Could not save role {name}. Your changes to it are kept.",
                                )
                                error=e
                            />
                        }
                    })
                    .collect_view()
            })}
        </div>
        {matrix}
    }
}
