//! The app catalogue as researchers see it (`/apps`; ui.md "app catalogue", api.md §1): the
//! rows of `GET /apps`, grouped into one entry per app with its versions, what is hidden, the
//! search, the category tabs, stability in words, and an icon that is safe to show.
//!
//! **Grouping.** CHORUS groups the rows of one image (`dockerImageName`; `apps/kiosk`, the web
//! apps' browser image, by `"kiosk-" + lower(name)`) into the row with the highest id and lists
//! the others in its `groupedVersions` — but a running CHORUS 0978bc77 lists only **one** of the
//! others there (its `groupApps` keeps the first row of each group and never appends), and a
//! grouped version carries no status. So the console asks for the rows ungrouped
//! (`disableGrouping=true`, every page) and groups them itself with CHORUS's key ([`group`]);
//! `groupedVersions` a backend sends anyway are merged in (taken as offered: their status is not
//! sent), and a group split over two pages is one entry.
//!
//! **Hidden.** A version whose `status` is `inactive` or `deleted` (CHORUS lists inactive rows:
//! the client must hide them), or whose `stabilityStatus` is `off` (the admin's switch that says
//! "not offered"). An app is shown while one of its versions is. A stability the console does
//! not know (CHORUS stores it as sent) does not hide the app: it is said as written
//! ([`Stability::words`]), so that a typo by an admin never makes an app vanish silently.
use std::collections::HashMap;

use super::text::shown_string;
use super::{id_order, sort_small};

/// An icon data URI longer than this is not drawn (a letter instead): a catalogue of hundreds
/// of cards does not carry megabytes of attributes. The admin form keeps no longer one.
pub use super::app_icon::MAX_ICON_DATA_CHARS;

/// `status` of an app row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AppStatus {
    /// `active`, or not sent (a backend without the field: every app is offered).
    #[default]
    Active,
    /// `inactive`: listed by CHORUS, hidden here.
    Inactive,
    /// `deleted` (CHORUS does not list them; hidden when a backend does).
    Deleted,
    /// Another value: offered (a status the console does not know never hides an app).
    Other,
}

impl AppStatus {
    /// From the wire: case-insensitive, a protobuf prefix (`APP_STATUS_ACTIVE`) stripped.
    pub fn from_wire(s: &str) -> Self {
        match last_word(s).as_str() {
            "" | "active" => Self::Active,
            "inactive" => Self::Inactive,
            "deleted" => Self::Deleted,
            _ => Self::Other,
        }
    }
}

/// `stabilityStatus` of an app row (`ready`, `beta`, `alpha`, `off` by intent; stored as sent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Stability {
    /// `ready`, or `""` (CHORUS's default; an update without the field stores `""`).
    #[default]
    Ready,
    Beta,
    Alpha,
    /// Switched off: not offered.
    Off,
    /// Another value, as sent (trimmed).
    Other(String),
}

impl Stability {
    /// From the wire: case-insensitive, a protobuf prefix stripped.
    pub fn from_wire(s: &str) -> Self {
        match last_word(s).as_str() {
            "" | "ready" => Self::Ready,
            "beta" => Self::Beta,
            "alpha" => Self::Alpha,
            "off" => Self::Off,
            _ => Self::Other(s.trim().to_owned()),
        }
    }

    /// In words on a card: `Beta`, `Alpha`; an unknown value as written (at most 40
    /// characters); nothing for `ready`.
    pub fn words(&self) -> Option<String> {
        match self {
            Self::Ready | Self::Off => None,
            Self::Beta => Some("Beta".to_owned()),
            Self::Alpha => Some("Alpha".to_owned()),
            Self::Other(s) => {
                let s: String = shown_string(s).chars().take(40).collect();
                Some(format!("Stability: {s}"))
            }
        }
    }
}

/// `"APP_STATUS_ACTIVE"` → `"active"`, `" Beta "` → `"beta"`.
fn last_word(s: &str) -> String {
    let t = s.trim();
    let t = if t.contains('_') && t.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
        t.rsplit('_').next().unwrap_or(t)
    } else {
        t
    };
    t.to_ascii_lowercase()
}

/// One row of `GET /apps` (one version of an app), as the catalogue needs it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppRow {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `iconURL` as sent (checked by [`icon_source`] before it is drawn).
    pub icon_url: String,
    /// `iconBackgroundColor` as sent (checked by [`plain_colour`]).
    pub icon_background: String,
    pub image_name: String,
    pub tag: String,
    pub status: AppStatus,
    pub stability: Stability,
    /// `category` as sent (trimmed when used).
    pub category: String,
    /// `groupedVersions` as sent (`id`, `dockerImageTag`); empty when asked ungrouped.
    pub grouped: Vec<(String, String)>,
}

impl AppRow {
    /// Whether this version is offered to researchers.
    pub fn offered(&self) -> bool {
        matches!(self.status, AppStatus::Active | AppStatus::Other)
            && self.stability != Stability::Off
    }

