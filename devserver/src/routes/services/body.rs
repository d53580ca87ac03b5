//! The body of a create or an update (the `WorkspaceServiceInstance` itself), read as CHORUS
//! reads it: the controller converts `valuesOverrideJson` (not a JSON object: 500 `conversion
//! error: …`), the validation middleware checks the go-playground tags of the model (400; CHORUS
//! words it as go-playground does and loses the `validationErrors`, ours lists them), and the
//! status fields are ignored.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult, Code, FieldError};
use crate::extract::{BodySpec, OptId};
use crate::store::services::Spec;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ServiceIn {
    #[serde(default)]
    pub id: OptId,
    #[serde(default, rename = "tenantId")]
    _tenant_id: OptId,
    #[serde(default)]
    pub workspace_id: OptId,
    pub name: Option<String>,
    state: Option<String>,
    chart_registry: Option<String>,
    chart_repository: Option<String>,
    chart_tag: Option<String>,
    values_override_json: Option<String>,
    credentials_secret_name: Option<String>,
    credentials_paths: Option<Vec<String>>,
    connection_info_template: Option<String>,
    computed_values: Option<BTreeMap<String, String>>,
    #[serde(rename = "status")]
    _status: Option<IgnoredAny>,
    #[serde(rename = "statusMessage")]
    _status_message: Option<IgnoredAny>,
    #[serde(rename = "connectionInfo")]
    _connection_info: Option<IgnoredAny>,
    #[serde(rename = "secretName")]
    _secret_name: Option<IgnoredAny>,
    #[serde(rename = "createdAt")]
    _created_at: Option<IgnoredAny>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<IgnoredAny>,
}

impl BodySpec for ServiceIn {}

/// The checked body: the owner, the name, the desired state.
pub(crate) struct Checked {
    pub workspace_id: u64,
    pub name: String,
    pub spec: Spec,
}

/// Converts and validates `body` as CHORUS's `<op>WorkspaceServiceInstance` (`Create` or
/// `Update`) does.
pub(crate) fn check(body: ServiceIn, op: &str) -> ApiResult<Checked> {
    let values = values(body.values_override_json.as_deref().unwrap_or(""))?;
    let workspace_id = body.workspace_id.0.unwrap_or(0);
    let name = body.name.unwrap_or_default();
    let state = body.state.unwrap_or_default();
    let registry = body.chart_registry.unwrap_or_default();
    let repository = body.chart_repository.unwrap_or_default();
    let tag = body.chart_tag.unwrap_or_default();
    let secret = body.credentials_secret_name.unwrap_or_default();
    // (model field, wire field, go-playground tag, our reason), in the model's field order.
    let mut bad: Vec<(&str, &str, &str, &str)> = Vec::new();
    if workspace_id == 0 {
        bad.push(("WorkspaceID", "workspaceId", "required", "is required"));
    }
    if name.is_empty() {
        bad.push(("Name", "name", "required", "is required"));
    } else if name.chars().count() > 63 {
        bad.push(("Name", "name", "max", "must be at most 63 characters"));
    } else if !safe(&name) {
        bad.push(("Name", "name", "safestring", SAFE_REASON));
    }
    if !matches!(state.as_str(), "" | "Running" | "Stopped" | "Deleted") {
        bad.push((
            "State",
            "state",
            "oneof",
            "must be Running, Stopped or Deleted",
        ));
    }
    if !general(&registry) {
        bad.push((
            "ChartRegistry",
            "chartRegistry",
            "generalstring",
            GENERAL_REASON,
        ));
    }
    if !general(&repository) {
        bad.push((
            "ChartRepository",
            "chartRepository",
            "generalstring",
            GENERAL_REASON,
        ));
    }
    if !safe(&tag) {
        bad.push(("ChartTag", "chartTag", "safestring", SAFE_REASON));
    }
    if !safe(&secret) {
        bad.push((
            "CredentialsSecretName",
            "credentialsSecretName",
            "safestring",
            SAFE_REASON,
        ));
    }
    if !bad.is_empty() {
        let theirs: Vec<String> = bad
            .iter()
            .map(|(model, _, tag, _)| {
                format!(
                    "Key: 'WorkspaceServiceInstance.{model}' Error:Field validation for \
                     '{model}' failed on the '{tag}' tag"
                )
            })
            .collect();
        let ours = bad
            .iter()
            .map(|(_, field, _, reason)| FieldError::new(*field, *reason))
            .collect();
        return Err(ApiError::validation(ours).chorus_bare(&format!(
            "unable to call '{op}WorkspaceServiceInstance': Validation error: {}",
            theirs.join("\n")
        )));
    }
    Ok(Checked {
        workspace_id,
        name,
        spec: Spec {
            state,
            chart_registry: registry,
            chart_repository: repository,
            chart_tag: tag,
            values,
            credentials_secret_name: secret,
            credentials_paths: body.credentials_paths.unwrap_or_default(),
            connection_info_template: body.connection_info_template.unwrap_or_default(),
            computed_values: body.computed_values.unwrap_or_default(),
        },
    })
}

