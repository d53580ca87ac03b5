//! The simulated controller, tested as pure functions of simulated time: no sleeping.

use std::time::Duration;

use devserver::sim::*;

fn at(s: Scenario, t: f64) -> SimStatus {
    status_at(&RunSpec::new(s, 1), t, None)
}

fn c(st: &SimStatus, kind: &str) -> (&'static str, &'static str) {
    st.condition(kind)
        .map(|c| (c.status.as_str(), c.reason))
        .unwrap_or(("absent", ""))
}

/// Samples a run every `step` simulated seconds up to `end`.
fn samples(spec: &RunSpec, end: f64, step: f64, stop: Option<f64>) -> Vec<(f64, SimStatus)> {
    let mut out = Vec::new();
    let mut t = 0.0;
    while t <= end {
        out.push((t, status_at(spec, t, stop)));
        t += step;
    }
    out
}

#[test]
fn healthy_walks_every_step_in_order() {
    use Scenario::Healthy;
    let s = at(Healthy, 0.5);
    assert!(!s.observed);
    assert_eq!((s.k8s_status, s.phase), ("", "Pending"));
    assert!(s.conditions.is_empty());

    let s = at(Healthy, 2.0);
    assert!(s.observed);
    assert_eq!(s.k8s_status, "Progressing");
    assert_eq!(s.phase, "Pending");
    assert_eq!(c(&s, "PVCReady"), ("False", "Provisioning"));
    assert_eq!(c(&s, "SecretsReady"), ("Unknown", "WaitingForPVC"));
    assert_eq!(c(&s, "Ready"), ("False", "Provisioning"));
    assert_eq!(s.server_pod_status, "Waiting");

    let s = at(Healthy, 4.0);
    assert_eq!(c(&s, "PVCReady"), ("True", "Bound"));
    let s = at(Healthy, 6.0);
    assert_eq!(c(&s, "SecretsReady"), ("True", "AllSecretsFound"));
    assert_eq!(s.phase, "Pending");
    let s = at(Healthy, 8.0);
    assert_eq!(c(&s, "JobCreated"), ("True", "Created"));
    assert_eq!(s.phase, "Creating");
    assert_eq!(s.job_name.as_deref(), Some("workbench-1-run-1"));
    assert!(s
        .runner_pod_name
        .as_deref()
        .is_some_and(|p| p.starts_with("workbench-1-run-1-")));

    let s = at(Healthy, 12.0);
    assert_eq!(c(&s, "PodScheduled"), ("True", "Scheduled"));
    assert_eq!(c(&s, "RunnerStarted"), ("False", "ContainerCreating"));
    assert_eq!(s.server_pod_status, "Waiting");
    assert_eq!(
        s.server_pod_message,
        "Pulling image registry.example.org/desktop:1.4…"
    );

    // The deployment runs (k8sStatus Running) while the desktop server is still starting.
    let s = at(Healthy, 20.0);
    assert_eq!(c(&s, "RunnerStarted"), ("True", "ContainerRunning"));
    assert_eq!(s.phase, "Running");
    assert_eq!(s.k8s_status, "Running");
    assert_eq!(s.server_pod_status, "Starting");
    assert_eq!(s.server_pod_message, "Starting remote desktop…");
    assert_eq!(s.start_time, Some(19.0));

    for t in [26.0, 600.0, 86_400.0] {
        let s = at(Healthy, t);
        assert_eq!(c(&s, "Ready"), ("True", "SessionRunning"));
        assert_eq!(
            (s.k8s_status, s.phase, s.server_pod_status),
            ("Running", "Running", "Ready")
        );
        assert_eq!(s.ready_since, Some(25.0));
        assert!(s.condition("Failed").is_none());
        assert_eq!(s.completion_time, None);
    }
}

