//! CHORUS's platform settings record (api.md §4a): `{"platformSettings":{…}}`, `websiteURL` with
//! `URL` in capitals, the three limits uint32 as JSON numbers (`0` = none). Read tolerantly; sent
//! wrapped, as CHORUS wants it.
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::branding::PlatformSettings;

/// The record as read.
#[derive(Clone, Debug, Default)]
pub struct SettingsIn {
    pub title: String,
    pub headline: String,
    pub tagline: String,
    pub website_url: String,
    pub max_workspaces_per_user: u64,
    pub max_sessions_per_user: u64,
    pub max_app_instances_per_user: u64,
}

impl<'de> Deserialize<'de> for SettingsIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            title: f.string(&["title"]),
            headline: f.string(&["headline"]),
            tagline: f.string(&["tagline"]),
            website_url: f.string(&["websiteURL"]),
            max_workspaces_per_user: f.count(&["maxWorkspacesPerUser"]),
            max_sessions_per_user: f.count(&["maxSessionsPerUser"]),
            max_app_instances_per_user: f.count(&["maxAppInstancesPerUser"]),
        })
    }
}

/// `{"platformSettings": …}` of a reply's `result`.
pub struct SettingsResult {
    pub platform_settings: Option<SettingsIn>,
}

impl<'de> Deserialize<'de> for SettingsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Self {
            platform_settings: Fields::of(d)?.or_default("platformSettings")?,
        })
    }
}

impl From<SettingsIn> for PlatformSettings {
    fn from(s: SettingsIn) -> Self {
        let n = |v: u64| u32::try_from(v).unwrap_or(0);
        PlatformSettings {
            title: s.title,
            headline: s.headline,
            tagline: s.tagline,
            website_url: s.website_url,
            max_workspaces_per_user: n(s.max_workspaces_per_user),
            max_sessions_per_user: n(s.max_sessions_per_user),
            max_app_instances_per_user: n(s.max_app_instances_per_user),
        }
    }
}

/// The record as sent (every field: a put replaces the whole record).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsOut<'a> {
    pub title: &'a str,
    pub headline: &'a str,
    pub tagline: &'a str,
    #[serde(rename = "websiteURL")]
    pub website_url: &'a str,
    pub max_workspaces_per_user: u32,
    pub max_sessions_per_user: u32,
    pub max_app_instances_per_user: u32,
}

/// The put's body.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PutBody<'a> {
    pub platform_settings: SettingsOut<'a>,
}

impl<'a> From<&'a PlatformSettings> for PutBody<'a> {
    fn from(s: &'a PlatformSettings) -> Self {
        PutBody {
            platform_settings: SettingsOut {
                title: &s.title,
                headline: &s.headline,
                tagline: &s.tagline,
                website_url: &s.website_url,
                max_workspaces_per_user: s.max_workspaces_per_user,
                max_sessions_per_user: s.max_sessions_per_user,
                max_app_instances_per_user: s.max_app_instances_per_user,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    #[test]
    fn reads_chorus_zero_record_and_sends_it_wrapped() {
        let env: Envelope<SettingsResult> = serde_json::from_str(
            r#"{"result":{"platformSettings":{"id":"0","tenantId":"1","title":"","headline":"","tagline":"","websiteURL":"https://e.org","maxWorkspacesPerUser":0,"maxSessionsPerUser":2,"maxAppInstancesPerUser":"3","createdAt":null,"updatedAt":null}}}"#,
        )
        .unwrap();
        let s: PlatformSettings = env.result.platform_settings.unwrap().into();
        assert_eq!(s.website_url, "https://e.org");
        assert_eq!(
            (s.max_sessions_per_user, s.max_app_instances_per_user),
            (2, 3)
        );
        let body = serde_json::to_value(PutBody::from(&s)).unwrap();
        assert_eq!(body["platformSettings"]["websiteURL"], "https://e.org");
        assert_eq!(body["platformSettings"]["maxSessionsPerUser"], 2);
        assert!(body.get("title").is_none());
    }
}
