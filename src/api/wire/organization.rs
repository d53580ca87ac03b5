//! `Organization` on the wire (api.md §6) and its mapping to [`crate::domain::organizations`].
//! Tolerant: missing fields, `null` and `""` read as empty; a row that is not an object is left
//! out of a list. What is sent (create, update) is exactly CHORUS's message: no other field.
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::organizations::Organization;

/// One organization as sent.
#[derive(Clone, Debug, Default)]
pub struct OrganizationDto(pub Organization);

impl<'de> Deserialize<'de> for OrganizationDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let contact = f
            .opt_string(&["contactUserId", "contact_user_id"])
            .filter(|c| c.trim() != "0");
        Ok(Self(Organization {
            id: f.string(&["id"]),
            name: f.string(&["name"]),
            description: f.string(&["description"]),
            country: f.string(&["country"]),
            city: f.string(&["city"]),
            contact_user_id: contact,
            website_url: f.string(&["websiteUrl", "websiteURL", "website_url"]),
            updated_at: f.string(&["updatedAt", "updated_at"]),
        }))
    }
}

/// `result` of the list: `organizations`.
#[derive(Clone, Debug, Default)]
pub struct OrganizationsResult {
    pub organizations: Vec<OrganizationDto>,
}

impl<'de> Deserialize<'de> for OrganizationsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            organizations: f.vec(&["organizations"]),
        })
    }
}

/// `result` of get, create and update: `organization`.
#[derive(Clone, Debug, Default)]
pub struct OrganizationResult {
    pub organization: Option<OrganizationDto>,
}

impl<'de> Deserialize<'de> for OrganizationResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            organization: f.opt(&["organization"]),
        })
    }
}

/// A logo to write: base64 bytes and their type.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogoIn<'a> {
    pub data: &'a str,
    pub content_type: &'a str,
}

/// The body of `POST /organizations` and `PUT /organizations/{id}` (the id is in the path).
/// Without `logo`, an update keeps the stored one.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationIn<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub country: &'a str,
    pub city: &'a str,
    /// `"0"`: none.
    pub contact_user_id: &'a str,
    pub website_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<LogoIn<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::wire::common::Envelope;

    #[test]
    fn reads_chorus_replies() {
        // Recorded on a running CHORUS 0978bc77 (fixtures/chorus/organizations.json).
        let env: Envelope<OrganizationsResult> = serde_json::from_str(
            r#"{"result":{"organizations":[{"id":"1", "tenantId":"1", "name":"org-one", "description":"d", "logo":null, "country":"CH", "city":"Geneva", "contactUserId":"0", "websiteUrl":"https://example.org", "createdAt":"2026-11-26T02:44:56.919166Z", "updatedAt":"2026-11-26T02:44:56.919166Z"}, 7, null, {"id":"2","name":null,"contactUserId":"54"}]}, "pagination":{"total":3, "offset":0, "limit":2, "sort":{"order":"DESC", "type":"name"}}}"#,
        )
        .unwrap();
        let rows = &env.result.organizations;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0.country, "CH");
        assert_eq!(rows[0].0.contact_user_id, None);
        assert_eq!(rows[0].0.website_url, "https://example.org");
        assert_eq!(rows[1].0.contact_user_id.as_deref(), Some("54"));
        let one: Envelope<OrganizationResult> =
            serde_json::from_str(r#"{"result":{"organization":{"id":"3","name":"x"}}}"#).unwrap();
        assert_eq!(one.result.organization.unwrap().0.id, "3");
    }

    #[test]
    fn sends_only_chorus_fields() {
        let body = OrganizationIn {
            name: "A",
            description: "",
            country: "CH",
            city: "",
            contact_user_id: "0",
            website_url: "",
            logo: None,
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"name":"A","description":"","country":"CH","city":"","contactUserId":"0","websiteUrl":""}"#
        );
        let with_logo = OrganizationIn {
            logo: Some(LogoIn {
                data: "AA==",
                content_type: "image/png",
            }),
            ..body
        };
        assert!(serde_json::to_string(&with_logo)
            .unwrap()
            .ends_with(r#""logo":{"data":"AA==","contentType":"image/png"}}"#));
    }
}
