//! Web links (ui.md, "web links"; api.md, "Web links" and "External web apps"): chorus-web-ui's
//! "external web apps", one JSON array under the global dev-store key `external_webapps`, items
//! `{"id","name","url","description"?,"iconUrl"?,"openInNewTab"?}`. Anyone may read the list
//! (no login needed); a write needs `setPlatformSettings` and replaces the whole array.
//!
//! Better than chorus-web-ui: a link opens in a new tab, never in a frame; only an `https:`
//! address becomes a link (one stored by another UI as `http:` or `javascript:` is shown as
//! text); a save applies one [`Change`] to the list as read again just before the write
//! ([`apply`]), so that another admin's edit of another link is kept and an edit of the same
//! link meanwhile is said, not overwritten. A stored value that cannot be read is an error in
//! words and nothing is written over it. Fields this console does not know are kept.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The dev-store key (global scope).
pub const KEY: &str = "external_webapps";
/// The longest name and description, in characters.
pub const NAME_MAX: usize = 80;
pub const DESCRIPTION_MAX: usize = 500;
const ADDRESS_MAX: usize = 2_000;

/// One link as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WebLink {
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "iconUrl", default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    #[serde(
        rename = "openInNewTab",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_in_new_tab: Option<bool>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl WebLink {
    /// The address to open, or `None` when the stored one is not a plain `https:` address.
    pub fn href(&self) -> Option<&str> {
        check_address(&self.url).ok().map(|_| self.url.trim())
    }

    /// An icon that may be shown: an `https:` address or a `data:image/…` URI.
    pub fn icon(&self) -> Option<&str> {
        self.icon_url
            .as_deref()
            .map(str::trim)
            .filter(|i| check_icon(i).is_ok() && !i.is_empty())
    }
}

/// Reads the stored value (`None`: not set, no links). A value that is not an array of links
/// is an error in words.
pub fn parse(raw: Option<&str>) -> Result<Vec<WebLink>, String> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(Vec::new());
    };
    serde_json::from_str::<Vec<WebLink>>(raw).map_err(|e| {
        format!("The stored web links could not be read ({e}). They are kept as they are.")
    })
}

/// The stored value of `list`.
pub fn to_value(list: &[WebLink]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".to_owned())
}

/// An address as kept: `https://host…`, nothing else (an `http:` address travels unencrypted;
/// `javascript:` and `data:` are no web pages). The reason in words when not.
pub fn check_address(raw: &str) -> Result<String, String> {
    let a = raw.trim();
    if a.is_empty() {
        return Err("An address is needed, starting with https://.".to_owned());
    }
    let Some(rest) = a
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &a[8..])
    else {
        return Err(
            "Only an https:// address can be a web link (http: travels unencrypted; javascript: and data: addresses are refused)."
                .to_owned(),
        );
    };
    if a.len() > ADDRESS_MAX {
        return Err(format!("An address is at most {ADDRESS_MAX} characters."));
    }
    if a.chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return Err(
            "An address may not hold spaces, backslashes or control characters.".to_owned(),
        );
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = !host.is_empty()
        && !host.contains('@')
        && host.split(':').next().is_some_and(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']'))
        });
    if !host_ok {
        return Err(
            "The address needs a host name after https:// (no user name or password in it)."
                .to_owned(),
        );
    }
    Ok(a.to_owned())
}

/// An icon: empty (none), an `https:` address or a `data:image/…` URI.
pub fn check_icon(raw: &str) -> Result<Option<String>, String> {
    let i = raw.trim();
    if i.is_empty() {
        return Ok(None);
    }
    let lower = i.get(..11).unwrap_or(i).to_ascii_lowercase();
    if lower.starts_with("data:image/") {
        return Ok(Some(i.to_owned()));
    }
    check_address(i)
        .map(Some)
        .map_err(|_| "An icon is an https:// address of an image (or left empty).".to_owned())
}

/// What the form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub name: String,
    pub address: String,
    pub description: String,
    pub icon: String,
}

/// Which field a refusal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Address,
    Description,
    Icon,
}

impl Draft {
    /// The form of a stored link.
    pub fn of(link: &WebLink) -> Self {
        Self {
            name: link.name.clone(),
            address: link.url.clone(),
            description: link.description.clone().unwrap_or_default(),
            icon: link.icon_url.clone().unwrap_or_default(),
        }
    }

    /// The link to store (over `base`: the link edited, whose other fields are kept; or a new
    /// one with `id`), or every refusal by field.
    pub fn check(&self, base: Option<&WebLink>, id: &str) -> Result<WebLink, Vec<(Field, String)>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        let n = name.chars().count();
        if n == 0 {
            errors.push((Field::Name, "A name is needed.".to_owned()));
        } else if n > NAME_MAX {
            errors.push((
                Field::Name,
                format!("A name is at most {NAME_MAX} characters."),
            ));
        }
        let url = check_address(&self.address).map_err(|e| errors.push((Field::Address, e)));
        let description = self.description.trim();
        if description.chars().count() > DESCRIPTION_MAX {
            errors.push((
                Field::Description,
                format!("A description is at most {DESCRIPTION_MAX} characters."),
            ));
        }
        let icon = check_icon(&self.icon).map_err(|e| errors.push((Field::Icon, e)));
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut link = base.cloned().unwrap_or(WebLink {
            id: id.to_owned(),
            name: String::new(),
            url: String::new(),
            description: None,
            icon_url: None,
            open_in_new_tab: None,
            other: Map::new(),
        });
        link.name = name.to_owned();
        link.url = url.unwrap_or_default();
        link.description = (!description.is_empty()).then(|| description.to_owned());
        link.icon_url = icon.ok().flatten();
        // Opened in a new tab, always (chorus-web-ui reads this).
        link.open_in_new_tab = Some(true);
        Ok(link)
    }
}

/// A change made in the form, with the link as it was when the form opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Create(WebLink),
    Edit { before: WebLink, after: WebLink },
    Delete(WebLink),
}

/// `fresh` (the list read just before the write) with `change` applied, or why not in words:
/// the link was changed or deleted meanwhile. Every other link stays as read.
pub fn apply(mut fresh: Vec<WebLink>, change: &Change) -> Result<Vec<WebLink>, String> {
    let at = |list: &[WebLink], id: &str| list.iter().position(|l| l.id == id);
    match change {
        Change::Create(link) => {
            if at(&fresh, &link.id).is_some() {
                return Err("A link with this id exists already: try again.".to_owned());
            }
            fresh.push(link.clone());
        }
        Change::Edit { before, after } => {
            let i = at(&fresh, &before.id).ok_or_else(|| {
                format!(
                    "{} was deleted by someone else meanwhile: nothing was saved.",
                    crate::domain::text::shown_string(&before.name)
                )
            })?;
            if fresh[i] != *before {
                return Err(changed(&fresh[i]));
            }
            fresh[i] = after.clone();
        }
        Change::Delete(before) => {
            let Some(i) = at(&fresh, &before.id) else {
                return Ok(fresh);
            };
            if fresh[i] != *before {
                return Err(changed(&fresh[i]));
            }
            fresh.remove(i);
        }
    }
    Ok(fresh)
}

fn changed(now: &WebLink) -> String {
    format!(
        "{} was changed by someone else meanwhile: nothing was saved. The list now shows their version; do it again to replace it.",
        crate::domain::text::shown_string(&now.name)
    )
}

#[cfg(test)]
#[path = "weblinks_tests.rs"]
mod tests;
