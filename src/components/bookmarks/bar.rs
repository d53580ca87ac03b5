//! The bar under the header: `<nav aria-label="Bookmarks">`, a link per bookmark named by its
//! label, and its buttons `Rename <label>`, `Move <label> up`/`down`, `Remove <label>`. Shown
//! while there is something to show (a bookmark, a message, an error); the empty list is said
//! to screen readers only, so that a user without bookmarks keeps the whole page.
use crate::components::live::live;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{Bookmarks, Trouble};
use crate::components::focus_return::FocusReturn;
use crate::components::icon::{Icon, IconName};
use crate::components::on::OnAttribute;
use crate::domain::bookmarks::{check_label, Bookmark, Op, LABEL_MAX, MAX};
use crate::domain::text::shown_string;
use crate::state::Slot;

#[component]
pub(crate) fn BookmarksBar() -> impl IntoView {
    let Some(b) = use_context::<Bookmarks>() else {
        return ().into_any();
    };
    // A status said after a change is for screen readers; an alert shows.
    let shows = move || {
        b.said.with(|s| s.as_ref().is_some_and(|(alert, _)| *alert))
            || b.list.with(|l| match l {
                Some(Ok(list)) => !list.is_empty(),
                Some(Err(_)) => true,
                None => false,
            })
    };
    view! {
        <nav aria-label="Bookmarks" class="bookmarks-bar" class:is-empty=move || !shows()
            data-testid="bookmarks">
            {live(move || b.said.get().map(|(alert, words)| if alert {
                view! { <p class="bookmarks-said field-error" role="alert">{words}</p> }.into_any()
            } else {
                view! { <p class="bookmarks-said visually-hidden" role="status">{words}</p> }.into_any()
            }))}
            {live(move || match b.list.get() {
                None => view! { <p class="visually-hidden">"Loading your bookmarks…"</p> }.into_any(),
                Some(Err(Trouble::Load(e))) => view! {
                    <p class="bookmarks-error field-error" role="alert">
                        {format!("Could not load your bookmarks: {}", e.words())}
                        " "
                        <button type="button" class="btn btn-small" on:click=move |_| b.load()>"Retry"</button>
                    </p>
                }.into_any(),
                Some(Err(Trouble::Unreadable(w) | Trouble::Refused(w))) => view! {
                    <p class="bookmarks-error field-error" role="alert">{w}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="visually-hidden">"No bookmarks yet. Bookmark this page, in the header, adds the page you are on."</p>
                }.into_any(),
                Some(Ok(list)) => {
                    let n = list.len();
                    let full = (n >= MAX).then(|| view! {
                        <li class="bookmarks-full muted">{format!("{n} of {MAX} bookmarks: the most there can be.")}</li>
                    });
                    view! {
                        <ul class="bookmarks-list" tabindex="0" aria-label="Your bookmarks">
                            {list.into_iter().enumerate().map(|(i, bm)| view! { <Item b=b bm=bm at=i count=n/> }).collect_view()}
                            {full}
                        </ul>
                    }.into_any()
                }
            })}
        </nav>
    }
    .into_any()
}

