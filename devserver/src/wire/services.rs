//! A workspace service instance on the wire (CHORUS's `WorkspaceServiceInstance`, every field
//! written, ids as strings), and its `valuesOverrideJson` as CHORUS re-marshals it with Go's
//! `encoding/json`: keys sorted, no spaces, numbers as 64-bit floats (`1.50` → `1.5`, `1e3` →
//! `1000`, `12345678901234567890` → `12345678901234567000`), `<`, `>`, `&` escaped.

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::store::services::Service;
use crate::store::TENANT;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ServiceOut {
    id: String,
    tenant_id: String,
    workspace_id: String,
    name: String,
    state: String,
    chart_registry: String,
    chart_repository: String,
    chart_tag: String,
    values_override_json: String,
    credentials_secret_name: String,
    credentials_paths: Vec<String>,
    connection_info_template: String,
    computed_values: BTreeMap<String, String>,
    status: String,
    status_message: String,
    connection_info: String,
    secret_name: String,
    created_at: String,
    updated_at: String,
}

/// The instance as sent, its times spelled by `stamp` (the flavor's).
pub(crate) fn service(s: &Service, stamp: impl Fn(SystemTime) -> String) -> ServiceOut {
    let sp = &s.spec;
    ServiceOut {
        id: s.id.to_string(),
        tenant_id: TENANT.to_string(),
        workspace_id: s.workspace_id.to_string(),
        name: s.name.clone(),
        state: sp.state.clone(),
        chart_registry: sp.chart_registry.clone(),
        chart_repository: sp.chart_repository.clone(),
        chart_tag: sp.chart_tag.clone(),
        values_override_json: go_json(&sp.values),
        credentials_secret_name: sp.credentials_secret_name.clone(),
        credentials_paths: sp.credentials_paths.clone(),
        connection_info_template: sp.connection_info_template.clone(),
        computed_values: sp.computed_values.clone(),
        status: s.status.clone(),
        status_message: s.status_message.clone(),
        connection_info: s.connection_info.clone(),
        secret_name: s.secret_name.clone(),
        created_at: stamp(s.created_at),
        updated_at: stamp(s.updated_at),
    }
}

/// A JSON object as Go's `json.Marshal` writes a `map[string]any`.
pub(crate) fn go_json(values: &Map<String, Value>) -> String {
    let mut out = String::new();
    write_object(&mut out, values);
    out
}

fn write_object(out: &mut String, m: &Map<String, Value>) {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort_unstable();
    out.push('{');
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        write_value(out, &m[k]);
    }
    out.push('}');
}

fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go_float(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => write_string(out, s),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => write_object(out, m),
    }
}

/// A float as `encoding/json` writes it: the shortest digits, an exponent only below 1e-6 or
/// from 1e21 (`1e+21`, `1e-7`).
fn go_float(f: f64) -> String {
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let s = format!("{f:e}");
        match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        }
    } else {
        format!("{f}")
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marshal(text: &str) -> String {
        let v: Value = serde_json::from_str(text).unwrap();
        go_json(v.as_object().unwrap())
    }

    #[test]
    fn values_come_back_as_go_writes_them() {
        // fixtures/chorus/workspace_services.json, "create".
        assert_eq!(
            marshal(r#"{ "b": 1,  "a": {"x": [1, 2]}, "h": "<b>", "n": 1.50 }"#),
            r#"{"a":{"x":[1,2]},"b":1,"h":"\u003cb\u003e","n":1.5}"#
        );
        assert_eq!(
            marshal(r#"{"big":12345678901234567890,"e":1e3,"t":1e21,"s":1.5e-7,"z":0}"#),
            r#"{"big":12345678901234567000,"e":1000,"s":1.5e-7,"t":1e+21,"z":0}"#
        );
    }
}
