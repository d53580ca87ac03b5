//! The dialog of `Desktop settings` ([`super::DesktopControls`]), in the `sessparts` chunk
//! (pages/lazy.rs): the researcher's choices and the workspace's policy in words, a modal dialog
//! (Escape closes it, the focus goes into its first field and back to its button, Tab stays
//! inside). It reads what it works on from the button's [`DialogCtx`].
use crate::components::live::live;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{difference, DialogCtx};
use crate::components::focus_by_id;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::desktop_settings::{Bandwidth, DesktopSettings, Layout, Quality};

const FIRST_ID: &str = "ds-layout";

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

/// The dialog.
#[component]
pub(crate) fn SettingsDialog() -> impl IntoView {
    let Some(DialogCtx {
        tuning,
        desktops,
        id,
        on_close,
    }) = use_context::<DialogCtx>()
    else {
        return ().into_any();
    };
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
                    <dd>{live(move || policy().clipboard_words())}</dd>
                    <dt>"Files"</dt>
                    <dd>{live(move || policy().files_words())}</dd>
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
    .into_any()
}
