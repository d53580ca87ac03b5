//! Bookmarks (ui.md, "bookmarks"; the rules: [`crate::domain::bookmarks`]): the header's
//! `Bookmark this page` ([`BookmarkButton`], `aria-pressed`) and the bar under the header,
//! `<nav aria-label="Bookmarks">` ([`BookmarksBar`]), with `Rename`, `Move up`/`down` and
//! `Remove` per bookmark. Kept in the user's dev store (`user.bookmarks`), which chorus-web-ui
//! reads too; the address keeps its query. Both come with the header (the `chrome` chunk).
//!
//! Each change reads the stored list again just before it writes (another tab's change is
//! kept); a stored value that cannot be read is said in words and never written over.
mod bar;

use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::{ApiClient, ApiError};
use crate::components::on::OnAttribute;
use crate::domain::bookmarks::{apply, label_from, parse, to_value, Bookmark, Op, KEY};
use crate::state::Slot;

pub(crate) use bar::BookmarksBar;

/// Why there is no list to show.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Trouble {
    /// The store did not answer.
    Load(ApiError),
    /// The stored value is not a list of bookmarks (words from the domain).
    Unreadable(String),
    /// The rules refuse the change (words from the domain: the 51st, an empty label…).
    Refused(String),
}

/// The bookmarks of the header and its bar (provided by [`BookmarkButton`]'s header).
#[derive(Clone, Copy)]
pub(crate) struct Bookmarks {
    api: ApiClient,
    /// `None`: loading.
    list: Slot<Option<Result<Vec<Bookmark>, Trouble>>>,
    /// What the last change did (`false`) or why it did not (`true`: an alert).
    said: Slot<Option<(bool, String)>>,
    busy: Slot<bool>,
    /// The route whose label is being edited.
    renaming: Slot<Option<String>>,
}

impl Bookmarks {
    /// Makes the bookmarks of this header and reads them.
    pub(crate) fn provide() -> Self {
        let b = Self {
            api: ApiClient::use_client(),
            list: Slot::new(None),
            said: Slot::new(None),
            busy: Slot::new(false),
            renaming: Slot::new(None),
        };
        provide_context(b);
        b.load();
        b
    }

    fn use_bookmarks() -> Option<Self> {
        use_context::<Self>()
    }

    /// Reads the stored list (again).
    fn load(self) {
        self.list.set(None);
        let api = self.api;
        leptos::task::spawn_local(async move {
            let read = read(api).await;
            self.list.try_set(Some(read));
        });
    }

    /// Applies `op` to the list as stored now and writes it; `done` says what happened, and
    /// `then` runs once the list is drawn again (where focus goes).
    fn change(self, op: Op, done: String, then: impl FnOnce() + 'static) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.said.set(None);
        let api = self.api;
        leptos::task::spawn_local(async move {
            let outcome = write(api, &op).await;
            let _ = self.busy.try_set(false);
            match outcome {
                Ok(list) => {
                    self.list.try_set(Some(Ok(list)));
                    self.said.try_set(Some((false, done)));
                }
                Err(Trouble::Unreadable(w)) => {
                    self.list.try_set(Some(Err(Trouble::Unreadable(w))));
                }
                Err(Trouble::Refused(w)) => {
                    self.said.try_set(Some((true, w)));
                }
                Err(Trouble::Load(e)) => {
                    let words = format!("Your bookmarks were not saved: {}", e.words());
                    self.said.try_set(Some((true, words)));
                }
            }
            if let Op::Rename { .. } = op {
                self.renaming.try_set(None);
            }
            crate::state::timer::sleep(std::time::Duration::ZERO).await;
            then();
        });
    }
}

async fn read(api: ApiClient) -> Result<Vec<Bookmark>, Trouble> {
    let raw = devstore::get(api, &Scope::User, KEY)
        .await
        .map_err(Trouble::Load)?;
    parse(raw.as_deref()).map_err(Trouble::Unreadable)
}

/// Reads again, applies, writes.
async fn write(api: ApiClient, op: &Op) -> Result<Vec<Bookmark>, Trouble> {
    let fresh = read(api).await?;
    let next = apply(fresh.clone(), op).map_err(Trouble::Refused)?;
    if next != fresh {
        devstore::put(api, &Scope::User, KEY, &to_value(&next))
            .await
            .map_err(Trouble::Load)?;
    }
    Ok(next)
}

/// The page shown: its path and query (`/workspaces/2/data?path=raw`).
fn current_route() -> Signal<String> {
    let location = leptos_router::hooks::use_location();
    Signal::derive(move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() || search == "?" {
            path
        } else if search.starts_with('?') {
            format!("{path}{search}")
        } else {
            format!("{path}?{search}")
        }
    })
}

/// The page's title without the platform's name (`Data · Demo`), cut to a label.
fn page_label(route: &str) -> String {
    let title = leptos::prelude::document().title();
    let mut parts: Vec<&str> = title.split(" · ").collect();
    if parts.len() > 1 {
        parts.pop();
    }
    label_from(&parts.join(" · "), route)
}

/// The header's `Bookmark this page` (pressed: the page is a bookmark; pressing removes it).
#[component]
pub(crate) fn BookmarkButton() -> impl IntoView {
    let Some(b) = Bookmarks::use_bookmarks() else {
        return ().into_any();
    };
    let route = current_route();
    let pressed = move || {
        b.list.with(|l| match l {
            Some(Ok(list)) => route.with(|r| list.iter().any(|x| x.route == *r)),
            _ => false,
        })
    };
    let usable = move || matches!(b.list.with(|l| l.as_ref().map(Result::is_ok)), Some(true));
    let toggle = move |_| {
        let r = route.get_untracked();
        if pressed() {
            let label = b.list.with_untracked(|l| match l {
                Some(Ok(list)) => list.iter().find(|x| x.route == r).map(|x| x.label.clone()),
                _ => None,
            });
            let label = crate::domain::text::shown_string(&label.unwrap_or_default());
            b.change(
                Op::Remove { route: r },
                format!("Removed the bookmark {label}."),
                || (),
            );
        } else {
            let label = page_label(&r);
            let said = format!("Bookmarked: {}.", crate::domain::text::shown_string(&label));
            let added_at = crate::domain::time::format_rfc3339_utc(crate::state::now_ms_i64());
            b.change(
                Op::Add {
                    route: r,
                    label,
                    added_at,
                },
                said,
                || (),
            );
        }
    };
    view! {
        <button type="button" class="btn btn-quiet bookmark-toggle" id="bookmark-toggle"
            aria-label="Bookmark this page"
            title=move || if pressed() { "Bookmarked: press to remove" } else { "Bookmark this page" }
            aria-pressed=move || pressed().to_string()
            aria-disabled=move || (!usable() || b.busy.get()).then_some("true")
            on:click=move |ev| {
                if usable() && !b.busy.get_untracked() {
                    toggle(ev);
                }
            }>
            <crate::components::icon::Icon name=crate::components::icon::IconName::Star/>
        </button>
    }
    .into_any()
}
