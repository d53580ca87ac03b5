//! Forms in a chunk of their own, opened by buttons that stay in the page (issue 58): the pointer
//! or the focus on a button fetches the chunk, most often before the click, which opens the form
//! once it is in; a click whose fetch failed says so by the button, which stays, and the next
//! click asks again. The workspace forms (`wsforms`, [`super::workspace_forms`]), the session
//! bar's panels (`sessparts`: `Share`, `Edit session`, `Desktop settings`) and the data page's
//! forms (`dataforms`: a data request, the statements before an upload) are such chunks; their
//! split points are in pages/lazy.rs, which hands the pages' buttons the loaders in contexts
//! ([`WorkspaceForms`], [`SessionForms`], [`DataForms`]): components may not name pages. The
//! parts a page shows after its heading come the same way, fetched once it has shown and shown
//! in place ([`FormsChunk::part`]): the session page's tabs, stage and details (with the bar's
//! panels, [`SessionForms`]), the data page's table ([`DataParts`]), a workspace page's sessions
//! ([`WorkspaceParts`]).
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::state::{Kept, Slot};

/// A chunk's forms by number, built in the chunk (a chunk's views take no arguments: each reads
/// what it works on from its button's context).
pub(crate) type FormViews = fn(usize) -> AnyView;

/// Fetches a chunk of forms; `None` when it did not come.
pub(crate) type FormsLoader =
    fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<FormViews>>>>;

/// The loader of the workspace forms (0 `New workspace`, 1 `Edit workspace`, 2 `Delete
/// workspace`, [`WorkspaceForms::NEW_SESSION`] the form to start a session on a workspace's
/// page), provided by the chunks of the pages with their buttons.
#[derive(Clone, Copy)]
pub(crate) struct WorkspaceForms(pub FormsLoader);

impl WorkspaceForms {
    pub(crate) const NEW_SESSION: usize = 3;
    /// The chooser under an app card's `Open in session` (`/apps`).
    pub(crate) const OPEN_IN_SESSION: usize = 4;
    /// The form of `New session` on `/sessions`.
    pub(crate) const ANY_SESSION: usize = 5;
}

/// The loader of the session bar's panels ([`SessionForms::SHARE`], [`SessionForms::EDIT`],
/// [`SessionForms::DESKTOP`]) and of what the page shows after its heading
/// ([`SessionForms::TABS`]: the bar's second row, the app tabs; [`SessionForms::WORK`]: the work
/// area, the stage and the details), one chunk provided by the session page's.
#[derive(Clone, Copy)]
pub(crate) struct SessionForms(pub FormsLoader);

impl SessionForms {
    pub(crate) const SHARE: usize = 0;
    pub(crate) const EDIT: usize = 1;
    pub(crate) const DESKTOP: usize = 2;
    pub(crate) const TABS: usize = 3;
    pub(crate) const WORK: usize = 4;
}

/// The loader of the home page's parts that it shows only sometimes
/// ([`HomeParts::USAGE`]: `Your usage`, where the platform sets limits), provided by the home
/// page's chunk.
#[derive(Clone, Copy)]
pub(crate) struct HomeParts(pub FormsLoader);

impl HomeParts {
    pub(crate) const USAGE: usize = 0;
}

/// The loader of the data page's forms ([`DataForms::REQUEST`]: a data request from the
/// selection; [`DataForms::COMPLIANCE`]: the statements before an upload), provided by the data
/// page's chunk.
#[derive(Clone, Copy)]
pub(crate) struct DataForms(pub FormsLoader);

impl DataForms {
    pub(crate) const REQUEST: usize = 0;
    pub(crate) const COMPLIANCE: usize = 1;
}

/// The loader of the data page's parts after its heading ([`DataParts::TABLE`]: the folder's
/// table, its rows and their actions), provided by the data page's chunk.
#[derive(Clone, Copy)]
pub(crate) struct DataParts(pub FormsLoader);

impl DataParts {
    pub(crate) const TABLE: usize = 0;
}

/// The loader of a workspace page's parts after its heading ([`WorkspaceParts::SESSIONS`]: the
/// sessions' table, its rows and their actions), provided by the workspace page's chunk.
#[derive(Clone, Copy)]
pub(crate) struct WorkspaceParts(pub FormsLoader);

