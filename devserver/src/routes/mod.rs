//! The routes: one module per resource of api.md, plus the pages, the static files and the
//! dev-control API.

mod app_catalogue;
mod approvals;
mod apps;
mod audit;
mod auth;
mod dev;
mod dev_apps;
mod dev_folder;
mod dev_more;
mod dev_restart;
mod dev_sessions;
mod devstore;
mod event_stream;
mod files;
mod html;
mod idp;
mod job_access;
mod jobs;
mod login_cookie;
mod lookup;
mod me;
mod member_rules;
mod members;
mod notifications;
mod openid;
mod organizations;
mod pages;
mod params;
mod platform_settings;
mod public_workspaces;
mod register;
mod roles;
mod roles_chorus;
mod services;
mod sharing;
mod sse;
mod statics;
mod terms;
mod user_body;
mod user_cache;
mod users;
mod users_chorus;
mod watch;
mod workbench_update;
mod workbenches;
mod workspace_update;
mod workspaces;

use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::config::{Flavor, Jobs};
use crate::extract::BODY_LIMIT;
use crate::state::Shared;
use crate::wire::v1;
use crate::{mw, LOGIN_PATH};

/// `/api/rest/v1` as CHORUS has it.
fn platform() -> Router<Shared> {
    Router::new()
        .route(&v1("/authentication/modes"), get(auth::modes))
        .route(LOGIN_PATH, post(auth::login))
        .route(&v1("/authentication/refresh-token"), post(auth::refresh))
        .route(&v1("/authentication/logout"), post(auth::logout))
        .route(
            &v1("/authentication/oauth2/{id}/login"),
            get(auth::oauth_login),
        )
        .route(
            &v1("/authentication/oauth2/{id}/redirect"),
            get(auth::oauth_redirect),
        )
        .route(&v1("/users/me"), get(auth::me))
        .route(
            &v1("/workspaces"),
            get(workspaces::list).post(workspaces::create),
        )
        .route(&v1("/workspaces/{id}"), get(workspaces::get))
        .route(&v1("/workspaces/public"), get(public_workspaces::list))
        .route(&v1("/workbenches"), put(workbench_update::update))
        .merge(dev_store())
        .merge(teams())
        .route(
            &v1("/workbenches"),
            get(workbenches::list).post(workbenches::create),
        )
        .route(
            &v1("/workbenches/{id}"),
            get(workbenches::get).delete(workbenches::delete),
        )
        .route(
            &v1("/workbenches/{id}/stream/"),
            get(pages::workbench_stream),
        )
        .route(
            &v1("/workbenches/{id}/stream"),
            get(pages::workbench_stream),
        )
        .merge(app_catalogue::routes())
        .route(
            &v1("/app-instances"),
            get(apps::list_instances).post(apps::create_instance),
        )
        .route(
            &v1("/app-instances/{id}"),
            get(apps::get_instance).delete(apps::delete_instance),
        )
        .route(
            &v1("/users"),
            get(users::list).post(users::create).put(users::update),
        )
        .route(&v1("/users/{id}"), get(users::get).delete(users::delete))
        .route(&v1("/users/{id}/role"), post(users::add_role))
        .route(
            &v1("/users/{id}/role/{role_id}"),
            delete(users::remove_role),
        )
        .route(
            &v1("/authorization/roles"),
            get(roles::list).post(roles::create),
        )
        .route(&v1("/authorization/permissions"), get(roles::permissions))
        .route(
            &v1("/platform-settings"),
            get(platform_settings::get).put(platform_settings::put),
        )
        .merge(workspace_files())
        .merge(approval_requests())
        .merge(terms::routes())
        .merge(audit::routes())
        .merge(me::routes())
        .merge(services::routes())
        .merge(organizations::routes())
}

/// CHORUS's dev store (api.md §4b), both flavors; puts up to
/// [`devstore::DEVSTORE_BODY_LIMIT`].
fn dev_store() -> Router<Shared> {
    Router::new()
        .route(
            &v1("/devstore/global"),
            get(devstore::global_list).post(devstore::global_put),
        )
        .route(
            &v1("/devstore/global/"),
            get(devstore::global_get_empty).delete(devstore::global_delete_empty),
        )
        .route(
            &v1("/devstore/global/{key}"),
            get(devstore::global_get).delete(devstore::global_delete),
        )
        .route(
            &v1("/devstore/user"),
            get(devstore::user_list).post(devstore::user_put),
        )
        .route(
            &v1("/devstore/user/{key}"),
            get(devstore::user_get).delete(devstore::user_delete),
        )
        .route(
            &v1("/devstore/workspace/{id}"),
            get(devstore::workspace_list).post(devstore::workspace_put),
        )
        .route(
            &v1("/devstore/workspace/{id}/{key}"),
            get(devstore::workspace_get).delete(devstore::workspace_delete),
        )
        .route_layer(DefaultBodyLimit::max(devstore::DEVSTORE_BODY_LIMIT))
}

