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
mod login_lost;
mod sign_out;
mod sign_out_state;

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
use crate::state::{Derived, Kept, Slot};

pub use sign_out_state::SignOutError;

/// Why a sign-in did not end signed in.
#[derive(Clone, Debug)]
pub enum LoginError {
    /// The backend refused it, or did not answer.
    Backend(ApiError),
    /// The backend accepted it, but the browser did not keep the login cookie; its size when
    /// over what browsers keep ([`crate::domain::auth::not_kept_text`]).
    NotKept(Option<usize>),
}

/// When the next renewal is due: now (a page load: the token's expiry is not known), or from
/// the expiry of the token a reply carried.
#[derive(Clone, Debug)]
enum Due {
    Now,
    Token(Option<String>),
}

/// Plans a renewal (a plain function pointer: it crosses a split point).
type Renewer = fn(Auth, Due);

/// Loads the catalogues for the signed-in user (a plain function pointer: it crosses a split point).
type CatalogueLoader = fn(Auth) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

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
    pub status: Slot<AuthStatus>,
    pub user: Slot<Option<User>>,
    /// The role catalogue (`GET /authorization/roles`), for permission checks.
    pub roles: Slot<Vec<Role>>,
    /// The permission catalogue (`GET /authorization/permissions`): the dimensions each
    /// permission is checked in.
    pub permissions: Slot<Vec<Permission>>,
    /// A later `GET /users/me` that failed while the user stays signed in (the header shows
    /// it, without taking anything away); gone with the next success.
    pub notice: Slot<Option<ApiError>>,
    /// Why the last sign-out did not finish (the header says so, with `Retry sign-out`).
    pub sign_out_error: Slot<Option<SignOutError>>,
    /// This tab was signed out by a sign-out in another tab (the login page says so).
    pub signed_out_elsewhere: Slot<bool>,
    /// What the user may do (`None` until the user and both catalogues are known). The memo
    /// comes with the catalogues' code ([`Auth::install_catalogues`]).
    grants: Slot<Option<Derived<Option<Grants>>>>,
    /// Loads the role and permission catalogues, once the `app` chunk brought that code
    /// ([`Auth::install_catalogues`]): the login page needs none of it (issue 30).
    catalogues: Kept<Option<CatalogueLoader>>,
    /// The pending token renewal.
    renewal: Delay,
    /// Plans renewals, once the `app` chunk brought that code ([`Auth::install_renewal`]).
    renewer: Kept<Option<Renewer>>,
    /// A renewal due before that code was in: planned when it comes.
    renewal_due: Kept<Option<Due>>,
    /// The sign-in's generation and its cookie-setting calls under way.
    generations: Kept<Generations>,
    /// Aborts the cookie-setting calls of the current generation (made when one starts).
    abort: Kept<Option<AbortController>>,
    /// The channel to the other tabs of this browser ([`sign_out`]).
    channel: Kept<Option<sign_out_state::Channel>>,
    api: ApiClient,
}

