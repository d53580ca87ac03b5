//! The terms-of-use service on the wire (api.md, "Terms-of-use service"): versions and
//! acceptances, mapped to [`crate::domain::terms`].
use serde::{Deserialize, Deserializer, Serialize};

use super::common::Fields;
use crate::domain::terms::{TermsAcceptance, TermsStatus, TermsVersion};

/// `TermsOfUseVersion`.
#[derive(Clone, Debug)]
pub struct VersionDto(pub TermsVersion);

impl<'de> Deserialize<'de> for VersionDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(TermsVersion {
            id: f.string(&["id"]),
            content: f.string(&["content"]),
            status: TermsStatus::from_wire(&f.string(&["status"])),
            created_at: f.string(&["createdAt"]),
            updated_at: f.string(&["updatedAt"]),
        }))
    }
}

impl From<VersionDto> for TermsVersion {
    fn from(dto: VersionDto) -> Self {
        dto.0
    }
}

/// `TermsOfUseAcceptance`.
#[derive(Clone, Debug)]
pub struct AcceptanceDto(pub TermsAcceptance);

impl<'de> Deserialize<'de> for AcceptanceDto {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self(TermsAcceptance {
            id: f.string(&["id"]),
            user_id: f.string(&["userId"]),
            version_id: f.string(&["termsOfUseVersionId"]),
            accepted_at: f.string(&["acceptedAt"]),
        }))
    }
}

impl From<AcceptanceDto> for TermsAcceptance {
    fn from(dto: AcceptanceDto) -> Self {
        dto.0
    }
}

/// `{"termsOfUseVersion": …}` (create, update, publish, get, current). A reply without one
/// (or with `null`) is a reply of the wrong shape: the call says so.
#[derive(Clone, Debug)]
pub struct VersionResult {
    pub version: Option<VersionDto>,
}

impl<'de> Deserialize<'de> for VersionResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            version: f.opt(&["termsOfUseVersion"]),
        })
    }
}

/// `{"termsOfUseVersions": […]}`.
#[derive(Clone, Debug, Default)]
pub struct VersionsResult {
    pub versions: Vec<VersionDto>,
}

impl<'de> Deserialize<'de> for VersionsResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            versions: f.vec(&["termsOfUseVersions"]),
        })
    }
}

/// `{"termsOfUseAcceptances": […]}`.
#[derive(Clone, Debug, Default)]
pub struct AcceptancesResult {
    pub acceptances: Vec<AcceptanceDto>,
}

impl<'de> Deserialize<'de> for AcceptancesResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            acceptances: f.vec(&["termsOfUseAcceptances"]),
        })
    }
}

/// `{"termsOfUseAcceptance": …}` (accept).
#[derive(Clone, Debug)]
pub struct AcceptanceResult {
    pub acceptance: Option<AcceptanceDto>,
}

impl<'de> Deserialize<'de> for AcceptanceResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        Ok(Self {
            acceptance: f.opt(&["termsOfUseAcceptance"]),
        })
    }
}

/// `{"status": {"accepted": true}}`: whether the caller accepted the published version. A
/// missing or odd `status` reads as not accepted (the page then asks again, which is safe).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusResult {
    pub accepted: bool,
}

impl<'de> Deserialize<'de> for StatusResult {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut f = Fields::of(d)?;
        let accepted = match f.value(&["status"]) {
            serde_json::Value::Object(mut status) => status
                .remove("accepted")
                .is_some_and(|v| super::common::lenient::flag(&v)),
            _ => false,
        };
        Ok(Self { accepted })
    }
}

/// Body of create and update: `{"content": "…"}`.
#[derive(Clone, Debug, Serialize)]
pub struct ContentBody<'a> {
    pub content: &'a str,
}

#[cfg(test)]
mod tests {
    use super::super::common::Envelope;
    use super::*;

