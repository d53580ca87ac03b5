//! `GET` and `PUT /platform-settings` (api.md §4a; the record in `store/platform_settings.rs`),
//! both flavors, as a running CHORUS 0978bc77 answered (`fixtures/chorus/platform_settings.json`):
//!
//! - the read needs no login: the zero record (`id "0"`, `createdAt`/`updatedAt` `null`) until
//!   the first put;
//! - the put is wrapped (`{"platformSettings":{…}}`; a bare record is grpc-gateway's 400
//!   `unknown field "title"`, a body without it 400 `platform settings payload is required`),
//!   needs `setPlatformSettings`, ignores `id`, `tenantId` and the times of the body, and
//!   replaces every field (omitted: `""` or `0`); the three limits are uint32 (a number, or a
//!   string of digits; `-1`, `2.5` or `4294967296` are 400);
//! - the chorus flavor keeps a read for five seconds and a put does not clear it, so a read
//!   right after a put answers the old record; and while a read is kept, a read without a valid
//!   login is CHORUS's 500 `unable to call 'GetPlatformSettings': malformed jwt-token` (seen:
//!   its cache asks the token for the tenant; only a read that misses the cache is public).

use std::time::SystemTime;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::extract::{tokens_from, BodySpec, Caller, JsonBody};
use crate::perms::Target;
use crate::reply;
use crate::state::Shared;
use crate::store::platform_settings::PlatformSettings;
use crate::wire::{rfc3339, rfc3339_db};

/// `{"platformSettings": …}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PutIn {
    platform_settings: Option<SettingsIn>,
}

impl BodySpec for PutIn {
    const EMPTY_OK: bool = true;
}

/// A record as sent: `id`, `tenantId` and the times are read and ignored.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct SettingsIn {
    #[serde(rename = "id")]
    _id: Option<Value>,
    #[serde(rename = "tenantId")]
    _tenant_id: Option<Value>,
    title: Option<String>,
    headline: Option<String>,
    tagline: Option<String>,
    #[serde(rename = "websiteURL")]
    website_url: Option<String>,
    max_workspaces_per_user: U32,
    max_sessions_per_user: U32,
    max_app_instances_per_user: U32,
    #[serde(rename = "createdAt")]
    _created_at: Option<Value>,
    #[serde(rename = "updatedAt")]
    _updated_at: Option<Value>,
}

/// protojson's uint32: a whole number from 0 to 4294967295, or a string of one; `null` is 0.
#[derive(Default)]
struct U32(u32);

impl<'de> Deserialize<'de> for U32 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = U32;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number from 0 to 4294967295")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<U32, E> {
                u32::try_from(v)
                    .map(U32)
                    .map_err(|_| E::custom(format!("invalid value for uint32 field: {v}")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<U32, E> {
                u32::try_from(v)
                    .map(U32)
                    .map_err(|_| E::custom(format!("invalid value for uint32 field: {v}")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<U32, E> {
                Err(E::custom(format!("invalid value for uint32 field: {v}")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<U32, E> {
                v.parse::<u32>()
                    .map(U32)
                    .map_err(|_| E::custom(format!("invalid value for uint32 field: {v:?}")))
            }
            fn visit_unit<E: de::Error>(self) -> Result<U32, E> {
                Ok(U32(0))
            }
        }
        d.deserialize_any(V)
    }
}

/// The record on the wire.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SettingsOut {
    id: String,
    tenant_id: &'static str,
    title: String,
    headline: String,
    tagline: String,
    #[serde(rename = "websiteURL")]
    website_url: String,
    max_workspaces_per_user: u32,
    max_sessions_per_user: u32,
    max_app_instances_per_user: u32,
    created_at: Option<String>,
    updated_at: Option<String>,
}

fn out(r: &PlatformSettings, chorus: bool) -> Response {
    let time = |t: Option<SystemTime>| t.map(|t| if chorus { rfc3339_db(t) } else { rfc3339(t) });
    let record = SettingsOut {
        id: r.id.to_string(),
        tenant_id: "1",
        title: r.title.clone(),
        headline: r.headline.clone(),
        tagline: r.tagline.clone(),
        website_url: r.website_url.clone(),
        max_workspaces_per_user: r.max_workspaces_per_user,
        max_sessions_per_user: r.max_sessions_per_user,
        max_app_instances_per_user: r.max_app_instances_per_user,
        created_at: time(r.created_at),
        updated_at: time(r.updated_at),
    };
    reply::result("platformSettings", record)
}

/// `GET /platform-settings`: no login needed (but see the chorus flavor's cache, above).
pub(crate) async fn get(State(app): State<Shared>, headers: HeaderMap) -> ApiResult<Response> {
    let chorus = app.chorus();
    let mut st = app.store();
    if !chorus {
        return Ok(out(st.platform.record(), false));
    }
    if let Some(kept) = st.platform.cached().cloned() {
        if st.authenticate(&tokens_from(&headers)).is_err() {
            let said = "unable to call 'GetPlatformSettings': malformed jwt-token";
            return Err(ApiError::internal(said).chorus_bare(said));
        }
        return Ok(out(&kept, true));
    }
    let read = st.platform.keep();
    Ok(out(&read, true))
}

/// `PUT /platform-settings`: `setPlatformSettings`; replaces the whole record.
pub(crate) async fn put(
    State(app): State<Shared>,
    Caller(uid): Caller,
    JsonBody(body): JsonBody<PutIn>,
) -> ApiResult<Response> {
    let chorus = app.chorus();
    let mut st = app.store();
    st.require(uid, "setPlatformSettings", &Target::none())?;
    let Some(s) = body.platform_settings else {
        return Err(ApiError::invalid("platform settings payload is required"));
    };
    let new = PlatformSettings {
        title: s.title.unwrap_or_default(),
        headline: s.headline.unwrap_or_default(),
        tagline: s.tagline.unwrap_or_default(),
        website_url: s.website_url.unwrap_or_default(),
        max_workspaces_per_user: s.max_workspaces_per_user.0,
        max_sessions_per_user: s.max_sessions_per_user.0,
        max_app_instances_per_user: s.max_app_instances_per_user.0,
        ..Default::default()
    };
    let saved = st.platform.replace(new, SystemTime::now()).clone();
    Ok(out(&saved, chorus))
}