    /// The version as a session's app tabs know it (`Open app`, a tab's name and icon).
    pub fn tab_app(&self) -> super::tabs::App {
        let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
        super::tabs::App {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            icon_url: match icon_source(self) {
                Icon::Image(src) => Some(src),
                Icon::Letter(_) => None,
            },
            docker_image_name: non_empty(&self.image_name),
            docker_image_tag: non_empty(&self.tag),
        }
    }
}

/// CHORUS's grouping key (`internal/api/v1/app-controller.go` `getGroupingAttribute`).
pub fn group_key(row: &AppRow) -> String {
    if row.image_name == "apps/kiosk" {
        format!("kiosk-{}", row.name.to_lowercase())
    } else {
        row.image_name.clone()
    }
}

/// One app of the catalogue: its versions offered, newest (highest id) first. The card shows
/// the chosen version's record; `versions[0]` is the default.
#[derive(Clone, Debug, PartialEq)]
pub struct CatalogueApp {
    pub versions: Vec<AppRow>,
}

impl CatalogueApp {
    /// The newest version (what the card shows until another is chosen).
    pub fn newest(&self) -> &AppRow {
        &self.versions[0]
    }

    /// The version with id `id`, else the newest.
    pub fn version(&self, id: &str) -> &AppRow {
        self.versions
            .iter()
            .find(|v| v.id == id)
            .unwrap_or(self.newest())
    }

    /// The `Version` select's options: (app id, label). The label is the tag (`(no tag)` when
    /// empty); a tag two versions share gets the id after it.
    pub fn version_options(&self) -> Vec<(String, String)> {
        let tag = |v: &AppRow| {
            let t = v.tag.trim();
            if t.is_empty() {
                "(no tag)".to_owned()
            } else {
                shown_string(t)
            }
        };
        self.versions
            .iter()
            .map(|v| {
                let label = tag(v);
                let shared = self.versions.iter().filter(|o| tag(o) == label).count() > 1;
                let label = if shared {
                    format!("{label} (#{})", v.id)
                } else {
                    label
                };
                (v.id.clone(), label)
            })
            .collect()
    }
}

/// Groups rows (of every page) into the apps researchers are offered, sorted by name: one per
/// [`group_key`], with every version offered (a `groupedVersions` entry not listed as a row of
/// its own becomes a version with the listed row's other fields), newest first. Rows without an
/// id are dropped; a group with no version offered is hidden.
pub fn group(rows: Vec<AppRow>) -> Vec<CatalogueApp> {
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<AppRow>> = HashMap::new();
    let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut extra: Vec<AppRow> = Vec::new();
    for row in rows {
        if row.id.trim().is_empty() || !listed.insert(row.id.clone()) {
            continue;
        }
        for (id, tag) in &row.grouped {
            extra.push(AppRow {
                id: id.clone(),
                tag: tag.clone(),
                status: AppStatus::Active,
                grouped: Vec::new(),
                ..row.clone()
            });
        }
        let key = group_key(&row);
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(AppRow {
            grouped: Vec::new(),
            ..row
        });
    }
    for row in extra {
        if row.id.trim().is_empty() || !listed.insert(row.id.clone()) {
            continue;
        }
        groups.entry(group_key(&row)).or_default().push(row);
    }
    let mut out: Vec<CatalogueApp> = order
        .into_iter()
        .filter_map(|k| groups.remove(&k))
        .filter_map(|mut versions| {
            versions.retain(AppRow::offered);
            sort_small(&mut versions, |a, b| id_order(&b.id, &a.id));
            (!versions.is_empty()).then_some(CatalogueApp { versions })
        })
        .collect();
    sort_small(&mut out, |a, b| {
        let fold = |s: &str| s.trim().to_lowercase();
        fold(&a.newest().name)
            .cmp(&fold(&b.newest().name))
            .then_with(|| id_order(&a.newest().id, &b.newest().id))
    });
    out
}

/// A category tab: `All`, or one of the apps' own categories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tab {
    All,
    /// The category compared case-insensitively (`key`, trimmed lower case), shown as `label`.
    Category {
        key: String,
        label: String,
    },
}

impl Tab {
    /// The tab's name.
    pub fn label(&self) -> String {
        match self {
            Tab::All => "All".to_owned(),
            Tab::Category { label, .. } => label.clone(),
        }
    }

    /// Whether `app` (its newest version's category) is in this tab.
    pub fn holds(&self, app: &CatalogueApp) -> bool {
        match self {
            Tab::All => true,
            Tab::Category { key, .. } => category_key(&app.newest().category) == *key,
        }
    }
}

fn category_key(c: &str) -> String {
    c.trim().to_lowercase()
}