const SAFE_REASON: &str = "may hold only letters, digits, spaces and - _ @ .";
const GENERAL_REASON: &str = "may hold only letters, digits, spaces and , ; . : - _ $ £ ! ^ ' ? = ( ) / & % * # \\ \" + [ ] { } @";

/// A letter of CHORUS's `safestring`/`generalstring` classes: ASCII letters and digits,
/// `À`–`ÿ`, the white space of Go's `\s`.
fn letter(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{c0}'..='\u{ff}').contains(&c) || "\t\n\x0c\r ".contains(c)
}

/// `safestring`: `^[0-9a-zA-ZÀ-ÿ\s\-_@.]*$`.
fn safe(s: &str) -> bool {
    s.chars().all(|c| letter(c) || "-_@.".contains(c))
}

/// `generalstring`: `safestring` and `,;.:-_$£!^'?=()/&%*#\"'+[]{}@`.
fn general(s: &str) -> bool {
    s.chars()
        .all(|c| letter(c) || ",;.:-_$£!^'?=()/&%*#\\\"+[]{}@".contains(c))
}

/// `valuesOverrideJson` as the controller reads it (`json.Unmarshal` into a map): `""` and
/// `null` are `{}`, another JSON object its values (numbers as 64-bit floats), anything else
/// 500 `conversion error: unable to unmarshal valuesOverrideJson: <Go's words>`.
pub(crate) fn values(text: &str) -> ApiResult<Map<String, Value>> {
    if text.is_empty() {
        return Ok(Map::new());
    }
    let why = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => return Ok(floats(m)),
        Ok(Value::Null) => return Ok(Map::new()),
        Ok(v) => {
            let kind = match v {
                Value::Array(_) => "array",
                Value::String(_) => "string",
                Value::Bool(_) => "bool",
                _ => "number",
            };
            format!(
                "json: cannot unmarshal {kind} into Go value of type model.JSONMap[interface {{}}]"
            )
        }
        Err(e) => syntax(text, &e),
    };
    Err(ApiError::new(
        Code::Conversion,
        format!("conversion error: unable to unmarshal valuesOverrideJson: {why}"),
    )
    .chorus_bare(&format!(
        "conversion error: unable to unmarshal valuesOverrideJson: {why}"
    )))
}

/// Go's words for a syntax error, near enough: `unexpected end of JSON input`, or the
/// character and what was expected there.
fn syntax(text: &str, e: &serde_json::Error) -> String {
    if e.is_eof() {
        return "unexpected end of JSON input".into();
    }
    let line = text.lines().nth(e.line().saturating_sub(1)).unwrap_or("");
    let upto: String = line.chars().take(e.column().saturating_sub(1)).collect();
    let bad = line
        .chars()
        .nth(e.column().saturating_sub(1))
        .unwrap_or(' ');
    let before = upto.trim_end().chars().last();
    let wanted = match before {
        Some('{') => "looking for beginning of object key string",
        Some(',') if upto.trim_start().starts_with('{') => {
            "looking for beginning of object key string"
        }
        _ => "looking for beginning of value",
    };
    format!("invalid character '{bad}' {wanted}")
}

/// Every number as a 64-bit float, as `encoding/json` decodes into `any`.
fn floats(m: Map<String, Value>) -> Map<String, Value> {
    m.into_iter().map(|(k, v)| (k, float(v))).collect()
}

fn float(v: Value) -> Value {
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Value::Array(a) => Value::Array(a.into_iter().map(float).collect()),
        Value::Object(m) => Value::Object(floats(m)),
        v => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_must_be_a_json_object() {
        assert!(values("").unwrap().is_empty());
        assert!(values("null").unwrap().is_empty());
        assert_eq!(values(r#"{"a":1}"#).unwrap()["a"], 1.0);
        let e = values("[1]").unwrap_err();
        assert_eq!(e.code, Code::Conversion);
        assert!(e
            .message
            .ends_with("cannot unmarshal array into Go value of type model.JSONMap[interface {}]"));
        // fixtures/chorus/workspace_services.json, "valuesSyntax".
        let e = values("{nope").unwrap_err();
        assert!(
            e.message
                .ends_with("invalid character 'n' looking for beginning of object key string"),
            "{}",
            e.message
        );
    }

    #[test]
    fn names_are_safe_strings_of_63_letters_at_most() {
        assert!(safe("h1-pg_2 @x.y Élan"));
        assert!(!safe("h1 <b>"));
        assert!(general("harbor.int.chorus-tre.ch/a:b"));
        assert!(!general("a<b"));
        let long = ServiceIn {
            workspace_id: OptId(Some(1)),
            name: Some("x".repeat(64)),
            ..ServiceIn::default()
        };
        let e = check(long, "Create").err().unwrap();
        assert_eq!(e.validation[0].field, "name");
    }
}
