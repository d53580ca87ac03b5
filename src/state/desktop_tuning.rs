//! A session's desktop tuned to the researcher, within the workspace's policy (ui.md, "The
//! desktop's own settings"): the session page provides one [`DesktopTuning`]; its bar's panel
//! changes the settings, its desktop slot asks it for the frame to open
//! ([`DesktopTuning::wanted`]). The rules are [`crate::domain::desktop_settings`].
//!
//! - The settings are kept per user and session in `localStorage`
//!   (`console.desktopSettings.<user>.<session>`), and a sign-out forgets them all
//!   ([`forget_all`], registered by the desktop pool).
//! - The policy is the workspace's `clipboard` (read when the page opens, when the tab is shown
//!   again and before a reconnection) and the deployment's `desktopFileTransfer`. A workspace
//!   that cannot be read gives the closed policy (no clipboard).
//! - Nothing reconnects by itself: a desktop alive keeps its frame until
//!   [`DesktopTuning::reconnect`].
use leptos::prelude::*;

use crate::api::{workbenches, workspaces, ApiClient};
use crate::domain::desktop_settings::{
    desktop_frame, is_mac, Browser, DesktopFrame, DesktopPolicy, DesktopSettings,
};
use crate::state::desktops::Desktops;
use crate::state::storage::{self, Store};
use crate::state::{Kept, Slot};

const PREFIX: &str = "console.desktopSettings.";

/// Forgets every user's desktop settings kept in this browser (a sign-out).
pub fn forget_all() {
    storage::remove_prefixed(Store::Local, PREFIX);
}

/// What the browser says of itself.
fn browser() -> Browser {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Browser::default();
    };
    let mut languages: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if languages.is_empty() {
        languages.extend(nav.language());
    }
    Browser {
        languages,
        mac: nav.user_agent().is_ok_and(|ua| is_mac(&ua)),
    }
}

/// The desktop settings of one session page.
#[derive(Clone, Copy)]
pub struct DesktopTuning {
    api: ApiClient,
    /// The deployment allows moving files through the desktop (`desktopFileTransfer`).
    files: bool,
    workspace_id: Kept<String>,
    session_id: Kept<String>,
    /// Where the settings are kept (`None`: nobody is signed in; they are then not kept).
    key: Kept<Option<String>>,
    settings: Slot<DesktopSettings>,
    /// `None` until the workspace was read once.
    policy: Slot<Option<DesktopPolicy>>,
    browser: Kept<Browser>,
    /// A reconnection is under way (the policy is being read again).
    reconnecting: Slot<bool>,
}

impl DesktopTuning {
    /// Provides the settings of session `session_id` in workspace `workspace_id`, and reads the
    /// workspace's policy.
    pub fn provide(workspace_id: String, session_id: String) -> Self {
        let key = crate::state::session_scope::signed_in_user()
            .map(|user| format!("{PREFIX}{user}.{session_id}"));
        let settings = key
            .as_deref()
            .and_then(|k| storage::get(Store::Local, k))
            .map(|t| DesktopSettings::from_stored(&t))
            .unwrap_or_default();
        let this = Self {
            api: ApiClient::use_client(),
            files: crate::state::use_config().desktop_file_transfer,
            workspace_id: Kept::new(workspace_id),
            session_id: Kept::new(session_id),
            key: Kept::new(key),
            settings: Slot::new(settings),
            policy: Slot::new(None),
            browser: Kept::new(browser()),
            reconnecting: Slot::new(false),
        };
        provide_context(this);
        leptos::task::spawn_local(async move {
            this.read_policy().await;
        });
        // Shown again after a while elsewhere: the workspace may have changed its policy.
        let visible = crate::state::visibility::use_document_visible();
        crate::state::effect(move |prev: Option<bool>| {
            let v = visible.get();
            if prev == Some(false) && v {
                leptos::task::spawn_local(async move {
                    this.read_policy().await;
                });
            }
            v
        });
        this
    }

    /// The settings of the session page (component tests may mount parts without one).
    pub fn use_tuning() -> Option<Self> {
        use_context::<Self>()
    }

    /// Reads the workspace's clipboard (the closed policy when it cannot be read).
    async fn read_policy(self) {
        let (api, files) = (self.api, self.files);
        let Some(ws) = self.workspace_id.try_get_value() else {
            return;
        };
        let clipboard = workspaces::get(api, &ws)
            .await
            .ok()
            .and_then(|w| w.settings.clipboard);
        let policy = DesktopPolicy {
            clipboard,
            file_transfer: files,
        };
        if self.policy.try_get_untracked().flatten().as_ref() != Some(&policy) {
            self.policy.try_set(Some(policy));
        }
    }

    /// The settings chosen (tracked).
    pub fn settings(&self) -> DesktopSettings {
        self.settings.get()
    }

    /// The settings chosen (not tracked).
    pub fn settings_untracked(&self) -> DesktopSettings {
        self.settings.get_untracked()
    }

    /// Changes the settings and keeps them; the desktop picks them up when it reconnects.
    pub fn set(&self, settings: DesktopSettings) {
        if let Some(key) = self.key.get_value() {
            storage::set(Store::Local, &key, &settings.to_stored());
        }
        self.settings.set(settings);
    }

    /// The policy (tracked; `None` until the workspace was read).
    pub fn policy(&self) -> Option<DesktopPolicy> {
        self.policy.get()
    }

    /// What this browser is.
    pub fn browser(&self) -> Browser {
        self.browser.get_value()
    }

    /// The frame the desktop would open with now (tracked): `None` until the policy is known, or
    /// for a session whose id cannot be put into its address.
    pub fn wanted(&self) -> Option<DesktopFrame> {
        let src = workbenches::stream_url(self.api, &self.session_id.get_value()).ok()?;
        let policy = self.policy.get()?;
        let browser = self.browser.get_value();
        Some(
            self.settings
                .with(|s| desktop_frame(&src, s, &browser, &policy)),
        )
    }

    /// Whether a reconnection is under way (tracked).
    pub fn reconnecting(&self) -> bool {
        self.reconnecting.get()
    }

    /// Reconnects this session's desktop alone, with the settings chosen and the workspace's
    /// policy read again.
    pub fn reconnect(&self, desktops: Desktops) {
        let this = *self;
        if this.reconnecting.get_untracked() {
            return;
        }
        this.reconnecting.set(true);
        leptos::task::spawn_local(async move {
            this.read_policy().await;
            if let (Some(frame), Some(id)) =
                (this.wanted_untracked(), this.session_id.try_get_value())
            {
                desktops.reconnect(&id, &frame);
            }
            this.reconnecting.try_set(false);
        });
    }

    fn wanted_untracked(&self) -> Option<DesktopFrame> {
        leptos::prelude::untrack(|| self.wanted())
    }
}
