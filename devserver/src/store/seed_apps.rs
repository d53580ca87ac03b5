//! The seeded app catalogue (both flavors).

use crate::config::Flavor;

use super::App;

/// The seeded catalogue: name, description, image name, tag, category, stability, status,
/// whether its instances fail. Ids 1-4 are the apps the tests have always used; then a beta and
/// an alpha app, one image in two versions (grouped by `GET /apps`) and an inactive app.
type SeedApp = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
);
const APPS: &[SeedApp] = &[
    (
        "JupyterLab",
        "Notebooks for Python, R and Julia",
        "apps/jupyterlab",
        "4.2",
        "Data science",
        "ready",
        "active",
        false,
    ),
    (
        "VS Code",
        "Code editor in the browser",
        "apps/code-server",
        "4.96",
        "Development",
        "ready",
        "active",
        false,
    ),
    (
        "RStudio",
        "Statistics and data analysis in R",
        "apps/rstudio",
        "2024.12",
        "Data science",
        "ready",
        "active",
        false,
    ),
    (
        "Legacy Viewer",
        "Viewer for old imaging archives",
        "apps/legacy-viewer",
        "0.9",
        "Imaging",
        "ready",
        "active",
        true,
    ),
    (
        "Napari",
        "Multi-dimensional image viewer for Python",
        "apps/napari",
        "0.5",
        "Imaging",
        "beta",
        "active",
        false,
    ),
    (
        "QGIS",
        "Maps and geographic data",
        "apps/qgis",
        "3.40",
        "Maps",
        "alpha",
        "active",
        false,
    ),
    (
        "Orthanc",
        "DICOM server and viewer",
        "apps/orthanc",
        "1.0",
        "Imaging",
        "ready",
        "active",
        false,
    ),
    (
        "Orthanc",
        "DICOM server and viewer",
        "apps/orthanc",
        "2.0",
        "Imaging",
        "ready",
        "active",
        false,
    ),
    (
        "Old Notebook",
        "Retired notebook image, kept for old sessions",
        "apps/old-notebook",
        "0.1",
        "Data science",
        "ready",
        "inactive",
        false,
    ),
];

/// The image registry the dev server's own flavor is configured for (api.md §1: a non-empty
/// registry must be this one); CHORUS's with its OCI client off has none (`""`).
pub(crate) const APP_REGISTRY: &str = "registry.example.org";

/// The seed's apps, numbered from 1, in the flavor's registry.
pub(crate) fn apps(flavor: Flavor) -> Vec<App> {
    let registry = match flavor {
        Flavor::Chorus => "",
        Flavor::Default => APP_REGISTRY,
    };
    let mut out = Vec::new();
    for (name, desc, image, tag, category, stability, status, failing) in APPS {
        let mut app = App::seeded(out.len() as u64 + 1, name, desc, (registry, image, tag));
        app.fields.category = category.to_string();
        app.fields.stability_status = stability.to_string();
        app.fields.status = status.to_string();
        app.failing = *failing;
        out.push(app);
    }
    out
}
