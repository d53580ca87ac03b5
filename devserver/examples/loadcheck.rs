//! Load check (not a test): starts the devserver on 127.0.0.1 (its own runtime, like a separate
//! process), opens 200 run-stream (SSE) clients, and sends 1,000 status polls per second for
//! 10 s over keep-alive connections, while a run is started every second so every stream gets
//! updates. Prints requests done, latency percentiles, errors and SSE clients still connected.
//!
//! cargo run -p devserver --release --example loadcheck [-- --secs 10 --rate 1000 --sse 200]
//!
//! Bounded: at most 60 s, 5,000 requests/s, 1,000 streams; loopback only.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use devserver::{App, Config};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Args {
    secs: u64,
    rate: u64,
    sse: usize,
    conns: usize,
}

fn args() -> Args {
    let mut a = Args {
        secs: 10,
        rate: 1000,
        sse: 200,
        conns: 20,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i + 1 < v.len() {
        let n: u64 = v[i + 1].parse().unwrap_or(0);
        match v[i].as_str() {
            "--secs" => a.secs = n.clamp(1, 60),
            "--rate" => a.rate = n.clamp(1, 5000),
            "--sse" => a.sse = (n as usize).clamp(0, 1000),
            "--conns" => a.conns = (n as usize).clamp(1, 200),
            _ => {}
        }
        i += 2;
    }
    a
}

/// A minimal HTTP/1.1 keep-alive client: one request at a time.
struct Conn {
    r: BufReader<TcpStream>,
}

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn {
            r: BufReader::new(s),
        })
    }

    /// Sends a request, returns (status, headers as text, body).
    async fn request(&mut self, head: &str, body: &str) -> std::io::Result<(u16, String, Vec<u8>)> {
        let req = format!("{head}Content-Length: {}\r\n\r\n{body}", body.len());
        self.r.get_mut().write_all(req.as_bytes()).await?;
        let mut status_line = String::new();
        if self.r.read_line(&mut status_line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut headers = String::new();
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            if self.r.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            if line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            headers.push_str(&line);
        }
        let mut body = vec![0u8; len];
        self.r.read_exact(&mut body).await?;
        Ok((status, headers, body))
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// User + system CPU seconds of this process (Linux), if known.
fn cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let a = args();
    // The server: its own 2-thread runtime on its own threads.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let addr = listener.local_addr().expect("addr");
            let app = App::new(Config {
                quiet: true,
                ..Config::default()
            });
            let server = app.serve_on(listener);
            tx.send(addr).expect("send addr");
            let _ = server.await;
        });
    });
    let addr = rx.recv().expect("server address");
    assert!(addr.ip().is_loopback());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime");
    rt.block_on(run(addr, a));
}

