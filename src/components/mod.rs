//! Reusable views. Pages compose these.
pub mod activity_indicator;
pub mod app_tabs;
pub mod background_iframe;
pub mod condition_timeline;
pub mod error_alert;
pub mod header;
pub mod icon;
pub mod loading;
pub mod permission_matrix;
pub mod progress_stepper;
pub mod require_auth;
pub mod session_details;
pub mod session_overlay;
pub mod start_log;
pub mod user_form;
pub mod workbench_table;
