//! Conditions (the Kubernetes `metav1.Condition` shape) and what they mean for a user, with no
//! knowledge of the session that carries them: [`crate::domain::workbench`] depends on this
//! module, never the other way round.
//!
//! - `model.rs`: [`Condition`], [`ConditionStatus`], [`ConditionType`] (parsed leniently) and
//!   [`ConditionSet`] (the list as a map keyed by type, in canonical order).
//! - `message.rs`: what a reason or message names (exit code, restart count, secret, image,
//!   node) and a CamelCase reason in words.
//! - `catalogue.rs`: the reason catalogue: [`explain_condition_in`] and [`explain_exit_code`]
//!   turn a reason and its message into an [`Explanation`] with a [`Severity`]. **A new reason
//!   goes there.**
//!
//! What a session page makes of them (stepper, overlay sentence, error box) is in
//! [`crate::domain::progress`]; the condition timeline in [`crate::domain::timeline`].
//!
//! Everything here returns plain text; none of it is markup, and messages from the server are
//! kept verbatim: render them as text.

mod catalogue;
mod message;
mod model;

#[cfg(test)]
pub(crate) use catalogue::explain_condition;
pub(crate) use catalogue::{
    explain_condition_in, explain_exit_code, hint_without_restart, is_known_reason, RETRY_HINT,
};
pub use catalogue::{Explanation, Severity};
pub(crate) use message::exit_code_in;
pub use model::{Condition, ConditionStatus};
pub(crate) use model::{ConditionSet, ConditionType, STEP_TYPES};
