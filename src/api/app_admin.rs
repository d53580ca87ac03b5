//! The catalogue's administration (`/admin/apps`; api.md §1), and the one reading of the whole
//! catalogue (`/apps` and `Open app` read it too, `api/app_catalogue.rs`): every row of `GET /apps`
//! (`disableGrouping=true`, every page) kept as read, whole (a JSON object: CHORUS's update
//! replaces the row, so what the form does not show goes back as it was), a row that is not an
//! object kept as such (one bad row never hides the others); create, whole-row update, delete.
//! Never a bulk create: `POST /apps/bulk` with an empty list stops CHORUS.
use serde::Deserialize;
use serde_json::{Map, Value};

use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::wire::common::{Envelope, Fields};
use super::ApiError;
use crate::domain::order::Order;
use crate::domain::paging::PageWalk;

/// One row of the list: an app, or what could not be read as one.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Row {
    App(Map<String, Value>),
    /// Not an object, or an object without an id: its JSON, cut short.
    Unreadable(String),
}

impl Row {
    fn of(v: Value) -> Row {
        match v {
            Value::Object(m) if id_of(&m).is_some() => Row::App(m),
            other => {
                let mut t = other.to_string();
                if t.len() > 200 {
                    let mut cut = 200;
                    while !t.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    t.truncate(cut);
                    t.push('…');
                }
                Row::Unreadable(t)
            }
        }
    }
}

/// An app's id: a non-empty string or a number.
pub(crate) fn id_of(app: &Map<String, Value>) -> Option<String> {
    match app.get("id")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct Rows {
    apps: Option<Vec<Value>>,
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            apps: Fields::of(d)?.or_default("apps")?,
        })
    }
}

struct One {
    app: Option<Map<String, Value>>,
}

impl<'de> Deserialize<'de> for One {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            app: Fields::of(d)?.or_default("app")?,
        })
    }
}

/// Rows by id: an order that does not change when a row is written (CHORUS knows `id`).
const BY_ID: Order = Order {
    column: "id",
    descending: false,
};

/// Every version of every app not deleted (inactive ones too), all pages, and the words of a cut
/// when the safety stop ended the reading. CHORUS answers a page asked again within 5 s from its
/// cache, without `pagination`: a full page then means "read on".
pub(crate) async fn rows(api: ApiClient) -> Result<(Vec<Row>, Option<String>), ApiError> {
    let mut all: Vec<Row> = Vec::new();
    let mut walk = PageWalk::new();
    let mut unreadable = 0u64;
    loop {
        let [o, l, t, d] = page_params(walk.offset(), MAX_PAGE, BY_ID);
        let path = with_query(
            &rest(&["apps"]),
            &[
                ("disableGrouping", "true"),
                (o.0, &o.1),
                (l.0, &l.1),
                (t.0, &t.1),
                (d.0, &d.1),
            ],
        );
        let env = api.get::<Envelope<Rows>>(&path).await?;
        let page = env.result.apps.unwrap_or_default();
        let got = page.len() as u64;
        let before = all.len();
        for v in page {
            let row = Row::of(v);
            let key = match &row {
                Row::App(m) => id_of(m).unwrap_or_default(),
                Row::Unreadable(_) => {
                    unreadable += 1;
                    format!("\u{0}{}-{unreadable}", walk.offset())
                }
            };
            if walk.is_new(key) {
                all.push(row);
            }
        }
        let new = (all.len() - before) as u64;
        let total = env
            .pagination
            .map(|p| p.total)
            .or_else(|| (got >= u64::from(MAX_PAGE)).then(|| walk.offset() + got + 1));
        if !walk.more(got, new, total) {
            break;
        }
    }
    let cut = walk.cut().map(|c| c.words("app versions"));
    Ok((all, cut))
}

/// `GET /apps/{id}`: the row as stored now (needs `getApp`; `None` when the reply held none).
pub(crate) async fn get(api: ApiClient, id: &str) -> Result<Option<Map<String, Value>>, ApiError> {
    let env = api.get::<Envelope<One>>(&rest(&["apps", id])).await?;
    Ok(env.result.app)
}

/// The app as stored now (`GET /apps/{id}`: the list may come from CHORUS's 5-second cache,
/// and an update replaces the whole row), else `read` when it cannot be had (no `getApp`, gone)
/// or when the reply is older than `read`: `GET /apps/{id}` comes from CHORUS's one-second
/// cache, and right after this page's own save it can be the row from before it, where `read`
/// is the save's reply ([`crate::domain::app_form::is_older`]).
pub(crate) async fn fresh(api: ApiClient, read: Map<String, Value>) -> Map<String, Value> {
    let Some(id) = id_of(&read) else {
        return read;
    };
    match get(api, &id).await {
        Ok(Some(app))
            if id_of(&app).as_deref() == Some(id.as_str())
                && !crate::domain::app_form::is_older(&app, &read) =>
        {
            app
        }
        _ => read,
    }
}

/// `POST /apps` (`body` without an `id`) or `PUT /apps` (with it): the app as the backend
/// stored it, else the body sent (a reply without the app).
pub(crate) async fn save(
    api: ApiClient,
    body: Map<String, Value>,
) -> Result<Map<String, Value>, ApiError> {
    let path = rest(&["apps"]);
    let env = if id_of(&body).is_some() {
        api.put::<_, Envelope<One>>(&path, &body).await?
    } else {
        api.post::<_, Envelope<One>>(&path, &body).await?
    };
    Ok(env.result.app.unwrap_or(body))
}

/// `DELETE /apps/{id}`: CHORUS marks the row deleted and renames it.
pub(crate) async fn delete(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<Value>(&rest(&["apps", id])).await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_bad_row_is_kept_as_such_and_hides_no_other() {
        let rows: Vec<Row> = [
            json!({"id": "1", "name": "<b>x</b>"}),
            json!(42),
            json!({"name": "no id"}),
            json!({"id": 7}),
            json!("x".repeat(500)),
        ]
        .into_iter()
        .map(Row::of)
        .collect();
        assert!(matches!(&rows[0], Row::App(m) if m["name"] == "<b>x</b>"));
        assert_eq!(rows[1], Row::Unreadable("42".into()));
        assert!(matches!(&rows[2], Row::Unreadable(t) if t.contains("no id")));
        assert!(matches!(&rows[3], Row::App(m) if id_of(m).as_deref() == Some("7")));
        assert!(matches!(&rows[4], Row::Unreadable(t) if t.ends_with('…') && t.len() < 210));
    }
}
