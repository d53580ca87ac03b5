//! Runtime configuration: `/config.json` next to `index.html` (ui.md, "Runtime configuration").
//!
//! Every field is optional. A missing or invalid file, or an invalid field, gives the defaults and
//! a console warning, never a broken app. Parsing is pure ([`RuntimeConfig::parse`]) and tested
//! natively; [`load`] fetches the file once before the router renders.
use serde_json::Value;

/// What a ready app tab shows (`appView`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AppView {
    /// The app's own page (`/app-instances/{id}/stream/`, an extension).
    #[default]
    Instance,
    /// The session's desktop, where the app runs as a window (CHORUS has no per-app page).
    Desktop,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeConfig {
    /// Prefix of every API path, without a trailing slash (`""` = same origin).
    pub api_base_url: String,
    /// Prefix of the iframe pages (`…/stream/`), without a trailing slash; `""` = `apiBaseUrl`.
    /// Serve them from another origin than the console's (README, "Deploying").
    pub stream_base_url: String,
    /// What a ready app tab shows.
    pub app_view: AppView,
    /// Status polling interval.
    pub poll_interval_ms: u32,
    /// Give up waiting for `Running` after this long (wall time).
    pub start_timeout_ms: u64,
    /// Cap of the error back-off.
    pub backoff_max_ms: u32,
    /// Builds polling for the header indicator.
    pub build_poll_interval_ms: u32,
    /// How many ready session desktops stay alive (hidden) while the user is elsewhere
    /// (`desktopPoolSize`; 0 keeps none: a desktop lives only while its page is shown).
    pub desktop_pool_size: u8,
    /// Whether files may be moved in and out through a session's desktop (`desktopFileTransfer`,
    /// default false: data leaves a workspace through a reviewed request). On: the desktop's
    /// client gets `file_transfer=true` and `printing=true`, its frame `allow-downloads`.
    pub desktop_file_transfer: bool,
    /// `servicePresets` as the file has it, read by the services page
    /// (`domain::service_presets::ServicePresets::read`), so that its rules stay out of the
    /// first load. Shared, not copied: a copy of a `Value` would bring JSON's cloning into the
    /// first load (the config is cloned there).
    pub service_presets: Option<std::sync::Arc<Value>>,
    /// `iconHosts` as the file has it: the hosts app icons may be shown from besides this site
    /// and data URIs (issue 55; the deployment's `img-src` must list them too), read by
    /// `domain::app_icon::icon_hosts` where icons are drawn. Shared as `servicePresets`.
    pub icon_hosts: Option<std::sync::Arc<Value>>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            api_base_url: String::new(),
            stream_base_url: String::new(),
            app_view: AppView::Instance,
            poll_interval_ms: 2500,
            start_timeout_ms: 300_000,
            backoff_max_ms: 30_000,
            build_poll_interval_ms: 5000,
            desktop_pool_size: 4,
            desktop_file_transfer: false,
            service_presets: None,
            icon_hosts: None,
        }
    }
}

/// A value of the file as a warning shows it: a string in quotes (cut), else its kind. (Not
/// `Value`'s own Display, which would pull JSON number formatting into the bundle.)
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => "a number out of range".to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// Upper bound for any interval or timeout from the file: one day. Beyond it a value is a typo.
const MAX_MS: u64 = 86_400_000;
/// Upper bound for `desktopPoolSize`: each desktop holds a remote session's page and socket.
const MAX_POOL: u64 = 16;