/// CHORUS's misspelled second prefix of every workbench route (`additional_bindings`), the
/// chorus flavor only; the stream is only under `/workbenches`.
fn workbenchs() -> Router<Shared> {
    Router::new()
        .route(
            &v1("/workbenchs"),
            get(workbenches::list)
                .post(workbenches::create)
                .put(workbench_update::update),
        )
        .route(
            &v1("/workbenchs/{id}"),
            get(workbenches::get).delete(workbenches::delete),
        )
        .route(
            &v1("/workbenchs/{id}/user/{user}/role"),
            post(sharing::share),
        )
        .route(
            &v1("/workbenchs/{id}/user/{user}"),
            delete(sharing::unshare),
        )
}

/// CHORUS's approval-request service (the "airlock"), both flavors.
fn approval_requests() -> Router<Shared> {
    Router::new()
        .route(&v1("/approval-requests"), get(approvals::list))
        .route(
            &v1("/approval-requests/data-extraction"),
            post(approvals::create_extraction),
        )
        .route(
            &v1("/approval-requests/data-transfer"),
            post(approvals::create_transfer),
        )
        .route(
            &v1("/approval-requests/mine/count"),
            get(approvals::count_mine),
        )
        .route(
            &v1("/approval-requests/{id}"),
            get(approvals::get).delete(approvals::delete),
        )
        .route(
            &v1("/approval-requests/{id}/approve"),
            post(approvals::approve),
        )
        .route(
            &v1("/approval-requests/{id}/files/{*path}"),
            get(approvals::download),
        )
}

/// CHORUS's workspace file service (issue 39), both flavors; bodies up to
/// [`files::FILE_BODY_LIMIT`] (a part of an upload).
fn workspace_files() -> Router<Shared> {
    Router::new()
        .route(&v1("/workspaces/{id}/stores"), get(files::stores))
        .route(&v1("/workspaces/{id}/files"), get(files::list))
        .route(&v1("/workspaces/{id}/files/"), get(files::list))
        .route(&v1("/workspaces/{id}/files/{*rest}"), get(files::list))
        .route(&v1("/workspaces/{id}/file"), post(files::create))
        .route(
            &v1("/workspaces/{id}/file/"),
            get(files::get)
                .post(files::post)
                .put(files::put)
                .delete(files::delete),
        )
        .route(
            &v1("/workspaces/{id}/file/{*rest}"),
            get(files::get)
                .post(files::post)
                .put(files::put)
                .delete(files::delete),
        )
        .route_layer(DefaultBodyLimit::max(files::FILE_BODY_LIMIT))
}

/// Workspaces as teams run them (issue 29): editing and deleting a workspace, its members,
/// sharing a session, notifications. Both flavors.
fn teams() -> Router<Shared> {
    Router::new()
        .route(&v1("/workspaces"), put(workspace_update::update))
        .route(&v1("/workspaces/{id}"), delete(members::delete))
        .route(
            &v1("/workspaces/{id}/user/{user}"),
            delete(members::remove_member),
        )
        .route(
            &v1("/workspaces/{id}/user/{user}/role"),
            post(members::add_role),
        )
        .route(
            &v1("/workspaces/{id}/user/{user}/role/{name}"),
            delete(members::remove_role),
        )
        .route(
            &v1("/workbenches/{id}/user/{user}/role"),
            post(sharing::share),
        )
        .route(
            &v1("/workbenches/{id}/user/{user}"),
            delete(sharing::unshare),
        )
        .route(&v1("/notifications/count"), get(notifications::count))
        .route(&v1("/notifications"), get(notifications::list))
        .route(&v1("/notifications/read"), post(notifications::read))
}

/// The extension routes of api.md (our flavor only).
fn extensions() -> Router<Shared> {
    Router::new()
        .route(&v1("/workbenches/{id}/stop"), post(workbenches::stop))
        .route(&v1("/workbenches/{id}/start"), post(workbenches::start))
        .route(&v1("/workbenches/{id}/watch"), get(watch::watch))
        .route(
            &v1("/app-instances/{id}/stream/"),
            get(pages::instance_stream),
        )
        .route(
            &v1("/app-instances/{id}/stream"),
            get(pages::instance_stream),
        )
        .route(
            &v1("/authorization/roles/{name}"),
            get(roles::get).put(roles::update).delete(roles::delete),
        )
        .route(&v1("/workspaces/{id}/raw/{*rest}"), get(files::raw))
}

/// The fake identity provider of OpenID logins.
fn identity_provider() -> Router<Shared> {
    Router::new()
        .route("/api/fake-idp/{id}/authorize", get(idp::authorize))
        .route("/api/fake-idp/{id}/approve", get(idp::approve))
        .route("/api/fake-idp/{id}/logout", get(idp::end_session))
}

