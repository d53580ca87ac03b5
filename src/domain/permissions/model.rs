//! Roles and permissions as the backend lists them (`GET /authorization/roles`,
//! `GET /authorization/permissions`), and a permission name in words.

/// A context value meaning "every id of this dimension".
pub(crate) const ANY_ID: &str = "*";

/// Names of the permissions the admin pages need.
pub(crate) mod names {
    /// List users (users page).
    pub(crate) const LIST_USERS: &str = "listUsers";
    /// Give and take roles (users page).
    pub(crate) const MANAGE_USER_ROLES: &str = "manageUserRoles";
    /// Create, change and delete dynamic roles (roles page).
    pub(crate) const MANAGE_DYNAMIC_ROLES: &str = "manageDynamicRoles";
}

/// Where a role applies (`system|platform|workspace|workbench`). Parsing is case-insensitive;
/// `""` and unknown values give [`RoleScope::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum RoleScope {
    /// Given by the system (e.g. `Authenticated`).
    System,
    /// The whole platform.
    Platform,
    /// One workspace (or all, with `"*"`).
    Workspace,
    /// One session (workbench).
    Workbench,
    /// Absent or unknown.
    #[default]
    Unknown,
}

impl RoleScope {
    /// Parses the wire value. Never fails.
    pub(crate) fn from_wire(s: &str) -> Self {
        match crate::domain::wire_word(s).as_str() {
            "system" => Self::System,
            "platform" => Self::Platform,
            "workspace" => Self::Workspace,
            "workbench" => Self::Workbench,
            _ => Self::Unknown,
        }
    }

    /// The wire value (`""` for [`RoleScope::Unknown`]).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Platform => "platform",
            Self::Workspace => "workspace",
            Self::Workbench => "workbench",
            Self::Unknown => "",
        }
    }

    /// In words (`Session` for workbench, as users know them).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::System => "System",
            Self::Platform => "Platform",
            Self::Workspace => "Workspace",
            Self::Workbench => "Session",
            Self::Unknown => "Unknown",
        }
    }
}

/// A role (`GET /authorization/roles`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Role {
    /// Unique name, PascalCase (e.g. `WorkspaceMember`).
    pub name: String,
    /// Description (server text: show as text).
    pub description: String,
    /// Where it applies.
    pub scope: RoleScope,
    /// The context dimensions it takes, e.g. `["workspace"]`.
    pub context: Vec<String>,
    /// The permission names it grants. `"*"` grants every permission.
    pub permissions: Vec<String>,
    /// `true` for dynamic (editable) roles; anything else is built-in and read-only.
    pub dynamic: bool,
}

impl Role {
    /// `true` unless the role is dynamic: its matrix checkboxes are disabled.
    pub(crate) fn is_built_in(&self) -> bool {
        !self.dynamic
    }

    /// Whether the role lists `permission` (or `"*"`).
    pub(crate) fn grants(&self, permission: &str) -> bool {
        self.permissions
            .iter()
            .any(|p| p == permission || p == ANY_ID)
    }

    /// Whether giving this role asks for a workspace (its context has `workspace`).
    pub(crate) fn needs_workspace(&self) -> bool {
        self.context.iter().any(|d| d == "workspace")
    }

    /// Whether giving this role asks for a session (its context has `workbench`).
    pub(crate) fn needs_workbench(&self) -> bool {
        self.context.iter().any(|d| d == "workbench")
    }

    /// Whether giving this role asks which users it acts on (its context has `user`).
    pub(crate) fn needs_user(&self) -> bool {
        self.context.iter().any(|d| d == "user")
    }
}

/// A permission (`GET /authorization/permissions`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permission {
    /// camelCase name, e.g. `createWorkbench`.
    pub name: String,
    /// Description (server text: show as text).
    pub description: String,
    /// The context dimensions it is checked against, e.g. `["workspace"]`.
    pub context: Vec<String>,
}

impl Permission {
    /// The name in words: `createWorkbench` → `Create workbench` ([`humanize_camel`]).
    pub(crate) fn label(&self) -> String {
        humanize_camel(&self.name)
    }
}

/// A camelCase or PascalCase identifier in words, sentence case: `createWorkbench` → `Create
/// workbench`, `listAppInstances` → `List app instances`, `PVCReady` → `PVC ready`,
/// `getUserByID` → `Get user by ID`, `k8sStatus` → `K8s status`. Acronyms (two or more capitals)
/// stay capitals; `_`, `-` and spaces separate words too.
pub(crate) fn humanize_camel(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c.is_whitespace() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let is_acronym = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if is_acronym(w) {
            out.push_str(w);
        } else if i == 0 {
            let lower = w.to_lowercase();
            let mut cs = lower.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(&w.to_lowercase());
        }
    }
    out
}
