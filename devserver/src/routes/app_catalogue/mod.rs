//! `/apps`: the app catalogue (api.md §1 "Apps (the catalogue)"), as CHORUS 0978bc77 answers
//! it: the grouped list with its 5-second cache (`list.rs`), and the admin's reads and writes
//! (`write.rs`). Recorded replies: fixtures/chorus/apps_catalogue.json.

mod list;
pub(super) mod write;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;

use crate::error::{ApiError, Code};
use crate::state::Shared;
use crate::store::app_row::AppFields;
use crate::wire::v1;

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route(
            &v1("/apps"),
            get(list::list).post(write::create).put(write::update),
        )
        .route(&v1("/apps/bulk"), post(write::bulk))
        .route(&v1("/apps/{id}"), get(write::get).delete(write::delete))
}

/// The app controller's error (`status.Errorf`): `{"code":N,"message":…,"details":[]}`, in
/// both flavors.
fn says(code: Code, status: StatusCode, grpc: i32, message: String) -> ApiError {
    ApiError::gateway(code, status, grpc, message)
}

/// A 500 of the app controller (gRPC `Internal`, 13).
fn internal(message: String) -> ApiError {
    says(
        Code::Internal,
        StatusCode::INTERNAL_SERVER_ERROR,
        13,
        message,
    )
}

/// What CHORUS checks of an app it writes, in its order: the status (`converter.AppToBusiness`:
/// `active`, `inactive` or `deleted`, lower case), the registry (`validateRegistry`: empty or
/// the configured one; CHORUS with its OCI client off has `""`, so every other is refused; ours
/// is `registry.example.org`), the image's existence (CHORUS's test client says every image
/// exists; ours says an image whose name or tag holds `missing` does not). `call` is the
/// controller's name (`CreateApp`), `wrap` what its logging middleware says first.
fn check(chorus: bool, f: &AppFields, call: &str, wrap: &str) -> Result<(), ApiError> {
    if !["active", "inactive", "deleted"].contains(&f.status.as_str()) {
        return Err(internal(format!(
            "conversion error: unable to convert app status: unexpected AppStatus: {}",
            f.status
        )));
    }
    let configured = if chorus {
        ""
    } else {
        crate::store::APP_REGISTRY
    };
    let reg = &f.docker_image_registry;
    if !reg.is_empty() && reg != configured {
        return Err(internal(format!(
            "unable to call '{call}': {wrap}app image registry \"{reg}\" does not match configured registry \"{configured}\""
        )));
    }
    let missing = |s: &str| s.contains("missing");
    if !chorus && (missing(&f.docker_image_name) || missing(&f.docker_image_tag)) {
        return Err(internal(format!(
            "unable to call '{call}': {wrap}app image {} does not exist",
            f.image()
        )));
    }
    Ok(())
}
