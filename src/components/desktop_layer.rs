//! Session desktops that survive navigation (ui.md, "A ready session's desktop survives
//! navigation"): the pool's frames live in [`DesktopLayer`], mounted by the shell above the
//! router, and a session page's work area is a [`DesktopSlot`] that the shown frame is placed
//! over (`position: fixed` on the slot's box). Leaving the page hides the frame without
//! unmounting it; coming back shows it at once, without loading its page again.
//!
//! Hidden frames are `inert`, `aria-hidden` and invisible (they keep their size, so that a
//! remote desktop does not see its window shrink to nothing); only the shown one carries
//! `data-testid="session-iframe"` and the title `Session <name>`.
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{workbenches, ApiClient};
use crate::components::background_iframe::{
    frame_origin_notice, FrameRefused, StreamOriginNotice, DESKTOP_ALLOW, DESKTOP_SANDBOX,
};
use crate::components::keyed::Keyed;
use crate::components::on::OnAttribute;
use crate::domain::desktop_settings::DesktopFrame;
use crate::domain::workbench::Workbench;
use crate::state::desktop_tuning::DesktopTuning;
use crate::state::desktops::{Desktops, SlotBox};
use crate::state::visibility::{on_document_event, on_window_event};
use crate::state::{Kept, Slot};

/// The frames of the pool, one per desktop alive, in a stable order (a frame is never moved in
/// the DOM: moving an iframe reloads it). A frame is keyed on its session, its address, its
/// permissions and its reconnections: it is made again (its page reloaded) only when its
/// desktop reconnects.
#[component]
pub fn DesktopLayer() -> impl IntoView {
    let Some(desktops) = Desktops::use_desktops() else {
        return ().into_any();
    };
    view! {
        <div class="desktop-layer">
            <Keyed
                each=move || desktops.frames()
                key=|frame| frame.clone()
                children=move |(id, frame, _)| view! { <PooledFrame desktops=desktops id=id frame=frame/> }
            />
        </div>
    }
    .into_any()
}

/// One desktop of the pool.
#[component]
fn PooledFrame(desktops: Desktops, id: String, frame: DesktopFrame) -> impl IntoView {
    let me = Kept::new(id);
    // Its page is attached: it carries the session's test id and title.
    let current = crate::state::memo(move |_| me.with_value(|id| desktops.is_shown(id)));
    // And on screen (its slot is not under another tab).
    let visible = crate::state::memo(move |_| current.get() && desktops.slot().is_some());
    // The last box it was shown in: a hidden frame keeps its size. Set through CSSOM
    // (`style:`), never a `style` attribute, which the Content-Security-Policy forbids.
    let last_box = Kept::new(None::<SlotBox>);
    let place = crate::state::memo(move |_| {
        let slot = if current.get() { desktops.slot() } else { None };
        if let Some(b) = slot {
            last_box.set_value(Some(b));
        }
        last_box.get_value()
    });
    // Whole pixels, formatted as integers: no float formatting in the bundle.
    let px = move |f: fn(&SlotBox) -> f64| {
        move || place.get().map(|b| format!("{}px", f(&b).round() as i64))
    };
    let title = move || {
        current
            .get()
            .then(|| format!("Session {}", desktops.name(&me.get_value())))
    };
    view! {
        <iframe
            class="session-iframe pooled-desktop"
            class:is-hidden=move || !visible.get()
            data-testid=move || current.get().then_some("session-iframe")
            data-session-id=me.get_value()
            title=title
            aria-hidden=move || (!visible.get()).then_some("true")
            inert=move || !visible.get()
            tabindex=move || (!visible.get()).then_some("-1")
            style:top=px(|b| b.top)
            style:left=px(|b| b.left)
            style:width=px(|b| b.width)
            style:height=px(|b| b.height)
            src=frame.src
            sandbox=frame.sandbox
            allow=frame.allow
            on:load=move |_| desktops.set_loaded(&me.get_value())
        ></iframe>
    }
}

