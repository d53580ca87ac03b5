//! Talking to the backend: wire DTOs ([`wire`]), one error type ([`ApiError`]) and the HTTP
//! client ([`ApiClient`]), which prefixes `apiBaseUrl`, sends credentials, decodes the envelope
//! and turns every failure into an [`ApiError`].
pub mod client;
pub mod error;
pub mod wire;

pub use client::{ApiClient, Conditional};
pub use error::{ApiError, ErrorKind};
