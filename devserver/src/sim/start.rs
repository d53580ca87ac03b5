//! A run's start, one step per condition as the controller works through them: the volume
//! (`PVCReady`), the secrets (`SecretsReady`), the job (`JobCreated`), the pod (`PodScheduled`),
//! the runner container (`RunnerStarted`) and the desktop (`Ready`). Each step adds its
//! condition and moves the server pod's status on; what the failing scenarios change in a step
//! is in `scenarios`.

use super::model::{
    cond, derive_phase, timeline, CondStatus, RunSpec, Scenario, SimCondition, SimStatus,
};
use super::steps::{Runner, Secrets, Start};
use super::{hostile_suffix, scenarios};
use super::{IMAGE, OBSERVE_LAG};

use CondStatus::{False, True, Unknown};

/// The status of a run `t` simulated seconds after its start (not stopped).
pub(super) fn lifecycle(spec: &RunSpec, t: f64) -> SimStatus {
    if t < OBSERVE_LAG {
        return super::unobserved(spec);
    }
    let mut start = Start::new(spec, t);
    let pvc_ok = start.pvc_ready();
    let secrets = start.secrets_ready(pvc_ok);
    let job_ok = start.job_created(secrets);
    let sched_ok = start.pod_scheduled(job_ok);
    let runner = start.runner_started(sched_ok);
    let ready_ok = start.ready(sched_ok, job_ok, secrets, &runner);
    start.finish(job_ok, ready_ok, runner)
}

impl<'a> Start<'a> {
    fn new(spec: &'a RunSpec, t: f64) -> Self {
        let x = hostile_suffix(spec);
        Start {
            spec,
            t,
            tl: timeline(spec.scenario),
            x,
            job: spec.job_name(),
            pod: spec.pod_name(),
            conditions: Vec::with_capacity(7),
            pod_status: "Waiting",
            pod_message: format!("Provisioning the workspace volume…{x}"),
        }
    }

    /// `PVCReady`: the workspace volume is bound.
    fn pvc_ready(&mut self) -> bool {
        let (t, tl, x) = (self.t, self.tl, self.x);
        let pvc = self.spec.pvc_name();
        let pvc_ok = t >= tl.pvc;
        self.conditions.push(if pvc_ok {
            cond(
                "PVCReady",
                True,
                "Bound",
                format!("PVC {pvc} is bound{x}"),
                tl.pvc,
            )
        } else {
            cond(
                "PVCReady",
                False,
                "Provisioning",
                format!("PVC {pvc} is being provisioned{x}"),
                OBSERVE_LAG,
            )
        });
        pvc_ok
    }

    /// `SecretsReady`: the secrets the runner needs are there (never, in `missing-secret`).
    fn secrets_ready(&mut self, pvc_ok: bool) -> Secrets {
        let (t, tl, x) = (self.t, self.tl, self.x);
        let missing_scenario = self.spec.scenario == Scenario::MissingSecret;
        let secrets = Secrets {
            ok: !missing_scenario && t >= tl.secrets,
            missing: missing_scenario && t >= tl.secrets,
        };
        self.conditions.push(if secrets.ok {
            cond(
                "SecretsReady",
                True,
                "AllSecretsFound",
                format!("All required secrets are present{x}"),
                tl.secrets,
            )
        } else if secrets.missing {
            scenarios::secret_not_found(tl.secrets, x)
        } else if pvc_ok {
            cond(
                "SecretsReady",
                Unknown,
                "Checking",
                format!("Checking the required secrets{x}"),
                OBSERVE_LAG,
            )
        } else {
            cond(
                "SecretsReady",
                Unknown,
                "WaitingForPVC",
                format!("Waiting for the workspace volume{x}"),
                OBSERVE_LAG,
            )
        });
        if pvc_ok {
            self.pod_message = format!("Checking secrets…{x}");
        }
        if secrets.missing {
            self.pod_message = scenarios::waiting_for_secret(t - tl.secrets, x);
        }
        secrets
    }