#[test]
fn healthy_start_takes_20_to_40_seconds_and_conditions_turn_true_in_order() {
    let spec = RunSpec::new(Scenario::Healthy, 3);
    let mut order: Vec<&str> = Vec::new();
    let mut running_at = None;
    let mut deployment_at = None;
    for (t, s) in samples(&spec, 60.0, 0.25, None) {
        for cnd in &s.conditions {
            if cnd.status == CondStatus::True && !order.contains(&cnd.kind) {
                order.push(cnd.kind);
            }
        }
        if deployment_at.is_none() && s.k8s_status == "Running" {
            deployment_at = Some(t);
        }
        if running_at.is_none() && s.k8s_status == "Running" && s.server_pod_status == "Ready" {
            running_at = Some(t);
        }
    }
    assert_eq!(
        order,
        [
            "PVCReady",
            "SecretsReady",
            "JobCreated",
            "PodScheduled",
            "RunnerStarted",
            "Ready"
        ]
    );
    let t = running_at.expect("reaches Running and Ready");
    assert!((20.0..=40.0).contains(&t), "Running after {t}s");
    // The readiness lag of a real cluster: k8sStatus Running 5–8 s before the desktop answers.
    let lag = t - deployment_at.expect("the deployment runs");
    assert!(
        (5.0..=8.0).contains(&lag),
        "k8sStatus Running {lag}s before Ready"
    );
}

#[test]
fn transition_times_move_only_when_the_status_changes() {
    for scenario in Scenario::ALL {
        let spec = RunSpec::new(scenario, 7);
        for stop in [None, Some(30.0)] {
            let mut prev: Option<(f64, SimStatus)> = None;
            for (t, s) in samples(&spec, 420.0, 0.25, stop) {
                if let Some((pt, p)) = &prev {
                    if p.observed && s.observed {
                        for cnd in &s.conditions {
                            match p.condition(cnd.kind) {
                                Some(old) if old.status == cnd.status => assert_eq!(
                                    old.since, cnd.since,
                                    "{scenario:?} {}: since moved at {t} without a status change",
                                    cnd.kind
                                ),
                                _ => assert!(
                                    cnd.since > *pt - 1e-9 && cnd.since <= t + 1e-9,
                                    "{scenario:?} {} changed between {pt} and {t} but since={}",
                                    cnd.kind,
                                    cnd.since
                                ),
                            }
                        }
                    }
                }
                prev = Some((t, s));
            }
        }
    }
}

#[test]
fn phase_is_derived_from_conditions_unless_the_user_stopped() {
    for scenario in Scenario::ALL {
        let spec = RunSpec::new(scenario, 2);
        for (t, s) in samples(&spec, 400.0, 0.5, None) {
            if s.observed {
                assert_eq!(s.phase, derive_phase(&s.conditions), "{scenario:?} at {t}");
            }
            let failed = s
                .condition("Failed")
                .is_some_and(|c| c.status == CondStatus::True);
            assert_eq!(failed, s.k8s_status == "Failed", "{scenario:?} at {t}");
            assert_eq!(failed, s.completion_time.is_some(), "{scenario:?} at {t}");
        }
    }
}

#[test]
fn slow_is_ready_only_after_the_five_minute_deadline() {
    use Scenario::Slow;
    let s = at(Slow, 20.0);
    assert_eq!(c(&s, "PodScheduled"), ("False", "Unschedulable"));
    assert_eq!(s.k8s_status, "Progressing");
    assert_eq!(s.phase, "Creating");
    assert_eq!(at(Slow, 300.0).k8s_status, "Progressing");
    assert_eq!(c(&at(Slow, 200.0), "PodScheduled"), ("True", "Scheduled"));
    assert_eq!(
        c(&at(Slow, 330.0), "RunnerStarted"),
        ("True", "ContainerRunning")
    );
    let s = at(Slow, 361.0);
    assert_eq!((s.k8s_status, s.phase), ("Running", "Running"));
}

