//! The desktop's own settings in the session bar (ui.md, "The desktop's own settings"):
//! `Desktop settings` opens a panel (a modal dialog: Escape closes it, the focus goes into its
//! first field and back to its button, Tab stays inside) with the researcher's choices and the
//! workspace's policy in words; `Reconnect` reloads this desktop alone; and the bar says when the
//! workspace's policy changed under a desktop that runs. Nothing reconnects by itself.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::focus_by_id;
use crate::components::when::When;
use crate::domain::desktop_settings::{
    policy_differs, Bandwidth, DesktopFrame, DesktopSettings, Layout, Quality,
};
use crate::state::desktop_tuning::DesktopTuning;
use crate::state::desktops::Desktops;

const TOGGLE_ID: &str = "desktop-settings-toggle";
const FIRST_ID: &str = "ds-layout";

/// The desktop of session `id` runs with another frame than the settings and the policy would
/// give now: `(applied, wanted)` (tracked).
fn difference(
    desktops: Desktops,
    tuning: DesktopTuning,
    id: &str,
) -> Option<(DesktopFrame, DesktopFrame)> {
    let applied = desktops.frame(id)?;
    let wanted = tuning.wanted()?;
    (applied != wanted).then_some((applied, wanted))
}

/// `Desktop settings` and `Reconnect`, for the session bar's actions (nothing without the
/// session page's settings or the desktop pool).
#[component]
pub fn DesktopControls(
    /// The session id.
    id: String,
) -> impl IntoView {
    let (Some(tuning), Some(desktops)) = (DesktopTuning::use_tuning(), Desktops::use_desktops())
    else {
        return ().into_any();
    };
    let id = StoredValue::new(id);
    let open = RwSignal::new(false);
    let alive = move || desktops.frame(&id.get_value()).is_some();
    let close = move || {
        open.set(false);
        request_animation_frame(|| focus_by_id(TOGGLE_ID));
    };
    view! {
        <button type="button" class="btn btn-small" id=TOGGLE_ID
            aria-haspopup="dialog"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.set(true)>
            "Desktop settings"
        </button>
        <When when=alive>
            <button type="button" class="btn btn-small"
                disabled=move || tuning.reconnecting()
                title="Load this desktop again (the other desktops stay as they are)"
                on:click=move |_| tuning.reconnect(desktops)>
                "Reconnect"
            </button>
        </When>
        <When when=move || open.get()>
            <SettingsDialog tuning=tuning desktops=desktops id=id.get_value() on_close=Callback::new(move |_| close())/>
        </When>
    }
    .into_any()
}

/// Under the session bar: the workspace's policy changed since this desktop connected.
#[component]
pub fn DesktopPolicyNotice(
    /// The session id.
    id: String,
) -> impl IntoView {
    let (Some(tuning), Some(desktops)) = (DesktopTuning::use_tuning(), Desktops::use_desktops())
    else {
        return ().into_any();
    };
    let changed =
        move || difference(desktops, tuning, &id).is_some_and(|(a, w)| policy_differs(&a, &w));
    view! {
        <When when=changed>
            <p class="alert alert-warn desktop-policy-notice" role="status" data-testid="desktop-policy-notice">
                "The workspace's clipboard setting changed: it applies when the desktop reconnects. "
                <button type="button" class="btn btn-small"
                    disabled=move || tuning.reconnecting()
                    on:click=move |_| tuning.reconnect(desktops)>
                    "Reconnect now"
                </button>
            </p>
        </When>
    }
    .into_any()
}

