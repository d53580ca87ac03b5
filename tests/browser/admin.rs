//! Browser tests: admin (the permission matrix component, rendered from data, no network).
use console::components::permission_matrix::{MatrixState, PermissionMatrix};
use console::domain::permissions::{Permission, Role, RoleScope};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

use crate::support::{mount, tick, Mounted};

#[path = "chorus_catalogue.rs"]
mod chorus_catalogue;

fn role(name: &str, scope: RoleScope, ctx: &[&str], perms: &[&str], dynamic: bool) -> Role {
    Role {
        name: name.into(),
        description: format!("The {name} role"),
        scope,
        context: ctx.iter().map(|s| s.to_string()).collect(),
        permissions: perms.iter().map(|s| s.to_string()).collect(),
        dynamic,
    }
}

fn perm(name: &str, ctx: &[&str]) -> Permission {
    Permission {
        name: name.into(),
        description: format!("Lets a user {name}"),
        context: ctx.iter().map(|s| s.to_string()).collect(),
    }
}

fn demo_roles() -> Vec<Role> {
    vec![
        role(
            "PlatformAdmin",
            RoleScope::Platform,
            &[],
            &[
                "listUsers",
                "manageDynamicRoles",
                "createWorkbench",
                "getWorkspace",
            ],
            false,
        ),
        role(
            "WorkspaceMember",
            RoleScope::Workspace,
            &["workspace"],
            &["getWorkspace", "createWorkbench"],
            false,
        ),
        role(
            "DataSteward",
            RoleScope::Workspace,
            &["workspace"],
            &["getWorkspace"],
            true,
        ),
    ]
}

fn demo_permissions() -> Vec<Permission> {
    vec![
        perm("listUsers", &[]),
        perm("manageDynamicRoles", &[]),
        perm("getWorkspace", &["workspace"]),
        perm("createWorkbench", &["workspace"]),
        perm("deleteWorkbench", &["workspace", "workbench"]),
    ]
}

fn checkbox(m: &Mounted, label: &str) -> HtmlInputElement {
    m.query(&format!("input[type=checkbox][aria-label=\"{label}\"]"))
        .unwrap_or_else(|| panic!("checkbox {label}"))
        .unchecked_into()
}

fn button(m: &Mounted, text: &str) -> HtmlButtonElement {
    m.query_all("button")
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("button {text}"))
        .unchecked_into()
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Lets pending microtasks (reactive effects) run, without a timer's minimum delay.
async fn microtask() {
    let p = js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL);
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

#[wasm_bindgen_test]
async fn matrix_has_one_labelled_checkbox_per_role_and_permission() {
    let m = mount(|| {
        let state = MatrixState::new();
        view! { <PermissionMatrix roles=demo_roles() permissions=demo_permissions() state=state/> }
    });
    tick(0).await;
    let table = m
        .query("table[data-testid=permission-matrix]")
        .expect("the matrix table");
    let boxes = table.query_selector_all("input[type=checkbox]").unwrap();
    assert_eq!(boxes.length(), 3 * 5);
    for r in ["PlatformAdmin", "WorkspaceMember", "DataSteward"] {
        for p in [
            "listUsers",
            "manageDynamicRoles",
            "getWorkspace",
            "createWorkbench",
            "deleteWorkbench",
        ] {
            let cb = checkbox(&m, &format!("{r}: {p}"));
            // A workspace role cannot take a permission checked per session (CHORUS's
            // ensurePermissionsFitScope).
            let enabled = r == "DataSteward" && p != "deleteWorkbench";
            assert_eq!(cb.disabled(), !enabled, "{r}: {p} disabled");
        }
    }
    let unfit = checkbox(&m, "DataSteward: deleteWorkbench");
    let reason = "Does not fit a workspace role: deleteWorkbench is checked per session, and a workspace role has only a workspace";
    assert_eq!(
        unfit
            .parent_element()
            .unwrap()
            .get_attribute("title")
            .as_deref(),
        Some(reason),
        "the reason in the cell's title"
    );
    assert_eq!(unfit.get_attribute("title").as_deref(), Some(reason));
    assert!(checkbox(&m, "DataSteward: getWorkspace")
        .parent_element()
        .unwrap()
        .get_attribute("title")
        .is_none());
    // Granted cells are checked.
    assert!(checkbox(&m, "PlatformAdmin: listUsers").checked());
    assert!(!checkbox(&m, "WorkspaceMember: listUsers").checked());
    assert!(checkbox(&m, "DataSteward: getWorkspace").checked());
    // Rows in words, grouped.
    let text = m.text();
    assert!(text.contains("Create workbench"), "{text}");
    let groups: Vec<String> = m
        .query_all("tr.group-row th")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        groups,
        [
            "Platform-wide",
            "Per workspace",
            "Per workspace and session"
        ]
    );
    // Built-in columns carry a lock with a tooltip; counts granted / total.
    let locks = m.query_all("[title=\"Built-in role: read-only\"]");
    assert_eq!(locks.len(), 2);
    let steward = m
        .query("th[data-role=DataSteward]")
        .expect("DataSteward column");
    let head = steward.text_content().unwrap_or_default();
    assert!(head.contains("1 / 5"), "{head}");
    assert!(head.contains("Workspace"), "{head}");
    // Save and Discard start disabled.
    assert!(button(&m, "Save").disabled());
    assert!(button(&m, "Discard").disabled());
}

