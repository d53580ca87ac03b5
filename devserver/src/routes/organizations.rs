//! `/organizations` (api.md §6, both flavors, as a running CHORUS 0978bc77 answered:
//! fixtures/chorus/organizations.json): list, get, the logo's raw bytes, create, update (the
//! whole row; a missing logo keeps the old one), delete (soft). Reading needs
//! `listOrganizations`/`getOrganization` (every logged-in user), writing
//! `create`/`update`/`deleteOrganization` (PlatformOrganizationManager, SuperAdmin). The chorus
//! flavor keeps CHORUS's 5-second cache of `Get` and `List` (`store/organizations.rs`).

use std::cmp::Ordering;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::codec::base64_decode;
use crate::error::{ApiError, ApiResult, Code};
use crate::extract::{BodySpec, Caller, Id, JsonBody, OptId, Params};
use crate::perms::Target;
use crate::reply::{self, Sort};
use crate::state::{AppState, Shared};
use crate::store::organizations::{check, Fields, Logo, Organization};
use crate::store::TENANT;
use crate::wire::v1;

use super::params::Page;

/// A logo of 512 KiB in base64 and the rest fit (CHORUS's gateway takes up to 4 MB).
const BODY_LIMIT: usize = 8 << 20;

pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route(&v1("/organizations"), get(list).post(create))
        .route(
            &v1("/organizations/{id}"),
            get(get_one).put(update).delete(delete),
        )
        .route(&v1("/organizations/{id}/logo"), get(logo))
        .route_layer(DefaultBodyLimit::max(BODY_LIMIT))
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct OrganizationOut {
    id: String,
    tenant_id: String,
    name: String,
    description: String,
    /// Write-only: always `null` in a reply.
    logo: Option<()>,
    country: String,
    city: String,
    contact_user_id: String,
    website_url: String,
    created_at: String,
    updated_at: String,
}

fn out(app: &AppState, o: &Organization) -> OrganizationOut {
    OrganizationOut {
        id: o.id.to_string(),
        tenant_id: TENANT.to_string(),
        name: o.name.clone(),
        description: o.description.clone(),
        logo: None,
        country: o.country.clone(),
        city: o.city.clone(),
        contact_user_id: o.contact_user_id.to_string(),
        website_url: o.website_url.clone(),
        created_at: app.stamp(o.created_at),
        updated_at: app.stamp(o.updated_at),
    }
}

/// CHORUS's `NOT_FOUND` of a call on organization `id` ("Unable to get organization 9").
fn missing(app: &AppState, verb: &str, id: u64) -> ApiError {
    let e = ApiError::not_found("organization", &id.to_string());
    if app.chorus() {
        e.chorus_says(&format!("Unable to {verb} organization {id}"))
    } else {
        e
    }
}

type Column = fn(&Organization, &Organization) -> Ordering;

/// Empty strings are NULL in CHORUS's table: last in an ascending order, first descending.
fn nulls_last(a: &str, b: &str) -> Ordering {
    (a.is_empty(), a).cmp(&(b.is_empty(), b))
}

/// `IsValidSortType` of the model: `id, name, country, city, createdat`.
const COLUMNS: &[(&str, Column)] = &[
    ("id", |a, b| a.id.cmp(&b.id)),
    ("name", |a, b| a.name.cmp(&b.name)),
    ("country", |a, b| nulls_last(&a.country, &b.country)),
    ("city", |a, b| nulls_last(&a.city, &b.city)),
    ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
];

/// `ListOrganizations`: every live row, by id unless a sort column is asked.
async fn list(
    State(app): State<Shared>,
    Caller(uid): Caller,
    params: Params,
) -> ApiResult<Response> {
    let page = Page::of(&app, &params)?;
    let mut st = app.store();
    st.require(uid, "listOrganizations", &Target::none())?;
    let key = format!(
        "{}:{}:{}:{:?}:{}",
        page.offset, page.limit, page.paged, page.sort_type, page.descending
    );
    let cached = if app.chorus() {
        st.organizations.cached_list(&key)
    } else {
        None
    };
    let (rows, sort, total) = match cached {
        Some(l) => l,
        None => {
            let mut rows: Vec<Organization> = st.organizations.rows().cloned().collect();
            let column = page
                .sort_type
                .as_deref()
                .and_then(|k| COLUMNS.iter().find(|(n, _)| *n == k));
            let sort = match column {
                Some((name, cmp)) => {
                    rows.sort_by(|a, b| {
                        let o = cmp(a, b);
                        if page.descending {
                            o.reverse()
                        } else {
                            o
                        }
                    });
                    Sort {
                        order: if page.descending { "DESC" } else { "ASC" }.into(),
                        kind: (*name).into(),
                    }
                }
                None => Sort::default(),
            };
            let total = rows.len();
            let rows: Vec<Organization> = rows
                .into_iter()
                .skip(page.offset)
                .take(if page.paged { page.limit } else { usize::MAX })
                .collect();
            let listed = (rows, sort, total);
            if app.chorus() {
                st.organizations.keep_list(key, listed.clone());
            }
            listed
        }
    };
    let items: Vec<OrganizationOut> = rows.iter().map(|o| out(&app, o)).collect();
    if !page.paged {
        return Ok(reply::result("organizations", items));
    }
    Ok(reply::ok(&reply::Envelope {
        result: reply::Keyed("organizations", items),
        pagination: Some(reply::Pagination {
            total,
            offset: page.offset,
            limit: page.limit,
            sort: Some(sort),
        }),
    }))
}

