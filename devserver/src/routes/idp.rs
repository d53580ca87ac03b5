//! The fake identity provider of OpenID logins (`keycloak`): a page to pick a demo user, which
//! returns the browser to the console's `/oauthredirect` with `state` (unchanged), a
//! `session_state` and a `code`; and an end-session page that links back to the console's
//! `/login`. Served under `/api/fake-idp/…` so that the console's `/api` proxy (Trunk, nginx)
//! reaches it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::extract::{Id, Params};
use crate::state::{lock, Approval, Shared};
use crate::store::seed::demo_usernames;

use super::html::{html, html_escape, page};
use super::openid::{origin_of, provider, query, LOGIN_TTL};

/// The login a `state` belongs to: the one issued, also when the console appended
/// `:<providerId>` to it.
fn issued_state(app: &Shared, state: &str) -> Option<String> {
    let logins = lock(&app.logins);
    let candidates = [Some(state), state.rsplit_once(':').map(|(s, _)| s)];
    candidates
        .into_iter()
        .flatten()
        .find(|s| {
            logins
                .get(*s)
                .is_some_and(|l| l.started.elapsed() < LOGIN_TTL)
        })
        .map(str::to_string)
}

fn invalid_link() -> Response {
    html(
        StatusCode::BAD_REQUEST,
        page(
            "Sign-in link not valid",
            "wait",
            "<h1>This sign-in link is not valid</h1><p>It is unknown or expired. Start again \
             from the console's login page.</p>",
            "fake identity provider",
        ),
    )
}

/// `GET /api/fake-idp/{id}/authorize?…&state`: pick a demo user.
pub(crate) async fn authorize(State(app): State<Shared>, id: Id, params: Params) -> Response {
    let Ok(provider) = provider(&app, &id) else {
        return invalid_link();
    };
    let state = params.get("state").unwrap_or("");
    if issued_state(&app, state).is_none() {
        return invalid_link();
    }
    let buttons: String = demo_usernames()
        .map(|u| {
            format!(
                "<p><button type=\"submit\" name=\"username\" value=\"{u}\">Sign in as {u}</button></p>"
            )
        })
        .collect();
    let body = format!(
        "<h1>Sign in to {provider}</h1><p class=\"id\">Fake identity provider of the devserver: \
         pick a demo user.</p><form method=\"get\" action=\"approve\">\
         <input type=\"hidden\" name=\"state\" value=\"{}\">{buttons}</form>",
        html_escape(state)
    );
    html(
        StatusCode::OK,
        page(
            &format!("Sign in to {provider}"),
            "",
            &body,
            "fake identity provider",
        ),
    )
}

/// `GET /api/fake-idp/{id}/approve?state&username`: back to the console with `state`
/// (unchanged), `session_state` and `code`.
pub(crate) async fn approve(State(app): State<Shared>, id: Id, params: Params) -> Response {
    if provider(&app, &id).is_err() {
        return invalid_link();
    }
    let state = params.get("state").unwrap_or("");
    let Some(issued) = issued_state(&app, state) else {
        return invalid_link();
    };
    let username = params.get("username").unwrap_or("");
    let (user_id, code, session_state) = {
        let mut st = app.store_raw();
        let Some(user_id) = st
            .users
            .values()
            .find(|u| u.username == username && u.status == "active")
            .map(|u| u.id)
        else {
            return invalid_link();
        };
        (user_id, st.random_hex(), st.uuid())
    };
    let redirect_uri = {
        let mut logins = lock(&app.logins);
        let Some(login) = logins.get_mut(&issued) else {
            return invalid_link();
        };
        login.approved = Some(Approval {
            user_id,
            code: code.clone(),
            session_state: session_state.clone(),
        });
        login.redirect_uri.clone()
    };
    let q = query(&[
        ("state", state),
        ("session_state", &session_state),
        ("code", &code),
    ]);
    let location = html_escape(&format!("{redirect_uri}?{q}"));
    // A page that moves on by itself rather than a 302: Trunk's proxy would follow a redirect
    // itself instead of handing it to the browser.
    let body = format!(
        "<h1>Signed in as {}</h1><p class=\"id\">Returning to the console…</p>\
         <p><a data-testid=\"continue\" href=\"{location}\">Continue to the console</a></p>",
        html_escape(username)
    );
    let page = page("Signed in", "", &body, "fake identity provider").replacen(
        "<title>",
        &format!("<meta http-equiv=\"refresh\" content=\"0;url={location}\"><title>"),
        1,
    );
    html(StatusCode::OK, page)
}

/// `GET /api/fake-idp/{id}/logout?post_logout_redirect_uri`: signed out; a link back to the
/// console's `/login` (only to a `/login` page: never an open redirect).
pub(crate) async fn end_session(params: Params) -> Response {
    let back = params
        .get("post_logout_redirect_uri")
        .filter(|u| origin_of(u).is_some_and(|o| *u == format!("{o}/login")))
        .unwrap_or("/login");
    let body = format!(
        "<h1>You are signed out</h1><p class=\"id\">The fake identity provider ended your \
         session.</p><p><a href=\"{}\">Back to the console</a></p>",
        html_escape(back)
    );
    html(
        StatusCode::OK,
        page("Signed out", "", &body, "fake identity provider"),
    )
}
