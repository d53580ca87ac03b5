//! What the OpenID login routes (`auth`) and the fake identity provider (`idp`) both need: the
//! one provider, whether it is offered, and how long a login may take. Both import it; neither
//! imports the other for it.

use std::time::Duration;

use crate::error::{ApiError, ApiResult};
use crate::extract::Id;
use crate::state::{lock, Shared};

/// The one identity provider.
pub(crate) const PROVIDER: &str = "keycloak";

/// An OpenID login must finish within this long.
pub(crate) const LOGIN_TTL: Duration = Duration::from_secs(600);

/// The provider of a path, if it is offered.
pub(crate) fn provider(app: &Shared, id: &Id) -> ApiResult<&'static str> {
    if id.raw == PROVIDER && lock(&app.auth_modes).openid {
        Ok(PROVIDER)
    } else {
        Err(ApiError::not_found("identity provider", &id.raw))
    }
}
