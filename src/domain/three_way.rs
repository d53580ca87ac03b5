//! No lost update (issue 56): CHORUS replaces a record whole on every `PUT`, so a form that sends
//! the copy it loaded reverts what someone else saved meanwhile. Every edit form reads the record
//! again just before saving and compares three copies of it, field by field:
//! `base` (what the form loaded), `mine` (the form now) and `theirs` (the fresh read).
//!
//! - a field only I changed goes on top of theirs;
//! - a field only they changed (or nobody) stays as theirs;
//! - a field both changed to the same value is no conflict;
//! - a field both changed to different values is a [`Conflict`]: nothing is sent until the user
//!   chooses, per field, [`Choice::KeepMine`] or [`Choice::TakeTheirs`].
//!
//! A record takes part through [`Fielded`]: its named fields, each with its value as text (a
//! string, a number, a list or JSON spelled out), and a way to copy one field from another copy.
//! The fields not listed are the server's own and always come from theirs.

/// One field of a record: its key (stable, for the code), its label (as the form names it) and
/// its value as text (compared as is, and shown to the user in a conflict).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: String,
    pub label: String,
    pub value: String,
}

impl Field {
    pub fn new(key: &str, label: &str, value: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            label: label.to_owned(),
            value: value.into(),
        }
    }
}

/// A record whose fields can be compared and copied one by one.
pub trait Fielded: Clone {
    /// Every field a user may change, in the form's order.
    fn fields(&self) -> Vec<Field>;
    /// Sets field `key` to what `from` holds (a key it does not know: nothing).
    fn take_field(&mut self, key: &str, from: &Self);
}

/// A field both sides changed to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub key: String,
    pub label: String,
    /// What the user has in the form.
    pub mine: String,
    /// What is stored now (someone else's change).
    pub theirs: String,
}

/// What the user chose for one conflicting field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    KeepMine,
    TakeTheirs,
}

/// The choice for `key` among the user's `choices` (none said: theirs, which sends nothing of
/// mine over another's change).
pub fn choice_of(choices: &[(String, Choice)], key: &str) -> Choice {
    choices
        .iter()
        .find(|(k, _)| k == key)
        .map_or(Choice::TakeTheirs, |(_, c)| *c)
}

/// The comparison of three lists of fields: the keys only I changed, and the conflicts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub mine_only: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// The value of `key` in `fields` (`None`: the field is not there).
fn value_of<'a>(fields: &'a [Field], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|f| f.key == key)
        .map(|f| f.value.as_str())
}

/// The three-way comparison over named fields (the rule of this module), in the order of
/// `mine`, then the fields I removed. A field missing from a side counts as changed there (to
/// nothing); a field only I removed is removed, one I removed that they changed is a conflict.
pub fn compare(base: &[Field], mine: &[Field], theirs: &[Field]) -> Comparison {
    let mut out = Comparison::default();
    let removed = base.iter().filter(|f| value_of(mine, &f.key).is_none());
    for f in mine.iter().chain(removed) {
        let b = value_of(base, &f.key);
        let t = value_of(theirs, &f.key);
        let m = value_of(mine, &f.key);
        if m == b {
            continue; // not mine: theirs stays
        }
        if t == b || t == m {
            out.mine_only.push(f.key.clone()); // only mine, or both the same
        } else {
            out.conflicts.push(Conflict {
                key: f.key.clone(),
                label: f.label.clone(),
                mine: m.unwrap_or_default().to_owned(),
                theirs: t.unwrap_or_default().to_owned(),
            });
        }
    }
    out
}

/// What to do with a save after the fresh read.
#[derive(Clone, Debug, PartialEq)]
pub enum Merge<R> {
    /// Send this: theirs with my changes on top.
    Send(R),
    /// Do not send: someone else changed fields I changed too.
    Conflicts(Pending<R>),
}

