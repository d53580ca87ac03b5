//! `/admin/roles`: the permission matrix, new roles, deleting dynamic roles. Also the access
//! gate both admin pages share ([`AdminGate`], [`NoAccess`]).
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{roles as roles_api, ApiClient, ApiError, ErrorKind, Extension};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::error_alert::ErrorAlert;
use crate::components::loading::Loading;
use crate::components::permission_matrix::{MatrixState, PermissionMatrix};
use crate::domain::permissions::{self, validate_new_role, Role, RoleScope};
use crate::domain::user::User;
use crate::state::activity::Activity;
use crate::state::auth::Auth;

/// Renders `children` only when the signed-in user passes `allowed`; otherwise [`NoAccess`].
/// Nothing inside is created (so nothing is fetched) before the answer is known.
#[component]
pub fn AdminGate(
    /// The check, e.g. [`permissions::may_manage_roles`].
    allowed: fn(&User, &[Role]) -> bool,
    /// The permissions the page needs, in words (for the `No access` sentence).
    #[prop(into)]
    needs: String,
    children: ChildrenFn,
) -> impl IntoView {
    let auth = Auth::use_auth();
    // None until the user and the role catalogue are known.
    let decision = Memo::new(move |_| {
        auth.user.with(|u| {
            let u = u.as_ref()?;
            auth.roles.with(|roles| {
                if roles.is_empty() {
                    None
                } else {
                    Some(allowed(u, roles))
                }
            })
        })
    });
    let needs = StoredValue::new(needs);
    move || match decision.get() {
        None => view! { <Loading label="Checking your permissions…"/> }.into_any(),
        Some(false) => view! { <NoAccess needs=needs.get_value()/> }.into_any(),
        Some(true) => children().into_any(),
    }
}

/// The page a user may not see: a heading `No access`, a sentence, a way back.
#[component]
pub fn NoAccess(#[prop(into)] needs: String) -> impl IntoView {
    view! {
        <section class="no-access" aria-labelledby="no-access-title">
            <h1 id="no-access-title">"No access"</h1>
            <p>
                "You do not have permission to see this page. It needs "
                {needs}
                ". Ask an administrator if you need access."
            </p>
            <p>
                <a href="/workspaces">"Back to your workspaces"</a>
            </p>
        </section>
    }
}

/// `/admin/roles`.
#[component]
pub fn AdminRolesPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page" id="main">
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
    let handle: StoredValue<Option<WindowListenerHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
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