#[test]
fn missing_secret_stays_pending_and_retries() {
    use Scenario::MissingSecret;
    let early = at(MissingSecret, 6.0);
    let later = at(MissingSecret, 3600.0);
    for s in [&early, &later] {
        assert_eq!(c(s, "PVCReady"), ("True", "Bound"));
        assert_eq!(c(s, "SecretsReady"), ("False", "SecretNotFound"));
        assert_eq!(
            s.condition("SecretsReady").map(|c| c.message.as_str()),
            Some("Secret 'ambient-runner-secrets' not found")
        );
        assert_eq!(c(s, "JobCreated"), ("False", "WaitingForSecrets"));
        assert_eq!(c(s, "Ready"), ("False", "SecretsNotReady"));
        assert_eq!((s.phase, s.k8s_status), ("Pending", "Progressing"));
        assert!(s.job_name.is_none());
    }
    assert!(
        early.server_pod_message.contains("checked 1 time,"),
        "{}",
        early.server_pod_message
    );
    assert!(
        later.server_pod_message.contains("checked 240 times"),
        "{}",
        later.server_pod_message
    );
    // The retries do not move the transition time.
    assert_eq!(
        early.condition("SecretsReady").map(|c| c.since),
        later.condition("SecretsReady").map(|c| c.since)
    );
}

#[test]
fn image_pull_backs_off_then_fails() {
    use Scenario::ImagePull;
    let s = at(ImagePull, 11.0);
    assert_eq!(c(&s, "RunnerStarted"), ("False", "ErrImagePull"));
    assert_eq!(s.k8s_status, "Progressing");
    let s = at(ImagePull, 14.0);
    assert_eq!(c(&s, "RunnerStarted"), ("False", "ImagePullBackOff"));
    assert_eq!(s.k8s_status, "Progressing");
    assert_eq!(s.phase, "Creating");
    let s = at(ImagePull, 24.0);
    assert_eq!(c(&s, "Failed"), ("True", "ImagePullBackOff"));
    assert_eq!(c(&s, "Ready"), ("False", "SessionFailed"));
    assert_eq!(
        (s.k8s_status, s.phase, s.server_pod_status),
        ("Failed", "Failed", "Failing")
    );
    // ~10 s after the back-off started.
    assert_eq!(s.completion_time, Some(23.0));
    assert_eq!(s.start_time, None);
}

#[test]
fn crashloop_counts_restarts_and_fails_after_three() {
    use Scenario::Crashloop;
    assert_eq!(
        c(&at(Crashloop, 20.0), "RunnerStarted"),
        ("True", "ContainerRunning")
    );
    for (t, restarts) in [(22.0, 0), (27.0, 1), (39.0, 2), (61.0, 3)] {
        let s = at(Crashloop, t);
        assert_eq!(
            c(&s, "RunnerStarted"),
            ("False", "CrashLoopBackOff"),
            "at {t}"
        );
        let msg = &s
            .condition("RunnerStarted")
            .map(|c| c.message.clone())
            .unwrap_or_default();
        assert!(
            msg.contains(&format!("restarts: {restarts}")),
            "at {t}: {msg}"
        );
        assert_eq!(s.k8s_status, "Progressing", "at {t}");
        assert_eq!(s.server_pod_status, "Restarting", "at {t}");
        assert!(s.condition("Failed").is_none());
    }
    let s = at(Crashloop, 63.0);
    assert_eq!(c(&s, "Failed"), ("True", "CrashLoopBackOff"));
    assert_eq!((s.k8s_status, s.phase), ("Failed", "Failed"));
    assert!(s
        .condition("Failed")
        .is_some_and(|c| c.message.contains("3 restarts")));
}

#[test]
fn timeout_runs_then_fails_with_deadline_exceeded() {
    use Scenario::Timeout;
    let s = at(Timeout, 30.0);
    assert_eq!((s.k8s_status, s.phase), ("Running", "Running"));
    let s = at(Timeout, 46.0);
    assert_eq!(c(&s, "Failed"), ("True", "DeadlineExceeded"));
    assert_eq!(c(&s, "RunnerStarted"), ("False", "DeadlineExceeded"));
    assert_eq!((s.k8s_status, s.phase), ("Failed", "Failed"));
    // Ready was True from 25 to 45.
    assert_eq!(s.condition("Ready").map(|c| c.since), Some(DEADLINE));
    assert_eq!(s.start_time, Some(19.0));
    assert_eq!(s.completion_time, Some(DEADLINE));
}