/// A save held back by conflicts, until the user chooses for each.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending<R> {
    /// The fresh read (the new base once the user has chosen).
    pub theirs: R,
    /// Theirs with my changes on top, the conflicting fields as theirs.
    pub merged: R,
    /// The form as it was when saved.
    pub mine: R,
    pub conflicts: Vec<Conflict>,
}

impl<R: Fielded> Pending<R> {
    /// The record the user's choices make: `merged`, with each conflicting field for which
    /// `choice` says [`Choice::KeepMine`] taken from mine. It is saved with [`Pending::theirs`]
    /// as its base (read again first: a third change meanwhile is compared in turn).
    pub fn resolve(&self, choice: impl Fn(&str) -> Choice) -> R {
        let mut r = self.merged.clone();
        for c in &self.conflicts {
            if choice(&c.key) == Choice::KeepMine {
                r.take_field(&c.key, &self.mine);
            }
        }
        r
    }
}

/// Merges a save: `base` as the form loaded it, `mine` as the form has it, `theirs` as just
/// read. Fields only I changed go on top of theirs; fields both changed to different values
/// hold the save back.
pub fn merge<R: Fielded>(base: &R, mine: &R, theirs: &R) -> Merge<R> {
    let cmp = compare(&base.fields(), &mine.fields(), &theirs.fields());
    let mut merged = theirs.clone();
    for key in &cmp.mine_only {
        merged.take_field(key, mine);
    }
    if cmp.conflicts.is_empty() {
        Merge::Send(merged)
    } else {
        Merge::Conflicts(Pending {
            theirs: theirs.clone(),
            merged,
            mine: mine.clone(),
            conflicts: cmp.conflicts,
        })
    }
}

/// A conflict's value as shown: an empty one in words.
pub fn shown_value(v: &str) -> String {
    if v.trim().is_empty() {
        "(empty)".to_owned()
    } else {
        crate::domain::text::shown_string(v)
    }
}

/// Fields of a JSON object (string values as they are, others spelled as JSON with their
/// objects' keys in order, so that one value spelled two ways compares equal), labelled by
/// `label` (keys it returns `None` for are left out): a form over a wire object takes part
/// without a field list of its own.
pub fn json_fields(
    object: &serde_json::Map<String, serde_json::Value>,
    label: impl Fn(&str) -> Option<String>,
) -> Vec<Field> {
    object
        .iter()
        .filter_map(|(k, v)| {
            let label = label(k)?;
            let value = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => sorted(other).to_string(),
            };
            Some(Field {
                key: k.clone(),
                label,
                value,
            })
        })
        .collect()
}

/// `v` with every object's keys in order.
fn sorted(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::domain::sort_small(&mut keys, |a, b| a.cmp(b));
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A JSON object as a record: each top-level key a field (a service's Helm values).
#[derive(Clone, Debug, PartialEq)]
pub struct JsonObject(pub serde_json::Map<String, serde_json::Value>);

impl JsonObject {
    /// The object in `text`; `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.is_empty() {
            return Some(Self(serde_json::Map::new()));
        }
        match serde_json::from_str(t) {
            Ok(serde_json::Value::Object(m)) => Some(Self(m)),
            _ => None,
        }
    }

    /// The object as JSON text.
    pub fn text(&self) -> String {
        serde_json::Value::Object(self.0.clone()).to_string()
    }
}

