//! The charts of `New service`'s presets: chorus-web-ui's by default, overridden field by field
//! by the runtime config's `servicePresets` (`{"postgres": {"registry", "repository", "tag"},
//! "mlflow": {…}}`). `crate::config` keeps the field as the file has it; the services page reads
//! it here, so that these rules are not in the first load.
use serde_json::Value;

use super::services::{Chart, Preset};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePresets {
    pub postgres: Chart,
    pub mlflow: Chart,
}

impl Default for ServicePresets {
    fn default() -> Self {
        Self {
            postgres: Preset::Postgres.default_chart(),
            mlflow: Preset::Mlflow.default_chart(),
        }
    }
}

/// A value as a warning names it: a string in quotes (cut), else its kind.
fn kind(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        Value::Number(_) => "a number".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

impl ServicePresets {
    /// The chart a preset fills in (empty for `Custom`).
    pub fn chart(&self, preset: Preset) -> Chart {
        match preset {
            Preset::Postgres => self.postgres.clone(),
            Preset::Mlflow => self.mlflow.clone(),
            Preset::Custom => Chart::default(),
        }
    }

    /// The presets with the config's `servicePresets` (`None`: not given), and one warning per
    /// part ignored (an unknown preset, a field that is not a non-empty string).
    pub fn read(config: Option<&Value>) -> (Self, Vec<String>) {
        let mut out = Self::default();
        let mut warnings = Vec::new();
        let Some(v) = config else {
            return (out, warnings);
        };
        let Some(obj) = v.as_object() else {
            warnings.push(format!(
                "config.json: servicePresets must be an object, got {}",
                kind(v)
            ));
            return (out, warnings);
        };
        for (key, preset) in obj {
            let chart = match key.as_str() {
                "postgres" => &mut out.postgres,
                "mlflow" => &mut out.mlflow,
                other => {
                    warnings.push(format!(
                        "config.json: servicePresets has no preset \"{other}\" (postgres, mlflow)"
                    ));
                    continue;
                }
            };
            let Some(fields) = preset.as_object() else {
                warnings.push(format!(
                    "config.json: servicePresets.{key} must be an object, got {}",
                    kind(preset)
                ));
                continue;
            };
            for (name, target) in [
                ("registry", &mut chart.registry),
                ("repository", &mut chart.repository),
                ("tag", &mut chart.tag),
            ] {
                match fields.get(name).map(|f| (f, f.as_str().map(str::trim))) {
                    None => {}
                    Some((_, Some(s))) if !s.is_empty() => *target = s.to_owned(),
                    Some((f, _)) => warnings.push(format!(
                        "config.json: servicePresets.{key}.{name} must be a non-empty string, got {}",
                        kind(f)
                    )),
                }
            }
        }
        (out, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_config_overrides_chorus_web_uis_charts_field_by_field() {
        let given = json!({"postgres": {"registry": "registry.example.org", "tag": "1.2.3"},
            "mlflow": {"repository": "charts/mlflow"}});
        let (p, w) = ServicePresets::read(Some(&given));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            p.chart(Preset::Postgres).shown(),
            "registry.example.org/services/postgres:1.2.3"
        );
        assert_eq!(
            p.chart(Preset::Mlflow).shown(),
            "harbor.int.chorus-tre.ch/charts/mlflow:0.0.9"
        );
        assert_eq!(p.chart(Preset::Custom), Chart::default());
        assert_eq!(
            ServicePresets::read(None),
            (ServicePresets::default(), vec![])
        );
    }

    #[test]
    fn what_cannot_be_read_is_warned_about_and_the_defaults_stay() {
        let given = json!({"redis": {}, "postgres": {"tag": 4, "registry": " "}, "mlflow": []});
        let (p, w) = ServicePresets::read(Some(&given));
        assert_eq!(p, ServicePresets::default());
        assert_eq!(w.len(), 4, "{w:?}");
        let (p, w) = ServicePresets::read(Some(&json!("postgres")));
        assert_eq!(p, ServicePresets::default());
        assert_eq!(
            w,
            vec!["config.json: servicePresets must be an object, got \"postgres\""]
        );
    }
}
