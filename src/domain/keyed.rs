//! Finding a row of a list by its key in O(1) (issue 50): the index is built once per list
//! (once per poll reply), and each row of a table looks itself up in it instead of searching
//! the whole list (which made a poll of n rows cost n²).
use std::collections::HashMap;

/// Where each key first occurs in a list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct KeyIndex {
    at: HashMap<String, usize>,
}

impl KeyIndex {
    /// The index of `keys`, in the list's order; a repeated key keeps its first place (as a
    /// search from the start would find).
    pub(crate) fn of<'a>(keys: impl IntoIterator<Item = &'a str>) -> Self {
        let mut at = HashMap::new();
        for (i, k) in keys.into_iter().enumerate() {
            at.entry(k.to_owned()).or_insert(i);
        }
        Self { at }
    }

    /// The item keyed `key` in `items` (the list the index was built of): `None` when absent,
    /// or when `items` is not that list any more (the item found there has another key).
    pub(crate) fn find<'a, T>(
        &self,
        items: &'a [T],
        key: &str,
        key_of: impl Fn(&T) -> &str,
    ) -> Option<&'a T> {
        let item = items.get(*self.at.get(key)?)?;
        (key_of(item) == key).then_some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_key_like_a_search_from_the_start() {
        let list = ["b", "a", "c", "a"];
        let index = KeyIndex::of(list.iter().copied());
        for k in ["a", "b", "c", "x"] {
            let found = index.find(&list, k, |s| s).map(|s| s as *const &str);
            let searched = list.iter().find(|s| **s == k).map(|s| s as *const &str);
            assert_eq!(found, searched, "{k}");
        }
        assert_eq!(
            index.find(&list, "a", |s| s).map(|s| s as *const &str),
            Some(&list[1] as *const &str)
        );
    }

    #[test]
    fn a_list_that_changed_under_the_index_finds_nothing_wrong() {
        let index = KeyIndex::of(["a", "b"]);
        let now = ["b"];
        assert_eq!(index.find(&now, "a", |s| s), None);
        assert_eq!(index.find(&now, "b", |s| s), None);
        assert_eq!(index.find(&["a", "b"], "b", |s| s), Some(&"b"));
    }
}
