//! The settings as typed: one signal per field, filled from what the dev store holds (CHORUS's
//! own record where the dev store has no name, headline, tagline or website), each with a
//! `touched` flag: a save writes only the keys of the fields the user changed, so a value the
//! page cannot read (said in words) stays as it is until the user replaces it, and keys the page
//! does not show (`instance.tags`, the wireframe mode, the feedback…) are never written.
use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::branding::{
    hex6, limits_json, logo_json, parse_default_theme, parse_limit_input, parse_limits, parse_logo,
    parse_theme, theme_json, LimitsForm, Logo, PlatformSettings, Theme, DEFAULT_THEME, HEADLINE,
    LIMITS, LOGO, NAME, TAGLINE, THEME, WEBSITE,
};

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
    pub value: RwSignal<T>,
    pub touched: RwSignal<bool>,
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
            value: RwSignal::new(v),
            touched: RwSignal::new(false),
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
    pub logo_errors: [RwSignal<Option<String>>; 2],
    pub theme: Field<Theme>,
    pub default_theme: Field<String>,
    pub limits: [Field<String>; 3],
    pub limit_errors: [RwSignal<Option<String>>; 3],
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
            logo_errors: [RwSignal::new(None), RwSignal::new(None)],
            theme: Field::new(
                stored
                    .raw(THEME)
                    .and_then(|t| parse_theme(t).ok())
                    .unwrap_or_default(),
            ),
            default_theme: Field::new(default_theme.to_owned()),
            limits: limits.map(|l| Field::new(l.map(|n| n.to_string()).unwrap_or_default())),
            limit_errors: [
                RwSignal::new(None),
                RwSignal::new(None),
                RwSignal::new(None),
            ],
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

    /// CHORUS's record as the form has it, when a field it holds was touched.
    pub(super) fn record(&self, limits: &LimitsForm) -> Option<PlatformSettings> {
        let touched = self.texts.iter().any(|f| f.touched.get_untracked())
            || self.limits.iter().any(|l| l.touched.get_untracked());
        touched.then(|| {
            let t = |i: usize| self.texts[i].value.get_untracked().trim().to_owned();
            let mut r = PlatformSettings {
                title: t(0),
                headline: t(1),
                tagline: t(2),
                website_url: t(3),
                ..Default::default()
            };
            r.set_limits(limits);
            r
        })
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
