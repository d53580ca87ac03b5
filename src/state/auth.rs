//! The signed-in user: fetched once at start (`GET /users/me`), set by the login page, cleared by
//! `Sign out` or by any 401. The role and permission catalogues are loaded alongside, so views
//! can ask what the user may do where ([`Auth::can_in`], CHORUS's rule in
//! [`crate::domain::permissions::Grants`]); the server still decides every request.
//!
//! The login lasts while the app is open: the token is renewed with `refresh-token` before it
//! expires ([`crate::domain::token`]: its `exp` read in memory from the login or refresh reply,
//! never stored). After a page load the console knows no token yet, so it renews once at sign-in
//! to learn the expiry (that also brings the token up to the user's current roles). A renewal
//! answered 401 ends the login: the app returns to the login page, then to where the user was.
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{auth, roles, ApiClient, ApiError, ErrorKind};
use crate::domain::permissions::{self, Grants, Perm, Permission, Role, Target};
use crate::domain::token::{jwt_expiry_s, renew_delay_ms};
use crate::domain::user::User;
use crate::state::now_ms_i64;
use crate::state::timer::Delay;

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
    /// The permission catalogue (`GET /authorization/permissions`): the dimensions each
    /// permission is checked in.
    pub permissions: RwSignal<Vec<Permission>>,
    /// What the user may do (`None` until the user and both catalogues are known).
    grants: Memo<Option<Grants>>,
    /// The pending token renewal.
    renewal: Delay,
    api: ApiClient,
}

impl Auth {
    pub fn new(api: ApiClient) -> Self {
        let user = RwSignal::new(None::<User>);
        let roles = RwSignal::new(Vec::new());
        let permissions = RwSignal::new(Vec::new());
        let grants = Memo::new(move |_| {
            user.with(|u| {
                let u = u.as_ref()?;
                roles.with(|roles: &Vec<Role>| {
                    permissions.with(|perms: &Vec<Permission>| {
                        (!roles.is_empty() && !perms.is_empty())
                            .then(|| Grants::new(u, roles, perms))
                    })
                })
            })
        });
        Self {
            status: RwSignal::new(AuthStatus::Checking),
            user,
            roles,
            permissions,
            grants,
            renewal: Delay::new(),
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
                let was_signed_in = self.is_signed_in_untracked();
                self.user.try_set(Some(user));
                self.status.try_set(AuthStatus::SignedIn);
                if !was_signed_in && !self.renewal_scheduled() {
                    // A page load: no token known yet. Renew now to learn when it expires.
                    self.schedule_renewal(0);
                }
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

    /// Reloads the role catalogue (after an admin changed it, say), and the permission
    /// catalogue the first time.
    pub async fn load_roles(self) {
        // The permission catalogue (once) goes out at the same time: one round trip, not two.
        if self
            .permissions
            .try_with_untracked(Vec::is_empty)
            .unwrap_or(false)
        {
            let (api, permissions) = (self.api, self.permissions);
            leptos::task::spawn_local(async move {
                match roles::permissions(api).await {
                    Ok(list) => {
                        permissions.try_set(list);
                    }
                    Err(e) => {
                        leptos::logging::warn!("could not load the permission catalogue: {e}")
                    }
                }
            });
        }
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
        let token = auth::login(self.api, username, password, totp).await?;
        self.token_received(token.as_deref());
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
        let token = auth::refresh_token(self.api).await?;
        self.token_received(token.as_deref());
        self.load_me().await
    }

    /// The user again (`GET /users/me`), e.g. after the backend gave the user a role by itself
    /// (CHORUS makes the creator of a session its `WorkbenchAdmin` and renews the cookie).
    pub async fn reload_user(self) {
        if let Err(e) = self.load_me().await {
            leptos::logging::warn!("could not reload the signed-in user: {e}");
        }
    }

    /// A login or refresh reply carried `token` (or none): the next renewal is planned from
    /// its expiry.
    fn token_received(self, token: Option<&str>) {
        let exp = token.and_then(jwt_expiry_s);
        self.schedule_renewal(renew_delay_ms(now_ms_i64(), exp));
    }

    fn renewal_scheduled(self) -> bool {
        self.renewal.is_pending()
    }

    /// Plans the next renewal in `ms` (instead of the one pending); [`Auth::clear`] cancels it.
    fn schedule_renewal(self, ms: u64) {
        self.renewal.start(Duration::from_millis(ms), move || {
            spawn_local(async move { self.renew().await });
        });
    }

    /// Renews the token while signed in. A 401 ends the login (the client's 401 counter sends
    /// the app to the login page, which returns here afterwards); another failure (network,
    /// 5xx) is tried again in half a minute.
    async fn renew(self) {
        if !self.is_signed_in_untracked() {
            return;
        }
        match auth::refresh_token(self.api).await {
            Ok(token) => self.token_received(token.as_deref()),
            Err(e) if e.kind() == ErrorKind::Unauthorized => {
                leptos::logging::warn!("the login could not be renewed: {e}");
            }
            Err(e) if e.means_missing_route() => {
                leptos::logging::warn!("this backend does not renew logins: {e}");
            }
            Err(e) => {
                leptos::logging::warn!("renewing the login failed, trying again soon: {e}");
                self.schedule_renewal(30_000);
            }
        }
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

    /// Forgets the user (after a 401 or sign-out) and stops renewing.
    pub fn clear(self) {
        self.renewal.cancel();
        self.user.set(None);
        self.roles.set(Vec::new());
        self.status.set(AuthStatus::SignedOut);
    }

    pub fn is_signed_in(self) -> bool {
        self.status.with(|s| *s == AuthStatus::SignedIn)
    }

    fn is_signed_in_untracked(self) -> bool {
        self.status
            .try_with_untracked(|s| *s == AuthStatus::SignedIn)
            .unwrap_or(false)
    }

    /// What the user may do, `None` until the user and the catalogues are known (tracked).
    pub fn grants(self) -> Option<Grants> {
        self.grants.get()
    }

    /// Whether the user and the catalogues are known, so that a check means something (tracked).
    pub fn permissions_known(self) -> bool {
        self.grants.with(Option::is_some)
    }

    /// May the user do `perm` at `target`? `false` until everything is known (tracked).
    pub fn can_in(self, perm: Perm, target: &Target) -> bool {
        self.grants
            .with(|g| g.as_ref().is_some_and(|g| g.can_in(perm, target)))
    }

    /// May the user do `perm` somewhere? For navigation only (tracked).
    pub fn can_anywhere(self, perm: Perm) -> bool {
        self.grants
            .with(|g| g.as_ref().is_some_and(|g| g.can_anywhere(perm)))
    }

    /// May the user see at least one admin page?
    pub fn may_see_admin(self) -> bool {
        self.grants
            .with(|g| g.as_ref().is_some_and(permissions::may_see_admin))
    }
}
