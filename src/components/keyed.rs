//! [`Keyed`]: Leptos's `<For>` (a keyed list: a row stays mounted while its key stays) with its
//! types erased. `<For>` compiles its whole keyed machinery (the diff, the moves, the rows'
//! states and their drops) once per list, for the list's own item and key types; every
//! [`Keyed`] shares one `<For>` of boxed rows and keys, and only the boxing of its items and
//! keys and the unboxing for its row view are compiled per list (the same behaviour in a smaller
//! bundle: issue 58).
use std::any::Any;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use leptos::prelude::*;

/// A row's key, of whatever type the list's key function gives: equal when of the same type
/// and equal, hashed as that type hashes.
#[derive(Clone)]
struct Key(Arc<dyn DynKey>);

trait DynKey: Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn DynKey) -> bool;
    fn hash_into(&self, state: &mut dyn Hasher);
}

impl<K: Eq + Hash + Send + Sync + 'static> DynKey for K {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn same(&self, other: &dyn DynKey) -> bool {
        other.as_any().downcast_ref::<K>() == Some(self)
    }
    fn hash_into(&self, mut state: &mut dyn Hasher) {
        self.hash(&mut state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.0.same(&*other.0)
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash_into(state);
    }
}

/// An item of a list with its key.
struct Row {
    key: Key,
    item: Box<dyn Any + Send>,
}

type Items = Box<dyn Fn() -> Vec<Row> + Send>;
type RowView = Arc<dyn Fn(Box<dyn Any + Send>) -> AnyView + Send + Sync>;

/// A keyed list, as Leptos's `<For>`: `children` draws a row for each item of `each`; a row
/// whose `key` stays from one list to the next stays mounted (moved where it now goes), the
/// others come and go. Takes the same props, so `let:` works as with `<For>`.
#[component]
pub fn Keyed<IF, I, T, EF, N, KF, K>(
    /// The items, read in a reactive scope (the list follows what it reads).
    each: IF,
    /// An item's key.
    key: KF,
    /// An item's row.
    children: EF,
) -> impl IntoView
where
    IF: Fn() -> I + Send + 'static,
    I: IntoIterator<Item = T>,
    T: Send + 'static,
    KF: Fn(&T) -> K + Send + 'static,
    K: Eq + Hash + Send + Sync + 'static,
    EF: Fn(T) -> N + Send + Sync + 'static,
    N: IntoView + 'static,
{
    let items: Items = Box::new(move || {
        each()
            .into_iter()
            .map(|item| Row {
                key: Key(Arc::new(key(&item))),
                item: Box::new(item),
            })
            .collect()
    });
    let row: RowView = Arc::new(
        move |item: Box<dyn Any + Send>| match item.downcast::<T>() {
            Ok(item) => children(*item).into_any(),
            // Never: the row holds what `items` boxed.
            Err(_) => ().into_any(),
        },
    );
    rows(items, row)
}

/// The one `<For>` every [`Keyed`] is.
fn rows(items: Items, row: RowView) -> AnyView {
    view! { <For each=items key=|r: &Row| r.key.clone() children=move |r: Row| row(r.item)/> }
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash(k: &Key) -> u64 {
        let mut h = DefaultHasher::new();
        k.hash(&mut h);
        h.finish()
    }

    #[test]
    fn keys_equal_when_same_type_and_value() {
        let a = Key(Arc::new(String::from("a")));
        let a2 = Key(Arc::new(String::from("a")));
        let b = Key(Arc::new(String::from("b")));
        assert!(a == a2);
        assert!(a != b);
        assert_eq!(hash(&a), hash(&a2));
        let t = Key(Arc::new((String::from("a"), true)));
        assert!(t != a);
        assert!(t == Key(Arc::new((String::from("a"), true))));
    }
}
