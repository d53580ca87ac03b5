//! The audit log (`/api/rest/v1/audit…`; api.md, "Audit service"): a page of entries of the
//! platform, a workspace, a session, about a user or by a user, with the page's filters.
use super::client::{page_params, rest, with_query, ApiClient, Path};
use super::wire::audit::EntriesResult;
use super::wire::common::Envelope;
use super::ApiError;
use crate::domain::audit::{sort_entries, AuditEntry, AuditFilter, AuditScope};
use crate::domain::order::Order;

/// One page of entries, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// `pagination.total`; without it (a backend that sent every row), what came.
    pub total: u64,
    pub offset: u64,
}

impl AuditPage {
    /// Whether pages come after this one.
    pub fn has_more(&self) -> bool {
        self.offset + (self.entries.len() as u64) < self.total
    }
}

/// The path of a scope's log.
fn scope_route(scope: &AuditScope) -> Path {
    match scope {
        AuditScope::Platform => rest(&["audit"]),
        AuditScope::Workspace(id) => rest(&["audit", "workspaces", id]),
        AuditScope::Workbench(id) => rest(&["audit", "workbenches", id]),
        AuditScope::User(id) => rest(&["audit", "users", id]),
        AuditScope::Actor(id) => rest(&["audit", "actors", id]),
    }
}

/// The URL of one page: the page and its order, then the filters (days in a time zone
/// `utc_offset_minutes` east of UTC).
fn list_route(
    scope: &AuditScope,
    filter: &AuditFilter,
    utc_offset_minutes: i64,
    offset: u64,
    limit: u32,
) -> Path {
    let page = page_params(offset, limit, Order::AUDIT);
    let filters = filter.params(utc_offset_minutes);
    let params: Vec<(&str, &str)> = page
        .iter()
        .chain(filters.iter())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    with_query(&scope_route(scope), &params)
}

/// A page of `scope`'s entries that `filter` selects, newest first. `utc_offset_minutes`: the
/// browser's time zone (east of UTC), in which the filter's days are read.
pub async fn list(
    api: ApiClient,
    scope: &AuditScope,
    filter: &AuditFilter,
    utc_offset_minutes: i64,
    offset: u64,
    limit: u32,
) -> Result<AuditPage, ApiError> {
    let route = list_route(scope, filter, utc_offset_minutes, offset, limit);
    let env = api.get::<Envelope<EntriesResult>>(&route).await?;
    let mut entries: Vec<AuditEntry> = env
        .result
        .entries
        .into_iter()
        .map(AuditEntry::from)
        .collect();
    sort_entries(&mut entries);
    let seen = offset + entries.len() as u64;
    let total = env.pagination.map_or(seen, |p| p.total).max(seen);
    Ok(AuditPage {
        entries,
        total,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_has_its_path() {
        let r = |s: AuditScope| scope_route(&s).unwrap();
        assert_eq!(r(AuditScope::Platform), "/api/rest/v1/audit");
        assert_eq!(
            r(AuditScope::Workspace("3".into())),
            "/api/rest/v1/audit/workspaces/3"
        );
        assert_eq!(
            r(AuditScope::Workbench("7".into())),
            "/api/rest/v1/audit/workbenches/7"
        );
        assert_eq!(
            r(AuditScope::User("5".into())),
            "/api/rest/v1/audit/users/5"
        );
        assert_eq!(
            r(AuditScope::Actor("a b".into())),
            "/api/rest/v1/audit/actors/a%20b"
        );
        assert!(scope_route(&AuditScope::Workspace("..".into())).is_err());
    }

    #[test]
    fn a_page_asks_newest_first_with_the_filters() {
        let filter = AuditFilter {
            actor_id: "5".into(),
            action: "CreateFile".into(),
            from: "2025-11-01".into(),
            to: "2025-11-15".into(),
        };
        assert_eq!(
            list_route(&AuditScope::Workspace("3".into()), &filter, 60, 100, 50).unwrap(),
            "/api/rest/v1/audit/workspaces/3?pagination.offset=100&pagination.limit=50\
             &pagination.sort.type=createdat&pagination.sort.order=desc&filter.actorId=5\
             &filter.action=CreateFile&filter.fromTime=2025-10-31T23%3A00%3A00.000Z\
             &filter.toTime=2025-11-15T22%3A59%3A59.999Z"
        );
        assert_eq!(
            list_route(&AuditScope::Platform, &AuditFilter::default(), 0, 0, 0).unwrap(),
            "/api/rest/v1/audit?pagination.offset=0&pagination.limit=1\
             &pagination.sort.type=createdat&pagination.sort.order=desc"
        );
    }

    #[test]
    fn a_page_knows_whether_more_follow() {
        let page = |n: usize, total, offset| AuditPage {
            entries: vec![AuditEntry::default(); n],
            total,
            offset,
        };
        assert!(page(20, 45, 0).has_more());
        assert!(page(20, 45, 20).has_more());
        assert!(!page(5, 45, 40).has_more());
        assert!(!page(0, 0, 0).has_more());
    }
}
