//! Focus that is never lost (ui.md, "Everyone: accessibility the tests check"), for every inline
//! form or panel a button opens and for every dialog: one piece each, adopted by wrapping.
//!
//! - [`FocusReturn`] around an inline form or panel: when it appears, focus goes to its first
//!   field; Escape presses its `Cancel` (or `Close`) button; after a submit, focus goes to the
//!   first field said to be wrong (`aria-invalid="true"`) or, failing that, to the error
//!   (`role="alert"`) once it shows; when it goes, focus goes back to the control that opened it
//!   (the same element, or the one drawn again in its place: same tag, role and name).
//! - [`Modal`] around a dialog's content: `role="dialog"`, `aria-modal="true"`, the rest of the
//!   page `inert` while it is open, Tab kept inside, Escape calls `on_close`, focus in its first
//!   field, and back to the opener when it closes.
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::on::OnAttribute;
use crate::state::timer::Delay;
use crate::state::Kept;

/// What can take focus by Tab inside a panel.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=\"hidden\"]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

/// A form's fields (the first one gets focus when a panel opens).
const FIELDS: &str = "input:not([disabled]):not([type=\"hidden\"]), select:not([disabled]), \
     textarea:not([disabled])";

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

fn shown(el: &web_sys::HtmlElement) -> bool {
    let r = el.get_bounding_client_rect();
    r.width() > 0.0 || r.height() > 0.0
}

/// The elements of `root` matching `selector` that are shown.
fn shown_in(root: &web_sys::Element, selector: &str) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(shown)
        .collect()
}

/// Focuses the first field of `root`, else its first control; `false` when it has none.
fn focus_first(root: &web_sys::Element) -> bool {
    let first = shown_in(root, FIELDS)
        .into_iter()
        .next()
        .or_else(|| shown_in(root, FOCUSABLE).into_iter().next());
    match first {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// The control that had focus before a panel opened, and how to find it again when it was drawn
/// anew (a button hidden while its form is open comes back as a new element).
#[derive(Clone)]
struct Opener {
    el: web_sys::HtmlElement,
    like: Likeness,
}

thread_local! {
    /// The element that had focus last (components/page_change.rs tells it on every focus): a
    /// button hidden while its form opens is gone before the form is drawn.
    static LAST_FOCUSED: std::cell::RefCell<Option<web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Remembers `el` as the element focused last (the opener of what opens next).
pub(crate) fn remember_focus(el: &web_sys::Element) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        LAST_FOCUSED.with(|l| *l.borrow_mut() = Some(el.clone()));
    }
}

thread_local! {
    /// How many panels and dialogs that went are still to give focus back (after the page has
    /// drawn their opener again).
    static GIVING_BACK: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether a panel or dialog that went is about to give focus back to its opener: focus on
/// `<body>` meanwhile is not lost. The focus keeper waits: a look of its that fell in that
/// moment would put focus on the first control left, and the panel would then leave it there.
pub(crate) fn giving_back() -> bool {
    GIVING_BACK.with(|g| g.get() > 0)
}

/// Gives focus back to `opener` once the page has drawn it again (`panel_had_focus`: see
/// [`Opener::give_back`]).
fn give_back_soon(opener: Opener, panel_had_focus: bool) {
    GIVING_BACK.with(|g| g.set(g.get() + 1));
    let done = move || GIVING_BACK.with(|g| g.set(g.get().saturating_sub(1)));
    let set = crate::state::clock::set_timeout(
        move || {
            done();
            opener.give_back(panel_had_focus);
        },
        Duration::ZERO,
    );
    if set.is_none() {
        done();
    }
}

/// What finds a control again when it was drawn anew: its tag, role and name.
#[derive(Clone)]
pub(crate) struct Likeness {
    tag: String,
    role: Option<String>,
    name: String,
}

impl Likeness {
    pub(crate) fn of(el: &web_sys::HtmlElement) -> Self {
        Self {
            tag: el.tag_name().to_ascii_lowercase(),
            role: el.get_attribute("role"),
            name: name_of(el),
        }
    }

    /// The shown element inside `within` with the same tag, role and name (none for a control
    /// without a name: it cannot be told from its neighbours).
    pub(crate) fn find_in(&self, within: &web_sys::Element) -> Option<web_sys::HtmlElement> {
        if self.name.is_empty() {
            return None;
        }
        shown_in(within, &self.tag)
            .into_iter()
            .find(|c| c.get_attribute("role") == self.role && name_of(c) == self.name)
    }
}

impl Opener {
    fn now() -> Option<Self> {
        let active = document()?
            .active_element()
            .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|a| !a.tag_name().eq_ignore_ascii_case("body"));
        let el = match active {
            Some(a) => a,
            None => LAST_FOCUSED.with(|l| l.borrow().clone())?,
        };
        Some(Self {
            like: Likeness::of(&el),
            el,
        })
    }

    /// The opener, or the control drawn in its place.
    fn find(&self) -> Option<web_sys::HtmlElement> {
        if self.el.is_connected() && shown(&self.el) {
            return Some(self.el.clone());
        }
        self.like.find_in(&document()?.document_element()?)
    }

    /// Gives focus back, unless the user put it somewhere else meanwhile.
    fn give_back(&self, panel_had_focus: bool) {
        let Some(doc) = document() else { return };
        let lost = match doc.active_element() {
            None => true,
            Some(a) => {
                Some(&a) == doc.body().map(web_sys::Element::from).as_ref() || !a.is_connected()
            }
        };
        if lost || panel_had_focus {
            if let Some(el) = self.find() {
                let _ = el.focus();
            }
        }
    }
}

fn name_of(el: &web_sys::HtmlElement) -> String {
    el.get_attribute("aria-label")
        .unwrap_or_else(|| el.inner_text())
        .trim()
        .to_owned()
}

/// Whether focus is inside `root`.
fn has_focus(root: &web_sys::Element) -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_some_and(|a| {
            let node: &web_sys::Node = &a;
            root.contains(Some(node))
        })
}

