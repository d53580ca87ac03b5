//! [`When`]: Leptos's `<Show>` with its pieces type-erased. `<Show>` is generic over its
//! condition and its children, so each use compiled its own memo, its own reactive view and its
//! own `Either` of the two branches; `<When>` boxes the condition and takes the children and the
//! fallback as a [`Draw`], so every use shares one copy of that machinery (the same behaviour in
//! a smaller bundle: issue 30).
use std::sync::Arc;

use leptos::children::ToChildren;
use leptos::prelude::*;

/// A view drawn each time it is shown: Leptos's `ChildrenFn` and `ViewFn` (an `Arc<dyn Fn>`),
/// without what a `dyn Fn` carries besides its call: the `FnOnce` call of every closure, a
/// shim with the closure's drop that nothing calls (issue 58: 124 `<When>`s, 178 such shims).
#[derive(Clone)]
pub struct Draw(Arc<dyn DrawView>);

trait DrawView: Send + Sync {
    fn draw(&self) -> AnyView;
}

struct Drawn<F>(F);

impl<F, C> DrawView for Drawn<F>
where
    F: Fn() -> C + Send + Sync,
    C: IntoView + 'static,
{
    fn draw(&self) -> AnyView {
        (self.0)().into_any()
    }
}

impl Draw {
    /// The view, drawn now.
    pub fn run(&self) -> AnyView {
        self.0.draw()
    }
}

impl<F, C> ToChildren<F> for Draw
where
    F: Fn() -> C + Send + Sync + 'static,
    C: IntoView + 'static,
{
    fn to_children(f: F) -> Self {
        Draw(Arc::new(Drawn(f)))
    }
}

impl<F, C> From<F> for Draw
where
    F: Fn() -> C + Send + Sync + 'static,
    C: IntoView + 'static,
{
    fn from(f: F) -> Self {
        Draw::to_children(f)
    }
}

/// Nothing.
impl Default for Draw {
    fn default() -> Self {
        Draw(Arc::new(Drawn(|| ())))
    }
}

/// Shows its children while `when` is true, else `fallback` (nothing by default). The condition
/// is memoized: the children are built again only when it changes from false to true.
#[component(transparent)]
pub fn When<W>(
    /// What is shown while `when` returns `true`.
    children: Draw,
    /// The condition, a reactive closure.
    when: W,
    /// What is shown while `when` returns `false`.
    #[prop(optional, into)]
    fallback: Draw,
) -> impl IntoView
where
    W: Fn() -> bool + Send + Sync + 'static,
{
    shown_when(Box::new(when), children, fallback)
}

fn shown_when(
    when: Box<dyn Fn() -> bool + Send + Sync>,
    children: Draw,
    fallback: Draw,
) -> AnyView {
    let when = ArcMemo::new(move |_| when());
    (move || {
        if when.get() {
            children.run()
        } else {
            fallback.run()
        }
    })
    .into_any()
}
