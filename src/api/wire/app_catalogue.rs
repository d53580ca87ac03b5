//! `GET /apps` rows as the catalogue reads them (`/apps`; [`crate::domain::app_catalogue`]):
//! the fields of `App` a researcher's card needs, every one tolerant (missing, `null`, a number
//! for a string), `groupedVersions` read when a backend groups anyway. A row that is not an
//! object is skipped; the others are kept (one bad row never hides the others).
use serde::{Deserialize, Deserializer};

use super::common::Fields;
use crate::domain::app_catalogue::{AppRow, AppStatus, Stability};

/// One `App`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogueRowDto(pub AppRow);

/// `{"id","dockerImageTag"}` of `groupedVersions`.
#[derive(Debug, Clone, Default, PartialEq)]
struct VersionDto(String, String);

impl<'de> Deserialize<'de> for VersionDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(f.string(&["id"]), f.string(&["dockerImageTag"])))
    }
}

impl<'de> Deserialize<'de> for CatalogueRowDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let grouped: Vec<VersionDto> = f.vec(&["groupedVersions"]);
        Ok(Self(AppRow {
            id: f.string(&["id"]),
            name: f.string(&["name"]),
            description: f.string(&["description"]),
            icon_url: f.string(&["iconURL", "iconUrl"]),
            icon_background: f.string(&["iconBackgroundColor"]),
            image_name: f.string(&["dockerImageName"]),
            tag: f.string(&["dockerImageTag"]),
            status: AppStatus::from_wire(&f.string(&["status"])),
            stability: Stability::from_wire(&f.string(&["stabilityStatus"])),
            category: f.string(&["category"]),
            grouped: grouped.into_iter().map(|v| (v.0, v.1)).collect(),
        }))
    }
}

/// `{"apps":[App]}` inside the result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogueRows {
    pub apps: Vec<CatalogueRowDto>,
}

impl<'de> Deserialize<'de> for CatalogueRows {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            apps: f.vec(&["apps"]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::Envelope;
    use super::*;

    #[test]
    fn reads_what_chorus_sends() {
        // Recorded from CHORUS 0978bc77 (grouped reply; `groupedVersions` lists one other row).
        let body = r#"{"result":{"apps":[{"id":"9","tenantId":"1","userId":"1","name":"apps-catalogue grp",
          "description":"probe","status":"active","dockerImageRegistry":"","dockerImageName":"walk-apps-catalogue/grp",
          "dockerImageTag":"3.0","groupedVersions":[{"id":"7","dockerImageTag":"1.0"}],"shmSize":"","maxCPU":"",
          "minCPU":"","maxMemory":"","minMemory":"","maxEphemeralStorage":"","minEphemeralStorage":"",
          "browserConfigURL":"","browserConfigJWTURL":"","browserConfigJWTOIDCClientID":"","iconURL":"",
          "iconBackgroundColor":"","stabilityStatus":"beta","category":"probe",
          "createdAt":"2026-11-26T02:46:46.942169Z","updatedAt":"2026-11-26T02:46:46.942169Z"},
          42, {"id":10,"name":null,"status":"inactive","stabilityStatus":null}]},
          "pagination":{"total":8,"offset":0,"limit":100}}"#;
        let env: Envelope<CatalogueRows> = serde_json::from_str(body).unwrap();
        assert_eq!(env.pagination.unwrap().total, 8);
        let rows: Vec<AppRow> = env.result.apps.into_iter().map(|r| r.0).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].stability, Stability::Beta);
        assert_eq!(rows[0].category, "probe");
        assert_eq!(rows[0].grouped, vec![("7".to_owned(), "1.0".to_owned())]);
        assert_eq!(rows[1].id, "10");
        assert_eq!(rows[1].status, AppStatus::Inactive);
        assert_eq!(rows[1].stability, Stability::Ready);
        assert!(serde_json::from_str::<Envelope<CatalogueRows>>("{}").is_err());
    }
}
