//! The life of a sign-in (api.md, "Authentication and the current user"; ui.md: "Signing out
//! ends the sign-in everywhere … no reply that was in flight can sign the browser in again"):
//!
//! - [`Generations`]: every call that can set the login cookie (login, `refresh-token`, the
//!   OpenID redirect) and every `GET /users/me` runs under the generation it started in; a
//!   sign-out ends the generation, so a reply of an older one changes nothing;
//! - [`after_me_failure`]: only the check at start-up decides whether the user is signed in; a
//!   later failure of `/users/me` keeps the user (and the desktops) and says what failed;
//! - [`after_logout_check`]: a logout only expires the cookie (the token stays valid until its
//!   `exp`), so the console asks `/users/me` afterwards and logs out again while it still
//!   answers;
//! - [`Holder`]: whose data the tab holds; a sign-out or another user's sign-in forgets it.

/// The sign-in's generation and how many cookie-setting calls of it are under way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Generations {
    current: u64,
    in_flight: u32,
}

/// The generation a call started in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ticket(u64);

impl Generations {
    /// A call that can set the login cookie starts now.
    pub(crate) fn begin(&mut self) -> Ticket {
        self.in_flight = self.in_flight.saturating_add(1);
        Ticket(self.current)
    }

    /// A call that sets no cookie (`GET /users/me`, the role catalogue) starts now: its reply
    /// is dropped after a sign-out too, but it is not counted as in flight.
    pub(crate) fn read(&self) -> Ticket {
        Ticket(self.current)
    }

    /// The reply of a call begun with [`Generations::begin`] landed: whether it may change
    /// anything (its generation is still the current one).
    pub(crate) fn land(&mut self, ticket: Ticket) -> bool {
        let current = self.is_current(ticket);
        if current {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        current
    }

    /// Whether a reply of `ticket`'s call may change anything.
    pub(crate) fn is_current(&self, ticket: Ticket) -> bool {
        ticket.0 == self.current
    }

    /// A sign-out: the generation ends (its calls are aborted; their replies, should one still
    /// land, change nothing). Returns whether a cookie-setting call of it was under way (its
    /// cookie may have been set before the abort: the sign-out then checks `/users/me`).
    pub(crate) fn end(&mut self) -> bool {
        let had = self.in_flight > 0;
        self.current = self.current.wrapping_add(1);
        self.in_flight = 0;
        had
    }

    /// Cookie-setting calls of the current generation under way.
    #[cfg(test)]
    pub(crate) fn in_flight(&self) -> u32 {
        self.in_flight
    }
}

/// Which `GET /users/me` failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MeCall {
    /// The check at page load (or its Retry): it decides whether the user is signed in.
    StartUp,
    /// Right after a login (password or OpenID): the sign-in is not finished yet.
    AfterLogin,
    /// A later reload while signed in: after creating a session, a refresh, a role change.
    Reload,
}

/// What the console does when `GET /users/me` fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterMeFailure {
    /// A 401: the login is gone. Sign out here (the login page, then back where the user was).
    SignOut,
    /// Start-up could not tell whether anyone is signed in: say so, with Retry.
    CheckFailed,
    /// The login did not finish: the login page says why; nothing is signed in here.
    LoginFailed,
    /// The user stays signed in, desktops and all; a notice says what failed. A network blip
    /// or a 500 is not a sign-out.
    KeepWithNotice,
}

/// The rule: a 401 always signs out; another failure decides only at start-up.
pub(crate) fn after_me_failure(call: MeCall, unauthorized: bool) -> AfterMeFailure {
    match (unauthorized, call) {
        (true, _) => AfterMeFailure::SignOut,
        (false, MeCall::StartUp) => AfterMeFailure::CheckFailed,
        (false, MeCall::AfterLogin) => AfterMeFailure::LoginFailed,
        (false, MeCall::Reload) => AfterMeFailure::KeepWithNotice,
    }
}

/// What `GET /users/me` answered right after a logout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MeAfterLogout {
    /// 401: the browser is signed out.
    Unauthorized,
    /// 200: a cookie is still (or again) valid, e.g. a renewal's reply landed after the logout.
    SignedIn,
    /// No usable answer (network, 5xx): the logout reached the server and cleared the cookie;
    /// this cannot tell more.
    NoAnswer,
}

/// How many logouts a sign-out sends at most before it tells the user it did not take.
pub(crate) const LOGOUT_ATTEMPTS: u32 = 3;

/// The next step of a sign-out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SignOutStep {
    Done,
    LogoutAgain,
    /// Still signed in after [`LOGOUT_ATTEMPTS`] logouts: the user is told, in words.
    StillSignedIn,
}

/// After logout number `attempt` (1, 2, …) and the check that followed it.
pub(crate) fn after_logout_check(attempt: u32, me: MeAfterLogout) -> SignOutStep {
    match me {
        MeAfterLogout::Unauthorized | MeAfterLogout::NoAnswer => SignOutStep::Done,
        MeAfterLogout::SignedIn if attempt < LOGOUT_ATTEMPTS => SignOutStep::LogoutAgain,
        MeAfterLogout::SignedIn => SignOutStep::StillSignedIn,
    }
}

/// The message one tab sends the others (a `BroadcastChannel`) when it signed out.
pub(crate) const SIGNED_OUT_MESSAGE: &str = "signed-out";

