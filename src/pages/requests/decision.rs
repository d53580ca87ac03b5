//! What a user may do to a request on its page: decide an open step (`Comment`, `Approve`,
//! `Reject`: a rejection needs a comment) or cancel their own pending request.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::extension::Extension;
use crate::api::requests as api;
use crate::api::{ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::error_alert::ErrorAlert;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::permissions::{Perm, Target};
use crate::domain::requests::{
    comment_dropped, Request, Status, CANCEL_NOT_OFFERED, COMMENT_NOT_KEPT,
};
use crate::state::auth::Auth;
use crate::state::{Derived, Slot};

use super::words::words_of;

/// `Comment`, `Approve`, `Reject` for an approver whose step is open.
#[component]
pub(super) fn Decide(
    request: Derived<Request>,
    me: Signal<String>,
    refresh: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let open = move || request.with(|r| !r.open_steps_for(&me.get()).is_empty());
    let comment = Slot::new(String::new());
    let comment_error = Slot::new(None::<String>);
    let failed = Slot::new(None::<(String, ApiError)>);
    let done = Slot::new(None::<String>);
    let decide = crate::components::local_action(move |approve: &bool| {
        let approve = *approve;
        let id = request.with_untracked(|r| r.id.clone());
        let text = comment.get_untracked();
        async move {
            match api::decide(api, &id, approve, &text).await {
                Ok(_) => {
                    failed.try_set(None);
                    comment.try_set(String::new());
                    done.try_set(Some(
                        if approve {
                            "You approved it."
                        } else {
                            "You rejected it."
                        }
                        .to_owned(),
                    ));
                }
                Err(e) => {
                    let what = if approve {
                        "Could not approve it"
                    } else {
                        "Could not reject it"
                    };
                    failed.try_set(Some((words_of(what, &e), e)));
                }
            }
            refresh.run(());
        }
    });
    let busy = decide.pending();
    // Where the backend drops the comment (CHORUS), the approver is told before writing one.
    let auth = Auth::use_auth();
    let dropped = move || {
        comment_dropped(
            request.with(Request::comments_kept),
            !api.supports(Extension::DecisionComments),
            auth.grants().is_some_and(|g| g.knows(Perm::ApproveRequest)),
        )
    };
    let comment_ref = NodeRef::<leptos::html::Textarea>::new();
    let on_reject = move |_| {
        if comment.get_untracked().trim().is_empty() {
            comment_error.set(Some(
                "A rejection needs a comment: say why it is rejected.".to_owned(),
            ));
            // Where the words are: the field gets the focus (and scrolls into view).
            if let Some(t) = comment_ref.get_untracked() {
                let _ = t.focus();
            }
            return;
        }
        comment_error.set(None);
        decide.dispatch_local(false);
    };
    let on_approve = move |_| {
        comment_error.set(None);
        decide.dispatch_local(true);
    };
    view! {
        {live(move || done.get().map(|w| view! { <p class="alert alert-ok" role="status">{w}</p> }))}
        {live(move || failed.get().map(|(w, e)| view! { <ErrorAlert title=w error=e/> }))}
        <When when=open>
            <section class="card decide" aria-labelledby="decide-heading">
                <h2 id="decide-heading">"Your decision"</h2>
                <p class="muted">{live(move || if dropped() {
                    "Look at the files first. Approving lets them leave; a rejection needs a comment."
                } else {
                    "Look at the files first. Approving lets them leave; a rejection needs a comment for the requester."
                })}</p>
                <label for="decision-comment">"Comment"</label>
                <When when=dropped>
                    <p class="muted" id="decision-comment-hint" data-testid="comment-not-kept">{COMMENT_NOT_KEPT}</p>
                </When>
                <textarea id="decision-comment" rows="3" maxlength="2000" node_ref=comment_ref
                    prop:value=move || comment.get()
                    on:input=move |e| { comment.set(event_target_value(&e)); comment_error.set(None); }
                    aria-invalid=move || comment_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || {
                        let ids: Vec<&str> = [
                            dropped().then_some("decision-comment-hint"),
                            comment_error.with(Option::is_some).then_some("decision-comment-error"),
                        ].into_iter().flatten().collect();
                        (!ids.is_empty()).then(|| ids.join(" "))
                    }></textarea>
                {live(move || comment_error.get().map(|m| view! { <p id="decision-comment-error" class="field-error">{m}</p> }))}
                <div class="form-actions">
                    <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=on_approve>"Approve"</button>
                    <button type="button" class="btn btn-danger" disabled=move || busy.get() on:click=on_reject>"Reject"</button>
                </div>
            </section>
        </When>
    }
}

/// `Cancel request`: the requester, while it is pending, where the backend lets them.
#[component]
pub(super) fn Cancel(
    request: Derived<Request>,
    me: Signal<String>,
    auth: Auth,
    refresh: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let navigate = leptos_router::hooks::use_navigate();
    let may = move || {
        request.with(|r| {
            r.status == Status::Pending
                && r.is_requester(&me.get())
                && auth.grants().is_some_and(|g| {
                    !g.knows(Perm::DeleteRequest)
                        || g.can_in(Perm::DeleteRequest, &Target::request(&r.id))
                })
        })
    };
    // The requester of a pending request whom the backend does not let cancel it (CHORUS):
    // told why, where they look for `Cancel request`.
    let refused = move || {
        request.with(|r| {
            r.status == Status::Pending
                && r.is_requester(&me.get())
                && auth.grants().is_some_and(|g| {
                    g.knows(Perm::DeleteRequest)
                        && !g.can_in(Perm::DeleteRequest, &Target::request(&r.id))
                })
        })
    };
    let asking = Slot::new(false);
    let error = Slot::new(None::<ApiError>);
    let cancel = crate::components::local_action(move |_: &()| {
        let id = request.with_untracked(|r| r.id.clone());
        let navigate = navigate.clone();
        async move {
            match api::cancel(api, &id).await {
                Ok(()) => {
                    refresh.run(());
                    navigate("/requests", Default::default());
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        }
    });
    let busy = cancel.pending();
    view! {
        <When when=may>
            <div class="request-cancel">
                {live(move || if asking.get() {
                    view! {
                        <ConfirmInline layout=ConfirmLayout::Panel("cancel-request")
                            question="Cancel this request?"
                            detail="Nothing leaves the workspace, and the approvers are no longer asked."
                            confirm_label="Cancel request" busy=busy
                            on_confirm=Callback::new(move |_| { cancel.dispatch_local(()); })
                            on_cancel=Callback::new(move |_| { asking.set(false); error.set(None); })
                            error=error error_title="Could not cancel it"/>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn" on:click=move |_| asking.set(true)>"Cancel request"</button>
                    }.into_any()
                })}
            </div>
        </When>
        <When when=refused>
            <p class="muted request-cancel-note" data-testid="cancel-not-offered">{CANCEL_NOT_OFFERED}</p>
        </When>
    }
}
