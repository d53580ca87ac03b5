//! A view's reactive parts, boxed (issue 58). A closure in a view is rendered by Leptos's
//! `Render for F`: a render effect that calls it and builds or updates what it returned, with its
//! output's build and update inlined into it. It is compiled once per closure type for a named
//! closure shown as a child and for a component whose view is a closure, and once per output
//! type for `{move || …}` (which `view!` boxes under `erase_components`). [`live`] boxes the
//! closure and erases what it returns (`AnyView`), so that every such part shares one copy of
//! that effect: each keeps only its own body and its output's build. 30.4 KB gzip less in the
//! unsplit release at 419 places (docs/measurements.md, 2026-12-01, stop 84).
//!
//! What the page does is the same: the closure runs in the same effect at the same moments, and
//! an output of the same type as the last one updates it in place (an input inside keeps its
//! element, its focus and what was typed: `AnyView` rebuilds a view of the same type as itself);
//! an output of another type replaces it, as an `Either` or an `AnyView` did.
//!
//! `{move || …}` in a view is written `{live(move || …)}` (`tests/source_rules.rs` refuses
//! `{move ||`); a named closure shown as a child and a component whose view is a closure are
//! wrapped where they are written, unless they are also called, cloned or read elsewhere (a
//! boxed closure is neither `Fn`, `Clone` nor `Sync`: the compiler says where):
//!
//! ```ignore
//! use leptos::prelude::*;
//! use crate::components::live::live;
//!
//! view! { <p>{live(move || count.get())}</p> }
//! ```
use leptos::prelude::*;

/// What a view renders for a reactive part: one type for every such part.
pub type Live = Box<dyn FnMut() -> AnyView + Send>;

/// `f`, a view's reactive part, boxed, its output erased.
pub fn live<V: IntoView + 'static>(f: impl FnMut() -> V + Send + 'static) -> Live {
    shared(Box::new(Part(f)))
}

/// A reactive part behind a trait of one method. A `dyn FnMut` of each closure would carry in its
/// vtable a `call_once` (the closure moved out, called, dropped) that nothing calls: the unsplit
/// release 3.4 KB raw, 0.8 KB gzip larger at 419 places (stop 85).
trait LivePart: Send {
    fn draw(&mut self) -> AnyView;
}

struct Part<F>(F);

impl<F, V> LivePart for Part<F>
where
    F: FnMut() -> V + Send,
    V: IntoView + 'static,
{
    fn draw(&mut self) -> AnyView {
        (self.0)().into_any()
    }
}

/// The one closure type every part is called through (this function is not generic).
fn shared(mut part: Box<dyn LivePart>) -> Live {
    Box::new(move || part.draw())
}