impl RuntimeConfig {
    /// Parses the file's text. Returns the config and one warning per ignored part.
    pub fn parse(text: &str) -> (Self, Vec<String>) {
        let mut cfg = Self::default();
        let mut warnings = Vec::new();
        let mut value: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                warnings.push(format!(
                    "config.json is not valid JSON ({e}); using defaults"
                ));
                return (cfg, warnings);
            }
        };
        let Some(obj) = value.as_object_mut() else {
            warnings.push("config.json is not a JSON object; using defaults".into());
            return (cfg, warnings);
        };
        // Taken out whole (no copy of a JSON value in the first load).
        cfg.service_presets = obj.remove("servicePresets").map(std::sync::Arc::new);
        cfg.icon_hosts = obj.remove("iconHosts").map(std::sync::Arc::new);
        let obj = &*obj;
        for (key, target) in [
            ("apiBaseUrl", &mut cfg.api_base_url),
            ("streamBaseUrl", &mut cfg.stream_base_url),
        ] {
            if let Some(v) = obj.get(key) {
                match v.as_str() {
                    Some(s) => *target = s.trim().trim_end_matches('/').to_string(),
                    None => warnings.push(format!(
                        "config.json: {key} must be a string, got {}",
                        shown(v)
                    )),
                }
            }
        }
        if cfg
            .stream_base_url
            .contains(crate::domain::origin::SESSION_PLACEHOLDER)
            && !crate::domain::origin::per_session_origin(&cfg.stream_base_url)
        {
            warnings.push(
                "config.json: streamBaseUrl has {session} outside its host name, so every session's \
                 pages share one origin; put it in the host (https://s{session}.streams.example.org)"
                    .into(),
            );
        }
        if let Some(v) = obj.get("appView") {
            match v.as_str().map(str::trim) {
                Some("instance") => cfg.app_view = AppView::Instance,
                Some("desktop") => cfg.app_view = AppView::Desktop,
                _ => warnings.push(format!(
                    "config.json: appView must be \"instance\" or \"desktop\", got {}; using \"instance\"",
                    shown(v)
                )),
            }
        }
        if let Some(v) = obj.get("desktopPoolSize") {
            match v.as_u64().filter(|n| *n <= MAX_POOL) {
                Some(n) => cfg.desktop_pool_size = u8::try_from(n).unwrap_or(cfg.desktop_pool_size),
                None => warnings.push(format!(
                    "config.json: desktopPoolSize must be a whole number between 0 and {MAX_POOL}, got {}; using 4",
                    shown(v)
                )),
            }
        }
        if let Some(v) = obj.get("desktopFileTransfer") {
            match v.as_bool() {
                Some(b) => cfg.desktop_file_transfer = b,
                None => warnings.push(format!(
                    "config.json: desktopFileTransfer must be true or false, got {}; using false",
                    shown(v)
                )),
            }
        }
        let mut ms = |key: &str, min: u64, target: &mut u64| {
            if let Some(v) = obj.get(key) {
                match v.as_u64().filter(|n| (min..=MAX_MS).contains(n)) {
                    Some(n) => *target = n,
                    None => warnings.push(format!(
                        "config.json: {key} must be a number of milliseconds between {min} and {MAX_MS}, got {}; using the default",
                        shown(v)
                    )),
                }
            }
        };
        let mut poll = u64::from(cfg.poll_interval_ms);
        let mut timeout = cfg.start_timeout_ms;
        let mut backoff = u64::from(cfg.backoff_max_ms);
        let mut builds = u64::from(cfg.build_poll_interval_ms);
        ms("pollIntervalMs", 100, &mut poll);
        ms("startTimeoutMs", 1, &mut timeout);
        ms("backoffMaxMs", 100, &mut backoff);
        ms("buildPollIntervalMs", 100, &mut builds);
        // Values are within MAX_MS, which fits u32.
        cfg.poll_interval_ms = u32::try_from(poll).unwrap_or(cfg.poll_interval_ms);
        cfg.start_timeout_ms = timeout;
        cfg.backoff_max_ms = u32::try_from(backoff).unwrap_or(cfg.backoff_max_ms);
        cfg.build_poll_interval_ms = u32::try_from(builds).unwrap_or(cfg.build_poll_interval_ms);
        (cfg, warnings)
    }
}