async fn get_one(State(app): State<Shared>, Caller(uid): Caller, id: Id) -> ApiResult<Response> {
    let n = id.num("organization")?;
    let mut st = app.store();
    st.require(uid, "getOrganization", &Target::none())?;
    if app.chorus() {
        if let Some(o) = st.organizations.cached(n) {
            return Ok(reply::result("organization", out(&app, &o)));
        }
    }
    let o = st
        .organizations
        .get(n)
        .cloned()
        .ok_or_else(|| missing(&app, "get", n))?;
    if app.chorus() {
        st.organizations.keep(&o);
    }
    Ok(reply::result("organization", out(&app, &o)))
}

/// `GetOrganizationLogo`: the bytes as stored, their type, CHORUS's cache header (which its
/// gateway sends as `Grpcgateway-Cache-Control`, seen: browsers do not read it; ours is a real
/// `Cache-Control`).
async fn logo(State(app): State<Shared>, Caller(uid): Caller, id: Id) -> ApiResult<Response> {
    let n = id.num("organization")?;
    let st = app.store();
    st.require(uid, "getOrganization", &Target::none())?;
    let Some(o) = st.organizations.get(n) else {
        let e = ApiError::not_found("organization", &n.to_string());
        return Err(if app.chorus() {
            e.chorus_says(&format!("Unable to get logo for organization {n}"))
        } else {
            e
        });
    };
    let Some(logo) = &o.logo else {
        let text = format!("organization {n} has no logo");
        return Err(ApiError::new(Code::NotFound, &text).chorus_says(&text));
    };
    let cache = if app.chorus() {
        "Grpcgateway-Cache-Control"
    } else {
        CACHE_CONTROL.as_str()
    };
    Ok((
        StatusCode::OK,
        [
            (CONTENT_TYPE.as_str(), logo.content_type.clone()),
            (cache, "max-age=86400".to_string()),
        ],
        logo.bytes.clone(),
    )
        .into_response())
}

/// The `Organization` message of a create or an update, decoded strictly.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrganizationIn {
    #[serde(default, rename = "id")]
    _id: OptId,
    #[serde(default, rename = "tenantId")]
    _tenant_id: OptId,
    name: Option<String>,
    description: Option<String>,
    logo: Option<LogoIn>,
    country: Option<String>,
    city: Option<String>,
    #[serde(default)]
    contact_user_id: OptId,
    website_url: Option<String>,
    #[serde(rename = "createdAt")]
    _created_at: Option<IgnoredAny>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<IgnoredAny>,
}

impl BodySpec for OrganizationIn {}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LogoIn {
    data: Option<String>,
    content_type: Option<String>,
}

/// The fields of a body, checked as CHORUS checks them; a contact that is no user is CHORUS's
/// foreign-key 500 (`failure`: "Unable to create organization").
fn fields(app: &AppState, body: OrganizationIn, failure: &str) -> ApiResult<Fields> {
    let logo = match body.logo {
        None => None,
        Some(l) => {
            let data = l.data.unwrap_or_default();
            let bytes = base64_decode(&data).ok_or_else(|| {
                ApiError::gateway(
                    Code::InvalidRequest,
                    StatusCode::BAD_REQUEST,
                    3,
                    "proto: (line 1:1): invalid value for bytes field data: not base64",
                )
            })?;
            Some(Logo {
                bytes,
                content_type: l.content_type.unwrap_or_default(),
            })
        }
    };
    let f = Fields {
        name: body.name.unwrap_or_default(),
        description: body.description.unwrap_or_default(),
        country: body.country.unwrap_or_default(),
        city: body.city.unwrap_or_default(),
        contact_user_id: body.contact_user_id.0.unwrap_or(0),
        website_url: body.website_url.unwrap_or_default(),
        logo,
    };
    let errs = check(
        &f,
        f.logo
            .as_ref()
            .map(|l| (l.bytes.len(), l.content_type.as_str())),
    );
    if !errs.is_empty() {
        let mut e = ApiError::validation(errs);
        if app.chorus() {
            e = e.chorus_says("Validation error");
        }
        return Err(e);
    }
    if f.contact_user_id != 0 && !app.store().users.contains_key(&f.contact_user_id) {
        return Err(ApiError::internal(format!(
            "contact user {} does not exist",
            f.contact_user_id
        ))
        .chorus_says(failure));
    }
    Ok(f)
}

async fn create(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<OrganizationIn>,
) -> ApiResult<Response> {
    app.store()
        .require(uid, "createOrganization", &Target::none())?;
    let f = fields(&app, body, "Unable to create organization")?;
    let o = app.store().organizations.create(f);
    Ok(reply::result("organization", out(&app, &o)))
}

async fn update(
    State(app): State<Shared>,
    Caller(uid): Caller,
    id: Id,
    JsonBody(body): JsonBody<OrganizationIn>,
) -> ApiResult<Response> {
    let n = id.num("organization")?;
    app.store()
        .require(uid, "updateOrganization", &Target::none())?;
    let f = fields(&app, body, &format!("Unable to update organization {n}"))?;
    let o = app
        .store()
        .organizations
        .update(n, f)
        .ok_or_else(|| missing(&app, "update", n))?;
    Ok(reply::result("organization", out(&app, &o)))
}

/// A soft delete: `{"result":{}}`; a second one is 404.
async fn delete(State(app): State<Shared>, Caller(uid): Caller, id: Id) -> ApiResult<Response> {
    let n = id.num("organization")?;
    let mut st = app.store();
    st.require(uid, "deleteOrganization", &Target::none())?;
    if !st.organizations.delete(n) {
        return Err(missing(&app, "delete", n));
    }
    Ok(reply::empty_result())
}
