//! The catalogue admin's rules (`/admin/apps`; api.md §1 "Apps (the catalogue)"): an app as
//! read (a JSON object kept whole: CHORUS's update replaces the row, so every field the form
//! does not show goes back as it was), its words in the table, the form's fields, the resource
//! presets, the checks made before anything is sent, and the body sent.
use serde_json::{Map, Value};

use super::quantity;

/// An icon given inline (`data:` URI) may be at most this many characters (that of an uploaded
/// file of the largest size, `app_icon`): the row travels in every list of the catalogue (a
/// researcher's page reads them all).
pub use super::app_icon::MAX_ICON_DATA_CHARS;

/// The text of a field of an app as read: a string, a number as its digits, else `""`.
pub fn text(app: &Map<String, Value>, key: &str) -> String {
    match app.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// An app's image as CHORUS writes it, `registry/name:tag` (without a registry, `name:tag`).
pub fn image(app: &Map<String, Value>) -> String {
    let (reg, name, tag) = (
        text(app, "dockerImageRegistry"),
        text(app, "dockerImageName"),
        text(app, "dockerImageTag"),
    );
    if reg.is_empty() {
        format!("{name}:{tag}")
    } else {
        format!("{reg}/{name}:{tag}")
    }
}

/// Whether `fetched` (an app read by its id) is older than `known` (the same app as this page
/// has it, e.g. the reply of its own update): CHORUS keeps `GET /apps/{id}` a second, filled by
/// whoever read it, and a write does not clear it (`fixtures/chorus/apps_catalogue.json`,
/// `getAfterUpdate`), so a read right after a save can be the row from before it. Compared by
/// `updatedAt`; `false` when either cannot be read (then the read is taken, as before).
pub fn is_older(fetched: &Map<String, Value>, known: &Map<String, Value>) -> bool {
    let at = |app: &Map<String, Value>| super::time::parse_rfc3339_ms(&text(app, "updatedAt"));
    matches!((at(fetched), at(known)), (Some(f), Some(k)) if f < k)
}

/// An app's status in words (`active`, `inactive`, `deleted`; CHORUS stores it lower case).
pub fn status_words(status: &str) -> String {
    match status.to_ascii_lowercase().as_str() {
        "active" | "app_status_active" => "Active".into(),
        "inactive" | "app_status_inactive" => "Inactive".into(),
        "deleted" | "app_status_deleted" => "Deleted".into(),
        "" => "No status".into(),
        other => format!("Unknown status “{other}”"),
    }
}

/// Whether the app is offered to researchers (`active`).
pub fn is_active(app: &Map<String, Value>) -> bool {
    text(app, "status").eq_ignore_ascii_case("active")
}

/// The stabilities the form offers: the stored value and its words.
pub const STABILITIES: [(&str, &str); 4] = [
    ("ready", "Ready"),
    ("beta", "Beta"),
    ("alpha", "Alpha"),
    ("off", "Off"),
];

/// An app's stability in words (CHORUS stores any text: another one is quoted).
pub fn stability_words(stability: &str) -> String {
    let s = stability.trim();
    if s.is_empty() {
        return "Not set".into();
    }
    STABILITIES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(s))
        .map(|(_, w)| (*w).to_string())
        .unwrap_or_else(|| format!("“{s}”"))
}

/// The seven quantities of an app, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resources {
    pub min_cpu: String,
    pub max_cpu: String,
    pub min_memory: String,
    pub max_memory: String,
    pub min_ephemeral: String,
    pub max_ephemeral: String,
    pub shm: String,
}

/// chorus-web-ui's resource presets (api.md §1 "How the UI uses it"): they fill the seven
/// quantities; `Custom` leaves them to be typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Auto,
    Nano,
    Micro,
    Small,
    Medium,
    Large,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 7] = [
        Preset::Auto,
        Preset::Nano,
        Preset::Micro,
        Preset::Small,
        Preset::Medium,
        Preset::Large,
        Preset::Custom,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Preset::Auto => "Auto",
            Preset::Nano => "Nano",
            Preset::Micro => "Micro",
            Preset::Small => "Small",
            Preset::Medium => "Medium",
            Preset::Large => "Large",
            Preset::Custom => "Custom",
        }
    }

    pub fn from_label(s: &str) -> Preset {
        Preset::ALL
            .into_iter()
            .find(|p| p.label() == s)
            .unwrap_or(Preset::Custom)
    }

    /// The quantities the preset sets (`None` for `Custom`).
    pub fn resources(self) -> Option<Resources> {
        let sized = |cpu: (&str, &str), mem: (&str, &str)| Resources {
            min_cpu: cpu.0.into(),
            max_cpu: cpu.1.into(),
            min_memory: mem.0.into(),
            max_memory: mem.1.into(),
            min_ephemeral: "1Gi".into(),
            max_ephemeral: "10Gi".into(),
            shm: "2Gi".into(),
        };
        match self {
            Preset::Auto => Some(Resources::default()),
            Preset::Nano => Some(sized(("100m", "150m"), ("128Mi", "192Mi"))),
            Preset::Micro => Some(sized(("250m", "375m"), ("256Mi", "384Mi"))),
            Preset::Small => Some(sized(("500m", "750m"), ("512Mi", "768Mi"))),
            Preset::Medium => Some(sized(("500m", "750m"), ("1024Mi", "1536Mi"))),
            Preset::Large => Some(sized(("1.0", "1.5"), ("2048Mi", "3072Mi"))),
            Preset::Custom => None,
        }
    }

    /// The preset whose quantities these are, else `Custom`.
    pub fn of(r: &Resources) -> Preset {
        Preset::ALL
            .into_iter()
            .find(|p| p.resources().as_ref() == Some(r))
            .unwrap_or(Preset::Custom)
    }
}

