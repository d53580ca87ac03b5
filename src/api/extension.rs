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
        }
    }
}
