//! The settings as typed: one signal per field, filled from what the dev store holds (CHORUS's
//! own record where the dev store has no name, headline, tagline or website), each with a
//! `touched` flag: a save writes only the keys of the fields the user changed, so a value the
//! page cannot read (said in words) stays as it is until the user replaces it, and keys the page
//! does not show (`instance.tags`, the wireframe mode, the feedback…) are never written.
use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::three_way::{Field as ThreeWayField, Fielded};

use crate::domain::branding::{
    hex6, limits_json, logo_json, parse_default_theme, parse_limit_input, parse_limits, parse_logo,
    parse_theme, theme_json, LimitsForm, Logo, PlatformSettings, Theme, DEFAULT_THEME, HEADLINE,
    LIMITS, LOGO, NAME, TAGLINE, THEME, WEBSITE,
};
use crate::state::Slot;

/// What the page read: every global entry, and CHORUS's record (`None`: it could not be read).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Stored {
    pub entries: BTreeMap<String, String>,
    pub record: Option<PlatformSettings>,
}

impl Stored {
    fn raw(&self, key: &str) -> Option<&str> {
        self.entries.get(key).map(String::as_str)
    }

    /// The values as read (the base or the fresh copy of a save).
    pub(super) fn values(&self) -> Values {
        let record = self.record.clone().unwrap_or_default();
        let mut out = BTreeMap::new();
        for (k, _) in VALUE_KEYS {
            let from_record = match k {
                NAME => Some(record.title.clone()),
                HEADLINE => Some(record.headline.clone()),
                TAGLINE => Some(record.tagline.clone()),
                WEBSITE => Some(record.website_url.clone()),
                LIMITS => Some(limits_json(&record.limits())),
                _ => None,
            };
            let v = match self.raw(k) {
                Some(raw) => canonical(k, raw),
                None => from_record.unwrap_or_default(),
            };
            out.insert(k, v);
        }
        Values(out)
    }

    /// What is wrong with the stored values, in words (each field that cannot be read).
    pub(super) fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(Err(e)) = self.raw(LOGO).map(parse_logo) {
            out.push(e);
        }
        if let Some(Err(e)) = self.raw(THEME).map(parse_theme) {
            out.push(e);
        }
        if let Some(Err(e)) = self.raw(DEFAULT_THEME).map(parse_default_theme) {
            out.push(e);
        }
        if let Some(Err(e)) = self.raw(LIMITS).map(parse_limits) {
            out.push(e);
        }
        out
    }
}

/// Every value the page writes, by dev-store key, with its label (the record's fields are among
/// them: the texts and the limits).
const VALUE_KEYS: [(&str, &str); 8] = [
    (NAME, "Platform name"),
    (HEADLINE, "Headline"),
    (TAGLINE, "Tagline"),
    (WEBSITE, "Website"),
    (LOGO, "Logo"),
    (THEME, "Theme colours"),
    (DEFAULT_THEME, "Default theme"),
    (LIMITS, "Limits per user"),
];

/// The platform's values as one record (issue 56, "No lost update"): each dev-store key's text
/// (JSON ones in the page's own spelling when it can read them; the record's value where the
/// dev store has none), compared field by field by `domain::three_way`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Values(pub BTreeMap<&'static str, String>);

impl Fielded for Values {
    fn fields(&self) -> Vec<ThreeWayField> {
        VALUE_KEYS
            .iter()
            .map(|(k, label)| ThreeWayField::new(k, label, self.get(k)))
            .collect()
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        if let Some((k, _)) = VALUE_KEYS.iter().find(|(k, _)| *k == key) {
            self.0.insert(*k, from.get(k).to_owned());
        }
    }
}

impl Values {
    pub(super) fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }

    /// These values with the form's writes on top.
    pub(super) fn with(&self, writes: &[(&'static str, String)]) -> Self {
        let mut v = self.clone();
        for (k, value) in writes {
            v.0.insert(*k, canonical(k, value));
        }
        v
    }

    /// The writes that make `theirs` into these values.
    pub(super) fn writes_over(&self, theirs: &Self) -> Vec<(&'static str, String)> {
        VALUE_KEYS
            .iter()
            .filter(|(k, _)| self.get(k) != theirs.get(k))
            .map(|(k, _)| (*k, self.get(k).to_owned()))
            .collect()
    }

    /// CHORUS's record as these values hold it (its other fields are the server's).
    pub(super) fn record(&self) -> PlatformSettings {
        let mut r = PlatformSettings {
            title: self.get(NAME).trim().to_owned(),
            headline: self.get(HEADLINE).trim().to_owned(),
            tagline: self.get(TAGLINE).trim().to_owned(),
            website_url: self.get(WEBSITE).trim().to_owned(),
            ..Default::default()
        };
        r.set_limits(&parse_limits(self.get(LIMITS)).unwrap_or_default());
        r
    }
}

/// Whether a write of `key` changes CHORUS's record too.
pub(super) fn in_record(key: &str) -> bool {
    [NAME, HEADLINE, TAGLINE, WEBSITE, LIMITS].contains(&key)
}

/// A stored value in the page's own spelling when the page can read it (so that one spelled
/// otherwise is not taken for a change).
fn canonical(key: &str, raw: &str) -> String {
    let read = match key {
        LOGO => parse_logo(raw).ok().map(|l| logo_json(&l)),
        THEME => parse_theme(raw).ok().map(|t| theme_json(&t)),
        LIMITS => parse_limits(raw).ok().map(|l| limits_json(&l)),
        _ => None,
    };
    read.unwrap_or_else(|| raw.to_owned())
}

/// A text field: its dev-store key, label, input id, what the record calls it.
pub(super) const TEXTS: [(&str, &str, &str); 4] = [
    (NAME, "Platform name", "ps-name"),
    (HEADLINE, "Headline", "ps-headline"),
    (TAGLINE, "Tagline", "ps-tagline"),
    (WEBSITE, "Website", "ps-website"),
];

/// The limits' labels and input ids, in `LimitsForm`'s order.
pub(super) const LIMIT_FIELDS: [(&str, &str); 3] = [
    ("Workspaces per user", "ps-limit-workspaces"),
    ("Sessions per user", "ps-limit-sessions"),
    ("App instances per user", "ps-limit-apps"),
];

pub(super) struct Field<T: Send + Sync + 'static> {
    pub value: Slot<T>,
    pub touched: Slot<bool>,
}

