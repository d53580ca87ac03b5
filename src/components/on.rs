//! Event handlers boxed where a view names them (issue 58). `view!` writes `on:click=handler` as
//! a method call, `.on(click, handler)`, which Leptos's `OnAttribute` compiles once per handler:
//! the listener it wraps around the handler, its attachment, its removal, its state and their drop
//! glue, for each of the 370 handlers. This trait of the same name and method takes the place of
//! Leptos's in a file that imports it (the import shadows the prelude's), boxes the handler
//! first, and hands Leptos one handler type per event type: each handler keeps only its own code.
//! The same listener, on the same element, at the same moment: 39.4 KB gzip less in the unsplit
//! release, 41.8 KB in the whole app as served (docs/measurements.md, 2026-11-30, stop 83).
//!
//! Every file with an `on:` handler in a view imports it (`tests/source_rules.rs`):
//!
//! ```ignore
//! use leptos::prelude::*;
//! use crate::components::on::OnAttribute;
//! ```
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::element::{ElementType, HtmlElement};
use leptos::tachys::html::event::{on, EventDescriptor, On};
use leptos::tachys::renderer::types::Event;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::RenderHtml;

/// An event handler, boxed: what every `on:` of a view becomes.
pub type Handler<T> = Box<dyn FnMut(T)>;

/// `.on(event, handler)` as `view!` writes it, with the handler boxed.
pub trait OnAttribute<E, F> {
    /// The element with the listener added.
    type Output;

    /// Adds `cb` as the listener of `event`.
    fn on(self, event: E, cb: F) -> Self::Output;
}

impl<El, At, Ch, E, F> OnAttribute<E, F> for HtmlElement<El, At, Ch>
where
    El: ElementType + Send,
    At: Attribute + Send,
    Ch: RenderHtml + Send,
    E: EventDescriptor + Send + 'static,
    E::EventType: From<Event> + 'static,
    F: FnMut(E::EventType) + 'static,
{
    type Output = <Self as AddAnyAttr>::Output<On<E, Handler<E::EventType>>>;

    fn on(self, event: E, cb: F) -> Self::Output {
        self.add_any_attr(on(event, shared(Box::new(Call(cb)))))
    }
}

/// A handler behind a trait of one method. A `dyn FnMut` of each handler would carry in its
/// vtable a `call_once` that nothing calls: the unsplit release 4.7 KB raw, 1.1 KB gzip larger
/// (stop 85).
trait Handle<T> {
    fn handle(&mut self, event: T);
}

struct Call<F>(F);

impl<T, F: FnMut(T)> Handle<T> for Call<F> {
    fn handle(&mut self, event: T) {
        (self.0)(event)
    }
}

/// The one closure type each event type's handlers are called through.
fn shared<T: 'static>(mut handler: Box<dyn Handle<T>>) -> Handler<T> {
    Box::new(move |event| handler.handle(event))
}