#[wasm_bindgen_test]
async fn toggling_a_dynamic_cell_marks_it_and_enables_save() {
    let saved: RwSignal<Vec<Role>> = RwSignal::new(Vec::new());
    let m = mount(move || {
        let state = MatrixState::new();
        let on_save = Callback::new(move |_| saved.set(state.change_set(&demo_roles())));
        view! {
            <PermissionMatrix
                roles=demo_roles()
                permissions=demo_permissions()
                state=state
                on_save=on_save
            />
        }
    });
    tick(0).await;
    let cb = checkbox(&m, "DataSteward: createWorkbench");
    assert!(!cb.checked());
    cb.click();
    tick(0).await;
    assert!(cb.checked());
    let td = cb.parent_element().expect("cell");
    assert!(td.class_list().contains("changed"), "cell marked");
    assert!(td.text_content().unwrap_or_default().contains("changed"));
    // Other cells are untouched.
    let other = checkbox(&m, "DataSteward: listUsers")
        .parent_element()
        .unwrap();
    assert!(!other.class_list().contains("changed"));
    let head = m
        .query("th[data-role=DataSteward]")
        .unwrap()
        .text_content()
        .unwrap_or_default();
    assert!(head.contains("2 / 5"), "{head}");
    assert!(m.text().contains("1 unsaved change"));
    let save = button(&m, "Save");
    assert!(!save.disabled());
    assert!(!button(&m, "Discard").disabled());
    save.click();
    tick(0).await;
    let cs = saved.get_untracked();
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].name, "DataSteward");
    assert_eq!(cs[0].permissions, ["getWorkspace", "createWorkbench"]);
    // A built-in cell does not toggle.
    let builtin = checkbox(&m, "WorkspaceMember: listUsers");
    builtin.click();
    tick(0).await;
    assert!(!builtin.checked());
    // Discard reverts.
    button(&m, "Discard").click();
    tick(0).await;
    assert!(!cb.checked());
    assert!(!td.class_list().contains("changed"));
    assert!(button(&m, "Save").disabled());
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_enabled_cells() {
    let mut roles = demo_roles();
    roles.push(role(
        "Curator",
        RoleScope::Workspace,
        &["workspace"],
        &[],
        true,
    ));
    let m = mount(move || {
        let state = MatrixState::new();
        view! { <PermissionMatrix roles=roles permissions=demo_permissions() state=state/> }
    });
    tick(0).await;
    // One tab stop: the first enabled cell.
    let stops = m.query_all("td.cell > input[tabindex=\"0\"]");
    assert_eq!(stops.len(), 1);
    let first: HtmlInputElement = stops[0].clone().unchecked_into();
    // Columns: built-in first, then dynamic by name (Curator, DataSteward).
    assert_eq!(
        first.get_attribute("aria-label").unwrap(),
        "Curator: listUsers"
    );
    first.focus().unwrap();
    let key = |k: &str| -> web_sys::Event {
        let init = js_sys::Object::new();
        for (name, value) in [
            ("key", wasm_bindgen::JsValue::from_str(k)),
            ("bubbles", true.into()),
            ("cancelable", true.into()),
        ] {
            js_sys::Reflect::set(&init, &name.into(), &value).unwrap();
        }
        let ctor: js_sys::Function =
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"KeyboardEvent".into())
                .unwrap()
                .unchecked_into();
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
            .unwrap()
            .unchecked_into()
    };
    first.dispatch_event(&key("ArrowRight")).unwrap();
    let active = || {
        document()
            .active_element()
            .and_then(|e| e.get_attribute("aria-label"))
            .unwrap_or_default()
    };
    assert_eq!(active(), "DataSteward: listUsers");
    let cur: HtmlElement = document().active_element().unwrap().unchecked_into();
    cur.dispatch_event(&key("ArrowDown")).unwrap();
    assert_eq!(active(), "DataSteward: manageDynamicRoles");
    let cur: HtmlElement = document().active_element().unwrap().unchecked_into();
    cur.dispatch_event(&key("ArrowLeft")).unwrap();
    assert_eq!(active(), "Curator: manageDynamicRoles");
    // Only disabled built-in columns further left: the focus stays.
    let cur: HtmlElement = document().active_element().unwrap().unchecked_into();
    cur.dispatch_event(&key("ArrowLeft")).unwrap();
    assert_eq!(active(), "Curator: manageDynamicRoles");
    assert_eq!(m.query_all("td.cell > input[tabindex=\"0\"]").len(), 1);
}

