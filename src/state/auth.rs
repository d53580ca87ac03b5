//! The signed-in user: fetched once at start (`GET /users/me`), set by the login page, cleared by
//! `Sign out` or by any 401. The role catalogue is loaded alongside, so views can ask what the
//! user may do ([`Auth::can`]); the server still decides every request.
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;

use crate::api::wire::admin::RolesResult;
use crate::api::wire::user::MeResult;
use crate::api::{ApiClient, ApiError, ErrorKind};
use crate::domain::permissions::{self, Role};
use crate::domain::user::User;

#[derive(Clone, Debug, PartialEq)]
pub enum AuthStatus {
    /// Asking the backend who we are.
    Checking,
    SignedIn,
    SignedOut,
    /// `/users/me` failed for another reason than 401 (server down, garbled reply).
    Failed(ApiError),
}

/// `Copy` handle on the auth state, provided by the app shell.
#[derive(Clone, Copy)]
pub struct Auth {
    pub status: RwSignal<AuthStatus>,
    pub user: RwSignal<Option<User>>,
    /// The role catalogue (`GET /authorization/roles`), for permission checks.
    pub roles: RwSignal<Vec<Role>>,
    api: ApiClient,
}

#[derive(Serialize)]
struct LoginBody<'a> {
    username: &'a str,
    password: &'a str,
}

impl Auth {
    pub fn new(api: ApiClient) -> Self {
        Self {
            status: RwSignal::new(AuthStatus::Checking),
            user: RwSignal::new(None),
            roles: RwSignal::new(Vec::new()),
            api,
        }
    }

    pub fn use_auth() -> Self {
        expect_context::<Auth>()
    }

    /// Asks the backend who is signed in.
    pub fn check(self) {
        self.status.set(AuthStatus::Checking);
        spawn_local(async move {
            let _ = self.load_me().await;
        });
    }

    async fn load_me(self) -> Result<(), ApiError> {
        match self.api.get::<MeResult>("/api/rest/v1/users/me").await {
            Ok(env) => {
                self.user.set(Some(env.result.me.into()));
                self.status.set(AuthStatus::SignedIn);
                self.load_roles().await;
                Ok(())
            }
            Err(e) if e.kind() == ErrorKind::Unauthorized => {
                self.clear();
                Err(e)
            }
            Err(e) => {
                self.status.set(AuthStatus::Failed(e.clone()));
                Err(e)
            }
        }
    }

    /// Reloads the role catalogue (after an admin changed it, say).
    pub async fn load_roles(self) {
        match self
            .api
            .get::<RolesResult>("/api/rest/v1/authorization/roles")
            .await
        {
            Ok(env) => self
                .roles
                .set(env.result.roles.into_iter().map(Role::from).collect()),
            Err(e) => leptos::logging::warn!("could not load the role catalogue: {e}"),
        }
    }

    /// Signs in; on success the user and the role catalogue are loaded.
    pub async fn login(self, username: &str, password: &str) -> Result<(), ApiError> {
        self.api
            .post::<_, serde_json::Value>(
                "/api/rest/v1/authentication/login",
                &LoginBody { username, password },
            )
            .await?;
        self.load_me().await
    }

    /// Signs out on the server (errors ignored: the login is dropped locally anyway).
    pub async fn logout(self) {
        let _ = self
            .api
            .post::<_, serde_json::Value>(
                "/api/rest/v1/authentication/logout",
                &serde_json::json!({}),
            )
            .await;
        self.clear();
    }

    /// Forgets the user (after a 401 or sign-out).
    pub fn clear(self) {
        self.user.set(None);
        self.roles.set(Vec::new());
        self.status.set(AuthStatus::SignedOut);
    }

    pub fn is_signed_in(self) -> bool {
        self.status.with(|s| *s == AuthStatus::SignedIn)
    }

    /// May the user do `permission` somewhere? (Tracks the user and the role catalogue.)
    pub fn can(self, permission: &str) -> bool {
        self.user.with(|u| {
            u.as_ref().is_some_and(|u| {
                self.roles
                    .with(|roles| permissions::can_anywhere(u, roles, permission))
            })
        })
    }

    /// May the user see at least one admin page?
    pub fn may_see_admin(self) -> bool {
        self.user.with(|u| {
            u.as_ref().is_some_and(|u| {
                self.roles
                    .with(|roles| permissions::may_see_admin(u, roles))
            })
        })
    }
}

/// Where to go after login: `next` when it is a path inside the app, else `/workspaces`.
/// Refuses other origins (`//evil`, `https://…`) and the login page itself.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.starts_with("/login") =>
        {
            n.to_string()
        }
        _ => "/workspaces".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_inside_the_app() {
        assert_eq!(safe_next(Some("/workspaces/1")), "/workspaces/1");
        assert_eq!(safe_next(Some("/activity?x=1")), "/activity?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("https://evil.example")), "/workspaces");
        assert_eq!(safe_next(Some("/\\evil")), "/workspaces");
        assert_eq!(safe_next(Some("/login?next=/x")), "/workspaces");
        assert_eq!(safe_next(None), "/workspaces");
    }
}
