//! What the user does with the tabs (open, close, retry) and the requests it makes: one create
//! per tab (retried on demand), the delete of an instance whose tab closed.
use super::*;

impl AppTabsState {
    /// "Open app" → `app`: adds its tab at once (selected) and creates the instance in the
    /// background. Returns the tab's client id.
    pub fn open(self, app: &App) -> Option<String> {
        let client_id = self.tabs.try_update(|t| t.open(app))?;
        self.send_create(client_id.clone(), app.id.clone());
        Some(client_id)
    }

    /// Closes a tab; deletes its instance when one exists.
    pub fn close(self, client_id: &str) {
        let name = self.app_name(client_id);
        if let Some(Some(cmd)) = self.tabs.try_update(|t| t.close(client_id)) {
            self.run(cmd, &name);
        }
    }

    /// Retry of an error tab: a timed-out tab waits again with a fresh deadline; a failed one
    /// is created again (its failed instance deleted first).
    pub fn retry(self, client_id: &str) {
        let name = self.app_name(client_id);
        let t = now_ms_i64();
        let was_timed_out = self
            .waits
            .try_update(|w| w.restart(client_id, t))
            .unwrap_or(false);
        if was_timed_out {
            // Poll again with a fresh deadline.
            if self.wants_polling() {
                self.poll.start();
            }
            return;
        }
        let cmds = self
            .tabs
            .try_update(|tabs| tabs.retry(client_id))
            .unwrap_or_default();
        for cmd in cmds {
            self.run(cmd, &name);
        }
    }

    // ---- commands ------------------------------------------------------------------------

    pub(super) fn run(self, cmd: TabCommand, app_name: &str) {
        match cmd {
            TabCommand::SendCreate { client_id, app_id } => self.send_create(client_id, app_id),
            TabCommand::DeleteInstance(id) | TabCommand::DeleteOrphan(id) => {
                self.delete(id, app_name.to_string())
            }
        }
    }

    pub(super) fn send_create(self, client_id: String, app_id: String) {
        let Some(ctx) = self.ctx() else { return };
        if self.disposed() {
            return;
        }
        let Some(wb) = self.workbench.try_get_untracked().flatten() else {
            // The session is not known yet: send when it is.
            self.local
                .try_update_value(|l| l.awaiting_workbench.push(client_id));
            return;
        };
        let user_id = ctx
            .auth
            .user
            .try_get_untracked()
            .flatten()
            .map(|u| u.id)
            .unwrap_or_default();
        let tenant_id = wb.tenant_id.clone();
        let workspace_id = if wb.workspace_id.is_empty() {
            ctx.workspace_id.clone()
        } else {
            wb.workspace_id.clone()
        };
        let workbench_id = ctx.workbench_id.clone();
        let name = self.app_name(&client_id);
        spawn_local(async move {
            let reply = ctx
                .activity
                .track(
                    format!("Opening {name}…"),
                    apps::create_instance(
                        ctx.api,
                        tenant_id,
                        user_id,
                        workspace_id,
                        workbench_id,
                        app_id,
                    ),
                )
                .await;
            let cmd = match reply {
                Ok(Some(inst)) => {
                    let name = if inst.app_name.trim().is_empty() {
                        name.clone()
                    } else {
                        inst.app_name.clone()
                    };
                    self.tabs
                        .try_update(|t| t.create_succeeded(&client_id, &inst))
                        .flatten()
                        .map(|c| (c, name))
                }
                Ok(None) => self
                    .tabs
                    .try_update(|t| {
                        t.create_failed(
                            &client_id,
                            "the server did not send the app instance it created",
                            false,
                        )
                    })
                    .flatten()
                    .map(|c| (c, name.clone())),
                Err(e) => {
                    let refused = e.is_session_not_running_refusal();
                    self.tabs
                        .try_update(|t| t.create_failed(&client_id, &e.message(), refused))
                        .flatten()
                        .map(|c| (c, name.clone()))
                }
            };
            if let Some((cmd, name)) = cmd {
                self.run(cmd, &name);
            }
        });
    }

    pub(super) fn delete(self, instance_id: String, app_name: String) {
        let Some(ctx) = self.ctx() else { return };
        // Kept across a reload: CHORUS's cached list may hold it for a second more.
        remember_closed(&instance_id, true);
        spawn_local(async move {
            let reply = ctx
                .activity
                .track(
                    format!("Closing {app_name}…"),
                    apps::delete_instance(ctx.api, &instance_id),
                )
                .await;
            self.tabs
                .try_update_untracked(|t| t.delete_finished(&instance_id));
            match reply {
                Ok(()) => {}
                // Already gone: what closing wanted.
                Err(e) if e.status() == Some(404) => {}
                Err(e) => {
                    remember_closed(&instance_id, false);
                    self.notice
                        .try_set(Some(format!("Could not close {app_name}. {}", e.message())));
                }
            }
        });
    }
}

/// Where this browser tab keeps the app instances it closed a moment ago
/// ([`crate::domain::tabs::closed`]): a restore after a reload skips them.
const CLOSED_KEY: &str = "console.closedApps";

/// The instances this browser tab closed a moment ago (what a restore skips).
pub(super) fn closed_a_moment_ago() -> Vec<String> {
    use crate::state::storage::{self, Store};
    let raw = storage::get(Store::Session, CLOSED_KEY).unwrap_or_default();
    crate::domain::tabs::closed::recently_closed(&raw, now_ms_i64())
}

/// Notes `instance_id` as closed now (`true`), or takes that back (`false`: its close failed).
fn remember_closed(instance_id: &str, closed: bool) {
    use crate::domain::tabs::closed;
    use crate::state::storage::{self, Store};
    let raw = storage::get(Store::Session, CLOSED_KEY).unwrap_or_default();
    let now = now_ms_i64();
    let next = if closed {
        closed::closed(&raw, instance_id, now)
    } else {
        closed::reopened(&raw, instance_id, now)
    };
    storage::set(Store::Session, CLOSED_KEY, &next);
}
