//! A workspace's services (api.md §3, "Workspace services"): Helm charts (PostgreSQL, MLflow…)
//! the cluster's operator installs beside the workspace's sessions. What a row says (the
//! desired state and the observed status in words), which actions it offers, the checks of a
//! new service and of its values before anything is sent, and the presets.
//!
//! The row is kept whole as read ([`Service::row`]): an update replaces every field of it on
//! the backend (CHORUS: `computedValues` included), so it sends the row back with only the
//! edited field changed.
use serde_json::{Map, Value};

use super::order::Order;
use super::{id_order, sort_small};

/// The order the list asks for (CHORUS knows `name` for this resource) and shows.
pub(crate) const ORDER: Order = Order {
    column: "name",
    descending: false,
};

/// Where a chart comes from: an OCI registry, a repository in it and a version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chart {
    pub registry: String,
    pub repository: String,
    pub tag: String,
}

impl Chart {
    pub fn new(registry: &str, repository: &str, tag: &str) -> Self {
        Self {
            registry: registry.to_owned(),
            repository: repository.to_owned(),
            tag: tag.to_owned(),
        }
    }

    /// `registry/repository:tag`, as the page shows it.
    pub fn shown(&self) -> String {
        let path = match (self.registry.is_empty(), self.repository.is_empty()) {
            (true, _) => self.repository.clone(),
            (false, true) => self.registry.clone(),
            (false, false) => format!(
                "{}/{}",
                self.registry.trim_end_matches('/'),
                self.repository.trim_start_matches('/')
            ),
        };
        if self.tag.is_empty() {
            path
        } else {
            format!("{path}:{}", self.tag)
        }
    }
}

/// One service of a workspace (a `WorkspaceServiceInstance`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    /// The desired state as read: `Running`, `Stopped`, `Deleted` or `""` (run by default).
    pub state: String,
    pub chart: Chart,
    /// The Helm values, a JSON object in a string (`valuesOverrideJson`).
    pub values_json: String,
    pub credentials_secret_name: String,
    pub credentials_paths: Vec<String>,
    pub connection_info_template: String,
    /// The observed status: `Progressing`, `Running`, `Stopped`, `Deleted`, `Failed`, or `""`
    /// until the cluster's operator reports.
    pub status: String,
    pub status_message: String,
    pub connection_info: String,
    pub secret_name: String,
    /// Every field CHORUS knows, each as it came: what an update sends back.
    pub row: Map<String, Value>,
}

/// The observed status of a service, as the page says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Observed {
    /// Nothing yet from the cluster (`status` `""`): never said to run.
    NotReported,
    Starting,
    Running,
    Stopping,
    Stopped,
    /// Failed, with the operator's message.
    Failed(String),
    /// Asked to go (`state` `Deleted`): the row stays until the operator reports.
    Deleting,
    /// A status this console does not know, as it came.
    Other(String),
}

/// What the page says when the cluster has not reported on a service.
pub const NOT_REPORTED: &str = "The cluster has not reported yet";

impl Observed {
    /// In words: `Starting`, `Running`, `Failed: <message>`…
    pub fn words(&self) -> String {
        match self {
            Self::NotReported => NOT_REPORTED.to_owned(),
            Self::Starting => "Starting".to_owned(),
            Self::Running => "Running".to_owned(),
            Self::Stopping => "Stopping".to_owned(),
            Self::Stopped => "Stopped".to_owned(),
            Self::Failed(m) if m.trim().is_empty() => "Failed".to_owned(),
            Self::Failed(m) => format!("Failed: {}", m.trim()),
            Self::Deleting => "Deleting".to_owned(),
            Self::Other(s) => format!("Reported as “{s}”"),
        }
    }

    /// Whether it will change by itself (the list is polled while a row is).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::NotReported | Self::Starting | Self::Stopping | Self::Deleting
        )
    }

    /// The badge's class.
    pub fn badge(&self) -> &'static str {
        match self {
            Self::Running => "badge badge-ok",
            Self::Failed(_) => "badge badge-danger",
            Self::Stopped => "badge badge-neutral",
            Self::Other(_) | Self::NotReported => "badge badge-warn",
            _ => "badge badge-info",
        }
    }
}

