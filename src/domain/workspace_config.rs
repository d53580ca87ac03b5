//! A workspace's `config` dev-store key as chorus-web-ui keeps it (api.md, "The dev store"):
//! JSON `{"descriptionMarkdown": "…", "resources": {…}, "services": {…}}`, which CHORUS never
//! reads. The console reads and writes only `descriptionMarkdown` (the settings page's `About
//! this workspace`); every other field of a stored value is written back as it was.
use serde_json::{Map, Value};

use super::three_way::{Field, Fielded};
use super::workspace::Workspace;

/// The field of the about text.
const ABOUT: &str = "descriptionMarkdown";

/// What a stored `config` holds for the console.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct StoredConfig {
    /// The about text (markdown; `""` when none).
    pub about: String,
    /// Why the stored value could not be read as chorus-web-ui writes it, in words (`None`: it
    /// could, or there is none).
    pub problem: Option<String>,
}

/// Reads a stored `config` (`None`: the key is not there).
pub fn read_config(stored: Option<&str>) -> StoredConfig {
    let Some(text) = stored.filter(|s| !s.trim().is_empty()) else {
        return StoredConfig::default();
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => match map.get(ABOUT) {
            None | Some(Value::Null) => StoredConfig::default(),
            Some(Value::String(s)) => StoredConfig {
                about: s.clone(),
                problem: None,
            },
            Some(_) => StoredConfig {
                about: String::new(),
                problem: Some(
                    "The stored about text is not text (the workspace's config holds something \
                     else there); saving an about text replaces it."
                        .to_owned(),
                ),
            },
        },
        _ => StoredConfig {
            about: String::new(),
            problem: Some(
                "The workspace's stored config is not a JSON object (something other than this \
                 console or chorus-web-ui wrote it); saving an about text replaces it."
                    .to_owned(),
            ),
        },
    }
}

/// The `config` value to store: `stored` with its about text set to `about`, every other field
/// kept. A stored value that is not a JSON object cannot take the field and is replaced (the
/// page says so beforehand: [`read_config`]).
pub fn with_about(stored: Option<&str>, about: &str) -> String {
    let mut map = match stored.map(serde_json::from_str::<Value>) {
        Some(Ok(Value::Object(map))) => map,
        _ => Map::new(),
    };
    map.insert(ABOUT.to_owned(), Value::String(about.to_owned()));
    Value::Object(map).to_string()
}

/// A workspace's settings as its page saves them (issue 56, no lost update): the row and the
/// about text of its `config` key, compared field by field as one record, so that an about text
/// someone else saved meanwhile is never written over unasked.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsRecord {
    pub workspace: Workspace,
    /// The about text (markdown; `""` when none).
    pub about: String,
}

impl Fielded for SettingsRecord {
    fn fields(&self) -> Vec<Field> {
        let mut fields = self.workspace.fields();
        fields.push(Field::new(
            "about",
            "About this workspace",
            self.about.trim(),
        ));
        fields
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        if key == "about" {
            self.about = from.about.clone();
        } else {
            self.workspace.take_field(key, &from.workspace);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `config` as chorus-web-ui 1.82 writes it.
    const WEB_UI: &str = r##"{"descriptionMarkdown":"# Old","resources":{"preset":"small",
        "gpu":0,"cpu":2,"memory":4,"coldStorage":{"enabled":true,"size":10},
        "hotStorage":{"enabled":false,"size":0}},"services":{"gitlab":true,"k8s":false,"hpc":false}}"##;

    fn record(description: &str, about: &str) -> SettingsRecord {
        let workspace = Workspace {
            id: "1".into(),
            name: "Demo".into(),
            description: description.into(),
            ..Workspace::default()
        };
        SettingsRecord {
            workspace,
            about: about.into(),
        }
    }

    #[test]
    fn the_about_text_takes_part_in_the_three_way_merge() {
        use crate::domain::three_way::{merge, Choice, Merge};
        let base = record("d", "old");
        // Only they changed the about text, I the description: both kept.
        match merge(&base, &record("mine", "old"), &record("d", "theirs")) {
            Merge::Send(r) => {
                assert_eq!(r.about, "theirs");
                assert_eq!(r.workspace.description, "mine");
            }
            other => panic!("{other:?}"),
        }
        // Both changed it: held back, named in words, each choice as chosen.
        let Merge::Conflicts(p) = merge(&base, &record("d", "mine"), &record("d", "theirs")) else {
            panic!("a conflict");
        };
        assert_eq!(p.conflicts.len(), 1);
        assert_eq!(p.conflicts[0].label, "About this workspace");
        assert_eq!(p.resolve(|_| Choice::KeepMine).about, "mine");
        assert_eq!(p.resolve(|_| Choice::TakeTheirs).about, "theirs");
        // Spaces around the text are no change.
        assert!(matches!(
            merge(&base, &record("d", "old\n"), &record("d", "theirs")),
            Merge::Send(r) if r.about == "theirs"
        ));
    }

    #[test]
    fn the_about_text_is_read() {
        assert_eq!(read_config(None), StoredConfig::default());
        assert_eq!(read_config(Some("")), StoredConfig::default());
        assert_eq!(read_config(Some(WEB_UI)).about, "# Old");
        assert_eq!(read_config(Some(r#"{"resources":{}}"#)).about, "");
        assert_eq!(
            read_config(Some(r#"{"descriptionMarkdown":null}"#)).problem,
            None
        );
    }

    #[test]
    fn what_is_not_an_object_is_said() {
        for odd in [
            "[1,2]",
            "\"text\"",
            "not json",
            "42",
            "{\"descriptionMarkdown\":7}",
        ] {
            let c = read_config(Some(odd));
            assert_eq!(c.about, "", "{odd}");
            assert!(c.problem.is_some(), "{odd}");
        }
    }

    #[test]
    fn writing_keeps_every_other_field() {
        let written = with_about(Some(WEB_UI), "New <b>text</b>");
        let v: Value = serde_json::from_str(&written).unwrap();
        let old: Value = serde_json::from_str(WEB_UI).unwrap();
        assert_eq!(v["descriptionMarkdown"], "New <b>text</b>");
        assert_eq!(v["resources"], old["resources"]);
        assert_eq!(v["services"], old["services"]);
        assert_eq!(v.as_object().map(Map::len), Some(3));
        // Nothing stored, or something that is not an object: a new object.
        assert_eq!(with_about(None, "x"), r#"{"descriptionMarkdown":"x"}"#);
        assert_eq!(with_about(Some("[1]"), ""), r#"{"descriptionMarkdown":""}"#);
        // The round trip.
        assert_eq!(
            read_config(Some(&with_about(Some(WEB_UI), "é\n\"q\""))).about,
            "é\n\"q\""
        );
    }
}
