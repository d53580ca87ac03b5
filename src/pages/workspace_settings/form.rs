//! The settings as typed: one signal per field, filled from what is stored, checked before a
//! save and turned back into the whole workspace that `PUT /workspaces` takes.
use std::collections::BTreeMap;

use crate::components::live::live;
use leptos::prelude::*;

use crate::domain::hosts::{allowlist_problem, check_hosts, hosts_text, HostProblems};
use crate::domain::text::bidi_problem_in;
use crate::domain::workspace::Workspace;
use crate::domain::workspace_config::{read_config, StoredConfig};
use crate::domain::workspace_settings::{widens, Clipboard, NetworkPolicy, Visibility};
use crate::state::Slot;

/// The dev-store keys the page keeps (api.md, "The dev store").
pub(super) const IMAGE_KEY: &str = "image";
pub(super) const CONFIG_KEY: &str = "config";

/// The tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tab {
    General,
    Security,
    Visibility,
}

impl Tab {
    pub(super) const ALL: [Tab; 3] = [Tab::General, Tab::Security, Tab::Visibility];

    pub(super) fn label(self) -> &'static str {
        match self {
            Tab::General => "General",
            Tab::Security => "Security",
            Tab::Visibility => "Visibility",
        }
    }

    pub(super) fn id(self) -> &'static str {
        match self {
            Tab::General => "general",
            Tab::Security => "security",
            Tab::Visibility => "visibility",
        }
    }
}

/// The cover as the form has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cover {
    /// What is stored stays.
    Kept,
    /// A checked new image (its data URI), sent with the save.
    New(String),
    /// The stored one goes with the save.
    Removed,
}

/// What the page read: the workspace and its dev-store entries (`Err`: they could not be read;
/// the about text and the cover are then not saved).
#[derive(Clone, PartialEq)]
pub(super) struct Stored {
    pub workspace: Workspace,
    pub entries: Result<BTreeMap<String, String>, crate::api::ApiError>,
}

impl Stored {
    pub(super) fn config(&self) -> StoredConfig {
        match &self.entries {
            Ok(e) => read_config(e.get(CONFIG_KEY).map(String::as_str)),
            Err(_) => StoredConfig::default(),
        }
    }

    pub(super) fn image(&self) -> Option<String> {
        self.entries
            .as_ref()
            .ok()
            .and_then(|e| e.get(IMAGE_KEY).cloned())
    }
}

/// Every field, as typed, and the words next to each.
#[derive(Clone, Copy)]
pub(super) struct Form {
    pub name: Slot<String>,
    pub short_name: Slot<String>,
    pub description: Slot<String>,
    pub about: Slot<String>,
    pub cover: Slot<Cover>,
    /// `None`: the backend sent no such setting (it is not sent either).
    pub network: Slot<Option<NetworkPolicy>>,
    pub hosts: Slot<String>,
    pub clipboard: Slot<Option<Clipboard>>,
    pub visibility: Slot<Option<Visibility>>,
    /// The contact's user id as it goes (`"0"`: none).
    pub contact: Slot<Option<String>>,
    pub name_error: Slot<Option<String>>,
    pub short_name_error: Slot<Option<String>>,
    pub cover_error: Slot<Option<String>>,
    pub host_problems: Slot<Option<HostProblems>>,
    /// A problem of the list as a whole (no host for `Allowed hosts only`, the backend's word).
    pub hosts_error: Slot<Option<String>>,
    pub network_error: Slot<Option<String>>,
    pub clipboard_error: Slot<Option<String>>,
    pub visibility_error: Slot<Option<String>>,
    pub contact_error: Slot<Option<String>>,
    /// The network `Open` and a clipboard toward the researcher's machine were confirmed.
    pub confirmed: Slot<(bool, bool)>,
}

impl Form {
    pub(super) fn new() -> Self {
        Self {
            name: Slot::new(String::new()),
            short_name: Slot::new(String::new()),
            description: Slot::new(String::new()),
            about: Slot::new(String::new()),
            cover: Slot::new(Cover::Kept),
            network: Slot::new(None),
            hosts: Slot::new(String::new()),
            clipboard: Slot::new(None),
            visibility: Slot::new(None),
            contact: Slot::new(None),
            name_error: Slot::new(None),
            short_name_error: Slot::new(None),
            cover_error: Slot::new(None),
            host_problems: Slot::new(None),
            hosts_error: Slot::new(None),
            network_error: Slot::new(None),
            clipboard_error: Slot::new(None),
            visibility_error: Slot::new(None),
            contact_error: Slot::new(None),
            confirmed: Slot::new((false, false)),
        }
    }

    /// Every field as stored.
    pub(super) fn fill(self, s: &Stored) {
        let w = &s.workspace;
        let set = &w.settings;
        self.name.set(w.name.clone());
        self.short_name.set(w.short_name.clone());
        self.description.set(w.description.clone());
        self.about.set(s.config().about);
        self.cover.set(Cover::Kept);
        self.network.set(set.network_policy.clone());
        self.hosts
            .set(hosts_text(set.allowed_fqdns.as_deref().unwrap_or_default()));
        self.clipboard.set(set.clipboard.clone());
        self.visibility.set(set.visibility.clone());
        self.contact.set(set.contact_user_id.clone());
        self.confirmed.set((false, false));
        self.clear_errors();
    }

