//! CHORUS's platform settings (api.md §4a): read by anyone (`GET /platform-settings`), replaced
//! whole with `setPlatformSettings` (`PUT`, the record wrapped in `platformSettings`). CHORUS
//! keeps a read five seconds and a put does not clear it: the put's reply is the record as
//! stored, not a read after it.
use super::client::{rest, ApiClient};
use super::wire::common::Envelope;
use super::wire::platform_settings::{PutBody, SettingsResult};
use super::ApiError;
use crate::domain::branding::PlatformSettings;

/// The record (the zero record when none was ever saved).
pub(crate) async fn get(api: ApiClient) -> Result<PlatformSettings, ApiError> {
    api.get::<Envelope<SettingsResult>>(&rest(&["platform-settings"]))
        .await
        .map(|env| env.result.platform_settings.unwrap_or_default().into())
}

/// Replaces the whole record; the record as stored.
pub(crate) async fn put(
    api: ApiClient,
    settings: &PlatformSettings,
) -> Result<PlatformSettings, ApiError> {
    api.put::<_, Envelope<SettingsResult>>(&rest(&["platform-settings"]), &PutBody::from(settings))
        .await
        .map(|env| env.result.platform_settings.unwrap_or_default().into())
}
