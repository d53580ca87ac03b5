//! The desktop tuned to the researcher, within the workspace's policy (ui.md, "The desktop's own
//! settings"; api.md, "The desktop's parameters"): what the researcher chose (a keyboard layout,
//! Cmd and Ctrl swapped, sound, picture quality…), what the workspace and the deployment allow
//! (the clipboard, moving files), and the frame both make: the query of the desktop's address
//! and the iframe's `sandbox` and `allow`.
//!
//! - `Automatic` picks the layout from the browser's languages, region first: `fr-CH` is Swiss,
//!   `fr` French, `en-GB` British, `en` US ([`layout_for_languages`]).
//! - Cmd and Ctrl are swapped by default on a Mac ([`is_mac`]), as the Xpra client does itself.
//! - `clipboard=false` and no `clipboard-write` unless the workspace allows the clipboard
//!   (`clipboard-write` only toward the researcher's machine: `to-client`, `both`); no
//!   `file_transfer`, `printing` or `allow-downloads` unless the deployment allows moving files
//!   through the desktop (`desktopFileTransfer`: data leaves through the airlock).
//!
//! Parameter names checked against `Xpra-org/xpra-html5`'s `html5/index.html` (v17.1, v17.2,
//! v18.1 and its head: the same names and defaults).
use crate::domain::workspace_settings::Clipboard;

/// The ten keyboard layouts offered by name, in the order the select lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Ch,
    Fr,
    De,
    It,
    Us,
    Gb,
    Es,
    Pt,
    Be,
    Nl,
}

impl Layout {
    pub const ALL: [Layout; 10] = [
        Layout::Ch,
        Layout::Fr,
        Layout::De,
        Layout::It,
        Layout::Us,
        Layout::Gb,
        Layout::Es,
        Layout::Pt,
        Layout::Be,
        Layout::Nl,
    ];

    /// The value of `keyboard_layout` (an X keyboard layout name).
    pub fn code(self) -> &'static str {
        match self {
            Layout::Ch => "ch",
            Layout::Fr => "fr",
            Layout::De => "de",
            Layout::It => "it",
            Layout::Us => "us",
            Layout::Gb => "gb",
            Layout::Es => "es",
            Layout::Pt => "pt",
            Layout::Be => "be",
            Layout::Nl => "nl",
        }
    }

    /// Its name in the select.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Ch => "Swiss",
            Layout::Fr => "French",
            Layout::De => "German",
            Layout::It => "Italian",
            Layout::Us => "US",
            Layout::Gb => "UK",
            Layout::Es => "Spanish",
            Layout::Pt => "Portuguese",
            Layout::Be => "Belgian",
            Layout::Nl => "Dutch",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The layout of a country (ISO 3166 code, any case), if it is one of the ten.
    fn of_region(region: &str) -> Option<Self> {
        let r = region.to_ascii_lowercase();
        match r.as_str() {
            "uk" => Some(Layout::Gb),
            _ => Self::from_code(&r),
        }
    }

    /// The layout of a language (ISO 639 code, any case), if one of the ten is its own.
    fn of_language(language: &str) -> Option<Self> {
        match language.to_ascii_lowercase().as_str() {
            "fr" => Some(Layout::Fr),
            "de" => Some(Layout::De),
            "it" => Some(Layout::It),
            "en" => Some(Layout::Us),
            "es" => Some(Layout::Es),
            "pt" => Some(Layout::Pt),
            "nl" => Some(Layout::Nl),
            _ => None,
        }
    }
}

/// `Automatic`: the layout of the first of the browser's languages (`navigator.languages`, in
/// order) that names one, its region first (`fr-CH` → Swiss, `de-AT` → German, `en-GB` → UK),
/// else US.
pub fn layout_for_languages<'a>(languages: impl IntoIterator<Item = &'a str>) -> Layout {
    for tag in languages {
        let mut parts = tag.trim().split(['-', '_']);
        let language = parts.next().unwrap_or_default();
        // The region is the first two-letter subtag after the language (a script such as
        // `Latn` is four letters; a variant is longer).
        let region = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
        if let Some(l) = region.and_then(Layout::of_region) {
            return l;
        }
        if let Some(l) = Layout::of_language(language) {
            return l;
        }
    }
    Layout::Us
}

/// Whether a user agent is a Mac's (where Cmd plays Ctrl's part), not an iPhone's.
pub fn is_mac(user_agent: &str) -> bool {
    (user_agent.contains("Macintosh") || user_agent.contains("Mac OS X"))
        && !user_agent.contains("iPhone")
}

/// `encoding`: the picture quality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Quality {
    #[default]
    Auto,
    Webp,
    Jpeg,
    Png,
    Rgb,
}

