//! The user form of `/admin/users`: its fields checked before they are sent (what CHORUS
//! checks, nothing it does not: `pkg/user/service/requests.go`), the backend's field errors in
//! words (Go field names, validator tags), and the context of each role it gives.

use std::collections::BTreeMap;

use super::model::{Permission, Role};
use crate::domain::user::{RoleAssignment, User};

/// Whether `c` passes CHORUS's `generalstring` validator
/// (`internal/utils/validation/validation.go`): ASCII letters and digits, `À`–`ÿ`, white space,
/// and `,;.:-_$£!^'?=()/&%*#\"+[]{}@`. It refuses `| < > ~`, the backtick, and letters beyond
/// Latin-1.
fn general_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{C0}'..='\u{FF}').contains(&c)
        || matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}')
        || ",;.:-_$£!^'?=()/&%*#\\\"+[]{}@".contains(c)
}

/// The characters of `s` that `generalstring` refuses, each once, in order.
pub(crate) fn refused_characters(s: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in s.chars().filter(|c| !general_char(*c)) {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `Err` in words when `s` has characters `generalstring` refuses.
pub(crate) fn validate_general_string(label: &str, s: &str) -> Result<(), String> {
    let bad = refused_characters(s);
    if bad.is_empty() {
        return Ok(());
    }
    // A bidirectional control is named by a visible marker, not written as it is.
    let list: Vec<String> = bad
        .iter()
        .map(|c| crate::domain::text::shown_string(&c.to_string()))
        .collect();
    Err(format!(
        "{label} may not contain {} (the platform refuses | < > ~ and the like)",
        list.join(" ")
    ))
}

/// A username is required, has no white space (the user types it to sign in) and passes
/// `generalstring`.
pub(crate) fn validate_username(username: &str) -> Result<(), String> {
    if username.trim().is_empty() {
        return Err("Enter a username".to_string());
    }
    if username.trim().chars().any(char::is_whitespace) {
        return Err("A username may not contain spaces".to_string());
    }
    validate_general_string("A username", username)
}

/// An e-mail address, when one is given, has one `@` with something before it and a domain
/// with a dot after it, and no white space; empty is left to the backend.
pub(crate) fn validate_email(email: &str) -> Result<(), String> {
    let email = email.trim();
    if email.is_empty() {
        return Ok(());
    }
    let looks_right = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.split('.').count() >= 2
            && domain.split('.').all(|part| !part.is_empty())
    }) && !email.chars().any(char::is_whitespace);
    if looks_right {
        Ok(())
    } else {
        Err("Enter an e-mail address such as name@example.org".to_string())
    }
}

/// A problem with one field of a form. `field` is the form's key (`username`, `firstName`,
/// `lastName`, `email`, `password`, `status`, `roles`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The field.
    pub field: &'static str,
    /// The problem in words.
    pub message: String,
}

/// The form's fields as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct UserFields<'a> {
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: &'a str,
    /// The password of a new user (`None` when editing).
    pub password: Option<&'a str>,
}

/// Checks the user form before sending: the username is required, has no white space and passes
/// `generalstring`; the names pass `generalstring`; an e-mail, when given, looks like one; a new
/// user's password follows the platform's rule, the one the profile page states
/// ([`crate::domain::password`]). CHORUS itself checks only `generalstring` and accepts `abc` as
/// a password, `not-an-email` as an e-mail and `a b` as a username (issue 47): the console does
/// not create what its own profile page would refuse. A missing first or last name is left to
/// the backend (its `required`, shown next to the field). Empty when all is well.
pub(crate) fn validate_user_form(f: &UserFields) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field, r: Result<(), String>| {
        if let Err(message) = r {
            errors.push(FieldError { field, message });
        }
    };
    push("username", validate_username(f.username));
    push(
        "firstName",
        validate_general_string("A first name", f.first_name),
    );
    push(
        "lastName",
        validate_general_string("A last name", f.last_name),
    );
    push("email", validate_email(f.email));
    if let Some(pw) = f.password {
        if pw.is_empty() {
            push("password", Err("Enter a password".to_string()));
        } else if let Some(problem) = crate::domain::password::problem_of("The password", pw) {
            push("password", Err(problem));
        }
    }
    errors
}