    #[test]
    fn what_api_md_shows_decodes() {
        let v: Envelope<VersionResult> = serde_json::from_str(
            r##"{"result":{"termsOfUseVersion":{"id":"2","tenantId":"1","content":"# Terms ...","status":"TERMS_OF_USE_VERSION_STATUS_DRAFT","createdAt":"2026-08-01T10:00:00Z","updatedAt":"2026-08-01T10:00:00Z"}}}"##,
        )
        .unwrap();
        let v = TermsVersion::from(v.result.version.unwrap());
        assert_eq!(v.id, "2");
        assert_eq!(v.content, "# Terms ...");
        assert_eq!(v.status, TermsStatus::Draft);
        assert_eq!(v.created_at, "2026-08-01T10:00:00Z");

        let list: Envelope<VersionsResult> = serde_json::from_str(
            r#"{"result":{"termsOfUseVersions":[{"id":"3","status":"TERMS_OF_USE_VERSION_STATUS_PUBLISHED"},{"id":"2","status":"TERMS_OF_USE_VERSION_STATUS_ARCHIVED"}]},"pagination":{"total":"2","offset":"0","limit":"20","sort":{"order":"DESC","type":"createdat"}}}"#,
        )
        .unwrap();
        assert_eq!(list.result.versions.len(), 2);
        assert_eq!(list.result.versions[0].0.status, TermsStatus::Published);
        assert_eq!(list.result.versions[1].0.status, TermsStatus::Archived);
        assert_eq!(list.pagination.unwrap().total, 2);

        let acc: Envelope<AcceptancesResult> = serde_json::from_str(
            r#"{"result":{"termsOfUseAcceptances":[{"id":"7","tenantId":"1","userId":"5","termsOfUseVersionId":"3","acceptedAt":"2026-08-02T09:00:00.5Z"}]}}"#,
        )
        .unwrap();
        let a = TermsAcceptance::from(acc.result.acceptances[0].clone());
        assert_eq!(
            (a.id.as_str(), a.user_id.as_str(), a.version_id.as_str()),
            ("7", "5", "3")
        );
        let one: Envelope<AcceptanceResult> = serde_json::from_str(
            r#"{"result":{"termsOfUseAcceptance":{"id":"8","userId":5,"termsOfUseVersionId":3}}}"#,
        )
        .unwrap();
        assert_eq!(one.result.acceptance.unwrap().0.version_id, "3");

        let status: Envelope<StatusResult> =
            serde_json::from_str(r#"{"result":{"status":{"accepted":true}}}"#).unwrap();
        assert!(status.result.accepted);
        let status: Envelope<StatusResult> =
            serde_json::from_str(r#"{"result":{"status":{"accepted":false}}}"#).unwrap();
        assert!(!status.result.accepted);
    }

    #[test]
    fn odd_replies_do_not_fail_or_read_as_accepted() {
        for odd in [
            r#"{}"#,
            r#"{"status":null}"#,
            r#"{"status":{}}"#,
            r#"{"status":true}"#,
            r#"{"status":{"accepted":"no"}}"#,
            r#"{"status":{"accepted":null}}"#,
        ] {
            let s: StatusResult = serde_json::from_str(odd).unwrap();
            assert!(!s.accepted, "{odd}");
        }
        let s: StatusResult = serde_json::from_str(r#"{"status":{"accepted":"true"}}"#).unwrap();
        assert!(s.accepted);
        // Unknown status, numbers for ids, nulls for text, unknown fields.
        let v: VersionDto = serde_json::from_str(
            r#"{"id":2,"content":null,"status":"TERMS_OF_USE_VERSION_STATUS_RETIRED","extra":[1]}"#,
        )
        .unwrap();
        assert_eq!(v.0.id, "2");
        assert_eq!(v.0.content, "");
        assert_eq!(v.0.status.label(), "Unknown");
        // Items that are not objects are skipped; a missing list is empty.
        let l: VersionsResult =
            serde_json::from_str(r#"{"termsOfUseVersions":[1,"x",null,{"id":"4"}]}"#).unwrap();
        assert_eq!(l.versions.len(), 1);
        let l: VersionsResult = serde_json::from_str(r#"{"termsOfUseVersions":null}"#).unwrap();
        assert!(l.versions.is_empty());
        let r: VersionResult = serde_json::from_str(r#"{"termsOfUseVersion":null}"#).unwrap();
        assert!(r.version.is_none());
        // A reply that is not an object is an error, not a panic.
        assert!(serde_json::from_str::<VersionResult>("[]").is_err());
        assert!(serde_json::from_str::<Envelope<StatusResult>>(r#"{"result":"x"}"#).is_err());
    }

    #[test]
    fn the_body_is_exactly_the_content() {
        assert_eq!(
            serde_json::to_string(&ContentBody {
                content: "# T\n\"x\""
            })
            .unwrap(),
            r##"{"content":"# T\n\"x\""}"##
        );
    }
}