impl WorkspaceParts {
    pub(crate) const SESSIONS: usize = 0;
}

/// The transfers under a page's content ([`super::transfers::PageTransfers`], in the `chrome`
/// chunk with the header, which no page waits for), provided by the chunks of the data page and
/// of a request's page: nothing until that chunk is in (a cold load has no transfers).
#[derive(Clone, Copy)]
pub(crate) struct PageTransfersView(pub fn() -> AnyView);

impl PageTransfersView {
    /// The view where the page shows its transfers (nothing when no chunk provided it).
    pub(crate) fn view() -> impl IntoView {
        use_context::<Self>().map(|p| (p.0)())
    }
}

/// One chunk of forms as a page's buttons see it: fetched once, when the pointer or the focus
/// reaches a button that opens one, else on the click; a click whose fetch fails says so.
#[derive(Clone, Copy)]
pub(crate) struct FormsChunk {
    load: Option<FormsLoader>,
    forms: Slot<Option<FormViews>>,
    failed: Slot<bool>,
}

impl FormsChunk {
    /// The chunk `load` fetches (`None`: no loader provided, every click says the form could not
    /// be loaded).
    pub(crate) fn new(load: Option<FormsLoader>) -> Self {
        Self {
            load,
            forms: Slot::new(None),
            failed: Slot::new(false),
        }
    }

    /// Another handle on the same chunk with a failure of its own: the forms it fetches are
    /// shared (in at once when the other fetched them), what a click that failed says is not.
    pub(crate) fn apart(self) -> Self {
        Self {
            load: self.load,
            forms: self.forms,
            failed: Slot::new(false),
        }
    }

    /// Fetches the chunk if it is not in yet, then runs `then` (a click: `then` opens the form).
    fn fetch(self, then: Option<Box<dyn FnOnce()>>) {
        if self.forms.get_untracked().is_some() {
            if let Some(then) = then {
                then();
            }
            return;
        }
        leptos::task::spawn_local(async move {
            let forms = match self.load {
                Some(load) => load().await,
                None => None,
            };
            match forms {
                Some(forms) => {
                    self.forms.try_set(Some(forms));
                    self.failed.try_set(false);
                    if let Some(then) = then {
                        then();
                    }
                }
                // Only a click says so (a prefetch that failed is tried again by the click). Said
                // once: an alert already there stays as it is, with the focus on its button.
                None if then.is_some() && self.failed.try_get_untracked() == Some(false) => {
                    self.failed.try_set(true);
                }
                None => {}
            }
        });
    }

    /// Fetches the chunk (the pointer or the focus on a button): nothing is said if it fails.
    pub(crate) fn prefetch(self) {
        self.fetch(None);
    }

    /// Runs `then` once the chunk is in (at once when it is): a click that opens a form.
    pub(crate) fn open(self, then: impl FnOnce() + 'static) {
        self.fetch(Some(Box::new(then)));
    }

    /// The button that opens a form: the pointer or the focus on it fetches the chunk, the click
    /// sets `open` once it is in and focuses the form's `field`.
    pub(crate) fn opener(
        self,
        label: &'static str,
        class: &'static str,
        disabled: Signal<bool>,
        open: Slot<bool>,
        field: &'static str,
    ) -> impl IntoView {
        view! {
            <button type="button" class=class disabled=move || disabled.get()
                on:pointerover=move |_| self.prefetch()
                on:focus=move |_| self.prefetch()
                on:click=move |_| self.open(move || {
                    open.set(true);
                    crate::components::focus_by_id(field);
                })>
                {label}
            </button>
        }
    }

    /// A button that shows and hides a panel of the chunk (`aria-expanded`, `aria-controls`):
    /// the pointer or the focus on it fetches the chunk; a click opens the panel once it is in,
    /// after `before` (what the panel starts from), and a click on an open one closes it.
    pub(crate) fn toggle(
        self,
        id: &'static str,
        controls: &'static str,
        label: &'static str,
        open: Slot<bool>,
        before: impl Fn() + Copy + 'static,
    ) -> impl IntoView {
        view! {
            <button type="button" class="btn btn-small" id=id
                aria-expanded=move || open.get().to_string()
                aria-controls=controls
                on:pointerover=move |_| self.prefetch()
                on:focus=move |_| self.prefetch()
                on:click=move |_| {
                    if open.get_untracked() {
                        open.set(false);
                    } else {
                        self.open(move || {
                            before();
                            open.set(true);
                        });
                    }
                }>
                {label}
            </button>
        }
    }

