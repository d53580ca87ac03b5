//! An app of the catalogue as both flavors send it: every field of CHORUS's `App`
//! (api.md §1), `groupedVersions` filled only by a grouped list.

use serde::Serialize;

use super::View;
use crate::store::app_row::AppFields;
use crate::store::{App, TENANT};

/// Another version of a listed app (`groupedVersions`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Version {
    pub id: String,
    pub docker_image_tag: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AppOut {
    id: String,
    tenant_id: String,
    user_id: String,
    #[serde(flatten)]
    fields: AppFields,
    grouped_versions: Vec<Version>,
    created_at: String,
    updated_at: String,
}

impl View {
    /// Row `a` with the other versions `grouped` (empty but for a grouped list).
    pub fn app(self, a: &App, grouped: Vec<Version>) -> AppOut {
        AppOut {
            id: a.id.to_string(),
            tenant_id: TENANT.to_string(),
            user_id: a.user_id.to_string(),
            fields: a.fields.clone(),
            grouped_versions: grouped,
            created_at: self.time(a.created_at),
            updated_at: self.time(a.updated_at),
        }
    }
}
