//! The HTTP transport under every endpoint module. One place builds URLs from `apiBaseUrl`
//! (percent-encoding every path segment), sends credentials, decodes the reply and turns every
//! failure into an [`ApiError`]. Every 401 bumps [`ApiClient::unauthorized`], which the app
//! shell turns into a return to the login page; every extension route the backend lacks is
//! remembered ([`ApiClient::supports`]) so that it is never asked again in this page's life.
//!
//! The parts: [`handle`] (the [`ApiClient`] handle: base URLs, refusals, missing extensions),
//! [`paths`] (ids into paths and queries), [`decode`] (the JSON calls), [`transport`] (sending
//! one request), [`online`] (nothing sent while the browser is offline), [`server_clock`] (the
//! backend's clock), `download` (a base64 file as a `Blob`).
mod decode;
#[cfg(target_arch = "wasm32")]
mod download;
mod handle;
mod online;
mod paths;
mod server_clock;
mod transport;

pub use super::extension::Extension;
pub use decode::Conditional;
pub(crate) use decode::EmptyBody;
pub use handle::ApiClient;
pub(crate) use online::before_sending;
pub use online::{is_offline_now, set_offline_pause};
pub(crate) use paths::{encode_component, jobs, page_params, rest, with_query, Path, MAX_PAGE};
pub use server_clock::server_to_local_ms;
pub(crate) use transport::forget_shared_gets;
