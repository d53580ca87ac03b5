//! Roles, permissions, "may this user do X here?", and the admin pages' pure logic: the
//! permission matrix's pending edits and grouping, and the role and user form validators.
//!
//! The backend enforces every permission; these checks only decide what the console shows
//! (navigation, buttons, the `No access` page). Until the roles are loaded every check answers
//! `false`.

use std::collections::{BTreeMap, BTreeSet};

use super::user::{RoleAssignment, User};

/// A context value meaning "every id of this dimension".
pub const ANY_ID: &str = "*";

/// Names of the permissions the admin pages need.
pub mod names {
    /// List users (users page).
    pub const LIST_USERS: &str = "listUsers";
    /// Give and take roles (users page).
    pub const MANAGE_USER_ROLES: &str = "manageUserRoles";
    /// Create, change and delete dynamic roles (roles page).
    pub const MANAGE_DYNAMIC_ROLES: &str = "manageDynamicRoles";
}

// ---------------------------------------------------------------------------------------------
// Roles and permissions
// ---------------------------------------------------------------------------------------------

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
    pub fn from_wire(s: &str) -> Self {
        match super::wire_word(s).as_str() {
            "system" => Self::System,
            "platform" => Self::Platform,
            "workspace" => Self::Workspace,
            "workbench" => Self::Workbench,
            _ => Self::Unknown,
        }
    }

    /// The wire value (`""` for [`RoleScope::Unknown`]).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::System => "system",
            Self::Platform => "platform",
            Self::Workspace => "workspace",
            Self::Workbench => "workbench",
            Self::Unknown => "",
        }
    }

    /// In words (`Session` for workbench, as users know them).
    pub fn label(self) -> &'static str {
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
    pub fn is_built_in(&self) -> bool {
        !self.dynamic
    }

    /// Whether the role lists `permission` (or `"*"`).
    pub fn grants(&self, permission: &str) -> bool {
        self.permissions
            .iter()
            .any(|p| p == permission || p == ANY_ID)
    }

    /// Whether giving this role asks for a workspace (its context has `workspace`).
    pub fn needs_workspace(&self) -> bool {
        self.context.iter().any(|d| d == "workspace")
    }

    /// Whether the user form can give this role: its context takes no dimension other than
    /// `workspace` (a session-bound role like `WorkbenchOwner` is given by the platform).
    pub fn assignable_in_user_form(&self) -> bool {
        self.context.iter().all(|d| d == "workspace")
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
    pub fn label(&self) -> String {
        humanize_camel(&self.name)
    }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// Where an action would take place: dimension → id (`workspace` → `"42"`), or anywhere.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    any: bool,
    dims: BTreeMap<String, String>,
}

impl Target {
    /// "Anywhere": matches every context (used to decide whether to show navigation).
    pub fn any() -> Self {
        Self {
            any: true,
            dims: BTreeMap::new(),
        }
    }

    /// A platform-wide action (no dimension): only assignments that name no dimension, or
    /// `"*"` for the dimensions they name, match.
    pub fn global() -> Self {
        Self::default()
    }

    /// An action in workspace `id`.
    pub fn workspace(id: &str) -> Self {
        Self::global().with("workspace", id)
    }

    /// An action on session `workbench_id` of workspace `workspace_id`.
    pub fn workbench(workspace_id: &str, workbench_id: &str) -> Self {
        Self::workspace(workspace_id).with("workbench", workbench_id)
    }

    /// Adds (or replaces) a dimension.
    pub fn with(mut self, dimension: &str, id: &str) -> Self {
        self.dims.insert(dimension.to_string(), id.to_string());
        self
    }

    /// Whether this is [`Target::any`].
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// The id of a dimension, if named.
    pub fn get(&self, dimension: &str) -> Option<&str> {
        self.dims.get(dimension).map(String::as_str)
    }

    /// Whether an assignment context matches: every dimension it names is `"*"` or equals this
    /// target's id for that dimension. [`Target::any`] matches everything.
    pub fn matches(&self, context: &BTreeMap<String, String>) -> bool {
        self.any
            || context
                .iter()
                .all(|(dim, id)| id == ANY_ID || self.dims.get(dim) == Some(id))
    }
}

