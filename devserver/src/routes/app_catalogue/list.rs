//! `GET /apps`: the rows not deleted (inactive ones too), one page of them, grouped by image
//! unless `disableGrouping=true` (api.md §1, "List").
//!
//! Paging: default and most 1000 rows. CHORUS refuses a `pagination.limit` above 100 (its
//! common `Pagination` validation, with the app controller's words) and, unasked, sends no
//! `pagination`. CHORUS caches each page of rows for 5 s (per pagination): a hit answers the
//! rows as they were then and no `pagination`; the grouping happens after the cache. CHORUS's
//! grouping (`groupApps`) keeps the highest id of each image, lists as its `groupedVersions`
//! only the group's first row in the page (when it is not the highest: its map of versions is
//! never appended to), and answers the groups in Go map order (random on every call). Ours
//! lists every other version, and keeps the rows' order. All seen on CHORUS 0978bc77
//! (fixtures/chorus/apps_catalogue.json).

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::says;
use crate::error::{ApiResult, Code};
use crate::extract::{Caller, Params};
use crate::order;
use crate::perms::Target;
use crate::reply::Paging;
use crate::state::Shared;
use crate::store::App;
use crate::wire::{AppOut, Version, View};

use super::super::params::bool_param;

/// The default and the largest page.
const LIMIT: usize = 1000;

/// CHORUS's largest `pagination.limit` (`pkg/common/model` `Pagination`: `max=100`).
const CHORUS_MAX: usize = 100;

pub(crate) async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let asked_limit = params
        .get("pagination.limit")
        .and_then(|l| l.trim().parse::<usize>().ok())
        .unwrap_or(0);
    if chorus && asked_limit > CHORUS_MAX {
        return Err(says(
            Code::ValidationError,
            StatusCode::BAD_REQUEST,
            3,
            "unable to call 'ListApps': Key: 'Pagination.Limit' Error:Field validation for 'Limit' failed on the 'max' tag".into(),
        ));
    }
    let paging = params.paging(app.config.flavor, LIMIT)?;
    let grouped = !bool_param(&app, &params, "disableGrouping")?;
    let mut st = app.store();
    st.require(uid, "listApps", &Target::none())?;
    let (offset, limit) = match &paging {
        Paging::All => (0, LIMIT),
        Paging::Page { offset, .. } => (*offset, asked_limit.clamp(1, LIMIT)),
    };
    let limit = if asked_limit == 0 { LIMIT } else { limit };
    let key = format!("{paging:?}");
    let cached = if chorus { st.app_cache.get(&key) } else { None };
    let hit = cached.is_some();
    let (rows, total, sort) = match cached {
        Some(rows) => (rows, 0, Default::default()),
        None => {
            let mut listed = st.listed_apps();
            let sort = order::arrange(&mut listed, paging.sort(), chorus);
            let total = listed.len();
            let rows: Vec<App> = listed
                .into_iter()
                .skip(offset)
                .take(limit)
                .cloned()
                .collect();
            if chorus {
                st.app_cache.put(key, rows.clone());
            }
            (rows, total, sort)
        }
    };
    let view = app.view();
    let apps = if grouped {
        group(view, &rows, chorus)
    } else {
        rows.iter().map(|a| view.app(a, Vec::new())).collect()
    };
    let mut body = json!({ "result": { "apps": apps } });
    if let (Paging::Page { .. }, false) = (&paging, hit) {
        let mut p = json!({ "total": total, "offset": offset, "limit": limit });
        if chorus {
            p["sort"] = json!(sort);
        }
        body["pagination"] = p;
    }
    Ok(crate::reply::ok(&body))
}

/// One app per image (`App::group`): the highest id, with the other versions.
fn group(view: View, rows: &[App], chorus: bool) -> Vec<AppOut> {
    let mut keys: Vec<String> = Vec::new();
    let mut members: HashMap<String, Vec<&App>> = HashMap::new();
    for a in rows {
        let k = a.group();
        if !members.contains_key(&k) {
            keys.push(k.clone());
        }
        members.entry(k).or_default().push(a);
    }
    let mut heads: Vec<(usize, AppOut)> = Vec::new();
    for k in keys {
        let group = &members[&k];
        let Some(head) = group.iter().max_by_key(|a| a.id) else {
            continue;
        };
        let others = group.iter().filter(|a| a.id != head.id);
        let versions: Vec<Version> = if chorus {
            others
                .take(usize::from(group[0].id != head.id))
                .map(|a| version(a))
                .collect()
        } else {
            others.map(|a| version(a)).collect()
        };
        let at = rows.iter().position(|a| a.id == head.id).unwrap_or(0);
        heads.push((at, view.app(head, versions)));
    }
    if chorus {
        fastrand::shuffle(&mut heads);
    } else {
        heads.sort_by_key(|(at, _)| *at);
    }
    heads.into_iter().map(|(_, a)| a).collect()
}

fn version(a: &App) -> Version {
    Version {
        id: a.id.to_string(),
        docker_image_tag: a.fields.docker_image_tag.clone(),
    }
}
