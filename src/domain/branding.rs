//! The platform's branding and limits as both UIs keep them (api.md §4): the dev store's global
//! keys `instance.*` that chorus-web-ui reads and writes (a name, a headline, a tagline, a
//! website, the logos as JSON `{"light","dark"}`, the colours of each theme as JSON, the default
//! theme, the limits as JSON), and CHORUS's own record (`/platform-settings`: title, headline,
//! tagline, website, three uint32 limits, `0` = none).
//!
//! A stored value that is not JSON, or not of the shape chorus-web-ui writes, is said in words
//! ([`parse_logo`], [`parse_theme`], [`parse_limits`], [`parse_default_theme`]) and left alone
//! until the user changes that field. A logo is a PNG, JPEG or WebP file of at most 512 KB,
//! checked by its size before it is read and by its first bytes after (`cover_image`'s rules),
//! kept as a data URI; a stored path of this site outside the API is shown too, nothing else
//! ([`shown_logo`]). A colour is used only when it
//! is one ([`valid_colour`]): nothing else reaches the page's style.

use serde_json::{Map, Value};

use super::cover_image;

/// The dev store's global keys.
pub const NAME: &str = "instance.name";
pub const HEADLINE: &str = "instance.headline";
pub const TAGLINE: &str = "instance.tagline";
pub const WEBSITE: &str = "instance.website";
pub const LOGO: &str = "instance.logo";
pub const THEME: &str = "instance.theme";
pub const DEFAULT_THEME: &str = "instance.defaultTheme";
pub const LIMITS: &str = super::limits::KEY;

/// The colours of a theme chorus-web-ui keeps, with their labels.
pub const COLOURS: [(&str, &str); 7] = [
    ("primary", "Primary"),
    ("secondary", "Secondary"),
    ("accent", "Accent"),
    ("background", "Background"),
    ("foreground", "Foreground"),
    ("muted", "Muted"),
    ("destructive", "Destructive"),
];

/// Which CSS variable of the console (style/main.css) a colour sets.
fn variable(colour: &str) -> Option<&'static str> {
    Some(match colour {
        "primary" => "--accent",
        "secondary" => "--surface-2",
        "accent" => "--accent-soft",
        "background" => "--bg",
        "foreground" => "--text",
        "muted" => "--muted",
        "destructive" => "--danger",
        _ => return None,
    })
}

/// The two themes.
pub const MODES: [(&str, &str); 2] = [("light", "Light theme"), ("dark", "Dark theme")];

/// The logos: each a data URI or a URL, `None` when there is none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Logo {
    pub light: Option<String>,
    pub dark: Option<String>,
}

/// Reads `instance.logo`. `Err` says in words why it cannot be read.
pub fn parse_logo(raw: &str) -> Result<Logo, String> {
    let bad = || {
        "The stored logos are not of the form the platform keeps (JSON with \"light\" and \"dark\"), so none is shown. Choosing a logo replaces them.".to_owned()
    };
    let v: Value = serde_json::from_str(raw).map_err(|_| bad())?;
    let obj = v.as_object().ok_or_else(bad)?;
    let one = |k: &str| match obj.get(k) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad()),
    };
    Ok(Logo {
        light: one("light")?,
        dark: one("dark")?,
    })
}

/// `instance.logo` as chorus-web-ui writes it.
pub fn logo_json(logo: &Logo) -> String {
    serde_json::json!({"light": logo.light, "dark": logo.dark}).to_string()
}