/// The user's role assignments: `roles_with_context`, plus the bare `roles` names of roles
/// that take no dimension (e.g. `Authenticated`) and have no contextual assignment. Bare names
/// of roles that take dimensions are ignored: without a context they cannot be placed.
fn assignments<'a>(
    user: &'a User,
    roles: &'a [Role],
) -> Vec<(&'a Role, Option<&'a RoleAssignment>)> {
    let mut out = Vec::new();
    for a in &user.roles_with_context {
        if let Some(role) = roles.iter().find(|r| r.name == a.name) {
            out.push((role, Some(a)));
        }
    }
    for name in &user.roles {
        if user.roles_with_context.iter().any(|a| &a.name == name) {
            continue;
        }
        if let Some(role) = roles.iter().find(|r| &r.name == name) {
            if role.context.is_empty() {
                out.push((role, None));
            }
        }
    }
    out
}

/// May `user` do `permission` at `target`? True when one of its role assignments grants the
/// permission (per `roles`) and the assignment's context matches the target
/// ([`Target::matches`]). Unknown roles grant nothing.
pub fn can(user: &User, roles: &[Role], permission: &str, target: &Target) -> bool {
    if permission.is_empty() {
        return false;
    }
    assignments(user, roles).into_iter().any(|(role, a)| {
        role.grants(permission)
            && match a {
                Some(a) => target.matches(&a.context),
                None => true,
            }
    })
}

/// May `user` do `permission` somewhere ([`Target::any`])?
pub fn can_anywhere(user: &User, roles: &[Role], permission: &str) -> bool {
    can(user, roles, permission, &Target::any())
}

/// The header's `Admin` link: `listUsers` or `manageDynamicRoles` anywhere.
pub fn may_see_admin(user: &User, roles: &[Role]) -> bool {
    can_anywhere(user, roles, names::LIST_USERS)
        || can_anywhere(user, roles, names::MANAGE_DYNAMIC_ROLES)
}

/// The users page (`/admin/users`): `listUsers` and `manageUserRoles`.
pub fn may_manage_users(user: &User, roles: &[Role]) -> bool {
    can_anywhere(user, roles, names::LIST_USERS)
        && can_anywhere(user, roles, names::MANAGE_USER_ROLES)
}

/// The roles page (`/admin/roles`): `manageDynamicRoles`.
pub fn may_manage_roles(user: &User, roles: &[Role]) -> bool {
    can_anywhere(user, roles, names::MANAGE_DYNAMIC_ROLES)
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// A camelCase or PascalCase identifier in words, sentence case: `createWorkbench` → `Create
/// workbench`, `listAppInstances` → `List app instances`, `PVCReady` → `PVC ready`,
/// `getUserByID` → `Get user by ID`, `k8sStatus` → `K8s status`. Acronyms (two or more capitals)
/// stay capitals; `_`, `-` and spaces separate words too.
pub fn humanize_camel(s: &str) -> String {
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

/// The `aria-label` of a matrix checkbox: `<role>: <permission>` (the raw names).
pub fn matrix_checkbox_label(role: &str, permission: &str) -> String {
    format!("{role}: {permission}")
}

// ---------------------------------------------------------------------------------------------
// Permission matrix
// ---------------------------------------------------------------------------------------------

/// Rows of the permission matrix that share their context dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionGroup {
    /// The dimensions joined by `,` (`""` for platform-wide, `workspace`, …): a stable key.
    pub key: String,
    /// A heading: `Platform-wide`, `Per workspace`, `Per session`, `Per workspace and session`.
    pub title: String,
    /// The permissions, in the order given.
    pub permissions: Vec<Permission>,
}

fn dimension_rank(d: &str) -> u8 {
    match d {
        "workspace" => 0,
        "workbench" => 1,
        "user" => 2,
        _ => 3,
    }
}

fn dimension_word(d: &str) -> String {
    match d {
        "workbench" => "session".to_string(),
        other => humanize_camel(other).to_lowercase(),
    }
}

/// Groups permissions by their context dimensions for the matrix rows: platform-wide first,
/// then by dimension (workspace, session, user, others by name), fewer dimensions first.
/// Permissions keep their given order inside a group.
pub fn group_permissions(permissions: &[Permission]) -> Vec<PermissionGroup> {
    let mut groups: BTreeMap<(usize, Vec<(u8, String)>), PermissionGroup> = BTreeMap::new();
    for p in permissions {
        let mut dims: Vec<String> = p
            .context
            .iter()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        dims.sort_by(|a, b| (dimension_rank(a), a).cmp(&(dimension_rank(b), b)));
        dims.dedup();
        let sort_key = (
            dims.len(),
            dims.iter()
                .map(|d| (dimension_rank(d), d.clone()))
                .collect(),
        );
        groups
            .entry(sort_key)
            .or_insert_with(|| PermissionGroup {
                key: dims.join(","),
                title: if dims.is_empty() {
                    "Platform-wide".to_string()
                } else {
                    let words: Vec<String> = dims.iter().map(|d| dimension_word(d)).collect();
                    let joined = match words.split_last() {
                        Some((last, rest)) if !rest.is_empty() => {
                            format!("{} and {last}", rest.join(", "))
                        }
                        _ => words.join(""),
                    };
                    format!("Per {joined}")
                },
                permissions: Vec::new(),
            })
            .permissions
            .push(p.clone());
    }
    groups.into_values().collect()
}

/// The matrix's role columns: by scope (system, platform, workspace, session, unknown), then
/// built-in before dynamic, then by name.
pub fn matrix_role_order(roles: &[Role]) -> Vec<&Role> {
    let mut v: Vec<&Role> = roles.iter().collect();
    v.sort_by(|a, b| (a.scope, a.dynamic, &a.name).cmp(&(b.scope, b.dynamic, &b.name)));
    v
}

/// The pending (unsaved) changes of the permission matrix: which role × permission cells were
/// toggled. Toggling a cell twice cancels it out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleEdits {
    toggled: BTreeMap<String, BTreeSet<String>>,
}

