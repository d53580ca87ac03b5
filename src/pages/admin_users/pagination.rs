//! The pages of the users table: where this page is, `Previous`, `Next`, rows per page.
use leptos::prelude::*;

use crate::api::users::UsersPage;
use crate::components::on::OnAttribute;
use crate::state::Slot;

const PAGE_SIZES: [u64; 3] = [10, 20, 50];

/// The default rows per page.
pub(super) const DEFAULT_PAGE_SIZE: u64 = 20;

pub(super) fn pagination(page: &UsersPage, offset: Slot<u64>, limit: Slot<u64>) -> impl IntoView {
    let shown = page.users.len() as u64;
    let total = page.total;
    let from = if shown == 0 { 0 } else { page.offset + 1 };
    let to = page.offset + shown;
    let words = if total == 0 {
        "No users".to_string()
    } else {
        format!("Showing {from}–{to} of {total}")
    };
    let has_prev = page.offset > 0;
    let has_next = to < total;
    view! {
        <nav class="pagination" aria-label="Pages of users">
            <p class="pagination-status" role="status" aria-live="polite">
                {words}
            </p>
            <button
                type="button"
                class="btn btn-small"
                disabled=!has_prev
                on:click=move |_| {
                    let l = limit.get_untracked();
                    offset.update(|o| *o = o.saturating_sub(l));
                }
            >
                "Previous"
            </button>
            <button
                type="button"
                class="btn btn-small"
                disabled=!has_next
                on:click=move |_| {
                    let l = limit.get_untracked();
                    offset.update(|o| *o += l);
                }
            >
                "Next"
            </button>
            <label for="users-page-size">"Rows per page"</label>
            <select
                id="users-page-size"
                on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u64>() {
                        offset.set(0);
                        limit.set(n);
                    }
                }
            >
                {PAGE_SIZES
                    .iter()
                    .map(|n| {
                        let n = *n;
                        view! {
                            <option value=n.to_string() selected=move || limit.get() == n>
                                {n.to_string()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </nav>
    }
}
