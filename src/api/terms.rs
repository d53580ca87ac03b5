//! The terms of use (`/api/rest/v1/terms-of-use/…`; api.md, "Terms-of-use service"): the
//! versions (drafts, publishing), the current one, and acceptances.
use super::client::{page_params, rest, with_query, ApiClient, EmptyBody, Path};
use super::wire::common::Envelope;
use super::wire::terms::{
    AcceptanceResult, AcceptancesResult, ContentBody, StatusResult, VersionResult, VersionsResult,
};
use super::ApiError;
use crate::domain::order::Order;
use crate::domain::terms::{sort_versions, TermsAcceptance, TermsVersion};

/// One page of versions, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionsPage {
    pub versions: Vec<TermsVersion>,
    /// `pagination.total`; without it (a backend that sent every row), what came.
    pub total: u64,
    pub offset: u64,
}

fn version_route(id: &str) -> Path {
    rest(&["terms-of-use", "versions", id])
}

/// The version of a reply, or the error of a reply without one.
fn version_of(env: Envelope<VersionResult>) -> Result<TermsVersion, ApiError> {
    env.result
        .version
        .map(TermsVersion::from)
        .ok_or_else(|| ApiError::Decode("the reply had no terms-of-use version".into()))
}

fn versions_route(offset: u64, limit: u32) -> Path {
    let [o, l, t, d] = page_params(offset, limit, Order::TERMS_VERSIONS);
    let params = [
        (o.0, o.1.as_str()),
        (l.0, l.1.as_str()),
        (t.0, t.1.as_str()),
        (d.0, d.1.as_str()),
    ];
    with_query(&rest(&["terms-of-use", "versions"]), &params)
}

/// A page of versions (drafts, the published one, archived ones), newest first.
pub async fn versions(api: ApiClient, offset: u64, limit: u32) -> Result<VersionsPage, ApiError> {
    let env = api
        .get::<Envelope<VersionsResult>>(&versions_route(offset, limit))
        .await?;
    let mut versions: Vec<TermsVersion> = env
        .result
        .versions
        .into_iter()
        .map(TermsVersion::from)
        .collect();
    sort_versions(&mut versions);
    let seen = offset + versions.len() as u64;
    let total = env.pagination.map_or(seen, |p| p.total).max(seen);
    Ok(VersionsPage {
        versions,
        total,
        offset,
    })
}

/// One version.
pub async fn version(api: ApiClient, id: &str) -> Result<TermsVersion, ApiError> {
    version_of(api.get(&version_route(id)).await?)
}

/// The published version, which users accept; `None` when none is published (CHORUS answers
/// 404 `Unable to get current terms of use version`, and a backend without the service 404
/// too: then there is nothing to accept).
pub async fn current(api: ApiClient) -> Result<Option<TermsVersion>, ApiError> {
    match api.get(&version_route("current")).await {
        Ok(env) => version_of(env).map(Some),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes a new draft.
pub async fn create(api: ApiClient, content: &str) -> Result<TermsVersion, ApiError> {
    let route = rest(&["terms-of-use", "versions"]);
    version_of(api.post(&route, &ContentBody { content }).await?)
}

/// Replaces a draft's text (CHORUS answers 404 for a version that is no longer a draft).
pub async fn update(api: ApiClient, id: &str, content: &str) -> Result<TermsVersion, ApiError> {
    version_of(
        api.put(&version_route(id), &ContentBody { content })
            .await?,
    )
}

/// Publishes a version: the one published before is archived, and users are asked to accept
/// this one.
pub async fn publish(api: ApiClient, id: &str) -> Result<TermsVersion, ApiError> {
    let route = rest(&["terms-of-use", "versions", id, "publish"]);
    version_of(api.post(&route, &EmptyBody {}).await?)
}

/// Acceptances (CHORUS 0978bc77 lists only the caller's own, whatever the permission).
pub async fn acceptances(api: ApiClient) -> Result<Vec<TermsAcceptance>, ApiError> {
    let env = api
        .get::<Envelope<AcceptancesResult>>(&rest(&["terms-of-use", "acceptances"]))
        .await?;
    Ok(env
        .result
        .acceptances
        .into_iter()
        .map(TermsAcceptance::from)
        .collect())
}

/// Whether the signed-in user accepted the published version (`false` when none is published).
pub async fn accepted(api: ApiClient) -> Result<bool, ApiError> {
    let route = rest(&["terms-of-use", "acceptances", "status"]);
    let env = api.get::<Envelope<StatusResult>>(&route).await?;
    Ok(env.result.accepted)
}

/// Accepts the published version.
pub async fn accept(api: ApiClient) -> Result<TermsAcceptance, ApiError> {
    let route = rest(&["terms-of-use", "acceptances"]);
    let env = api
        .post::<_, Envelope<AcceptanceResult>>(&route, &EmptyBody {})
        .await?;
    env.result
        .acceptance
        .map(TermsAcceptance::from)
        .ok_or_else(|| ApiError::Decode("the reply had no acceptance".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_chorus_paths() {
        assert_eq!(
            version_route("current").unwrap(),
            "/api/rest/v1/terms-of-use/versions/current"
        );
        assert_eq!(
            version_route("a/b").unwrap(),
            "/api/rest/v1/terms-of-use/versions/a%2Fb"
        );
        assert!(version_route("..").is_err());
        assert_eq!(
            versions_route(20, 500).unwrap(),
            "/api/rest/v1/terms-of-use/versions?pagination.offset=20&pagination.limit=100\
             &pagination.sort.type=createdat&pagination.sort.order=desc"
        );
    }

    #[test]
    fn a_reply_without_a_version_is_an_error() {
        let env: Envelope<VersionResult> =
            serde_json::from_str(r#"{"result":{"termsOfUseVersion":null}}"#).unwrap();
        assert!(matches!(version_of(env), Err(ApiError::Decode(_))));
        let env: Envelope<VersionResult> =
            serde_json::from_str(r#"{"result":{"termsOfUseVersion":{"id":"1"}}}"#).unwrap();
        assert_eq!(version_of(env).unwrap().id, "1");
    }
}