    /// `JobCreated`: the runner's job exists.
    fn job_created(&mut self, secrets: Secrets) -> bool {
        let (t, tl, x) = (self.t, self.tl, self.x);
        let job = &self.job;
        let job_ok = secrets.ok && t >= tl.job;
        self.conditions.push(if job_ok {
            cond(
                "JobCreated",
                True,
                "Created",
                format!("Job {job} created{x}"),
                tl.job,
            )
        } else if secrets.missing {
            cond(
                "JobCreated",
                False,
                "WaitingForSecrets",
                format!("Cannot create job until secrets are ready{x}"),
                tl.secrets,
            )
        } else {
            cond(
                "JobCreated",
                Unknown,
                "WaitingForPrerequisites",
                format!("Waiting for the volume and the secrets{x}"),
                OBSERVE_LAG,
            )
        });
        if secrets.ok {
            self.pod_message = format!("Creating the job…{x}");
        }
        job_ok
    }

    /// `PodScheduled`: the pod has a node (in `slow`, only after the cluster scaled up).
    fn pod_scheduled(&mut self, job_ok: bool) -> bool {
        let (t, tl, x) = (self.t, self.tl, self.x);
        let (pod, node) = (&self.pod, self.spec.node_name());
        let sched_ok = job_ok && t >= tl.scheduled;
        let unschedulable = match tl.unschedulable_from {
            Some(u) if job_ok && !sched_ok && t >= u => Some(u),
            _ => None,
        };
        self.conditions.push(if sched_ok {
            cond(
                "PodScheduled",
                True,
                "Scheduled",
                format!("Pod {pod} scheduled on node {node}{x}"),
                tl.scheduled,
            )
        } else if let Some(u) = unschedulable {
            cond(
                "PodScheduled",
                False,
                "Unschedulable",
                format!("0/3 nodes are available: 3 Insufficient memory. Waiting for the cluster to scale up{x}"),
                u,
            )
        } else if job_ok {
            cond(
                "PodScheduled",
                Unknown,
                "Pending",
                format!("Pod {pod} is waiting for a node{x}"),
                OBSERVE_LAG,
            )
        } else {
            cond(
                "PodScheduled",
                Unknown,
                "WaitingForJob",
                format!("Waiting for the job{x}"),
                OBSERVE_LAG,
            )
        });
        if job_ok {
            self.pod_message = if unschedulable.is_some() {
                format!("No node has enough memory yet, waiting for the cluster to scale up…{x}")
            } else {
                format!("Waiting for a node…{x}")
            };
        }
        sched_ok
    }

    /// `RunnerStarted`, and what may fail from here on: the image pull, a crash loop, the
    /// deadline.
    fn runner_started(&mut self, sched_ok: bool) -> Runner {
        let (t, tl, x) = (self.t, self.tl, self.x);
        let (condition, runner) = if !sched_ok {
            let c = cond(
                "RunnerStarted",
                Unknown,
                "WaitingForPod",
                format!("Waiting for the pod to be scheduled{x}"),
                OBSERVE_LAG,
            );
            (c, Runner::default())
        } else if self.spec.scenario == Scenario::ImagePull {
            scenarios::image_pull(self)
        } else if t < tl.runner {
            self.pod_status = "Waiting";
            self.pod_message = format!("Pulling image {IMAGE}…{x}");
            let c = cond(
                "RunnerStarted",
                False,
                "ContainerCreating",
                format!("Pulling image {IMAGE}{x}"),
                tl.scheduled,
            );
            (c, Runner::default())
        } else {
            let (c, runner) = self.runner_running();
            let runner = Runner {
                start_time: Some(tl.runner),
                ..runner
            };
            (c, runner)
        };
        self.conditions.push(condition);
        runner
    }