#[component]
fn RolesAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let activity = Activity::use_activity();

    let roles: RwSignal<Option<Result<Vec<Role>, ApiError>>> = RwSignal::new(None);
    let load_roles = move || {
        spawn_local(async move {
            let r = roles_api::list(api).await;
            roles.try_set(Some(r));
        });
    };
    load_roles();
    let permissions = LocalResource::new(move || roles_api::permissions(api));

    let state = MatrixState::new();
    warn_before_unload(state);
    let saving = RwSignal::new(false);
    let save_errors: RwSignal<Vec<(String, ApiError)>> = RwSignal::new(Vec::new());
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    let show_new = RwSignal::new(false);
    let confirm_delete: RwSignal<Option<String>> = RwSignal::new(None);
    let delete_error: RwSignal<Option<ApiError>> = RwSignal::new(None);

    // After a change: the fresh roles (and the header's catalogue).
    let reload_after_change = move |saved: Vec<String>| async move {
        let fresh = roles_api::list(api).await;
        if fresh.is_ok() {
            for name in &saved {
                state.discard_role(name);
            }
        }
        roles.try_set(Some(fresh));
        auth.load_roles().await;
    };

    let on_save = Callback::new(move |_| {
        if saving.get_untracked() {
            return;
        }
        let Some(Some(Ok(current))) = roles.try_get_untracked() else {
            return;
        };
        let changes = state.change_set(&current);
        if changes.is_empty() {
            return;
        }
        saving.set(true);
        save_errors.set(Vec::new());
        notice.set(None);
        spawn_local(async move {
            let mut saved = Vec::new();
            let mut failed = Vec::new();
            for role in changes {
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
            reload_after_change(saved).await;
            notice.try_set(msg);
            save_errors.try_set(failed);
            saving.try_set(false);
        });
    });

    let on_delete = Callback::new(move |name: String| {
        delete_error.set(None);
        confirm_delete.set(Some(name));
    });
    let do_delete = move |name: String| {
        saving.set(true);
        spawn_local(async move {
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
                    reload_after_change(vec![name.clone()]).await;
                    notice.try_set(Some(format!("Deleted role {name}.")));
                }
                Err(e) => {
                    delete_error.try_set(Some(e));
                }
            }
            saving.try_set(false);
        });
    };

    let on_created = Callback::new(move |name: String| {
        show_new.set(false);
        spawn_local(async move {
            reload_after_change(Vec::new()).await;
            notice.try_set(Some(format!("Created role {name}.")));
        });
    });

    let matrix = move || {
        let perms = permissions.get();
        match (roles.get(), perms) {
            (None, _) | (_, None) => {
                view! { <Loading label="Loading roles and permissions…"/> }.into_any()
            }
            (Some(Err(e)), _) => view! {
                <ErrorAlert
                    title="Could not load the roles"
                    error=e
                    on_retry=Callback::new(move |_| load_roles())
                />
            }
            .into_any(),
            (_, Some(Err(e))) => view! {
                <ErrorAlert
                    title="Could not load the permissions"
                    error=e
                    on_retry=Callback::new(move |_| permissions.refetch())
                />
            }
            .into_any(),
            (Some(Ok(r)), Some(Ok(p))) => view! {
                <PermissionMatrix
                    roles=r
                    permissions=p
                    state=state
                    on_save=on_save
                    on_delete=on_delete
                    busy=saving
                    editable=Signal::derive(move || api.supports(Extension::RoleEdit))
                    deletable=Signal::derive(move || api.supports(Extension::RoleDelete))
                />
            }
            .into_any(),
        }
    };

    let new_role_form = move || {
        if !show_new.get() {
            return None;
        }
        // Untracked: a reload of the roles must not reset a half-filled form.
        let existing = roles
            .with_untracked(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned()))
            .unwrap_or_default();
        let perms = permissions
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|p| p.name)
            .collect::<Vec<_>>();
        Some(view! {
            <NewRoleForm
                existing=existing
                all_permissions=perms
                on_created=on_created
                on_cancel=Callback::new(move |_| show_new.set(false))
            />
        })
    };

    let delete_panel = move || {
        confirm_delete.get().map(|name| {
            let n = name.clone();
            view! {
                <ConfirmInline
                    layout=ConfirmLayout::Panel("delete-role")
                    question=format!("Delete role {name}?")
                    detail="Users who have this role lose it and the permissions it grants. This cannot be undone."
                    confirm_label="Delete role"
                    busy=saving
                    on_confirm=Callback::new(move |_| do_delete(n.clone()))
                    on_cancel=Callback::new(move |_| {
                        confirm_delete.set(None);
                        delete_error.set(None);
                    })
                    error=delete_error
                    error_title="Could not delete the role"
                />
            }
        })
    };

    view! {
        <div class="admin-head">
            <h1>"Roles and permissions"</h1>
            <button
                type="button"
                class="btn"
                aria-expanded=move || show_new.get().to_string()
                on:click=move |_| show_new.update(|v| *v = !*v)
            >
                "New role"
            </button>
        </div>
        <p class="muted">
            {move || {
                if api.supports(Extension::RoleEdit) {
                    "Built-in roles (marked with a lock) are read-only. Changes to dynamic roles are kept until you press Save."
                } else {
                    "Built-in roles (marked with a lock) are read-only."
                }
            }}
        </p>
        {move || {
            let missing: Vec<Extension> = [Extension::RoleEdit, Extension::RoleDelete]
                .into_iter()
                .filter(|e| !api.supports(*e))
                .collect();
            (!missing.is_empty()).then(|| {
                let words = missing
                    .into_iter()
                    .map(|e| ApiError::Unsupported(e).message())
                    .collect::<Vec<_>>()
                    .join(" ");
                view! {
                    <p class="note" data-testid="not-supported">
                        {words}
                        " Roles can still be created."
                    </p>
                }
            })
        }}
        {new_role_form}
        {delete_panel}
        <div class="admin-messages">
            {move || {
                notice
                    .get()
                    .map(|m| view! { <p class="notice" role="status">{m}</p> })
            }}
            {move || {
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
            }}
        </div>
        {matrix}
    }
}

fn context_for_scope(scope: RoleScope) -> Vec<String> {
    match scope {
        RoleScope::Workspace => vec!["workspace".to_string()],
        RoleScope::Workbench => vec!["workbench".to_string()],
        _ => Vec::new(),
    }
}

