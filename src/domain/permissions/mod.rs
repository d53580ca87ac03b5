//! Roles, permissions, "may this user do X here?", and the admin pages' pure rules, one file
//! each:
//!
//! - `model.rs`: [`Role`], [`RoleScope`], [`Permission`] as the backend lists them;
//! - `checks.rs`: [`can`] and the checks of pages and links ([`may_manage_users`], …) — fail
//!   closed: until the roles are loaded every check answers `false`;
//! - `matrix.rs`: the permission matrix's rows, columns and pending edits ([`RoleEdits`]);
//! - `new_role.rs`: CHORUS's rules for a new dynamic role, checked before it is sent
//!   ([`validate_new_role`]): scope fit ([`permission_fits`]), and its matching rule for "does
//!   the admin hold P in this context" ([`holds_permission`]);
//! - `user_form.rs`: the user form's field checks ([`validate_user_form`], CHORUS's
//!   `generalstring`), the backend's field errors in words ([`field_error_words`]), role
//!   contexts ([`role_context_for`]) and who may search users ([`may_search_users`]).

mod checks;
mod matrix;
mod model;
mod new_role;
mod user_form;

pub(crate) use checks::*;
pub(crate) use matrix::*;
pub use model::*;
pub(crate) use new_role::*;
pub(crate) use user_form::*;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;
