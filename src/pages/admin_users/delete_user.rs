//! `Delete <username>` (ui.md, "delete a user"): for whoever may `deleteUser` on that user, never
//! on oneself. The confirmation opens in a row under the user's and says what stays (CHORUS's
//! delete is soft, api.md §5): their sessions keep running, their workspaces and roles stay,
//! they can no longer sign in and their name can be used again. The row goes after.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::{users, ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::{deletion_words, User};
use crate::state::auth::Auth;
use crate::state::Slot;

/// The deletion being confirmed and what the page does after.
#[derive(Clone, Copy)]
pub(super) struct Deletion {
    /// The user whose deletion waits for its confirmation.
    asking: Slot<Option<User>>,
    error: Slot<Option<ApiError>>,
    busy: Signal<bool>,
    run: Callback<()>,
}

impl Deletion {
    /// `done(user)` runs once the backend deleted `user`.
    pub(super) fn new(done: Callback<User>) -> Self {
        let api = ApiClient::use_client();
        let asking = Slot::new(None::<User>);
        let error = Slot::new(None::<ApiError>);
        let action = local_action(move |_: &()| {
            let who = asking.get_untracked();
            async move {
                let Some(u) = who else {
                    return;
                };
                match users::delete(api, &u.id).await {
                    Ok(()) => {
                        asking.try_set(None);
                        done.run(u);
                    }
                    Err(e) => {
                        error.try_set(Some(e));
                    }
                }
            }
        });
        let pending = action.pending();
        Deletion {
            asking,
            error,
            busy: Signal::derive(move || pending.get()),
            run: Callback::new(move |_| {
                action.dispatch_local(());
            }),
        }
    }

    /// May the signed-in user delete `u` here? Not oneself.
    fn may(u: &User) -> bool {
        let auth = Auth::use_auth();
        !auth.is_me(&u.id) && auth.can_in(Perm::DeleteUser, &Target::user(&u.id))
    }

    /// The row's `Delete <username>` button (nothing for who may not).
    pub(super) fn button(self, u: &User) -> impl IntoView {
        Self::may(u).then(|| {
            let (label, _, _) = deletion_words(&u.username);
            let user = u.clone();
            let id = u.id.clone();
            let open = move || self.asking.with(|a| a.as_ref().is_some_and(|a| a.id == id));
            view! {
                <button
                    type="button"
                    class="btn btn-small btn-danger"
                    aria-label=label
                    aria-expanded=move || open().to_string()
                    on:click=move |_| {
                        self.error.set(None);
                        self.asking.set(Some(user.clone()));
                    }
                >
                    "Delete"
                </button>
            }
        })
    }

    /// The confirmation, in a row of its own under the user's while it is asked.
    pub(super) fn confirm_row(self, u: &User, columns: usize) -> impl IntoView {
        let id = u.id.clone();
        live(move || {
            let asked = self.asking.get().filter(|a| a.id == id)?;
            let (_, question, detail) = deletion_words(&asked.username);
            Some(view! {
                <tr class="confirm-row">
                    <td colspan=columns.to_string()>
                        <ConfirmInline
                            layout=ConfirmLayout::Panel("delete-user")
                            question=question
                            detail=detail
                            confirm_label="Delete user"
                            busy=self.busy
                            on_confirm=self.run
                            on_cancel=Callback::new(move |_| {
                                self.asking.set(None);
                                self.error.set(None);
                            })
                            error=self.error
                            error_title="Could not delete the user"
                        />
                    </td>
                </tr>
            })
        })
    }
}
