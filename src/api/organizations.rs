//! Participating organizations (api.md §6): every page of the list by name, create, update
//! (the whole row; without a logo the stored one stays), delete, the logo's own address, and the
//! platform's switch that shows them (`instance.displayOrganizations`, dev store global scope).
//! CHORUS keeps `Get` and `List` 5 seconds: after a write, show the reply's row, not a re-read.
use super::client::{page_params, rest, with_query, ApiClient, MAX_PAGE};
use super::devstore::{self, Scope};
use super::wire::common::Envelope;
use super::wire::organization::{
    LogoIn, OrganizationDto, OrganizationIn, OrganizationResult, OrganizationsResult,
};
use super::ApiError;
use crate::domain::order::Order;
use crate::domain::organizations::{
    display_setting, display_value, Draft, LogoUpload, Organization, DISPLAY_KEY,
};
use crate::domain::paging::PageWalk;

/// Organizations by name (CHORUS's sort types: `id, name, country, city, createdat`).
const BY_NAME: Order = Order {
    column: "name",
    descending: false,
};

/// Every organization (all pages, to the safety stop), by name.
pub(crate) async fn list(api: ApiClient) -> Result<Vec<Organization>, ApiError> {
    let mut all: Vec<Organization> = Vec::new();
    let mut walk = PageWalk::new();
    loop {
        let [o, l, t, d] = page_params(walk.offset(), MAX_PAGE, BY_NAME);
        let path = with_query(
            &rest(&["organizations"]),
            &[(o.0, &o.1), (l.0, &l.1), (t.0, &t.1), (d.0, &d.1)],
        );
        let env = api.get::<Envelope<OrganizationsResult>>(&path).await?;
        let total = env.pagination.map(|p| p.total);
        let page = env.result.organizations;
        let take = |w: OrganizationDto| w.0;
        if !walk.take(&mut all, page, |w| w.0.id.clone(), take, total) {
            break;
        }
    }
    if let Some(cut) = walk.cut() {
        leptos::logging::warn!("{}", cut.words("organizations"));
    }
    sort(&mut all);
    Ok(all)
}

/// By name (case-folded), then id.
pub(crate) fn sort(rows: &mut [Organization]) {
    crate::domain::sort_small(rows, |a, b| {
        let fold = |o: &Organization| o.display_name().to_lowercase();
        fold(a)
            .cmp(&fold(b))
            .then_with(|| crate::domain::id_order(&a.id, &b.id))
    });
}

fn body<'a>(d: &'a Draft, contact: &'a str, logo: Option<&'a LogoUpload>) -> OrganizationIn<'a> {
    OrganizationIn {
        name: d.name.trim(),
        description: d.description.trim(),
        country: d.country.trim(),
        city: d.city.trim(),
        contact_user_id: if contact.trim().is_empty() {
            "0"
        } else {
            contact.trim()
        },
        website_url: d.website.trim(),
        logo: logo.map(|l| LogoIn {
            data: &l.data,
            content_type: l.content_type,
        }),
    }
}

fn saved(env: Envelope<OrganizationResult>) -> Result<Organization, ApiError> {
    env.result
        .organization
        .map(|o| o.0)
        .ok_or_else(|| ApiError::Decode("the reply holds no organization".to_owned()))
}

/// One as stored (`GET /organizations/{id}`; CHORUS may answer it from its 5-second cache).
pub(crate) async fn get(api: ApiClient, id: &str) -> Result<Organization, ApiError> {
    let env = api
        .get::<Envelope<OrganizationResult>>(&rest(&["organizations", id]))
        .await?;
    saved(env)
}

/// Creates one; the reply's row.
pub(crate) async fn create(
    api: ApiClient,
    d: &Draft,
    contact: &str,
    logo: Option<&LogoUpload>,
) -> Result<Organization, ApiError> {
    let env = api
        .post::<_, Envelope<OrganizationResult>>(&rest(&["organizations"]), &body(d, contact, logo))
        .await?;
    saved(env)
}

/// Replaces one's fields (a logo only when one was chosen); the reply's row.
pub(crate) async fn update(
    api: ApiClient,
    id: &str,
    d: &Draft,
    contact: &str,
    logo: Option<&LogoUpload>,
) -> Result<Organization, ApiError> {
    let env = api
        .put::<_, Envelope<OrganizationResult>>(
            &rest(&["organizations", id]),
            &body(d, contact, logo),
        )
        .await?;
    saved(env)
}

/// Deletes one (CHORUS: soft).
pub(crate) async fn delete(api: ApiClient, id: &str) -> Result<(), ApiError> {
    api.delete::<serde_json::Value>(&rest(&["organizations", id]))
        .await
        .map(drop)
}

/// The address of one's logo (`GET /organizations/{id}/logo`: the image itself, read with the
/// login cookie as an `<img>`), with the row's `updatedAt` so that a new logo is not the old
/// one from the browser's cache (CHORUS ignores the unknown query parameter). `None` for an id
/// that cannot be a path segment.
pub(crate) fn logo_url(api: ApiClient, o: &Organization) -> Option<String> {
    with_query(
        &rest(&["organizations", &o.id, "logo"]),
        &[("v", &o.updated_at)],
    )
    .ok()
    .map(|p| api.url(&p))
}

/// Whether the platform shows its organizations: `Ok(Err(words))` for a stored value that is
/// not JSON `true`/`false` (read as not shown).
pub(crate) async fn display(api: ApiClient) -> Result<Result<bool, String>, ApiError> {
    let v = devstore::get(api, &Scope::Global, DISPLAY_KEY).await?;
    Ok(display_setting(v.as_deref()))
}

/// Sets the switch.
pub(crate) async fn set_display(api: ApiClient, show: bool) -> Result<(), ApiError> {
    devstore::put(api, &Scope::Global, DISPLAY_KEY, display_value(show)).await
}
