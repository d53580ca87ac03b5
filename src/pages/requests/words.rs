//! How a request shows in words: its status's badge, a failed call's words.
use crate::api::ApiError;
use crate::domain::requests::{refusal_words, Status};

/// An error of a request call in words: ours where the backend's message is known, else its own.
pub(super) fn words_of(what: &str, e: &ApiError) -> String {
    match refusal_words(e.status(), &e.message()) {
        Some(w) => format!("{what}: {w}"),
        None => what.to_owned(),
    }
}

/// The badge class of a status.
pub(crate) fn status_badge(s: Status) -> &'static str {
    match s {
        Status::Pending => "badge-warn",
        Status::Approved => "badge-ok",
        Status::Rejected => "badge-danger",
        Status::Cancelled | Status::Unknown => "badge-neutral",
    }
}
