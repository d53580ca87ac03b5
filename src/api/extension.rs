//! The routes of api.md a backend may lack, which the console stops offering after the first
//! "not supported here" answer (kept below both the client and the error type).

/// Routes of api.md a backend may lack ("Extensions a backend does not have"). After the first
/// 404 (without a resource named), 405 or 501 the console stops offering the feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extension {
    /// `POST /workbenches/{id}/stop` and `…/start`.
    SessionStopStart,
    /// `PUT /authorization/roles/{name}`.
    RoleEdit,
    /// `DELETE /authorization/roles/{name}`.
    RoleDelete,
    /// `GET /app-instances/{id}/stream/`: an app's own page in its tab.
    AppStream,
    /// The whole job service (`/api/builds`, `/api/runs…`).
    Jobs,
    /// `GET /workbenches/{id}/watch`: a session's status pushed (else it is polled).
    WorkbenchWatch,
    /// `GET /workspaces/{id}/raw/{path}`: a workspace file's bytes (CHORUS's own
    /// `GetWorkspaceFile` sends none).
    FileDownload,
    /// An approver's comment kept with the decision (`stepDecisions.*.comment`): CHORUS
    /// accepts one and keeps nothing of it. Known missing from a decision without a `comment`
    /// (or a session record without this API's extension fields).
    DecisionComments,
}

impl Extension {
    pub(crate) fn bit(self) -> u8 {
        match self {
            Self::SessionStopStart => 1,
            Self::RoleEdit => 2,
            Self::RoleDelete => 4,
            Self::AppStream => 8,
            Self::Jobs => 16,
            Self::WorkbenchWatch => 32,
            Self::FileDownload => 64,
            Self::DecisionComments => 128,
        }
    }

    /// What the user would miss, in words: "This deployment does not support <what>."
    pub fn words(self) -> &'static str {
        match self {
            Self::SessionStopStart => "stopping and starting sessions",
            Self::RoleEdit => "editing roles",
            Self::RoleDelete => "deleting roles",
            Self::AppStream => "showing an app in its own tab",
            Self::Jobs => "builds and runs (it has no build service)",
            Self::WorkbenchWatch => "pushing a session's status (the console polls it instead)",
            Self::FileDownload => {
                "downloading a workspace's files (CHORUS sends no file contents from a workspace: take files out with an extraction request)"
            }
            Self::DecisionComments => "keeping an approver's comment with the decision",
        }
    }
}

/// The key under which this browser remembers what the backend at `api_base` lacks.
fn memory_key(api_base: &str) -> String {
    format!("console.missingExtensions:{api_base}")
}

/// What is remembered: the app's version and the bits (`"0.1.0:33"`), so that a new version of
/// the console asks again.
fn memory_value(bits: u8) -> String {
    format!("{}:{bits}", env!("CARGO_PKG_VERSION"))
}

/// The bits remembered in `value`, if it is this version's.
pub(crate) fn remembered_bits(value: &str) -> u8 {
    value
        .rsplit_once(':')
        .filter(|(version, _)| *version == env!("CARGO_PKG_VERSION"))
        .and_then(|(_, bits)| bits.parse().ok())
        .unwrap_or(0)
}

/// The extensions this browser found missing at `api_base` on earlier visits (api.md: "for
/// later visits from this browser, remembered per API origin, forgotten when the app's
/// version changes").
pub(crate) fn recall(api_base: &str) -> u8 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(&memory_key(&origin_of(api_base))).ok().flatten())
            .map_or(0, |v| remembered_bits(&v))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        remembered_bits(&memory_key(api_base))
    }
}

/// Remembers `bits` as missing at `api_base` (fails soft: storage may be off).
pub(crate) fn remember(api_base: &str, bits: u8) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(&memory_key(&origin_of(api_base)), &memory_value(bits));
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (api_base, memory_value(bits));
}

/// The API's origin: `apiBaseUrl` when it names one, else this page's.
#[cfg(target_arch = "wasm32")]
fn origin_of(api_base: &str) -> String {
    if api_base.contains("://") {
        return api_base.to_owned();
    }
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}{api_base}"))
        .unwrap_or_else(|| api_base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_per_version() {
        assert_eq!(remembered_bits(&memory_value(33)), 33);
        assert_eq!(remembered_bits("0.0.0-old:33"), 0);
        assert_eq!(remembered_bits("junk"), 0);
        assert_eq!(
            remembered_bits(&format!("{}:x", env!("CARGO_PKG_VERSION"))),
            0
        );
        assert_eq!(
            memory_key("http://api.example.org"),
            "console.missingExtensions:http://api.example.org"
        );
    }
}
