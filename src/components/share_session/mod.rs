//! `Share` in the session bar (ui.md, "share a session"), for who may `manageUsersInWorkbench`
//! on the session: find a member of its workspace, give `View` / `Use` / `Administer`
//! (`WorkbenchViewer`, `WorkbenchMember`, `WorkbenchAdmin`), see who has access, stop sharing.
//! The person it is shared with finds it after their next refresh (a `refreshJWTRequired`
//! notification). On CHORUS (0978bc77) the grant check refuses a session's own admin without a
//! platform role: that is said in words, naming who can share it instead. Who has access is read
//! before a change and read back after it: what is said is what the backend then holds (issue 56).
//!
//! The button is here; the panel it opens is in the `sessparts` chunk ([`panel`], issue 58),
//! fetched when the pointer or the focus reaches the button, else on its click
//! ([`FormsChunk`]). Nothing here names [`panel`]: only the split point does.
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::lazy_forms::{FormsChunk, SessionForms};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::User;
use crate::domain::workbench::Workbench;
use crate::state::auth::Auth;
use crate::state::{Derived, Slot};

pub(crate) mod panel;

/// What the panel works on and keeps while it is closed (a context: the chunk's views take no
/// arguments).
#[derive(Clone, Copy)]
pub(crate) struct ShareCtx {
    /// The session's workspace and id.
    pub ids: Derived<Option<(String, String)>>,
    /// Whether the panel is open.
    pub open: Slot<bool>,
    /// What is typed to find a member, and the member chosen.
    pub query: Slot<String>,
    pub chosen: Slot<Option<User>>,
    /// The access to give (a role name).
    pub access: Slot<String>,
    /// What the last change said: its failure, or its outcome in words.
    pub failed: Slot<Option<(String, ApiError)>>,
    pub said: Slot<Option<String>>,
}

#[component]
pub(crate) fn ShareSession(workbench: Signal<Option<Workbench>>) -> impl IntoView {
    let auth = Auth::use_auth();
    let ids = crate::state::memo(move |_| {
        workbench.with(|w| w.as_ref().map(|w| (w.workspace_id.clone(), w.id.clone())))
    });
    let may = move || {
        ids.get().is_some_and(|(ws, wb)| {
            auth.can_in(Perm::ManageUsersInWorkbench, &Target::workbench(&ws, &wb))
        })
    };
    let open = Slot::new(false);
    provide_context(ShareCtx {
        ids,
        open,
        query: Slot::new(String::new()),
        chosen: Slot::new(None),
        access: Slot::new("WorkbenchViewer".to_owned()),
        failed: Slot::new(None),
        said: Slot::new(None),
    });
    let chunk = FormsChunk::new(use_context::<SessionForms>().map(|f| f.0));
    let share_box = NodeRef::<leptos::html::Div>::new();
    view! {
        <When when=may>
            <div class="share" node_ref=share_box
                // The panel closes when the focus goes elsewhere in the page (the `Details`
                // button among others: the panel would cover the details otherwise).
                on:focusout=move |ev: web_sys::FocusEvent| {
                    let leaving = ev
                        .related_target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                        .zip(share_box.get_untracked())
                        .is_some_and(|(to, own)| !own.contains(Some(&to)));
                    if leaving {
                        open.set(false);
                    }
                }
            >
                {chunk.toggle("share-toggle", "share-panel", "Share", open, || ())}
                {chunk.failure()}
                <When when=move || open.get()>{chunk.form(SessionForms::SHARE)}</When>
            </div>
        </When>
    }
}