/// The form's key for a field the backend names: CHORUS uses Go names (`FirstName`,
/// `User.FirstName`), other backends `firstName` or `first_name`; compared ignoring case and
/// underscores, after the last `.`. Role fields (`rolesWithContext[0].…`) give `roles`.
pub(crate) fn form_field_key(field: &str) -> Option<&'static str> {
    let field = field.trim();
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_')
            .flat_map(char::to_lowercase)
            .collect()
    };
    if norm(field).replace("user.", "").starts_with("roles") {
        return Some("roles");
    }
    let last = field.rsplit('.').next().unwrap_or(field);
    match norm(last).as_str() {
        "username" => Some("username"),
        "firstname" => Some("firstName"),
        "lastname" => Some("lastName"),
        "email" => Some("email"),
        "password" => Some("password"),
        "status" => Some("status"),
        _ => None,
    }
}

/// A validator tag in words (`required` → `is required`); anything else — an unknown tag, or a
/// backend's own sentence — as it is.
pub(crate) fn reason_words(reason: &str) -> String {
    let reason = reason.trim();
    let tag = reason.split('=').next().unwrap_or(reason);
    match tag {
        "required" => "is required".to_string(),
        "generalstring" => {
            "may not contain | < > ~ or other characters the platform refuses".to_string()
        }
        "safestring" => "contains characters the platform refuses".to_string(),
        "email" => "is not an email address".to_string(),
        "max" => "is too long".to_string(),
        "min" => "is too short".to_string(),
        "oneof" => "is not one of the allowed values".to_string(),
        _ => reason.to_string(),
    }
}

/// The label of a form field, for sentences (`First name is required`).
pub(crate) fn field_label(key: &str) -> &'static str {
    match key {
        "username" => "Username",
        "firstName" => "First name",
        "lastName" => "Last name",
        "email" => "Email",
        "password" => "Password",
        "status" => "Status",
        "roles" => "Roles",
        _ => "This field",
    }
}

/// A backend's field error as the form shows it: `(key, words)`, `None` for a field the form
/// does not have.
pub(crate) fn field_error_words(field: &str, reason: &str) -> Option<(&'static str, String)> {
    let key = form_field_key(field)?;
    let words = reason_words(reason);
    let msg = if key == "roles" {
        format!("Roles: {words}")
    } else {
        format!("{} {words}", field_label(key))
    };
    Some((key, msg))
}

/// Which users a role bound to the `user` dimension applies to: the `Users for <name>` select.
/// CHORUS stores a role's context exactly as sent (`user-controller.go` `CreateUserRole`): a
/// role whose context lists `user` given without a value grants nothing that needs a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum UserScope {
    /// `"*"`: the role acts on every user (a user manager, an auditor).
    #[default]
    All,
    /// The user's own id: the role acts on that user only.
    OnlyThisUser,
}

/// The role CHORUS gives every user on itself (`user-controller.go` `CreateUser`:
/// `Authenticated {"user": <id>}`); ui.md makes `Only this user` its default.
const SELF_ROLE: &str = "Authenticated";

impl UserScope {
    /// The select's value of each option.
    pub(crate) fn value(self) -> &'static str {
        match self {
            Self::All => super::ANY_ID,
            Self::OnlyThisUser => "self",
        }
    }

    /// The option a select value names (`All` for anything but `self`).
    pub(crate) fn from_value(v: &str) -> Self {
        if v == Self::OnlyThisUser.value() {
            Self::OnlyThisUser
        } else {
            Self::All
        }
    }

    /// The option's words.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::All => "All users",
            Self::OnlyThisUser => "Only this user",
        }
    }

    /// The default of a role: `Only this user` for the role every user holds on itself,
    /// `All users` for the others (a platform role given to a user is meant for every user).
    pub(crate) fn default_for(role: &Role) -> Self {
        if role.name == SELF_ROLE {
            Self::OnlyThisUser
        } else {
            Self::All
        }
    }
}

