//! Authentication in both flavors: login modes, the one-time code, OpenID through the fake
//! identity provider, refresh, logout.

use crate::common::*;
use devserver::Config;
use serde_json::json;

/// The query parameter `key` of a URL.
fn param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Where the fake identity provider's page sends the browser on (its meta refresh and link).
fn continue_url(r: &Resp) -> String {
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    let start = html
        .find("data-testid=\"continue\" href=\"")
        .expect("a continue link")
        + "data-testid=\"continue\" href=\"".len();
    let url = html[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    assert!(html.contains(&format!("content=\"0;url={}\"", url.replace('&', "&amp;"))));
    url
}

/// The path and query of a URL (to call it in-process).
fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    &rest[rest.find('/').unwrap_or(rest.len())..]
}

/// What a browser on the console at `console` sends with a same-origin API call.
fn from_console(console: &str) -> Vec<(&'static str, String)> {
    vec![
        ("referer", format!("{console}/login?next=/workspaces/1")),
        ("sec-fetch-site", "same-origin".to_string()),
        ("host", "127.0.0.1:3000".to_string()),
    ]
}

async fn get_with(s: &Srv, path: &str, headers: &[(&'static str, String)]) -> Resp {
    let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    s.get_with(path, None, &h).await
}

/// `GET …/oauth2/keycloak/login` with these headers: the `redirectURI`.
async fn start_login(s: &Srv, headers: &[(&'static str, String)]) -> String {
    let r = get_with(s, &p("/authentication/oauth2/keycloak/login"), headers).await;
    r.ok()["result"]["redirectURI"]
        .as_str()
        .expect("redirectURI")
        .to_string()
}

#[tokio::test]
async fn login_modes_per_flavor_and_through_the_dev_api() {
    let s = srv();
    let v = s.get(&p("/authentication/modes"), None).await.ok();
    assert_eq!(
        v,
        json!({"result":{"modes":[{"type":"internal","internal":{"publicRegistrationEnabled":true},"ButtonText":""}]}})
    );
    let c = srv_with(chorus());
    let v = c.get(&p("/authentication/modes"), None).await.ok();
    let modes = v["result"]["modes"].as_array().unwrap();
    assert_eq!(modes.len(), 2);
    assert_eq!(modes[1]["type"], "openid");
    assert_eq!(modes[1]["openid"], json!({"id": "keycloak"}));
    assert_eq!(modes[1]["ButtonText"], "Sign in with Keycloak");
    // Only the identity provider; reset brings the flavor's modes back.
    let r = c
        .dev("PUT", "/api/dev/auth-modes", r#"{"modes":["openid"]}"#)
        .await;
    assert_eq!(r.ok(), json!({"modes": ["openid"], "registration": true}));
    let v = c.get(&p("/authentication/modes"), None).await.ok();
    assert_eq!(v["result"]["modes"].as_array().unwrap().len(), 1);
    assert_eq!(v["result"]["modes"][0]["type"], "openid");
    for bad in [
        r#"{"modes":[]}"#,
        r#"{"modes":["ldap"]}"#,
        r#"{"mode":"x"}"#,
    ] {
        let r = c.dev("PUT", "/api/dev/auth-modes", bad).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    c.dev("POST", "/api/dev/reset", "{}").await;
    let v = c.get("/api/dev/auth-modes", None).await.ok();
    assert_eq!(
        v,
        json!({"modes": ["internal", "openid"], "registration": true})
    );
}

/// Self-registration (api.md): an anonymous `POST /users` while the internal mode offers it
/// (a stale token counts as none, as on CHORUS 0978bc77); the new account signs in; a taken
/// username is CHORUS's 500 `Unable to store user <u>`; off, 403 and the mode says so.
#[tokio::test]
async fn self_registration_as_chorus_answers_it() {
    let c = srv_with(chorus());
    let rita = r#"{"firstName":"Rita","lastName":"Register","username":"rita","password":"abc"}"#;
    let v = c.post(&p("/users"), Some("not-a-token"), rita).await.ok();
    assert_eq!(v["result"]["user"]["username"], "rita");
    assert_eq!(v["result"]["user"]["status"], "active");
    c.login("rita", "abc").await;
    let r = c.post(&p("/users"), None, rita).await;
    let v = r.assert_chorus_error(500, "INTERNAL_ERROR");
    assert_eq!(v["message"], "Unable to store user rita");
    c.post(&p("/users"), None, r#"{"username":"x"}"#)
        .await
        .assert_chorus_error(400, "INVALID_REQUEST");
    let r = c
        .dev("PUT", "/api/dev/auth-modes", r#"{"registration":false}"#)
        .await;
    assert_eq!(
        r.ok(),
        json!({"modes": ["internal", "openid"], "registration": false})
    );
    let v = c.get(&p("/authentication/modes"), None).await.ok();
    assert_eq!(
        v["result"]["modes"][0]["internal"]["publicRegistrationEnabled"],
        false
    );
    let other = rita.replace("rita", "rota");
    let v = c
        .post(&p("/users"), None, &other)
        .await
        .assert_chorus_error(403, "PERMISSION_DENIED");
    assert_eq!(v["message"], "Public user registration is disabled");
    // Ours: a taken username is a 409.
    let s = srv();
    s.post(&p("/users"), None, rita).await.ok();
    s.post(&p("/users"), None, rita)
        .await
        .assert_status_and_code(409, "ALREADY_EXISTS");
}

#[tokio::test]
async fn a_one_time_code_is_asked_for_and_checked() {
    for config in [frozen(), chorus()] {
        let s = srv_with(config);
        let url = p("/authentication/login");
        for body in [
            r#"{"username":"dora","password":"dora12345"}"#,
            r#"{"username":"dora","password":"dora12345","totp":""}"#,
        ] {
            let r = s.post(&url, None, body).await;
            assert_eq!(r.status, 400, "{body}: {}", r.text());
            assert_eq!(r.json()["details"][0]["chorusCode"], "TWO_FACTOR_REQUIRED");
            assert!(r.header("set-cookie").is_empty());
        }
        // A wrong code is a failed login (authentication-service.go Authenticate).
        let r = s
            .post(
                &url,
                None,
                r#"{"username":"dora","password":"dora12345","totp":"000000"}"#,
            )
            .await;
        r.assert_status_and_code(401, "INVALID_CREDENTIALS");
        assert!(r.header("set-cookie").is_empty());
        // A wrong password is still a wrong password.
        s.post(
            &url,
            None,
            r#"{"username":"dora","password":"nope","totp":"424242"}"#,
        )
        .await
        .assert_status_and_code(401, "INVALID_CREDENTIALS");
        let t = s.dora().await;
        let me = s.get(&p("/users/me"), Some(&t)).await.ok();
        assert_eq!(me["result"]["me"]["username"], "dora");
        // Other accounts need no code (and ignore one).
        s.login_with(r#"{"username":"alice","password":"alice123","totp":"1"}"#)
            .await;
    }
}

/// The whole OpenID round trip, as the console does it: login → the provider's page → pick a
/// user → back to /oauthredirect → redirect → a login.
#[tokio::test]
async fn openid_round_trip_through_the_fake_identity_provider() {
    let s = srv_with(chorus());
    let console = "http://127.0.0.1:8080";
    let uri = start_login(&s, &from_console(console)).await;
    assert!(
        uri.starts_with(&format!("{console}/api/fake-idp/keycloak/authorize?")),
        "through the console's /api proxy: {uri}"
    );
    assert_eq!(
        param(&uri, "redirect_uri").as_deref(),
        Some("http://127.0.0.1:8080/oauthredirect")
    );
    let state = param(&uri, "state").unwrap();
    // The console appends ":<providerId>" to the state before it navigates.
    let sent = format!("{state}:keycloak");
    let authorize = format!(
        "{}?{}",
        path_of(&uri).split('?').next().unwrap(),
        form_urlencoded::Serializer::new(String::new())
            .append_pair("state", &sent)
            .append_pair("redirect_uri", "http://127.0.0.1:8080/oauthredirect")
            .finish()
    );
    let page = s.get(&authorize, None).await;
    assert_eq!(page.status, 200, "{}", page.text());
    let html = page.text();
    assert!(html.contains("Sign in as alice") && html.contains("Sign in as dora"));
    assert!(html.contains(&format!("value=\"{sent}\"")), "{html}");
    // Picking alice returns the browser to the console, state unchanged.
    let approve = format!(
        "/api/fake-idp/keycloak/approve?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair("state", &sent)
            .append_pair("username", "alice")
            .finish()
    );
    let r = s.get(&approve, None).await;
    let back = continue_url(&r);
    assert!(
        back.starts_with("http://127.0.0.1:8080/oauthredirect?"),
        "{back}"
    );
    assert_eq!(param(&back, "state").as_deref(), Some(sent.as_str()));
    let code = param(&back, "code").unwrap();
    let session_state = param(&back, "session_state").unwrap();
    let redirect = |state: &str, code: &str| {
        p(&format!(
            "/authentication/oauth2/keycloak/redirect?{}",
            form_urlencoded::Serializer::new(String::new())
                .append_pair("state", state)
                .append_pair("sessionState", &session_state)
                .append_pair("code", code)
                .finish()
        ))
    };
    // The state must come back exactly as issued: the console splits its suffix off.
    s.get(&redirect(&sent, &code), None)
        .await
        .assert_chorus_error(400, "INVALID_REQUEST");
    s.get(&redirect(&state, "not-the-code"), None)
        .await
        .assert_chorus_error(401, "INVALID_CREDENTIALS");
    let r = s.get(&redirect(&state, &code), None).await;
    let token = r.ok()["result"]["token"].as_str().unwrap().to_string();
    assert!(r
        .header("set-cookie")
        .starts_with(&format!("jwttoken={token}")));
    let me = s.get(&p("/users/me"), Some(&token)).await.ok();
    assert_eq!(me["result"]["me"]["username"], "alice");
    // A code is good once.
    s.get(&redirect(&state, &code), None)
        .await
        .assert_chorus_error(400, "INVALID_REQUEST");
}

#[tokio::test]
async fn openid_origins_cross_origin_and_untrusted() {
    let s = srv_with(Config {
        cors_origin: Some("http://localhost:8080".into()),
        ..chorus()
    });
    // The console calls the API across origins: the provider is on the API's own origin.
    let uri = start_login(
        &s,
        &[
            ("origin", "http://localhost:8080".to_string()),
            ("sec-fetch-site", "same-site".to_string()),
            ("host", "127.0.0.1:3000".to_string()),
        ],
    )
    .await;
    assert!(
        uri.starts_with("http://127.0.0.1:3000/api/fake-idp/"),
        "{uri}"
    );
    assert_eq!(
        param(&uri, "redirect_uri").as_deref(),
        Some("http://localhost:8080/oauthredirect")
    );
    // Behind a proxy that says where the browser is.
    let uri = start_login(
        &s,
        &[
            ("x-forwarded-host", "127.0.0.1:8443".to_string()),
            ("x-forwarded-proto", "https".to_string()),
            ("host", "127.0.0.1:3000".to_string()),
        ],
    )
    .await;
    assert!(
        uri.starts_with("https://127.0.0.1:8443/api/fake-idp/"),
        "{uri}"
    );
    // A page elsewhere cannot have the browser sent back to it.
    let uri = start_login(
        &s,
        &[
            ("origin", "https://evil.example".to_string()),
            ("host", "127.0.0.1:3000".to_string()),
        ],
    )
    .await;
    assert_eq!(
        param(&uri, "redirect_uri").as_deref(),
        Some("http://127.0.0.1:3000/oauthredirect")
    );
    // An unknown provider, a state the server never issued, an unknown user.
    s.get(&p("/authentication/oauth2/github/login"), None)
        .await
        .assert_chorus_error(404, "NOT_FOUND");
    for path in [
        "/api/fake-idp/keycloak/authorize?state=forged",
        "/api/fake-idp/keycloak/approve?state=forged&username=admin",
    ] {
        assert_eq!(s.get(path, None).await.status, 400, "{path}");
    }
    let state = param(&uri, "state").unwrap();
    let r = s
        .get(
            &format!("/api/fake-idp/keycloak/approve?state={state}&username=nobody"),
            None,
        )
        .await;
    assert_eq!(r.status, 400);
    // The end-session page links only back to a /login page.
    let r = s
        .get(
            "/api/fake-idp/keycloak/logout?post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F",
            None,
        )
        .await;
    assert!(r.text().contains("href=\"/login\""), "{}", r.text());
}

#[tokio::test]
async fn openid_in_our_flavor_once_switched_on() {
    let s = srv();
    s.get(&p("/authentication/oauth2/keycloak/login"), None)
        .await
        .assert_error(404, "NOT_FOUND");
    s.dev(
        "PUT",
        "/api/dev/auth-modes",
        r#"{"modes":["internal","openid"]}"#,
    )
    .await
    .ok();
    let uri = start_login(&s, &from_console("http://127.0.0.1:4173")).await;
    let state = param(&uri, "state").unwrap();
    let r = s
        .get(
            &format!("/api/fake-idp/keycloak/approve?state={state}&username=bob"),
            None,
        )
        .await;
    let back = continue_url(&r);
    let code = param(&back, "code").unwrap();
    let r = s
        .get(
            &p(&format!(
                "/authentication/oauth2/keycloak/redirect?state={state}&code={code}"
            )),
            None,
        )
        .await;
    let token = r.ok()["result"]["token"].as_str().unwrap().to_string();
    let me = s.get(&p("/users/me"), Some(&token)).await.ok();
    assert_eq!(me["result"]["me"]["username"], "bob");
    // Logout in our flavor: {} and the cookie cleared.
    let r = s
        .post(&p("/authentication/logout"), Some(&token), "{}")
        .await;
    assert_eq!(r.ok(), json!({}));
}

#[tokio::test]
async fn refresh_token_gives_a_new_token_with_the_current_roles() {
    // The chorus flavor's own test: tests/api/chorus_tokens.rs.
    for config in [frozen()] {
        let s = srv_with(config);
        let url = p("/authentication/refresh-token");
        s.post(&url, None, "{}")
            .await
            .assert_status_and_code(401, "UNAUTHENTICATED");
        let admin = s.admin().await;
        let bob = s.bob().await;
        assert_eq!(s.get(&p("/users"), Some(&bob)).await.status, 403);
        // Bob becomes a platform admin; his refreshed token carries it.
        s.post(
            &p("/users/3/role"),
            Some(&admin),
            r#"{"role":{"name":"PlatformAdmin","context":{"workspace":"*"}}}"#,
        )
        .await
        .ok();
        let r = s.post(&url, Some(&bob), "{}").await;
        let fresh = r.ok()["result"]["token"].as_str().unwrap().to_string();
        assert_ne!(fresh, bob);
        assert!(r
            .header("set-cookie")
            .starts_with(&format!("jwttoken={fresh}")));
        s.get(&p("/users"), Some(&fresh)).await.ok();
        // No fields in the body.
        let r = s.post(&url, Some(&bob), r#"{"token":"x"}"#).await;
        assert_eq!(r.status, 400);
    }
}

// ----- logins, logouts and 401 (from api.rs) ---------------------------------------------

#[tokio::test]
async fn login_sets_an_httponly_cookie_and_returns_the_token() {
    let s = srv();
    let r = s
        .post(
            &p("/authentication/login"),
            None,
            r#"{"username":"alice","password":"alice123"}"#,
        )
        .await;
    let v = r.ok();
    let token = v["result"]["token"].as_str().unwrap().to_string();
    assert!(token.len() >= 16);
    let cookie = r.header("set-cookie");
    assert!(cookie.starts_with(&format!("jwttoken={token}")), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Path=/"),
        "{cookie}"
    );

    // Cookie and bearer both work.
    let me = s.get(&p("/users/me"), Some(&token)).await.ok();
    assert_eq!(me["result"]["me"]["username"], "alice");
    assert_eq!(me["result"]["me"]["id"], "2");
    let bearer = format!("Bearer {token}");
    let r = s
        .get_with(&p("/users/me"), None, &[("authorization", &bearer)])
        .await;
    assert_eq!(r.ok()["result"]["me"]["username"], "alice");
}

#[tokio::test]
async fn login_failures() {
    let s = srv();
    let url = p("/authentication/login");
    s.post(&url, None, r#"{"username":"alice","password":"wrong"}"#)
        .await
        .assert_error(401, "INVALID_CREDENTIALS");
    s.post(
        &url,
        None,
        r#"{"username":"nobody","password":"whatever1"}"#,
    )
    .await
    .assert_error(401, "INVALID_CREDENTIALS");
    let f = s
        .post(&url, None, r#"{"username":""}"#)
        .await
        .validation_fields();
    assert!(
        f.contains(&"username".to_string()) && f.contains(&"password".to_string()),
        "{f:?}"
    );
    s.post(&url, None, "not json")
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.post(&url, None, "[1,2]")
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.call("POST", &url, None, None, &[])
        .await
        .assert_error(400, "INVALID_REQUEST");
    s.post(&url, None, r#"{"username":5,"password":true}"#)
        .await
        .validation_fields();
}

#[tokio::test]
async fn logout_clears_the_cookie_and_the_login() {
    let s = srv();
    let t = s.alice().await;
    let r = s.post(&p("/authentication/logout"), Some(&t), "{}").await;
    assert_eq!(r.ok(), serde_json::json!({}));
    let cookie = r.header("set-cookie");
    assert!(
        cookie.starts_with("jwttoken=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
    s.get(&p("/users/me"), Some(&t))
        .await
        .assert_error(401, "UNAUTHENTICATED");
    // Logging out without a login: 401, as CHORUS answers (a finished sign-out for the
    // console, api.md).
    for token in [None, Some(t.as_str())] {
        s.post(&p("/authentication/logout"), token, "")
            .await
            .assert_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn unauthenticated_calls_get_401_everywhere() {
    let s = srv();
    for (m, path) in [
        ("GET", p("/users/me")),
        ("GET", p("/workspaces")),
        ("GET", p("/workspaces/1")),
        ("POST", p("/workspaces")),
        ("GET", p("/workbenches")),
        ("GET", p("/workbenches/1")),
        ("POST", p("/workbenches")),
        ("DELETE", p("/workbenches/1")),
        ("POST", p("/workbenches/1/stop")),
        ("POST", p("/workbenches/1/start")),
        ("GET", p("/workbenches/1/stream/")),
        ("GET", p("/apps")),
        ("GET", p("/app-instances")),
        ("GET", p("/app-instances/1")),
        ("POST", p("/app-instances")),
        ("DELETE", p("/app-instances/1")),
        ("GET", p("/app-instances/1/stream/")),
        ("GET", p("/users")),
        ("GET", p("/users/1")),
        // POST /users without a valid login is a self-registration (register_tests below).
        ("PUT", p("/users")),
        ("DELETE", p("/users/3")),
        ("POST", p("/users/3/role")),
        ("DELETE", p("/users/3/role/1")),
        ("GET", p("/authorization/roles")),
        ("POST", p("/authorization/roles")),
        ("PUT", p("/authorization/roles/DataSteward")),
        ("DELETE", p("/authorization/roles/DataSteward")),
        ("GET", p("/authorization/permissions")),
        ("GET", "/api/builds".to_string()),
        ("POST", "/api/projects/1/build".to_string()),
        ("GET", "/api/runs".to_string()),
        ("POST", "/api/projects/1/run".to_string()),
        ("POST", "/api/runs/1/stop".to_string()),
        ("GET", "/api/runs/stream".to_string()),
    ] {
        let body = if m == "GET" || m == "DELETE" {
            None
        } else {
            Some("{}")
        };
        let r = s.call(m, &path, Some("not-a-token"), body, &[]).await;
        assert_eq!(r.status.as_u16(), 401, "{m} {path}: {}", r.text());
        r.assert_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn expired_logins_answer_401() {
    let s = srv();
    let t = s.alice().await;
    s.get(&p("/users/me"), Some(&t)).await.ok();
    assert_eq!(s.post("/api/dev/expire-logins", None, "").await.status, 204);
    s.get(&p("/users/me"), Some(&t))
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

/// Behind a `*.localhost` name (`app.localhost`, as `scripts/serve.sh` serves the console), the
/// login cookie is scoped to that host and the hosts under it, so that each session's own
/// origin (`s7.app.localhost`, `streamBaseUrl` with `{session}`) gets the login; set and
/// cleared alike. Anywhere else it stays a host-only cookie.
#[tokio::test]
async fn the_login_cookie_reaches_the_session_hosts_under_a_localhost_name() {
    let s = srv();
    let login = r#"{"username":"alice","password":"alice123"}"#;
    let cookie_via = |headers: &'static [(&'static str, &'static str)]| {
        let s = &s;
        async move {
            s.call(
                "POST",
                &p("/authentication/login"),
                None,
                Some(login),
                headers,
            )
            .await
            .header("set-cookie")
        }
    };
    for (headers, domain) in [
        (&[("host", "app.localhost:8088")][..], Some("app.localhost")),
        (
            &[
                ("host", "127.0.0.1:3000"),
                ("x-forwarded-host", "App.Localhost:8088"),
            ][..],
            Some("app.localhost"),
        ),
        (
            &[("host", "console.app.localhost")][..],
            Some("console.app.localhost"),
        ),
        (&[("host", "127.0.0.1:3000")][..], None),
        (&[("host", "localhost:3000")][..], None),
        (&[("host", "evil.example.org")][..], None),
        (&[("host", "a_b.localhost")][..], None),
    ] {
        let cookie = cookie_via(headers).await;
        assert!(cookie.starts_with("jwttoken="), "{cookie}");
        match domain {
            Some(d) => assert!(
                cookie.ends_with(&format!("; Domain={d}")),
                "{headers:?}: {cookie}"
            ),
            None => assert!(!cookie.contains("Domain="), "{headers:?}: {cookie}"),
        }
    }
    let t = s.alice().await;
    let r = s
        .call(
            "POST",
            &p("/authentication/logout"),
            Some(&t),
            Some("{}"),
            &[("host", "app.localhost:8088")],
        )
        .await;
    let cookie = r.header("set-cookie");
    assert!(
        cookie.starts_with("jwttoken=;")
            && cookie.contains("Max-Age=0")
            && cookie.ends_with("; Domain=app.localhost"),
        "{cookie}"
    );
}