#[wasm_bindgen_test]
async fn search_and_scope_narrow_rows_and_columns() {
    let state_out: RwSignal<Option<MatrixState>> = RwSignal::new(None);
    let m = mount(move || {
        let state = MatrixState::new();
        state_out.set(Some(state));
        view! { <PermissionMatrix roles=demo_roles() permissions=demo_permissions() state=state/> }
    });
    tick(0).await;
    let state = state_out.get_untracked().unwrap();
    state.search.set("workbench".into());
    tick(0).await;
    // Rows narrowed (createWorkbench, deleteWorkbench), every role kept.
    assert_eq!(m.query_all("input[type=checkbox]").len(), 3 * 2);
    state.search.set("steward".into());
    tick(0).await;
    // A role name: columns narrowed, every row kept.
    assert_eq!(m.query_all("input[type=checkbox]").len(), 5);
    state.search.set(String::new());
    state.scope.set(Some(RoleScope::Platform));
    tick(0).await;
    assert_eq!(m.query_all("input[type=checkbox]").len(), 5);
    assert!(m.query("th[data-role=PlatformAdmin]").is_some());
    state.search.set("nothing-like-this".into());
    tick(0).await;
    assert!(m.text().contains("No permission or role matches"));
}

#[wasm_bindgen_test]
async fn hostile_descriptions_render_as_text() {
    let hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    let mut roles = demo_roles();
    roles[2].description = hostile.to_string();
    let mut perms = demo_permissions();
    perms[0].description = hostile.to_string();
    let m = mount(move || {
        let state = MatrixState::new();
        view! { <PermissionMatrix roles=roles permissions=perms state=state/> }
    });
    tick(0).await;
    assert!(m.query("img").is_none(), "no img element");
    assert!(m.query("script").is_none(), "no script element");
    let th = m.query("th[data-role=DataSteward]").unwrap();
    assert_eq!(th.get_attribute("title").as_deref(), Some(hostile));
    assert!(th.text_content().unwrap_or_default().contains(hostile));
    let row = m.query("tr[data-permission=listUsers] th").unwrap();
    assert_eq!(
        row.get_attribute("title").as_deref(),
        Some(format!("listUsers: {hostile}").as_str()),
        "the API name and the description, as text"
    );
}