/// The form: every field it shows, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppDraft {
    pub name: String,
    pub description: String,
    pub registry: String,
    pub image: String,
    pub tag: String,
    pub category: String,
    pub stability: String,
    pub icon_url: String,
    pub icon_background: String,
    pub web_address: String,
    /// A kiosk app's login: where it fetches its token, and the OIDC client it logs in as.
    pub jwt_url: String,
    pub jwt_client_id: String,
    pub resources: Resources,
}

/// A text part of the draft.
type Part = fn(&AppDraft) -> &String;

/// The wire name of each field the form shows, with the draft's part.
pub(crate) const SHOWN: [(&str, Part); 19] = [
    ("name", |d| &d.name),
    ("description", |d| &d.description),
    ("dockerImageRegistry", |d| &d.registry),
    ("dockerImageName", |d| &d.image),
    ("dockerImageTag", |d| &d.tag),
    ("category", |d| &d.category),
    ("stabilityStatus", |d| &d.stability),
    ("iconURL", |d| &d.icon_url),
    ("iconBackgroundColor", |d| &d.icon_background),
    ("browserConfigURL", |d| &d.web_address),
    ("browserConfigJWTURL", |d| &d.jwt_url),
    ("browserConfigJWTOIDCClientID", |d| &d.jwt_client_id),
    ("minCPU", |d| &d.resources.min_cpu),
    ("maxCPU", |d| &d.resources.max_cpu),
    ("minMemory", |d| &d.resources.min_memory),
    ("maxMemory", |d| &d.resources.max_memory),
    ("minEphemeralStorage", |d| &d.resources.min_ephemeral),
    ("maxEphemeralStorage", |d| &d.resources.max_ephemeral),
    ("shmSize", |d| &d.resources.shm),
];

/// Fields that are no app data: read-only (filled by a list, stamped by the backend).
const NOT_SENT: [&str; 3] = ["groupedVersions", "createdAt", "updatedAt"];

impl AppDraft {
    /// A new app's form: ready, no registry (CHORUS with its OCI client off takes none).
    pub fn new_app() -> AppDraft {
        AppDraft {
            stability: "ready".into(),
            ..AppDraft::default()
        }
    }

    /// The form of an app as read.
    pub fn of(app: &Map<String, Value>) -> AppDraft {
        let t = |k: &str| text(app, k);
        AppDraft {
            name: t("name"),
            description: t("description"),
            registry: t("dockerImageRegistry"),
            image: t("dockerImageName"),
            tag: t("dockerImageTag"),
            category: t("category"),
            stability: t("stabilityStatus"),
            icon_url: t("iconURL"),
            icon_background: t("iconBackgroundColor"),
            web_address: t("browserConfigURL"),
            jwt_url: t("browserConfigJWTURL"),
            jwt_client_id: t("browserConfigJWTOIDCClientID"),
            resources: Resources {
                min_cpu: t("minCPU"),
                max_cpu: t("maxCPU"),
                min_memory: t("minMemory"),
                max_memory: t("maxMemory"),
                min_ephemeral: t("minEphemeralStorage"),
                max_ephemeral: t("maxEphemeralStorage"),
                shm: t("shmSize"),
            },
        }
    }

    /// The body of `POST /apps` (`original` `None`: a new app, `status` `active`) or of
    /// `PUT /apps`: the app as read with the form's fields set, every other field (`status`,
    /// `tenantId`, `userId` and any this console does not know) as it was. Quantities and the image are sent trimmed.
    pub fn body(&self, original: Option<&Map<String, Value>>) -> Map<String, Value> {
        let mut out = original.cloned().unwrap_or_default();
        for k in NOT_SENT {
            out.remove(k);
        }
        if original.is_none() {
            out.insert("status".into(), Value::String("active".into()));
        }
        for (key, part) in SHOWN {
            let v = part(self);
            let v = match key {
                "name" | "description" | "category" => v.clone(),
                _ => v.trim().to_string(),
            };
            out.insert(key.into(), Value::String(v));
        }
        out
    }
}

/// A field of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Registry,
    Image,
    Tag,
    IconUrl,
    WebAddress,
    JwtUrl,
    MinCpu,
    MaxCpu,
    MinMemory,
    MaxMemory,
    MinEphemeral,
    MaxEphemeral,
    Shm,
}

/// A problem of the form, said next to its field.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field: Field,
    pub words: String,
}