    pub(super) fn clear_errors(self) {
        for e in [
            self.name_error,
            self.short_name_error,
            self.cover_error,
            self.hosts_error,
            self.network_error,
            self.clipboard_error,
            self.visibility_error,
            self.contact_error,
        ] {
            e.set(None);
        }
        self.host_problems.set(None);
    }

    /// The workspace to send (`base` with every field as typed), or `Err` with the tab and the
    /// input of the first problem (each problem is said next to its field).
    pub(super) fn checked(self, base: &Workspace) -> Result<Workspace, (Tab, &'static str)> {
        self.clear_errors();
        let mut first: Option<(Tab, &'static str)> = None;
        let mut fail = |tab, id| {
            first.get_or_insert((tab, id));
        };
        let name = self.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            self.name_error
                .set(Some("Enter a name for the workspace.".to_owned()));
            fail(Tab::General, "ws-name");
        } else if let Some(p) = bidi_problem_in("The name", &name) {
            self.name_error.set(Some(p));
            fail(Tab::General, "ws-name");
        }
        let short = self.short_name.get_untracked().trim().to_owned();
        if let Some(p) = bidi_problem_in("The short name", &short) {
            self.short_name_error.set(Some(p));
            fail(Tab::General, "ws-short-name");
        }
        let policy = self.network.get_untracked();
        let hosts_typed = self.hosts.get_untracked();
        let had_hosts = base.settings.allowed_fqdns.is_some();
        let hosts = match check_hosts(&hosts_typed) {
            Ok(h) => Some(h),
            Err(p) => {
                self.host_problems.set(Some(p));
                fail(Tab::Security, "ws-hosts");
                None
            }
        };
        if let (Some(NetworkPolicy::FqdnAllowlist), Some(h)) = (&policy, &hosts) {
            if let Some(p) = allowlist_problem(h) {
                self.hosts_error.set(Some(p.to_owned()));
                fail(Tab::Security, "ws-hosts");
            }
        }
        let clipboard = self.clipboard.get_untracked();
        let (open, out) = widens(
            (
                base.settings.network_policy.as_ref(),
                base.settings.clipboard.as_ref(),
            ),
            (policy.as_ref(), clipboard.as_ref()),
        );
        let (open_ok, out_ok) = self.confirmed.get_untracked();
        if open && !open_ok {
            self.network_error
                .set(Some("Confirm that this workspace's sessions may connect anywhere, or choose another network.".to_owned()));
            fail(Tab::Security, "ws-network-confirm");
        }
        if out && !out_ok {
            self.clipboard_error
                .set(Some("Confirm that text may be copied out of the sessions, or choose another clipboard setting.".to_owned()));
            fail(Tab::Security, "ws-clipboard-confirm");
        }
        if let Some((tab, id)) = first {
            return Err((tab, id));
        }
        let mut w = base.clone();
        w.name = name;
        w.short_name = short;
        w.description = self.description.get_untracked().trim().to_owned();
        let s = &mut w.settings;
        s.network_policy = policy;
        let hosts = hosts.unwrap_or_default();
        // A backend that sent no list gets none unless one was typed.
        s.allowed_fqdns = (had_hosts || !hosts.is_empty()).then_some(hosts);
        s.clipboard = clipboard;
        s.visibility = self.visibility.get_untracked();
        s.contact_user_id = self.contact.get_untracked();
        Ok(w)
    }

    /// Puts the backend's field errors (`validationErrors`) next to their fields; `true` when
    /// one was placed.
    pub(super) fn place(self, field: &str, words: String) -> Option<(Tab, &'static str)> {
        let (signal, tab, id) = match field.to_ascii_lowercase().as_str() {
            "name" => (self.name_error, Tab::General, "ws-name"),
            "shortname" | "short_name" => (self.short_name_error, Tab::General, "ws-short-name"),
            "networkpolicy" | "network_policy" => {
                (self.network_error, Tab::Security, "ws-network-0")
            }
            "allowedfqdns" | "allowed_fqdns" | "fqdnallowlist" => {
                (self.hosts_error, Tab::Security, "ws-hosts")
            }
            "clipboard" => (self.clipboard_error, Tab::Security, "ws-clipboard-0"),
            "visibility" => (self.visibility_error, Tab::Visibility, "ws-visibility-0"),
            "contactuserid" | "contact_user_id" => {
                (self.contact_error, Tab::Visibility, "ws-contact-find")
            }
            _ => return None,
        };
        signal.set(Some(words));
        Some((tab, id))
    }
}

/// Opens tab `at` and moves the focus to the field `id` in it, once the tab's panel shows.
pub(super) fn reveal(tab: Slot<Tab>, at: Tab, id: &'static str) {
    tab.try_set(at);
    request_animation_frame(move || crate::components::focus_by_id(id));
}

/// `aria-invalid` of a field with an error.
pub(super) fn invalid(e: Slot<Option<String>>) -> impl Fn() -> Option<&'static str> {
    move || e.with(Option::is_some).then_some("true")
}

/// `aria-describedby` of a field: its hint, and its error while there is one.
pub(super) fn described(
    e: Slot<Option<String>>,
    hint: Option<&'static str>,
    error_id: &'static str,
) -> impl Fn() -> Option<String> {
    move || {
        let parts: Vec<&str> = hint
            .into_iter()
            .chain(e.with(Option::is_some).then_some(error_id))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// The error under a field.
pub(super) fn field_error(e: Slot<Option<String>>, id: &'static str) -> impl IntoView {
    live(move || {
        e.get().map(
            |m| view! { <p class="field-error" id=id>{crate::domain::text::shown_string(&m)}</p> },
        )
    })
}