/// The choices the form made for a role's context: the workspace and the session (a select's
/// value: an id, or `"*"` for all), and the users.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ContextChoice<'a> {
    pub workspace: Option<&'a str>,
    pub workbench: Option<&'a str>,
    pub user: UserScope,
}

/// A role the form gives: its name and context, with `user` still to be bound to the user's
/// own id where the form chose `Only this user` (a new user has no id until it is created).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RoleToGive {
    pub name: String,
    /// Every dimension the role lists but an unbound `user`.
    pub context: BTreeMap<String, String>,
    /// `user` is the id of the user the role is given to.
    pub only_this_user: bool,
}

impl RoleToGive {
    /// The assignment sent for user `user_id`: every dimension the role lists has a value.
    pub(crate) fn for_user(&self, user_id: &str) -> RoleAssignment {
        let mut context = self.context.clone();
        if self.only_this_user {
            context.insert("user".to_string(), user_id.to_string());
        }
        RoleAssignment {
            id: String::new(),
            name: self.name.clone(),
            context,
        }
    }
}

impl From<RoleAssignment> for RoleToGive {
    /// An assignment already bound (a Retry of one that failed).
    fn from(a: RoleAssignment) -> Self {
        Self {
            name: a.name,
            context: a.context,
            only_this_user: false,
        }
    }
}

/// What the user form gives for a role: a value for **every** dimension the role's context
/// lists (api.md, "Users"): `workspace` and `workbench` from the form's choices, `user` `"*"`
/// or the user's own id. Errors in words when a choice is missing, or the role takes a
/// dimension the form cannot fill.
pub(crate) fn role_context_for(role: &Role, choice: ContextChoice) -> Result<RoleToGive, String> {
    let mut give = RoleToGive {
        name: role.name.clone(),
        ..RoleToGive::default()
    };
    for dim in &role.context {
        let (value, what) = match dim.as_str() {
            "user" => {
                match choice.user {
                    UserScope::All => {
                        give.context.insert(dim.clone(), super::ANY_ID.to_string());
                    }
                    UserScope::OnlyThisUser => give.only_this_user = true,
                }
                continue;
            }
            "workspace" => (choice.workspace, "workspace"),
            "workbench" => (choice.workbench, "session"),
            other => {
                return Err(format!(
                    "The role {} needs a {other}, which cannot be chosen here",
                    role.name
                ))
            }
        };
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) => {
                give.context.insert(dim.clone(), v.to_string());
            }
            None => return Err(format!("Choose a {what} for {}", role.name)),
        }
    }
    Ok(give)
}

/// CHORUS's permission for `GET /users?filter.search=…` (`user-authorization.go`).
pub(crate) const SEARCH_USERS: &str = "searchUsers";

/// Whether the users page offers `Search users`: CHORUS answers a search (even an empty one)
/// with 403 unless the caller holds `searchUsers` (no context): checked with
/// [`super::holds_permission`]. A backend whose catalogue has no such permission does not gate
/// search by it: then the page's own `listUsers` suffices.
pub(crate) fn may_search_users(
    assignments: &[RoleAssignment],
    roles: &[Role],
    permissions: &[Permission],
) -> bool {
    if !permissions.iter().any(|p| p.name == SEARCH_USERS) {
        return true;
    }
    super::holds_permission(
        assignments,
        roles,
        permissions,
        SEARCH_USERS,
        &BTreeMap::new(),
    )
}

/// Whether `user` shows every role of `given`: an assignment of the same name whose context has
/// the given context. CHORUS answers role calls and
/// `GET /users/{id}` from a one-second cache, so a user read just after may not show them yet.
pub(crate) fn shows_roles(user: &User, given: &[RoleAssignment]) -> bool {
    given.iter().all(|g| {
        user.roles_with_context.iter().any(|a| {
            a.name == g.name
                && g.context
                    .iter()
                    .all(|(d, v)| a.context.get(d).is_some_and(|x| x == v))
        })
    })
}

#[cfg(test)]
#[path = "user_form_tests.rs"]
mod tests;