/// `/api/builds`, `/api/runs`, the run stream.
fn jobs() -> Router<Shared> {
    Router::new()
        .route("/api/builds", get(jobs::list_builds))
        .route("/api/projects/{id}/build", post(jobs::create_build))
        .route("/api/runs", get(jobs::list_runs))
        .route("/api/projects/{id}/run", post(jobs::create_run))
        .route("/api/runs/{id}/stop", post(jobs::stop_run))
        .route("/api/runs/stream", get(sse::runs_stream))
}

/// `/api/dev/*`, behind [`mw::dev_guard`].
fn dev() -> Router<Shared> {
    Router::new()
        .route("/api/dev/reset", post(dev::reset))
        .route("/api/dev/restart", post(dev_restart::restart))
        .route("/api/dev/pause", post(dev_restart::pause))
        .route("/api/dev/user-list-cache", post(user_cache::set_list_ttl))
        .route("/api/dev/user-cache", post(user_cache::set_ttl))
        .route(
            "/api/dev/session-list-cache",
            post(workbenches::set_list_ttl),
        )
        .route("/api/dev/session-cache", post(workbenches::set_read_ttl))
        .route("/api/dev/app-instance-list-cache", post(apps::set_list_ttl))
        .route(
            "/api/dev/app-cache",
            post(app_catalogue::write::set_read_ttl),
        )
        .route("/api/dev/terms-cache", post(terms::set_current_ttl))
        .route(
            "/api/dev/requests",
            get(dev::requests).delete(dev::clear_requests),
        )
        .route("/api/dev/faults", get(dev::get_faults).put(dev::put_faults))
        .route(
            "/api/dev/config",
            put(dev::put_config).delete(dev::delete_config),
        )
        .route(
            "/api/dev/scenario",
            get(dev::get_scenario).put(dev::put_scenario),
        )
        .route("/api/dev/speed", get(dev::get_speed).put(dev::put_speed))
        .route("/api/dev/apps/{id}/failing", put(dev::put_app_failing))
        .route("/api/dev/expire-logins", post(dev::expire_logins))
        .route("/api/dev/advance", post(dev::advance))
        .route("/api/dev/stats", get(dev::stats))
        .route("/api/dev/watch", put(dev::put_watch))
        .route(
            "/api/dev/auth-modes",
            get(dev::get_auth_modes).put(dev::put_auth_modes),
        )
        .route(
            "/api/dev/role-failures",
            get(dev::get_role_failures).put(dev::put_role_failures),
        )
        .route(
            "/api/dev/token-times",
            get(dev_more::get_token_times).put(dev_more::put_token_times),
        )
        .route("/api/dev/notifications", post(notifications::dev_add))
        .route(
            "/api/dev/notification-cache",
            post(notifications::set_cache_ttl),
        )
        .route(
            "/api/dev/workbenches/{id}/remove",
            post(dev_more::remove_workbench),
        )
        .route(
            "/api/dev/hold-refresh",
            get(dev_more::get_refresh_hold).post(dev_more::hold_refresh),
        )
        .route("/api/dev/release-refresh", post(dev_more::release_refresh))
        .route("/api/dev/folder", post(dev_folder::seed))
        .route("/api/dev/sessions", post(dev_sessions::seed))
        .route("/api/dev/sessions/hostile", post(dev_sessions::hostile))
        .route("/api/dev/apps", post(dev_apps::add))
        .route(
            "/api/dev/stores",
            get(files::dev_get_stores).put(files::dev_put_stores),
        )
        .route("/api/dev/compliance", get(files::dev_compliance))
        .route(
            "/api/dev/approvals",
            get(approvals::dev_get).put(approvals::dev_put),
        )
        .merge(terms::dev_routes())
        .merge(audit::dev_routes())
        .merge(services::dev_routes())
        .route_layer(axum::middleware::from_fn(mw::dev_guard))
}

/// The routes of this server's flavor and job service.
pub(crate) fn router(state: Shared) -> Router {
    let config = &state.config;
    let chorus = config.flavor == Flavor::Chorus;
    let cors = config
        .cors_origin
        .as_deref()
        .and_then(|o| mw::cors(o, config.flavor));
    let mut routes = Router::new()
        .merge(platform())
        .merge(identity_provider())
        .merge(dev());
    if config.flavor == Flavor::Default {
        routes = routes.merge(extensions());
    } else {
        routes = routes.merge(workbenchs());
    }
    if config.jobs != Jobs::None {
        routes = routes.merge(jobs());
    }
    let router = routes
        .route("/config.json", get(statics::config_json))
        .fallback(statics::fallback)
        .method_not_allowed_fallback(statics::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            mw::outer,
        ))
        .with_state(state);
    match cors {
        Some(cors) => router
            .layer(cors)
            .layer(axum::middleware::from_fn(move |req, next| {
                mw::cors_finish(req, next, chorus)
            })),
        None => router,
    }
}
