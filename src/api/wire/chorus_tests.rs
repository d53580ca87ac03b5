//! Replies shaped exactly like a real CHORUS backend's (grpc-gateway over protobuf), as the dev
//! server's `--flavor chorus` gives them: protobuf enum spellings, fractional seconds and `null`
//! timestamps, fields this console does not know, no extension fields, `roles: []`, lists without
//! `pagination`, and CHORUS's error bodies.
use super::auth::ModesResult;
use super::common::{Envelope, ErrorBody, Pagination};
use super::user::{UserResult, UsersResult};
use super::workbench::WorkbenchResult;
use super::workspace::WorkspaceResult;
use crate::api::error::{decode, http_error};
use crate::api::ErrorKind;
use crate::domain::auth::LoginMode;
use crate::domain::time::parse_rfc3339_ms;
use crate::domain::user::{User, UserStatus};
use crate::domain::workbench::{K8sWorkbenchStatus, Phase, ServerPodStatus, Workbench};
use crate::domain::workspace::{Workspace, WorkspaceStatus};

const WORKSPACE: &str = r#"{"result":{"workspace":{"id":"1","tenantId":"1","userId":"1","name":"Demo","shortName":"demo","description":"Demo workspace: one session per scenario","status":"WORKSPACE_STATUS_ACTIVE","isMain":false,"visibility":"WORKSPACE_VISIBILITY_PRIVATE","createdAt":"2025-01-06T09:00:00Z","updatedAt":null}}}"#;

const WORKBENCH: &str = r#"{"result":{"workbench":{"id":"1","tenantId":"1","userId":"2","workspaceId":"1","name":"Healthy desktop","shortName":"healthy-desktop","description":"Seeded session: scenario healthy","status":"active","k8sStatus":"Running","serverPodStatus":"Waiting","serverPodMessage":"Waiting for a node…","initialResolutionWidth":1920,"initialResolutionHeight":1080,"createdAt":"2026-11-22T11:50:58.401196048Z","updatedAt":"2026-11-22T11:50:59.801816598Z"}}}"#;

const USER: &str = r#"{"result":{"user":{"id":"3","username":"bob","firstName":"Bob","lastName":"Berg","email":"bob@example.org","status":"active","source":"internal","roles":[],"rolesWithContext":[{"id":"4","name":"WorkspaceViewer","context":{"workspace":"1"}}],"password":"","totpEnabled":false,"passwordChanged":false,"createdAt":"2025-01-06T09:00:00Z","updatedAt":null}}}"#;

#[test]
fn a_chorus_workspace_with_protobuf_status_and_null_time() {
    let env: Envelope<WorkspaceResult> = decode(WORKSPACE).unwrap();
    let ws = Workspace::from(env.result.workspace);
    assert_eq!(ws.status, WorkspaceStatus::Active);
    assert_eq!(ws.name, "Demo");
    assert_eq!(ws.updated_at, None, "null is absent");
}

#[test]
fn a_chorus_workbench_without_extensions_and_with_nanoseconds() {
    let env: Envelope<WorkbenchResult> = decode(WORKBENCH).unwrap();
    let wb = Workbench::from(env.result.workbench);
    assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Running);
    assert_eq!(wb.server_pod_status, ServerPodStatus::Waiting);
    assert!(
        wb.is_running() && !wb.is_ready(),
        "Running, the desktop server not yet"
    );
    assert_eq!(wb.phase, None);
    assert!(wb.conditions.is_empty());
    assert_eq!(wb.generation, None);
    assert_eq!(wb.effective_phase(), Phase::Running);
    let created = parse_rfc3339_ms(wb.created_at.as_deref().unwrap()).unwrap();
    let updated = parse_rfc3339_ms(wb.updated_at.as_deref().unwrap()).unwrap();
    assert_eq!(
        updated - created,
        1_400,
        "nanoseconds are read to the millisecond"
    );
    // Once the desktop server answers, it is ready.
    let ready = WORKBENCH.replace(
        r#""serverPodStatus":"Waiting""#,
        r#""serverPodStatus":"Ready""#,
    );
    let env: Envelope<WorkbenchResult> = decode(&ready).unwrap();
    assert!(Workbench::from(env.result.workbench).is_ready());
}