/// Keeps Tab and Shift+Tab among the dialog's own controls.
fn keep_tab_inside(ev: &web_sys::KeyboardEvent, dialog: &web_sys::Element) {
    let Ok(list) = dialog.query_selector_all(
        "select:not([disabled]), input:not([disabled]), button:not([disabled]), [href]",
    ) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let at = |e: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
    };
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.as_ref())));
    if ev.shift_key() && (at(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// A select of `choices` `(value, label)` bound to `value`.
fn select(
    id: &'static str,
    label: &'static str,
    choices: Vec<(String, String)>,
    value: impl Fn() -> String + Send + Sync + Copy + 'static,
    on: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| on(event_target_value(&ev))>
                {choices.into_iter().map(|(v, l)| {
                    let v2 = v.clone();
                    view! { <option value=v selected=move || value() == v2>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A checkbox bound to `value`.
fn check(
    id: &'static str,
    label: &'static str,
    value: impl Fn() -> bool + Send + Sync + 'static,
    on: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id=id prop:checked=value
                on:change=move |ev| on(event_target_checked(&ev))/>
            <label for=id>{label}</label>
        </div>
    }
}

#[component]
fn SettingsDialog(
    tuning: DesktopTuning,
    desktops: Desktops,
    id: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let node = NodeRef::<leptos::html::Div>::new();
    let first = NodeRef::<leptos::html::Div>::new();
    crate::state::effect(move |_| {
        if first.get().is_some() {
            request_animation_frame(|| focus_by_id(FIRST_ID));
        }
    });
    let browser = tuning.browser();
    let auto = browser.layout();
    let mac = browser.mac;
    let change = move |f: &dyn Fn(&mut DesktopSettings)| {
        let mut s = tuning.settings_untracked();
        f(&mut s);
        tuning.set(s);
    };
    let s = move || tuning.settings();
    let pending = move || difference(desktops, tuning, &id.get_value()).is_some();
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.stop_propagation();
            on_close.run(());
        }
        "Tab" => {
            if let Some(d) = node.get_untracked() {
                keep_tab_inside(&ev, &d);
            }
        }
        _ => {}
    };
    let policy = move || tuning.policy().unwrap_or_default();
    let mut layouts = vec![("auto".to_owned(), format!("Automatic ({})", auto.name()))];
    layouts.extend(
        Layout::ALL
            .iter()
            .map(|l| (l.code().to_owned(), l.name().to_owned())),
    );
    view! {
        <div class="dialog-backdrop">
            <div class="dialog desktop-settings" role="dialog" aria-modal="true"
                aria-labelledby="desktop-settings-title" node_ref=node on:keydown=on_keydown>
                <h2 id="desktop-settings-title">"Desktop settings"</h2>
                <div node_ref=first>
                    {select(FIRST_ID, "Keyboard layout", layouts,
                        move || s().layout.map_or("auto", Layout::code).to_owned(),
                        move |v| change(&|st| st.layout = Layout::from_code(&v)))}
                </div>
                {check("ds-swap", "Swap Cmd and Ctrl",
                    move || s().swap_keys.unwrap_or(mac),
                    move |on| change(&|st| st.swap_keys = Some(on)))}
                {check("ds-keyboard", "On-screen keyboard",
                    move || s().keyboard,
                    move |on| change(&|st| st.keyboard = on))}
                {check("ds-sound", "Sound", move || s().sound, move |on| change(&|st| st.sound = on))}
                {select("ds-quality", "Picture quality",
                    Quality::ALL.iter().map(|q| (q.code().to_owned(), q.name().to_owned())).collect(),
                    move || s().quality.code().to_owned(),
                    move |v| change(&|st| st.quality = Quality::from_code(&v).unwrap_or_default()))}
                {select("ds-bandwidth", "Bandwidth limit",
                    Bandwidth::ALL.iter().map(|b| (b.code().to_owned(), b.name().to_owned())).collect(),
                    move || s().bandwidth.code().to_owned(),
                    move |v| change(&|st| st.bandwidth = Bandwidth::from_code(&v).unwrap_or_default()))}
                {check("ds-offscreen", "Offscreen decoding",
                    move || s().offscreen,
                    move |on| change(&|st| st.offscreen = on))}
                <h3 class="desktop-policy-heading">"Set by the workspace"</h3>
                <dl class="desktop-policy" data-testid="desktop-policy">
                    <dt>"Clipboard"</dt>
                    <dd>{move || policy().clipboard_words()}</dd>
                    <dt>"Files"</dt>
                    <dd>{move || policy().files_words()}</dd>
                </dl>
                <When when=pending>
                    <p class="note" role="status" data-testid="applies-on-reconnect">"Applies on reconnect"</p>
                </When>
                <div class="dialog-buttons">
                    <When when=pending>
                        <button type="button" class="btn btn-primary"
                            disabled=move || tuning.reconnecting()
                            on:click=move |_| {
                                tuning.reconnect(desktops);
                                on_close.run(());
                            }>
                            "Apply and reconnect"
                        </button>
                    </When>
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>"Close"</button>
                </div>
            </div>
        </div>
    }
}
