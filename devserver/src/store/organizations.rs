//! Participating organizations (api.md §6; CHORUS's table `organizations`, migration 00046):
//! a name, a description, a country, a city, a contact, a website and a logo kept apart (its
//! bytes are never in a reply: `GET /organizations/{id}/logo` serves them). Deletes are soft
//! (`deletedat`): a deleted row is gone for every route. CHORUS's 5-second cache of `Get` and
//! `List` (chorus flavor) lives here too: a write clears nothing (seen on a running CHORUS
//! 0978bc77: a `GET` right after a `PUT` answered the old row for five seconds).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant, SystemTime};

use crate::error::FieldError;

mod countries {
    include!("../../../src/domain/countries.rs");
}

/// How long CHORUS's organization cache keeps an answer.
pub(crate) const CACHE_TTL: Duration = Duration::from_secs(5);

/// The largest logo CHORUS takes (`max=524288`, bytes).
pub(crate) const LOGO_MAX: usize = 524_288;

/// The logo types CHORUS takes.
pub(crate) const LOGO_TYPES: [&str; 3] = ["image/png", "image/jpeg", "image/webp"];

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Logo {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

/// What a create or an update writes (empty strings are "none", as CHORUS stores NULL).
#[derive(Clone, Debug, Default)]
pub(crate) struct Fields {
    pub name: String,
    pub description: String,
    pub country: String,
    pub city: String,
    pub contact_user_id: u64,
    pub website_url: String,
    /// `None`: keep the stored logo (an update), none (a create).
    pub logo: Option<Logo>,
}

#[derive(Clone, Debug)]
pub(crate) struct Organization {
    pub id: u64,
    pub name: String,
    pub description: String,
    pub country: String,
    pub city: String,
    pub contact_user_id: u64,
    pub website_url: String,
    pub logo: Option<Logo>,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
}

type Listed = (Vec<Organization>, crate::reply::Sort, usize);

#[derive(Debug, Default)]
pub(crate) struct Organizations {
    rows: BTreeMap<u64, Organization>,
    next_id: u64,
    one: HashMap<u64, (Instant, Organization)>,
    lists: HashMap<String, (Instant, Listed)>,
}

impl Organizations {
    /// The live rows, by id.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &Organization> {
        self.rows.values()
    }

    pub(crate) fn get(&self, id: u64) -> Option<&Organization> {
        self.rows.get(&id)
    }

    pub(crate) fn create(&mut self, f: Fields) -> Organization {
        self.next_id += 1;
        let now = SystemTime::now();
        let o = Organization {
            id: self.next_id,
            name: f.name,
            description: f.description,
            country: f.country,
            city: f.city,
            contact_user_id: f.contact_user_id,
            website_url: f.website_url,
            logo: f.logo,
            created_at: now,
            updated_at: now,
        };
        self.rows.insert(o.id, o.clone());
        o
    }

    /// Replaces every field; a missing logo keeps the stored one. `None`: no such row.
    pub(crate) fn update(&mut self, id: u64, f: Fields) -> Option<Organization> {
        let o = self.rows.get_mut(&id)?;
        o.name = f.name;
        o.description = f.description;
        o.country = f.country;
        o.city = f.city;
        o.contact_user_id = f.contact_user_id;
        o.website_url = f.website_url;
        if let Some(logo) = f.logo {
            o.logo = Some(logo);
        }
        o.updated_at = SystemTime::now();
        Some(o.clone())
    }

    /// A soft delete: `false` when there was no live row.
    pub(crate) fn delete(&mut self, id: u64) -> bool {
        self.rows.remove(&id).is_some()
    }

    /// The cached row, if read less than [`CACHE_TTL`] ago.
    pub(crate) fn cached(&self, id: u64) -> Option<Organization> {
        self.one
            .get(&id)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, o)| o.clone())
    }

    pub(crate) fn keep(&mut self, o: &Organization) {
        self.one.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
        self.one.insert(o.id, (Instant::now(), o.clone()));
    }

    pub(crate) fn cached_list(&self, key: &str) -> Option<Listed> {
        self.lists
            .get(key)
            .filter(|(at, _)| at.elapsed() < CACHE_TTL)
            .map(|(_, l)| l.clone())
    }

    pub(crate) fn keep_list(&mut self, key: String, listed: Listed) {
        self.lists.retain(|_, (at, _)| at.elapsed() < CACHE_TTL);
        self.lists.insert(key, (Instant::now(), listed));
    }
}

/// go-playground's `iso3166_1_alpha2`: an upper-case code of the table.
pub(crate) fn is_country(code: &str) -> bool {
    countries::COUNTRIES.iter().any(|(c, _)| *c == code)
}

/// CHORUS's `generalstring`: letters (ASCII and À-ÿ), digits, white space and
/// `,;.:-_$£!^'?=()/&%*#\"+[]{}@`; no `<`, `>`, `|`, `~` or backquote.
pub(crate) fn is_general_string(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || ('\u{c0}'..='\u{ff}').contains(&c)
            || matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
            || ",;.:-_$£!^'?=()/&%*#\\\"+[]{}@".contains(c)
    })
}

