//! Participating organizations (api.md §6, ui.md "organizations"): what one is, what the form
//! checks before sending (as CHORUS's validator does, said in words), the backend's refusals
//! placed next to their fields, countries by name (`countries.rs`, the codes CHORUS accepts),
//! which website may be a link, the logo's check (PNG, JPEG or WebP up to 512 KB: type and size
//! before reading, the first bytes after) and the platform's switch that shows them
//! (`instance.displayOrganizations` in the dev store's global scope, JSON `true`/`false`, as
//! chorus-web-ui keeps it).
use super::countries::COUNTRIES;
use super::cover_image::{sniff, ImageKind, MAX_COVER_BYTES};

/// The dev-store key (global scope) of the switch.
pub const DISPLAY_KEY: &str = "instance.displayOrganizations";

/// An organization as the backend lists it (`logo` is write-only: never in a reply).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: String,
    /// ISO 3166-1 alpha-2, `""` when none.
    pub country: String,
    pub city: String,
    /// `None` when none (`"0"`, `""`).
    pub contact_user_id: Option<String>,
    pub website_url: String,
    pub updated_at: String,
}

impl Organization {
    /// The name to show (`Organization <id>` when it has none).
    pub fn display_name(&self) -> String {
        let n = self.name.trim();
        if n.is_empty() {
            format!("Organization {}", self.id)
        } else {
            super::text::shown_string(n)
        }
    }

    /// `Geneva, Switzerland`, `Switzerland`, `Geneva` or `""` (bidirectional controls as
    /// markers).
    pub fn place(&self) -> String {
        let country = country_words(&self.country);
        let city = super::text::shown_string(self.city.trim());
        let city = city.as_str();
        match (city.is_empty(), country.is_empty()) {
            (false, false) => format!("{city}, {country}"),
            (false, true) => city.to_owned(),
            (true, _) => country,
        }
    }
}

/// The name of country `code` (upper case), if CHORUS knows it.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == code.trim())
        .map(|(_, n)| *n)
}

/// A stored country in words: its name, `XX (unknown code)` for one the table lacks, `""`.
pub fn country_words(code: &str) -> String {
    let code = code.trim();
    match country_name(code) {
        Some(n) => n.to_owned(),
        None if code.is_empty() => String::new(),
        None => format!("{} (unknown code)", super::text::shown_string(code)),
    }
}

/// Every country, `(code, name)`, by name: the `Country` select.
pub fn countries() -> &'static [(&'static str, &'static str)] {
    COUNTRIES
}

/// A website as a link: only `http://` and `https://` addresses without white space; anything
/// else (`javascript:`, a bare host name) is shown as text, never linked.
pub fn website_href(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && !rest.starts_with('/')
        && !u.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(u)
}

/// A field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Description,
    Country,
    City,
    Website,
    Contact,
    Logo,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Description,
        Field::Country,
        Field::City,
        Field::Website,
        Field::Contact,
        Field::Logo,
    ];

    /// The label (ui.md).
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Description => "Description",
            Field::Country => "Country",
            Field::City => "City",
            Field::Website => "Website",
            Field::Contact => "Contact",
            Field::Logo => "Logo",
        }
    }

    /// Its input's id.
    pub fn input_id(self) -> &'static str {
        match self {
            Field::Name => "org-name",
            Field::Description => "org-description",
            Field::Country => "org-country",
            Field::City => "org-city",
            Field::Website => "org-website",
            Field::Contact => "org-contact",
            Field::Logo => "org-logo",
        }
    }

    /// The backend's name of a field (CHORUS's validator: `Name`, `WebsiteURL`, `Logo`,
    /// `LogoContentType`; a JSON name too): `None` for one the form does not have.
    pub fn of_backend(field: &str) -> Option<Field> {
        let f: String = field
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let f = f.strip_prefix("organization").unwrap_or(&f);
        Some(match f {
            "name" => Field::Name,
            "description" => Field::Description,
            "country" => Field::Country,
            "city" => Field::City,
            "websiteurl" | "website" => Field::Website,
            "contactuserid" | "contact" => Field::Contact,
            _ if f.starts_with("logo") => Field::Logo,
            _ => return None,
        })
    }
}

/// Limits of CHORUS's validator (runes).
const NAME_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 250;
const CITY_MAX: usize = 100;
const WEBSITE_MAX: usize = 2048;

