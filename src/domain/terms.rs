//! The terms of use (api.md, "Terms-of-use service"; ui.md, "terms", "terms admin"): versions
//! and their status, acceptances, and the order of the versions list.
use super::time::parse_rfc3339_ms;
use super::{id_order, sort_small, wire_word};

/// Where a version is in its life: a draft may be changed, one version is published (the one
/// users accept), the one published before it is archived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TermsStatus {
    Draft,
    Published,
    Archived,
    /// Anything else the backend sends (`UNSPECIFIED` included), as sent.
    Unknown(String),
}

impl TermsStatus {
    /// From the wire (`TERMS_OF_USE_VERSION_STATUS_DRAFT`, `draft`, any case).
    pub fn from_wire(s: &str) -> Self {
        match wire_word(s).as_str() {
            "draft" => Self::Draft,
            "published" => Self::Published,
            "archived" => Self::Archived,
            _ => Self::Unknown(s.trim().to_owned()),
        }
    }

    /// In words, for the versions table: `Draft`, `Published`, `Archived`, `Unknown`.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Published => "Published",
            Self::Archived => "Archived",
            Self::Unknown(_) => "Unknown",
        }
    }
}

/// One version of the terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermsVersion {
    pub id: String,
    /// Markdown (`domain::markdown` renders it).
    pub content: String,
    pub status: TermsStatus,
    /// RFC 3339 as sent (may be empty).
    pub created_at: String,
    pub updated_at: String,
}

/// That a user accepted a version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TermsAcceptance {
    pub id: String,
    pub user_id: String,
    pub version_id: String,
    /// RFC 3339 as sent (may be empty).
    pub accepted_at: String,
}

/// Versions newest first: by `createdAt` (no time last), then the larger id first.
pub fn sort_versions(versions: &mut [TermsVersion]) {
    sort_small(versions, |a, b| {
        match (
            parse_rfc3339_ms(&a.created_at),
            parse_rfc3339_ms(&b.created_at),
        ) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| id_order(&b.id, &a.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_every_spelling() {
        assert_eq!(
            TermsStatus::from_wire("TERMS_OF_USE_VERSION_STATUS_DRAFT"),
            TermsStatus::Draft
        );
        assert_eq!(
            TermsStatus::from_wire(" Published "),
            TermsStatus::Published
        );
        assert_eq!(
            TermsStatus::from_wire("TERMS_OF_USE_VERSION_STATUS_ARCHIVED"),
            TermsStatus::Archived
        );
        let odd = TermsStatus::from_wire("TERMS_OF_USE_VERSION_STATUS_UNSPECIFIED");
        assert_eq!(odd.label(), "Unknown");
        assert_eq!(TermsStatus::from_wire("").label(), "Unknown");
        assert_eq!(TermsStatus::Draft.label(), "Draft");
    }

    #[test]
    fn versions_are_newest_first() {
        let v = |id: &str, at: &str| TermsVersion {
            id: id.into(),
            content: String::new(),
            status: TermsStatus::Draft,
            created_at: at.into(),
            updated_at: String::new(),
        };
        let mut list = vec![
            v("1", "2025-01-01T00:00:00Z"),
            v("3", ""),
            v("2", "2025-06-01T00:00:00Z"),
            v("10", "2025-06-01T00:00:00Z"),
        ];
        sort_versions(&mut list);
        let ids: Vec<&str> = list.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["10", "2", "1", "3"]);
    }
}
