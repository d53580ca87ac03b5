//! Shapes shared by every endpoint: the `{"result": …}` envelope, pagination, the error body,
//! and tolerant field decoders.
use serde::{Deserialize, Serialize};

/// `""` (or blank) → `None`, else the text verbatim.
pub fn non_empty(s: String) -> Option<String> {
    if s.trim().is_empty() {
        None
    } else {
        Some(s)
    }
}

/// `{"result": T, "pagination": {...}?}`.
#[derive(Clone, Debug)]
pub struct Envelope<T> {
    pub result: T,
    /// `None` when absent or `null`.
    pub pagination: Option<Pagination>,
}

/// Read by hand, not derived: a derived reader is a copy of the whole map walk per `T` (over 100
/// call sites, 37 types); here each `T` adds only its own read of the `result` value.
impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Envelope<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let (result, pagination) =
            envelope_parts(serde_json::Value::deserialize(d)?).map_err(D::Error::custom)?;
        Ok(Self {
            result: T::deserialize(result).map_err(D::Error::custom)?,
            pagination,
        })
    }
}

/// The envelope's `result` value and its pagination; the errors a derived reader gives (a body
/// that is no object, no `result`, a malformed `pagination`).
#[inline(never)]
fn envelope_parts(
    body: serde_json::Value,
) -> Result<(serde_json::Value, Option<Pagination>), serde_json::Error> {
    use serde::de::Error;
    let serde_json::Value::Object(mut body) = body else {
        return Err(serde_json::Error::invalid_type(
            unexpected(&body),
            &"struct Envelope",
        ));
    };
    let result = body
        .remove("result")
        .ok_or_else(|| serde_json::Error::missing_field("result"))?;
    let pagination = match body.remove("pagination") {
        None | Some(serde_json::Value::Null) => None,
        Some(p) => Some(Pagination::deserialize(p)?),
    };
    Ok((result, pagination))
}

/// What a JSON value is, in serde's words for an error.
fn unexpected(v: &serde_json::Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match v {
        serde_json::Value::Null => Unexpected::Unit,
        serde_json::Value::Bool(b) => Unexpected::Bool(*b),
        serde_json::Value::Number(_) => Unexpected::Other("number"),
        serde_json::Value::String(s) => Unexpected::Str(s),
        serde_json::Value::Array(_) => Unexpected::Seq,
        serde_json::Value::Object(_) => Unexpected::Map,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pagination {
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
}

impl<'de> Deserialize<'de> for Pagination {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            total: f.count(&["total"]),
            offset: f.count(&["offset"]),
            limit: f.count(&["limit"]),
        })
    }
}

impl Pagination {
    /// Whether a reply of `len` items with this `pagination` is the whole list (not one page
    /// of more). A reply without `pagination` is the whole list (a backend that was not asked
    /// for pages, or ignores them).
    pub fn is_complete(pagination: Option<Pagination>, len: usize) -> bool {
        pagination.is_none_or(|p| p.total == 0 || p.total <= u64::try_from(len).unwrap_or(u64::MAX))
    }
}

/// The backend's error body: `{"code", "message", "details": [{"chorusCode", ...}]}`; a
/// `code` as a numeric string is read, a detail that is no object is skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: Option<i64>,
    pub message: String,
    pub details: Vec<ErrorDetail>,
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            code: f.opt_i64(&["code"]),
            message: f.string(&["message"]),
            details: f.vec(&["details"]),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorDetail {
    pub chorus_code: String,
    pub title: String,
    pub message: String,
    pub validation_errors: Vec<ValidationError>,
}

impl<'de> Deserialize<'de> for ErrorDetail {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            chorus_code: f.string(&["chorusCode"]),
            title: f.string(&["title"]),
            message: f.string(&["message"]),
            validation_errors: f.vec(&["validationErrors"]),
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationError {
    pub field: String,
    pub reason: String,
}

impl<'de> Deserialize<'de> for ValidationError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            field: f.string(&["field"]),
            reason: f.string(&["reason"]),
        })
    }
}