/// The button of `root` named `Cancel` or `Close` (what Escape presses).
fn cancel_button(root: &web_sys::Element) -> Option<web_sys::HtmlElement> {
    shown_in(root, "button").into_iter().find(|b| {
        let name = name_of(b);
        name == "Cancel" || name == "Close" || name.starts_with("Close ")
    })
}

/// After a submit: the first field said to be wrong, else the error once it shows (a reply
/// takes a while: looked for a few seconds, until the panel goes or focus moves on).
fn focus_problem(root: web_sys::Element, was: Option<web_sys::Element>, look: Delay, tries: u32) {
    let Some(doc) = document() else { return };
    let active = doc.active_element();
    let body = doc.body().map(web_sys::Element::from);
    // The user moved on (typing elsewhere): focus stays where they put it.
    if !root.is_connected() || (active != was && active != body) {
        return;
    }
    let invalid = shown_in(&root, "[aria-invalid=\"true\"]")
        .into_iter()
        .next();
    let alert = shown_in(&root, "[role=\"alert\"]").into_iter().next();
    match (invalid, alert) {
        (Some(field), _) => {
            let _ = field.focus();
        }
        (None, Some(alert)) => {
            if !alert.has_attribute("tabindex") {
                let _ = alert.set_attribute("tabindex", "-1");
            }
            let _ = alert.focus();
        }
        (None, None) if tries > 0 => {
            look.start(Duration::from_millis(100), move || {
                focus_problem(root, was, look, tries - 1)
            });
        }
        (None, None) => {}
    }
}

