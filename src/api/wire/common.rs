//! Shapes shared by every endpoint: the `{"result": …}` envelope, pagination, the error body,
//! and tolerant field decoders.
use serde::{Deserialize, Deserializer, Serialize};

/// `{"result": T, "pagination": {...}?}`.
#[derive(Clone, Debug, Deserialize)]
pub struct Envelope<T> {
    pub result: T,
    #[serde(default)]
    pub pagination: Option<Pagination>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Pagination {
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub offset: u64,
    #[serde(default, deserialize_with = "lenient_u64")]
    pub limit: u64,
}

/// The backend's error body: `{"code", "message", "details": [{"chorusCode", ...}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default, deserialize_with = "lenient_string")]
    pub message: String,
    #[serde(default)]
    pub details: Vec<ErrorDetail>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    #[serde(default, deserialize_with = "lenient_string")]
    pub chorus_code: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub title: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub message: String,
    #[serde(default)]
    pub validation_errors: Vec<ValidationError>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ValidationError {
    #[serde(default, deserialize_with = "lenient_string")]
    pub field: String,
    #[serde(default, deserialize_with = "lenient_string")]
    pub reason: String,
}

impl ErrorBody {
    /// Parses a reply body as the error shape; `None` for anything else (an HTML page, an empty
    /// body, JSON of another shape).
    pub fn parse(text: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let obj = value.as_object()?;
        if !obj.contains_key("message") && !obj.contains_key("details") {
            return None;
        }
        let body: ErrorBody = serde_json::from_value(value).ok()?;
        if body.message.is_empty() && body.details.is_empty() {
            return None;
        }
        Some(body)
    }

    /// The first `chorusCode` of the details, if any.
    pub fn chorus_code(&self) -> Option<&str> {
        self.details
            .iter()
            .map(|d| d.chorus_code.as_str())
            .find(|c| !c.is_empty())
    }

    pub fn validation_errors(&self) -> impl Iterator<Item = &ValidationError> {
        self.details.iter().flat_map(|d| d.validation_errors.iter())
    }
}

/// A string field that may arrive as a string, a number, a bool or null.
pub fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(value_to_string(&v))
}

/// An optional string field: `null`, missing and `""` all mean `None`.
pub fn lenient_opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = lenient_string(d)?;
    Ok(if s.is_empty() { None } else { Some(s) })
}

/// A count that may arrive as a number or a numeric string; anything else is 0.
pub fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Number(n) => n.as_u64().unwrap_or(0),
        serde_json::Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// A list of strings that may be null or hold non-strings.
pub fn lenient_string_vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Array(items) => items
            .iter()
            .map(value_to_string)
            .filter(|s| !s.is_empty())
            .collect(),
        _ => Vec::new(),
    })
}

pub fn value_to_string(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chorus_error_body() {
        let text = r#"{"code": 5, "message": "workbench 99 not found",
          "details": [{"chorusCode": "NOT_FOUND", "title": "Not found", "message": "workbench 99 not found",
            "validationErrors": [{"field": "name", "reason": "must not be empty"}]}]}"#;
        let body = ErrorBody::parse(text).expect("error body");
        assert_eq!(body.code, Some(5));
        assert_eq!(body.chorus_code(), Some("NOT_FOUND"));
        let v: Vec<_> = body.validation_errors().collect();
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].field, "name");
    }

    #[test]
    fn rejects_bodies_of_other_shapes() {
        assert!(ErrorBody::parse("<html><h1>502 Bad Gateway</h1></html>").is_none());
        assert!(ErrorBody::parse("").is_none());
        assert!(ErrorBody::parse("[1,2]").is_none());
        assert!(ErrorBody::parse(r#"{"result": {}}"#).is_none());
        assert!(ErrorBody::parse(r#"{"message": ""}"#).is_none());
    }

    #[test]
    fn lenient_fields() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "lenient_string")]
            id: String,
            #[serde(default, deserialize_with = "lenient_opt_string")]
            opt: Option<String>,
            #[serde(default, deserialize_with = "lenient_string_vec")]
            list: Vec<String>,
        }
        let t: T = serde_json::from_str(r#"{"id": 42, "opt": "", "list": ["a", 3, null]}"#).unwrap();
        assert_eq!(t.id, "42");
        assert_eq!(t.opt, None);
        assert_eq!(t.list, vec!["a".to_string(), "3".to_string()]);
        let t: T = serde_json::from_str(r#"{"id": null, "list": null}"#).unwrap();
        assert_eq!(t.id, "");
        assert!(t.list.is_empty());
    }

    #[test]
    fn envelope_with_pagination() {
        let e: Envelope<serde_json::Value> = serde_json::from_str(
            r#"{"result": {"x": 1}, "pagination": {"total": "120", "offset": 0, "limit": 20}}"#,
        )
        .unwrap();
        assert_eq!(
            e.pagination,
            Some(Pagination {
                total: 120,
                offset: 0,
                limit: 20
            })
        );
    }
}
