//! The user form of `/admin/users`: a new user (`POST /users` with the bare user), then its
//! roles one `POST /users/{id}/role` each, then the user reloaded; or an existing user's
//! profile and status (`PUT /users`, every field) plus roles to add, one call each. When a
//! role call fails after the user exists, the form says which roles were given and which were
//! not; its Retry sends only the missing ones (never a second create). After the signed-in
//! user's own roles change, the token is refreshed so the new permissions apply at once. An
//! edit reads the user again just before `PUT /users` and puts the fields changed here on top
//! (`state::fresh_save`); a field someone else changed too waits for a choice (the conflict
//! panel).
//!
//! Parts: the fields and where errors show ([`fields`]), the role choices ([`role_choices`]),
//! the order of the requests ([`submit`]). Here: the form's state, its checks before sending,
//! and the save as an [`Action`] (its `pending` disables `Save`); an error no field could take
//! shows above the buttons.
mod fields;
mod role_choices;
mod submit;

use std::collections::HashMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{users, ApiClient, ApiError};
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::permissions::{validate_user_form, Role, RoleToGive, UserFields};
use crate::domain::three_way::{Choice, Merge, Pending};
use crate::domain::user::{RoleGrants, User, UserStatus};
use crate::state::activity::Activity;
use crate::state::auth::Auth;
use crate::state::fresh_save::merge_fresh;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::{Kept, Slot};

use fields::{
    first_field, focus_field, server_field_errors, show_field_errors, status_field, text_field,
    Errors,
};
use role_choices::RoleChoices;
use submit::{Profile, Submission};

/// A user as the form shows it: a status other than disabled reads as active (the form offers
/// only those two).
fn as_form_shows(mut u: User) -> User {
    u.status = match u.status {
        UserStatus::Disabled => UserStatus::Disabled,
        _ => UserStatus::Active,
    };
    u
}