#[test]
fn a_chorus_user_has_its_roles_only_with_context() {
    let env: Envelope<UserResult> = decode(USER).unwrap();
    let user = User::from(env.result.user);
    assert_eq!(user.status, UserStatus::Active);
    assert!(user.roles.is_empty());
    assert_eq!(user.roles_with_context.len(), 1);
    assert_eq!(user.roles_with_context[0].id, "4");
    assert_eq!(user.roles_with_context[0].name, "WorkspaceViewer");
    assert_eq!(
        user.roles_with_context[0]
            .context
            .get("workspace")
            .map(String::as_str),
        Some("1")
    );
    assert_eq!(user.updated_at, None);
}

#[test]
fn a_chorus_list_without_pagination_is_the_whole_list() {
    let text = format!(
        r#"{{"result":{{"users":[{u},{u}]}}}}"#,
        u = &USER[r#"{"result":{"user":"#.len()..USER.len() - 2]
    );
    let env: Envelope<UsersResult> = decode(&text).unwrap();
    assert_eq!(env.result.users.len(), 2);
    assert_eq!(env.pagination, None);
    assert!(Pagination::is_complete(env.pagination, 2));
    // With pagination.* parameters it pages, and adds `sort`.
    let paged = text.replace(
        r#"]}}"#,
        r#"]},"pagination":{"total":49,"offset":0,"limit":2},"sort":{"order":"ASC","type":"id"}}"#,
    );
    let env: Envelope<UsersResult> = decode(&paged).unwrap();
    assert!(!Pagination::is_complete(env.pagination, 2));
}

#[test]
fn chorus_login_modes() {
    let env: Envelope<ModesResult> = decode(
        r#"{"result":{"modes":[{"type":"internal","internal":{"publicRegistrationEnabled":false},"ButtonText":""},{"type":"openid","openid":{"id":"keycloak"},"ButtonText":"Sign in with Keycloak"}]}}"#,
    )
    .unwrap();
    let modes: Vec<LoginMode> = env.result.into_modes();
    assert_eq!(modes.len(), 2);
    assert_eq!(
        modes[0],
        LoginMode::Password {
            registration: false
        }
    );
}

#[test]
fn chorus_errors_in_words() {
    // A session that is gone: NOT_FOUND names it.
    let gone = http_error(
        404,
        "Not Found",
        r#"{"code":5,"message":"workbench 999 not found","details":[{"chorusCode":"NOT_FOUND","instance":"/api/rest/v1/workbenches/999","title":"Not Found","message":"workbench 999 not found"}]}"#,
    );
    assert!(!gone.means_missing_route());
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    assert!(gone.message().contains("workbench 999 not found"));
    assert!(
        !gone.message().contains("/api/rest/v1"),
        "no instance path in words"
    );
    // A route CHORUS lacks.
    let missing = http_error(
        404,
        "Not Found",
        r#"{"code":5,"message":"Not Found","details":[]}"#,
    );
    assert!(missing.means_missing_route());
    // Role creation mistakes: a bare 500 (the console checks first).
    let role = http_error(
        500,
        "Internal Server Error",
        r#"{"code":13,"message":"unable to create role","details":[{"chorusCode":"INTERNAL_ERROR","instance":"/api/rest/v1/authorization/roles","title":"Internal Server Error","message":"unable to create role"}]}"#,
    );
    assert!(role.message().contains("unable to create role"));
    // A strict body: the top-level message is the text when details are empty.
    let strict = http_error(
        400,
        "Bad Request",
        r#"{"code":3,"message":"proto: (line 1:23): unknown field \"bogus\"","details":[]}"#,
    );
    assert!(
        strict.message().contains("unknown field"),
        "{}",
        strict.message()
    );
    // Details may carry a stack trace: never shown.
    let body = ErrorBody::parse(
        r#"{"code":13,"message":"boom","details":[{"chorusCode":"INTERNAL_ERROR","message":"boom","stackTrace":"goroutine 7 [running]:\nmain.handler()"}]}"#,
    )
    .unwrap();
    assert!(!format!("{body:?}").contains("goroutine"));
    let e = http_error(
        500,
        "",
        r#"{"code":13,"message":"boom","details":[{"chorusCode":"INTERNAL_ERROR","message":"boom","stackTrace":"goroutine 7 [running]"}]}"#,
    );
    assert!(!e.message().contains("goroutine"));
}

/// A reply a running CHORUS gave (`fixtures/chorus/<file>`, chorus-backend@0978bc77,
/// 2026-11-23), at the JSON pointer `at`, as text.
fn seen(file: &str, at: &str) -> String {
    let text = match file {
        "workbench_create.json" => include_str!("../../../fixtures/chorus/workbench_create.json"),
        "workbench_list_order.json" => {
            include_str!("../../../fixtures/chorus/workbench_list_order.json")
        }
        _ => unreachable!("{file}"),
    };
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(v["chorus"], "chorus-backend@0978bc77");
    v.pointer(at)
        .unwrap_or_else(|| panic!("{file}{at}"))
        .to_string()
}

/// A new session as CHORUS answered its create: `status`, `k8sStatus` and `serverPodStatus`
/// `""` (its watcher had not reported), 0 × 0. The console takes it as starting: not deleted,
/// not failed, not ready, its page opened at once.
#[test]
fn a_new_session_as_chorus_answered_its_create() {
    let body = seen("workbench_create.json", "/without_resolution/body");
    let env: Envelope<WorkbenchResult> = decode(&body).unwrap();
    let wb = Workbench::from(env.result.workbench);
    assert_eq!(wb.id, "1");
    assert!(!wb.is_deleted() && !wb.is_failed() && !wb.is_ready() && !wb.is_terminal());
    assert_eq!(wb.k8s_status, K8sWorkbenchStatus::Unreported);
    assert_eq!(wb.initial_resolution_width, None, "0 is no size");
    assert_eq!(wb.updated_at, wb.created_at);
}

/// The sessions as CHORUS listed them without a sort (the one written last, last): shown
/// newest first all the same.
#[test]
fn sessions_as_chorus_listed_them_shown_newest_first() {
    let body = seen("workbench_list_order.json", "/unsorted/body");
    let list = super::workbench::decode_workbench_list(&body).unwrap();
    let mut rows: Vec<Workbench> = list.workbenches;
    let sent: Vec<&str> = rows.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(sent, ["1", "3", "2"]);
    crate::domain::order::sort_sessions(&mut rows);
    let shown: Vec<&str> = rows.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(shown, ["3", "2", "1"]);
}

/// The 401s a running CHORUS gave (`fixtures/chorus/unauthenticated.json`): no details; the
/// login is gone all the same.
#[test]
fn chorus_bare_401s_mean_the_login_is_gone() {
    let v: serde_json::Value = serde_json::from_str(include_str!(
        "../../../fixtures/chorus/unauthenticated.json"
    ))
    .unwrap();
    for case in ["without_login", "list_without_login", "malformed_token"] {
        let body = v[case]["body"].to_string();
        let e = http_error(401, "Unauthorized", &body);
        assert_eq!(e.kind(), ErrorKind::Unauthorized, "{case}");
        assert!(!e.means_missing_route(), "{case}");
    }
}

/// Self-registration as a running CHORUS answered it (`fixtures/chorus/register.json`): its mode
/// offers it, and a taken username (its 500 `Unable to store user <u>`) is said to be taken.
#[test]
fn chorus_self_registration_replies() {
    use crate::domain::registration::{refusal, Refusal};
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/chorus/register.json")).unwrap();
    assert_eq!(v["chorus"], "chorus-backend@0978bc77");
    let env: Envelope<ModesResult> = decode(&v["modes"]["body"].to_string()).unwrap();
    let modes: Vec<LoginMode> = env.result.into_modes();
    assert!(crate::domain::auth::registration_open(&modes));
    let e = http_error(
        500,
        "Internal Server Error",
        &v["taken"]["body"].to_string(),
    );
    assert_eq!(
        refusal(e.status(), e.server_message(), "chorus"),
        Refusal::Taken("chorus".into())
    );
    let e = http_error(400, "Bad Request", &v["missing_fields"]["body"].to_string());
    assert_eq!(
        refusal(e.status(), e.server_message(), "chorus2"),
        Refusal::Other {
            may_be_taken: false
        }
    );
    let created: Envelope<UserResult> = decode(&v["created"]["body"].to_string()).unwrap();
    assert_eq!(User::from(created.result.user).status, UserStatus::Active);
}