/// An inline form or panel that a button opens (module docs). Wrap what appears when it opens;
/// the wrapper is `display: contents` (no box of its own).
#[component]
pub fn FocusReturn(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    let opener = Kept::new(Opener::now());
    let had_focus = Kept::new(false);
    root.on_load(move |el| {
        let el: web_sys::Element = el.into();
        // Unless the panel put focus in itself already (a field of its own choosing).
        if !has_focus(&el) {
            focus_first(&el);
        }
    });
    let look = Delay::new();
    on_cleanup(move || {
        let opener = opener.try_get_value().flatten();
        let had = had_focus.try_get_value().unwrap_or(false);
        if let Some(opener) = opener {
            give_back_soon(opener, had);
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        if let Some(cancel) = root.get_untracked().and_then(|r| cancel_button(&r)) {
            ev.prevent_default();
            ev.stop_propagation();
            cancel.click();
        }
    };
    let on_submit = move || {
        if let Some(r) = root.get_untracked() {
            let r: web_sys::Element = r.into();
            let was = document().and_then(|d| d.active_element());
            look.start(Duration::ZERO, move || focus_problem(r, was, look, 100));
        }
    };
    view! {
        <div
            class="focus-return"
            node_ref=root
            on:keydown=on_keydown
            on:submit=move |_| on_submit()
            on:focusin=move |_| had_focus.set_value(true)
            on:focusout=move |_| {
                had_focus.set_value(false);
            }
        >
            {children()}
        </div>
    }
}

/// A modal dialog (module docs): its content is `children`, its name the element `labelledby`.
#[component]
pub fn Modal(
    /// The DOM id of the dialog's heading.
    labelledby: &'static str,
    /// Escape (the dialog's own buttons close it themselves).
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    let opener = Kept::new(Opener::now());
    let made_inert = Kept::new(Vec::<web_sys::Element>::new());
    dialog.on_load(move |el| {
        let el: web_sys::Element = el.into();
        made_inert.set_value(make_rest_inert(&el));
        if !has_focus(&el) && !focus_first(&el) {
            if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    });
    on_cleanup(move || {
        for el in made_inert.try_get_value().unwrap_or_default() {
            let _ = el.remove_attribute("inert");
        }
        if let Some(opener) = opener.try_get_value().flatten() {
            give_back_soon(opener, true);
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            on_close.run(());
        }
        "Tab" => {
            let Some(d) = dialog.get_untracked() else {
                return;
            };
            let d: web_sys::Element = d.into();
            let stops = shown_in(&d, FOCUSABLE);
            let (Some(first), Some(last)) = (stops.first(), stops.last()) else {
                ev.prevent_default();
                return;
            };
            let active = document().and_then(|doc| doc.active_element());
            let at = |el: &web_sys::HtmlElement| {
                active.as_ref() == Some(el.unchecked_ref::<web_sys::Element>())
            };
            let outside = active.as_ref().is_none_or(|a| {
                let node: &web_sys::Node = a;
                !d.contains(Some(node))
            });
            if ev.shift_key() && (at(first) || outside) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && (at(last) || outside) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelledby
                tabindex="-1"
                node_ref=dialog
                on:keydown=on_keydown
            >
                {children()}
            </div>
        </div>
    }
}

/// Sets `inert` on everything of the page but `dialog` and its ancestors (the siblings of each,
/// up to `<body>`); returns what it set, to undo it. What was inert before stays so.
fn make_rest_inert(dialog: &web_sys::Element) -> Vec<web_sys::Element> {
    let mut made = Vec::new();
    let mut node = dialog.clone();
    // The backdrop is the dialog's own: its siblings are the page.
    while let Some(parent) = node.parent_element() {
        let mut sibling = parent.first_element_child();
        while let Some(s) = sibling {
            let tag = s.tag_name().to_ascii_lowercase();
            if s != node && !s.has_attribute("inert") && tag != "script" && tag != "style" {
                let _ = s.set_attribute("inert", "");
                made.push(s.clone());
            }
            sibling = s.next_element_sibling();
        }
        if parent.tag_name().eq_ignore_ascii_case("body") {
            break;
        }
        node = parent;
    }
    made
}
