//! The page groups of pages/lazy.rs and the links that open them: a group's chunk is fetched
//! when the pointer or the focus reaches a link to one of its pages, most often before the click.

/// A split point of the pages opened less often, one per group of pages that change and are
/// visited together.
#[cfg(any(target_arch = "wasm32", test))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Group {
    /// `/terms` (and what a route shows while the terms wait for acceptance).
    Terms,
    /// A workspace's data.
    Data,
    /// The airlock's requests (`/requests`).
    Requests,
    /// One request (`/requests/:id`).
    Request,
    /// The data index (`/data`).
    DataIndex,
    /// The audit logs (the platform's, a workspace's, a session's).
    Audit,
    /// A workspace's members.
    Members,
    /// The user's own pages: the profile and the activity.
    Profile,
    /// The user's messages (`/messages`).
    Inbox,
    /// The administration's overview (`/admin`).
    Admin,
    /// The roles (`/admin/roles`).
    Roles,
    /// The users (`/admin/users`).
    Users,
    /// The platform's rules: its settings and the terms' versions.
    Policy,
    /// A workspace's settings.
    Govern,
    /// A workspace's services.
    Services,
    /// The app catalogue's administration (`/admin/apps`).
    AdminApps,
    /// The lists of everything running (`/admin/workspaces`, `/admin/sessions`,
    /// `/admin/app-instances`).
    AdminLists,
    /// The organizations' administration (`/admin/organizations`).
    AdminOrgs,
    /// The app catalogue (`/apps`).
    Catalogue,
    /// What every user browses besides: the participating organizations, the public workspaces.
    Browse,
    /// All the user's sessions (`/sessions`).
    AllSessions,
    /// The home page (`/`).
    Home,
    /// Where a signed-in user lands: the workspaces.
    Overview,
    /// A workspace's page.
    Workspace,
    /// Creating one's own account (`/register`, linked from the login page).
    Register,
}

/// The group whose chunk a link to `href` opens (the paths of app.rs's routes), if any.
#[cfg(any(target_arch = "wasm32", test))]
pub(super) fn group_of(href: &str) -> Option<Group> {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    match path {
        "/terms" => return Some(Group::Terms),
        "/requests" => return Some(Group::Requests),
        "/data" => return Some(Group::DataIndex),
        "/admin" => return Some(Group::Admin),
        "/profile" | "/activity" => return Some(Group::Profile),
        "/messages" => return Some(Group::Inbox),
        "/admin/audit" => return Some(Group::Audit),
        "/public-workspaces" | "/organizations" => return Some(Group::Browse),
        "/apps" => return Some(Group::Catalogue),
        "/sessions" => return Some(Group::AllSessions),
        "/" => return Some(Group::Home),
        "/workspaces" => return Some(Group::Overview),
        "/register" => return Some(Group::Register),
        "/admin/roles" => return Some(Group::Roles),
        "/admin/users" => return Some(Group::Users),
        "/admin/settings" | "/admin/terms" => return Some(Group::Policy),
        "/admin/apps" => return Some(Group::AdminApps),
        "/admin/workspaces" | "/admin/sessions" | "/admin/app-instances" => {
            return Some(Group::AdminLists)
        }
        "/admin/organizations" => return Some(Group::AdminOrgs),
        _ => {}
    }
    if path
        .strip_prefix("/requests/")
        .is_some_and(|id| !id.is_empty())
    {
        return Some(Group::Request);
    }
    let rest = path.strip_prefix("/workspaces/")?;
    if !rest.is_empty() && !rest.contains('/') {
        return Some(Group::Workspace);
    }
    let (id, tail, group) = [
        ("/members", Group::Members),
        ("/data", Group::Data),
        ("/audit", Group::Audit),
        ("/settings", Group::Govern),
        ("/services", Group::Services),
    ]
    .into_iter()
    .find_map(|(tail, group)| Some((rest.strip_suffix(tail)?, tail, group)))?;
    // A workspace's page, or a session's audit log.
    let mut parts = id.split('/');
    let known = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(ws), None, _, _) => !ws.is_empty(),
        (Some(ws), Some("sessions"), Some(s), None) => {
            !ws.is_empty() && !s.is_empty() && tail == "/audit"
        }
        _ => false,
    };
    known.then_some(group)
}