impl<T: Send + Sync + 'static> Clone for Field<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Field<T> {}

impl<T: Send + Sync + 'static> Field<T> {
    fn new(v: T) -> Self {
        Field {
            value: Slot::new(v),
            touched: Slot::new(false),
        }
    }

    /// Sets the value as the user did.
    pub(super) fn edit(&self, v: T) {
        self.value.set(v);
        self.touched.set(true);
    }
}

#[derive(Clone, Copy)]
pub(super) struct Form {
    pub texts: [Field<String>; 4],
    pub logo: Field<Logo>,
    pub logo_errors: [Slot<Option<String>>; 2],
    pub theme: Field<Theme>,
    pub default_theme: Field<String>,
    pub limits: [Field<String>; 3],
    pub limit_errors: [Slot<Option<String>>; 3],
}

impl Form {
    pub(super) fn new(stored: &Stored) -> Self {
        let record = stored.record.clone().unwrap_or_default();
        let from_record = [
            record.title.clone(),
            record.headline.clone(),
            record.tagline.clone(),
            record.website_url.clone(),
        ];
        let texts = [0, 1, 2, 3].map(|i| {
            let v = stored
                .raw(TEXTS[i].0)
                .map(str::to_owned)
                .unwrap_or_else(|| from_record[i].clone());
            Field::new(v)
        });
        let limits: LimitsForm = match stored.raw(LIMITS) {
            Some(raw) => parse_limits(raw).unwrap_or_default(),
            None => record.limits(),
        };
        let default_theme = stored
            .raw(DEFAULT_THEME)
            .and_then(|t| parse_default_theme(t).ok())
            .unwrap_or("dark");
        Form {
            texts,
            logo: Field::new(
                stored
                    .raw(LOGO)
                    .and_then(|l| parse_logo(l).ok())
                    .unwrap_or_default(),
            ),
            logo_errors: [Slot::new(None), Slot::new(None)],
            theme: Field::new(
                stored
                    .raw(THEME)
                    .and_then(|t| parse_theme(t).ok())
                    .unwrap_or_default(),
            ),
            default_theme: Field::new(default_theme.to_owned()),
            limits: limits.map(|l| Field::new(l.map(|n| n.to_string()).unwrap_or_default())),
            limit_errors: [Slot::new(None), Slot::new(None), Slot::new(None)],
        }
    }

    /// The limits as typed; `Err` when one is not a count (each said under its input).
    pub(super) fn checked_limits(&self) -> Result<LimitsForm, ()> {
        let mut out = [None; 3];
        let mut ok = true;
        for i in 0..3 {
            let typed = self.limits[i].value.get_untracked();
            match parse_limit_input(LIMIT_FIELDS[i].0, &typed) {
                Ok(v) => {
                    out[i] = v;
                    self.limit_errors[i].set(None);
                }
                Err(e) => {
                    self.limit_errors[i].set(Some(e));
                    ok = false;
                }
            }
        }
        ok.then_some(out).ok_or(())
    }

    /// The dev-store entries to write: those of the fields the user touched.
    pub(super) fn writes(&self, limits: &LimitsForm) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (i, f) in self.texts.iter().enumerate() {
            if f.touched.get_untracked() {
                out.push((TEXTS[i].0, f.value.get_untracked().trim().to_owned()));
            }
        }
        if self.logo.touched.get_untracked() {
            out.push((LOGO, logo_json(&self.logo.value.get_untracked())));
        }
        if self.theme.touched.get_untracked() {
            out.push((THEME, theme_json(&self.theme.value.get_untracked())));
        }
        if self.default_theme.touched.get_untracked() {
            out.push((DEFAULT_THEME, self.default_theme.value.get_untracked()));
        }
        if self.limits.iter().any(|l| l.touched.get_untracked()) {
            out.push((LIMITS, limits_json(limits)));
        }
        out
    }

    /// A colour input's value: the stored colour as `#rrggbb`, else black (a colour input has
    /// no empty value; the stored one is said beside it).
    pub(super) fn colour_input(&self, mode: &str, key: &str) -> String {
        self.theme
            .value
            .with(|t| t.colour(mode, key).and_then(hex6))
            .unwrap_or_else(|| "#000000".to_owned())
    }
}