/// BENCHMARK (prints, never fails on timing): 60 roles × 250 permissions.
#[wasm_bindgen_test]
async fn benchmark_matrix_60_roles_250_permissions() {
    let perms: Vec<Permission> = (0..250)
        .map(|i| {
            let ctx: &[&str] = match i % 3 {
                0 => &[],
                1 => &["workspace"],
                _ => &["workspace", "workbench"],
            };
            perm(&format!("doThing{i:03}"), ctx)
        })
        .collect();
    let roles: Vec<Role> = (0..60)
        .map(|i| {
            let granted: Vec<String> = (0..250)
                .filter(|j| (i + j) % 4 == 0)
                .map(|j| format!("doThing{j:03}"))
                .collect();
            let granted: Vec<&str> = granted.iter().map(String::as_str).collect();
            role(
                &format!("Role{i:02}"),
                if i % 2 == 0 {
                    RoleScope::Workspace
                } else {
                    RoleScope::Platform
                },
                &[],
                &granted,
                i % 3 == 0,
            )
        })
        .collect();
    let t0 = now();
    let m = mount(move || {
        let state = MatrixState::new();
        view! { <PermissionMatrix roles=roles permissions=perms state=state/> }
    });
    let t1 = now();
    tick(0).await;
    let t_painted = now();
    assert_eq!(m.query_all("input[type=checkbox]").len(), 60 * 250);

    // doThing100 is checked per workspace: it fits the workspace role Role00.
    let cb = checkbox(&m, "Role00: doThing100");
    let td = cb.parent_element().unwrap();
    let mut toggles = Vec::new();
    for _ in 0..5 {
        let was = td.class_list().contains("changed");
        let s = now();
        cb.click();
        let mut spins = 0;
        while td.class_list().contains("changed") == was && spins < 1000 {
            microtask().await;
            spins += 1;
        }
        toggles.push(now() - s);
    }
    toggles.sort_by(|a, b| a.total_cmp(b));
    web_sys::console::log_1(
        &format!(
            "BENCHMARK permission matrix 60×250: first render {:.1} ms (mount {:.1} ms, to next task {:.1} ms); \
             toggle a cell: median {:.2} ms, worst {:.2} ms (goals: < 100 ms, < 16 ms)",
            t_painted - t0,
            t1 - t0,
            t_painted - t1,
            toggles[toggles.len() / 2],
            toggles[toggles.len() - 1],
        )
        .into(),
    );
    // A toggle changes only that cell.
    let changed = m.query_all("td.cell.changed").len();
    assert_eq!(changed, 1, "one toggled cell after an odd number of clicks");
}

/// The real catalogue's roles and permissions, with a dynamic workspace role `Curator` to edit.
fn chorus_catalogue() -> (Vec<Role>, Vec<Permission>) {
    let perms: Vec<Permission> = chorus_catalogue::PERMISSIONS
        .iter()
        .map(|(n, ctx)| perm(n, ctx))
        .collect();
    let mut roles: Vec<Role> = chorus_catalogue::ROLES
        .iter()
        .map(|(n, scope, ctx, ps)| {
            let scope = match *scope {
                "system" => RoleScope::System,
                "platform" => RoleScope::Platform,
                "workspace" => RoleScope::Workspace,
                _ => RoleScope::Workbench,
            };
            role(n, scope, ctx, ps, false)
        })
        .collect();
    roles.push(role(
        "Curator",
        RoleScope::Workspace,
        &["workspace"],
        &["getWorkspace"],
        true,
    ));
    (roles, perms)
}

/// CHORUS's real size (19 built-in roles × 85 permissions, and one dynamic role): every cell,
/// the scope-fit rule on the dynamic column, and the render and toggle timings (BENCHMARK:
/// printed, never failing on timing).
#[wasm_bindgen_test]
async fn chorus_catalogue_matrix_renders_fast_and_disables_unfit_cells() {
    let (roles, perms) = chorus_catalogue();
    assert_eq!((roles.len(), perms.len()), (20, 85));
    let t0 = now();
    let m = mount(move || {
        let state = MatrixState::new();
        view! { <PermissionMatrix roles=roles permissions=perms state=state/> }
    });
    let t1 = now();
    tick(0).await;
    let t_painted = now();
    assert_eq!(m.query_all("input[type=checkbox]").len(), 20 * 85);
    // Built-in: read-only. The dynamic workspace role: the 59 permissions without a dimension
    // or per workspace are enabled, the 26 per session or per user disabled with the reason.
    let enabled = m.query_all("input[type=checkbox]:not(:disabled)");
    assert_eq!(enabled.len(), 59);
    assert!(enabled.iter().all(|e| e
        .get_attribute("aria-label")
        .unwrap_or_default()
        .starts_with("Curator: ")));
    let unfit = m.query_all("td.cell.unfit[title]");
    assert_eq!(unfit.len(), 26);
    assert!(checkbox(&m, "Curator: listWorkbenches").disabled());
    assert!(!checkbox(&m, "Curator: createWorkbench").disabled());
    // Rows grouped by context dimension.
    let groups: Vec<String> = m
        .query_all("tr.group-row th")
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        groups,
        ["Platform-wide", "Per workspace", "Per session", "Per user"]
    );

    let cb = checkbox(&m, "Curator: createWorkbench");
    let td = cb.parent_element().unwrap();
    let mut toggles = Vec::new();
    for _ in 0..5 {
        let was = td.class_list().contains("changed");
        let s = now();
        cb.click();
        let mut spins = 0;
        while td.class_list().contains("changed") == was && spins < 1000 {
            microtask().await;
            spins += 1;
        }
        toggles.push(now() - s);
    }
    toggles.sort_by(|a, b| a.total_cmp(b));
    web_sys::console::log_1(
        &format!(
            "BENCHMARK permission matrix, CHORUS catalogue 20×85: first render {:.1} ms (mount {:.1} ms, to next task {:.1} ms); \
             toggle a cell: median {:.2} ms, worst {:.2} ms (goals: < 100 ms, < 16 ms)",
            t_painted - t0,
            t1 - t0,
            t_painted - t1,
            toggles[toggles.len() / 2],
            toggles[toggles.len() - 1],
        )
        .into(),
    );
    assert_eq!(m.query_all("td.cell.changed").len(), 1);
}