impl Quality {
    pub const ALL: [Quality; 5] = [
        Quality::Auto,
        Quality::Webp,
        Quality::Jpeg,
        Quality::Png,
        Quality::Rgb,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Quality::Auto => "auto",
            Quality::Webp => "webp",
            Quality::Jpeg => "jpeg",
            Quality::Png => "png",
            Quality::Rgb => "rgb",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Quality::Auto => "Automatic",
            Quality::Webp => "WebP",
            Quality::Jpeg => "JPEG",
            Quality::Png => "PNG",
            Quality::Rgb => "Uncompressed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.code() == code)
    }
}

/// `bandwidth_limit`: bits per second, 0 for none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Bandwidth {
    #[default]
    None,
    Mbit100,
    Mbit10,
    Mbit1,
}

impl Bandwidth {
    pub const ALL: [Bandwidth; 4] = [
        Bandwidth::None,
        Bandwidth::Mbit100,
        Bandwidth::Mbit10,
        Bandwidth::Mbit1,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Bandwidth::None => "0",
            Bandwidth::Mbit100 => "100000000",
            Bandwidth::Mbit10 => "10000000",
            Bandwidth::Mbit1 => "1000000",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bandwidth::None => "No limit",
            Bandwidth::Mbit100 => "100 Mbit/s",
            Bandwidth::Mbit10 => "10 Mbit/s",
            Bandwidth::Mbit1 => "1 Mbit/s",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.code() == code)
    }
}

/// What the researcher chose for one session's desktop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesktopSettings {
    /// `None`: `Automatic` (from the browser's languages).
    pub layout: Option<Layout>,
    /// `None`: the platform's default (on for a Mac).
    pub swap_keys: Option<bool>,
    /// The on-screen keyboard.
    pub keyboard: bool,
    pub sound: bool,
    pub quality: Quality,
    pub bandwidth: Bandwidth,
    pub offscreen: bool,
}

impl Default for DesktopSettings {
    fn default() -> Self {
        Self {
            layout: None,
            swap_keys: None,
            keyboard: false,
            sound: true,
            quality: Quality::Auto,
            bandwidth: Bandwidth::None,
            offscreen: true,
        }
    }
}

fn flag(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

impl DesktopSettings {
    /// As kept in the browser's storage: the choices made, as a query (`layout=ch&sound=false`).
    pub fn to_stored(&self) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.layout {
            parts.push(format!("layout={}", l.code()));
        }
        if let Some(s) = self.swap_keys {
            parts.push(format!("swap_keys={}", flag(s)));
        }
        parts.push(format!("keyboard={}", flag(self.keyboard)));
        parts.push(format!("sound={}", flag(self.sound)));
        parts.push(format!("encoding={}", self.quality.code()));
        parts.push(format!("bandwidth_limit={}", self.bandwidth.code()));
        parts.push(format!("offscreen={}", flag(self.offscreen)));
        parts.join("&")
    }

    /// Read back from [`Self::to_stored`]; what is missing or unknown keeps its default.
    pub fn from_stored(text: &str) -> Self {
        let mut s = Self::default();
        for pair in text.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let b = match v {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            };
            match k {
                "layout" => s.layout = Layout::from_code(v),
                "swap_keys" => s.swap_keys = b,
                "keyboard" => s.keyboard = b.unwrap_or(s.keyboard),
                "sound" => s.sound = b.unwrap_or(s.sound),
                "encoding" => s.quality = Quality::from_code(v).unwrap_or(s.quality),
                "bandwidth_limit" => s.bandwidth = Bandwidth::from_code(v).unwrap_or(s.bandwidth),
                "offscreen" => s.offscreen = b.unwrap_or(s.offscreen),
                _ => {}
            }
        }
        s
    }
}

/// What the browser says of itself: its languages (in order) and whether it is a Mac's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browser {
    pub languages: Vec<String>,
    pub mac: bool,
}

impl Browser {
    /// What `Automatic` resolves to here.
    pub fn layout(&self) -> Layout {
        layout_for_languages(self.languages.iter().map(String::as_str))
    }
}

/// What the workspace and the deployment allow the desktop.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DesktopPolicy {
    /// The workspace's `clipboard`; `None` (not sent, or the workspace could not be read) is
    /// taken as `disabled`.
    pub clipboard: Option<Clipboard>,
    /// The deployment allows moving files through the desktop (`desktopFileTransfer`).
    pub file_transfer: bool,
}

/// The desktop's sandbox: its client, its own origin (WebSocket and storage), forms, pointer
/// lock and dialogs; downloads only where files may leave through it.
pub const DESKTOP_SANDBOX: &str =
    "allow-scripts allow-same-origin allow-forms allow-pointer-lock allow-modals";