/// A stored logo as an `<img>` may show it (issue 55): a base64 data URI of a PNG, JPEG or WebP
/// image, or a path of this site outside the API (no segment `api`, in any case), without
/// quotes, spaces, angle brackets, backslashes, percent-escapes or `.`/`..` segments (a browser
/// or the proxy would turn `/x/../api/…`, `/%61pi/…` or `\api\…` into the API). Nothing else:
/// every header and the login page draw the logo, and an image of the API would be asked with
/// each user's cookie; a URL of another site would tell it who opens the console.
pub fn shown_logo(stored: &str) -> Option<&str> {
    let s = stored.trim();
    if let Some(data) = s
        .strip_prefix("data:image/png;base64,")
        .or_else(|| s.strip_prefix("data:image/jpeg;base64,"))
        .or_else(|| s.strip_prefix("data:image/webp;base64,"))
    {
        let base64 = !data.is_empty()
            && data
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        return base64.then_some(s);
    }
    let clean = s.len() <= 2048
        && s.starts_with('/')
        && !s.starts_with("//")
        && s.chars().all(|c| {
            c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`' | '%')
        });
    let path = s.split(['?', '#']).next().unwrap_or("");
    let outside_api = path
        .split('/')
        .all(|seg| !seg.eq_ignore_ascii_case("api") && seg != "." && seg != "..");
    (clean && outside_api).then_some(s)
}

/// The logo a theme shows: its own, else the other one.
pub fn logo_for(logo: &Logo, dark: bool) -> Option<&str> {
    let (mine, other) = if dark {
        (&logo.dark, &logo.light)
    } else {
        (&logo.light, &logo.dark)
    };
    mine.as_deref()
        .and_then(shown_logo)
        .or_else(|| other.as_deref().and_then(shown_logo))
}

/// Words of a logo check: the cover's rules, said of a logo.
fn of_logo(words: String) -> String {
    words.replace("The cover must", "The logo must")
}

/// The check before reading a logo file: its type as the browser says it and its size.
pub fn check_logo_file(mime: &str, size: u64) -> Result<(), String> {
    cover_image::check_file(mime, size).map_err(of_logo)
}

/// The check after reading: the bytes (sniffed) → the data URI to store.
pub fn logo_data_uri(mime: &str, bytes: &[u8]) -> Result<String, String> {
    cover_image::cover_data_uri(mime, bytes).map_err(of_logo)
}

/// Whether `s` is a colour a style may carry: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, a CSS
/// colour function (`rgb(…)`, `hsl(…)`, `oklch(…)`, …) of numbers, or a bare HSL triple as
/// shadcn themes keep them (`222.2 47.4% 11.2%`). Nothing that could end a declaration.
pub fn valid_colour(s: &str) -> bool {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let numbers = |body: &str| {
        !body.trim().is_empty()
            && body.len() <= 64
            && body
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'.' | b'%' | b',' | b'/' | b'-'))
    };
    for f in [
        "rgb(", "rgba(", "hsl(", "hsla(", "hwb(", "lab(", "lch(", "oklab(", "oklch(",
    ] {
        if let Some(body) = s.strip_prefix(f).and_then(|r| r.strip_suffix(')')) {
            return numbers(body);
        }
    }
    bare_hsl(s)
}

/// `222.2 47.4% 11.2%`: three plain decimals (a sign, digits, at most one point), the last two
/// percentages. Read by their characters: `str::parse::<f64>` brought core's float parsing and
/// its tables into the header's chunk and the app administration's (about 15 KB gzip, issue 58).
fn bare_hsl(s: &str) -> bool {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let num = |p: &str| {
        let p = p.strip_prefix(['-', '+']).unwrap_or(p);
        let (int, frac) = p.split_once('.').unwrap_or((p, ""));
        !(int.is_empty() && frac.is_empty())
            && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    };
    parts.len() == 3
        && num(parts[0])
        && parts[1..]
            .iter()
            .all(|p| p.strip_suffix('%').is_some_and(num))
}

/// A colour as CSS reads it (a bare triple wrapped in `hsl()`); `None` when it is not one.
pub fn css_colour(s: &str) -> Option<String> {
    let s = s.trim();
    if !valid_colour(s) {
        return None;
    }
    Some(if bare_hsl(s) {
        format!("hsl({s})")
    } else {
        s.to_owned()
    })
}

/// `#rrggbb` for a colour input, when the stored colour is one (`#abc` spelled out).
pub fn hex6(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_lowercase()
        )),
        _ => None,
    }
}

/// `instance.theme`: each theme's colours, with whatever else chorus-web-ui keeps beside them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    pub light: Map<String, Value>,
    pub dark: Map<String, Value>,
}

impl Theme {
    /// One colour as stored (`None`: not set, or not text).
    pub fn colour(&self, mode: &str, key: &str) -> Option<&str> {
        let m = if mode == "dark" {
            &self.dark
        } else {
            &self.light
        };
        m.get(key).and_then(Value::as_str)
    }

    pub fn set(&mut self, mode: &str, key: &str, value: &str) {
        let m = if mode == "dark" {
            &mut self.dark
        } else {
            &mut self.light
        };
        m.insert(key.to_owned(), Value::String(value.to_owned()));
    }

    /// The console's variables (style/main.css) that one theme sets, with their colours: only
    /// valid colours, in `COLOURS`' order. Each theme stands alone: a colour set only for the
    /// light theme leaves the dark one with the console's own (a light background under the
    /// dark theme's light text would be unreadable). Applied through the CSSOM
    /// (`state::branding`), never as a `<style>`, which the deployed `style-src 'self'` blocks.
    pub fn properties(&self, dark: bool) -> Vec<(&'static str, String)> {
        let m = if dark { &self.dark } else { &self.light };
        COLOURS
            .iter()
            .filter_map(|(k, _)| Some((variable(k)?, css_colour(m.get(*k)?.as_str()?)?)))
            .collect()
    }
}

/// Every variable a theme may set (to clear those of the theme before).
pub fn theme_variables() -> impl Iterator<Item = &'static str> {
    COLOURS.iter().filter_map(|(k, _)| variable(k))
}