#[test]
fn a_user_stop_goes_through_stopping_to_stopped_with_exit_143() {
    let spec = RunSpec::new(Scenario::Healthy, 1);
    let s = status_at(&spec, 30.2, Some(30.0));
    assert!(!s.observed);
    assert_eq!(
        (s.phase, s.k8s_status, s.server_pod_status),
        ("Stopping", "Progressing", "Terminating")
    );
    let s = status_at(&spec, 31.0, Some(30.0));
    assert!(s.observed);
    assert_eq!(s.phase, "Stopping");
    assert_eq!(c(&s, "Ready"), ("False", "Stopping"));
    let s = status_at(&spec, 34.0, Some(30.0));
    assert_eq!(
        (s.phase, s.k8s_status, s.server_pod_status),
        ("Stopped", "", "Terminated")
    );
    assert_eq!(c(&s, "RunnerStarted"), ("False", "SessionStopped"));
    assert_eq!(c(&s, "Ready"), ("False", "SessionStopped"));
    assert_eq!(c(&s, "JobCreated"), ("False", "JobDeleted"));
    assert_eq!(c(&s, "PVCReady"), ("True", "Bound"), "the volume is kept");
    assert!(s
        .condition("RunnerStarted")
        .is_some_and(|c| c.message.contains("143")));
    assert!(s.server_pod_message.contains("143"));
    assert_eq!(s.completion_time, Some(30.0 + STOP_DURATION));
    assert_eq!(s.start_time, Some(19.0));
    // Stopped stays stopped.
    assert_eq!(status_at(&spec, 10_000.0, Some(30.0)).phase, "Stopped");
    // A stop before the controller saw the session at all.
    let s = status_at(&spec, 10.0, Some(0.5));
    assert_eq!(s.phase, "Stopped");
    assert_eq!(c(&s, "Ready"), ("False", "SessionStopped"));
}

#[test]
fn a_restart_is_progressing_before_the_controller_sees_it() {
    let spec = RunSpec {
        run_no: 2,
        ..RunSpec::new(Scenario::Healthy, 4)
    };
    let s = status_at(&spec, 0.5, None);
    assert!(!s.observed);
    assert_eq!(
        (s.k8s_status, s.server_pod_status, s.phase),
        ("Progressing", "Waiting", "Pending")
    );
    assert_eq!(
        status_at(&spec, 26.0, None).job_name.as_deref(),
        Some("workbench-4-run-2")
    );
}

#[test]
fn the_hostile_session_has_script_tags_in_its_messages() {
    let spec = RunSpec {
        hostile: true,
        ..RunSpec::new(Scenario::Healthy, 8)
    };
    let s = status_at(&spec, 26.0, None);
    assert!(s.server_pod_message.contains("<script>"));
    assert!(s.conditions.iter().all(|c| c.message.contains("<script>")));
}

#[test]
fn simulate_scales_real_time_by_the_speed() {
    let spec = RunSpec::new(Scenario::Healthy, 1);
    assert_eq!(
        simulate(&spec, Duration::from_millis(2600), 10.0, None),
        status_at(&spec, 26.0, None)
    );
    assert_eq!(
        simulate(
            &spec,
            Duration::from_millis(340),
            100.0,
            Some(Duration::from_millis(300))
        ),
        status_at(&spec, 34.0, Some(30.0))
    );
    assert_eq!(Scenario::parse("image-pull"), Some(Scenario::ImagePull));
    assert_eq!(Scenario::parse("nope"), None);
    for s in Scenario::ALL {
        assert_eq!(Scenario::parse(s.as_str()), Some(s));
    }
}

