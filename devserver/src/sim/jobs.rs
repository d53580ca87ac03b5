//! App instances and the background jobs (builds, runs): when they start, finish or fail.

use super::{APP_START, BUILD_PENDING, BUILD_RUNNING, RUN_PENDING, RUN_STOPPING};

/// An app instance's `(k8sStatus, k8sMessage)`: waits for its session to run
/// (`session_ready_at`, simulated clock), then starts within `APP_START`, and fails if its app is
/// marked failing. All times on the same simulated clock.
pub fn app_instance_status(
    app_name: &str,
    failing: bool,
    session_ready_at: Option<f64>,
    created_at: f64,
    now: f64,
) -> (&'static str, String) {
    match session_ready_at {
        None => ("", "Waiting for the session to start".to_string()),
        Some(r) => {
            let e = now - r.max(created_at);
            if e < APP_START {
                ("Progressing", format!("Starting {app_name}…"))
            } else if failing {
                (
                    "Failed",
                    format!(
                        "{app_name} could not start: its container exited with code 1 \
                         (unsupported display protocol). Ask an administrator to fix the app, \
                         then try again."
                    ),
                )
            } else {
                ("Running", format!("{app_name} is running"))
            }
        }
    }
}

/// A background job's state at one instant (times: simulated seconds after its creation).
#[derive(Clone, Debug, PartialEq)]
pub struct JobSim {
    pub status: &'static str,
    pub started: Option<f64>,
    pub finished: Option<f64>,
    pub error: Option<String>,
}

/// Whether build `id` fails: every 5th build does, deterministically.
pub fn build_fails(id: u64) -> bool {
    id.is_multiple_of(5)
}

pub fn build_status(id: u64, t: f64) -> JobSim {
    if t < BUILD_PENDING {
        return JobSim {
            status: "pending",
            started: None,
            finished: None,
            error: None,
        };
    }
    let done = BUILD_PENDING + BUILD_RUNNING;
    if t < done {
        return JobSim {
            status: "running",
            started: Some(BUILD_PENDING),
            finished: None,
            error: None,
        };
    }
    let fails = build_fails(id);
    JobSim {
        status: if fails { "failed" } else { "succeeded" },
        started: Some(BUILD_PENDING),
        finished: Some(done),
        error: fails.then(|| {
            "Build failed: step 4/7 RUN pip install -r requirements.txt returned a non-zero code: 1"
                .to_string()
        }),
    }
}

/// mc dialect: a running run prints a line this often.
pub const RUN_LOG_EVERY: f64 = 3.0;

/// How many output lines a run has printed `t` seconds after its creation (one when it starts
/// running, then one every [`RUN_LOG_EVERY`]).
pub fn run_log_lines(t: f64) -> u32 {
    if t < RUN_PENDING {
        0
    } else {
        1 + ((t - RUN_PENDING) / RUN_LOG_EVERY).floor().min(1e6) as u32
    }
}

/// The `n`-th output line of a run, stamped `at`.
pub fn run_log_line(n: u32, at: &str) -> String {
    const LINES: &[&str] = &[
        "[Server thread/INFO]: Starting minecraft server version 1.21.4",
        "[Server thread/INFO]: Preparing level \"world\"",
        "[Server thread/INFO]: Done (5.290s)! For help, type \"help\"",
        "[Server thread/INFO]: There are 0 of a max of 20 players online",
        "[Server thread/INFO]: Saving the game (this may take a moment!)",
    ];
    format!("[{at}] {}", LINES[n as usize % LINES.len()])
}

/// A run `t` seconds after its creation, stopped at `stop_at` if the user asked.
pub fn run_status(t: f64, stop_at: Option<f64>) -> JobSim {
    let started = |upto: f64| (upto >= RUN_PENDING).then_some(RUN_PENDING);
    match stop_at {
        Some(s) if t >= s + RUN_STOPPING => JobSim {
            status: "stopped",
            started: started(s),
            finished: Some(s + RUN_STOPPING),
            error: None,
        },
        Some(s) if t >= s => JobSim {
            status: "stopping",
            started: started(s),
            finished: None,
            error: None,
        },
        _ if t < RUN_PENDING => JobSim {
            status: "pending",
            started: None,
            finished: None,
            error: None,
        },
        _ => JobSim {
            status: "running",
            started: Some(RUN_PENDING),
            finished: None,
            error: None,
        },
    }
}
