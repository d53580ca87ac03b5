//! The client's handle ([`ApiClient`]): the base URLs, the counts of refusals and of
//! requests that reached no server, and which extension routes the backend lacks.
use leptos::prelude::*;

use super::super::error::ApiError;
use super::super::extension::Extension;
use crate::domain::origin::{frame_url, FrameRefusal};

/// A small `Copy` handle on the client, provided through context by the app shell.
#[derive(Clone, Copy)]
pub struct ApiClient {
    pub(super) base: StoredValue<String>,
    /// Prefix of the iframe pages (`…/stream/`): `streamBaseUrl`, else `apiBaseUrl`. It may
    /// name the session in its host (`{session}`: [`crate::domain::origin::frame_url`]).
    pub(super) stream_base: StoredValue<String>,
    pub(super) unauthorized: RwSignal<u32>,
    /// Requests in a row that got no reply at all (network errors; aborted ones not counted):
    /// 0 again on the next reply of any status.
    pub(super) network_failures: RwSignal<u32>,
    /// Bits of the [`Extension`]s found missing.
    pub(super) missing: RwSignal<u8>,
}

impl ApiClient {
    pub fn new(api_base_url: &str) -> Self {
        let base = api_base_url.trim_end_matches('/').to_string();
        let missing = super::super::extension::recall(&base);
        Self {
            stream_base: StoredValue::new(base.clone()),
            base: StoredValue::new(base),
            unauthorized: RwSignal::new(0),
            network_failures: RwSignal::new(0),
            missing: RwSignal::new(missing),
        }
    }

    /// The same client with the iframe pages under `stream_base_url` (a separate origin keeps
    /// a session's desktop from scripting the console, one per session — `{session}` in the
    /// host — keeps the desktops apart); `""` keeps `apiBaseUrl`.
    pub fn with_stream_base(self, stream_base_url: &str) -> Self {
        let s = stream_base_url.trim().trim_end_matches('/');
        if !s.is_empty() {
            self.stream_base.set_value(s.to_string());
        }
        self
    }

    /// The client provided by the app shell.
    pub fn use_client() -> Self {
        expect_context::<ApiClient>()
    }

    /// `apiBaseUrl` + `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.try_get_value().unwrap_or_default(), path)
    }

    /// The URL of a frame's page `path` of session `session`: the stream prefix with the
    /// session's id in place of `{session}`; refused for an id that is not a host-name label
    /// there (it never goes into a host name).
    pub(crate) fn stream_url(
        &self,
        session: Option<&str>,
        path: &str,
    ) -> Result<String, FrameRefusal> {
        frame_url(&self.stream_template(), session, path)
    }

    /// The prefix of the frame pages as configured (`{session}` not replaced).
    pub(crate) fn stream_template(&self) -> String {
        self.stream_base.try_get_value().unwrap_or_default()
    }

    /// `apiBaseUrl`.
    pub(crate) fn api_base(&self) -> String {
        self.base.try_get_value().unwrap_or_default()
    }

    /// Counts a 401 that means the login is gone. A 401 `INVALID_CREDENTIALS` is not one: it
    /// answers a password or a one-time code the user typed (a change of password, two-factor
    /// set-up, api.md "User self-service"), and the login still holds.
    pub(super) fn note_refusal(&self, err: &ApiError) {
        if err.status() == Some(401) && err.chorus_code() != Some("INVALID_CREDENTIALS") {
            self.unauthorized.try_update(|n| *n = n.wrapping_add(1));
        }
    }

    /// Counts the 401 replies seen: the app returns to the login page when it changes.
    pub fn unauthorized(&self) -> ReadSignal<u32> {
        self.unauthorized.read_only()
    }

    /// Requests in a row that reached no server (tracks): the offline banner shows from a few.
    pub fn network_failures(&self) -> ReadSignal<u32> {
        self.network_failures.read_only()
    }

    /// Whether the backend has `ext`, as far as this page has seen (tracks).
    pub fn supports(&self, ext: Extension) -> bool {
        self.missing.with(|m| m & ext.bit() == 0)
    }

    fn supports_untracked(&self, ext: Extension) -> bool {
        self.missing
            .try_with_untracked(|m| m & ext.bit() == 0)
            .unwrap_or(true)
    }

    /// Remembers that the backend lacks `ext`: for the rest of the page's life, and for later
    /// visits from this browser (per API origin, until the app's version changes).
    pub fn mark_missing(&self, ext: Extension) {
        if self.supports_untracked(ext) {
            self.missing.try_update(|m| *m |= ext.bit());
            let bits = self.missing.try_get_untracked().unwrap_or(0);
            super::super::extension::remember(&self.api_base(), bits);
        }
    }

    /// Notes what a session's record says of the backend: one whose records carry none of
    /// this API's extension fields (CHORUS) has no `Stop`/`Start` either, so they are not
    /// offered there (for this page's life only: it is read again from every record).
    pub(crate) fn note_record_shape(&self, reports_extensions: bool) {
        if !reports_extensions && self.supports_untracked(Extension::SessionStopStart) {
            // Nor does it keep an approver's comment (CHORUS): the approver is told before
            // writing one (issue 47).
            self.missing.try_update(|m| {
                *m |= Extension::SessionStopStart.bit() | Extension::DecisionComments.bit()
            });
        }
    }

    /// Runs a call of extension `ext`: refused at once when the backend is known to lack it;
    /// a reply saying "no such route" marks it missing. Both give [`ApiError::Unsupported`].
    pub(crate) async fn extension<T>(
        &self,
        ext: Extension,
        call: impl std::future::Future<Output = Result<T, ApiError>>,
    ) -> Result<T, ApiError> {
        if !self.supports_untracked(ext) {
            return Err(ApiError::Unsupported(ext));
        }
        match call.await {
            Err(e) if e.means_missing_route() => {
                self.mark_missing(ext);
                Err(ApiError::Unsupported(ext))
            }
            other => other,
        }
    }
}