fn size_words(chars: usize) -> String {
    if chars >= 1_000_000 {
        // In whole numbers: no float printing in the bundle for this (issue 58).
        let tenths = (chars as u64).saturating_mul(10);
        let tenths = super::files::round_even(tenths / 1_000_000, tenths % 1_000_000, 1_000_000);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    } else {
        format!("{} KB", chars.div_ceil(1000))
    }
}

/// Everything that would make the app unusable, found before sending: an empty name, image or
/// tag (researchers could not tell the app apart, Kubernetes could not pull it), an icon that is
/// no web or image data address or an inline one over [`MAX_ICON_DATA_CHARS`], a web address
/// that is not `http(s)`, a quantity Kubernetes would not read, a minimum above its maximum.
pub fn problems(d: &AppDraft) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut say = |field, words: String| out.push(Problem { field, words });
    if d.name.trim().is_empty() {
        say(Field::Name, "Give the app a name.".into());
    }
    if d.image.trim().is_empty() {
        say(
            Field::Image,
            "Give the image's name, e.g. apps/jupyterlab.".into(),
        );
    } else if d.image.trim().contains(char::is_whitespace) {
        say(Field::Image, "An image name holds no spaces.".into());
    }
    if d.tag.trim().is_empty() {
        say(Field::Tag, "Give the image's tag, e.g. 1.0.".into());
    } else if d.tag.trim().contains([' ', ':', '/']) {
        say(
            Field::Tag,
            "A tag holds no spaces, colons or slashes.".into(),
        );
    }
    if d.registry.trim().contains(['/', ' ']) {
        say(
            Field::Registry,
            "Only the registry's host name, e.g. registry.example.org (the path goes in Image name)."
                .into(),
        );
    }
    let icon = d.icon_url.trim();
    if icon.starts_with("data:") {
        if !icon.starts_with("data:image/") {
            say(
                Field::IconUrl,
                "An inline icon must be an image (data:image/…).".into(),
            );
        } else if icon.len() > MAX_ICON_DATA_CHARS {
            say(
                Field::IconUrl,
                format!(
                    "This inline icon is {}; at most {} is accepted. Upload a smaller image file instead.",
                    size_words(icon.len()),
                    size_words(MAX_ICON_DATA_CHARS)
                ),
            );
        }
    } else if !icon.is_empty() && !is_web(icon) {
        say(
            Field::IconUrl,
            "Upload an image file, or give a web address (https://…) or an inline image (data:image/…).".into(),
        );
    }
    let web = d.web_address.trim();
    if !web.is_empty() && !is_web(web) {
        say(
            Field::WebAddress,
            "Give a web address starting with https:// or http://.".into(),
        );
    }
    let jwt = d.jwt_url.trim();
    if !jwt.is_empty() && !is_web(jwt) {
        say(
            Field::JwtUrl,
            "Give a web address starting with https:// or http://.".into(),
        );
    }
    let r = &d.resources;
    let quantities = [
        (Field::MinCpu, &r.min_cpu),
        (Field::MaxCpu, &r.max_cpu),
        (Field::MinMemory, &r.min_memory),
        (Field::MaxMemory, &r.max_memory),
        (Field::MinEphemeral, &r.min_ephemeral),
        (Field::MaxEphemeral, &r.max_ephemeral),
        (Field::Shm, &r.shm),
    ];
    for (field, v) in quantities {
        if !v.trim().is_empty() {
            if let Err(e) = quantity::parse(v) {
                say(field, e);
            }
        }
    }
    for (field, lo, hi, what) in [
        (Field::MinCpu, &r.min_cpu, &r.max_cpu, "CPU"),
        (Field::MinMemory, &r.min_memory, &r.max_memory, "memory"),
        (
            Field::MinEphemeral,
            &r.min_ephemeral,
            &r.max_ephemeral,
            "ephemeral storage",
        ),
    ] {
        if let Some(w) = quantity::min_above_max(lo, hi, what) {
            say(field, w);
        }
    }
    out
}

fn is_web(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > "http://".len()
        && !s.contains(char::is_whitespace)
}

/// Where a refusal of the backend belongs: an image's (registry that does not match, image that
/// does not exist: api.md §1) goes next to the image fields, in words; `None` for another.
pub fn image_refusal(message: &str) -> Option<String> {
    let m = message;
    if let Some(i) = m.find("does not match configured registry") {
        let configured = m[i..].split('"').nth(1).unwrap_or_default().to_string();
        return Some(if configured.is_empty() {
            "The backend takes no image registry: it has none configured. Leave Image registry empty."
                .into()
        } else {
            format!("The backend takes images only from the registry {configured}, or with Image registry left empty.")
        });
    }
    if m.contains("does not exist") && m.contains("app image") {
        return Some("The registry has no such image: check the image's name and tag.".into());
    }
    if m.contains("unable to verify app image existence") {
        return Some(
            "The backend could not check the image in its registry: check the registry, name and tag, or try again later."
                .into(),
        );
    }
    None
}

#[cfg(test)]
#[path = "app_form_tests.rs"]
mod tests;
