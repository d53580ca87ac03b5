//! A login lost by a 401 (the cookie was refused: cleared, expired, ended on the server), told
//! to the other tabs of the browser, which share that cookie.
//!
//! Without it, another tab learnt of the loss only at its own next request, and a renewal it
//! had sent with the cookie just before the loss could set the cookie again when its reply
//! landed: that tab then stayed signed in while the first showed the login page (the sign-out
//! sweep's "losing the cookie on /activity" failed so under load: its second tab had just
//! renewed its login at page load). Now the tab that got the 401 aborts its own cookie-setting
//! calls under way and tells the others; a tab that hears of the loss aborts its cookie-setting
//! calls under way too (their replies, should one still land, change nothing here) and asks
//! `/users/me` itself: a 401 signs it out at once, whether it is visible or not; a reply says the
//! cookie is good after all (a login since, in another tab, made the 401 an old one), and the
//! tab stays signed in, its renewal planned again. A tab not signed in ignores the message: a
//! login under way there is never aborted by another tab's old 401.
use leptos::task::spawn_local;

use super::{Auth, Due};
use crate::domain::sign_in::{MeCall, LOGIN_LOST_MESSAGE};

impl Auth {
    /// A 401 ended the login here: this tab's cookie-setting calls under way are aborted (a
    /// renewal sent with the cookie before it was lost would set it again), the user is
    /// forgotten (the route guard shows the login page) and the other tabs are told. Nothing to
    /// tell when nobody was signed in.
    pub fn lose_login(self) {
        let was_signed_in = self.is_signed_in_untracked();
        self.end_generation();
        self.clear();
        if was_signed_in {
            self.tell_other_tabs(LOGIN_LOST_MESSAGE);
        }
    }

    /// Another tab lost the login by a 401: check this tab's (module docs).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(super) fn on_login_lost_elsewhere(self) {
        if !self.is_signed_in_untracked() {
            return;
        }
        // A renewal sent with the cookie before it was lost must not set it again.
        self.end_generation();
        spawn_local(async move {
            // A 401 signs out here (`load_me`); another failure keeps the user, with a notice.
            let _ = self.load_me(MeCall::Reload).await;
            // Still signed in: the renewal the abort cancelled is planned again.
            if self.is_signed_in_untracked() && !self.renewal_scheduled() {
                self.plan_renewal(Due::Now);
            }
        });
    }
}
