//! The run stream: init, updates, keep-alive, filters, slow and vanishing clients.

use std::time::Duration;

use crate::common::*;
use axum::body::{Body, BodyDataStream};
use axum::http::Request;
use devserver::Config;
use futures_util::StreamExt;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

struct Sse {
    stream: BodyDataStream,
    buf: String,
}

impl Sse {
    /// The next frame (`event: …\ndata: …` or a `: comment`), or None when the stream ended
    /// or nothing came within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<String> {
        loop {
            if let Some(i) = self.buf.find("\n\n") {
                let frame = self.buf[..i].to_string();
                self.buf.drain(..i + 2);
                return Some(frame);
            }
            match tokio::time::timeout(wait, self.stream.next()).await {
                Ok(Some(Ok(bytes))) => self.buf.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// The next named event and its data, skipping comments.
    async fn event(&mut self, wait: Duration) -> Option<(String, Value)> {
        loop {
            let frame = self.next(wait).await?;
            if frame.starts_with(':') {
                continue;
            }
            let mut name = String::new();
            let mut data = String::new();
            for line in frame.lines() {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                }
            }
            return Some((
                name,
                serde_json::from_str(&data).expect("event data is JSON"),
            ));
        }
    }
}

const WAIT: Duration = Duration::from_secs(3);

async fn open(s: &Srv, token: &str, query: &str) -> Sse {
    let req = Request::builder()
        .uri(format!("/api/runs/stream{query}"))
        .header("cookie", format!("jwttoken={token}"))
        .body(Body::empty())
        .unwrap();
    let resp = s.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    Sse {
        stream: resp.into_body().into_data_stream(),
        buf: String::new(),
    }
}

fn run_ids(v: &Value) -> Vec<String> {
    v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn sse_clients(s: &Srv) -> usize {
    s.app.state.sse_client_count()
}

#[tokio::test]
async fn the_stream_needs_a_login() {
    let s = srv();
    s.get("/api/runs/stream", None)
        .await
        .assert_error(401, "UNAUTHENTICATED");
    let t = s.bob().await;
    s.get("/api/runs/stream?projectId=2", Some(&t))
        .await
        .assert_error(403, "PERMISSION_DENIED");
    s.get("/api/runs/stream?projectId=9", Some(&t))
        .await
        .assert_error(404, "NOT_FOUND");
}

#[tokio::test]
async fn init_then_an_update_on_every_change() {
    let s = srv();
    let t = s.alice().await;
    let mut sse = open(&s, &t, "").await;
    let (name, data) = sse.event(WAIT).await.expect("init");
    assert_eq!(name, "init");
    assert_eq!(run_ids(&data), ["1", "2", "3"]);

    s.post("/api/projects/1/run", Some(&t), "").await.ok();
    let (name, data) = sse.event(WAIT).await.expect("update");
    assert_eq!(name, "run-update");
    assert_eq!(data["run"]["id"], "4");
    assert_eq!(data["run"]["status"], "pending");
    s.advance(3.0);
    let (_, data) = sse.event(WAIT).await.expect("running");
    assert_eq!(data["run"]["status"], "running");
    s.post("/api/runs/4/stop", Some(&t), "").await.ok();
    let (_, data) = sse.event(WAIT).await.expect("stopping");
    assert_eq!(data["run"]["status"], "stopping");
    s.advance(3.0);
    let (_, data) = sse.event(WAIT).await.expect("stopped");
    assert_eq!(data["run"]["status"], "stopped");
    assert_rfc3339(&data["run"]["finishedAt"]);
    // Nothing else happened: no more events.
    assert!(sse.event(Duration::from_millis(200)).await.is_none());
}

#[tokio::test]
async fn updates_reach_only_clients_that_may_see_them() {
    let s = srv();
    let (admin, alice, bob) = (s.admin().await, s.alice().await, s.bob().await);
    let mut bob_all = open(&s, &bob, "").await;
    let mut alice_ws2 = open(&s, &alice, "?projectId=2").await;
    let (_, init) = bob_all.event(WAIT).await.unwrap();
    assert_eq!(run_ids(&init), ["1", "3"]);
    let (_, init) = alice_ws2.event(WAIT).await.unwrap();
    assert_eq!(run_ids(&init), ["2"]);
    s.post("/api/projects/3/run", Some(&admin), "").await.ok(); // run 4: nobody of them
    s.post("/api/projects/2/run", Some(&admin), "").await.ok(); // run 5: alice
    s.post("/api/projects/1/run", Some(&admin), "").await.ok(); // run 6: bob
    let (_, d) = alice_ws2.event(WAIT).await.unwrap();
    assert_eq!(d["run"]["id"], "5");
    let (_, d) = bob_all.event(WAIT).await.unwrap();
    assert_eq!(d["run"]["id"], "6");
}

#[tokio::test]
async fn keep_alive_comments_come_every_period() {
    let s = srv_with(Config {
        keepalive: Duration::from_millis(100),
        ..frozen()
    });
    let t = s.alice().await;
    let mut sse = open(&s, &t, "").await;
    assert!(sse.next(WAIT).await.unwrap().starts_with("event: init"));
    let started = std::time::Instant::now();
    for _ in 0..3 {
        assert_eq!(sse.next(WAIT).await.as_deref(), Some(": keep-alive"));
    }
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(2),
        "{took:?}"
    );
}

#[tokio::test]
async fn clients_that_go_away_are_dropped() {
    let s = srv();
    let t = s.alice().await;
    let a = open(&s, &t, "").await;
    let b = open(&s, &t, "").await;
    let mut c = open(&s, &t, "").await;
    assert_eq!(sse_clients(&s), 3);
    assert_eq!(s.get("/api/dev/stats", None).await.ok()["sseClients"], 3);
    drop(a);
    assert_eq!(sse_clients(&s), 2);
    drop(b);
    // The others still get their updates.
    c.event(WAIT).await.unwrap();
    s.post("/api/projects/1/run", Some(&t), "").await.ok();
    assert_eq!(c.event(WAIT).await.unwrap().0, "run-update");
    drop(c);
    assert_eq!(sse_clients(&s), 0);
}

#[tokio::test]
async fn a_lagging_client_resyncs_and_blocks_nobody() {
    let s = srv();
    let t = s.alice().await;
    let mut slow = open(&s, &t, "").await;
    // 1,500 updates while the slow client reads nothing: publishing never waits for it.
    let started = std::time::Instant::now();
    {
        let mut st = s.app.state.store_raw();
        for _ in 0..1500 {
            st.create_run(1);
        }
    }
    assert!(started.elapsed() < Duration::from_secs(10));
    let mut fresh = open(&s, &t, "").await;
    let (_, init) = fresh.event(WAIT).await.unwrap();
    assert_eq!(init["runs"].as_array().unwrap().len(), 1503);
    // The slow one: its first init, then (having lagged) a fresh init with everything.
    assert_eq!(slow.event(WAIT).await.unwrap().0, "init");
    let mut resynced = false;
    while let Some((name, data)) = slow.event(Duration::from_millis(500)).await {
        if name == "init" {
            assert_eq!(data["runs"].as_array().unwrap().len(), 1503);
            resynced = true;
            break;
        }
    }
    assert!(resynced, "the lagging client got a fresh init");
}

#[tokio::test]
async fn drop_sse_secs_closes_streams() {
    let s = srv();
    let t = s.alice().await;
    s.put("/api/dev/faults", None, r#"{"dropSseSecs":0.2}"#)
        .await
        .ok();
    let mut sse = open(&s, &t, "").await;
    assert_eq!(sse.event(WAIT).await.unwrap().0, "init");
    let started = std::time::Instant::now();
    assert!(sse.next(WAIT).await.is_none());
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(sse_clients(&s), 0);
    // The CLI flag does the same.
    let s = srv_with(Config {
        drop_sse_secs: 0.2,
        ..frozen()
    });
    let t = s.alice().await;
    let mut sse = open(&s, &t, "").await;
    sse.event(WAIT).await.unwrap();
    assert!(sse.next(WAIT).await.is_none());
}

#[tokio::test]
async fn expired_logins_end_the_stream_and_reset_resyncs_it() {
    let s = srv_with(Config {
        keepalive: Duration::from_millis(100),
        ..frozen()
    });
    let t = s.alice().await;
    let mut sse = open(&s, &t, "").await;
    sse.event(WAIT).await.unwrap();
    s.post("/api/projects/1/run", Some(&t), "").await.ok();
    assert_eq!(sse.event(WAIT).await.unwrap().0, "run-update");
    s.post("/api/dev/reset", None, "").await;
    let (name, data) = sse.event(WAIT).await.unwrap();
    assert_eq!(name, "init");
    assert_eq!(run_ids(&data), ["1", "2", "3"], "back to the seed");
    s.post("/api/dev/expire-logins", None, "").await;
    let mut ended = false;
    for _ in 0..10 {
        match sse.next(WAIT).await {
            None => {
                ended = true;
                break;
            }
            Some(f) => assert!(f.starts_with(':') || f.starts_with("event"), "{f}"),
        }
    }
    assert!(ended);
}

/// Over a real socket: hyper drops the stream of a client that went away.
#[tokio::test]
async fn over_tcp_a_vanished_client_is_dropped() {
    let s = srv_with(Config {
        keepalive: Duration::from_millis(100),
        ..frozen()
    });
    let token = s.alice().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = s.app.serve_on(listener);

    let connect = || async {
        let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!(
            "GET /api/runs/stream HTTP/1.1\r\nHost: {addr}\r\nCookie: jwttoken={token}\r\nAccept: text/event-stream\r\n\r\n"
        );
        sock.write_all(req.as_bytes()).await.unwrap();
        sock
    };
    let read_until = |mut sock: tokio::net::TcpStream, pat: &'static str| async move {
        let mut got = String::new();
        let mut buf = [0u8; 8192];
        let deadline = tokio::time::Instant::now() + WAIT;
        while !got.contains(pat) {
            match tokio::time::timeout_at(deadline, sock.read(&mut buf)).await {
                Ok(Ok(n)) if n > 0 => got.push_str(&String::from_utf8_lossy(&buf[..n])),
                _ => panic!("no {pat:?} in {got:?}"),
            }
        }
        (sock, got)
    };
    let (a, head) = read_until(connect().await, "event: init").await;
    assert!(head.starts_with("HTTP/1.1 200"));
    assert!(head
        .to_lowercase()
        .contains("content-type: text/event-stream"));
    // A client that never reads, and one that reads along.
    let _idle = connect().await;
    let (b, _) = read_until(connect().await, "event: init").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(sse_clients(&s), 3);
    drop(a);
    let (b, got) = read_until(b, ": keep-alive").await;
    assert!(got.contains(": keep-alive"));
    let deadline = std::time::Instant::now() + WAIT;
    while sse_clients(&s) > 2 {
        assert!(
            std::time::Instant::now() < deadline,
            "vanished client not dropped"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(b);
    server.abort();
}

// ----- the mc dialect -----------------------------------------------------------------------

/// A UUID: 8-4-4-4-12 hex digits.
fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[tokio::test]
async fn mc_streams_without_a_login_and_sends_run_log_lines() {
    let s = srv_with(mc());
    let mut sse = open(&s, "none", "").await;
    let (name, init) = sse.event(WAIT).await.expect("init");
    assert_eq!(name, "init");
    let runs = init["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert!(runs.iter().all(|r| is_uuid(r["id"].as_str().unwrap())));
    assert_eq!(runs[0]["projectId"], "demo-server");
    let r = s.post("/api/projects/demo-server/run", None, "").await;
    assert_eq!(r.status, 202);
    let id = r.json()["run"]["id"].as_str().unwrap().to_string();
    assert!(is_uuid(&id));
    let (name, data) = sse.event(WAIT).await.expect("pending");
    assert_eq!(
        (name.as_str(), data["run"]["status"].as_str()),
        ("run-update", Some("pending"))
    );
    s.advance(2.5);
    let (_, data) = sse.event(WAIT).await.expect("running");
    assert_eq!(data["run"]["status"], "running");
    let (name, data) = sse.event(WAIT).await.expect("a log line");
    assert_eq!(name, "run-log");
    assert_eq!(data["runId"], id.as_str());
    assert_eq!(data["projectId"], "demo-server");
    assert!(data["line"]
        .as_str()
        .is_some_and(|l| l.contains("Server thread")));
    // One line every 3 s of running.
    s.advance(3.0);
    assert_eq!(sse.event(WAIT).await.expect("next line").0, "run-log");
    // A filter by slug or by workspace id.
    let mut demo = open(&s, "none", "?projectId=1").await;
    let (_, init) = demo.event(WAIT).await.unwrap();
    assert_eq!(
        init["runs"].as_array().unwrap().len(),
        3,
        "runs 1, 3 and the new one"
    );
    let r = s.get("/api/runs/stream?projectId=nope", None).await;
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json(),
        serde_json::json!({"error": "project nope not found"})
    );
}

#[test]
fn mc_keeps_alive_every_25_seconds_unless_told() {
    use devserver::config::{parse_args, Flavor, Jobs, Parsed};
    let parse = |s: &str| match parse_args(s.split_whitespace().map(String::from)) {
        Ok(Parsed::Run(c)) => c,
        _ => panic!("{s}"),
    };
    let c = parse("--jobs mc");
    assert_eq!((c.jobs, c.keepalive), (Jobs::Mc, Duration::from_secs(25)));
    let c = parse("--jobs mc --keepalive-secs 2");
    assert_eq!(c.keepalive, Duration::from_secs(2));
    let c = parse("--flavor chorus");
    assert_eq!((c.flavor, c.jobs), (Flavor::Chorus, Jobs::None));
    let c = parse("--flavor chorus --jobs mc");
    assert_eq!(c.jobs, Jobs::Mc);
    let c = parse("");
    assert_eq!((c.flavor, c.jobs), (Flavor::Default, Jobs::Default));
    assert_eq!(c.keepalive, Duration::from_secs(15));
    for bad in ["--flavor keycloak", "--jobs maybe"] {
        assert!(
            parse_args(bad.split_whitespace().map(String::from)).is_err(),
            "{bad}"
        );
    }
}