    /// The runner container started: it runs, unless its scenario crashes or times it out.
    fn runner_running(&mut self) -> (SimCondition, Runner) {
        let (t, tl, x) = (self.t, self.tl, self.x);
        match self.spec.scenario {
            Scenario::Crashloop if t >= super::CRASHES[0] => scenarios::crashloop(self),
            Scenario::Timeout if t >= super::DEADLINE => scenarios::timeout(self),
            _ => {
                if t < tl.ready {
                    self.pod_status = "Starting";
                    self.pod_message = format!("Starting remote desktop…{x}");
                } else {
                    self.pod_status = "Ready";
                    self.pod_message = format!("Remote desktop is ready{x}");
                }
                let c = cond(
                    "RunnerStarted",
                    True,
                    "ContainerRunning",
                    format!("Runner container is running{x}"),
                    tl.runner,
                );
                (c, Runner::default())
            }
        }
    }

    /// `Ready`: the desktop answers; else why not.
    fn ready(&mut self, sched_ok: bool, job_ok: bool, secrets: Secrets, runner: &Runner) -> bool {
        let (t, tl, x) = (self.t, self.tl, self.x);
        let ready_ok = sched_ok
            && t >= tl.ready
            && runner.failed.is_none()
            && runner.ready_end.is_none_or(|e| t < e)
            && runner.start_time.is_some();
        let false_since = match runner.ready_end {
            Some(e) if t >= e && e > tl.ready => e,
            _ => OBSERVE_LAG,
        };
        let not_ready =
            |reason, message: String| cond("Ready", False, reason, message, false_since);
        self.conditions.push(if ready_ok {
            cond(
                "Ready",
                True,
                "SessionRunning",
                format!("Session is running normally{x}"),
                tl.ready,
            )
        } else if let Some((reason, _, _)) = &runner.failed {
            not_ready("SessionFailed", format!("Session failed: {reason}{x}"))
        } else if secrets.missing {
            not_ready(
                "SecretsNotReady",
                format!("Waiting for required secrets{x}"),
            )
        } else if runner.ready_end.is_some() {
            not_ready(
                "RunnerCrashing",
                format!("The runner container keeps crashing{x}"),
            )
        } else if !job_ok {
            not_ready(
                "Provisioning",
                format!("Provisioning the volume and the secrets{x}"),
            )
        } else if runner.start_time.is_none() {
            not_ready("Starting", format!("Waiting for the runner container{x}"))
        } else {
            not_ready(
                "Starting",
                format!("Waiting for the remote desktop to answer{x}"),
            )
        });
        ready_ok
    }

    /// `Failed` when the run failed, and the status as a whole.
    fn finish(mut self, job_ok: bool, ready_ok: bool, runner: Runner) -> SimStatus {
        let mut completion_time = None;
        if let Some((reason, message, at)) = runner.failed {
            self.conditions
                .push(cond("Failed", True, reason, message, at));
            completion_time = Some(at);
        }
        // The deployment runs as soon as its runner container does: seconds before the desktop
        // server answers (`serverPodStatus` turns `Ready` only then), as on a real cluster.
        let runner_running = self
            .conditions
            .iter()
            .any(|x| x.kind == "RunnerStarted" && x.status == True);
        let k8s_status = if completion_time.is_some() {
            "Failed"
        } else if runner_running && self.spec.scenario == Scenario::UnknownStatus {
            "Hibernating"
        } else if runner_running {
            "Running"
        } else {
            "Progressing"
        };
        SimStatus {
            observed: true,
            phase: derive_phase(&self.conditions),
            k8s_status,
            server_pod_status: self.pod_status,
            server_pod_message: self.pod_message,
            conditions: self.conditions,
            job_name: job_ok.then_some(self.job),
            runner_pod_name: job_ok.then_some(self.pod),
            start_time: runner.start_time,
            completion_time,
            ready_since: ready_ok.then_some(self.tl.ready),
        }
    }
}