impl Service {
    /// The observed status, read against the desired state (a mismatch is on its way).
    pub fn observed(&self) -> Observed {
        let stopping = self.state == "Stopped";
        if self.state == "Deleted" {
            return Observed::Deleting;
        }
        match self.status.trim() {
            "" => Observed::NotReported,
            "Failed" => Observed::Failed(self.status_message.clone()),
            "Progressing" if stopping => Observed::Stopping,
            "Progressing" => Observed::Starting,
            "Running" if stopping => Observed::Stopping,
            "Running" => Observed::Running,
            "Stopped" if stopping => Observed::Stopped,
            "Stopped" => Observed::Starting,
            "Deleted" => Observed::Deleting,
            other => Observed::Other(other.to_owned()),
        }
    }

    /// The desired state in words (`""` runs: CHORUS sends it to the cluster as `Running`).
    pub fn desired_words(&self) -> String {
        match self.state.as_str() {
            "Running" => "Running".to_owned(),
            "Stopped" => "Stopped".to_owned(),
            "Deleted" => "Deleted".to_owned(),
            "" => "Running (by default)".to_owned(),
            other => other.to_owned(),
        }
    }

    /// `Stop` is offered only for a service meant to run (`state` `Running`).
    pub fn may_stop(&self) -> bool {
        self.state == "Running"
    }

    /// `Start` is offered only for a stopped service (`state` `Stopped`).
    pub fn may_start(&self) -> bool {
        self.state == "Stopped"
    }

    /// Whether it is on its way out (no action but waiting).
    pub fn is_deleting(&self) -> bool {
        self.state == "Deleted"
    }
}

/// Whether any row will change by itself: the list is followed while one does.
pub fn any_transient(rows: &[Service]) -> bool {
    rows.iter().any(|s| s.observed().is_transient())
}

/// The list as shown: by name, then id.
pub fn sort_services(rows: &mut [Service]) {
    sort_small(rows, |a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| id_order(&a.id, &b.id))
    });
}

/// A change to one service: the rest of its row goes back as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `Stop` (`Stopped`) and `Start` (`Running`).
    State(&'static str),
    /// `Parameters`: new values (a JSON object, checked by [`check_values`]).
    Values(String),
}

/// Values longer than this are refused before sending (a Kubernetes object holds 1 MiB).
pub const MAX_VALUES_BYTES: usize = 512 * 1024;

/// Checks the values typed as JSON: `Ok` with the text to send (`{}` for nothing typed; the
/// text as typed otherwise), or what is wrong in words. CHORUS answers 500 to values that are
/// not a JSON object.
pub fn check_values(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok("{}".to_owned());
    }
    if trimmed.len() > MAX_VALUES_BYTES {
        return Err(format!(
            "The values are too long: at most {} KB.",
            MAX_VALUES_BYTES / 1024
        ));
    }
    match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Object(_)) => Ok(trimmed.to_owned()),
        Ok(other) => Err(format!(
            "The values must be a JSON object, such as {{\"key\": \"value\"}}, not {}.",
            kind(&other)
        )),
        Err(e) => Err(format!("The values are not valid JSON: {e}.")),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "a list",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true or false",
        Value::Null => "null",
        Value::Object(_) => "an object",
    }
}

/// The values of a service as the `Parameters` editor opens them: pretty-printed when they
/// parse, else as stored.
pub fn values_for_editing(values_json: &str) -> String {
    match serde_json::from_str::<Value>(values_json) {
        Ok(v @ Value::Object(_)) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        _ => values_json.to_owned(),
    }
}

/// `Credentials paths` as typed (separated by commas or lines) → the list sent.
pub fn split_paths(text: &str) -> Vec<String> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The presets of `New service` (chorus-web-ui's; the charts overridable in `/config.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Postgres,
    Mlflow,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Self::Postgres, Self::Mlflow, Self::Custom];
    /// chorus-web-ui's registry.
    pub const REGISTRY: &'static str = "harbor.int.chorus-tre.ch";

    pub fn label(self) -> &'static str {
        match self {
            Self::Postgres => "PostgreSQL",
            Self::Mlflow => "MLflow",
            Self::Custom => "Custom",
        }
    }

    /// The `<option>` value and the name a new service of it gets.
    pub fn key(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::Mlflow => "mlflow",
            Self::Custom => "custom",
        }
    }

    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|p| p.key() == key)
            .unwrap_or(Self::Custom)
    }

    /// chorus-web-ui's chart (empty for `Custom`).
    pub fn default_chart(self) -> Chart {
        match self {
            Self::Postgres => Chart::new(Self::REGISTRY, "services/postgres", "0.0.4"),
            Self::Mlflow => Chart::new(Self::REGISTRY, "services/mlflow", "0.0.9"),
            Self::Custom => Chart::default(),
        }
    }
}