    /// Whether the last click's fetch failed (a page that says so its own way: the data page's
    /// upload, whose files stay picked).
    pub(crate) fn failed(self) -> bool {
        self.failed.get()
    }

    /// Whether the chunk is in.
    pub(crate) fn ready(self) -> bool {
        self.forms.with(Option::is_some)
    }

    /// Form number `n` of the chunk (nothing until it is in).
    pub(crate) fn form(self, n: usize) -> impl IntoView {
        live(move || self.forms.get().map(|forms| forms(n)))
    }

    /// Fetches the chunk once `when` first holds, after the page's view is in (an effect: never
    /// before its heading), as a click would: a failure shows where the page shows the part
    /// ([`FormsChunk::part`]), whose `Try again` asks again (this does not).
    pub(crate) fn open_once(self, when: impl Fn() -> bool + 'static) {
        crate::state::effect(move |opened: Option<bool>| {
            let opened = opened.unwrap_or(false);
            if !opened && when() {
                self.open(|| ());
                return true;
            }
            opened
        });
    }

    /// Part number `n` of the chunk shown in place, which the page fetches itself
    /// ([`FormsChunk::open`], once it has shown): `loading` while it comes; when it did not, an
    /// alert (`failed`, `data-testid=testid`) with `Try again`, which asks again and then puts
    /// the focus on `focus` (the part's first field, if it has one).
    pub(crate) fn part(
        self,
        n: usize,
        loading: &'static str,
        failed: &'static str,
        testid: &'static str,
        focus: Option<&'static str>,
    ) -> impl IntoView {
        let try_again = move |_| {
            self.open(move || {
                if let Some(id) = focus {
                    crate::components::focus_by_id(id);
                }
            })
        };
        live(move || {
            if self.ready() {
                self.form(n).into_any()
            } else if self.failed() {
                view! {
                    <div class="alert alert-error" role="alert" data-testid=testid>
                        <p>{failed}" Check your connection, then try again."</p>
                        <button type="button" class="btn" on:click=try_again>"Try again"</button>
                    </div>
                }
                .into_any()
            } else {
                view! { <crate::components::loading::Loading label=loading/> }.into_any()
            }
        })
    }

    /// What a click says when the chunk did not come. Like a popover (the session bar shows it
    /// as one, over what is below), the next click anywhere or Escape puts it away: the button
    /// stays, and its next click asks again. Not on the press: a page whose alert is in the flow
    /// (the workspaces' heading row) would move under the pointer before the click lands.
    pub(crate) fn failure(self) -> impl IntoView {
        let failed = self.failed;
        let put_away = move || {
            if failed.get_untracked() {
                failed.set(false);
            }
        };
        // In the capture phase: put away before the click's own handler runs (a click on the
        // button asks again, and what it says then stays).
        let click = Kept::new(Some(on_any_click(put_away)));
        let escape = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() == "Escape" {
                put_away();
            }
        });
        on_cleanup(move || {
            if let Some(remove) = click.try_update_value(Option::take).flatten() {
                remove();
            }
            escape.remove();
        });
        live(move || {
            self.failed.get().then(|| {
                view! {
                    <p class="alert alert-error form-chunk-error" role="alert" data-testid="form-chunk-error">
                        "This form could not be loaded. Check your connection, then try again."
                    </p>
                }
            })
        })
    }
}

/// The partner of [`FormsChunk::toggle`], for the panel it opens: Escape, wherever the focus is,
/// closes the panel and gives the focus back to the toggle `toggle_id`.
pub(crate) fn close_on_escape(open: Slot<bool>, toggle_id: &'static str) {
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            crate::components::focus_by_id(toggle_id);
        }
    });
    on_cleanup(move || escape.remove());
}

/// Runs `f` at every click in the page, before the click's own handlers (the capture phase);
/// returns what removes it.
fn on_any_click(f: impl Fn() + 'static) -> impl FnOnce() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let listener = Closure::<dyn Fn()>::new(f);
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback_and_bool(
            "click",
            listener.as_ref().unchecked_ref(),
            true,
        );
    }
    move || {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                listener.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}