impl RoleEdits {
    /// No changes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Toggles a cell. Ignored (returns `false`) for built-in roles and for roles granting
    /// `"*"` (read-only in the matrix).
    pub fn toggle(&mut self, role: &Role, permission: &str) -> bool {
        if role.is_built_in()
            || role.permissions.iter().any(|p| p == ANY_ID)
            || permission.is_empty()
        {
            return false;
        }
        let set = self.toggled.entry(role.name.clone()).or_default();
        if !set.remove(permission) {
            set.insert(permission.to_string());
        }
        if set.is_empty() {
            self.toggled.remove(&role.name);
        }
        true
    }

    /// Whether the cell differs from the saved role.
    pub fn is_changed(&self, role: &str, permission: &str) -> bool {
        self.toggled
            .get(role)
            .is_some_and(|s| s.contains(permission))
    }

    /// Whether the cell is checked, edits included.
    pub fn is_granted(&self, role: &Role, permission: &str) -> bool {
        role.grants(permission) != self.is_changed(&role.name, permission)
    }

    /// `(granted, total)` of a role over `permissions`, edits included (e.g. `12 / 40`).
    pub fn granted_total(&self, role: &Role, permissions: &[Permission]) -> (usize, usize) {
        let granted = permissions
            .iter()
            .filter(|p| self.is_granted(role, &p.name))
            .count();
        (granted, permissions.len())
    }

    /// One updated [`Role`] per changed role of `roles` (for `PUT /authorization/roles/{name}`).
    /// Permissions keep their saved order, with the added ones appended in name order.
    /// Roles no longer in `roles` are left out.
    pub fn change_set(&self, roles: &[Role]) -> Vec<Role> {
        let mut out = Vec::new();
        for role in roles {
            let Some(toggled) = self.toggled.get(&role.name) else {
                continue;
            };
            if role.is_built_in() {
                continue;
            }
            let mut perms: Vec<String> = Vec::new();
            for p in &role.permissions {
                if !toggled.contains(p) && !perms.contains(p) {
                    perms.push(p.clone());
                }
            }
            for p in toggled {
                if !role.permissions.contains(p) {
                    perms.push(p.clone());
                }
            }
            if perms != role.permissions {
                out.push(Role {
                    permissions: perms,
                    ..role.clone()
                });
            }
        }
        out
    }

    /// Drops every pending change.
    pub fn discard(&mut self) {
        self.toggled.clear();
    }

    /// Drops the pending changes of one role (e.g. after it was saved).
    pub fn discard_role(&mut self, role: &str) {
        self.toggled.remove(role);
    }

    /// Whether anything is unsaved (enables `Save` and `Discard`).
    pub fn has_unsaved(&self) -> bool {
        !self.toggled.is_empty()
    }

