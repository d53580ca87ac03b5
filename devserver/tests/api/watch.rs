//! The session watch stream `GET /api/rest/v1/workbenches/{id}/watch` (extension): the whole
//! record at once, again on every change, keep-alive, the end on removal, the same login and
//! permission answers as `GET /workbenches/{id}`, and CHORUS's answer in the chorus flavor.

use std::time::Duration;

use crate::common::*;
use axum::body::{Body, BodyDataStream};
use axum::http::Request;
use devserver::config::{Flavor, Jobs};
use devserver::Config;
use futures_util::StreamExt;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

const WAIT: Duration = Duration::from_secs(3);
const QUIET: Duration = Duration::from_millis(200);

#[derive(Debug, PartialEq)]
enum Frame {
    /// `event: …\ndata: …` or a `: comment`.
    Text(String),
    /// The server ended the stream.
    Ended,
    /// Nothing came within the wait.
    Silent,
}

struct Watch {
    stream: BodyDataStream,
    buf: String,
}

impl Watch {
    async fn next(&mut self, wait: Duration) -> Frame {
        loop {
            if let Some(i) = self.buf.find("\n\n") {
                let frame = self.buf[..i].to_string();
                self.buf.drain(..i + 2);
                return Frame::Text(frame);
            }
            match tokio::time::timeout(wait, self.stream.next()).await {
                Ok(Some(Ok(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                Ok(Some(Err(_))) | Ok(None) => return Frame::Ended,
                Err(_) => return Frame::Silent,
            }
        }
    }

    /// The next `workbench` event's data (comments skipped); panics on anything else.
    async fn record(&mut self, wait: Duration) -> Value {
        loop {
            match self.next(wait).await {
                Frame::Text(f) if f.starts_with(':') => continue,
                Frame::Text(f) => return parse(&f),
                other => panic!("expected a workbench event, got {other:?}"),
            }
        }
    }

    /// Asserts that no event comes within `wait` (comments allowed).
    async fn assert_quiet(&mut self, wait: Duration) {
        loop {
            match self.next(wait).await {
                Frame::Silent => return,
                Frame::Text(f) if f.starts_with(':') => continue,
                other => panic!("expected nothing, got {other:?}"),
            }
        }
    }

    /// Asserts that the stream ends (events before the end are allowed).
    async fn assert_ends(&mut self) {
        loop {
            match self.next(WAIT).await {
                Frame::Ended => return,
                Frame::Text(_) => continue,
                Frame::Silent => panic!("the stream did not end"),
            }
        }
    }
}

/// An event frame: name `workbench`, data JSON.
#[track_caller]
fn parse(frame: &str) -> Value {
    let mut lines = frame.lines();
    assert_eq!(lines.next(), Some("event: workbench"), "{frame}");
    let data = lines
        .next()
        .and_then(|l| l.strip_prefix("data: "))
        .unwrap_or_else(|| panic!("no data line: {frame}"));
    assert_eq!(lines.next(), None, "one data line: {frame}");
    serde_json::from_str(data).expect("event data is JSON")
}

fn path(id: u64) -> String {
    format!("/api/rest/v1/workbenches/{id}/watch")
}

/// Opens the stream as a browser's `EventSource` does: the cookie, no `Authorization`.
async fn open(s: &Srv, token: &str, id: u64) -> Watch {
    let req = Request::builder()
        .uri(path(id))
        .header("cookie", format!("jwttoken={token}"))
        .header("accept", "text/event-stream")
        .body(Body::empty())
        .unwrap();
    let resp = s.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers();
    assert_eq!(h["content-type"], "text/event-stream");
    assert_eq!(h["cache-control"], "no-cache");
    assert_eq!(h["x-accel-buffering"], "no");
    Watch {
        stream: resp.into_body().into_data_stream(),
        buf: String::new(),
    }
}

/// `GET /workbenches/{id}` as `{"workbench": …}`, the shape of an event's data.
async fn current(s: &Srv, id: u64, token: &str) -> Value {
    serde_json::json!({ "workbench": s.workbench(id, token).await })
}

/// A new healthy session of alice's in Demo; its id.
async fn new_session(s: &Srv, token: &str) -> u64 {
    let r = s
        .post(
            "/api/rest/v1/workbenches",
            Some(token),
            r#"{"tenantId":"1","userId":"2","workspaceId":"1","name":"Watched","status":"active","scenario":"healthy"}"#,
        )
        .await;
    r.ok()["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_first_event_is_the_whole_record() {
    let s = srv();
    let t = s.alice().await;
    for id in [1, 5, 7] {
        let mut w = open(&s, &t, id).await;
        let first = w.record(WAIT).await;
        // Exactly what GET answers, extension fields and all.
        assert_eq!(first, current(&s, id, &t).await, "session {id}");
        let wb = &first["workbench"];
        assert_eq!(wb["id"], id.to_string());
        for key in ["phase", "conditions", "generation", "observedGeneration"] {
            assert!(wb.get(key).is_some(), "{key} in {wb}");
        }
        // Nothing changed: nothing more.
        w.assert_quiet(QUIET).await;
    }
}

#[tokio::test]
async fn every_change_sends_the_record_again_and_only_then() {
    let s = srv();
    let t = s.alice().await;
    let id = new_session(&s, &t).await;
    let mut w = open(&s, &t, id).await;
    let first = w.record(WAIT).await;
    assert_eq!(first["workbench"]["phase"], "Pending");

    // The simulation moves on (the controller step, as the ticker runs it).
    s.advance(5.0);
    let next = w.record(WAIT).await;
    assert_ne!(next, first);
    assert_eq!(next, current(&s, id, &t).await);
    w.assert_quiet(QUIET).await;

    // Through the dev API.
    let r = s.dev("POST", "/api/dev/advance", r#"{"seconds":20}"#).await;
    assert_eq!(r.status, 204);
    let running = w.record(WAIT).await;
    assert_eq!(running["workbench"]["k8sStatus"], "Running");
    assert_eq!(running, current(&s, id, &t).await);

    // Another session's changes and a step that changes nothing send nothing.
    s.post("/api/rest/v1/workbenches/1/stop", Some(&t), "{}")
        .await
        .ok();
    s.advance(0.0);
    w.assert_quiet(QUIET).await;

    // The user stops it, then starts it again.
    s.post(
        &format!("/api/rest/v1/workbenches/{id}/stop"),
        Some(&t),
        "{}",
    )
    .await
    .ok();
    let stopping = w.record(WAIT).await;
    assert_eq!(stopping["workbench"]["phase"], "Stopping");
    assert_eq!(stopping["workbench"]["generation"], 2);
    s.advance(10.0);
    let stopped = w.record(WAIT).await;
    assert_eq!(stopped["workbench"]["phase"], "Stopped");
    assert_eq!(
        cond(&stopped["workbench"], "RunnerStarted")["reason"],
        "SessionStopped"
    );
    s.post(
        &format!("/api/rest/v1/workbenches/{id}/start"),
        Some(&t),
        "{}",
    )
    .await
    .ok();
    let restarted = w.record(WAIT).await;
    assert_eq!(restarted["workbench"]["generation"], 3);
    assert_eq!(restarted, current(&s, id, &t).await);
}

#[tokio::test]
async fn keep_alive_comments_come_every_period() {
    let s = srv_with(Config {
        watch_keepalive: Duration::from_millis(100),
        ..frozen()
    });
    let t = s.alice().await;
    let mut w = open(&s, &t, 1).await;
    w.record(WAIT).await;
    let started = std::time::Instant::now();
    for _ in 0..3 {
        assert_eq!(w.next(WAIT).await, Frame::Text(": keep-alive".into()));
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(2),
        "{took:?}"
    );
}

#[tokio::test]
async fn the_keep_alive_period_is_15_seconds_and_a_flag() {
    assert_eq!(Config::default().watch_keepalive, Duration::from_secs(15));
    let parse =
        |args: &[&str]| match devserver::config::parse_args(args.iter().map(|a| a.to_string())) {
            Ok(devserver::config::Parsed::Run(c)) => c,
            _ => panic!("flags refused: {args:?}"),
        };
    assert_eq!(parse(&[]).watch_keepalive, Duration::from_secs(15));
    let c = parse(&["--watch-keepalive-secs", "0.5"]);
    assert_eq!(c.watch_keepalive, Duration::from_millis(500));
    // The run stream's period is its own.
    assert_eq!(c.keepalive, Duration::from_secs(15));
    assert!(devserver::config::usage().contains("--watch-keepalive-secs"));
}

#[tokio::test]
async fn removal_ends_the_stream_and_a_new_request_is_not_found() {
    let s = srv();
    let t = s.alice().await;
    // DELETE by the user.
    let id = new_session(&s, &t).await;
    let mut w = open(&s, &t, id).await;
    w.record(WAIT).await;
    assert_eq!(s.app.state.watch_client_count(), 1);
    assert_eq!(s.get("/api/dev/stats", None).await.ok()["watchClients"], 1);
    s.delete(&format!("/api/rest/v1/workbenches/{id}"), Some(&t))
        .await
        .ok();
    w.assert_ends().await;
    drop(w);
    assert_eq!(s.app.state.watch_client_count(), 0);
    let get = s
        .get(&format!("/api/rest/v1/workbenches/{id}"), Some(&t))
        .await;
    get.assert_error(404, "NOT_FOUND");
    let again = s.get(&path(id), Some(&t)).await;
    again.assert_error(404, "NOT_FOUND");
    assert_eq!(again.json(), get.json());

    // Removed behind the user's back (the backend's idle clean-up).
    let mut w = open(&s, &t, 2).await;
    w.record(WAIT).await;
    let r = s.dev("POST", "/api/dev/workbenches/2/remove", "{}").await;
    assert_eq!(r.status, 204);
    w.assert_ends().await;
    s.get(&path(2), Some(&t))
        .await
        .assert_error(404, "NOT_FOUND");

    // A reset takes away a session created since the start: its stream ends; a seeded
    // session's stream goes on.
    let id = new_session(&s, &t).await;
    let mut gone = open(&s, &t, id).await;
    let mut seeded = open(&s, &t, 3).await;
    gone.record(WAIT).await;
    seeded.record(WAIT).await;
    assert_eq!(s.dev("POST", "/api/dev/reset", "{}").await.status, 204);
    gone.assert_ends().await;
    assert!(matches!(
        seeded.next(QUIET).await,
        Frame::Text(_) | Frame::Silent
    ));
}

#[tokio::test]
async fn without_a_login_it_answers_401_like_get() {
    let s = srv();
    for id in ["1", "999", "abc"] {
        let get = s.get(&format!("/api/rest/v1/workbenches/{id}"), None).await;
        let watch = s
            .get(&format!("/api/rest/v1/workbenches/{id}/watch"), None)
            .await;
        watch.assert_error(401, "UNAUTHENTICATED");
        assert_eq!(watch.json(), get.json(), "session {id}");
        // A token that is not one.
        let watch = s
            .get(
                &format!("/api/rest/v1/workbenches/{id}/watch"),
                Some("nope"),
            )
            .await;
        watch.assert_error(401, "UNAUTHENTICATED");
    }
}

#[tokio::test]
async fn a_bearer_token_works_as_for_get() {
    let s = srv();
    let t = s.alice().await;
    let auth = format!("Bearer {t}");
    let req = Request::builder()
        .uri(path(1))
        .header("authorization", auth)
        .body(Body::empty())
        .unwrap();
    let resp = s.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
}

#[tokio::test]
async fn others_sessions_answer_as_get_does() {
    let s = srv();
    let (admin, alice, bob) = (s.admin().await, s.alice().await, s.bob().await);
    // A session in Imaging Lab (3): alice and bob have no role there.
    let r = s
        .post(
            "/api/rest/v1/workbenches",
            Some(&admin),
            r#"{"tenantId":"1","userId":"1","workspaceId":"3","name":"Admin's","status":"active"}"#,
        )
        .await;
    let theirs: u64 = r.ok()["result"]["workbench"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    for (who, token) in [("alice", &alice), ("bob", &bob)] {
        let get = s
            .get(&format!("/api/rest/v1/workbenches/{theirs}"), Some(token))
            .await;
        get.assert_error(403, "PERMISSION_DENIED");
        let watch = s.get(&path(theirs), Some(token)).await;
        watch.assert_error(403, "PERMISSION_DENIED");
        assert_eq!(watch.json(), get.json(), "{who}");
    }
    // Whoever may GET it may watch it: bob views Demo (1), where alice's sessions are.
    let mut w = open(&s, &bob, 1).await;
    assert_eq!(w.record(WAIT).await, current(&s, 1, &bob).await);
    let mut w = open(&s, &admin, theirs).await;
    assert_eq!(w.record(WAIT).await, current(&s, theirs, &admin).await);
    // No such session, or an id that is not one: 404 as GET.
    for id in ["999", "abc"] {
        let get = s
            .get(&format!("/api/rest/v1/workbenches/{id}"), Some(&alice))
            .await;
        let watch = s
            .get(
                &format!("/api/rest/v1/workbenches/{id}/watch"),
                Some(&alice),
            )
            .await;
        watch.assert_error(404, "NOT_FOUND");
        assert_eq!(watch.json(), get.json(), "{id}");
    }
}

#[tokio::test]
async fn the_stream_ends_when_the_login_is_gone() {
    let s = srv_with(Config {
        watch_keepalive: Duration::from_millis(100),
        ..frozen()
    });
    let t = s.alice().await;
    let mut w = open(&s, &t, 1).await;
    w.record(WAIT).await;
    assert_eq!(w.next(WAIT).await, Frame::Text(": keep-alive".into()));
    let r = s.dev("POST", "/api/dev/expire-logins", "{}").await;
    assert!(r.status.is_success(), "{}", r.text());
    w.assert_ends().await;
    s.get(&path(1), Some(&t))
        .await
        .assert_error(401, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_lagging_client_gets_the_current_record_and_blocks_nobody() {
    let s = srv();
    let t = s.alice().await;
    let id = new_session(&s, &t).await;
    let mut slow = open(&s, &t, id).await;
    // 1,200 changes while the slow client reads nothing: the channel holds 1,024.
    let started = std::time::Instant::now();
    for _ in 0..600 {
        s.post(
            &format!("/api/rest/v1/workbenches/{id}/stop"),
            Some(&t),
            "{}",
        )
        .await
        .ok();
        s.post(
            &format!("/api/rest/v1/workbenches/{id}/start"),
            Some(&t),
            "{}",
        )
        .await
        .ok();
    }
    assert!(started.elapsed() < Duration::from_secs(20));
    let first = slow.record(WAIT).await;
    assert_eq!(first["workbench"]["generation"], 1);
    // Behind by more than the channel holds: one event with the record as it is now.
    let now = slow.record(WAIT).await;
    assert_eq!(now, current(&s, id, &t).await);
    assert_eq!(now["workbench"]["generation"], 1201);
    slow.assert_quiet(QUIET).await;
}

#[tokio::test]
async fn over_a_real_socket_with_the_cookie_only() {
    let app = devserver::App::new(Config {
        watch_keepalive: Duration::from_millis(100),
        ..frozen()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    app.serve_on(listener);
    let s = Srv {
        router: app.router(),
        app: app.clone(),
    };
    let t = s.alice().await;
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "GET /api/rest/v1/workbenches/1/watch HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: jwttoken={t}\r\n\r\n"
    );
    tcp.write_all(req.as_bytes()).await.unwrap();
    let mut got = String::new();
    let mut buf = [0u8; 8192];
    while !got.contains("\n\n") || !got.contains("event: workbench") {
        let n = tokio::time::timeout(WAIT, tcp.read(&mut buf))
            .await
            .expect("the first event in time")
            .unwrap();
        assert!(n > 0, "closed early: {got}");
        got.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(got.contains("content-type: text/event-stream"), "{got}");
    assert!(
        got.contains("event: workbench\ndata: {\"workbench\":{"),
        "{got}"
    );
    assert_eq!(app.state.watch_client_count(), 1);
    drop(tcp);
    // The server notices that the client went away at its next write (a keep-alive).
    let deadline = std::time::Instant::now() + WAIT;
    while app.state.watch_client_count() > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.state.watch_client_count(), 0);
}

/// The chorus flavor has no watch: a real CHORUS routes `/api/rest/v1` through grpc-gateway's
/// `runtime.ServeMux` (`internal/protocol/rest/server.go`), whose patterns come from
/// `api/proto/v1/workbench-service.proto`. No pattern of any method matches
/// `/api/rest/v1/workbenches/{id}/watch` (the only longer ones are `…/{id}/user/{userId}` and
/// `…/{id}/user/{userId}/role`), so the mux answers 404 and grpc-gateway's
/// `DefaultRoutingErrorHandler` gives `codes.NotFound` "Not Found", which CHORUS's
/// `CustomHTTPError` (`internal/protocol/rest/middleware/error.go`) writes as
/// `{"code":5,"message":"Not Found","details":[]}` — before any login check (that is in the
/// gRPC interceptors behind the mux).
#[tokio::test]
async fn chorus_answers_the_watch_path_as_chorus_does() {
    let s = srv_with(chorus());
    let t = s.alice().await;
    for token in [Some(t.as_str()), None] {
        for method in ["GET", "POST", "DELETE"] {
            for id in ["1", "999", "abc"] {
                let r = s
                    .call(
                        method,
                        &format!("/api/rest/v1/workbenches/{id}/watch"),
                        token,
                        None,
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 404, "{method} {id}");
                assert_eq!(r.text(), CHORUS_NOT_FOUND, "{method} {id}");
            }
        }
    }
    // The session itself is there.
    s.get("/api/rest/v1/workbenches/1", Some(&t)).await.ok();
}

/// The job dialect does not change the platform API: with `--jobs mc` our flavor still watches
/// (mc-server-manager has no sessions of its own); CHORUS with any job service does not.
#[tokio::test]
async fn the_job_dialect_does_not_matter() {
    let s = srv_with(mc());
    let t = s.alice().await;
    let mut w = open(&s, &t, 1).await;
    assert_eq!(w.record(WAIT).await, current(&s, 1, &t).await);
    let s = srv_with(Config {
        flavor: Flavor::Chorus,
        jobs: Jobs::Mc,
        ..frozen()
    });
    let t = s.alice().await;
    let r = s.get(&path(1), Some(&t)).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), CHORUS_NOT_FOUND);
}

/// `PUT /api/dev/watch {"enabled": false}` makes our flavor answer the watch path as a backend
/// without it (grpc-gateway's 404, as CHORUS does); reset turns it back on. The console's polling is
/// tested on our flavor this way.
#[tokio::test]
async fn the_watch_can_be_turned_off_until_reset() {
    let s = srv();
    let t = s.alice().await;
    let r = s
        .call(
            "PUT",
            "/api/dev/watch",
            None,
            Some(r#"{"enabled": false}"#),
            &[],
        )
        .await;
    assert_eq!(r.status, 204);
    let r = s.get(&path(1), Some(&t)).await;
    assert_eq!(r.status, 404);
    // A 404 that names no resource: "no such route", not "no such session".
    assert_eq!(r.text(), CHORUS_NOT_FOUND);
    // Bad bodies are refused.
    for bad in [
        r#"{}"#,
        r#"{"enabled": "no"}"#,
        r#"{"enabled": true, "x": 1}"#,
    ] {
        let r = s.call("PUT", "/api/dev/watch", None, Some(bad), &[]).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    s.call("POST", "/api/dev/reset", None, Some("{}"), &[])
        .await;
    let t = s.alice().await;
    let mut w = open(&s, &t, 1).await;
    assert_eq!(w.record(WAIT).await, current(&s, 1, &t).await);
}
