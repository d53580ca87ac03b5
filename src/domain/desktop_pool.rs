//! The desktop pool's rules (ui.md, "A ready session's desktop survives navigation"): which
//! ready session desktops stay alive while the user is elsewhere in the app, which one goes
//! when there are too many, and what the session bar offers to switch to.
//!
//! - At most `capacity` desktops (`desktopPoolSize`); showing one more drops the least recently
//!   shown first, never the one being shown.
//! - A session that stops, fails or is removed is dropped at once ([`DesktopPool::drop_session`],
//!   [`DesktopPool::reconcile`] with a list just loaded).
//! - Capacity 0 keeps no desktop once its page is left (the shown one still lives while shown).
//! - A desktop's frame (its address and permissions) stays as it was first shown while it lives:
//!   settings or a policy changed since apply only when it reconnects ([`DesktopPool::reconnect`],
//!   which makes a new frame even with the same address: the frame is keyed on its address,
//!   permissions and reconnections).
//!
//! Plain data: the state layer ([`crate::state::desktops`]) holds one in a signal and the
//! desktop layer renders one iframe per entry.
use crate::domain::desktop_settings::DesktopFrame;
use crate::domain::workbench::Workbench;

/// One ready desktop the pool keeps.
#[derive(Clone, Debug, PartialEq)]
pub struct Desktop {
    /// The session (as last seen ready): its id, workspace and name.
    pub workbench: Workbench,
    /// The desktop page's address (`…/workbenches/{id}/stream/?…`) and the frame's permissions.
    pub frame: DesktopFrame,
    /// How many times it reconnected: each makes a new frame.
    pub generation: u32,
    /// Order of use: higher is more recent.
    used: u64,
    /// Its frame has loaded the page (a page coming back to it shows it at once).
    pub loaded: bool,
}

impl Desktop {
    /// The session id.
    pub fn id(&self) -> &str {
        &self.workbench.id
    }
}

/// A session the session bar offers to switch to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwitchTarget {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    /// Its desktop is alive in the pool: switching shows it at once.
    pub live: bool,
}

/// How many sessions the quick switch lists at most.
pub const MAX_SWITCH_TARGETS: usize = 8;

/// The pool: the desktops alive, the one shown, and the ready sessions seen in lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesktopPool {
    capacity: usize,
    desktops: Vec<Desktop>,
    shown: Option<String>,
    /// Ready sessions seen in the lists loaded (workspace pages), for the quick switch.
    known_ready: Vec<(String, String, String)>,
    clock: u64,
}

