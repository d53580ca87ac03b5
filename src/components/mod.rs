//! Reusable views. Pages compose these.
pub mod activity_indicator;
pub mod condition_timeline;
pub mod error_alert;
pub mod header;
pub mod loading;
pub mod progress_stepper;
pub mod require_auth;
pub mod session_details;
