//! What a sign-out leaves on the auth state ([`super::Auth`]): why it did not finish
//! ([`SignOutError`]) and the channel to the other tabs of this browser ([`Channel`]). Apart
//! from the sign-out itself ([`super::sign_out`]), which uses the auth state.
use crate::api::ApiError;

/// Why a sign-out did not finish. Either way the user is still signed in on the server, and
/// stays signed in here (the header says so, with `Retry sign-out`).
#[derive(Clone, Debug, PartialEq)]
pub enum SignOutError {
    /// The logout did not reach the server (network, 5xx): its cookie may still be valid.
    NotReached(ApiError),
    /// The server still knew the user after every logout (a reply kept setting the cookie
    /// again, or the backend does not end logins).
    StillSignedIn,
}

impl SignOutError {
    /// The alert's title.
    pub fn title(&self) -> &'static str {
        match self {
            Self::NotReached(_) => {
                "The sign-out did not reach the server: you may still be signed in on it."
            }
            Self::StillSignedIn => "The sign-out did not take: the server still has you signed in.",
        }
    }

    /// The alert's detail.
    pub fn detail(&self) -> String {
        match self {
            Self::NotReached(e) => e.words(),
            Self::StillSignedIn => format!(
                "The console signed out {} times, and each time the server still answered as you \
                 afterwards. Sign out again, and close this browser if it keeps happening.",
                crate::domain::sign_in::LOGOUT_ATTEMPTS
            ),
        }
    }
}

/// The channel and its message handler, kept alive with the auth state (made in the browser
/// only).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(super) struct Channel {
    pub(super) channel: web_sys::BroadcastChannel,
    pub(super) _on_message: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MessageEvent)>,
}
