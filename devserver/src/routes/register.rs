//! Self-registration: `POST /users` without a login (api.md, "Self-registration";
//! `user-authorization.go` CreateUser, `user-controller.go` registerUserSelfService). Allowed
//! only while the `internal` mode offers it (`AuthModes::registration`, on unless
//! `PUT /api/dev/auth-modes` turns it off): else 403 `Public user registration is disabled`.
//! Only the names, username, password and e-mail are read (trimmed, but the password); the
//! new user is active at once. No password rule. A taken username is CHORUS's 500
//! `Unable to store user <u>`, our 409.

use axum::response::Response;

use crate::error::{ApiError, ApiResult};
use crate::reply;
use crate::state::{lock, Shared};
use crate::store::seed::NewUser;

use super::user_body::UserIn;
use super::users_chorus as ch;

/// The anonymous create; `users::create` hands it a request without a valid login (CHORUS
/// treats a stale cookie as none: seen on 0978bc77).
pub(crate) fn create(app: &Shared, body: &UserIn) -> ApiResult<Response> {
    if !lock(&app.auth_modes).offers_registration() {
        return Err(ApiError::forbidden("Public user registration is disabled"));
    }
    let trimmed = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let (first, last) = (trimmed(&body.first_name), trimmed(&body.last_name));
    let (username, email) = (trimmed(&body.username), trimmed(&body.email));
    let password = body.password.clone().unwrap_or_default();
    if first.is_empty() || last.is_empty() || username.is_empty() || password.is_empty() {
        return Err(ApiError::invalid(
            "firstName, lastName, username and password are required",
        ));
    }
    let mut st = app.store();
    ch::validate(&ch::Fields {
        first: &first,
        last: &last,
        username: &username,
        source: "internal",
        status: "active",
        creating: true,
    })?;
    if st.users.values().any(|u| u.username == username) {
        return Err(if app.chorus() {
            ApiError::internal(format!("Unable to store user {username}"))
        } else {
            ApiError::already_exists(format!("username '{username}' is taken"))
        });
    }
    let new = NewUser {
        username: &username,
        password: &password,
        first: &first,
        last: &last,
        email: &email,
        status: "active",
        source: "internal",
    };
    let id = ch::create(&mut st, &new);
    let mut shown = st
        .users
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("user", &id.to_string()))?;
    // CHORUS's reply converts the record from before its `Authenticated` role (seen).
    shown.roles.clear();
    Ok(reply::result("user", app.view().user(&shown)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Flavor};
    use crate::state::AuthModes;

    fn body(username: &str, password: &str) -> UserIn {
        serde_json::from_value(serde_json::json!({
            "firstName": " Rita ", "lastName": "Register", "username": username,
            "password": password, "email": ""
        }))
        .unwrap()
    }

    fn server(flavor: Flavor) -> Shared {
        crate::state::AppState::new(Config {
            flavor,
            ..Config::default()
        })
    }

    #[test]
    fn a_new_account_is_active_and_signs_in_with_its_password() {
        for flavor in [Flavor::Default, Flavor::Chorus] {
            let app = server(flavor);
            assert!(create(&app, &body(" rita ", "abc")).is_ok());
            let st = app.store();
            let rita = st.users.values().find(|u| u.username == "rita").unwrap();
            assert_eq!(rita.status, "active");
            assert_eq!(rita.first_name, "Rita");
            assert_eq!(rita.password, "abc");
            assert_eq!(rita.roles.len(), 1, "Authenticated");
        }
    }

    #[test]
    fn a_taken_username_is_chorus_s_500_and_our_409() {
        let chorus = server(Flavor::Chorus);
        let e = create(&chorus, &body("alice", "abc")).unwrap_err();
        assert_eq!(e.status.as_u16(), 500);
        assert_eq!(e.message, "Unable to store user alice");
        let ours = server(Flavor::Default);
        let e = create(&ours, &body("alice", "abc")).unwrap_err();
        assert_eq!(e.status.as_u16(), 409);
    }

    #[test]
    fn missing_fields_and_registration_off_are_refused() {
        let app = server(Flavor::Chorus);
        let e = create(&app, &body("rita", "")).unwrap_err();
        assert_eq!(e.status.as_u16(), 400);
        assert_eq!(
            e.message,
            "firstName, lastName, username and password are required"
        );
        lock(&app.auth_modes).registration = false;
        let e = create(&app, &body("rita", "abc")).unwrap_err();
        assert_eq!(e.status.as_u16(), 403);
        assert_eq!(e.message, "Public user registration is disabled");
        assert!(AuthModes::of(Flavor::Chorus).offers_registration());
    }
}