/// The `New role` form: name, description, scope, and optionally the permissions of an
/// existing role.
#[component]
fn NewRoleForm(
    existing: Vec<Role>,
    all_permissions: Vec<String>,
    on_created: Callback<String>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let scope = RwSignal::new(RoleScope::Workspace);
    let copy_from = RwSignal::new(String::new());
    let name_error: RwSignal<Option<String>> = RwSignal::new(None);
    let perms_error: RwSignal<Option<String>> = RwSignal::new(None);
    let form_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let role_names: Vec<String> = existing.iter().map(|r| r.name.clone()).collect();
    let existing = StoredValue::new(existing);
    let all_permissions = StoredValue::new(all_permissions);
    let name_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = name_ref.get() {
            let _ = i.focus();
        }
    });

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let n = name.get_untracked().trim().to_string();
        name_error.set(None);
        perms_error.set(None);
        form_error.set(None);
        let source = copy_from.get_untracked();
        let perms: Vec<String> = existing.with_value(|ex| {
            ex.iter()
                .find(|r| r.name == source)
                .map(|r| {
                    if r.permissions.iter().any(|p| p == permissions::ANY_ID) {
                        all_permissions.get_value()
                    } else {
                        r.permissions.clone()
                    }
                })
                .unwrap_or_default()
        });
        let s = scope.get_untracked();
        let role = Role {
            name: n.clone(),
            description: description.get_untracked().trim().to_string(),
            scope: s,
            context: context_for_scope(s),
            permissions: perms,
            dynamic: true,
        };
        // CHORUS answers a mistake here with a bare 500: say what is wrong first.
        let problems = existing.with_value(|ex| validate_new_role(&role, ex));
        if !problems.is_empty() {
            for (field, msg) in problems {
                match field {
                    "name" => name_error.set(Some(msg)),
                    _ => perms_error.set(Some(msg)),
                }
            }
            if name_error.with_untracked(Option::is_some) {
                if let Some(i) = name_ref.get_untracked() {
                    let _ = i.focus();
                }
            } else if let Some(el) = document().get_element_by_id("new-role-copy") {
                use wasm_bindgen::JsCast;
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let res = activity
                .track(format!("Creating role {n}…"), roles_api::create(api, &role))
                .await;
            busy.try_set(false);
            match res {
                Ok(_) => on_created.run(n),
                Err(e) => {
                    let field_msg = if e.kind() == ErrorKind::Conflict
                        || e.chorus_code() == Some("ALREADY_EXISTS")
                    {
                        Some(format!("A role named {n} already exists"))
                    } else {
                        e.validation_errors()
                            .into_iter()
                            .find(|v| v.field.trim_start_matches("role.") == "name")
                            .map(|v| format!("The name {}", v.reason))
                    };
                    match field_msg {
                        Some(m) => {
                            name_error.try_set(Some(m));
                        }
                        None => {
                            form_error.try_set(Some(e));
                        }
                    }
                }
            }
        });
    };

    // The scopes a backend accepts for a new role.
    let scopes = [RoleScope::Workspace, RoleScope::Platform];
    view! {
        <form
            class="panel admin-form"
            aria-labelledby="new-role-title"
            novalidate=true
            on:submit=submit
        >
            <h2 id="new-role-title">"New role"</h2>
            <div class="field">
                <label for="new-role-name">"Name"</label>
                <input
                    id="new-role-name"
                    type="text"
                    autocomplete="off"
                    node_ref=name_ref
                    aria-invalid=move || name_error.with(Option::is_some).to_string()
                    aria-describedby="new-role-name-hint new-role-name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <p class="muted field-hint" id="new-role-name-hint">
                    "Letters and digits, starting with a capital letter, like DataSteward."
                </p>
                <p class="field-error" id="new-role-name-error">
                    {move || name_error.get()}
                </p>
            </div>
            <div class="field">
                <label for="new-role-description">"Description"</label>
                <textarea
                    id="new-role-description"
                    rows="2"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                ></textarea>
            </div>
            <div class="field">
                <label for="new-role-scope">"Scope"</label>
                <select
                    id="new-role-scope"
                    on:change=move |ev| {
                        scope.set(RoleScope::from_wire(&event_target_value(&ev)));
                    }
                >
                    {scopes
                        .iter()
                        .map(|s| {
                            let s = *s;
                            view! {
                                <option value=s.as_str() selected=move || scope.get() == s>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="new-role-copy">"Copy permissions from"</label>
                <select
                    id="new-role-copy"
                    aria-invalid=move || perms_error.with(Option::is_some).to_string()
                    aria-describedby="new-role-copy-error"
                    on:change=move |ev| copy_from.set(event_target_value(&ev))
                >
                    <option value="">"Choose a role…"</option>
                    {role_names
                        .into_iter()
                        .map(|n| view! { <option value=n.clone()>{n.clone()}</option> })
                        .collect_view()}
                </select>
                <p class="field-error" id="new-role-copy-error">{move || perms_error.get()}</p>
            </div>
            {move || {
                form_error
                    .get()
                    .map(|e| view! { <ErrorAlert title="Could not create the role" error=e/> })
            }}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    "Create role"
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}