    /// How many cells are changed.
    pub fn changed_count(&self) -> usize {
        self.toggled.values().map(BTreeSet::len).sum()
    }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/// A role name is PascalCase: an ASCII capital letter, then ASCII letters or digits, 3–64
/// characters. Returns the problem in words.
pub fn validate_role_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("Enter a role name".to_string());
    }
    let len = name.chars().count();
    if !(3..=64).contains(&len) {
        return Err("A role name has 3 to 64 characters".to_string());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(
            "A role name has only letters and digits, like DataSteward (no spaces)".to_string(),
        );
    }
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return Err("A role name starts with a capital letter, like DataSteward".to_string());
    }
    Ok(())
}

/// [`validate_role_name`], and no existing role has the name (ignoring case).
pub fn validate_new_role_name(name: &str, existing: &[Role]) -> Result<(), String> {
    validate_role_name(name)?;
    if existing.iter().any(|r| r.name.eq_ignore_ascii_case(name)) {
        return Err(format!("A role named {name} already exists"));
    }
    Ok(())
}

/// Checks a new dynamic role before it is sent: CHORUS answers each of these mistakes with a
/// bare 500, so the console says what is wrong itself. Returns `(field, message)` pairs
/// (`name`, `scope`, `permissions`); empty when the role may be sent.
pub fn validate_new_role(role: &Role, existing: &[Role]) -> Vec<(&'static str, String)> {
    let mut errors = Vec::new();
    if let Err(m) = validate_new_role_name(&role.name, existing) {
        errors.push(("name", m));
    }
    if !matches!(role.scope, RoleScope::Platform | RoleScope::Workspace) {
        errors.push((
            "scope",
            "A new role applies to the whole platform or to workspaces".to_string(),
        ));
    }
    if role.permissions.iter().all(|p| p.trim().is_empty()) {
        errors.push((
            "permissions",
            "A role needs at least one permission: copy them from an existing role".to_string(),
        ));
    }
    errors
}

/// A username is required and has 3–32 characters among `a-z 0-9 . _ -`.
pub fn validate_username(username: &str) -> Result<(), String> {
    if username.is_empty() {
        return Err("Enter a username".to_string());
    }
    let len = username.chars().count();
    if !(3..=32).contains(&len) {
        return Err("A username has 3 to 32 characters".to_string());
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(
            "A username has only lowercase letters, digits, dots, underscores and hyphens"
                .to_string(),
        );
    }
    Ok(())
}

/// An email address is required and shaped like `name@example.org`: one `@`, something before
/// it, a dotted domain after it, no spaces, at most 254 characters.
pub fn validate_email(email: &str) -> Result<(), String> {
    if email.trim().is_empty() {
        return Err("Enter an email address".to_string());
    }
    let bad = || Err("Enter an email address like name@example.org".to_string());
    if email.chars().count() > 254 || email.chars().any(char::is_whitespace) {
        return bad();
    }
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return bad();
    };
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return bad();
    }
    Ok(())
}

/// A password has at least 8 characters.
pub fn validate_password(password: &str) -> Result<(), String> {
    if password.is_empty() {
        return Err("Enter a password".to_string());
    }
    if password.chars().count() < 8 {
        return Err("A password has at least 8 characters".to_string());
    }
    Ok(())
}

/// A problem with one field of a form. `field` uses the API's field names (`username`,
/// `email`, `password`, `rolesWithContext`), like the backend's `validationErrors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field.
    pub field: &'static str,
    /// The problem in words.
    pub message: String,
}

/// Validates the user form: username, email, and the password when one is asked for (`None`
/// when editing a user without changing the password). Empty when all is well.
pub fn validate_user_form(username: &str, email: &str, password: Option<&str>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(message) = validate_username(username) {
        errors.push(FieldError {
            field: "username",
            message,
        });
    }
    if let Err(message) = validate_email(email) {
        errors.push(FieldError {
            field: "email",
            message,
        });
    }
    if let Some(pw) = password {
        if let Err(message) = validate_password(pw) {
            errors.push(FieldError {
                field: "password",
                message,
            });
        }
    }
    errors
}

