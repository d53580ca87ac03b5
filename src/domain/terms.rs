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

/// How long this browser's memory of an acceptance is trusted over the backend's "not
/// accepted": CHORUS keeps a user's status a second in a cache that the acceptance does not clear
/// (0978bc77); the memory bridges that second with room to spare, and no more (issue 45: past
/// it, the backend's word counts, so a status the backend loses is asked for again).
pub const ACCEPTANCE_BRIDGE_MS: f64 = 10_000.0;

/// What the browser keeps of an acceptance: `<user id>:<version id>:<when, ms since the epoch>`.
pub fn acceptance_memo(user_id: &str, version_id: &str, at_ms: f64) -> String {
    format!("{user_id}:{version_id}:{}", at_ms.max(0.0).floor() as u64)
}

/// Whether `memo` says that `user_id` accepted `version_id` in this browser less than
/// [`ACCEPTANCE_BRIDGE_MS`] before `now_ms`. Anything else (another user or version, an older
/// spelling without a time, a time in the future or unreadable) is not trusted.
pub fn acceptance_remembered(memo: &str, user_id: &str, version_id: &str, now_ms: f64) -> bool {
    let mut parts = memo.rsplitn(2, ':');
    let (Some(at), Some(who_what)) = (parts.next(), parts.next()) else {
        return false;
    };
    let Ok(at) = at.parse::<u64>() else {
        return false;
    };
    let age = now_ms - at as f64;
    who_what == format!("{user_id}:{version_id}") && (0.0..ACCEPTANCE_BRIDGE_MS).contains(&age)
}

/// What `Accept` does, by the version the page shows (`shown`, its id) and the one published
/// now (`now`, read just before, past CHORUS's one-second cache of it). CHORUS's acceptance names
/// no version: it records whichever is published when it arrives (0978bc77,
/// `AcceptTermsOfUse`), so a version published while the user read the one before would be
/// accepted unseen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeforeAccept {
    /// The version shown is the one published: accept it.
    Accept,
    /// Another version is published now: show it, accept nothing.
    Changed,
    /// None is published any more: there is nothing to accept.
    NoneLeft,
}

/// See [`BeforeAccept`].
pub fn before_accept(shown: &str, now: Option<&str>) -> BeforeAccept {
    match now {
        None => BeforeAccept::NoneLeft,
        Some(now) if now == shown => BeforeAccept::Accept,
        Some(_) => BeforeAccept::Changed,
    }
}

/// Whether an acceptance recorded a version other than the one shown: one published between the
/// check before `Accept` and the acceptance itself. A reply without a version id says nothing
/// either way (taken as the one shown).
pub fn accepted_other(shown: &str, accepted: &str) -> bool {
    !accepted.is_empty() && accepted != shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acceptance_is_remembered_only_for_a_few_seconds() {
        let memo = acceptance_memo("7", "3", 1_000_000.0);
        assert_eq!(memo, "7:3:1000000");
        assert!(acceptance_remembered(&memo, "7", "3", 1_000_000.0));
        assert!(acceptance_remembered(&memo, "7", "3", 1_009_999.0));
        assert!(!acceptance_remembered(&memo, "7", "3", 1_010_000.0));
        assert!(!acceptance_remembered(&memo, "7", "3", 5_000_000.0));
        // A clock set back is not an acceptance in the future.
        assert!(!acceptance_remembered(&memo, "7", "3", 999_000.0));
        // Another user, another version, the old spelling without a time, garbage.
        assert!(!acceptance_remembered(&memo, "8", "3", 1_000_500.0));
        assert!(!acceptance_remembered(&memo, "7", "4", 1_000_500.0));
        assert!(!acceptance_remembered("7:3", "7", "3", 1_000_500.0));
        assert!(!acceptance_remembered("", "7", "3", 1_000_500.0));
        assert!(!acceptance_remembered("7:3:soon", "7", "3", 1_000_500.0));
        // The time is the last part, whatever the ids hold.
        let odd = acceptance_memo("a:b", "c", 10.0);
        assert!(acceptance_remembered(&odd, "a:b", "c", 20.0));
    }

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

    #[test]
    fn only_the_version_shown_is_accepted() {
        assert_eq!(before_accept("3", Some("3")), BeforeAccept::Accept);
        // Published while the user read version 3: shown first, never accepted unseen.
        assert_eq!(before_accept("3", Some("4")), BeforeAccept::Changed);
        // Ids compare as sent: "03" is not "3".
        assert_eq!(before_accept("3", Some("03")), BeforeAccept::Changed);
        assert_eq!(before_accept("3", None), BeforeAccept::NoneLeft);
        assert!(!accepted_other("3", "3"));
        assert!(accepted_other("3", "4"));
        assert!(!accepted_other("3", ""));
    }
}
