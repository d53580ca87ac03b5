//! The tab bar: `role="tablist"` (`aria-label="Session tabs"`) with a first tab `Desktop`,
//! then one `role="tab"` per app tab with `data-tab-state`, `aria-selected`, `aria-controls`,
//! a roving `tabindex`, a spinner (pending) or a warning icon (error) with words for screen
//! readers; a close button `Close <app name>` next to each app tab — *not* inside the tablist
//! element (a tablist may own only tabs): the tablist and the row of close buttons are
//! `display: contents` in one flex row, and CSS `order` puts each close button right after its
//! tab; and `Open app`.
use crate::components::live::live;
use leptos::prelude::*;

use super::open_app_menu::OpenAppMenu;
use super::strip::{Strip, DESKTOP_PANEL_ID, DESKTOP_TAB_ID};
use crate::components::icon::{Icon, IconName};
use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::tabs::{tab_info, TabInfo, TabWaits};
use crate::domain::tabs::{TabState, Tabs};
use crate::state::{Derived, Slot};

/// `order` of the "Open app" control: after every tab.
const OPEN_APP_ORDER: usize = 1_000_000;

/// The tab bar of a session.
#[component]
pub fn TabBar(strip: Strip) -> impl IntoView {
    let tabs = strip.tabs;
    let waits = strip.waits;
    view! {
        <div class="tab-bar">
            <div
                role="tablist"
                aria-label="Session tabs"
                class="tab-list"
                on:keydown=move |ev| strip.on_keydown(ev)
            >
                <button
                    type="button"
                    role="tab"
                    id=DESKTOP_TAB_ID
                    class="tab tab-desktop"
                    data-tab-key="desktop"
                    data-tab-state=move || strip.desktop_state().as_str()
                    aria-selected=move || strip.desktop_selected().to_string()
                    aria-controls=DESKTOP_PANEL_ID
                    tabindex=move || if strip.desktop_selected() { "0" } else { "-1" }
                    style:order="0"
                    on:click=move |_| strip.select(None)
                >
                    <span class="tab-label">"Desktop"</span>
                    <TabMark state=Signal::derive(move || strip.desktop_state())/>
                </button>
                <Keyed
                    each=move || strip.ids.get()
                    key=|id| id.clone()
                    children=move |id: String| {
                        view! {
                            <AppTab
                                id=id
                                tabs=tabs
                                waits=waits
                                selection=strip.selection
                                on_select=Callback::new(move |id: String| strip.select(Some(id)))
                            />
                        }
                    }
                />
            </div>
            <div class="tab-closers">
                <Keyed
                    each=move || strip.ids.get()
                    key=|id| id.clone()
                    children=move |id: String| {
                        let info = info_memo(id.clone(), tabs, waits);
                        let label = move || {
                            info.with(|i| i.as_ref().map(|i| i.close_label.clone()))
                                .unwrap_or_else(|| "Close".to_string())
                        };
                        let order = move || {
                            info.with(|i| i.as_ref().map_or(0, |i| 2 * i.index + 3))
                                .to_string()
                        };
                        view! {
                            <button
                                type="button"
                                class="tab-close"
                                aria-label=label
                                title=label
                                style:order=order
                                on:click=move |_| strip.close(id.clone())
                            >
                                <Icon name=IconName::Close/>
                            </button>
                        }
                    }
                />
            </div>
            <div class="tab-open-app" style:order=OPEN_APP_ORDER.to_string()>
                {live(move || {
                    (strip.may_open.get() == Some(false))
                        .then(|| {
                            view! {
                                <span class="note tab-note" data-testid="no-open-app">
                                    "You may not open apps in this session."
                                </span>
                            }
                        })
                })}
                <When when=move || strip.may_open.get() == Some(true)>
                    <OpenAppMenu
                        catalogue=strip.catalogue
                        on_choose=Callback::new(move |app| strip.choose(app))
                        on_reload=strip.on_reload_catalogue
                    />
                </When>
            </div>
        </div>
    }
}

#[component]
fn TabMark(#[prop(into)] state: Signal<TabState>) -> impl IntoView {
    live(move || match state.get() {
        TabState::PendingProvision | TabState::PendingSessionCreate => view! {
            <span class="tab-mark">
                <span class="spinner tab-spinner" aria-hidden="true"></span>
                <span class="visually-hidden">", starting"</span>
            </span>
        }
        .into_any(),
        TabState::Error => view! {
            <span class="tab-mark tab-mark-error">
                <Icon name=IconName::Warning/>
                <span class="visually-hidden">", error"</span>
            </span>
        }
        .into_any(),
        TabState::Ready => ().into_any(),
    })
}

pub(super) fn info_memo(
    id: String,
    tabs: Slot<Tabs>,
    waits: Slot<TabWaits>,
) -> Derived<Option<TabInfo>> {
    crate::state::memo(move |_| tabs.with(|t| waits.with(|w| tab_info(t, w, &id))))
}

/// One app tab of the strip.
#[component]
fn AppTab(
    id: String,
    tabs: Slot<Tabs>,
    waits: Slot<TabWaits>,
    selection: Derived<Option<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let info = info_memo(id.clone(), tabs, waits);
    let selected = {
        let id = id.clone();
        crate::state::memo(move |_| selection.with(|s| s.as_deref() == Some(id.as_str())))
    };
    let state = Signal::derive(move || {
        info.with(|i| i.as_ref().map_or(TabState::PendingProvision, |i| i.state))
    });
    let text = move |f: fn(&TabInfo) -> String| {
        live(move || info.with(|i| i.as_ref().map(f).unwrap_or_default()))
    };
    let order = move || {
        info.with(|i| i.as_ref().map_or(0, |i| 2 * i.index + 2))
            .to_string()
    };
    let dom_id = format!("app-tab-{id}");
    let panel_id = format!("app-panel-{id}");
    view! {
        <button
            type="button"
            role="tab"
            id=dom_id
            class="tab"
            class:tab-error=move || state.get() == TabState::Error
            data-tab-key=id.clone()
            data-tab-state=move || state.get().as_str()
            aria-selected=move || selected.get().to_string()
            aria-controls=panel_id
            tabindex=move || if selected.get() { "0" } else { "-1" }
            style:order=order
            on:click=move |_| on_select.run(id.clone())
        >
            <span class="tab-label">{text(|i| i.label.clone())}</span>
            <TabMark state=state/>
        </button>
    }
}