/// go-playground's `url`, roughly: a scheme, then something, no white space.
pub(crate) fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    scheme_ok && !rest.is_empty() && !s.chars().any(char::is_whitespace)
}

/// A field's checks, in CHORUS's order, as `(field, reason)`: the first failing tag of each
/// field (`Name`, `Description`, `Logo`, `LogoContentType`, `Country`, `City`, `WebsiteURL`).
/// `logo`: the bytes and type sent, when a logo was.
pub(crate) fn check(f: &Fields, logo: Option<(usize, &str)>) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut bad = |field: &str, reason: &str| errs.push(FieldError::new(field, reason));
    let runes = |s: &str| s.chars().count();
    if f.name.is_empty() {
        bad("Name", "required");
    } else if !is_general_string(&f.name) {
        bad("Name", "generalstring");
    } else if runes(&f.name) > 255 {
        bad("Name", "max");
    }
    if runes(&f.description) > 250 {
        bad("Description", "max");
    } else if !is_general_string(&f.description) {
        bad("Description", "generalstring");
    }
    if let Some((len, content_type)) = logo {
        if len == 0 {
            bad("Logo", "required");
        } else if len > LOGO_MAX {
            bad("Logo", "max");
        }
        if content_type.is_empty() {
            bad("LogoContentType", "required");
        } else if !LOGO_TYPES.contains(&content_type) {
            bad("LogoContentType", "oneof");
        }
    }
    if !f.country.is_empty() && !is_country(&f.country) {
        bad("Country", "iso3166_1_alpha2");
    }
    if runes(&f.city) > 100 {
        bad("City", "max");
    } else if !is_general_string(&f.city) {
        bad("City", "generalstring");
    }
    if !f.website_url.is_empty() {
        if runes(&f.website_url) > 2048 {
            bad("WebsiteURL", "max");
        } else if !is_url(&f.website_url) {
            bad("WebsiteURL", "url");
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Fields {
        Fields {
            name: name.into(),
            ..Fields::default()
        }
    }

    fn fields(errs: &[FieldError]) -> Vec<(String, String)> {
        errs.iter()
            .map(|e| (e.field.clone(), e.reason.clone()))
            .collect()
    }

    #[test]
    fn checks_as_chorus_answered() {
        // Seen on a running CHORUS 0978bc77 (fixtures/chorus/organizations.json).
        let f = Fields {
            name: String::new(),
            description: "y".repeat(251),
            country: "Switzerland".into(),
            city: "x".repeat(101),
            website_url: "notaurl".into(),
            ..Fields::default()
        };
        let got = fields(&check(&f, None));
        let want = [
            ("Name", "required"),
            ("Description", "max"),
            ("Country", "iso3166_1_alpha2"),
            ("City", "max"),
            ("WebsiteURL", "url"),
        ];
        assert_eq!(
            got,
            want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
        );
        let markup = Fields {
            country: "XX".into(),
            ..named("<b>org</b>")
        };
        assert_eq!(
            fields(&check(&markup, None)),
            vec![
                ("Name".into(), "generalstring".into()),
                ("Country".into(), "iso3166_1_alpha2".into())
            ]
        );
        assert!(check(&named("org"), Some((LOGO_MAX, "image/png"))).is_empty());
        assert_eq!(
            fields(&check(&named("org"), Some((LOGO_MAX + 1, "image/gif")))),
            vec![
                ("Logo".into(), "max".into()),
                ("LogoContentType".into(), "oneof".into())
            ]
        );
        assert_eq!(
            fields(&check(&named("org"), Some((0, "")))),
            vec![
                ("Logo".into(), "required".into()),
                ("LogoContentType".into(), "required".into())
            ]
        );
        // Lower case is not a code; Kosovo is (go-playground's list).
        assert!(!is_country("ch") && is_country("CH") && is_country("XK"));
        assert!(is_general_string("Université de Genève (HUG) & co."));
        assert!(is_url("https://example.org/x") && !is_url("example.org"));
    }

    #[test]
    fn update_keeps_the_logo_and_delete_is_final() {
        let mut o = Organizations::default();
        let logo = Logo {
            bytes: vec![1, 2],
            content_type: "image/png".into(),
        };
        let a = o.create(Fields {
            logo: Some(logo.clone()),
            city: "Bern".into(),
            ..named("A")
        });
        let b = o.update(a.id, named("B")).expect("row");
        assert_eq!((b.name.as_str(), b.city.as_str()), ("B", ""));
        assert_eq!(b.logo, Some(logo));
        assert!(o.delete(a.id));
        assert!(!o.delete(a.id));
        assert!(o.get(a.id).is_none() && o.update(a.id, named("C")).is_none());
    }
}