const DESKTOP_SANDBOX_DOWNLOADS: &str =
    "allow-scripts allow-same-origin allow-forms allow-pointer-lock allow-modals allow-downloads";
/// Features delegated to the desktop: full screen and sound; copying out (`clipboard-write`)
/// only where the clipboard goes toward the researcher's machine. Never `clipboard-read`.
pub const DESKTOP_ALLOW: &str = "fullscreen; autoplay";
const DESKTOP_ALLOW_CLIPBOARD: &str = "clipboard-write; fullscreen; autoplay";

impl DesktopPolicy {
    /// The client may use the clipboard at all (`clipboard=true`): any direction the workspace
    /// allows (the pod's server enforces which).
    pub fn clipboard_on(&self) -> bool {
        matches!(
            self.clipboard,
            Some(Clipboard::ToServer | Clipboard::ToClient | Clipboard::Both)
        )
    }

    /// The frame may write the researcher's clipboard: only toward their machine.
    pub fn clipboard_out(&self) -> bool {
        matches!(self.clipboard, Some(Clipboard::ToClient | Clipboard::Both))
    }

    pub fn sandbox(&self) -> &'static str {
        if self.file_transfer {
            DESKTOP_SANDBOX_DOWNLOADS
        } else {
            DESKTOP_SANDBOX
        }
    }

    pub fn allow(&self) -> &'static str {
        if self.clipboard_out() {
            DESKTOP_ALLOW_CLIPBOARD
        } else {
            DESKTOP_ALLOW
        }
    }

    /// The clipboard, in words, as the workspace sets it.
    pub fn clipboard_words(&self) -> &'static str {
        match self.clipboard {
            Some(Clipboard::ToServer) => {
                "Into the session only: text copied on your computer can be pasted in the desktop."
            }
            Some(Clipboard::ToClient) => {
                "Out of the session only: text copied in the desktop can be pasted on your computer."
            }
            Some(Clipboard::Both) => "Both ways, into the session and out of it.",
            _ => "Off: nothing is copied in or out of the desktop.",
        }
    }

    /// Whether files may be moved through the desktop, in words.
    pub fn files_words(&self) -> &'static str {
        if self.file_transfer {
            "Files may be moved in and out through the desktop (this deployment allows it)."
        } else {
            "Files cannot be moved in or out through the desktop: data leaves the workspace through a reviewed request."
        }
    }
}

/// A desktop's frame: its address and what its iframe is allowed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DesktopFrame {
    pub src: String,
    pub sandbox: &'static str,
    pub allow: &'static str,
}

/// The desktop's query parameters (api.md's table), in its order.
pub fn params(
    settings: &DesktopSettings,
    browser: &Browser,
    policy: &DesktopPolicy,
) -> Vec<(&'static str, String)> {
    let layout = settings.layout.unwrap_or_else(|| browser.layout());
    let swap = settings.swap_keys.unwrap_or(browser.mac);
    vec![
        ("keyboard_layout", layout.code().to_owned()),
        ("keyboard", flag(settings.keyboard).to_owned()),
        ("swap_keys", flag(swap).to_owned()),
        ("clipboard", flag(policy.clipboard_on()).to_owned()),
        ("encoding", settings.quality.code().to_owned()),
        ("offscreen", flag(settings.offscreen).to_owned()),
        ("bandwidth_limit", settings.bandwidth.code().to_owned()),
        ("file_transfer", flag(policy.file_transfer).to_owned()),
        ("printing", flag(policy.file_transfer).to_owned()),
        ("sound", flag(settings.sound).to_owned()),
    ]
}

/// The frame of the desktop served at `stream_url` (which has no query of its own).
pub fn desktop_frame(
    stream_url: &str,
    settings: &DesktopSettings,
    browser: &Browser,
    policy: &DesktopPolicy,
) -> DesktopFrame {
    let query: Vec<String> = params(settings, browser, policy)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let sep = if stream_url.contains('?') { '&' } else { '?' };
    DesktopFrame {
        src: format!("{stream_url}{sep}{}", query.join("&")),
        sandbox: policy.sandbox(),
        allow: policy.allow(),
    }
}

/// The value of parameter `name` in address `src`.
pub fn param<'a>(src: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = src.split_once('?')?;
    query
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether what the workspace or the deployment allows differs between two frames (the
/// clipboard, files, printing, the iframe's permissions), rather than only the researcher's
/// own choices.
pub fn policy_differs(a: &DesktopFrame, b: &DesktopFrame) -> bool {
    a.sandbox != b.sandbox
        || a.allow != b.allow
        || ["clipboard", "file_transfer", "printing"]
            .iter()
            .any(|n| param(&a.src, n) != param(&b.src, n))
}

#[cfg(test)]
#[path = "desktop_settings_tests.rs"]
mod tests;