#[test]
fn app_instances_wait_for_their_session_then_start() {
    assert_eq!(
        app_instance_status("JupyterLab", false, None, 0.0, 50.0).0,
        ""
    );
    // Created at 10, session running since 25.
    assert_eq!(
        app_instance_status("JupyterLab", false, Some(25.0), 10.0, 26.0).0,
        "Progressing"
    );
    assert_eq!(
        app_instance_status("JupyterLab", false, Some(25.0), 10.0, 30.0).0,
        "Running"
    );
    // Created after the session runs.
    assert_eq!(
        app_instance_status("VS Code", false, Some(25.0), 100.0, 102.0).0,
        "Progressing"
    );
    let (st, msg) = app_instance_status("Legacy Viewer", true, Some(25.0), 10.0, 40.0);
    assert_eq!(st, "Failed");
    assert!(
        msg.contains("Legacy Viewer") && msg.contains("could not start"),
        "{msg}"
    );
}

#[test]
fn builds_finish_and_every_fifth_fails() {
    assert_eq!(build_status(4, 1.0).status, "pending");
    assert_eq!(build_status(4, 3.0).status, "running");
    let b = build_status(4, 9.0);
    assert_eq!(
        (b.status, b.started, b.finished, b.error.is_none()),
        ("succeeded", Some(2.0), Some(8.0), true)
    );
    let b = build_status(5, 9.0);
    assert_eq!(b.status, "failed");
    assert!(b.error.is_some_and(|e| !e.is_empty()));
    assert!(build_fails(10) && !build_fails(11));
}

#[test]
fn runs_keep_running_until_stopped() {
    assert_eq!(run_status(1.0, None).status, "pending");
    assert_eq!(run_status(3.0, None).status, "running");
    assert_eq!(run_status(100_000.0, None).status, "running");
    let r = run_status(6.0, Some(5.0));
    assert_eq!((r.status, r.finished), ("stopping", None));
    let r = run_status(7.5, Some(5.0));
    assert_eq!(
        (r.status, r.started, r.finished),
        ("stopped", Some(2.0), Some(7.0))
    );
    // Stopped while pending: never started.
    let r = run_status(1.5, Some(1.0));
    assert_eq!((r.status, r.started), ("stopping", None));
}

/// The conditions design's three sessions as the API sends them: the copy the console's browser
/// and unit tests use (`fixtures/design_sessions.rs`).
mod design {
    include!("../../../fixtures/design_sessions.rs");
}

/// Type, status and reason of each condition of a design session, in its order.
fn design_conditions(body: &str) -> Vec<(String, String, String)> {
    let v: serde_json::Value = serde_json::from_str(body).expect("the design sessions are JSON");
    let text = |c: &serde_json::Value, k: &str| c[k].as_str().unwrap_or_default().to_owned();
    v["result"]["workbench"]["conditions"]
        .as_array()
        .expect("conditions")
        .iter()
        .map(|c| (text(c, "type"), text(c, "status"), text(c, "reason")))
        .collect()
}

#[test]
fn settled_scenarios_say_what_the_design_sessions_say() {
    use Scenario::{Healthy, ImagePull, MissingSecret};
    for (scenario, body, t) in [
        (Healthy, design::HEALTHY, 120.0),
        (MissingSecret, design::MISSING_SECRET, 60.0),
        (ImagePull, design::IMAGE_PULL, 600.0),
    ] {
        let st = at(scenario, t);
        for (kind, status, mut reason) in design_conditions(body) {
            // The one difference, on purpose: the design's example status names the image pull's
            // Failed condition `ImagePullError`, while the controller code of the same note sets
            // Failed's reason to the container's waiting reason, `ImagePullBackOff` (api.md lists
            // that reason); the simulator follows the code.
            if (scenario, kind.as_str(), reason.as_str()) == (ImagePull, "Failed", "ImagePullError")
            {
                reason = "ImagePullBackOff".to_owned();
            }
            assert_eq!(
                c(&st, &kind),
                (status.as_str(), reason.as_str()),
                "{scenario:?}, {kind}"
            );
        }
    }
}