/// The desktop's place in a session page: while the session is ready its desktop (from the
/// pool, or new) is shown over this box; `loaded` follows the frame's load. A session seen
/// stopped, failed or gone (`gone`) leaves the pool at once. The page's cleanup hides it. A
/// session whose id cannot be put into its desktop's URL (`{session}` in `streamBaseUrl`) never
/// enters the pool: the box says why.
#[component]
pub fn DesktopSlot(
    desktops: Desktops,
    /// The session id.
    id: String,
    /// The session as last seen.
    #[prop(into)]
    workbench: Signal<Option<Workbench>>,
    /// The session stopped, failed or is gone: drop its desktop.
    #[prop(into)]
    gone: Signal<bool>,
    /// Set while the frame has loaded its page.
    loaded: Slot<bool>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let me = Kept::new(id);
    let src = match workbenches::stream_url(api, &me.get_value()) {
        Ok(src) => src,
        Err(refusal) => {
            // Nothing to wait for: the refusal is what the page shows.
            loaded.try_set(true);
            return view! {
                <div class="desktop-slot desktop-slot-refused">
                    <FrameRefused refusal=refusal/>
                </div>
            }
            .into_any();
        }
    };
    let notice = frame_origin_notice(api, &src);
    let node = NodeRef::<Div>::new();
    // The frame a new desktop opens with: the session page's settings within the workspace's
    // policy (`None` while the policy is read), or the closed policy's without them.
    let tuning = DesktopTuning::use_tuning();
    let wanted = move || match tuning {
        Some(t) => t.wanted(),
        None => Some(DesktopFrame {
            src: src.clone(),
            sandbox: DESKTOP_SANDBOX,
            allow: DESKTOP_ALLOW,
        }),
    };

    // Ready → shown in this slot (every update refreshes what the pool knows of it; a desktop
    // alive keeps its frame); not ready any more → out of the pool.
    crate::state::effect(move |_| {
        let id = me.get_value();
        if gone.get() {
            desktops.drop_session(&id);
            return;
        }
        let frame = wanted();
        workbench.with(|w| match w {
            Some(w) if w.is_ready() && w.id == id => {
                let held = untrack(|| desktops.frame(&id));
                if let Some(f) = held.or(frame) {
                    desktops.show(w, &f);
                }
            }
            Some(w) if w.id == id && !w.is_running() => desktops.drop_session(&id),
            _ => {}
        });
    });
    crate::state::effect(move |_| {
        let id = me.get_value();
        let on = desktops.is_shown(&id) && desktops.is_loaded(&id);
        loaded.try_set(on);
    });

    // Where the slot is on screen: measured now, on every resize of the slot or the window,
    // and when full screen changes.
    let measure = move || {
        let Some(el) = node.get_untracked() else {
            return;
        };
        let r = el.get_bounding_client_rect();
        let slot = (r.width() >= 1.0 && r.height() >= 1.0).then(|| SlotBox {
            top: r.top(),
            left: r.left(),
            width: r.width(),
            height: r.height(),
        });
        let id = me.get_value();
        if desktops.is_shown(&id) || slot.is_none() {
            desktops.set_slot(slot);
        }
    };
    let observer = Kept::new(None::<(web_sys::ResizeObserver, Closure<dyn FnMut()>)>);
    crate::state::effect(move |_| {
        // Re-measure when this desktop becomes the shown one.
        let _ = desktops.is_shown(&me.get_value());
        let Some(el) = node.get() else {
            return;
        };
        if observer.with_value(Option::is_none) {
            let cb: Closure<dyn FnMut()> = Closure::new(measure);
            if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
                ro.observe(&el);
                observer.set_value(Some((ro, cb)));
            }
        }
        measure();
    });
    on_window_event("resize", measure);
    on_document_event("fullscreenchange", measure);
    on_cleanup(move || {
        if let Some((ro, _cb)) = observer.try_update_value(Option::take).flatten() {
            ro.disconnect();
        }
        desktops.hide(&me.get_value());
    });

    view! {
        <StreamOriginNotice notice=notice/>
        <div class="desktop-slot" node_ref=node></div>
    }
    .into_any()
}