/// What CHORUS's `generalstring` takes: letters (ASCII and À-ÿ), digits, white space and
/// `,;.:-_$£!^'?=()/&%*#\"+[]{}@`.
pub fn general_string_ok(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || ('\u{c0}'..='\u{ff}').contains(&c)
            || matches!(c, '\t' | '\n' | '\x0c' | '\r' | ' ')
            || ",;.:-_$£!^'?=()/&%*#\\\"+[]{}@".contains(c)
    })
}

/// The characters of `s` that `generalstring` refuses, each once, for the words.
fn refused_chars(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if !general_string_ok(&c.to_string()) && !out.contains(c) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
        }
    }
    out
}

/// The text fields as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub name: String,
    pub description: String,
    pub country: String,
    pub city: String,
    pub website: String,
}

fn text_problem(label: &str, value: &str, max: usize) -> Option<String> {
    let n = value.chars().count();
    if n > max {
        Some(format!(
            "{label} is too long: {n} characters, at most {max}."
        ))
    } else if !general_string_ok(value) {
        Some(format!(
            "{label} may not contain {}: the platform refuses these characters.",
            super::text::shown_string(&refused_chars(value))
        ))
    } else {
        None
    }
}

/// What is wrong with the typed fields before sending, as CHORUS would refuse it, each next to
/// its field. The website must be a whole `http(s)://` address (CHORUS takes any URL, but only
/// those become links on the organizations page).
pub fn check_draft(d: &Draft) -> Vec<(Field, String)> {
    let mut out = Vec::new();
    let name = d.name.trim();
    if name.is_empty() {
        out.push((Field::Name, "Name is required.".to_owned()));
    } else if let Some(p) = text_problem("Name", name, NAME_MAX) {
        out.push((Field::Name, p));
    }
    if let Some(p) = text_problem("Description", d.description.trim(), DESCRIPTION_MAX) {
        out.push((Field::Description, p));
    }
    let country = d.country.trim();
    if !country.is_empty() && country_name(country).is_none() {
        out.push((
            Field::Country,
            "Choose the country from the list.".to_owned(),
        ));
    }
    if let Some(p) = text_problem("City", d.city.trim(), CITY_MAX) {
        out.push((Field::City, p));
    }
    let web = d.website.trim();
    if web.chars().count() > WEBSITE_MAX {
        out.push((
            Field::Website,
            format!("Website is too long: at most {WEBSITE_MAX} characters."),
        ));
    } else if !web.is_empty() && website_href(web).is_none() {
        out.push((
            Field::Website,
            "Website must be a whole web address starting with https:// (or http://), e.g. https://example.org.".to_owned(),
        ));
    }
    out
}

/// A refusal of the backend in words, for its field (`reason` a validator tag or a sentence).
pub fn backend_words(field: Field, backend_field: &str, reason: &str) -> String {
    let tag = reason.trim().split('=').next().unwrap_or("").trim();
    let label = field.label();
    let said = match (field, tag) {
        (Field::Logo, "max") => "The logo is larger than 512 KB.".to_owned(),
        (Field::Logo, "oneof") => "The logo must be a PNG, JPEG or WebP image.".to_owned(),
        (Field::Logo, "required") if backend_field.to_ascii_lowercase().contains("type") => {
            "The logo's type is missing: choose the file again.".to_owned()
        }
        (Field::Logo, "required") => "The logo file is empty.".to_owned(),
        (Field::Country, "iso3166_1_alpha2") => {
            "The platform does not know this country: choose one from the list.".to_owned()
        }
        (Field::Website, "url") => "The platform does not take this as a web address.".to_owned(),
        (_, "required") => format!("{label} is required."),
        (_, "max") => format!("{label} is too long."),
        (_, "generalstring") => {
            format!("{label} contains characters the platform refuses (such as < > | ~).")
        }
        _ => format!(
            "{label}: the platform refused this ({}).",
            super::text::shown_string(reason.trim().trim_end_matches('.'))
        ),
    };
    said
}

