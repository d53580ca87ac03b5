//! `POST /api/dev/apps`: a long app catalogue at once (issue 50: the `Open app` menu at scale).

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ApiResult};
use crate::extract::{BodySpec, JsonBody};
use crate::reply;
use crate::state::Shared;
use crate::store::App;

/// The most apps one call adds.
const MAX_APPS: usize = 20_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AppsIn {
    count: usize,
}

impl BodySpec for AppsIn {}

#[derive(Serialize)]
struct AppsOut {
    apps: usize,
}

/// `POST /api/dev/apps {"count":500}` → `{"apps":<the catalogue's size now>}`: that many apps
/// more, `Bench app 00001` … (image `bench/app-<n>:1.0`), each starting as any healthy one. 400
/// for more than 20000; a reset brings the seed's catalogue back.
pub(crate) async fn add(
    State(app): State<Shared>,
    JsonBody(body): JsonBody<AppsIn>,
) -> ApiResult<Response> {
    if body.count > MAX_APPS {
        return Err(ApiError::invalid(format!(
            "count: at most {MAX_APPS} (got {})",
            body.count
        )));
    }
    let mut st = app.store();
    let first = st.apps.iter().map(|a| a.id).max().unwrap_or(0) + 1;
    for i in 0..body.count as u64 {
        let n = i + 1;
        st.apps.push(App::seeded(
            first + i,
            &format!("Bench app {n:05}"),
            &format!("Generated app {n} of {}", body.count),
            ("", &format!("bench/app-{n}"), "1.0"),
        ));
    }
    st.app_cache.clear();
    Ok(reply::ok(&AppsOut {
        apps: st.apps.len(),
    }))
}