/// The tabs: `All` first, then each category of `apps` once (case-insensitively, as first
/// spelt), sorted; an empty category has no tab of its own (its apps are under `All`).
pub fn tabs(apps: &[CatalogueApp]) -> Vec<Tab> {
    let mut seen = std::collections::HashSet::new();
    let mut cats: Vec<Tab> = Vec::new();
    for app in apps {
        let raw = app.newest().category.trim();
        let key = category_key(raw);
        if key.is_empty() || !seen.insert(key.clone()) {
            continue;
        }
        cats.push(Tab::Category {
            key,
            label: shown_string(raw),
        });
    }
    sort_small(&mut cats, |a, b| match (a, b) {
        (Tab::Category { key: x, label: l }, Tab::Category { key: y, label: m }) => {
            x.cmp(y).then_with(|| l.cmp(m))
        }
        _ => std::cmp::Ordering::Equal,
    });
    let mut out = vec![Tab::All];
    out.extend(cats);
    out
}

/// Whether `app` matches a search: every word of `query` (case-insensitively) is found in its
/// newest version's name, description or category. An empty query matches all.
pub fn matches(app: &CatalogueApp, query: &str) -> bool {
    let v = app.newest();
    let hay = format!("{}\n{}\n{}", v.name, v.description, v.category).to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|w| hay.contains(w))
}

/// The positions (in `apps`) shown for a tab and a search.
pub fn shown(apps: &[CatalogueApp], tab: &Tab, query: &str) -> Vec<usize> {
    apps.iter()
        .enumerate()
        .filter(|(_, a)| tab.holds(a) && matches(a, query))
        .map(|(i, _)| i)
        .collect()
}

/// `12 apps.`, `3 of 12 apps match.`, `No app matches “x”.` (the catalogue's count line).
pub fn count_words(shown: usize, total: usize, filtered: bool, query: &str) -> String {
    let apps = |n: usize| {
        if n == 1 {
            "1 app".to_owned()
        } else {
            format!("{} apps", super::text::grouped(n as u64))
        }
    };
    if !filtered {
        return format!("{}.", apps(total));
    }
    match shown {
        0 if !query.trim().is_empty() => {
            format!("No app matches “{}”.", shown_string(query.trim()))
        }
        0 => "No app in this category.".to_owned(),
        1 => format!("1 of {} matches.", apps(total)),
        n => format!(
            "{} of {} match.",
            super::text::grouped(n as u64),
            apps(total)
        ),
    }
}

/// What to draw as an app's icon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Icon {
    /// An `<img src>`: an `http(s)` URL or a `data:image/…` URI.
    Image(String),
    /// A letter badge (the name's first letter or digit, `?` for none).
    Letter(String),
}

/// The icon of a version: its `iconURL` when it is an `http://`/`https://` URL or a
/// `data:image/` URI (not longer than [`MAX_ICON_DATA_CHARS`]), else the letter of its name.
/// (`javascript:`, other data types, relative paths and markup are never used.) Whether the
/// deployment shows it is `app_icon::drawable`'s question.
pub fn icon_source(row: &AppRow) -> Icon {
    match safe_icon_src(&row.icon_url) {
        Some(src) => Icon::Image(src.to_owned()),
        None => Icon::Letter(letter_of(&row.name)),
    }
}

/// An `iconURL` an `<img>` may be given (see [`icon_source`]), trimmed.
pub fn safe_icon_src(icon_url: &str) -> Option<&str> {
    let url = icon_url.trim();
    let lower: String = url
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let web = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"');
    let data = lower.starts_with("data:image/")
        && url.len() <= MAX_ICON_DATA_CHARS
        && !url.chars().any(|c| c.is_control() || c == '"');
    (web || data).then_some(url)
}

/// The letter drawn for an app without an icon it can show: its name's first letter or digit,
/// upper case, `?` for none.
pub fn letter_of(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_else(|| "?".to_owned())
}

/// `iconBackgroundColor` when it is a plain CSS colour: `#rgb`, `#rgba`, `#rrggbb`,
/// `#rrggbbaa`, a colour name (letters only), or `rgb()`/`rgba()`/`hsl()`/`hsla()` of numbers.
/// Anything else (`url(…)`, `var(…)`, a `;`, an expression) is `None`: no background.
pub fn plain_colour(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Some(hex) = s.strip_prefix('#') {
        return (matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| s.to_owned());
    }
    if s.chars().all(|c| c.is_ascii_alphabetic()) && s.len() <= 24 {
        return Some(s.to_ascii_lowercase());
    }
    let lower = s.to_ascii_lowercase();
    for f in ["rgb(", "rgba(", "hsl(", "hsla("] {
        if let Some(inner) = lower.strip_prefix(f).and_then(|r| r.strip_suffix(')')) {
            let ok = !inner.trim().is_empty()
                && inner.chars().all(|c| {
                    c.is_ascii_digit()
                        || matches!(c, ' ' | ',' | '.' | '%' | '/' | '-')
                        || c == 'd'
                        || c == 'e'
                        || c == 'g' // `deg`
                });
            return ok.then_some(lower);
        }
    }
    None
}

#[cfg(test)]
#[path = "app_catalogue_tests.rs"]
mod tests;
