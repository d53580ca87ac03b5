//! The desktop pool's state: ready session desktops that stay alive while the user is
//! elsewhere in the app (ui.md, `desktopPoolSize`). The rules are
//! [`crate::domain::desktop_pool`]; this is its signal, shared through a small `Copy` context:
//!
//! - the shell provides it and mounts the desktop layer ([`crate::components::desktop_layer`])
//!   above the router, so that a frame outlives the page that showed it;
//! - a session page's work area is a slot: it shows its session's desktop there (and says where
//!   on screen the slot is), and hides it when the page goes;
//! - a session that stops, fails or is removed, seen by its page or in a list, is dropped.
use leptos::prelude::*;

use crate::domain::desktop_pool::{DesktopPool, SwitchTarget};
use crate::domain::desktop_settings::DesktopFrame;
use crate::domain::workbench::Workbench;
use crate::state::Slot;

/// Where the slot of the shown desktop is, in viewport pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SlotBox {
    pub top: f64,
    pub left: f64,
    pub width: f64,
    pub height: f64,
}

/// `Copy` handle on the desktop pool.
#[derive(Clone, Copy)]
pub struct Desktops {
    pool: Slot<DesktopPool>,
    /// The slot of the shown desktop, when it is on screen (not under another tab).
    slot: Slot<Option<SlotBox>>,
}

impl Desktops {
    /// Provides an empty pool keeping at most `capacity` desktops while hidden.
    pub fn provide(capacity: usize) -> Self {
        let this = Self {
            pool: Slot::new(DesktopPool::new(capacity)),
            slot: Slot::new(None),
        };
        provide_context(this);
        this
    }

    /// The pool, when the shell provides one (component tests may mount pages without it).
    pub fn use_desktops() -> Option<Self> {
        use_context::<Self>()
    }

    /// The desktops alive as `(id, frame, reconnections)`, in a stable order (tracked): a
    /// frame is keyed on all three, so that a reconnection (and only one) loads it again.
    pub fn frames(&self) -> Vec<(String, DesktopFrame, u32)> {
        self.pool.with(|p| {
            p.desktops()
                .iter()
                .map(|d| (d.id().to_owned(), d.frame.clone(), d.generation))
                .collect()
        })
    }

    /// The frame session `id`'s desktop runs with now (tracked).
    pub fn frame(&self, id: &str) -> Option<DesktopFrame> {
        self.pool.with(|p| p.frame(id).cloned())
    }

    /// Session `id`'s desktop reconnects with `frame` (its page loads again); no other desktop
    /// changes.
    pub fn reconnect(&self, id: &str, frame: &DesktopFrame) {
        self.pool.try_update(|p| p.reconnect(id, frame));
    }

    /// The session whose desktop is shown (tracked).
    pub fn shown(&self) -> Option<String> {
        self.pool.with(|p| p.shown().map(str::to_owned))
    }

    /// Whether session `id`'s desktop is the one shown (tracked).
    pub fn is_shown(&self, id: &str) -> bool {
        self.pool.with(|p| p.shown() == Some(id))
    }

    /// The session as last seen ready, if its desktop is alive (not tracked).
    pub fn workbench_untracked(&self, id: &str) -> Option<Workbench> {
        self.pool
            .try_with_untracked(|p| p.workbench(id).cloned())
            .flatten()
    }

    /// The name shown for session `id`'s desktop (tracked).
    pub fn name(&self, id: &str) -> String {
        self.pool
            .with(|p| p.workbench(id).map(Workbench::display_name))
            .unwrap_or_default()
    }

    /// Shows the desktop of ready session `wb` in the slot (a new one with `frame`; one alive
    /// keeps its own until it reconnects).
    pub fn show(&self, wb: &Workbench, frame: &DesktopFrame) {
        self.pool.try_update(|p| p.show(wb, frame));
    }

    /// The page of session `id` is gone: its desktop stays alive, hidden.
    pub fn hide(&self, id: &str) {
        let mut was_shown = false;
        self.pool.try_update(|p| {
            was_shown = p.shown() == Some(id);
            p.hide(id);
        });
        if was_shown {
            self.slot.try_set(None);
        }
    }

    /// Session `id` stopped, failed or is gone: its desktop goes now.
    pub fn drop_session(&self, id: &str) {
        // Only when it is there: an update would redraw every frame for nothing.
        if self
            .pool
            .try_with_untracked(|p| p.holds(id))
            .unwrap_or(false)
        {
            self.pool.try_update(|p| p.drop_session(id));
        }
    }

    /// A list of workspace `workspace_id`'s sessions was loaded: desktops of sessions no longer
    /// ready go; its ready sessions become switch targets.
    pub fn reconcile(&self, workspace_id: &str, sessions: &[Workbench]) {
        self.pool
            .try_update(|p| p.reconcile(workspace_id, sessions));
    }

    /// Forgets every desktop (sign-out).
    pub fn clear(&self) {
        self.pool.try_update(DesktopPool::clear);
        self.slot.try_set(None);
    }

    /// The other ready sessions to offer in the session bar (tracked).
    pub fn switch_targets(&self, current: &str) -> Vec<SwitchTarget> {
        self.pool.with(|p| p.switch_targets(current))
    }

    /// Where the shown desktop goes (tracked).
    pub fn slot(&self) -> Option<SlotBox> {
        self.slot.get()
    }

    /// The slot moved, resized, or left the screen (`None`).
    pub fn set_slot(&self, slot: Option<SlotBox>) {
        if self.slot.try_get_untracked().flatten() != slot {
            self.slot.try_set(slot);
        }
    }

    /// Whether session `id`'s frame has loaded its page (tracked).
    pub fn is_loaded(&self, id: &str) -> bool {
        self.pool.with(|p| p.is_loaded(id))
    }

    /// Whether session `id`'s desktop is alive with its page loaded (not tracked): a page
    /// coming back to it shows it at once.
    pub fn is_warm_untracked(&self, id: &str) -> bool {
        self.pool
            .try_with_untracked(|p| p.is_loaded(id))
            .unwrap_or(false)
    }

    /// Whether a session page shown now would offer the quick switch (another ready session
    /// is known; not tracked): its row takes height from the desktop's work area.
    pub fn offers_switch_untracked(&self) -> bool {
        self.pool
            .try_with_untracked(|p| !p.switch_targets("").is_empty())
            .unwrap_or(false)
    }

    /// Session `id`'s frame has loaded its page.
    pub fn set_loaded(&self, id: &str) {
        if !self.is_warm_untracked(id) {
            self.pool.try_update(|p| p.mark_loaded(id));
        }
    }
}
