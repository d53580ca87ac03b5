//! The app catalogue for `/apps` (api.md §1): every row of `GET /apps`, ungrouped
//! (`disableGrouping=true`: a running CHORUS 0978bc77 lists only one other version in
//! `groupedVersions`, and without a status), every page read (the admin page's reading,
//! [`super::app_admin::rows`]); grouped and filtered by
//! [`crate::domain::app_catalogue::group`].
use serde_json::Value;

use super::app_admin::{self, Row};
use super::client::ApiClient;
use super::wire::app_catalogue::CatalogueRowDto;
use super::ApiError;
use crate::domain::app_catalogue::{group, AppRow};
use crate::domain::order::sort_apps;
use crate::domain::tabs::App;

/// Every row of the catalogue, as the catalogue reads it: the rows of [`app_admin::rows`] (every
/// page, ungrouped, kept as read), each read as an [`AppRow`] (tolerant of every field); a row
/// that is not an app is left out here (the admin page shows it). With the words of a cut when
/// the safety stop ended the reading.
pub(crate) async fn rows(api: ApiClient) -> Result<(Vec<AppRow>, Option<String>), ApiError> {
    let (rows, cut) = app_admin::rows(api).await?;
    let apps = rows
        .into_iter()
        .filter_map(|row| match row {
            Row::App(m) => serde_json::from_value::<CatalogueRowDto>(Value::Object(m))
                .ok()
                .map(|r| r.0),
            Row::Unreadable(_) => None,
        })
        .collect();
    Ok((apps, cut))
}

/// The apps a session's `Open app` offers: the newest version offered of each app (inactive
/// and switched-off versions hidden, as on `/apps`), by name.
pub(crate) async fn offered(api: ApiClient) -> Result<Vec<App>, ApiError> {
    let (rows, _) = rows(api).await?;
    let mut apps: Vec<App> = group(rows).iter().map(|a| a.newest().tab_app()).collect();
    sort_apps(&mut apps);
    Ok(apps)
}