/// The context of a role given in the user form: `{"workspace": <id or "*">}` for roles that
/// need a workspace (`workspace` is the select's value, `"*"` for `All workspaces`), `{}` for
/// roles without dimensions. Errors in words when the workspace is missing, or the role takes a
/// dimension the form cannot fill ([`Role::assignable_in_user_form`]).
pub fn role_context_for(
    role: &Role,
    workspace: Option<&str>,
) -> Result<BTreeMap<String, String>, String> {
    if !role.assignable_in_user_form() {
        return Err(format!(
            "The role {} applies to single sessions and cannot be given here",
            role.name
        ));
    }
    let mut ctx = BTreeMap::new();
    if role.needs_workspace() {
        match workspace.map(str::trim).filter(|w| !w.is_empty()) {
            Some(w) => {
                ctx.insert("workspace".to_string(), w.to_string());
            }
            None => return Err(format!("Choose a workspace for {}", role.name)),
        }
    }
    Ok(ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::user::UserStatus;

    fn role(name: &str, scope: RoleScope, ctx: &[&str], perms: &[&str], dynamic: bool) -> Role {
        Role {
            name: name.into(),
            description: String::new(),
            scope,
            context: ctx.iter().map(|s| s.to_string()).collect(),
            permissions: perms.iter().map(|s| s.to_string()).collect(),
            dynamic,
        }
    }

    fn demo_roles() -> Vec<Role> {
        vec![
            role(
                "PlatformAdmin",
                RoleScope::Platform,
                &[],
                &[
                    "listUsers",
                    "manageUserRoles",
                    "manageDynamicRoles",
                    "createWorkbench",
                ],
                false,
            ),
            role(
                "WorkspaceMember",
                RoleScope::Workspace,
                &["workspace"],
                &["getWorkspace", "createWorkbench", "listBuilds"],
                false,
            ),
            role(
                "WorkspaceViewer",
                RoleScope::Workspace,
                &["workspace"],
                &["getWorkspace"],
                false,
            ),
            role(
                "WorkbenchOwner",
                RoleScope::Workbench,
                &["workbench"],
                &["deleteWorkbench"],
                false,
            ),
            role(
                "Authenticated",
                RoleScope::System,
                &[],
                &["listApps"],
                false,
            ),
            role(
                "DataSteward",
                RoleScope::Workspace,
                &["workspace"],
                &["listUsers", "getWorkspace"],
                true,
            ),
        ]
    }

    fn assign(name: &str, ctx: &[(&str, &str)]) -> RoleAssignment {
        RoleAssignment {
            id: String::new(),
            name: name.into(),
            context: ctx
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn user(assignments: Vec<RoleAssignment>, bare: &[&str]) -> User {
        User {
            id: "9".into(),
            username: "u".into(),
            status: UserStatus::Active,
            roles: bare.iter().map(|s| s.to_string()).collect(),
            roles_with_context: assignments,
            ..Default::default()
        }
    }

    #[test]
    fn scope_parse() {
        assert_eq!(RoleScope::from_wire("workspace"), RoleScope::Workspace);
        assert_eq!(RoleScope::from_wire("Platform"), RoleScope::Platform);
        assert_eq!(RoleScope::from_wire(""), RoleScope::Unknown);
        assert_eq!(RoleScope::from_wire("galaxy"), RoleScope::Unknown);
        assert_eq!(RoleScope::Workbench.as_str(), "workbench");
        assert_eq!(RoleScope::Workbench.label(), "Session");
    }

    #[test]
    fn admin_can_everything() {
        let roles = demo_roles();
        let admin = user(vec![assign("PlatformAdmin", &[])], &["PlatformAdmin"]);
        assert!(may_see_admin(&admin, &roles));
        assert!(may_manage_users(&admin, &roles));
        assert!(may_manage_roles(&admin, &roles));
        assert!(can(
            &admin,
            &roles,
            "createWorkbench",
            &Target::workspace("3")
        ));
        assert!(can(&admin, &roles, "createWorkbench", &Target::global()));
        assert!(!can(&admin, &roles, "", &Target::any()));
        // a "*" context works as well
        let admin2 = user(vec![assign("PlatformAdmin", &[("workspace", "*")])], &[]);
        assert!(can(&admin2, &roles, "listUsers", &Target::global()));
    }

    #[test]
    fn member_scoped_to_workspaces() {
        let roles = demo_roles();
        let alice = user(
            vec![
                assign("WorkspaceMember", &[("workspace", "1")]),
                assign("WorkspaceMember", &[("workspace", "2")]),
            ],
            &["WorkspaceMember"],
        );
        assert!(can(
            &alice,
            &roles,
            "createWorkbench",
            &Target::workspace("1")
        ));
        assert!(can(
            &alice,
            &roles,
            "createWorkbench",
            &Target::workspace("2")
        ));
        assert!(!can(
            &alice,
            &roles,
            "createWorkbench",
            &Target::workspace("3")
        ));
        assert!(!can(&alice, &roles, "createWorkbench", &Target::global()));
        assert!(can_anywhere(&alice, &roles, "createWorkbench"));
        assert!(can(
            &alice,
            &roles,
            "createWorkbench",
            &Target::workbench("1", "77")
        ));
        assert!(!may_see_admin(&alice, &roles));
        assert!(!may_manage_users(&alice, &roles));
        assert!(!may_manage_roles(&alice, &roles));
        // unknown permission
        assert!(!can_anywhere(&alice, &roles, "launchRockets"));
        // roles not loaded yet: nothing
        assert!(!can_anywhere(&alice, &[], "createWorkbench"));
    }

    #[test]
    fn viewer_and_owner() {
        let roles = demo_roles();
        let bob = user(
            vec![
                assign("WorkspaceViewer", &[("workspace", "1")]),
                assign("WorkbenchOwner", &[("workbench", "5")]),
            ],
            &[],
        );
        assert!(can(&bob, &roles, "getWorkspace", &Target::workspace("1")));
        assert!(!can(
            &bob,
            &roles,
            "createWorkbench",
            &Target::workspace("1")
        ));
        assert!(can(
            &bob,
            &roles,
            "deleteWorkbench",
            &Target::workbench("1", "5")
        ));
        assert!(!can(
            &bob,
            &roles,
            "deleteWorkbench",
            &Target::workbench("1", "6")
        ));
        // a target that does not name the dimension does not match
        assert!(!can(
            &bob,
            &roles,
            "deleteWorkbench",
            &Target::workspace("1")
        ));
        let t = Target::workbench("1", "5");
        assert_eq!(t.get("workbench"), Some("5"));
        assert!(!t.is_any());
        assert!(Target::any().is_any());
    }

    #[test]
    fn bare_role_names() {
        let roles = demo_roles();
        // context-less role from the bare list counts
        let u = user(vec![], &["Authenticated", "WorkspaceMember", "Nonexistent"]);
        assert!(can(&u, &roles, "listApps", &Target::global()));
        // a dimensioned role without context does not
        assert!(!can_anywhere(&u, &roles, "createWorkbench"));
    }

    #[test]
    fn dynamic_role_grants_admin_link() {
        let roles = demo_roles();
        let u = user(vec![assign("DataSteward", &[("workspace", "2")])], &[]);
        assert!(may_see_admin(&u, &roles));
        assert!(!may_manage_users(&u, &roles));
    }

    #[test]
    fn wildcard_permission() {
        let mut roles = demo_roles();
        roles.push(role("Root", RoleScope::Platform, &[], &["*"], false));
        let u = user(vec![assign("Root", &[])], &[]);
        assert!(can(&u, &roles, "anythingAtAll", &Target::workspace("4")));
    }

    #[test]
    fn humanize() {
        assert_eq!(humanize_camel("createWorkbench"), "Create workbench");
        assert_eq!(humanize_camel("listAppInstances"), "List app instances");
        assert_eq!(humanize_camel("PVCReady"), "PVC ready");
        assert_eq!(humanize_camel("getUserByID"), "Get user by ID");
        assert_eq!(humanize_camel("k8sStatus"), "K8s status");
        assert_eq!(humanize_camel("manageDynamicRoles"), "Manage dynamic roles");
        assert_eq!(humanize_camel("WorkspaceMember"), "Workspace member");
        assert_eq!(
            humanize_camel("snake_case-name here"),
            "Snake case name here"
        );
        assert_eq!(humanize_camel("ID"), "ID");
        assert_eq!(humanize_camel("a"), "A");
        assert_eq!(humanize_camel("getAUser"), "Get a user");
        assert_eq!(humanize_camel(""), "");
        assert_eq!(humanize_camel("__"), "");
        assert_eq!(humanize_camel("überAlles"), "Über alles");
        assert_eq!(humanize_camel("<script>"), "<script>");
        let p = Permission {
            name: "streamWorkbench".into(),
            ..Default::default()
        };
        assert_eq!(p.label(), "Stream workbench");
        assert_eq!(
            matrix_checkbox_label("DataSteward", "listUsers"),
            "DataSteward: listUsers"
        );
    }

    #[test]
    fn edits_toggle_and_change_set() {
        let roles = demo_roles();
        let steward = roles.iter().find(|r| r.name == "DataSteward").unwrap();
        let member = roles.iter().find(|r| r.name == "WorkspaceMember").unwrap();
        let mut e = RoleEdits::new();
        assert!(!e.has_unsaved());
        // built-in: ignored
        assert!(!e.toggle(member, "listUsers"));
        assert!(!e.has_unsaved());
        assert!(e.toggle(steward, "listUsers")); // remove
        assert!(e.toggle(steward, "createBuild")); // add
        assert!(e.toggle(steward, "aardvark")); // add
        assert!(e.is_changed("DataSteward", "listUsers"));
        assert!(!e.is_granted(steward, "listUsers"));
        assert!(e.is_granted(steward, "createBuild"));
        assert!(e.is_granted(steward, "getWorkspace"));
        assert_eq!(e.changed_count(), 3);
        let cs = e.change_set(&roles);
        assert_eq!(cs.len(), 1);
        assert_eq!(cs[0].name, "DataSteward");
        assert_eq!(
            cs[0].permissions,
            ["getWorkspace", "aardvark", "createBuild"]
        );
        assert_eq!(cs[0].description, steward.description);
        assert!(cs[0].dynamic);
        // toggling twice cancels out
        e.toggle(steward, "aardvark");
        e.toggle(steward, "createBuild");
        e.toggle(steward, "listUsers");
        assert!(!e.has_unsaved());
        assert!(e.change_set(&roles).is_empty());
        e.toggle(steward, "listUsers");
        assert!(e.has_unsaved());
        e.discard();
        assert!(!e.has_unsaved());
        e.toggle(steward, "listUsers");
        e.discard_role("DataSteward");
        assert!(!e.has_unsaved());
        // a role gone from the list is left out
        e.toggle(steward, "listUsers");
        assert!(e.change_set(&roles[..1]).is_empty());
        // granted / total
        let perms: Vec<Permission> = ["listUsers", "getWorkspace", "createBuild"]
            .iter()
            .map(|n| Permission {
                name: n.to_string(),
                ..Default::default()
            })
            .collect();
        assert_eq!(e.granted_total(steward, &perms), (1, 3));
        assert_eq!(RoleEdits::new().granted_total(steward, &perms), (2, 3));
        // wildcard roles are read-only
        let star = role("Star", RoleScope::Platform, &[], &["*"], true);
        assert!(!e.toggle(&star, "listUsers"));
    }

    #[test]
    fn grouping() {
        let p = |n: &str, ctx: &[&str]| Permission {
            name: n.into(),
            description: String::new(),
            context: ctx.iter().map(|s| s.to_string()).collect(),
        };
        let perms = vec![
            p("createWorkbench", &["workspace"]),
            p("listUsers", &[]),
            p("deleteWorkbench", &["workbench", "workspace"]),
            p("getWorkbench", &["workbench"]),
            p("getWorkspace", &["workspace"]),
            p("getUser", &["user"]),
            p("odd", &["zone"]),
            p("createUser", &[""]),
        ];
        let g = group_permissions(&perms);
        let titles: Vec<&str> = g.iter().map(|g| g.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Platform-wide",
                "Per workspace",
                "Per session",
                "Per user",
                "Per zone",
                "Per workspace and session"
            ]
        );
        assert_eq!(g[0].key, "");
        assert_eq!(g[0].permissions.len(), 2);
        assert_eq!(g[1].key, "workspace");
        let names: Vec<&str> = g[1].permissions.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["createWorkbench", "getWorkspace"]);
        assert_eq!(g[5].key, "workspace,workbench");
        assert!(group_permissions(&[]).is_empty());
    }

    #[test]
    fn role_order() {
        let roles = demo_roles();
        let names: Vec<&str> = matrix_role_order(&roles)
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Authenticated",
                "PlatformAdmin",
                "WorkspaceMember",
                "WorkspaceViewer",
                "DataSteward",
                "WorkbenchOwner"
            ]
        );
    }

    #[test]
    fn role_name_validation() {
        assert!(validate_role_name("DataSteward").is_ok());
        assert!(validate_role_name("Abc").is_ok());
        assert!(validate_role_name("Role2").is_ok());
        assert_eq!(validate_role_name("").unwrap_err(), "Enter a role name");
        assert!(validate_role_name("Ab").is_err());
        assert!(validate_role_name(&"A".repeat(65)).is_err());
        assert!(validate_role_name(&"A".repeat(64)).is_ok());
        assert!(validate_role_name("dataSteward").is_err());
        assert!(validate_role_name("Data Steward").is_err());
        assert!(validate_role_name("Data_Steward").is_err());
        assert!(validate_role_name("<script>").is_err());
        assert!(validate_role_name("Ünïcode").is_err());
        assert!(validate_role_name("2Fast").is_err());
        let roles = demo_roles();
        assert_eq!(
            validate_new_role_name("datasteward", &roles).unwrap_err(),
            "A role name starts with a capital letter, like DataSteward"
        );
        assert_eq!(
            validate_new_role_name("DATASTEWARD", &roles).unwrap_err(),
            "A role named DATASTEWARD already exists"
        );
        assert!(validate_new_role_name("Curator", &roles).is_ok());
    }

    #[test]
    fn user_form_validation() {
        assert!(validate_username("alice").is_ok());
        assert!(validate_username("a.b_c-9").is_ok());
        assert_eq!(validate_username("").unwrap_err(), "Enter a username");
        assert!(validate_username("ab").is_err());
        assert!(validate_username(&"a".repeat(33)).is_err());
        assert!(validate_username("Alice").is_err());
        assert!(validate_username("al ice").is_err());
        assert!(validate_username("<script>").is_err());
        assert!(validate_email("a@example.org").is_ok());
        assert!(validate_email("first.last+tag@sub.example.co").is_ok());
        for bad in [
            "plain",
            "@example.org",
            "a@",
            "a@b",
            "a@@b.org",
            "a@b@c.org",
            "a b@c.org",
            "a@.org",
            "a@org.",
            "a@b..org",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
        assert_eq!(validate_email(" ").unwrap_err(), "Enter an email address");
        assert!(validate_password("12345678").is_ok());
        assert!(validate_password("1234567").is_err());
        assert!(validate_password("").is_err());
        assert!(validate_password("éééééééé").is_ok());
        assert!(validate_user_form("alice", "a@example.org", Some("password1")).is_empty());
        assert!(validate_user_form("alice", "a@example.org", None).is_empty());
        let errs = validate_user_form("A", "nope", Some("short"));
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["username", "email", "password"]);
    }

    #[test]
    fn role_contexts_for_form() {
        let roles = demo_roles();
        let member = &roles[1];
        let admin = &roles[0];
        let owner = &roles[3];
        assert!(member.needs_workspace());
        assert!(!admin.needs_workspace());
        assert_eq!(
            role_context_for(member, Some("2")).unwrap(),
            BTreeMap::from([("workspace".to_string(), "2".to_string())])
        );
        assert_eq!(
            role_context_for(member, Some("*")).unwrap()["workspace"],
            "*"
        );
        assert_eq!(
            role_context_for(member, None).unwrap_err(),
            "Choose a workspace for WorkspaceMember"
        );
        assert!(role_context_for(member, Some(" ")).is_err());
        assert!(role_context_for(admin, None).unwrap().is_empty());
        assert!(!owner.assignable_in_user_form());
        assert!(role_context_for(owner, Some("1")).is_err());
        assert!(roles[5].dynamic && !roles[5].is_built_in());
    }

    #[test]
    fn new_roles_are_checked_before_chorus_sees_them() {
        let existing = vec![Role {
            name: "DataSteward".into(),
            scope: RoleScope::Workspace,
            permissions: vec!["getWorkspace".into()],
            dynamic: true,
            ..Role::default()
        }];
        let good = Role {
            name: "Curator".into(),
            scope: RoleScope::Workspace,
            permissions: vec!["getWorkspace".into()],
            dynamic: true,
            ..Role::default()
        };
        assert!(validate_new_role(&good, &existing).is_empty());
        let platform = Role {
            scope: RoleScope::Platform,
            ..good.clone()
        };
        assert!(validate_new_role(&platform, &existing).is_empty());
        let bad = Role {
            name: "datasteward".into(),
            scope: RoleScope::Workbench,
            permissions: vec![],
            ..good.clone()
        };
        let fields: Vec<&str> = validate_new_role(&bad, &existing)
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["name", "scope", "permissions"]);
        for scope in [RoleScope::System, RoleScope::Unknown] {
            let r = Role {
                scope,
                ..good.clone()
            };
            assert_eq!(validate_new_role(&r, &existing)[0].0, "scope");
        }
    }
}
