//! [`When`]: Leptos's `<Show>` with its pieces type-erased. `<Show>` is generic over its
//! condition and its children, so each use compiled its own memo, its own reactive view and its
//! own `Either` of the two branches; `<When>` boxes the condition and takes the children and the
//! fallback as [`ChildrenFn`]/[`ViewFn`], so every use shares one copy of that machinery (the
//! same behaviour in a smaller bundle: issue 30).
use leptos::prelude::*;

/// Shows its children while `when` is true, else `fallback` (nothing by default). The condition
/// is memoized: the children are built again only when it changes from false to true.
#[component(transparent)]
pub fn When<W>(
    /// What is shown while `when` returns `true`.
    children: ChildrenFn,
    /// The condition, a reactive closure.
    when: W,
    /// What is shown while `when` returns `false`.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView
where
    W: Fn() -> bool + Send + Sync + 'static,
{
    shown_when(Box::new(when), children, fallback)
}

fn shown_when(
    when: Box<dyn Fn() -> bool + Send + Sync>,
    children: ChildrenFn,
    fallback: ViewFn,
) -> AnyView {
    let when = ArcMemo::new(move |_| when());
    (move || {
        if when.get() {
            children()
        } else {
            fallback.run()
        }
    })
    .into_any()
}