impl Fielded for JsonObject {
    fn fields(&self) -> Vec<Field> {
        json_fields(&self.0, |k| Some(k.to_owned()))
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        match from.0.get(key) {
            Some(v) => {
                self.0.insert(key.to_owned(), v.clone());
            }
            None => {
                self.0.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of three text fields and one the server keeps (`stamp`, never a field).
    #[derive(Clone, Debug, PartialEq)]
    struct Rec {
        name: String,
        description: String,
        hosts: Vec<String>,
        stamp: u32,
    }

    impl Fielded for Rec {
        fn fields(&self) -> Vec<Field> {
            vec![
                Field::new("name", "Name", &self.name),
                Field::new("description", "Description", &self.description),
                Field::new("hosts", "Allowed hosts", self.hosts.join(", ")),
            ]
        }
        fn take_field(&mut self, key: &str, from: &Self) {
            match key {
                "name" => self.name = from.name.clone(),
                "description" => self.description = from.description.clone(),
                "hosts" => self.hosts = from.hosts.clone(),
                _ => {}
            }
        }
    }

    fn rec(name: &str, description: &str, hosts: &[&str], stamp: u32) -> Rec {
        Rec {
            name: name.into(),
            description: description.into(),
            hosts: hosts.iter().map(|h| h.to_string()).collect(),
            stamp,
        }
    }

    #[test]
    fn my_change_goes_on_top_of_theirs() {
        let base = rec("a", "old", &[], 1);
        let mine = rec("mine", "old", &[], 1);
        let theirs = rec("a", "theirs", &["x.org"], 2);
        assert_eq!(
            merge(&base, &mine, &theirs),
            Merge::Send(rec("mine", "theirs", &["x.org"], 2))
        );
    }

    #[test]
    fn nothing_changed_sends_theirs() {
        let base = rec("a", "b", &[], 1);
        let theirs = rec("a", "c", &[], 2);
        assert_eq!(merge(&base, &base, &theirs), Merge::Send(theirs.clone()));
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = rec("a", "b", &[], 1);
        let mine = rec("a", "same", &[], 1);
        let theirs = rec("a", "same", &[], 2);
        assert_eq!(merge(&base, &mine, &theirs), Merge::Send(theirs));
    }

    #[test]
    fn different_changes_of_one_field_are_a_conflict_and_nothing_else_is() {
        let base = rec("a", "b", &[], 1);
        let mine = rec("mine", "my words", &[], 1);
        let theirs = rec("a", "their words", &["x.org"], 2);
        let Merge::Conflicts(p) = merge(&base, &mine, &theirs) else {
            panic!("a conflict")
        };
        assert_eq!(
            p.conflicts,
            vec![Conflict {
                key: "description".into(),
                label: "Description".into(),
                mine: "my words".into(),
                theirs: "their words".into(),
            }]
        );
        // Merged holds my other change on theirs, the conflicting field as theirs.
        assert_eq!(p.merged, rec("mine", "their words", &["x.org"], 2));
        assert_eq!(
            p.resolve(|_| Choice::KeepMine),
            rec("mine", "my words", &["x.org"], 2)
        );
        assert_eq!(
            p.resolve(|_| Choice::TakeTheirs),
            rec("mine", "their words", &["x.org"], 2)
        );
        assert_eq!(p.theirs, theirs);
    }

    #[test]
    fn each_conflict_is_chosen_on_its_own() {
        let base = rec("a", "b", &["1"], 1);
        let mine = rec("m", "mb", &["2"], 1);
        let theirs = rec("t", "tb", &["1"], 2);
        let Merge::Conflicts(p) = merge(&base, &mine, &theirs) else {
            panic!("conflicts")
        };
        let keys: Vec<&str> = p.conflicts.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["name", "description"]);
        let r = p.resolve(|k| {
            if k == "name" {
                Choice::KeepMine
            } else {
                Choice::TakeTheirs
            }
        });
        assert_eq!(r, rec("m", "tb", &["2"], 2));
        let said = vec![("name".to_owned(), Choice::KeepMine)];
        assert_eq!(choice_of(&said, "name"), Choice::KeepMine);
        assert_eq!(choice_of(&said, "description"), Choice::TakeTheirs);
    }

    #[test]
    fn a_third_change_after_the_choice_is_compared_again() {
        // After a choice the save runs again with theirs as its base.
        let base = rec("a", "b", &[], 1);
        let mine = rec("a", "mine", &[], 1);
        let theirs = rec("a", "theirs", &[], 2);
        let Merge::Conflicts(p) = merge(&base, &mine, &theirs) else {
            panic!("a conflict")
        };
        let chosen = p.resolve(|_| Choice::KeepMine);
        let third = rec("a", "third", &[], 3);
        assert!(matches!(
            merge(&p.theirs, &chosen, &third),
            Merge::Conflicts(_)
        ));
        let other = rec("z", "theirs", &[], 3);
        assert_eq!(
            merge(&p.theirs, &chosen, &other),
            Merge::Send(rec("z", "mine", &[], 3))
        );
    }

    #[test]
    fn compare_over_plain_lists_and_missing_fields() {
        let f = |k: &str, v: &str| Field::new(k, k, v);
        let base = [f("a", "1"), f("b", "1")];
        let mine = [f("a", "2"), f("b", "1"), f("c", "new")];
        let theirs = [f("a", "1"), f("b", "9")];
        let c = compare(&base, &mine, &theirs);
        assert_eq!(c.mine_only, ["a", "c"]);
        assert!(c.conflicts.is_empty());
        // A field they dropped that I changed is a conflict with nothing.
        let c = compare(&base, &mine, &[f("b", "1")]);
        assert_eq!(c.conflicts.len(), 1);
        assert_eq!(c.conflicts[0].theirs, "");
    }

    #[test]
    fn json_objects_give_fields() {
        let v: serde_json::Value =
            serde_json::json!({"name": "x", "n": 3, "list": ["a"], "gone": null, "id": "1"});
        let fields = json_fields(v.as_object().unwrap(), |k| {
            (k != "id").then(|| k.to_uppercase())
        });
        let mut got: Vec<(&str, &str, &str)> = fields
            .iter()
            .map(|f| (f.key.as_str(), f.label.as_str(), f.value.as_str()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("gone", "GONE", ""),
                ("list", "LIST", "[\"a\"]"),
                ("n", "N", "3"),
                ("name", "NAME", "x")
            ]
        );
    }

    #[test]
    fn json_objects_merge_by_key_and_removals_count() {
        let o = |t: &str| JsonObject::parse(t).unwrap();
        let base = o(r#"{"replicas": 1, "image": {"tag": "a", "pull": "x"}, "old": true}"#);
        // Mine: replicas changed, `old` removed; theirs: the image's keys in another order, a new key.
        let mine = o(r#"{"replicas": 2, "image": {"tag": "a", "pull": "x"}}"#);
        let theirs =
            o(r#"{"replicas": 1, "image": {"pull": "x", "tag": "a"}, "old": true, "new": 3}"#);
        let Merge::Send(m) = merge(&base, &mine, &theirs) else {
            panic!("no conflict")
        };
        assert_eq!(
            m,
            o(r#"{"replicas": 2, "image": {"tag": "a", "pull": "x"}, "new": 3}"#)
        );
        // They changed what I removed: a conflict.
        let theirs = o(r#"{"replicas": 1, "image": {"tag": "a", "pull": "x"}, "old": false}"#);
        let Merge::Conflicts(p) = merge(&base, &mine, &theirs) else {
            panic!("a conflict")
        };
        assert_eq!(p.conflicts[0].key, "old");
        assert_eq!(
            (p.conflicts[0].mine.as_str(), p.conflicts[0].theirs.as_str()),
            ("", "false")
        );
        assert!(!p.resolve(|_| Choice::KeepMine).0.contains_key("old"));
        assert_eq!(p.resolve(|_| Choice::TakeTheirs).0["old"], false);
        assert!(JsonObject::parse("[1]").is_none());
        assert_eq!(JsonObject::parse(" ").unwrap().text(), "{}");
    }

    #[test]
    fn values_shown() {
        assert_eq!(shown_value(""), "(empty)");
        assert_eq!(shown_value("  "), "(empty)");
        assert_eq!(shown_value("a\u{202e}b"), "a<U+202E>b");
    }
}
