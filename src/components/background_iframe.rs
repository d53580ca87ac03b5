//! The session's remote desktop in an iframe (ui.md, "session iframe"), and what the frames of
//! sessions and apps share: their sandbox, the features delegated to them, the notice that
//! tells administrators where they run, and the words for a frame that is refused.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{workbenches, ApiClient};
use crate::components::on::OnAttribute;
use crate::domain::desktop_settings::DesktopFrame;
use crate::domain::origin::{origin_notice, FrameRefusal, OriginNotice};
use crate::domain::workbench::Workbench;
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// What administrators are told about a frame loading `src`: whether it runs with the
/// console's or the API's origin (its sandbox is then no barrier), and whether every session's
/// pages share one origin (`streamBaseUrl` without `{session}`). Each finding is also logged.
pub(crate) fn frame_origin_notice(api: ApiClient, src: &str) -> OriginNotice {
    let console = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let notice = origin_notice(src, &api.stream_template(), &console, &api.api_base());
    if notice.shares_console_or_api {
        leptos::logging::warn!(
            "the frame {src} is served from the console's or the API's own origin: its page can \
             act as the signed-in user. Set streamBaseUrl to a stream origin (README, Deploying)."
        );
    } else if notice.shared_between_sessions {
        leptos::logging::warn!(
            "the frame {src} shares its origin with every other session's: streamBaseUrl has no \
             {{session}} in its host (README, Deploying)."
        );
    }
    notice
}

/// What a desktop's frame may do where the policy is not known (a frame without the session
/// page's settings): the closed policy's, no downloads and no clipboard. The session page's
/// desktop gets what its workspace and the deployment allow
/// ([`crate::domain::desktop_settings::DesktopPolicy`]). Safe only because the page comes from
/// another origin than the console's (`streamBaseUrl`, README "Deploying"): same-origin,
/// `allow-scripts allow-same-origin` would let it lift its own sandbox.
pub use crate::domain::desktop_settings::{DESKTOP_ALLOW, DESKTOP_SANDBOX};
/// What an app's own page may do (a page of someone's app, e.g. a shared notebook): run, keep
/// its origin, forms and pointer lock. Less than the desktop: no dialogs (an `alert` that
/// freezes the console's tab), no downloads (a file the user did not ask for).
pub const APP_SANDBOX: &str = "allow-scripts allow-same-origin allow-forms allow-pointer-lock";
/// Features delegated to an app's page: full screen and sound; not the clipboard (neither
/// writing over what the user copied nor reading it).
pub const APP_ALLOW: &str = "fullscreen; autoplay";

/// `<iframe data-testid="session-iframe" title="Session <name>">` on the session's
/// `…/stream/` page, rendered ONLY while the session is ready (`k8sStatus` `Running` and the
/// desktop server answering; absent from the DOM otherwise). The frame is not re-created by
/// status updates of the same ready session. A session whose id cannot be put into its URL
/// (`{session}` in `streamBaseUrl`) gets no frame: the page says why.
#[component]
pub fn BackgroundIframe(
    /// The session.
    #[prop(into)]
    workbench: Signal<Option<Workbench>>,
    /// Set to `true` by the frame's load event (or at once when the frame is refused: there is
    /// nothing to wait for); back to `false` when the frame goes.
    #[prop(optional)]
    loaded: Option<Slot<bool>>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let loaded = loaded.unwrap_or_else(|| Slot::new(false));
    let tuning = crate::state::desktop_tuning::DesktopTuning::use_tuning();
    // The session page's settings: the frame waits for the workspace's policy, then keeps the
    // first frame it got (nothing reconnects by itself).
    let first = Kept::new(None::<DesktopFrame>);
    let policy_known = crate::state::memo(move |_| tuning.is_none_or(|t| t.policy().is_some()));
    // (id, name) of the running session: a new frame only when these change.
    let frame = crate::state::memo(move |_| {
        if !policy_known.get() {
            return None;
        }
        workbench.with(|w| {
            w.as_ref()
                .filter(|w| w.is_ready())
                .map(|w| (w.id.clone(), w.display_name()))
        })
    });
    crate::state::effect(move |_| {
        if frame.with(Option::is_none) {
            loaded.try_set(false);
        }
    });
    live(move || {
        frame
            .get()
            .map(|(id, name)| match workbenches::stream_url(api, &id) {
                Ok(src) => {
                    let notice = frame_origin_notice(api, &src);
                    let f = first.get_value().unwrap_or_else(|| {
                        let f =
                            tuning
                                .and_then(|t| untrack(|| t.wanted()))
                                .unwrap_or(DesktopFrame {
                                    src,
                                    sandbox: DESKTOP_SANDBOX,
                                    allow: DESKTOP_ALLOW,
                                });
                        first.set_value(Some(f.clone()));
                        f
                    });
                    view! {
                        <StreamOriginNotice notice=notice/>
                        <iframe
                            data-testid="session-iframe"
                            class="session-iframe"
                            title=format!("Session {name}")
                            src=f.src
                            sandbox=f.sandbox
                            allow=f.allow
                            on:load=move |_| {
                                loaded.try_set(true);
                            }
                        ></iframe>
                    }
                    .into_any()
                }
                Err(refusal) => {
                    loaded.try_set(true);
                    view! { <FrameRefused refusal=refusal/> }.into_any()
                }
            })
    })
}

/// Tells administrators where a desktop runs when that is not an origin of its own (`notice`);
/// nothing otherwise. Its own reactive part: the roles arriving later must not re-create the
/// frame.
#[component]
pub fn StreamOriginNotice(notice: OriginNotice) -> impl IntoView {
    let admin = use_context::<Auth>();
    live(move || {
        (notice.any() && admin.is_some_and(|a| a.may_see_admin())).then(|| {
            view! {
                <p class="alert alert-warn stream-origin-notice" role="note"
                    data-testid="stream-origin-notice">
                    {notice.message()}
                </p>
            }
        })
    })
}

/// In place of a frame that is not shown (an id that cannot be put into its URL): why, in
/// words, for everyone.
#[component]
pub fn FrameRefused(refusal: FrameRefusal) -> impl IntoView {
    view! {
        <div class="frame-refused" data-testid="frame-refused">
            <p class="alert alert-error" role="alert">{refusal.message()}</p>
        </div>
    }
}
