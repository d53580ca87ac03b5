//! The signed-in user: fetched once at start (`GET /users/me`), set by the login page, cleared by
//! `Sign out` (here or in another tab, [`sign_out`]) or by any 401. The role and permission
//! catalogues are loaded alongside, so views can ask what the user may do where
//! ([`Auth::can_in`], CHORUS's rule in [`crate::domain::permissions::Grants`]); the server still
//! decides every request.
//!
//! The login lasts while the app is open: the token is renewed with `refresh-token` before it
//! expires ([`crate::domain::token`]: its `exp` read in memory from the login or refresh reply,
//! never stored). After a page load the console knows no token yet, so it renews once at sign-in
//! to learn the expiry (that also brings the token up to the user's current roles). A renewal
//! answered 401 ends the login: the app returns to the login page, then to where the user was.
//!
//! Every call that can set the login cookie (login, `refresh-token`, the OpenID redirect) and
//! every `GET /users/me` runs under the sign-in's generation
//! ([`crate::domain::sign_in::Generations`]): a sign-out aborts the cookie-setting calls under
//! way and ends the generation, so that a reply still landing changes nothing here.
//!
//! Only the check at start-up decides whether the user is signed in: a later `/users/me` that
//! fails (a network blip, a 500) keeps the user and the desktops, and [`Auth::notice`] says what
//! failed ([`crate::domain::sign_in::after_me_failure`]). A 401 still signs out.
mod sign_out;

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, AbortSignal};

use crate::api::{auth, roles, ApiClient, ApiError, ErrorKind};
use crate::domain::permissions::{self, Grants, Perm, Permission, Role, Target};
use crate::domain::sign_in::{after_me_failure, AfterMeFailure, Generations, MeCall, Ticket};
use crate::domain::token::{jwt_expiry_s, renew_delay_ms};
use crate::domain::user::User;
use crate::state::now_ms_i64;
use crate::state::timer::Delay;

pub use sign_out::SignOutError;

#[derive(Clone, Debug, PartialEq)]
pub enum AuthStatus {
    /// Asking the backend who we are.
    Checking,
    SignedIn,
    SignedOut,
    /// The start-up check of `/users/me` failed for another reason than 401 (server down,
    /// garbled reply): nobody is shown as signed in, the page says why, with Retry.
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
    /// A later `GET /users/me` that failed while the user stays signed in (the header shows
    /// it, without taking anything away); gone with the next success.
    pub notice: RwSignal<Option<ApiError>>,
    /// Why the last sign-out did not finish (the header says so, with `Retry sign-out`).
    pub sign_out_error: RwSignal<Option<SignOutError>>,
    /// This tab was signed out by a sign-out in another tab (the login page says so).
    pub signed_out_elsewhere: RwSignal<bool>,
    /// What the user may do (`None` until the user and both catalogues are known).
    grants: Memo<Option<Grants>>,
    /// The pending token renewal.
    renewal: Delay,
    /// The sign-in's generation and its cookie-setting calls under way.
    generations: StoredValue<Generations>,
    /// Aborts the cookie-setting calls of the current generation (made when one starts).
    abort: StoredValue<Option<AbortController>, LocalStorage>,
    /// The channel to the other tabs of this browser ([`sign_out`]).
    channel: StoredValue<Option<sign_out::Channel>, LocalStorage>,
    api: ApiClient,
}