fn signed_in_as(roles: Vec<Role>, assignments: Vec<(&str, &str)>) -> console::state::auth::Auth {
    use console::domain::user::{RoleAssignment, User};
    let api = console::api::ApiClient::new("");
    provide_context(api);
    let auth = console::state::auth::Auth::new(api);
    // What the `app` chunk does in the console: the catalogues' code (and the grants) come in.
    auth.install_catalogues();
    auth.roles.set(roles);
    // The checks need the permission catalogue too (they fail closed without it).
    auth.permissions.set(demo_permissions());
    auth.user.set(Some(User {
        id: "3".into(),
        username: "bob".into(),
        roles_with_context: assignments
            .into_iter()
            .map(|(name, ws)| RoleAssignment {
                id: String::new(),
                name: name.into(),
                context: [("workspace".to_string(), ws.to_string())].into(),
            })
            .collect(),
        ..Default::default()
    }));
    auth.status.set(console::state::auth::AuthStatus::SignedIn);
    provide_context(auth);
    auth
}

#[wasm_bindgen_test]
async fn admin_pages_say_no_access_without_permission() {
    use console::pages::admin_roles::AdminRolesPage;
    use console::pages::admin_users::AdminUsersPage;
    let m = mount(|| {
        signed_in_as(demo_roles(), vec![("WorkspaceMember", "1")]);
        view! {
            <AdminRolesPage/>
            <AdminUsersPage/>
        }
    });
    tick(0).await;
    let headings: Vec<String> = m
        .query_all("h1")
        .iter()
        .map(|h| h.text_content().unwrap_or_default())
        .collect();
    assert_eq!(headings, ["No access", "No access"]);
    let links = m.query_all("a[href=\"/workspaces\"]");
    assert_eq!(links.len(), 2);
    assert!(m.query("[data-testid=permission-matrix]").is_none());
    assert!(m.query("[data-testid=users-table]").is_none());
}

