//! `WorkspaceServiceInstance` on the wire (api.md §3) and its mapping to
//! [`crate::domain::services::Service`].
//!
//! The row is kept as read, each field CHORUS knows with its JSON value, so that an update (which
//! replaces the whole row, `computedValues` included) sends it back with only the edited field
//! changed. A field CHORUS does not know is not kept: a running CHORUS 0978bc77 answers 400
//! `proto: unknown field` to a body holding one.
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::common::lenient;
use crate::domain::services::{Change, Chart, Service};

/// Every field of a `WorkspaceServiceInstance` (its proto at 0978bc77).
pub const FIELDS: &[&str] = &[
    "id",
    "tenantId",
    "workspaceId",
    "name",
    "state",
    "chartRegistry",
    "chartRepository",
    "chartTag",
    "valuesOverrideJson",
    "credentialsSecretName",
    "credentialsPaths",
    "connectionInfoTemplate",
    "computedValues",
    "status",
    "statusMessage",
    "connectionInfo",
    "secretName",
    "createdAt",
    "updatedAt",
];

/// One service as it came.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServiceDto(pub Service);

impl<'de> Deserialize<'de> for ServiceDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Value::Object(all) = Value::deserialize(d)? else {
            return Err(serde::de::Error::custom("expected a JSON object"));
        };
        Ok(Self(service_of(all)))
    }
}

fn service_of(all: Map<String, Value>) -> Service {
    let mut row = Map::new();
    for (k, v) in all {
        if FIELDS.contains(&k.as_str()) {
            row.insert(k, v);
        }
    }
    let s = |k: &str| row.get(k).map(lenient::value_to_string).unwrap_or_default();
    Service {
        id: s("id"),
        workspace_id: s("workspaceId"),
        name: s("name"),
        state: s("state"),
        chart: Chart {
            registry: s("chartRegistry"),
            repository: s("chartRepository"),
            tag: s("chartTag"),
        },
        values_json: s("valuesOverrideJson"),
        credentials_secret_name: s("credentialsSecretName"),
        credentials_paths: row
            .get("credentialsPaths")
            .map(lenient::strings)
            .unwrap_or_default(),
        connection_info_template: s("connectionInfoTemplate"),
        status: s("status"),
        status_message: s("statusMessage"),
        connection_info: s("connectionInfo"),
        secret_name: s("secretName"),
        row,
    }
}

/// `{"workspaceServiceInstances": [...]}`; an item that is not an object is skipped.
#[derive(Clone, Debug, Default)]
pub struct ServicesResult {
    pub services: Vec<Service>,
}

impl<'de> Deserialize<'de> for ServicesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = super::common::Fields::of(d)?;
        let services = match f.value(&["workspaceServiceInstances"]) {
            Value::Array(items) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::Object(m) => Some(service_of(m)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Self { services })
    }
}

/// `{"workspaceServiceInstance": WSI}` (`null` after a delete).
#[derive(Clone, Debug, Default)]
pub struct ServiceResult {
    pub service: Option<ServiceDto>,
}

impl<'de> Deserialize<'de> for ServiceResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            service: super::common::Fields::of(d)?.or_default("workspaceServiceInstance")?,
        })
    }
}

/// `{"secrets": {"<key>": "<plain text>"}}`: each value as text (a non-string as its JSON).
#[derive(Clone, Debug, Default)]
pub struct SecretsResult {
    pub entries: Vec<(String, String)>,
}

impl<'de> Deserialize<'de> for SecretsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = super::common::Fields::of(d)?;
        let entries = match f.value(&["secrets"]) {
            Value::Object(m) => m
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s,
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Self { entries })
    }
}

/// Body of `POST /workspace-service-instances` (chorus-web-ui's create: `state` `Running`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateService<'a> {
    pub workspace_id: &'a str,
    pub name: &'a str,
    pub state: &'static str,
    pub chart_registry: &'a str,
    pub chart_repository: &'a str,
    pub chart_tag: &'a str,
    pub values_override_json: &'a str,
    pub credentials_secret_name: &'a str,
    pub credentials_paths: &'a [String],
    pub connection_info_template: &'a str,
}

