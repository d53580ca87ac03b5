//! The dev API of the file service: the stores on and off, the compliance messages received.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::extract::{BodySpec, JsonBody};
use crate::reply;
use crate::state::Shared;
use crate::store::files;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoresSwitch {
    disabled: Option<Vec<String>>,
}

impl BodySpec for StoresSwitch {}

fn stores_state(app: &Shared) -> Response {
    let disabled: Vec<String> = app.files.state().disabled.iter().cloned().collect();
    reply::ok(&json!({
        "disabled": disabled,
        "stores": app.files.store_infos(),
        "directory": app.files.base().display().to_string(),
    }))
}

/// `GET /api/dev/stores` → `{"disabled":[…],"stores":[…],"directory"}`: the stores as
/// `…/stores` answers them, and the directory the files live in.
pub(crate) async fn dev_get_stores(State(app): State<Shared>) -> Response {
    stores_state(&app)
}

/// `PUT /api/dev/stores {"disabled":[names]}`: those stores are disabled from now on (every
/// file call naming one answers `400 File store <name> is disabled`, an upload under way
/// too), the others as configured; `[]` or a reset brings them back.
pub(crate) async fn dev_put_stores(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<StoresSwitch>,
) -> ApiResult<Response> {
    let names = body.disabled.ok_or_else(|| {
        ApiError::validation(vec![FieldError::new(
            "disabled",
            "is required: a list of store names",
        )])
    })?;
    if let Some(bad) = names
        .iter()
        .find(|n| !files::Files::store_names().any(|s| s == n.as_str()))
    {
        return Err(ApiError::validation(vec![FieldError::new(
            "disabled",
            format!("unknown store {bad}: the stores are archive and disk"),
        )]));
    }
    app.files.state().disabled = names.into_iter().collect();
    Ok(stores_state(&app))
}

/// `GET /api/dev/compliance` → `[{"workspaceId","path","message"}]`, in the order received.
pub(crate) async fn dev_compliance(State(app): State<Shared>) -> Response {
    let list = app.files.state().compliance.clone();
    reply::ok(&list)
}
