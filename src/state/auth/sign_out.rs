//! Signing out, so that it holds (api.md, "Logout"; ui.md: "Signing out ends the sign-in
//! everywhere"). A logout only expires CHORUS's cookie: the token stays valid until its `exp`,
//! and any reply that sets the cookie after the logout signs the browser in again. So:
//!
//! 1. the sign-in's generation ends first: the renewal is cancelled, the cookie-setting calls
//!    under way (a `refresh-token`, a login) are aborted, and a reply of theirs that still lands
//!    changes nothing ([`Auth::end_generation`]);
//! 2. `POST /authentication/logout` (a 401 means the login was already gone: a finished
//!    sign-out, e.g. a second one from another tab);
//! 3. `GET /users/me` must then answer 401; while it does not (a reply landed and set the cookie
//!    again), the console logs out again, and says so in words when it still cannot
//!    ([`crate::domain::sign_in::after_logout_check`]);
//! 4. every other tab of the browser is told at once (a `BroadcastChannel`): it ends its own
//!    generation the same way, drops its desktops with the user, shows the login page, and
//!    checks `/users/me` itself when it was signed in or had a cookie-setting call under way.
//!
//! A login lost by a 401 is told to the other tabs too ([`Auth::lose_login`], `login_lost.rs`):
//! they share the cookie that was refused.
//!
//! Before step 1 the uploads under way are ended on the backend while the login still allows
//! it; once signed out, everything the user left in the tab is forgotten, here and in the other
//! tabs ([`crate::state::session_scope`]).
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::sign_out_state::SignOutError;
use super::Auth;
use crate::api::{auth, ErrorKind};
use crate::domain::sign_in::{
    after_logout_check, MeAfterLogout, SignOutStep, LOGIN_LOST_MESSAGE, SIGNED_OUT_MESSAGE,
};

/// The name of the channel the tabs of this browser share.
const CHANNEL_NAME: &str = "console.sign-in";

impl Auth {
    /// Signs out on the server, and makes sure it holds (the steps of this module). `Ok`: the
    /// login is gone (forgotten here and in the other tabs), with the identity provider's
    /// end-session page when the backend named one (an `https:` or `http:` URL only). `Err`:
    /// the user is still signed in on the server, and stays signed in here
    /// ([`Auth::sign_out_error`] says why).
    pub async fn logout(self) -> Result<Option<String>, SignOutError> {
        self.sign_out_error.try_set(None);
        // What the login still allows ending on the backend (uploads under way), first.
        crate::state::session_scope::end_on_backend().await;
        self.end_generation();
        let mut end_session = None;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match auth::logout(self.api).await {
                Ok(redirect) => end_session = end_session.or(redirect),
                // Already signed out (another tab's sign-out, an expired login).
                Err(e) if e.kind() == ErrorKind::Unauthorized => {}
                Err(e) if attempt == 1 => {
                    return Err(self.sign_out_failed(SignOutError::NotReached(e)))
                }
                // A later logout that failed: the check below tells where things stand.
                Err(e) => leptos::logging::warn!("logging out again failed: {e}"),
            }
            let (me, user) = match auth::me(self.api).await {
                Ok(user) => (MeAfterLogout::SignedIn, Some(user)),
                Err(e) if e.kind() == ErrorKind::Unauthorized => {
                    (MeAfterLogout::Unauthorized, None)
                }
                Err(e) => {
                    leptos::logging::warn!("could not check the sign-out: {e}");
                    (MeAfterLogout::NoAnswer, None)
                }
            };
            match after_logout_check(attempt, me) {
                SignOutStep::Done => break,
                SignOutStep::LogoutAgain => {
                    leptos::logging::warn!("still signed in after logging out: logging out again");
                }
                SignOutStep::StillSignedIn => {
                    // The server says so: the app shows the user as signed in, and why.
                    if let Some(user) = user {
                        self.user.try_set(Some(user));
                        self.status.try_set(super::AuthStatus::SignedIn);
                    }
                    return Err(self.sign_out_failed(SignOutError::StillSignedIn));
                }
            }
        }
        self.clear();
        crate::state::session_scope::signed_out();
        self.tell_other_tabs(SIGNED_OUT_MESSAGE);
        Ok(end_session.filter(|u| {
            let l = u.trim_start().to_ascii_lowercase();
            l.starts_with("https://") || l.starts_with("http://")
        }))
    }

    /// The sign-out did not finish: the user is still signed in, so the login is renewed
    /// again (now: when it was due is not known any more), and the header says why.
    fn sign_out_failed(self, error: SignOutError) -> SignOutError {
        if self.is_signed_in_untracked() && !self.renewal_scheduled() {
            self.schedule_renewal(0);
        }
        self.sign_out_error.try_set(Some(error.clone()));
        error
    }

    /// Another tab of this browser signed out: this one ends its sign-in too, at once (the
    /// desktops go with the user, the route guard shows the login page). When it was signed in
    /// or had a cookie-setting call under way, a reply of its own may have set the cookie
    /// again after the other tab's logout: it checks `/users/me` and logs out once more if so.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn on_sign_out_elsewhere(self) {
        let was_signed_in = self.is_signed_in_untracked();
        let had_calls = self.end_generation();
        self.clear();
        crate::state::session_scope::signed_out();
        if was_signed_in {
            self.signed_out_elsewhere.try_set(true);
        }
        if !(was_signed_in || had_calls) {
            return;
        }
        let api = self.api;
        spawn_local(async move {
            if auth::me(api).await.is_ok() {
                leptos::logging::warn!("signed in again after another tab signed out: logging out");
                if let Err(e) = auth::logout(api).await {
                    leptos::logging::warn!("could not log out after another tab's sign-out: {e}");
                }
            }
        });
    }

    /// Tells the other tabs of this browser that the sign-in ended (`message`: signed out, or
    /// the login lost).
    pub(super) fn tell_other_tabs(self, message: &'static str) {
        self.channel.try_with_value(|c| {
            if let Some(c) = c {
                if let Err(e) = c
                    .channel
                    .post_message(&wasm_bindgen::JsValue::from_str(message))
                {
                    leptos::logging::warn!("could not tell the other tabs ({message}): {e:?}");
                }
            }
        });
    }

    /// Listens for the other tabs' sign-outs until the owner is cleaned up. A browser without
    /// `BroadcastChannel` still signs the other tabs out at their next request (a 401).
    pub(super) fn listen_to_other_tabs(self) {
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::closure::Closure;
            use wasm_bindgen::JsCast;

            let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL_NAME) else {
                leptos::logging::warn!("no BroadcastChannel: other tabs learn of a sign-out later");
                return;
            };
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |ev: web_sys::MessageEvent| match ev.data().as_string().as_deref() {
                    Some(SIGNED_OUT_MESSAGE) => self.on_sign_out_elsewhere(),
                    Some(LOGIN_LOST_MESSAGE) => self.on_login_lost_elsewhere(),
                    _ => {}
                },
            );
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            self.channel.set_value(Some(super::sign_out_state::Channel {
                channel,
                _on_message: on_message,
            }));
            let slot = self.channel;
            on_cleanup(move || {
                if let Some(c) = slot.try_update_value(Option::take).flatten() {
                    c.channel.set_onmessage(None);
                    c.channel.close();
                }
            });
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = (CHANNEL_NAME, LOGIN_LOST_MESSAGE);
    }
}