/// Fetches a group's chunk and its stylesheets, once, when the pointer goes over a link to one
/// of its pages or the focus lands on one ([`group_of`]): the click usually follows some 100 ms
/// later, so the page most often opens without a wait, and a visit that never goes there costs
/// nothing. One listener of each on the document (the links come and go with the pages),
/// installed once however often the `app` chunk's parts are provided.
pub(super) fn prefetch_on_intent() {
    #[cfg(target_arch = "wasm32")]
    {
        use std::cell::Cell;
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        thread_local! {
            static INSTALLED: Cell<bool> = const { Cell::new(false) };
            /// The groups on their way or in, one bit each (fewer than 32 groups: a test says so).
            static STARTED: Cell<u32> = const { Cell::new(0) };
        }
        if INSTALLED.replace(true) {
            return;
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let on_intent = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let href = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                .and_then(|a| a.get_attribute("href"));
            let Some(group) = href.and_then(|h| group_of(&h)) else {
                return;
            };
            let bit = 1u32 << (group as u32);
            if STARTED.get() & bit != 0 {
                return;
            }
            STARTED.set(STARTED.get() | bit);
            crate::state::start_gets::chunks_for_later();
            leptos::task::spawn_local(async move {
                if !super::prefetch_group(group).await {
                    // The page itself tries again, and says so if it fails.
                    STARTED.set(STARTED.get() & !bit);
                }
            });
        });
        for kind in ["pointerover", "focusin"] {
            let _ = doc.add_event_listener_with_callback(kind, on_intent.as_ref().unchecked_ref());
        }
        on_intent.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::{group_of, Group};

    #[test]
    fn links_to_the_pages_of_each_group() {
        for (href, group) in [
            ("/activity", Group::Profile),
            ("/activity?tab=runs", Group::Profile),
            ("/profile", Group::Profile),
            ("/messages?tab=all", Group::Inbox),
            ("/terms", Group::Terms),
            ("/admin/users", Group::Users),
            ("/admin/roles#new", Group::Roles),
            ("/admin/terms", Group::Policy),
            ("/admin/audit", Group::Audit),
            ("/workspaces/1/members", Group::Members),
            ("/workspaces/a%2Fb/members", Group::Members),
            ("/workspaces/1/data", Group::Data),
            ("/requests", Group::Requests),
            ("/data", Group::DataIndex),
            ("/admin", Group::Admin),
            ("/requests/7", Group::Request),
            ("/workspaces/1/audit", Group::Audit),
            ("/workspaces/1/sessions/2/audit", Group::Audit),
            ("/workspaces/1/settings", Group::Govern),
            ("/workspaces/1/services", Group::Services),
            ("/public-workspaces", Group::Browse),
            ("/apps", Group::Catalogue),
            ("/organizations", Group::Browse),
            ("/admin/apps", Group::AdminApps),
            ("/admin/app-instances", Group::AdminLists),
            ("/admin/settings?x", Group::Policy),
            ("/admin/organizations", Group::AdminOrgs),
            ("/admin/workspaces", Group::AdminLists),
            ("/admin/sessions", Group::AdminLists),
            ("/sessions", Group::AllSessions),
            ("/", Group::Home),
            ("/workspaces", Group::Overview),
            ("/workspaces/1", Group::Workspace),
            ("/workspaces/1?tab=x", Group::Workspace),
            ("/register", Group::Register),
        ] {
            assert_eq!(group_of(href), Some(group), "{href}");
        }
        for href in [
            "/workspaces/",
            "/workspaces//members",
            "/workspaces/1/sessions/2",
            "/workspaces/1/sessions/2/members",
            "/workspaces/1/sessions/2/data",
            "/activityx",
            "/admin/",
            "/admin/nothing",
            "/requests/",
            "https://elsewhere.example/activity",
            "#main",
            "",
        ] {
            assert_eq!(group_of(href), None, "{href}");
        }
    }

    #[test]
    fn every_group_has_a_bit_of_its_own() {
        // `prefetch_on_intent` notes the groups started in a u32, one bit each (Register is the
        // last).
        assert!((Group::Register as u32) < 32);
    }
}