/// The message one tab sends the others when a 401 ended its login: the cookie the tabs share
/// was not accepted. A tab that hears it and is signed in asks `/users/me` itself rather than
/// believing it (the 401 may be older than a login made since), after aborting its own
/// cookie-setting calls under way (a renewal sent with the cookie before it was lost would set
/// it again).
pub(crate) const LOGIN_LOST_MESSAGE: &str = "login-lost";

/// Whose data this tab holds (transfers, the upload queue, names looked up), and who may act
/// on it now. A sign-out forgets it all; a lost login (a 401) keeps it for the same user's
/// return, but nobody acts on it meanwhile; another user's sign-in forgets it first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Holder {
    held: Option<String>,
    signed_in: Option<String>,
}

impl Holder {
    /// User `id` signed in: whether the tab holds another user's data, to forget before `id`
    /// is shown anything.
    pub(crate) fn sign_in(&mut self, id: &str) -> bool {
        let other = self.held.as_deref().is_some_and(|h| h != id);
        self.held = Some(id.to_owned());
        self.signed_in = Some(id.to_owned());
        other
    }

    /// The login was lost (a 401, another tab's sign-out): nobody may act on the data.
    pub(crate) fn lose(&mut self) {
        self.signed_in = None;
    }

    /// A sign-out: the data is forgotten, nobody holds any.
    pub(crate) fn end(&mut self) {
        self.held = None;
        self.signed_in = None;
    }

    /// Who is signed in now.
    pub(crate) fn signed_in(&self) -> Option<&str> {
        self.signed_in.as_deref()
    }

    /// Whether `id` is signed in now (what was started for `id` may go on).
    pub(crate) fn may_act_for(&self, id: &str) -> bool {
        !id.is_empty() && self.signed_in.as_deref() == Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_begun_before_a_sign_out_changes_nothing() {
        let mut g = Generations::default();
        let renewal = g.begin();
        let me = g.read();
        assert_eq!(g.in_flight(), 1);
        assert!(g.end(), "a renewal was under way");
        assert_eq!(g.in_flight(), 0);
        // Both replies land after the sign-out: neither may sign the app in again.
        assert!(!g.land(renewal));
        assert!(!g.is_current(me));
        assert_eq!(
            g.in_flight(),
            0,
            "an old reply does not count against the new generation"
        );

        // The next login is current, and so is its reply.
        let login = g.begin();
        assert!(g.is_current(login));
        assert!(g.land(login));
        assert_eq!(g.in_flight(), 0);
        assert!(!g.end(), "nothing under way");
    }

    #[test]
    fn calls_of_the_same_generation_are_counted_until_they_land() {
        let mut g = Generations::default();
        let a = g.begin();
        let b = g.begin();
        assert_eq!(g.in_flight(), 2);
        assert!(g.land(a));
        assert_eq!(g.in_flight(), 1);
        assert!(g.end());
        assert!(!g.land(b));
        assert_eq!(g.in_flight(), 0);
    }

    #[test]
    fn only_start_up_decides_whether_the_user_is_signed_in() {
        use AfterMeFailure::*;
        for call in [MeCall::StartUp, MeCall::AfterLogin, MeCall::Reload] {
            assert_eq!(after_me_failure(call, true), SignOut, "{call:?}");
        }
        assert_eq!(after_me_failure(MeCall::StartUp, false), CheckFailed);
        assert_eq!(after_me_failure(MeCall::AfterLogin, false), LoginFailed);
        // A blip after start-up (after creating a session, a refresh) keeps the desktops.
        assert_eq!(after_me_failure(MeCall::Reload, false), KeepWithNotice);
    }

    #[test]
    fn another_users_sign_in_forgets_what_the_tab_holds_a_lost_login_does_not() {
        let mut h = Holder::default();
        assert!(!h.may_act_for("2"));
        assert!(!h.sign_in("2"), "nothing held before the first sign-in");
        assert!(h.may_act_for("2"));
        assert_eq!(h.signed_in(), Some("2"));
        assert!(!h.may_act_for("3"));
        assert!(!h.may_act_for(""));
        // A 401: nobody acts for alice until she is back; her data waits for her.
        h.lose();
        assert!(!h.may_act_for("2"));
        assert!(!h.sign_in("2"), "the same user comes back to her data");
        assert!(h.may_act_for("2"));
        // Lost again, and bob signs in: alice's data goes before he sees anything.
        h.lose();
        assert!(h.sign_in("3"));
        assert!(h.may_act_for("3"));
        assert!(!h.may_act_for("2"));
        // A sign-out forgets: the next sign-in, whoever it is, finds nothing to forget.
        h.end();
        assert!(!h.may_act_for("3"));
        assert_eq!(h.signed_in(), None);
        assert!(!h.sign_in("2"));
    }

    #[test]
    fn a_sign_out_logs_out_again_while_the_server_still_knows_the_user() {
        use MeAfterLogout::*;
        assert_eq!(after_logout_check(1, Unauthorized), SignOutStep::Done);
        assert_eq!(after_logout_check(1, NoAnswer), SignOutStep::Done);
        assert_eq!(after_logout_check(1, SignedIn), SignOutStep::LogoutAgain);
        assert_eq!(
            after_logout_check(LOGOUT_ATTEMPTS - 1, SignedIn),
            SignOutStep::LogoutAgain
        );
        assert_eq!(
            after_logout_check(LOGOUT_ATTEMPTS, SignedIn),
            SignOutStep::StillSignedIn
        );
        assert_eq!(
            after_logout_check(LOGOUT_ATTEMPTS, Unauthorized),
            SignOutStep::Done
        );
    }
}
