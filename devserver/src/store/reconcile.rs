//! The controller step: moves every record to the current simulated time, merging what
//! [`crate::sim`] says into the stored status the way a Kubernetes operator does.

use std::time::SystemTime;

use super::clock::SimClock;
use super::model::{Condition, Job, RunMsg, Workbench};
use super::Store;
use crate::config::Jobs;
use crate::sim;
use crate::wire::rfc3339;

/// At most this many `run-log` lines per run and step.
const RUN_LOG_BURST: u32 = 5;

impl Store {
    /// Moves every session, app instance and job to the current simulated time; publishes run
    /// changes. Idempotent: called by the background tick and before every API request.
    pub fn advance(&mut self) {
        let now = self.clock.now();
        let wall = SystemTime::now();
        let mut changed = Vec::new();
        for wb in self.workbenches.values_mut() {
            if reconcile_workbench(wb, &self.clock, now, wall) {
                changed.push(wb.id);
            }
        }
        for id in changed {
            self.workbench_changed(id);
        }
        self.reconcile_instances(now, wall);
        self.reconcile_services();
        self.chorus_statuses();
        for b in self.builds.values_mut() {
            if !b.fixed {
                let j = sim::build_status(b.seq, now - b.created_sim);
                apply_job(b, &j, &self.clock, now, wall);
            }
        }
        let logs = self.jobs == Jobs::Mc;
        let mut updates = Vec::new();
        for r in self.runs.values_mut() {
            if r.fixed {
                continue;
            }
            let j = sim::run_status(now - r.created_sim, r.stop_sim.map(|s| s - r.created_sim));
            if apply_job(r, &j, &self.clock, now, wall) {
                updates.push(RunMsg::Update(r.clone()));
            }
            if logs && r.status == "running" {
                let due = sim::run_log_lines(now - r.created_sim);
                // After a jump of the clock, only the last few lines.
                r.log_lines = r.log_lines.max(due.saturating_sub(RUN_LOG_BURST));
                while r.log_lines < due {
                    let line = sim::run_log_line(r.log_lines, &rfc3339(wall));
                    r.log_lines += 1;
                    updates.push(RunMsg::Log {
                        run: r.clone(),
                        line,
                    });
                }
            }
        }
        for u in updates {
            let _ = self.runs_tx.send(u);
        }
    }

    fn reconcile_instances(&mut self, now: f64, wall: SystemTime) {
        for inst in self.instances.values_mut() {
            let Some(wb) = self.workbenches.get(&inst.workbench_id) else {
                continue;
            };
            let failing = self
                .apps
                .iter()
                .find(|a| a.id == inst.app_id)
                .is_some_and(|a| a.failing);
            let (st, msg) = if inst.failed {
                ("Failed", inst.k8s_message.clone())
            } else {
                let (st, msg) = sim::app_instance_status(
                    &inst.app_name,
                    failing,
                    wb.ready_at,
                    inst.created_sim,
                    now,
                );
                if st.is_empty() && inst.ever_running {
                    (
                        "Stopped",
                        format!("{} stopped: its session is not running", inst.app_name),
                    )
                } else {
                    (st, msg)
                }
            };
            inst.failed |= st == "Failed";
            inst.ever_running |= st == "Running";
            if inst.k8s_status != st || inst.k8s_message != msg {
                inst.k8s_status = st;
                inst.k8s_message = msg;
                inst.updated_at = wall;
            }
        }
    }

    /// Moves one session to the current simulated time after an operation on it (create,
    /// stop, start): its watch streams hear of it whether the controller step changed it or
    /// the operation did.
    pub(crate) fn reconcile_one(&mut self, id: u64) {
        let now = self.clock.now();
        let wall = SystemTime::now();
        if let Some(wb) = self.workbenches.get_mut(&id) {
            reconcile_workbench(wb, &self.clock, now, wall);
        }
        self.chorus_statuses();
        self.workbench_changed(id);
    }
}

/// Applies a simulated job state; true when the status changed.
fn apply_job(j: &mut Job, s: &sim::JobSim, clock: &SimClock, now: f64, wall: SystemTime) -> bool {
    let at = |off: f64| clock.wall_of(j.created_sim + off, now, wall);
    if j.started_at.is_none() {
        j.started_at = s.started.map(at);
    }
    if j.finished_at.is_none() {
        j.finished_at = s.finished.map(at);
    }
    if j.error.is_none() {
        j.error = s.error.clone();
    }
    if j.status != s.status {
        j.status = s.status;
        true
    } else {
        false
    }
}

/// Sets `*field` to `value`; true when it changed.
fn set<T: PartialEq>(field: &mut T, value: T) -> bool {
    if *field == value {
        false
    } else {
        *field = value;
        true
    }
}

/// Merges the simulated status into the stored one, Kubernetes-style; true when the record
/// changed.
fn reconcile_workbench(wb: &mut Workbench, clock: &SimClock, now: f64, wall: SystemTime) -> bool {
    if wb.raw_conditions.is_some() {
        return false;
    }
    let elapsed = now - wb.run_start;
    let stop = wb.stop_at.map(|s| s - wb.run_start);
    let s = sim::status_at(&wb.spec, elapsed, stop);
    let run_start = wb.run_start;
    let at = |off: f64| clock.wall_of(run_start + off, now, wall);
    let mut changed = set(&mut wb.phase, s.phase);
    changed |= set(&mut wb.k8s_status, s.k8s_status);
    changed |= set(&mut wb.server_pod_status, s.server_pod_status);
    changed |= set(&mut wb.server_pod_message, s.server_pod_message.clone());
    if s.observed {
        let gen = wb.generation;
        changed |= set(&mut wb.observed_generation, gen);
        let same_shape = wb.conditions.len() == s.conditions.len()
            && wb
                .conditions
                .iter()
                .zip(&s.conditions)
                .all(|(a, b)| a.kind == b.kind);
        changed |= !same_shape;
        let mut merged = Vec::with_capacity(s.conditions.len());
        for d in &s.conditions {
            let old = wb.conditions.iter().find(|c| c.kind == d.kind);
            let last_transition = match old {
                Some(o) if o.status == d.status => {
                    changed |= o.reason != d.reason
                        || o.message != d.message
                        || o.observed_generation != gen;
                    o.last_transition
                }
                _ => {
                    changed = true;
                    at(d.since)
                }
            };
            merged.push(Condition {
                kind: d.kind,
                status: d.status,
                reason: d.reason,
                message: d.message.clone(),
                last_transition,
                observed_generation: gen,
            });
        }
        wb.conditions = merged;
        changed |= set(&mut wb.job_name, s.job_name.clone().unwrap_or_default());
        changed |= set(
            &mut wb.runner_pod_name,
            s.runner_pod_name.clone().unwrap_or_default(),
        );
        // A start or completion time is set once, when it first appears, and cleared on restart.
        for (stored, sim_time) in [
            (&mut wb.start_time, s.start_time),
            (&mut wb.completion_time, s.completion_time),
        ] {
            match (stored.is_some(), sim_time) {
                (false, Some(o)) => {
                    *stored = Some(at(o));
                    changed = true;
                }
                (true, None) => {
                    *stored = None;
                    changed = true;
                }
                _ => {}
            }
        }
    }
    wb.ready_at = s.ready_since.map(|r| run_start + r);
    if changed {
        wb.updated_at = wall;
    }
    changed
}