/// One bookmark: its link (or, for a route that is no page of this console, its text), and its
/// buttons; `Rename` turns it into a small form.
#[component]
fn Item(b: Bookmarks, bm: Bookmark, at: usize, count: usize) -> impl IntoView {
    let label = shown_string(&bm.label);
    let route = bm.route.clone();
    let renaming = {
        let route = route.clone();
        crate::state::memo(move |_| b.renaming.with(|r| r.as_deref() == Some(route.as_str())))
    };
    let (l1, l2, l3, l4) = (label.clone(), label.clone(), label.clone(), label.clone());
    let (r1, r2, r3, r4) = (route.clone(), route.clone(), route.clone(), route.clone());
    let link = match bm.href() {
        Some(href) => view! { <A href=href.to_owned() attr:class="bookmark-link">{label.clone()}</A> }.into_any(),
        None => view! {
            <span class="bookmark-link is-broken" title="This address is not a page of this console: it is not opened from here.">
                {label.clone()}" ("{shown_string(&bm.route)}")"
            </span>
        }
        .into_any(),
    };
    let move_by = move |route: String, up: bool, label: String| {
        let to = if up { at.saturating_sub(1) } else { at + 1 };
        let words = format!("Moved {label} to place {} of {count}.", to + 1);
        // The list is drawn again: focus follows the bookmark's button (or its other one at an end).
        let (same, other) = if up { ("up", "down") } else { ("down", "up") };
        let ids = [
            format!("bookmark-{to}-{same}"),
            format!("bookmark-{to}-{other}"),
        ];
        b.change(Op::Move { route, up }, words, move || focus_enabled(&ids));
    };
    let (m1, m2) = (move_by, move_by);
    // Focus goes to the bookmark that takes its place, else the one before, else the header's
    // `Bookmark this page`.
    let remove = move |route: String, label: String| {
        let ids = [
            format!("bookmark-{at}-remove"),
            format!("bookmark-{}-remove", at.saturating_sub(1)),
            "bookmark-toggle".to_owned(),
        ];
        b.change(
            Op::Remove { route },
            format!("Removed the bookmark {label}."),
            move || focus_enabled(&ids),
        );
    };
    view! {
        <li class="bookmark" data-route=route.clone()>
            {live(move || if renaming.get() {
                let (route, label) = (r1.clone(), l1.clone());
                view! { <FocusReturn><RenameForm b=b route=route label=label at=at/></FocusReturn> }.into_any()
            } else {
                ().into_any()
            })}
            <span class="bookmark-item" class:is-hidden=move || renaming.get()>
                {link}
                <button type="button" class="btn btn-quiet bookmark-btn" id=format!("bookmark-{at}-rename")
                    aria-label=format!("Rename {l2}") title=format!("Rename {l2}")
                    on:click={ let r = r2.clone(); move |_| { b.said.set(None); b.renaming.set(Some(r.clone())); } }>
                    <Icon name=IconName::Pencil/>
                </button>
                <button type="button" class="btn btn-quiet bookmark-btn" id=format!("bookmark-{at}-up")
                    aria-label=format!("Move {l3} up") title=format!("Move {l3} up")
                    disabled={ at == 0 }
                    on:click={ let (r, l) = (r3.clone(), l3.clone()); move |_| m1(r.clone(), true, l.clone()) }>
                    <Icon name=IconName::ArrowUp/>
                </button>
                <button type="button" class="btn btn-quiet bookmark-btn" id=format!("bookmark-{at}-down")
                    aria-label=format!("Move {l3} down") title=format!("Move {l3} down")
                    disabled={ at + 1 >= count }
                    on:click={ let (r, l) = (r3.clone(), l3.clone()); move |_| m2(r.clone(), false, l.clone()) }>
                    <Icon name=IconName::ArrowDown/>
                </button>
                <button type="button" class="btn btn-quiet bookmark-btn" id=format!("bookmark-{at}-remove")
                    aria-label=format!("Remove {l4}") title=format!("Remove {l4}")
                    on:click={ let (r, l) = (r4.clone(), l4.clone()); move |_| remove(r.clone(), l.clone()) }>
                    <Icon name=IconName::Close/>
                </button>
            </span>
        </li>
    }
}

/// Focuses the first of `ids` that exists and is enabled.
pub(super) fn focus_enabled(ids: &[String]) {
    use wasm_bindgen::JsCast;
    let doc = leptos::prelude::document();
    for id in ids {
        if let Some(el) = doc
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlButtonElement>().ok())
        {
            if !el.disabled() {
                let _ = el.focus();
                return;
            }
        }
    }
}

/// `Label` and `Save`/`Cancel` in place of the bookmark.
#[component]
fn RenameForm(b: Bookmarks, route: String, label: String, at: usize) -> impl IntoView {
    let value = Slot::new(label.clone());
    let error = Slot::new(None::<String>);
    let id = format!("bookmark-label-{}", crate::state::random().to_bits());
    let err_id = format!("{id}-error");
    let submit = {
        let route = route.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match check_label(&value.get_untracked()) {
                Err(e) => error.set(Some(e)),
                Ok(new) => {
                    error.set(None);
                    let words = format!("Renamed to {}.", shown_string(&new));
                    let ids = [format!("bookmark-{at}-rename")];
                    b.change(
                        Op::Rename {
                            route: route.clone(),
                            label: new,
                        },
                        words,
                        move || focus_enabled(&ids),
                    );
                }
            }
        }
    };
    let (id2, err2, err3) = (id.clone(), err_id.clone(), err_id.clone());
    view! {
        <form class="bookmark-rename" on:submit=submit>
            <label for=id.clone()>{format!("Label of {label}")}</label>
            <input id=id2 type="text" maxlength=(LABEL_MAX * 4).to_string() autocomplete="off"
                prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=move || error.with(Option::is_some).then(|| err2.clone())
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <button type="submit" class="btn btn-small btn-primary" disabled=move || b.busy.get()>"Save"</button>
            <button type="button" class="btn btn-small" on:click=move |_| b.renaming.set(None)>"Cancel"</button>
            {live(move || error.get().map(|e| view! { <span id=err3.clone() class="field-error" role="alert">{e}</span> }))}
        </form>
    }
}