/// Reads `instance.theme`. `Err` says in words why it cannot be read.
pub fn parse_theme(raw: &str) -> Result<Theme, String> {
    let bad = || {
        "The stored theme colours are not of the form the platform keeps (JSON with \"light\" and \"dark\" colours), so the console's own colours are used. Choosing a colour replaces them.".to_owned()
    };
    let v: Value = serde_json::from_str(raw).map_err(|_| bad())?;
    let obj = v.as_object().ok_or_else(bad)?;
    let mode = |k: &str| match obj.get(k) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(bad()),
    };
    Ok(Theme {
        light: mode("light")?,
        dark: mode("dark")?,
    })
}

/// `instance.theme` as chorus-web-ui writes it.
pub fn theme_json(theme: &Theme) -> String {
    serde_json::json!({"light": theme.light, "dark": theme.dark}).to_string()
}

/// The select `Default theme`: its values and labels.
pub const DEFAULT_THEMES: [(&str, &str); 3] =
    [("light", "Light"), ("dark", "Dark"), ("system", "System")];

/// Reads `instance.defaultTheme`: `light`, `dark` or `system` (any case).
pub fn parse_default_theme(raw: &str) -> Result<&'static str, String> {
    let t = raw.trim().to_ascii_lowercase();
    DEFAULT_THEMES
        .iter()
        .find(|(v, _)| *v == t)
        .map(|(v, _)| *v)
        .ok_or_else(|| {
            format!(
                "The stored default theme \"{}\" is not Light, Dark or System.",
                super::text::shown_string(&raw.chars().take(40).collect::<String>())
            )
        })
}

/// The limits as the form shows them: workspaces, sessions, app instances; `None`: no limit.
pub type LimitsForm = [Option<u64>; 3];

/// The JSON names of the three limits, in the form's order.
pub const LIMIT_KEYS: [&str; 3] = [
    "maxWorkspacesPerUser",
    "maxSessionsPerUser",
    "maxAppInstancesPerUser",
];

/// Reads `instance.limits` strictly, for the form: `Err` says in words what is wrong (the rest
/// of the platform reads such a value as no limit, `limits::Limits::parse`).
pub fn parse_limits(raw: &str) -> Result<LimitsForm, String> {
    let bad = |what: &str| {
        format!("The stored limits are not of the form the platform keeps ({what}), so no limit applies. Saving the limits replaces them.")
    };
    let v: Value = serde_json::from_str(raw).map_err(|_| bad("not JSON"))?;
    let obj = v.as_object().ok_or_else(|| bad("not a JSON object"))?;
    let mut out = [None; 3];
    for (slot, key) in out.iter_mut().zip(LIMIT_KEYS) {
        *slot = match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(n) => Some(
                n.as_u64()
                    .ok_or_else(|| bad(&format!("{key} is not a whole number of 0 or more")))?,
            ),
        };
    }
    Ok(out)
}

/// A limit as typed: empty is no limit; else a whole number from 0 to 4294967295 (CHORUS keeps
/// them as uint32).
pub fn parse_limit_input(label: &str, typed: &str) -> Result<Option<u64>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<u32>() {
        Ok(n) => Ok(Some(u64::from(n))),
        Err(_) => Err(format!(
            "{label} must be a whole number of 0 or more (at most 4294967295), or empty for no limit."
        )),
    }
}

/// `instance.limits` as chorus-web-ui writes it (`null`: no limit).
pub fn limits_json(limits: &LimitsForm) -> String {
    let mut m = Map::new();
    for (v, key) in limits.iter().zip(LIMIT_KEYS) {
        m.insert(key.to_owned(), v.map_or(Value::Null, Value::from));
    }
    Value::Object(m).to_string()
}

/// CHORUS's own record (`/platform-settings`): limits `0` = none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlatformSettings {
    pub title: String,
    pub headline: String,
    pub tagline: String,
    pub website_url: String,
    pub max_workspaces_per_user: u32,
    pub max_sessions_per_user: u32,
    pub max_app_instances_per_user: u32,
}

impl PlatformSettings {
    /// The record's limits as the form's (`0` is no limit).
    pub fn limits(&self) -> LimitsForm {
        [
            self.max_workspaces_per_user,
            self.max_sessions_per_user,
            self.max_app_instances_per_user,
        ]
        .map(|n| (n > 0).then_some(u64::from(n)))
    }

    /// The form's limits into the record (`None` → `0`; a limit of 0 cannot be said to CHORUS,
    /// whose `0` is none).
    pub fn set_limits(&mut self, limits: &LimitsForm) {
        let n = |v: Option<u64>| v.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
        self.max_workspaces_per_user = n(limits[0]);
        self.max_sessions_per_user = n(limits[1]);
        self.max_app_instances_per_user = n(limits[2]);
    }
}

/// A name as a page title and a header show it: trimmed, at most 80 characters, `None` when
/// empty.
pub fn shown_name(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty()).then(|| super::text::shown_string(&t.chars().take(80).collect::<String>()))
}

#[cfg(test)]
#[path = "branding_tests.rs"]
mod tests;