impl Auth {
    /// The auth state of this tab; it listens for sign-outs in the other tabs of the browser
    /// until its owner is cleaned up.
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
        let this = Self {
            status: RwSignal::new(AuthStatus::Checking),
            user,
            roles,
            permissions,
            notice: RwSignal::new(None),
            sign_out_error: RwSignal::new(None),
            signed_out_elsewhere: RwSignal::new(false),
            grants,
            renewal: Delay::new(),
            generations: StoredValue::new(Generations::default()),
            abort: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            api,
        };
        this.listen_to_other_tabs();
        this
    }

    /// The auth state provided by the app shell (a view without it is a bug: it panics rather
    /// than showing what it must not).
    pub fn use_auth() -> Self {
        expect_context::<Auth>()
    }

    /// Asks the backend who is signed in (start-up, and the Retry of a failed check).
    pub fn check(self) {
        self.status.set(AuthStatus::Checking);
        spawn_local(async move {
            let _ = self.load_me(MeCall::StartUp).await;
        });
    }

    /// `GET /users/me` under the current generation; what a failure means depends on `call`.
    async fn load_me(self, call: MeCall) -> Result<(), ApiError> {
        let ticket = self.read_ticket();
        let result = auth::me(self.api).await;
        if !self.is_current(ticket) {
            // A sign-out happened meanwhile: this reply changes nothing.
            return Err(ApiError::SignedOut);
        }
        match result {
            Ok(user) => {
                let was_signed_in = self.is_signed_in_untracked();
                self.user.try_set(Some(user));
                self.status.try_set(AuthStatus::SignedIn);
                self.set_notice(None);
                if !was_signed_in && !self.renewal_scheduled() {
                    // A page load: no token known yet. Renew now to learn when it expires.
                    self.schedule_renewal(0);
                }
                self.load_roles().await;
                Ok(())
            }
            Err(e) => {
                match after_me_failure(call, e.kind() == ErrorKind::Unauthorized) {
                    AfterMeFailure::SignOut => self.clear(),
                    AfterMeFailure::CheckFailed => {
                        self.status.try_set(AuthStatus::Failed(e.clone()));
                    }
                    // The login page says why; nothing is signed in here.
                    AfterMeFailure::LoginFailed => {}
                    AfterMeFailure::KeepWithNotice => self.set_notice(Some(e.clone())),
                }
                Err(e)
            }
        }
    }

    fn set_notice(self, notice: Option<ApiError>) {
        if self.notice.try_with_untracked(|n| *n != notice) == Some(true) {
            self.notice.try_set(notice);
        }
    }

    /// Reloads the role catalogue (after an admin changed it, say), and the permission
    /// catalogue the first time. A reply after a sign-out is dropped.
    pub async fn load_roles(self) {
        let ticket = self.read_ticket();
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
            Ok(list) if self.is_current(ticket) => {
                self.roles.try_set(list);
            }
            Ok(_) => {}
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
        let api = self.api;
        let token = self
            .cookie_call(|signal| async move {
                auth::login(api, username, password, totp, signal.as_ref()).await
            })
            .await?;
        self.signed_out_elsewhere.try_set(false);
        self.token_received(token.as_deref());
        self.load_me(MeCall::AfterLogin).await
    }

    /// Finishes an OpenID login (the `/oauthredirect` page), then loads the user.
    pub async fn finish_oauth(
        self,
        provider: &str,
        state: &str,
        session_state: Option<&str>,
        code: &str,
    ) -> Result<(), ApiError> {
        let api = self.api;
        self.cookie_call(|signal| async move {
            auth::oauth_redirect(api, provider, state, session_state, code, signal.as_ref()).await
        })
        .await?;
        self.signed_out_elsewhere.try_set(false);
        self.load_me(MeCall::AfterLogin).await
    }

    /// After the signed-in user's own roles changed: a fresh token (roles live in it), then
    /// the user again, so that the new permissions apply without a new login.
    pub async fn refresh(self) -> Result<(), ApiError> {
        let api = self.api;
        let token = self
            .cookie_call(|signal| async move { auth::refresh_token(api, signal.as_ref()).await })
            .await?;
        self.token_received(token.as_deref());
        self.load_me(MeCall::Reload).await
    }

    /// The user again (`GET /users/me`), e.g. after the backend gave the user a role by itself
    /// (CHORUS makes the creator of a session its `WorkbenchAdmin` and renews the cookie). A
    /// failure keeps the user signed in, with a notice (a 401 signs out).
    pub async fn reload_user(self) {
        if let Err(e) = self.load_me(MeCall::Reload).await {
            leptos::logging::warn!("could not reload the signed-in user: {e}");
        }
    }

    /// Runs `call`, which can set the login cookie, under the current generation: a sign-out
    /// aborts it (`signal`), and its reply, should it still land after one, changes nothing
    /// (`Err(ApiError::SignedOut)`).
    async fn cookie_call<T, Fut>(
        self,
        call: impl FnOnce(Option<AbortSignal>) -> Fut,
    ) -> Result<T, ApiError>
    where
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        let Some(ticket) = self.generations.try_update_value(Generations::begin) else {
            return Err(ApiError::SignedOut);
        };
        let result = call(self.abort_signal()).await;
        let current = self
            .generations
            .try_update_value(|g| g.land(ticket))
            .unwrap_or(false);
        if current {
            result
        } else {
            Err(ApiError::SignedOut)
        }
    }

    /// The signal that aborts the cookie-setting calls of the current generation.
    fn abort_signal(self) -> Option<AbortSignal> {
        self.abort
            .try_update_value(|c| {
                if c.is_none() {
                    *c = AbortController::new().ok();
                }
                c.as_ref().map(AbortController::signal)
            })
            .flatten()
    }

    /// The generation a call that sets no cookie starts in.
    fn read_ticket(self) -> Option<Ticket> {
        self.generations.try_with_value(Generations::read)
    }

    fn is_current(self, ticket: Option<Ticket>) -> bool {
        ticket.is_some_and(|t| {
            self.generations
                .try_with_value(|g| g.is_current(t))
                .unwrap_or(false)
        })
    }

    /// Ends the sign-in's generation: the renewal is cancelled, the cookie-setting calls under
    /// way are aborted and their replies, should one still land, change nothing. Whether one
    /// was under way (its cookie may have been set before the abort).
    fn end_generation(self) -> bool {
        self.renewal.cancel();
        if let Some(c) = self.abort.try_update_value(Option::take).flatten() {
            c.abort();
        }
        self.generations
            .try_update_value(Generations::end)
            .unwrap_or(false)
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
    /// 5xx) is tried again in half a minute. A renewal a sign-out overtook changes nothing.
    async fn renew(self) {
        if !self.is_signed_in_untracked() {
            return;
        }
        let api = self.api;
        match self
            .cookie_call(|signal| async move { auth::refresh_token(api, signal.as_ref()).await })
            .await
        {
            Ok(token) => self.token_received(token.as_deref()),
            Err(ApiError::SignedOut) => {}
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

    /// Forgets the user (after a 401 or sign-out) and stops renewing.
    pub fn clear(self) {
        self.renewal.cancel();
        self.user.try_set(None);
        self.roles.try_set(Vec::new());
        self.set_notice(None);
        self.sign_out_error.try_set(None);
        self.status.try_set(AuthStatus::SignedOut);
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