impl DesktopPool {
    /// An empty pool keeping at most `capacity` desktops while hidden.
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            ..Self::default()
        }
    }

    /// The desktops alive, in the order they were first shown (a stable order for the DOM).
    pub fn desktops(&self) -> &[Desktop] {
        &self.desktops
    }

    /// The desktop shown now, if any.
    pub fn shown(&self) -> Option<&str> {
        self.shown.as_deref()
    }

    /// Whether session `id` has a desktop alive.
    pub fn holds(&self, id: &str) -> bool {
        self.desktops.iter().any(|d| d.id() == id)
    }

    /// The session as last seen ready, if its desktop is alive.
    pub fn workbench(&self, id: &str) -> Option<&Workbench> {
        self.desktops
            .iter()
            .find(|d| d.id() == id)
            .map(|d| &d.workbench)
    }

    /// Shows the desktop of a ready session (adding it with `frame`, or updating what is known
    /// of it: a desktop alive keeps its frame) and makes it the most recently used. Returns the
    /// ids dropped to stay within the capacity.
    pub fn show(&mut self, workbench: &Workbench, frame: &DesktopFrame) -> Vec<String> {
        self.clock += 1;
        let used = self.clock;
        match self.desktops.iter_mut().find(|d| d.id() == workbench.id) {
            Some(d) => {
                d.workbench = workbench.clone();
                d.used = used;
            }
            None => self.desktops.push(Desktop {
                workbench: workbench.clone(),
                frame: frame.clone(),
                generation: 0,
                used,
                loaded: false,
            }),
        }
        self.shown = Some(workbench.id.clone());
        self.trim()
    }

    /// The frame of session `id`'s desktop, as it runs now.
    pub fn frame(&self, id: &str) -> Option<&DesktopFrame> {
        self.desktops
            .iter()
            .find(|d| d.id() == id)
            .map(|d| &d.frame)
    }

    /// Session `id`'s desktop reconnects with `frame` (a new frame, its page loaded again, even
    /// at the same address); the other desktops stay as they are. Whether it was there.
    pub fn reconnect(&mut self, id: &str, frame: &DesktopFrame) -> bool {
        match self.desktops.iter_mut().find(|d| d.id() == id) {
            Some(d) => {
                d.frame = frame.clone();
                d.generation += 1;
                d.loaded = false;
                true
            }
            None => false,
        }
    }

    /// Session `id`'s frame has loaded its page (nothing when its desktop is gone).
    pub fn mark_loaded(&mut self, id: &str) {
        if let Some(d) = self.desktops.iter_mut().find(|d| d.id() == id) {
            d.loaded = true;
        }
    }

    /// Whether session `id` has a desktop alive whose page has loaded.
    pub fn is_loaded(&self, id: &str) -> bool {
        self.desktops.iter().any(|d| d.id() == id && d.loaded)
    }

    /// The page of session `id` is left: its desktop stays alive, hidden (unless the capacity
    /// is 0). Returns the ids dropped.
    pub fn hide(&mut self, id: &str) -> Vec<String> {
        if self.shown.as_deref() == Some(id) {
            self.shown = None;
        }
        self.trim()
    }

    /// Session `id` stopped, failed or is gone: its desktop goes at once. Whether it was there.
    pub fn drop_session(&mut self, id: &str) -> bool {
        self.known_ready.retain(|(i, _, _)| i != id);
        if self.shown.as_deref() == Some(id) {
            self.shown = None;
        }
        let before = self.desktops.len();
        self.desktops.retain(|d| d.id() != id);
        before != self.desktops.len()
    }

    /// A list of workspace `workspace_id`'s sessions was just loaded: desktops of sessions in
    /// that workspace that are missing from it or not ready any more go, and its ready sessions
    /// become switch targets. Returns the ids dropped.
    pub fn reconcile(&mut self, workspace_id: &str, sessions: &[Workbench]) -> Vec<String> {
        let dropped: Vec<String> = self
            .desktops
            .iter()
            .filter(|d| d.workbench.workspace_id == workspace_id)
            .filter(|d| !sessions.iter().any(|w| w.id == d.id() && w.is_ready()))
            .map(|d| d.id().to_owned())
            .collect();
        for id in &dropped {
            self.drop_session(id);
        }
        self.known_ready.retain(|(_, ws, _)| ws != workspace_id);
        self.known_ready.extend(
            sessions
                .iter()
                .filter(|w| w.is_ready() && w.workspace_id == workspace_id)
                .map(|w| (w.id.clone(), w.workspace_id.clone(), w.display_name())),
        );
        dropped
    }

    /// Forgets everything (sign-out).
    pub fn clear(&mut self) {
        self.desktops.clear();
        self.known_ready.clear();
        self.shown = None;
    }

    /// The ready sessions other than `current` to offer in the session bar: the live desktops
    /// first (most recently used first), then the ready sessions seen in lists (by name); at most
    /// [`MAX_SWITCH_TARGETS`].
    pub fn switch_targets(&self, current: &str) -> Vec<SwitchTarget> {
        let mut live: Vec<&Desktop> = self.desktops.iter().filter(|d| d.id() != current).collect();
        crate::domain::sort_small(&mut live, |a, b| b.used.cmp(&a.used));
        let mut out: Vec<SwitchTarget> = live
            .into_iter()
            .map(|d| SwitchTarget {
                id: d.id().to_owned(),
                workspace_id: d.workbench.workspace_id.clone(),
                name: d.workbench.display_name(),
                live: true,
            })
            .collect();
        let mut seen: Vec<&(String, String, String)> = self
            .known_ready
            .iter()
            .filter(|(id, _, _)| id != current && !self.holds(id))
            .collect();
        crate::domain::sort_small(&mut seen, |a, b| {
            a.2.to_lowercase()
                .cmp(&b.2.to_lowercase())
                .then(a.0.cmp(&b.0))
        });
        seen.dedup_by(|a, b| a.0 == b.0);
        out.extend(seen.into_iter().map(|(id, ws, name)| SwitchTarget {
            id: id.clone(),
            workspace_id: ws.clone(),
            name: name.clone(),
            live: false,
        }));
        out.truncate(MAX_SWITCH_TARGETS);
        out
    }

    /// Drops the least recently used hidden desktops beyond the capacity (the shown one always
    /// stays, and does not count against a capacity of 0).
    fn trim(&mut self) -> Vec<String> {
        let mut dropped = Vec::new();
        loop {
            let hidden = self
                .desktops
                .iter()
                .filter(|d| Some(d.id()) != self.shown.as_deref())
                .count();
            let shown = self.desktops.len() - hidden;
            if self.desktops.len() <= self.capacity.max(shown) {
                break;
            }
            let Some(oldest) = self
                .desktops
                .iter()
                .filter(|d| Some(d.id()) != self.shown.as_deref())
                .min_by_key(|d| d.used)
                .map(|d| d.id().to_owned())
            else {
                break;
            };
            self.desktops.retain(|d| d.id() != oldest);
            dropped.push(oldest);
        }
        dropped
    }
}

#[cfg(test)]
#[path = "desktop_pool_tests.rs"]
mod tests;