/// The switch as stored: `Ok(true)` only for JSON `true`; a missing key is `Ok(false)`; a value
/// that is not JSON `true`/`false` is `Err(words)` (and shows nothing).
pub fn display_setting(stored: Option<&str>) -> Result<bool, String> {
    let Some(raw) = stored else {
        return Ok(false);
    };
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Bool(b)) => Ok(b),
        Ok(serde_json::Value::String(s)) if s == "true" || s == "false" => Ok(s == "true"),
        _ => Err(format!(
            "The platform's setting {DISPLAY_KEY} holds {}, which is not true or false; it is read as false.",
            super::text::shown_string(raw)
        )),
    }
}

/// The value to store for the switch.
pub fn display_value(show: bool) -> &'static str {
    if show {
        "true"
    } else {
        "false"
    }
}

/// What the logo must be, said after each refusal.
const LOGO_WANTED: &str = "The logo must be a PNG, JPEG or WebP image of at most 512 KB.";

/// The logo's check before reading: the browser's type (`""` when unknown) and size.
pub fn check_logo_file(mime: &str, size: u64) -> Result<(), String> {
    let m = mime.trim().to_ascii_lowercase();
    let type_ok = m.is_empty()
        || matches!(
            m.as_str(),
            "image/png" | "image/jpeg" | "image/jpg" | "image/webp"
        );
    let big = size > MAX_COVER_BYTES;
    let size_words = super::files::size_words(size);
    match (type_ok, big) {
        (true, false) => Ok(()),
        (false, false) => Err(format!(
            "This file is of type {}. {LOGO_WANTED}",
            super::text::shown_string(mime.trim())
        )),
        (true, true) => Err(format!("This file is {size_words}. {LOGO_WANTED}")),
        (false, true) => Err(format!(
            "This file is of type {} and is {size_words}. {LOGO_WANTED}",
            super::text::shown_string(mime.trim())
        )),
    }
}

/// A logo read: its bytes in base64 and the type its first bytes show.
#[derive(Clone, Debug, PartialEq)]
pub struct LogoUpload {
    pub data: String,
    pub content_type: &'static str,
    pub size: u64,
}

/// The check after reading: the first bytes must be PNG, JPEG or WebP.
pub fn logo_upload(bytes: &[u8]) -> Result<LogoUpload, String> {
    if bytes.is_empty() {
        return Err(format!("This file is empty. {LOGO_WANTED}"));
    }
    check_logo_file("", bytes.len() as u64)?;
    let kind: ImageKind = sniff(bytes)
        .ok_or_else(|| format!("This file is not a PNG, JPEG or WebP image. {LOGO_WANTED}"))?;
    Ok(LogoUpload {
        data: super::cover_image::base64(bytes),
        content_type: kind.mime(),
        size: bytes.len() as u64,
    })
}