/// Fetches `/config.json` (from the site root, never relative to the route) once.
#[cfg(target_arch = "wasm32")]
pub async fn load() -> RuntimeConfig {
    let text = match gloo_net::http::Request::get("/config.json").send().await {
        Ok(resp) if resp.ok() => resp.text().await.map_err(|e| e.to_string()),
        Ok(resp) => Err(format!("HTTP {}", resp.status())),
        Err(e) => Err(e.to_string()),
    };
    let (cfg, warnings) = match text {
        Ok(text) => RuntimeConfig::parse(&text),
        Err(e) => (
            RuntimeConfig::default(),
            vec![format!("could not load /config.json ({e}); using defaults")],
        ),
    };
    for w in warnings {
        leptos::logging::warn!("{w}");
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_defaults() {
        let (cfg, w) = RuntimeConfig::parse("{}");
        assert_eq!(cfg, RuntimeConfig::default());
        assert!(w.is_empty());
    }

    #[test]
    fn reads_every_field() {
        let (cfg, w) = RuntimeConfig::parse(
            r#"{"apiBaseUrl": "https://api.example.org/", "pollIntervalMs": 2000,
                "startTimeoutMs": 5000, "backoffMaxMs": 8000, "buildPollIntervalMs": 1000, "other": 1,
                "streamBaseUrl": "https://streams.example.org/", "appView": "desktop",
                "desktopPoolSize": 2, "desktopFileTransfer": true}"#,
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(cfg.api_base_url, "https://api.example.org");
        assert_eq!(cfg.poll_interval_ms, 2000);
        assert_eq!(cfg.start_timeout_ms, 5000);
        assert_eq!(cfg.backoff_max_ms, 8000);
        assert_eq!(cfg.build_poll_interval_ms, 1000);
        assert_eq!(cfg.stream_base_url, "https://streams.example.org");
        assert_eq!(cfg.app_view, AppView::Desktop);
        assert_eq!(cfg.desktop_pool_size, 2);
        assert!(cfg.desktop_file_transfer);
    }

    #[test]
    fn invalid_fields_warn_and_keep_defaults() {
        let (cfg, w) = RuntimeConfig::parse(
            r#"{"pollIntervalMs": "fast", "startTimeoutMs": -1, "backoffMaxMs": 1e12, "apiBaseUrl": 3,
                "appView": "popup", "streamBaseUrl": false, "desktopPoolSize": 17,
                "desktopFileTransfer": "yes"}"#,
        );
        assert_eq!(cfg, RuntimeConfig::default());
        assert!(
            !cfg.desktop_file_transfer,
            "files stay in unless said with true"
        );
        assert_eq!(w.len(), 8, "{w:?}");
        for bad in ["-1", "2.5", "\"4\"", "true"] {
            let (cfg, w) = RuntimeConfig::parse(&format!(r#"{{"desktopPoolSize": {bad}}}"#));
            assert_eq!(cfg.desktop_pool_size, 4, "{bad}");
            assert_eq!(w.len(), 1, "{bad}");
        }
        let (cfg, w) = RuntimeConfig::parse(r#"{"desktopPoolSize": 0}"#);
        assert!(w.is_empty());
        assert_eq!(cfg.desktop_pool_size, 0);
    }

    #[test]
    fn session_in_the_stream_host_is_kept_and_elsewhere_warned_about() {
        let (cfg, w) =
            RuntimeConfig::parse(r#"{"streamBaseUrl": "https://s{session}.streams.example.org/"}"#);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            cfg.stream_base_url,
            "https://s{session}.streams.example.org"
        );
        let (cfg, w) =
            RuntimeConfig::parse(r#"{"streamBaseUrl": "https://streams.example.org/{session}"}"#);
        assert_eq!(cfg.stream_base_url, "https://streams.example.org/{session}");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("share one origin"), "{w:?}");
    }

    #[test]
    fn service_presets_are_kept_for_the_services_page() {
        let (cfg, w) = RuntimeConfig::parse(r#"{"servicePresets": {"postgres": {"tag": "1"}}}"#);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            cfg.service_presets.as_deref(),
            Some(&serde_json::json!({"postgres": {"tag": "1"}}))
        );
        assert_eq!(RuntimeConfig::parse("{}").0.service_presets, None);
    }

    #[test]
    fn icon_hosts_are_kept_for_where_icons_are_drawn() {
        let (cfg, w) = RuntimeConfig::parse(r#"{"iconHosts": ["icons.example.org"]}"#);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            crate::domain::app_icon::icon_hosts(cfg.icon_hosts.as_deref()),
            vec!["icons.example.org".to_owned()]
        );
        assert_eq!(RuntimeConfig::parse("{}").0.icon_hosts, None);
    }

    #[test]
    fn invalid_files_give_defaults() {
        for text in ["", "not json", "[1]", "null", "<html>404</html>"] {
            let (cfg, w) = RuntimeConfig::parse(text);
            assert_eq!(cfg, RuntimeConfig::default());
            assert_eq!(w.len(), 1);
        }
    }
}