impl Auth {
    /// The auth state of this tab; it listens for sign-outs in the other tabs of the browser
    /// until its owner is cleaned up.
    pub fn new(api: ApiClient) -> Self {
        let user = Slot::new(None::<User>);
        let this = Self {
            status: Slot::new(AuthStatus::Checking),
            user,
            roles: Slot::new(Vec::new()),
            permissions: Slot::new(Vec::new()),
            notice: Slot::new(None),
            sign_out_error: Slot::new(None),
            signed_out_elsewhere: Slot::new(false),
            grants: Slot::new(None),
            catalogues: Kept::new(None),
            renewal: Delay::new(),
            renewer: Kept::new(None),
            renewal_due: Kept::new(None),
            generations: Kept::new(Generations::default()),
            abort: Kept::new(None),
            channel: Kept::new(None),
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
                if was_signed_in && !self.is_me(&user.id) {
                    // Another user's login replaced this one (another tab signed in): this
                    // user's sign-in ends here, and the new one is checked in afresh.
                    self.clear();
                    self.check();
                    return Err(ApiError::SignedOut);
                }
                // What another user left in this tab goes before this one sees anything.
                crate::state::session_scope::signed_in(&user.id);
                self.user.try_set(Some(user));
                self.status.try_set(AuthStatus::SignedIn);
                self.set_notice(None);
                if !was_signed_in && !self.renewal_scheduled() {
                    // A page load: no token known yet. Renew now to learn when it expires.
                    self.plan_renewal(Due::Now);
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
    /// catalogue the first time, once their code is in ([`Auth::install_catalogues`]; until
    /// then nothing). A reply after a sign-out is dropped.
    pub async fn load_roles(self) {
        if let Some(load) = self.catalogues.try_get_value().flatten() {
            load(self).await;
        }
    }

    /// From now on the catalogues load with the user, and now when a user is signed in; what
    /// the user may do is known once they are in. Called by the `app` chunk (pages/lazy.rs),
    /// which therefore holds this code and the catalogues' wire types, not the first load.
    pub fn install_catalogues(self) {
        if self.catalogues.get_value().is_some() {
            return;
        }
        let (user, roles, permissions) = (self.user, self.roles, self.permissions);
        self.grants.set(Some(crate::state::memo(move |_| {
            user.with(|u| {
                let u = u.as_ref()?;
                roles.with(|roles: &Vec<Role>| {
                    permissions.with(|perms: &Vec<Permission>| {
                        (!roles.is_empty() && !perms.is_empty())
                            .then(|| Grants::new(u, roles, perms))
                    })
                })
            })
        })));
        self.catalogues
            .set_value(Some(|auth| Box::pin(auth.fetch_catalogues())));
        if self.is_signed_in_untracked() {
            spawn_local(self.fetch_catalogues());
        }
    }

    async fn fetch_catalogues(self) {
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
    ) -> Result<(), LoginError> {
        let api = self.api;
        let token = self
            .cookie_call(|signal| async move {
                auth::login(api, username, password, totp, signal.as_ref()).await
            })
            .await
            .map_err(LoginError::Backend)?;
        self.signed_out_elsewhere.try_set(false);
        self.token_received(token.as_deref());
        self.me_after_login(token.as_deref()).await
    }

    /// Finishes an OpenID login (the `/oauthredirect` page), then loads the user.
    pub async fn finish_oauth(
        self,
        provider: &str,
        state: &str,
        session_state: Option<&str>,
        code: &str,
    ) -> Result<(), LoginError> {
        let api = self.api;
        let token = self
            .cookie_call(|signal| async move {
                auth::oauth_redirect(api, provider, state, session_state, code, signal.as_ref())
                    .await
            })
            .await
            .map_err(LoginError::Backend)?;
        self.signed_out_elsewhere.try_set(false);
        self.me_after_login(token.as_deref()).await
    }

    /// The user right after the backend accepted a sign-in. A 401 now is not a refusal: the
    /// browser did not keep the cookie the backend set (a running CHORUS: a token of 4,277
    /// bytes, which browsers drop whole).
    async fn me_after_login(self, token: Option<&str>) -> Result<(), LoginError> {
        match self.load_me(MeCall::AfterLogin).await {
            Err(e) if e.kind() == ErrorKind::Unauthorized => Err(LoginError::NotKept(
                token.and_then(crate::domain::auth::cookie_over_limit),
            )),
            other => other.map_err(LoginError::Backend),
        }
    }

    /// After the signed-in user's own roles changed: a fresh token (roles live in it), then
    /// the user again, so that the new permissions apply without a new login.
    pub async fn refresh(self) -> Result<(), ApiError> {
        let api = self.api;
        let token = self
            .cookie_call(|signal| async move { auth::refresh_token(api, signal.as_ref()).await })
            .await?;
        self.token_received(token.as_deref());
        // Replies asked with the token before it lack what the new roles grant: the workspace
        // list a page load shares a moment, a GET still in flight. Whoever reads again now
        // (a page listening to the roles epoch) asks the backend anew (the full run found the
        // workspace just given missing: `Workspaces` took the list asked a moment before).
        crate::api::early::drop_all();
        crate::api::client::forget_shared_gets();
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
        self.renewal_due.try_set_value(None);
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
        self.plan_renewal(Due::Token(token.map(str::to_owned)));
    }

    /// Plans the next renewal with the renewal code of the `app` chunk, or keeps it for when
    /// that code comes ([`Auth::install_renewal`]).
    fn plan_renewal(self, due: Due) {
        match self.renewer.try_get_value().flatten() {
            Some(renewer) => renewer(self, due),
            None => {
                self.renewal_due.try_set_value(Some(due));
            }
        }
    }

    /// From now on renewals are planned here (and the one due meanwhile now). Called by the
    /// `app` chunk (pages/lazy.rs), which therefore holds the renewal code (reading a token's
    /// expiry, `refresh-token`), not the first load: a signed-in user has the chunk at once.
    pub fn install_renewal(self) {
        if self.renewer.get_value().is_some() {
            return;
        }
        self.renewer.set_value(Some(|auth, due| {
            let ms = match due {
                Due::Now => 0,
                Due::Token(token) => {
                    renew_delay_ms(now_ms_i64(), token.as_deref().and_then(jwt_expiry_s))
                }
            };
            auth.schedule_renewal(ms);
        }));
        if let Some(due) = self.renewal_due.try_update_value(Option::take).flatten() {
            if self.is_signed_in_untracked() {
                self.plan_renewal(due);
            }
        }
    }

    fn renewal_scheduled(self) -> bool {
        self.renewal.is_pending()
            || self
                .renewal_due
                .try_with_value(Option::is_some)
                .unwrap_or(false)
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

    /// Forgets the user (after a 401 or sign-out) and stops renewing. What the user left in the
    /// tab waits for the same user's return, untouched (`state::session_scope`); a sign-out
    /// forgets it.
    pub fn clear(self) {
        crate::state::session_scope::login_lost();
        self.renewal.cancel();
        self.renewal_due.try_set_value(None);
        self.user.try_set(None);
        self.roles.try_set(Vec::new());
        self.set_notice(None);
        self.sign_out_error.try_set(None);
        self.status.try_set(AuthStatus::SignedOut);
    }

    pub fn is_signed_in(self) -> bool {
        self.status.with(|s| *s == AuthStatus::SignedIn)
    }

    pub(crate) fn is_signed_in_untracked(self) -> bool {
        self.status
            .try_with_untracked(|s| *s == AuthStatus::SignedIn)
            .unwrap_or(false)
    }

    /// What the user may do, `None` until the user and the catalogues are known (tracked).
    pub fn grants(self) -> Option<Grants> {
        self.grants.get().and_then(|g| g.get())
    }

    /// Whether the user and the catalogues are known, so that a check means something (tracked).
    pub fn permissions_known(self) -> bool {
        self.grants.get().is_some_and(|g| g.with(Option::is_some))
    }

    /// May the user do `perm` at `target`? `false` until everything is known (tracked).
    pub fn can_in(self, perm: Perm, target: &Target) -> bool {
        self.grants
            .get()
            .is_some_and(|g| g.with(|g| g.as_ref().is_some_and(|g| g.can_in(perm, target))))
    }

    /// May the user do `perm` somewhere? For navigation only (tracked).
    pub fn can_anywhere(self, perm: Perm) -> bool {
        self.grants
            .get()
            .is_some_and(|g| g.with(|g| g.as_ref().is_some_and(|g| g.can_anywhere(perm))))
    }

    /// May the user see at least one admin page?
    pub fn may_see_admin(self) -> bool {
        self.grants
            .get()
            .is_some_and(|g| g.with(|g| g.as_ref().is_some_and(permissions::may_see_admin)))
    }
}
