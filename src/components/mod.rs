//! Reusable views. Pages compose these. A component takes its data as props or reads app-level
//! state with `expect_context`; one that has several parts is a folder (`permission_matrix/`,
//! `user_form/`, `workbench_table/`) with one file per part. Something loaded (a poll's value, a
//! one-shot request) is shown through [`loaded::Loaded`]: loading, error with Retry, or data; a
//! list whose rows come and go through [`keyed::Keyed`] (Leptos's `<For>`, its types erased).
//! Markdown from the backend (the terms of use) is shown through [`markdown::Markdown`], never as
//! HTML; a QR code (two-factor set-up) is drawn by [`qr_code::QrCode`].
pub mod activity_indicator;
pub(crate) mod admin_gate;
pub(crate) mod admin_nav;
pub(crate) mod app_icon;
pub mod app_tabs;
pub mod approval_steps;
pub mod background_iframe;
pub(crate) mod bookmarks;
pub(crate) mod brand;
pub mod condition_timeline;
pub(crate) mod confirm_inline;
pub mod conflict_panel;
pub(crate) mod connection_banner;
pub(crate) mod create_limit;
pub mod data_table;
pub mod desktop_layer;
pub mod desktop_settings;
pub mod error_alert;
pub(crate) mod file_pick;
pub mod focus_keeper;
pub mod focus_return;
pub(crate) mod header;
pub mod icon;
pub mod keyed;
pub(crate) mod lazy_forms;
pub mod live;
pub mod loaded;
pub mod loading;
pub mod long_text;
pub mod markdown;
pub(crate) mod my_workspaces;
pub(crate) mod nav_menu;
pub(crate) mod new_role_form;
pub(crate) mod notification_bell;
pub mod on;
pub(crate) mod organization_logo;
pub mod page_change;
pub mod permission_matrix;
pub mod progress_stepper;
pub mod qr_code;
pub(crate) mod require_auth;
pub(crate) mod save_file;
pub mod session_details;
pub(crate) mod session_edit;
pub mod session_overlay;
pub mod session_stage;
pub(crate) mod session_status;
pub mod session_switch;
pub(crate) mod share_session;
pub mod start_log;
pub(crate) mod start_new_session;
pub mod tablist;
pub(crate) mod transfer_batch;
pub(crate) mod transfers;
pub(crate) mod user_finder;
pub mod user_form;
pub(crate) mod virtual_rows;
pub mod when;
pub(crate) mod workbench_table;
pub(crate) mod workspace_about;
pub(crate) mod workspace_forms;

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::{Action, Get, NodeRef};
use leptos::tachys::html::element::ElementType;
use wasm_bindgen::JsCast;

/// [`Action::new_local`] with its function and future boxed: every action with the same input
/// and output types then shares one copy of the machinery around them, instead of one per
/// action (the same behaviour in a smaller bundle).
pub(crate) fn local_action<I, O, Fu>(f: impl Fn(&I) -> Fu + 'static) -> Action<I, O>
where
    I: 'static,
    O: 'static,
    Fu: Future<Output = O> + 'static,
{
    type BoxedFn<I, O> = Box<dyn Fn(&I) -> Pin<Box<dyn Future<Output = O>>>>;
    let f: BoxedFn<I, O> = Box::new(move |input| {
        // A user's action may change what the start-up script asked for before: its replies
        // not taken yet are dropped (api/early.rs).
        crate::api::early::drop_all();
        Box::pin(f(input))
    });
    Action::new_local(f)
}

/// Moves the focus to `node`'s element whenever it is put in the page (a form's first field, a
/// confirmation's button). Unlike [`NodeRef::on_load`] it holds for every time the element
/// appears, not only the first.
pub(crate) fn focus_on_mount<E>(node: NodeRef<E>)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    crate::state::effect(move |_| {
        if let Some(el) = node.get() {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// Nothing has the focus: it is on `<body>` (what had it went, or was drawn again).
pub(crate) fn focus_on_body() -> bool {
    let Some(doc) = page_change::document() else {
        return false;
    };
    doc.active_element()
        .is_none_or(|a| Some(&a) == doc.body().map(web_sys::Element::from).as_ref())
}

/// Moves the focus to the element with DOM id `id`, if it is in the page.
pub(crate) fn focus_by_id(id: &str) {
    if let Some(el) = leptos::prelude::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