/// The user form. `user`: `None` for a new user, else the user to edit.
#[component]
pub fn UserForm(
    /// The user to edit; `None` creates one.
    #[prop(optional)]
    user: Option<User>,
    /// The role catalogue: every role can be given.
    roles: Vec<Role>,
    /// `(id, name)` of every workspace, for the `Workspace for <role>` selects.
    workspaces: Vec<(String, String)>,
    /// `(id, name)` of the sessions offered by the `Session for <role>` selects (besides
    /// `All sessions`).
    #[prop(optional)]
    sessions: Vec<(String, String)>,
    /// Called with the saved user.
    on_saved: Callback<User>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let activity = Activity::use_activity();
    let auth = Auth::use_auth();
    let is_new = user.is_none();
    let u = user.clone().unwrap_or_default();
    let username = Slot::new(u.username.clone());
    let first_name = Slot::new(u.first_name.clone());
    let last_name = Slot::new(u.last_name.clone());
    let email = Slot::new(u.email.clone());
    let password = Slot::new(String::new());
    let status = Slot::new(as_form_shows(u.clone()).status);
    let errors: Slot<Errors> = Slot::new(Errors::new());
    // After a partial failure: the user (it exists now) and its roles; a Retry then sends only
    // the missing ones.
    let partial: Slot<Option<(User, RoleGrants)>> = Slot::new(None);
    let choices = RoleChoices::new(roles);
    let workspaces = Kept::new(workspaces);
    let sessions = Kept::new(sessions);
    let original = Kept::new(user);

    let username_ref = NodeRef::<leptos::html::Input>::new();
    crate::components::focus_on_mount(username_ref);

    // What `Save` would send now, and what is wrong with it.
    let submission = move || {
        let profile = Profile {
            username: username.get_untracked().trim().to_string(),
            first_name: first_name.get_untracked().trim().to_string(),
            last_name: last_name.get_untracked().trim().to_string(),
            email: email.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            status: status.get_untracked(),
        };
        let mut errs = Errors::new();
        let fields = UserFields {
            username: &profile.username,
            first_name: &profile.first_name,
            last_name: &profile.last_name,
            email: &profile.email,
            password: is_new.then_some(profile.password.as_str()),
        };
        for e in validate_user_form(&fields) {
            errs.insert(e.field.to_string(), e.message);
        }
        let assignments = choices.assignments(&mut errs);
        let (existing, roles) = match partial.get_untracked() {
            Some((user, grants)) => (
                Some(user),
                grants
                    .to_retry()
                    .into_iter()
                    .map(RoleToGive::from)
                    .collect(),
            ),
            None => (None, assignments),
        };
        let s = Submission {
            profile,
            original: original.get_value(),
            existing,
            roles,
        };
        (s, errs)
    };

    // Sends the form; an error goes next to its field, or above the buttons.
    let form_error: Slot<Option<ApiError>> = Slot::new(None);
    // A save held back by another's change, and the choices that resolve it (the base they were
    // made on and the user as chosen).
    let held = Slot::new(None::<Pending<User>>);
    let chosen = Kept::new(None::<(User, User)>);
    let save = local_action(move |_: &()| {
        let (mut s, _) = submission();
        let username = s.profile.username.clone();
        let chosen = chosen.try_update_value(Option::take).flatten();
        async move {
            held.try_set(None);
            if let (Some(orig), None) = (s.original.clone(), &s.existing) {
                let (base, mine) = chosen.unwrap_or_else(|| {
                    let base = as_form_shows(orig);
                    let p = &s.profile;
                    let mine = User {
                        username: p.username.clone(),
                        first_name: p.first_name.clone(),
                        last_name: p.last_name.clone(),
                        email: p.email.clone(),
                        status: p.status,
                        ..base.clone()
                    };
                    (base, mine)
                });
                let id = base.id.clone();
                let fresh = || async move { users::get(api, &id).await.map(as_form_shows) };
                match merge_fresh(&base, &mine, PAST_CHORUS_CACHE, fresh).await {
                    Ok(Merge::Send(m)) => {
                        s.profile.username = m.username.trim().to_owned();
                        s.profile.first_name = m.first_name.trim().to_owned();
                        s.profile.last_name = m.last_name.trim().to_owned();
                        s.profile.email = m.email.trim().to_owned();
                        s.profile.status = m.status;
                        s.original = Some(m);
                    }
                    Ok(Merge::Conflicts(p)) => {
                        held.try_set(Some(p));
                        return;
                    }
                    Err(e) => {
                        form_error.try_set(Some(e));
                        return;
                    }
                }
            }
            match submit::send(api, activity, auth, s).await {
                Ok((user, grants)) if grants.is_complete() => {
                    partial.try_set(None);
                    on_saved.try_run(user);
                }
                Ok(sent) => {
                    partial.try_set(Some(sent));
                }
                Err(e) => {
                    let errs = server_field_errors(&e, &username, is_new);
                    if errs.is_empty() {
                        form_error.try_set(Some(e));
                    }
                    show_field_errors(errors, errs);
                }
            }
        }
    });
    let busy = save.pending();
    let resolve = Callback::new(move |picked: Vec<(String, Choice)>| {
        let Some((theirs, mine)) = take_resolved(held, &picked) else {
            return;
        };
        // What is chosen shows in the form and is saved over the copy the choice was made on.
        username.set(mine.username.clone());
        first_name.set(mine.first_name.clone());
        last_name.set(mine.last_name.clone());
        email.set(mine.email.clone());
        status.set(mine.status);
        chosen.set_value(Some((theirs, mine)));
        save.dispatch_local(());
    });

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (_, errs) = submission();
        let first_error = first_field(&errs);
        errors.set(errs);
        form_error.set(None);
        match first_error {
            Some(key) => focus_field(&key),
            None => {
                save.dispatch_local(());
            }
        }
    };

    let title = if is_new {
        "New user".to_string()
    } else {
        format!("Edit user {}", u.username)
    };
    let missing_roles = live(move || {
        partial.with(|p| {
            p.as_ref().map(|(user, grants)| {
                let names: HashMap<String, String> = workspaces.get_value().into_iter().collect();
                let verb = if is_new { "was created" } else { "was saved" };
                let words = grants.sentence(&user.username, verb, &names);
                view! {
                    <div class="alert alert-error" role="alert" data-testid="roles-missing">
                        <p class="alert-title">"Some roles were not given"</p>
                        <p class="alert-message">{words}</p>
                    </div>
                }
            })
        })
    });

    view! {
        <crate::components::focus_return::FocusReturn>
        <form
            class="panel admin-form user-form"
            aria-labelledby="user-form-title"
            novalidate=true
            on:submit=submit
        >
            <h2 id="user-form-title">{title}</h2>
            <div class="form-grid">
                {text_field("username", "text", "off", username, errors, Some(username_ref), None)}
                {text_field("firstName", "text", "given-name", first_name, errors, None, None)}
                {text_field("lastName", "text", "family-name", last_name, errors, None, None)}
                {text_field("email", "email", "email", email, errors, None, None)}
                {is_new.then(|| text_field("password", "password", "new-password", password, errors, None, Some(crate::domain::password::RULE)))}
                {(!is_new).then(|| status_field(status))}
            </div>
            {choices.view((!is_new).then_some(&u), errors, workspaces, sessions)}
            {live(move || {
                let title = if is_new {
                    "Could not create the user"
                } else {
                    "Could not save the user"
                };
                form_error.get().map(|e| view! { <ErrorAlert title=title error=e/> })
            })}
            {live(move || held.get().map(|p| view! {
                <ConflictPanel id="user-conflict" what="this user"
                    conflicts=p.conflicts on_resolve=resolve/>
            }))}
            {missing_roles}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                    {live(move || if partial.with(Option::is_some) { "Retry" } else { "Save" })}
                </button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </form>
        </crate::components::focus_return::FocusReturn>
    }
}