/// Body of `PUT /workspace-service-instances`: the row as read with `change` made. A row read
/// without some field sends it as the service has it (id, workspace, name, spec).
pub fn update_body(s: &Service, change: &Change) -> Map<String, Value> {
    let mut body = s.row.clone();
    let mut keep = |k: &str, v: Value| {
        body.entry(k.to_owned()).or_insert(v);
    };
    keep("id", Value::String(s.id.clone()));
    keep("workspaceId", Value::String(s.workspace_id.clone()));
    keep("name", Value::String(s.name.clone()));
    keep("state", Value::String(s.state.clone()));
    keep("chartRegistry", Value::String(s.chart.registry.clone()));
    keep("chartRepository", Value::String(s.chart.repository.clone()));
    keep("chartTag", Value::String(s.chart.tag.clone()));
    keep("valuesOverrideJson", Value::String(s.values_json.clone()));
    match change {
        Change::State(state) => {
            body.insert("state".into(), Value::String((*state).to_owned()));
        }
        Change::Values(v) => {
            body.insert("valuesOverrideJson".into(), Value::String(v.clone()));
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    /// `POST /workspace-service-instances` of a running CHORUS 0978bc77 (Kubernetes client
    /// off: the status stays `""`).
    const CHORUS_SERVICE: &str = r#"{"result":{"workspaceServiceInstance":{"id":"1",
        "tenantId":"1", "workspaceId":"16", "name":"postgres", "state":"Running",
        "chartRegistry":"harbor.int.chorus-tre.ch", "chartRepository":"services/postgres",
        "chartTag":"0.0.4", "valuesOverrideJson":"{\"a\":{\"x\":[1,2]},\"b\":1}",
        "credentialsSecretName":"pg-creds", "credentialsPaths":["a.b", "c"],
        "connectionInfoTemplate":"postgres://{{ .host }}:5432", "computedValues":{"k":"v"},
        "status":"", "statusMessage":"", "connectionInfo":"", "secretName":"",
        "createdAt":"2026-11-25T23:29:11.799517Z", "updatedAt":"2026-11-25T23:29:11.799517Z"}}}"#;

    fn chorus_service() -> Service {
        let env: Envelope<ServiceResult> = serde_json::from_str(CHORUS_SERVICE).unwrap();
        env.result.service.unwrap().0
    }

    #[test]
    fn decodes_a_chorus_service() {
        let s = chorus_service();
        assert_eq!(s.id, "1");
        assert_eq!(s.workspace_id, "16");
        assert_eq!(
            s.chart.shown(),
            "harbor.int.chorus-tre.ch/services/postgres:0.0.4"
        );
        assert_eq!(s.credentials_paths, vec!["a.b".to_owned(), "c".into()]);
        assert_eq!(s.observed(), crate::domain::services::Observed::NotReported);
        assert_eq!(s.row.len(), FIELDS.len());
    }

    /// Stop sends the whole row back, `computedValues` included (chorus-web-ui's Parameters
    /// dropped them, and CHORUS cleared them), with only `state` changed.
    #[test]
    fn an_update_sends_the_row_back_with_only_the_change() {
        let s = chorus_service();
        let body = Value::Object(update_body(&s, &Change::State("Stopped")));
        let mut expected: Value = serde_json::from_str::<Value>(CHORUS_SERVICE).unwrap()["result"]
            ["workspaceServiceInstance"]
            .clone();
        expected["state"] = "Stopped".into();
        assert_eq!(body, expected);
        let body = update_body(&s, &Change::Values("{\"c\": 2}".into()));
        assert_eq!(body["valuesOverrideJson"], "{\"c\": 2}");
        assert_eq!(body["computedValues"], serde_json::json!({"k": "v"}));
        assert_eq!(body["state"], "Running");
    }

    #[test]
    fn unknown_fields_are_not_sent_back_and_missing_ones_are_filled() {
        let text = r#"{"result":{"workspaceServiceInstances":[
            {"id": 7, "workspaceId": 3, "name": "pg", "state": "Stopped", "extra": {"x": 1}},
            "not an object", null]}}"#;
        let env: Envelope<ServicesResult> = serde_json::from_str(text).unwrap();
        assert_eq!(env.result.services.len(), 1);
        let s = &env.result.services[0];
        assert_eq!((s.id.as_str(), s.workspace_id.as_str()), ("7", "3"));
        let body = update_body(s, &Change::State("Running"));
        assert!(!body.contains_key("extra"));
        assert_eq!(body["id"], 7);
        assert_eq!(body["state"], "Running");
        assert_eq!(body["chartTag"], "");
        assert!(!body.contains_key("computedValues"));
    }

    #[test]
    fn secrets_are_text_and_a_missing_list_is_empty() {
        let text = r#"{"result":{"secrets":{"password":"<img src=x onerror=alert(1)>",
            "port": 5432, "none": null}}}"#;
        let env: Envelope<SecretsResult> = serde_json::from_str(text).unwrap();
        let mut e = env.result.entries;
        e.sort();
        assert_eq!(
            e,
            vec![
                ("none".into(), String::new()),
                ("password".into(), "<img src=x onerror=alert(1)>".into()),
                ("port".into(), "5432".into()),
            ]
        );
        let env: Envelope<SecretsResult> = serde_json::from_str(r#"{"result":{}}"#).unwrap();
        assert!(env.result.entries.is_empty());
        let env: Envelope<ServiceResult> =
            serde_json::from_str(r#"{"result":{"workspaceServiceInstance":null}}"#).unwrap();
        assert!(env.result.service.is_none());
    }
}
