//! The panels: one `role="tabpanel"` per tab. The Desktop panel holds the session's desktop
//! (`children`, mounted once and only hidden when another tab is selected; in the desktop app
//! view a ready app tab shows it too: one desktop iframe, never a second). An app panel:
//! pending → what it waits for and the time waited; error → the reason and `Retry`; ready →
//! `<iframe title="<app>" src=…/stream/>` under an overlay until it loads. App panels stay
//! mounted while hidden too (an app keeps its state across switches).
use crate::components::live::live;
use leptos::prelude::*;

use super::bar::info_memo;
use super::strip::{Strip, DESKTOP_PANEL_ID, DESKTOP_TAB_ID};
use crate::api::{apps, ApiClient, ApiError, Extension};
use crate::components::background_iframe::{FrameRefused, APP_ALLOW, APP_SANDBOX};
use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use crate::components::when::{Draw, When};
use crate::config::AppView;
use crate::domain::tabs::Tabs;
use crate::domain::tabs::{tab_info, PanelKind, TabWaits};
use crate::domain::time::format_duration;
use crate::state::{Derived, Slot};

/// The panels of a session's tabs; `children` is the desktop.
#[component]
pub fn TabPanels(strip: Strip, children: Draw) -> impl IntoView {
    let tabs = strip.tabs;
    let waits = strip.waits;
    let selection = strip.selection;
    let app_view = strip.app_view;
    // In the desktop view a ready app tab shows the one desktop (never a second iframe).
    let desktop_shown = move || {
        strip.desktop_selected()
            || (app_view.get() == AppView::Desktop
                && selection.with(|s| {
                    s.as_deref().is_some_and(|id| {
                        tabs.with(|t| waits.with(|w| tab_info(t, w, id)))
                            .is_some_and(|i| matches!(i.panel, PanelKind::Ready { .. }))
                    })
                }))
    };
    view! {
        <div class="tab-panels">
            <Keyed
                each=move || strip.ids.get()
                key=|id| id.clone()
                children=move |id: String| {
                    view! {
                        <AppPanel
                            id=id
                            tabs=tabs
                            waits=waits
                            selection=selection
                            now=strip.now
                            on_retry=strip.on_retry
                            app_view=app_view
                        />
                    }
                }
            />
            <div
                role="tabpanel"
                id=DESKTOP_PANEL_ID
                class="tab-panel tab-panel-desktop"
                aria-labelledby=DESKTOP_TAB_ID
                hidden=move || !desktop_shown()
            >
                {children.run()}
            </div>
        </div>
    }
}

/// One app tab's panel.
#[component]
fn AppPanel(
    id: String,
    tabs: Slot<Tabs>,
    waits: Slot<TabWaits>,
    selection: Derived<Option<String>>,
    now: Slot<i64>,
    on_retry: Callback<String>,
    app_view: Signal<AppView>,
) -> impl IntoView {
    let info = info_memo(id.clone(), tabs, waits);
    let selected = {
        let id = id.clone();
        crate::state::memo(move |_| selection.with(|s| s.as_deref() == Some(id.as_str())))
    };
    // Only a change of kind (or of instance) re-renders the body: the iframe is made once.
    let kind = crate::state::memo(move |_| info.with(|i| i.as_ref().map(|i| i.panel.clone())));
    let view_mode = crate::state::memo(move |_| app_view.get());
    let message = move || info.with(|i| i.as_ref().map(|i| i.message.clone()).unwrap_or_default());
    let waited = {
        let id = id.clone();
        move || {
            let t = now.get();
            waits
                .with(|w| w.waited_ms(&id, t))
                .map(|ms| format!("Waited {}", format_duration(i64::try_from(ms).unwrap_or(0))))
        }
    };
    let api = ApiClient::use_client();
    let body = {
        let id = id.clone();
        live(move || match kind.get() {
            None => ().into_any(),
            Some(PanelKind::Waiting) => view! {
                <div class="tab-wait">
                    <div class="tab-wait-status" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        <p class="tab-wait-message">{message}</p>
                    </div>
                    <p class="tab-wait-time muted">{waited.clone()}</p>
                </div>
            }
            .into_any(),
            Some(PanelKind::Error) => {
                let id = id.clone();
                view! {
                    <div class="alert alert-error tab-error-box" role="alert">
                        <p class="alert-message">{message}</p>
                        <button
                            type="button"
                            class="btn"
                            on:click=move |_| on_retry.run(id.clone())
                        >
                            "Retry"
                        </button>
                    </div>
                }
                .into_any()
            }
            Some(PanelKind::Ready { server_id }) => {
                let (title, label) = info.with_untracked(|i| {
                    i.as_ref()
                        .map(|i| (i.frame_title.clone(), i.label.clone()))
                        .unwrap_or_default()
                });
                if view_mode.get() == AppView::Desktop {
                    let missing = !api.supports(Extension::AppStream);
                    return view! {
                        <div class="tab-desktop-note" role="status">
                            <p>
                                {format!("{label} runs as a window in the session's desktop.")}
                                {missing.then(|| {
                                    format!(" {}", ApiError::Unsupported(Extension::AppStream).message())
                                })}
                            </p>
                        </div>
                    }
                    .into_any();
                }
                // On the origin of the session the app runs in (`{session}`).
                let session = tabs.with_untracked(|t| t.workbench_id().map(str::to_owned));
                let src = match apps::stream_url(api, session.as_deref(), &server_id) {
                    Ok(src) => src,
                    Err(refusal) => return view! { <FrameRefused refusal=refusal/> }.into_any(),
                };
                // Ask once whether the backend has per-app pages; if not, the tab turns to
                // the desktop view (the iframe goes) and says why.
                leptos::task::spawn_local({
                    let src = src.clone();
                    async move {
                        let _ = apps::probe_stream(api, &src).await;
                    }
                });
                view! { <AppFrame title=title label=label src=src/> }.into_any()
            }
        })
    };
    view! {
        <div
            role="tabpanel"
            id=format!("app-panel-{id}")
            class="tab-panel tab-panel-app"
            aria-labelledby=format!("app-tab-{id}")
            tabindex="0"
            hidden=move || !selected.get()
        >
            {body}
        </div>
    }
}

/// A ready app's page, under an overlay until the iframe has loaded (no blank frame).
#[component]
fn AppFrame(title: String, label: String, src: String) -> impl IntoView {
    let loaded = Slot::new(false);
    let loading = format!("Loading {label}…");
    view! {
        <div class="tab-frame">
            <iframe
                class="tab-iframe"
                title=title
                src=src
                sandbox=APP_SANDBOX
                allow=APP_ALLOW
                on:load=move |_| loaded.set(true)
            ></iframe>
            <When when=move || !loaded.get()>
                <div class="tab-frame-overlay" role="status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{loading.clone()}</span>
                </div>
            </When>
        </div>
    }
}