impl ErrorBody {
    /// Parses a reply body as the error shape; `None` for anything else (an HTML page, an empty
    /// body, JSON of another shape).
    pub fn parse(text: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        let obj = value.as_object()?;
        // The job service's `{"error": "text"}`.
        if let Some(error) = obj.get("error").and_then(|e| e.as_str()) {
            if !obj.contains_key("message") && !error.trim().is_empty() {
                return Some(ErrorBody {
                    message: error.to_owned(),
                    ..ErrorBody::default()
                });
            }
        }
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

/// Tolerant readers of JSON values. None of them fails on a value of the wrong type: it yields
/// the field's empty value instead. The wire types read their fields through [`Fields`], which
/// uses them.
pub mod lenient {
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    /// A string from a string, an integral number or a bool; `""` for null or anything else.
    /// (A non-integral number is no id or name: `""`, and no float formatting in the bundle.)
    pub fn value_to_string(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u.to_string(),
                (None, Some(i)) => i.to_string(),
                _ => float_to_i64(n.as_f64())
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
            },
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        }
    }

    /// A list of strings: `null`/non-list → empty; non-string items and `""` skipped.
    pub(crate) fn strings(v: &Value) -> Vec<String> {
        match v {
            Value::Array(items) => items
                .iter()
                .map(value_to_string)
                .filter(|s| !s.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A flag: `true`, `"true"` (any case) or a non-zero number; anything else → `false`.
    pub(crate) fn flag(v: &Value) -> bool {
        match v {
            Value::Bool(b) => *b,
            Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
            Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
            _ => false,
        }
    }

    /// A list of objects: `null`/non-list → empty; items that are not objects, or do not
    /// decode, are skipped.
    pub(crate) fn objects<T: DeserializeOwned>(v: Value) -> Vec<T> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .filter(Value::is_object)
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// One object: `null` or a value that does not decode → `None`.
    pub(crate) fn object<T: DeserializeOwned>(v: Value) -> Option<T> {
        if v.is_null() {
            return None;
        }
        serde_json::from_value(v).ok()
    }

    /// A map of strings (a role context: dimension → id): `null`/non-object → empty; values
    /// as by [`value_to_string`], empty ones dropped.
    pub(crate) fn string_map(v: &Value) -> std::collections::BTreeMap<String, String> {
        // Inserted one by one: collecting into a BTreeMap sorts with the standard library's
        // sort, compiled once more for this type (issue 30).
        let mut out = std::collections::BTreeMap::new();
        if let Value::Object(m) = v {
            for (k, v) in m {
                let v = value_to_string(v);
                if !v.is_empty() {
                    out.insert(k.clone(), v);
                }
            }
        }
        out
    }

    /// A count: a number or a numeric string; anything else → 0.
    pub(crate) fn count(v: &Value) -> u64 {
        match v {
            Value::Number(n) => n.as_u64().unwrap_or(0),
            Value::String(s) => s.trim().parse().unwrap_or(0),
            _ => 0,
        }
    }

    /// An integer that may come as a numeric string (`"3"`) or an integral float (`3.0`);
    /// `null`, `""` and anything else → `None`.
    pub(crate) fn int(v: &Value) -> Option<i64> {
        match v {
            Value::Number(n) => n.as_i64().or_else(|| float_to_i64(n.as_f64())),
            Value::String(s) => {
                let s = s.trim();
                // A numeric string in JSON's own number syntax (`"3"`, `"3.0"`, `"3e2"`), read by
                // serde_json's number parser, which the bundle has anyway: `str::parse::<f64>`
                // would bring the standard library's float parser and its 10 KB table.
                s.parse::<i64>()
                    .ok()
                    .or_else(|| float_to_i64(serde_json::from_str::<f64>(s).ok()))
            }
            _ => None,
        }
    }

    fn float_to_i64(f: Option<f64>) -> Option<i64> {
        let f = f?;
        let in_range = f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15;
        in_range.then_some(f as i64)
    }
}

/// The fields of one JSON object, read tolerantly by [`lenient`]'s rules. The wire types decode
/// through it by hand instead of `#[derive(Deserialize)]`: one small reader per field instead of
/// serde's generated visitor per type keeps the bundle smaller. A key list names a field and its
/// aliases (`["iconURL", "iconUrl"]`); a missing field reads as `null`.
pub(crate) struct Fields(serde_json::Map<String, serde_json::Value>);

impl Fields {
    /// The fields of `v`, which must be an object (else the error a derived type would give).
    pub(crate) fn of<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Object(m) => Ok(Self(m)),
            _ => Err(serde::de::Error::custom("expected a JSON object")),
        }
    }

    fn take(&mut self, keys: &[&str]) -> serde_json::Value {
        keys.iter()
            .find_map(|k| self.0.remove(*k))
            .unwrap_or(serde_json::Value::Null)
    }

    pub(crate) fn string(&mut self, keys: &[&str]) -> String {
        // A string is moved out, not copied (a folder of 10,000 files has 60,000 of them).
        match self.take(keys) {
            serde_json::Value::String(s) => s,
            other => lenient::value_to_string(&other),
        }
    }

    pub(crate) fn opt_string(&mut self, keys: &[&str]) -> Option<String> {
        Some(self.string(keys)).filter(|s| !s.is_empty())
    }

    pub(crate) fn string_vec(&mut self, keys: &[&str]) -> Vec<String> {
        lenient::strings(&self.take(keys))
    }

    pub(crate) fn bool(&mut self, keys: &[&str]) -> bool {
        lenient::flag(&self.take(keys))
    }

    pub(crate) fn vec<T: serde::de::DeserializeOwned>(&mut self, keys: &[&str]) -> Vec<T> {
        lenient::objects(self.take(keys))
    }

    pub(crate) fn opt<T: serde::de::DeserializeOwned>(&mut self, keys: &[&str]) -> Option<T> {
        lenient::object(self.take(keys))
    }

    pub(crate) fn string_map(
        &mut self,
        keys: &[&str],
    ) -> std::collections::BTreeMap<String, String> {
        lenient::string_map(&self.take(keys))
    }

    pub(crate) fn opt_i64(&mut self, keys: &[&str]) -> Option<i64> {
        lenient::int(&self.take(keys))
    }

    pub(crate) fn count(&mut self, keys: &[&str]) -> u64 {
        lenient::count(&self.take(keys))
    }

    /// The field as it came (`null` when missing), for a shape of its own (an audit entry's
    /// free-form `details`).
    pub(crate) fn value(&mut self, keys: &[&str]) -> serde_json::Value {
        self.take(keys)
    }

    /// The field read as `T`, strictly: missing, or not of `T`'s shape, is the error a derived
    /// reader gives (`missing field …`, `invalid type …`). `E` is the caller's error type.
    pub(crate) fn required<T: serde::de::DeserializeOwned, E: serde::de::Error>(
        &mut self,
        key: &'static str,
    ) -> Result<T, E> {
        let value = self.0.remove(key).ok_or_else(|| E::missing_field(key))?;
        T::deserialize(value).map_err(E::custom)
    }

    /// The field read as `T`; missing or `null` is `T::default()` (a derived
    /// `#[serde(default)]` that also takes `null`), any other value not of `T`'s shape an error.
    pub(crate) fn or_default<T: serde::de::DeserializeOwned + Default, E: serde::de::Error>(
        &mut self,
        key: &'static str,
    ) -> Result<T, E> {
        match self.0.remove(key) {
            None | Some(serde_json::Value::Null) => Ok(T::default()),
            Some(value) => T::deserialize(value).map_err(E::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_come_as_numbers_or_numeric_strings() {
        use serde_json::json;
        let int = |v: serde_json::Value| lenient::int(&v);
        assert_eq!(int(json!(3)), Some(3));
        assert_eq!(int(json!(3.0)), Some(3));
        assert_eq!(int(json!(-7)), Some(-7));
        assert_eq!(int(json!("3")), Some(3));
        assert_eq!(int(json!(" 42 ")), Some(42));
        assert_eq!(int(json!("+5")), Some(5));
        assert_eq!(int(json!("3.0")), Some(3));
        assert_eq!(int(json!("3e2")), Some(300));
        assert_eq!(int(json!("-1.5E1")), Some(-15));
        for not_an_int in [
            json!(3.5),
            json!("3.5"),
            json!("1e400"),
            json!("9e15"),
            json!("NaN"),
            json!("inf"),
            json!("3 apples"),
            json!(""),
            json!(null),
            json!(true),
            json!([3]),
        ] {
            assert_eq!(int(not_an_int.clone()), None, "{not_an_int}");
        }
    }

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
        assert!(ErrorBody::parse(r#"{"error": ""}"#).is_none());
    }

    #[test]
    fn parses_the_job_services_error_and_never_keeps_a_stack_trace() {
        let body = ErrorBody::parse(r#"{"error": "project demo-server is busy"}"#).unwrap();
        assert_eq!(body.message, "project demo-server is busy");
        let body = ErrorBody::parse(
            r#"{"code":13,"message":"boom","details":[{"chorusCode":"INTERNAL_ERROR","message":"boom","instance":"/x","stackTrace":"goroutine 1 [running]: main.go:12"}]}"#,
        )
        .unwrap();
        assert!(!format!("{body:?}").contains("goroutine"));
    }

    #[test]
    fn lenient_fields() {
        let fields =
            |text: &str| Fields::of(&mut serde_json::Deserializer::from_str(text)).unwrap();
        let mut f = fields(r#"{"id": 42, "opt": "", "list": ["a", 3, null]}"#);
        assert_eq!(f.string(&["id"]), "42");
        assert_eq!(f.opt_string(&["opt"]), None);
        assert_eq!(
            f.string_vec(&["list"]),
            vec!["a".to_string(), "3".to_string()]
        );
        let mut f = fields(r#"{"id": null, "list": null}"#);
        assert_eq!(f.string(&["id"]), "");
        assert!(f.string_vec(&["list"]).is_empty());
        assert!(Fields::of(&mut serde_json::Deserializer::from_str("[1]")).is_err());
    }

    /// `required` and `or_default` give what the derived readers they replace gave: a missing
    /// required field, or one of the wrong shape, is an error naming it; a missing or `null`
    /// defaulted one is empty, one of the wrong shape an error.
    #[test]
    fn one_field_readers_fail_as_derived_ones_did() {
        let f = |text: &str| Fields::of(serde_json::from_str::<serde_json::Value>(text).unwrap());
        let req = |text: &str| f(text).and_then(|mut f| f.required::<Vec<u64>, _>("xs"));
        assert_eq!(req(r#"{"xs": [1, 2]}"#).unwrap(), vec![1, 2]);
        let missing = req(r#"{"ys": []}"#).unwrap_err().to_string();
        assert!(missing.contains("missing field `xs`"), "{missing}");
        assert!(req(r#"{"xs": null}"#).is_err());
        assert!(req(r#"{"xs": "1"}"#).is_err());
        let def = |text: &str| f(text).and_then(|mut f| f.or_default::<Vec<u64>, _>("xs"));
        assert_eq!(def(r#"{"xs": [3]}"#).unwrap(), vec![3]);
        assert!(def("{}").unwrap().is_empty());
        assert!(def(r#"{"xs": null}"#).unwrap().is_empty());
        assert!(def(r#"{"xs": {"a": 1}}"#).is_err());
    }

    #[test]
    fn an_envelope_needs_an_object_with_a_result() {
        let env = |text: &str| serde_json::from_str::<Envelope<Vec<u64>>>(text);
        let e = env(r#"{"result": [7], "pagination": null, "other": 1}"#).unwrap();
        assert_eq!((e.result, e.pagination), (vec![7], None));
        let missing = env(r#"{"pagination": {"total": 1}}"#)
            .unwrap_err()
            .to_string();
        assert!(missing.contains("missing field `result`"), "{missing}");
        let not_object = env("[1]").unwrap_err().to_string();
        assert!(
            not_object.contains("invalid type: sequence"),
            "{not_object}"
        );
        assert!(env(r#"{"result": "7"}"#).is_err());
        assert!(env(r#"{"result": [1], "pagination": 3}"#).is_err());
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

    #[test]
    fn a_list_is_complete_unless_its_pagination_says_more() {
        assert!(Pagination::is_complete(None, 0));
        let page = |total| {
            Some(Pagination {
                total,
                offset: 0,
                limit: 100,
            })
        };
        assert!(Pagination::is_complete(page(2), 2));
        assert!(Pagination::is_complete(page(0), 3));
        assert!(!Pagination::is_complete(page(150), 100));
    }
}
