//! Browser tests: the sign-in's life (issue 28). A sign-out in another tab of the browser signs
//! this one out at once (a `BroadcastChannel`), and a later `/users/me` that fails keeps the user
//! signed in with a notice, where the start-up check says it failed.
use std::cell::Cell;
use std::rc::Rc;

use console::api::ApiClient;
use console::domain::user::User;
use console::state::auth::{Auth, AuthStatus};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::support::{mount, tick, Mounted};

/// The channel and message the tabs share (`state::auth::sign_out`): another tab's sign-out.
const CHANNEL: &str = "console.sign-in";
const SIGNED_OUT: &str = "signed-out";

fn alice() -> User {
    User {
        id: "2".into(),
        username: "alice".into(),
        ..User::default()
    }
}

/// A signed-in auth state (as after start-up), and its status shown as text.
fn signed_in() -> (Mounted, Auth) {
    let slot = Rc::new(Cell::new(None));
    let s = slot.clone();
    let m = mount(move || {
        let api = ApiClient::new("");
        provide_context(api);
        let auth = Auth::new(api);
        provide_context(auth);
        auth.user.set(Some(alice()));
        auth.status.set(AuthStatus::SignedIn);
        s.set(Some(auth));
        view! { <p id="status">{move || format!("{:?}", auth.status.get())}</p> }
    });
    (m, slot.get().expect("the auth state"))
}

/// Waits (up to `ms`) until `f` holds.
async fn until(ms: u32, f: impl Fn() -> bool) -> bool {
    let mut waited = 0;
    while !f() {
        if waited >= ms {
            return false;
        }
        tick(20).await;
        waited += 20;
    }
    true
}

#[wasm_bindgen_test]
async fn a_sign_out_in_another_tab_signs_this_one_out() {
    let (m, auth) = signed_in();
    let other_tab = web_sys::BroadcastChannel::new(CHANNEL).expect("a channel");

    // Another message on the channel changes nothing.
    other_tab
        .post_message(&JsValue::from_str("hello"))
        .expect("post");
    other_tab
        .post_message(&JsValue::from_f64(42.0))
        .expect("post");
    tick(100).await;
    assert_eq!(auth.status.get_untracked(), AuthStatus::SignedIn);

    other_tab
        .post_message(&JsValue::from_str(SIGNED_OUT))
        .expect("post");
    assert!(
        until(2_000, || auth.status.get_untracked()
            == AuthStatus::SignedOut)
        .await,
        "signed out by the other tab: {}",
        m.text()
    );
    assert_eq!(auth.user.get_untracked(), None);
    assert!(auth.signed_out_elsewhere.get_untracked());
    assert!(m.text().contains("SignedOut"));
    other_tab.close();
}

#[wasm_bindgen_test]
async fn a_failed_reload_keeps_the_user_but_a_failed_start_up_check_does_not() {
    // The test server has no API: `/users/me` answers 404, a failure that is not a 401.
    let (m, auth) = signed_in();
    auth.reload_user().await;
    assert_eq!(
        auth.status.get_untracked(),
        AuthStatus::SignedIn,
        "a blip after start-up is not a sign-out: {}",
        m.text()
    );
    assert_eq!(auth.user.get_untracked(), Some(alice()));
    let notice = auth
        .notice
        .get_untracked()
        .expect("a notice says what failed");
    assert!(
        notice.message().contains("HTTP 404"),
        "{}",
        notice.message()
    );

    // The start-up check (and its Retry) is what decides: there it failed.
    auth.check();
    assert!(
        until(5_000, || matches!(
            auth.status.get_untracked(),
            AuthStatus::Failed(_)
        ))
        .await,
        "{}",
        m.text()
    );
}

#[wasm_bindgen_test]
async fn a_sign_out_in_another_tab_forgets_the_users_transfers() {
    use console::state::transfers::{provide_transfers, Transfers};
    let slot = Rc::new(Cell::new(None));
    let s = slot.clone();
    let m = mount(move || {
        let api = ApiClient::new("");
        provide_context(api);
        let auth = Auth::new(api);
        provide_context(auth);
        auth.user.set(Some(alice()));
        auth.status.set(AuthStatus::SignedIn);
        provide_transfers();
        let t = Transfers::use_transfers().expect("the transfers");
        s.set(Some((auth, t)));
        view! {
            <ul>{move || t.rows.get().into_iter().map(|r| view! { <li>{r.name}</li> }).collect_view()}</ul>
        }
    });
    let (auth, t) = slot.get().expect("the state");
    t.add("alice-secret.csv", "Upload to disk/raw", 10);
    t.panel_open.set(true);
    assert!(
        until(1_000, || m.text().contains("alice-secret.csv")).await,
        "{}",
        m.text()
    );

    let other_tab = web_sys::BroadcastChannel::new(CHANNEL).expect("a channel");
    other_tab
        .post_message(&JsValue::from_str(SIGNED_OUT))
        .expect("post");
    assert!(
        until(2_000, || auth.status.get_untracked()
            == AuthStatus::SignedOut)
        .await,
        "signed out by the other tab"
    );
    assert!(
        until(1_000, || !m.text().contains("alice-secret.csv")).await,
        "the next user of this tab finds none of alice's transfers: {}",
        m.text()
    );
    assert!(t.rows.get_untracked().is_empty());
    assert!(!t.panel_open.get_untracked());
    assert!(!console::state::session_scope::may_act_for("2"));
    other_tab.close();
}