async fn run(addr: std::net::SocketAddr, a: Args) {
    println!(
        "loadcheck: devserver on http://{addr}; {} SSE clients, {} polls/s over {} connections for {} s",
        a.sse, a.rate, a.conns, a.secs
    );
    let mut c = Conn::open(addr).await.expect("connect");
    let (status, headers, _) = c
        .request(
            &format!("POST /api/rest/v1/authentication/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n"),
            r#"{"username":"alice","password":"alice123"}"#,
        )
        .await
        .expect("login");
    assert_eq!(status, 200, "login failed");
    let token = headers
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: jwttoken="))
        .and_then(|v| v.split(';').next())
        .expect("cookie")
        .to_string();

    // SSE clients.
    let connected = Arc::new(AtomicUsize::new(0));
    let inits = Arc::new(AtomicUsize::new(0));
    let updates = Arc::new(AtomicU64::new(0));
    let mut sse_tasks = Vec::new();
    for _ in 0..a.sse {
        let (token, connected, inits, updates) = (
            token.clone(),
            connected.clone(),
            inits.clone(),
            updates.clone(),
        );
        sse_tasks.push(tokio::spawn(async move {
            let Ok(mut s) = TcpStream::connect(addr).await else { return };
            let req = format!(
                "GET /api/runs/stream HTTP/1.1\r\nHost: {addr}\r\nCookie: jwttoken={token}\r\nAccept: text/event-stream\r\n\r\n"
            );
            if s.write_all(req.as_bytes()).await.is_err() {
                return;
            }
            connected.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 16 * 1024];
            let mut seen_init = false;
            loop {
                match s.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let chunk = String::from_utf8_lossy(&buf[..n]);
                        if !seen_init && chunk.contains("event: init") {
                            seen_init = true;
                            inits.fetch_add(1, Ordering::SeqCst);
                        }
                        updates.fetch_add(chunk.matches("event: run-update").count() as u64, Ordering::Relaxed);
                    }
                }
            }
            connected.fetch_sub(1, Ordering::SeqCst);
        }));
    }
    let ready_by = Instant::now() + Duration::from_secs(10);
    while inits.load(Ordering::SeqCst) < a.sse && Instant::now() < ready_by {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "  {} SSE clients connected, {} got their init",
        connected.load(Ordering::SeqCst),
        inits.load(Ordering::SeqCst)
    );

    // Pollers.
    let cpu_before = cpu_secs();
    let started = Instant::now();
    let end = started + Duration::from_secs(a.secs);
    let per_conn = a.rate as f64 / a.conns as f64;
    let errors = Arc::new(AtomicU64::new(0));
    let not_modified = Arc::new(AtomicU64::new(0));
    let mut pollers = Vec::new();
    for i in 0..a.conns {
        let (token, errors, not_modified) = (token.clone(), errors.clone(), not_modified.clone());
        pollers.push(tokio::spawn(async move {
            let mut lat: Vec<u64> = Vec::new();
            let Ok(mut c) = Conn::open(addr).await else {
                errors.fetch_add(1, Ordering::Relaxed);
                return lat;
            };
            let mut etags: std::collections::HashMap<u64, String> = Default::default();
            let mut iv = tokio::time::interval(Duration::from_secs_f64(1.0 / per_conn));
            iv.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut n = 0u64;
            while Instant::now() < end {
                iv.tick().await;
                n += 1;
                let id = 1 + (i as u64 + n / 2) % 8;
                // Half the polls revalidate with If-None-Match, like the console.
                let inm = match etags.get(&id) {
                    Some(etag) if n.is_multiple_of(2) => format!("If-None-Match: {etag}\r\n"),
                    _ => String::new(),
                };
                let head = format!(
                    "GET /api/rest/v1/workbenches/{id} HTTP/1.1\r\nHost: {addr}\r\nCookie: jwttoken={token}\r\n{inm}"
                );
                let t0 = Instant::now();
                match c.request(&head, "").await {
                    Ok((200, h, _)) => {
                        lat.push(t0.elapsed().as_micros() as u64);
                        if let Some(e) = h.lines().find_map(|l| l.strip_prefix("etag: ")) {
                            etags.insert(id, e.trim().to_string());
                        }
                    }
                    Ok((304, _, _)) => {
                        lat.push(t0.elapsed().as_micros() as u64);
                        not_modified.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        match Conn::open(addr).await {
                            Ok(fresh) => c = fresh,
                            Err(_) => break,
                        }
                    }
                }
            }
            lat
        }));
    }
    // A run every second: every stream gets updates meanwhile.
    let mut runs_started = 0u32;
    let mut jc = Conn::open(addr).await.expect("connect");
    while Instant::now() < end {
        let head = format!(
            "POST /api/projects/1/run HTTP/1.1\r\nHost: {addr}\r\nCookie: jwttoken={token}\r\n"
        );
        if let Ok((200, _, _)) = jc.request(&head, "").await {
            runs_started += 1;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let mut lat: Vec<u64> = Vec::new();
    for p in pollers {
        if let Ok(l) = p.await {
            lat.extend(l);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = match (cpu_before, cpu_secs()) {
        (Some(a), Some(b)) => format!("{:.1} s CPU (server and load generator together)", b - a),
        _ => "n/a".into(),
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (status, _, body) = jc
        .request(
            &format!("GET /api/dev/stats HTTP/1.1\r\nHost: {addr}\r\n"),
            "",
        )
        .await
        .unwrap_or((0, String::new(), Vec::new()));
    let server_sse = if status == 200 {
        serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["sseClients"].as_u64())
            .map(|n| n.to_string())
            .unwrap_or_else(|| "?".into())
    } else {
        "?".into()
    };
    lat.sort_unstable();
    let done = lat.len();
    println!("results after {elapsed:.1} s:");
    println!(
        "  polls done:        {done} ({:.0}/s), {} answered 304 Not Modified",
        done as f64 / elapsed,
        not_modified.load(Ordering::Relaxed)
    );
    println!(
        "  latency:           p50 {:.2} ms · p90 {:.2} ms · p99 {:.2} ms · max {:.2} ms",
        percentile(&lat, 0.50),
        percentile(&lat, 0.90),
        percentile(&lat, 0.99),
        percentile(&lat, 1.0)
    );
    println!("  errors:            {}", errors.load(Ordering::Relaxed));
    println!(
        "  SSE clients:       {} of {} still connected (server counts {})",
        connected.load(Ordering::SeqCst),
        a.sse,
        server_sse,
    );
    println!(
        "  SSE events:        {} run-update events received ({:.1} per client) for {} runs started",
        updates.load(Ordering::Relaxed),
        updates.load(Ordering::Relaxed) as f64 / a.sse.max(1) as f64,
        runs_started
    );
    println!("  cpu:               {cpu}");
    for t in sse_tasks {
        t.abort();
    }
}