/// A name not yet taken here: the preset's key, else `key-2`, `key-3`… (`""` for `Custom`).
pub fn free_name(preset: Preset, taken: &[&str]) -> String {
    if preset == Preset::Custom {
        return String::new();
    }
    let base = preset.key();
    if !taken.contains(&base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|n| !taken.contains(&n.as_str()))
        .unwrap_or_default()
}

/// A new service as the form has it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewService {
    pub name: String,
    pub chart: Chart,
    pub values: String,
    pub credentials_secret_name: String,
    pub credentials_paths: String,
    pub connection_info_template: String,
}

/// A problem of the form, said next to its field (`field` is its label).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: &'static str,
    pub words: String,
}

/// The longest name CHORUS takes (and a Kubernetes name's limit).
pub const MAX_NAME: usize = 63;

/// Checks a new service's name: required, at most 63 characters, lower-case letters, digits and
/// hyphens from a letter to a letter or digit (the cluster names its resources after it), and
/// not the name of another service here (CHORUS would answer 500).
pub fn name_problem(name: &str, taken: &[&str]) -> Option<String> {
    let name = name.trim();
    if name.is_empty() {
        return Some("Enter a name.".to_owned());
    }
    if name.chars().count() > MAX_NAME {
        return Some(format!(
            "The name is too long: at most {MAX_NAME} characters."
        ));
    }
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let starts = name.starts_with(|c: char| c.is_ascii_lowercase());
    let ends = name.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !(ok_chars && starts && ends) {
        return Some(
            "Use lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit (the cluster names the service's parts after it)."
                .to_owned(),
        );
    }
    if taken.contains(&name) {
        return Some(format!(
            "This workspace already has a service named {name}."
        ));
    }
    None
}

/// A chart's field: required, no spaces; the tag also in CHORUS's safe characters.
fn chart_problem(what: &str, value: &str, tag: bool) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return Some(format!("Enter the chart's {what}."));
    }
    if v.chars().any(char::is_whitespace) {
        return Some(format!("The chart's {what} cannot contain spaces."));
    }
    if tag
        && !v
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
    {
        return Some(
            "The chart's tag may hold letters, digits, dots, hyphens, underscores and @ only."
                .to_owned(),
        );
    }
    if v.chars().any(|c| matches!(c, '<' | '>' | '|' | '~' | '`')) {
        return Some(format!("The chart's {what} cannot contain < > | ~ or `."));
    }
    None
}

/// Every problem of the form, each under its field's label; empty when it may be sent.
pub fn form_problems(s: &NewService, taken: &[&str]) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut add = |field: &'static str, p: Option<String>| {
        if let Some(words) = p {
            out.push(Problem { field, words });
        }
    };
    add("Name", name_problem(&s.name, taken));
    add(
        "Chart registry",
        chart_problem("registry", &s.chart.registry, false),
    );
    add(
        "Chart repository",
        chart_problem("repository", &s.chart.repository, false),
    );
    add("Chart tag", chart_problem("tag", &s.chart.tag, true));
    add("Values (JSON)", check_values(&s.values).err());
    let secret = s.credentials_secret_name.trim();
    add(
        "Credentials secret",
        (!secret.is_empty()
            && !secret
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@')))
        .then(|| {
            "A secret's name holds letters, digits, dots, hyphens, underscores and @ only."
                .to_owned()
        }),
    );
    out
}

/// A secret's entries by key, as the page lists them (values are text, never markup).
pub fn secret_entries(mut entries: Vec<(String, String)>) -> Vec<(String, String)> {
    sort_small(&mut entries, |a, b| a.0.cmp(&b.0));
    entries
}

#[cfg(test)]
#[path = "services_tests.rs"]
mod tests;
