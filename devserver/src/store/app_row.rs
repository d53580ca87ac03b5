//! An app of the catalogue (api.md §1 "Apps (the catalogue)"): its fields as CHORUS spells
//! them, read from a request body and written into every reply.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The fields a client writes (`POST /apps`, `PUT /apps`): every string of CHORUS's `App`.
/// Strictly read as CHORUS does (an unknown field is refused); `id`, `tenantId`, `userId`,
/// `groupedVersions` and the timestamps are read and ignored (CHORUS takes the tenant and the
/// creator from the token and fills `groupedVersions` only when it groups a list).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct AppFields {
    pub name: String,
    pub description: String,
    pub status: String,
    pub docker_image_registry: String,
    pub docker_image_name: String,
    pub docker_image_tag: String,
    pub shm_size: String,
    #[serde(rename = "maxCPU")]
    pub max_cpu: String,
    #[serde(rename = "minCPU")]
    pub min_cpu: String,
    pub max_memory: String,
    pub min_memory: String,
    pub max_ephemeral_storage: String,
    pub min_ephemeral_storage: String,
    #[serde(rename = "browserConfigURL")]
    pub browser_config_url: String,
    #[serde(rename = "browserConfigJWTURL")]
    pub browser_config_jwt_url: String,
    #[serde(rename = "browserConfigJWTOIDCClientID")]
    pub browser_config_jwt_oidc_client_id: String,
    #[serde(rename = "iconURL")]
    pub icon_url: String,
    pub icon_background_color: String,
    pub stability_status: String,
    pub category: String,
    /// The row an update replaces: a decimal string or a number.
    #[serde(skip_serializing)]
    pub id: Option<Value>,
    #[serde(skip_serializing)]
    pub tenant_id: Option<Value>,
    #[serde(skip_serializing)]
    pub user_id: Option<Value>,
    #[serde(skip_serializing)]
    pub grouped_versions: Option<Value>,
    #[serde(skip_serializing)]
    pub created_at: Option<Value>,
    #[serde(skip_serializing)]
    pub updated_at: Option<Value>,
}

impl AppFields {
    /// The `id` sent, if it is one (a decimal string or a whole number).
    pub fn id(&self) -> Option<u64> {
        match self.id.as_ref()? {
            Value::String(s) => s.trim().parse().ok(),
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// `<registry>/<name>:<tag>`, as CHORUS writes an image (`dockerImageToString`).
    pub fn image(&self) -> String {
        format!(
            "{}/{}:{}",
            self.docker_image_registry, self.docker_image_name, self.docker_image_tag
        )
    }
}

#[derive(Clone, Debug)]
pub struct App {
    pub id: u64,
    /// Who created it (CHORUS takes it from the token; the seed's are the admin's, 1).
    pub user_id: u64,
    pub fields: AppFields,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    /// Its instances fail to start (`PUT /api/dev/apps/{id}/failing`).
    pub failing: bool,
}

impl App {
    /// An active app of the seed or of the dev route, with an icon badge of its initial.
    pub fn seeded(id: u64, name: &str, description: &str, image: (&str, &str, &str)) -> App {
        let now = SystemTime::now();
        App {
            id,
            user_id: 1,
            fields: AppFields {
                name: name.to_string(),
                description: description.to_string(),
                status: "active".into(),
                docker_image_registry: image.0.to_string(),
                docker_image_name: image.1.to_string(),
                docker_image_tag: image.2.to_string(),
                icon_url: icon(name),
                stability_status: "ready".into(),
                ..AppFields::default()
            },
            created_at: now,
            updated_at: now,
            failing: false,
        }
    }

    pub fn name(&self) -> &str {
        &self.fields.name
    }

    /// CHORUS's grouping key (`getGroupingAttribute`): the image name, for the generic kiosk
    /// image `apps/kiosk` the app's own name.
    pub fn group(&self) -> String {
        if self.fields.docker_image_name == "apps/kiosk" {
            format!("kiosk-{}", self.fields.name.to_lowercase())
        } else {
            self.fields.docker_image_name.clone()
        }
    }
}

/// A small SVG badge with the app's initial, as a `data:` URL.
pub fn icon(name: &str) -> String {
    let initial = name.chars().next().unwrap_or('?');
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='6' fill='#3b5bdb'/><text x='16' y='22' font-size='18' text-anchor='middle' fill='white' font-family='sans-serif'>{initial}</text></svg>"
    );
    let escaped = svg
        .replace('#', "%23")
        .replace('<', "%3C")
        .replace('>', "%3E");
    format!("data:image/svg+xml;utf8,{escaped}")
}
