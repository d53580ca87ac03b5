//! What a sign-in leaves in this tab, and forgetting it (issue 45). Every store of the user's
//! data that outlives a page (the transfers, the upload queue with its files, the names of the
//! people a request names) registers here what forgets it ([`on_forget`]), and what must end on
//! the backend while the login still allows it ([`on_sign_out`]: the multipart uploads under way).
//!
//! - A sign-out in this tab ([`crate::state::auth::Auth::logout`]) first runs the
//!   [`on_sign_out`] steps (best effort, at most [`SIGN_OUT_BUDGET`]), then logs out, then
//!   forgets everything;
//! - another tab's sign-out forgets everything at once (the login is gone already: nothing is
//!   ended on the backend);
//! - a lost login (a 401) keeps it for the same user's return (a failed upload's Retry), but
//!   nothing acts on it meanwhile ([`may_act_for`]); another user's sign-in forgets it before
//!   that user is shown anything ([`crate::domain::sign_in::Holder`]).
//!
//! What follows the sign-in status itself is reset by its own effect at any sign-out: the
//! desktops and the list a page load asks first (`app.rs`), the notifications, the request count,
//! the activity feeds. What the browser's storage holds of the user (every `console.*` key but
//! those `domain::stored_keys::KEPT` names, with why) is removed here too.
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use crate::domain::sign_in::Holder;

/// How long a sign-out waits for the [`on_sign_out`] steps before it logs out all the same.
pub const SIGN_OUT_BUDGET: Duration = Duration::from_secs(3);

type Forget = Rc<dyn Fn()>;
type Step = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

thread_local! {
    static HOLDER: RefCell<Holder> = RefCell::new(Holder::default());
    static FORGET: RefCell<Vec<(&'static str, Forget)>> = const { RefCell::new(Vec::new()) };
    static STEPS: RefCell<Vec<(&'static str, Step)>> = const { RefCell::new(Vec::new()) };
}

/// Registers `forget` under `key` (again: it replaces the one of that key): it empties a store of
/// the user's data, at a sign-out and before another user is shown anything.
pub fn on_forget(key: &'static str, forget: impl Fn() + 'static) {
    let forget: Forget = Rc::new(forget);
    FORGET.with(|f| put(&mut f.borrow_mut(), key, forget));
}

/// Registers `step` under `key` (again: it replaces the one of that key): what a sign-out in this
/// tab ends on the backend before its logout, while the login still allows it.
pub fn on_sign_out<F: Future<Output = ()> + 'static>(
    key: &'static str,
    step: impl Fn() -> F + 'static,
) {
    let step: Step = Rc::new(move || Box::pin(step()));
    STEPS.with(|s| put(&mut s.borrow_mut(), key, step));
}

fn put<T>(list: &mut Vec<(&'static str, T)>, key: &'static str, value: T) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => list.push((key, value)),
    }
}

/// Whether user `id` is signed in now: what was started for `id` (an upload) may go on.
pub fn may_act_for(id: &str) -> bool {
    HOLDER.with(|h| h.borrow().may_act_for(id))
}

/// Who is signed in now (`None` while nobody is, a lost login included).
pub fn signed_in_user() -> Option<String> {
    HOLDER.with(|h| h.borrow().signed_in().map(str::to_owned))
}

/// User `id` signed in (the auth state, before it shows the user): what another user left in
/// this tab is forgotten first.
pub(crate) fn signed_in(id: &str) {
    if HOLDER.with(|h| h.borrow_mut().sign_in(id)) {
        forget_all();
    }
}

/// The login was lost (a 401): nobody acts on what the tab holds until its user is back.
pub(crate) fn login_lost() {
    HOLDER.with(|h| h.borrow_mut().lose());
    // What the start-up script asked with the lost login is not taken after it.
    crate::api::early::drop_all();
}

/// A sign-out (here or in another tab): everything of the user is forgotten.
pub(crate) fn signed_out() {
    HOLDER.with(|h| h.borrow_mut().end());
    forget_all();
}

fn forget_all() {
    // Outside the borrow: a hook may register again.
    let hooks: Vec<Forget> = FORGET.with(|f| f.borrow().iter().map(|(_, h)| h.clone()).collect());
    for forget in hooks {
        forget();
    }
    // Every `console.*` key of the browser's storage but the platform's and the next sign-in's
    // (`domain::stored_keys::KEPT` says which and why): the workspaces' start times, the
    // refreshes done, the terms accepted, what the backend lacks, the lists a page load asks
    // first (issue 55). By key, not by store: one left by an earlier page load goes too.
    for which in [super::storage::Store::Local, super::storage::Store::Session] {
        super::storage::remove_where(which, crate::domain::stored_keys::per_user);
    }
    crate::api::client::forget_shared_gets();
    crate::api::early::drop_all();
}

/// Runs the [`on_sign_out`] steps side by side, for at most [`SIGN_OUT_BUDGET`].
pub(crate) async fn end_on_backend() {
    let steps: Vec<Step> = STEPS.with(|s| s.borrow().iter().map(|(_, s)| s.clone()).collect());
    if steps.is_empty() {
        return;
    }
    let all = futures::future::join_all(steps.iter().map(|step| step()));
    let budget = super::timer::sleep(SIGN_OUT_BUDGET);
    futures::future::select(Box::pin(all), Box::pin(budget)).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_sign_out_and_another_users_sign_in_forget_a_lost_login_waits() {
        thread_local! {
            static FORGOTTEN: Cell<u32> = const { Cell::new(0) };
        }
        let count = || FORGOTTEN.with(Cell::get);
        on_forget("test", || FORGOTTEN.with(|c| c.set(c.get() + 1)));
        // Registered again (a page mounted twice): still one hook.
        on_forget("test", || FORGOTTEN.with(|c| c.set(c.get() + 1)));

        signed_in("2");
        assert_eq!(count(), 0, "nothing held before the first sign-in");
        assert!(may_act_for("2"));
        login_lost();
        assert!(!may_act_for("2"), "nothing acts while the login is gone");
        assert_eq!(count(), 0, "kept for alice's return");
        signed_in("2");
        assert_eq!(count(), 0);
        login_lost();
        signed_in("3");
        assert_eq!(count(), 1, "bob finds nothing of alice's");
        assert!(may_act_for("3") && !may_act_for("2"));
        signed_out();
        assert_eq!(count(), 2, "a sign-out forgets");
        assert!(!may_act_for("3"));
        signed_in("3");
        assert_eq!(count(), 2);
    }
}