/// An organization's fields a user may change, for the no-lost-update rule
/// ([`super::three_way`]); the country in words, the contact as its user id.
impl super::three_way::Fielded for Organization {
    fn fields(&self) -> Vec<super::three_way::Field> {
        use super::three_way::Field as F;
        let country = match country_name(&self.country) {
            Some(n) => format!("{n} ({})", self.country),
            None => self.country.clone(),
        };
        let contact = match self.contact_user_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() && id != "0" => format!("user {id}"),
            _ => "no contact".to_owned(),
        };
        vec![
            F::new("name", "Name", self.name.trim()),
            F::new("description", "Description", self.description.trim()),
            F::new("country", "Country", country),
            F::new("city", "City", self.city.trim()),
            F::new("websiteUrl", "Website", self.website_url.trim()),
            F::new("contactUserId", "Contact", contact),
        ]
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        match key {
            "name" => self.name = from.name.clone(),
            "description" => self.description = from.description.clone(),
            "country" => self.country = from.country.clone(),
            "city" => self.city = from.city.clone(),
            "websiteUrl" => self.website_url = from.website_url.clone(),
            "contactUserId" => self.contact_user_id = from.contact_user_id.clone(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_name_and_code() {
        assert_eq!(country_name("CH"), Some("Switzerland"));
        assert_eq!(country_name("ch"), None);
        assert_eq!(country_name("XK"), Some("Kosovo"));
        assert_eq!(countries().len(), 250);
        assert_eq!(country_words(""), "");
        assert_eq!(country_words("QQ"), "QQ (unknown code)");
        let o = Organization {
            city: "Geneva".into(),
            country: "CH".into(),
            id: "4".into(),
            ..Organization::default()
        };
        assert_eq!(o.place(), "Geneva, Switzerland");
        assert_eq!(o.display_name(), "Organization 4");
    }

    #[test]
    fn names_and_places_show_bidirectional_controls_as_markers() {
        // Issue 55: organization rows and cards showed them raw.
        let o = Organization {
            name: "Uni\u{202e}vab".into(),
            city: "Gen\u{2066}eva".into(),
            country: "CH".into(),
            ..Organization::default()
        };
        assert_eq!(o.display_name(), "Uni<U+202E>vab");
        assert_eq!(o.place(), "Gen<U+2066>eva, Switzerland");
    }

    #[test]
    fn only_http_websites_are_links() {
        assert_eq!(
            website_href(" https://example.org "),
            Some("https://example.org")
        );
        assert_eq!(website_href("HTTP://x.org/a"), Some("HTTP://x.org/a"));
        for bad in [
            "javascript:alert(1)",
            "example.org",
            "https://",
            "https:///x",
            "https://a b",
            "data:text/html,x",
        ] {
            assert_eq!(website_href(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_draft_is_checked_as_chorus_checks() {
        let ok = Draft {
            name: "Université de Genève (HUG)".into(),
            country: "CH".into(),
            website: "https://unige.ch".into(),
            ..Draft::default()
        };
        assert!(check_draft(&ok).is_empty());
        let bad = Draft {
            name: "<b>x</b>".into(),
            description: "d".repeat(251),
            country: "Switzerland".into(),
            city: "c|ty".into(),
            website: "example.org".into(),
        };
        let fields: Vec<Field> = check_draft(&bad).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                Field::Name,
                Field::Description,
                Field::Country,
                Field::City,
                Field::Website
            ]
        );
        assert!(
            check_draft(&bad)[0].1.contains("< >"),
            "{:?}",
            check_draft(&bad)
        );
        assert_eq!(check_draft(&Draft::default())[0].1, "Name is required.");
    }

    #[test]
    fn backend_refusals_go_next_to_their_fields() {
        // As a running CHORUS 0978bc77 answered (fixtures/chorus/organizations.json).
        assert_eq!(Field::of_backend("WebsiteURL"), Some(Field::Website));
        assert_eq!(Field::of_backend("LogoContentType"), Some(Field::Logo));
        assert_eq!(Field::of_backend("Country"), Some(Field::Country));
        assert_eq!(Field::of_backend("contactUserId"), Some(Field::Contact));
        assert_eq!(Field::of_backend("tenant"), None);
        assert!(backend_words(Field::Country, "Country", "iso3166_1_alpha2").contains("country"));
        assert_eq!(
            backend_words(Field::Logo, "Logo", "max"),
            "The logo is larger than 512 KB."
        );
        assert!(backend_words(Field::Name, "name", "must not be <b>").contains("refused"));
    }

    #[test]
    fn the_switch_is_json() {
        assert_eq!(display_setting(None), Ok(false));
        assert_eq!(display_setting(Some("true")), Ok(true));
        assert_eq!(display_setting(Some(" false ")), Ok(false));
        assert_eq!(display_setting(Some("\"true\"")), Ok(true));
        assert!(display_setting(Some("yes please")).is_err());
        assert!(display_setting(Some("1")).is_err());
        assert_eq!(display_value(true), "true");
    }

    #[test]
    fn logos_are_checked_by_type_size_and_bytes() {
        assert!(check_logo_file("image/png", 1000).is_ok());
        assert!(check_logo_file("", 1000).is_ok());
        assert!(check_logo_file("image/gif", 10)
            .unwrap_err()
            .contains("image/gif"));
        assert!(check_logo_file("image/png", 2 * 1024 * 1024)
            .unwrap_err()
            .contains("512 KB"));
        assert!(check_logo_file("image/png", 512 * 1024).is_ok());
        let png = b"\x89PNG\r\n\x1a\n0000";
        let up = logo_upload(png).unwrap();
        assert_eq!(up.content_type, "image/png");
        assert_eq!(up.data, "iVBORw0KGgowMDAw");
        assert!(logo_upload(b"GIF89a....").is_err());
        assert!(logo_upload(b"").is_err());
        assert!(logo_upload(&vec![0xff; 600 * 1024]).is_err());
    }
}
