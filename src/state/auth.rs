//! The signed-in user: fetched once at start (`GET /users/me`), set by the login page, cleared by
//! `Sign out` or by any 401. The role catalogue is loaded alongside, so views can ask what the
//! user may do ([`Auth::can`]); the server still decides every request.
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{auth, roles, ApiClient, ApiError, ErrorKind};
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

impl Auth {
    pub fn new(api: ApiClient) -> Self {
        Self {
            status: RwSignal::new(AuthStatus::Checking),
            user: RwSignal::new(None),
            roles: RwSignal::new(Vec::new()),
            api,
        }
    }

    /// The auth state provided by the app shell (a view without it is a bug: it panics rather
    /// than showing what it must not).
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
        match auth::me(self.api).await {
            Ok(user) => {
                self.user.try_set(Some(user));
                self.status.try_set(AuthStatus::SignedIn);
                self.load_roles().await;
                Ok(())
            }
            Err(e) if e.kind() == ErrorKind::Unauthorized => {
                self.clear();
                Err(e)
            }
            Err(e) => {
                self.status.try_set(AuthStatus::Failed(e.clone()));
                Err(e)
            }
        }
    }

    /// Reloads the role catalogue (after an admin changed it, say).
    pub async fn load_roles(self) {
        match roles::list(self.api).await {
            Ok(list) => {
                self.roles.try_set(list);
            }
            Err(e) => leptos::logging::warn!("could not load the role catalogue: {e}"),
        }
    }

    /// Signs in with a password (and the one-time code when the backend asked for one); on
    /// success the user and the role catalogue are loaded.
    pub async fn login(
        self,
        username: &str,
        password: &str,
        totp: Option<&str>,
    ) -> Result<(), ApiError> {
        auth::login(self.api, username, password, totp).await?;
        self.load_me().await
    }

    /// Finishes an OpenID login (the `/oauthredirect` page), then loads the user.
    pub async fn finish_oauth(
        self,
        provider: &str,
        state: &str,
        session_state: Option<&str>,
        code: &str,
    ) -> Result<(), ApiError> {
        auth::oauth_redirect(self.api, provider, state, session_state, code).await?;
        self.load_me().await
    }

    /// After the signed-in user's own roles changed: a fresh token (roles live in it), then
    /// the user again, so that the new permissions apply without a new login.
    pub async fn refresh(self) -> Result<(), ApiError> {
        auth::refresh_token(self.api).await?;
        self.load_me().await
    }

    /// Whether `user_id` is the signed-in user.
    pub fn is_me(self, user_id: &str) -> bool {
        self.user
            .with_untracked(|u| u.as_ref().is_some_and(|u| u.id == user_id))
    }

    /// Signs out on the server. `Ok(end_session)`: the login is gone (forgotten here too), with
    /// the identity provider's end-session page when the backend named one (an `https:` or
    /// `http:` URL only). `Err`: the sign-out did not reach the server, so its cookie may still
    /// be valid: the user stays signed in here and is told so (the header offers to retry).
    /// A 401 means the login was already gone: that is a sign-out too.
    pub async fn logout(self) -> Result<Option<String>, ApiError> {
        let redirect = match auth::logout(self.api).await {
            Ok(r) => r,
            Err(e) if e.kind() == ErrorKind::Unauthorized => None,
            Err(e) => return Err(e),
        };
        self.clear();
        Ok(redirect.filter(|u| {
            let l = u.trim_start().to_ascii_lowercase();
            l.starts_with("https://") || l.starts_with("http://")
        }))
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