#[wasm_bindgen_test]
async fn user_form_validates_next_to_fields_and_asks_for_workspaces() {
    use console::components::user_form::UserForm;
    let mut roles = demo_roles();
    roles.push(role(
        "WorkbenchOwner",
        RoleScope::Workbench,
        &["workbench"],
        &[],
        false,
    ));
    roles.push(role(
        "PlatformUserManager",
        RoleScope::Platform,
        &["user"],
        &["listUsers"],
        false,
    ));
    roles.push(role(
        "Authenticated",
        RoleScope::Platform,
        &["user"],
        &["getMyOwnUser"],
        false,
    ));
    let m = mount(move || {
        signed_in_as(roles.clone(), vec![]);
        view! {
            <UserForm
                roles=roles
                workspaces=vec![("1".into(), "Demo".into()), ("2".into(), "Genomics".into())]
                on_saved=Callback::new(|_| ())
                on_cancel=Callback::new(|_| ())
            />
        }
    });
    tick(0).await;
    assert_eq!(
        document().active_element().map(|e| e.id()).as_deref(),
        Some("user-form-username"),
        "the form opens with its first field focused"
    );
    let label_for = |text: &str| -> Option<String> {
        m.query_all("label")
            .into_iter()
            .find(|l| l.text_content().unwrap_or_default() == text)
            .and_then(|l| l.get_attribute("for"))
    };
    for text in ["Username", "First name", "Last name", "Email", "Password"] {
        let id = label_for(text).unwrap_or_else(|| panic!("label {text}"));
        assert!(m.query(&format!("input[id=\"{id}\"]")).is_some(), "{text}");
    }
    // Every role is offered, those whose context is `user` too.
    for r in [
        "WorkspaceMember",
        "WorkbenchOwner",
        "PlatformUserManager",
        "PlatformAdmin",
    ] {
        assert!(label_for(&format!("Role {r}")).is_some(), "{r}");
    }
    // Empty form: messages next to the fields.
    button(&m, "Save").click();
    tick(0).await;
    let username = m.query("#user-form-username").unwrap();
    assert_eq!(
        username.get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    let described = username.get_attribute("aria-describedby").unwrap();
    let msg = m.query(&format!("#{described}")).unwrap();
    assert_eq!(msg.text_content().unwrap_or_default(), "Enter a username");
    // A workspace role asks for its workspace.
    assert!(label_for("Workspace for WorkspaceMember").is_none());
    let id = label_for("Role WorkspaceMember").unwrap();
    let cb: HtmlInputElement = m.query(&format!("[id=\"{id}\"]")).unwrap().unchecked_into();
    cb.click();
    tick(0).await;
    let sel_id = label_for("Workspace for WorkspaceMember").expect("a workspace select");
    let options: Vec<String> = m
        .query_all(&format!("select[id=\"{sel_id}\"] option"))
        .iter()
        .map(|o| o.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        options,
        ["Choose a workspace", "Demo", "Genomics", "All workspaces"]
    );
    button(&m, "Save").click();
    tick(0).await;
    assert!(m.text().contains("Choose a workspace for WorkspaceMember"));
    // A role whose context lists `user` asks which users (CHORUS stores the context as sent:
    // without one it would grant nothing); a session role asks for its session.
    for (r, session, users) in [
        ("PlatformUserManager", false, true),
        ("WorkbenchOwner", true, false),
    ] {
        let id = label_for(&format!("Role {r}")).unwrap();
        let cb: HtmlInputElement = m.query(&format!("[id=\"{id}\"]")).unwrap().unchecked_into();
        assert_eq!(
            label_for(&format!("Users for {r}")),
            None,
            "{r}: only once checked"
        );
        cb.click();
        tick(0).await;
        assert_eq!(label_for(&format!("Workspace for {r}")), None, "{r}");
        assert_eq!(
            label_for(&format!("Session for {r}")).is_some(),
            session,
            "{r}"
        );
        assert_eq!(label_for(&format!("Users for {r}")).is_some(), users, "{r}");
    }
    // `Users for`: `All users` (the default of a platform role) or `Only this user`.
    let sel_id = label_for("Users for PlatformUserManager").unwrap();
    let select = m.query(&format!("select[id=\"{sel_id}\"]")).unwrap();
    let options: Vec<(String, String)> = m
        .query_all(&format!("select[id=\"{sel_id}\"] option"))
        .iter()
        .map(|o| {
            (
                o.get_attribute("value").unwrap_or_default(),
                o.text_content().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        options,
        [
            ("*".to_string(), "All users".to_string()),
            ("self".to_string(), "Only this user".to_string())
        ]
    );
    assert_eq!(
        js_sys::Reflect::get(&select, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("*")
    );
    // The role every user holds on itself defaults to `Only this user`.
    let id = label_for("Role Authenticated").unwrap();
    let cb: HtmlInputElement = m.query(&format!("[id=\"{id}\"]")).unwrap().unchecked_into();
    cb.click();
    tick(0).await;
    let sel_id = label_for("Users for Authenticated").expect("a users select");
    let select = m.query(&format!("select[id=\"{sel_id}\"]")).unwrap();
    assert_eq!(
        js_sys::Reflect::get(&select, &"value".into())
            .unwrap()
            .as_string()
            .as_deref(),
        Some("self")
    );
    // Characters CHORUS refuses, refused before sending, in words next to the field.
    let first: HtmlInputElement = m.query("#user-form-firstName").unwrap().unchecked_into();
    first.set_value("Ca|rol <b>");
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    let ctor: js_sys::Function = js_sys::Reflect::get(&web_sys::window().unwrap(), &"Event".into())
        .unwrap()
        .unchecked_into();
    let input: web_sys::Event =
        js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"input".into(), &init))
            .unwrap()
            .unchecked_into();
    first.dispatch_event(&input).unwrap();
    button(&m, "Save").click();
    tick(0).await;
    assert_eq!(first.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = first.get_attribute("aria-describedby").unwrap();
    let msg = m.query(&format!("#{described}")).unwrap();
    assert!(
        msg.text_content()
            .unwrap_or_default()
            .starts_with("A first name may not contain | < >"),
        "{:?}",
        msg.text_content()
    );
}
