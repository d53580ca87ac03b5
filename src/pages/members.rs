//! `/workspaces/:workspaceId/members` (ui.md, "members"): every member with their roles in this
//! workspace, by username, paged; for those who may manage them, `Add member` (find a person,
//! pick a workspace role), a role select and `Remove <username>` on each row. The route of each
//! change is the one CHORUS accepts from this caller ([`member_route`]); a refusal is said in
//! words, naming who can give the role. No call that stops CHORUS is ever sent
//! (`domain/members.rs`): a role is taken through the user route whenever the caller may
//! ([`take_route`]); `Remove` is offered only so, and elsewhere the page says who can remove a
//! member and where; the workspace route takes a role only while the member, read again past
//! CHORUS's user cache, keeps another here.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::{teams, users, workspaces, ApiClient, ApiError};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::local_action;
use crate::components::user_finder::UserFinder;
use crate::components::when::When;
use crate::domain::members::{
    givable_roles, loses_own_access, may_remove, member_route, old_role_kept, refusal_words,
    role_names_in, roles_in, take_route, workspace_takes_are_safe, MemberRoute, WHO_CAN_REMOVE,
};
use crate::domain::permissions::{Perm, Target};
use crate::domain::user::{RoleAssignment, User};
use crate::state::auth::Auth;

/// Members per page.
const PAGE: usize = 20;

#[component]
pub(crate) fn MembersPage() -> impl IntoView {
    let params = use_params_map();
    let workspace_id =
        crate::state::memo(move |_| params.with(|p| p.get("workspaceId").unwrap_or_default()));
    view! {
        <main class="page members-page" id="main">
            {move || view! { <MembersView workspace_id=workspace_id.get()/> }}
        </main>
    }
}

/// What the members view shares with its parts.
#[derive(Clone, Copy)]
struct Ctx {
    api: ApiClient,
    auth: Auth,
    ws: StoredValue<String>,
    members: crate::state::Resource<Result<Vec<User>, ApiError>>,
    /// What the last change did, in words (`role="status"`).
    said: RwSignal<Option<String>>,
    /// Why the last change failed.
    failed: RwSignal<Option<(String, ApiError)>>,
}

impl Ctx {
    /// The workspace's id; `""` once the page is gone (a sign-out can re-run what reads it,
    /// the members' resource among them, after the page's owner was disposed).
    fn ws(self) -> String {
        self.ws.try_get_value().unwrap_or_default()
    }

    fn route(self) -> Option<MemberRoute> {
        let ws = self.ws();
        self.auth.grants().and_then(|g| member_route(&g, &ws))
    }

    fn givable(self) -> Vec<String> {
        let ws = self.ws();
        match (self.auth.grants(), self.route()) {
            (Some(g), Some(route)) => self
                .auth
                .roles
                .with(|roles| givable_roles(&g, roles, &ws, route)),
            _ => Vec::new(),
        }
    }

    /// Gives `role` to `user` through the caller's route.
    async fn give(self, user: &str, role: &str) -> Result<(), ApiError> {
        let ws = self.ws();
        match self.route() {
            Some(MemberRoute::User) => {
                let assignment = RoleAssignment {
                    id: String::new(),
                    name: role.to_owned(),
                    context: [("workspace".to_owned(), ws)].into(),
                };
                users::add_role(self.api, user, &assignment).await
            }
            _ => teams::add_workspace_role(self.api, &ws, user, role).await,
        }
    }

    /// Whether this caller may remove members here (only through the user route).
    fn may_remove(self) -> bool {
        let ws = self.ws();
        self.auth.grants().is_some_and(|g| may_remove(&g, &ws))
    }

    /// Takes these assignments away, one call each, never by a call that stops CHORUS:
    /// `Ok(false)` when they were left, because the workspace route could have taken the
    /// member's last role here.
    async fn take(self, user: &str, assignments: Vec<RoleAssignment>) -> Result<bool, ApiError> {
        let ws = self.ws();
        let route = self.auth.grants().and_then(|g| take_route(&g, &ws));
        match route {
            Some(MemberRoute::User) => {
                for a in assignments {
                    users::remove_role(self.api, user, &a.id).await?;
                }
                Ok(true)
            }
            Some(MemberRoute::Workspace) => {
                // CHORUS counts the member's roles from its user cache (a second old): read
                // them again past it; each take must leave another role here.
                crate::state::timer::sleep(std::time::Duration::from_millis(
                    crate::state::new_session::USER_CACHE_MS as u64,
                ))
                .await;
                let fresh = teams::members(self.api, &ws).await?;
                let safe = fresh
                    .iter()
                    .find(|u| u.id == user)
                    .is_some_and(|m| workspace_takes_are_safe(m, &ws, assignments.len()));
                if !safe {
                    return Ok(false);
                }
                for a in assignments {
                    teams::remove_workspace_role(self.api, &ws, user, &a.name).await?;
                }
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// After a change: the list again (and once more after CHORUS's user cache: seen on a
    /// running CHORUS, a member just added was missing from the list asked at once), and the
    /// login when it was the caller's own roles.
    async fn changed(self, user: &str, words: String) {
        if self.auth.is_me(user) {
            let _ = self.auth.refresh().await;
        }
        self.members.refetch_past_user_cache();
        self.said.try_set(Some(words));
    }

    /// Nothing was sent: says why in words.
    fn fail_words(self, words: &str) {
        self.failed.try_set(None);
        self.said.try_set(Some(words.to_owned()));
    }

    fn fail(self, what: &str, e: ApiError) {
        let words = refusal_words(
            e.status(),
            &e.message(),
            self.route().unwrap_or(MemberRoute::Workspace),
        );
        self.said.try_set(None);
        self.failed
            .try_set(Some((words.unwrap_or_else(|| what.to_owned()), e)));
    }
}

#[component]
fn MembersView(workspace_id: String) -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let ws = StoredValue::new(workspace_id);
    // The id is read when the fetch starts, never inside the future: a fetch the sign-out
    // starts (it changes what `auth` says) may first run after the page is gone.
    let workspace = crate::state::resource(move || {
        let ws = ws.try_get_value().unwrap_or_default();
        async move { workspaces::get(api, &ws).await }
    });
    // Who may not read the workspace but may list users (a platform user manager on CHORUS)
    // reads the members from the user list.
    let members = crate::state::resource(move || {
        let may_list = auth.can_in(Perm::ListUsers, &Target::global());
        let ws = ws.try_get_value().unwrap_or_default();
        async move {
            match teams::members(api, &ws).await {
                Err(e) if e.status() == Some(403) && may_list => {
                    teams::members_from_all_users(api, &ws).await
                }
                other => other,
            }
        }
    });
    let ctx = Ctx {
        api,
        auth,
        ws,
        members,
        said: RwSignal::new(None),
        failed: RwSignal::new(None),
    };
    let name = move || match workspace.get() {
        Some(Ok(w)) => w.display_name(),
        _ => "this workspace".to_owned(),
    };
    let may_manage = crate::state::memo(move |_| ctx.route().is_some());
    let page = RwSignal::new(0usize);
    view! {
        <p class="breadcrumb">
            <a href=move || crate::pages::workspace_href(&ws.try_get_value().unwrap_or_default())>{name}</a>
        </p>
        <h1>"Members"</h1>
        <p class="muted">{move || format!("Who works in {} and with which roles.", name())}</p>
        {move || ctx.said.get().map(|s| view! { <p class="alert alert-ok" role="status">{s}</p> })}
        {move || ctx.failed.get().map(|(words, e)| view! {
            <ErrorAlert title=words error=e/>
        })}
        <When when=move || may_manage.get()>
            <AddMember ctx=ctx/>
        </When>
        <When when=move || may_manage.get() && !ctx.may_remove()>
            <p class="muted" data-testid="who-can-remove">{WHO_CAN_REMOVE}</p>
        </When>
        <Loaded
            state=from_resource(members)
            loading="Loading the members…"
            error_title="Could not load the members"
            on_retry=Callback::new(move |_| members.refetch())
            let:list
        >
            {move || members_table(ctx, list.get(), page, may_manage.get())}
        </Loaded>
    }
}

const COLUMNS: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Username"),
    Column::shown("Roles in this workspace"),
];
const COLUMNS_MANAGE: &[Column] = &[
    Column::shown("Name"),
    Column::shown("Username"),
    Column::shown("Roles in this workspace"),
    Column::hidden("Change"),
];

fn members_table(ctx: Ctx, list: Vec<User>, page: RwSignal<usize>, manage: bool) -> AnyView {
    if list.is_empty() {
        return view! { <p class="empty">"Nobody is a member of this workspace yet."</p> }
            .into_any();
    }
    let total = list.len();
    let pages = total.div_ceil(PAGE);
    let current = page.get().min(pages.saturating_sub(1));
    let ws = ctx.ws();
    let rows = list
        .into_iter()
        .skip(current * PAGE)
        .take(PAGE)
        .map(|u| member_row(ctx, u, &ws, manage))
        .collect_view();
    let first = current * PAGE + 1;
    let last = (first + PAGE - 1).min(total);
    view! {
        <DataTable testid="members-table" caption="Members of this workspace"
            columns=if manage { COLUMNS_MANAGE } else { COLUMNS } class="members-table">
            {rows}
        </DataTable>
        <div class="pager">
            <span class="muted">{format!("Showing {first}–{last} of {total}")}</span>
            {(pages > 1).then(|| view! {
                <button type="button" class="btn btn-small" disabled=current == 0
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
                <button type="button" class="btn btn-small" disabled=current + 1 >= pages
                    on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
            })}
        </div>
    }
    .into_any()
}

fn member_row(ctx: Ctx, u: User, ws: &str, manage: bool) -> impl IntoView {
    let names = role_names_in(&u, ws);
    let shown = if names.is_empty() {
        "(a session of it only)".to_owned()
    } else {
        names.join(", ")
    };
    let id = u.id.clone();
    view! {
        <tr data-user-id=id>
            <td>{u.display_name()}</td>
            <td>{u.username.clone()}</td>
            <td>{shown}</td>
            {manage.then(|| view! { <td class="actions"><MemberActions ctx=ctx member=u.clone()/></td> })}
        </tr>
    }
}

/// The role select and `Remove <username>` of one row.
#[component]
fn MemberActions(ctx: Ctx, member: User) -> impl IntoView {
    let ws = ctx.ws();
    let current: Vec<RoleAssignment> = roles_in(&member, &ws);
    let current_name = current.first().map(|a| a.name.clone()).unwrap_or_default();
    let username = member.username.clone();
    let member = StoredValue::new(member);
    let current = StoredValue::new(current);
    let confirming = RwSignal::new(None::<String>);
    let change = local_action(move |role: &String| {
        let role = role.clone();
        let m = member.get_value();
        let old = current.get_value();
        async move {
            ctx.failed.try_set(None);
            // The new role first, so that the member never drops out in between.
            if let Err(e) = ctx.give(&m.id, &role).await {
                ctx.fail("Could not change the role", e);
                return;
            }
            let old: Vec<RoleAssignment> = old.into_iter().filter(|a| a.name != role).collect();
            match ctx.take(&m.id, old).await {
                Ok(true) => {
                    ctx.changed(&m.id, format!("{} is now {role} here.", m.username))
                        .await
                }
                Ok(false) => ctx.changed(&m.id, old_role_kept(&m.username, &role)).await,
                Err(e) => ctx.fail(
                    "The new role was given, but the old one could not be taken away",
                    e,
                ),
            }
        }
    });
    let remove = local_action(move |_: &()| {
        let m = member.get_value();
        let old = current.get_value();
        async move {
            ctx.failed.try_set(None);
            match ctx.take(&m.id, old).await {
                Ok(false) => ctx.fail_words(WHO_CAN_REMOVE),
                Ok(true) => {
                    confirming.try_set(None);
                    ctx.changed(&m.id, format!("{} is no longer a member.", m.username))
                        .await;
                }
                Err(e) => ctx.fail("Could not remove the member", e),
            }
        }
    });
    let busy = Signal::derive(move || change.pending().get() || remove.pending().get());
    let givable = move || ctx.givable();
    let select_label = format!("Role for {username}");
    let remove_label = format!("Remove {username}");
    let me_leaving = move || {
        let m = member.get_value();
        ctx.auth.user.with(|me| {
            me.as_ref().is_some_and(|me| {
                ctx.auth
                    .roles
                    .with(|roles| loses_own_access(me, &m, &ctx.ws(), true, "", roles))
            })
        })
    };
    let current_for_select = current_name.clone();
    view! {
        <select aria-label=select_label disabled=move || busy.get()
            on:change=move |ev| {
                let v = event_target_value(&ev);
                if !v.is_empty() && v != current_for_select {
                    change.dispatch_local(v);
                }
            }>
            {move || {
                let cur = current_name.clone();
                let mut options = givable();
                if !cur.is_empty() && !options.contains(&cur) {
                    options.insert(0, cur.clone());
                }
                options
                    .into_iter()
                    .map(|r| {
                        let selected = r == cur;
                        view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
                    })
                    .collect_view()
            }}
        </select>
        {move || {
            if !ctx.may_remove() {
                // No route that cannot stop CHORUS: not offered (the page says who can).
                ().into_any()
            } else if confirming.get().is_some() {
                let question = if me_leaving() {
                    "Remove yourself? You will lose access to this workspace.".to_owned()
                } else {
                    format!("Remove {} from this workspace?", member.get_value().username)
                };
                view! {
                    <ConfirmInline layout=ConfirmLayout::Row("Confirm removal") question=question
                        confirm_label="Remove" busy=busy
                        on_confirm=Callback::new(move |_| { remove.dispatch_local(()); })
                        on_cancel=Callback::new(move |_| confirming.set(None))/>
                }
                .into_any()
            } else {
                let label = remove_label.clone();
                view! {
                    <button type="button" class="btn btn-small btn-danger" aria-label=label
                        disabled=move || busy.get()
                        on:click=move |_| confirming.set(Some(String::new()))>"Remove"</button>
                }
                .into_any()
            }
        }}
    }
}

/// `Add member`: find a person, pick a role, `Add`.
#[component]
fn AddMember(ctx: Ctx) -> impl IntoView {
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<User>);
    let role = RwSignal::new(String::new());
    let may_search = move || ctx.auth.can_in(Perm::SearchUsers, &Target::global());
    let may_list = move || ctx.auth.can_in(Perm::ListUsers, &Target::global());
    // Suggestions: `filter.search` for who may search; else (a platform user manager without
    // searchUsers) a page of every user, narrowed here.
    let suggestions = crate::state::resource(move || {
        let q = query.get().trim().to_owned();
        let search = may_search();
        let list = may_list();
        async move {
            if q.is_empty() || !(search || list) {
                return Ok(Vec::new());
            }
            let page = users::list(ctx.api, if search { &q } else { "" }, 0, 100).await?;
            let lower = q.to_lowercase();
            Ok::<_, ApiError>(
                page.users
                    .into_iter()
                    .filter(|u| search || u.matches(&lower))
                    .take(8)
                    .collect::<Vec<User>>(),
            )
        }
    });
    let add = local_action(move |_: &()| {
        let user = chosen.get_untracked();
        let r = role.get_untracked();
        async move {
            let Some(user) = user else { return };
            ctx.failed.try_set(None);
            match ctx.give(&user.id, &r).await {
                Ok(()) => {
                    chosen.try_set(None);
                    query.try_set(String::new());
                    ctx.changed(&user.id, format!("{} was given {r} here.", user.username))
                        .await;
                }
                Err(e) => ctx.fail("Could not add the member", e),
            }
        }
    });
    let pending = add.pending();
    // The roles offered: those the caller may give, less those the person already has here.
    let offered = move || {
        let ws = ctx.ws();
        let have = chosen.with(|c| {
            c.as_ref()
                .map(|u| role_names_in(u, &ws))
                .unwrap_or_default()
        });
        ctx.givable()
            .into_iter()
            .filter(|r| !have.contains(r))
            .collect::<Vec<_>>()
    };
    crate::state::effect(move |_| {
        let o = offered();
        if !o.contains(&role.get_untracked()) {
            let pick = o
                .iter()
                .find(|r| r.as_str() == "WorkspaceMember")
                .or_else(|| o.first())
                .cloned()
                .unwrap_or_default();
            role.set(pick);
        }
    });
    view! {
        <section class="add-member card" aria-labelledby="add-member-heading">
            <h2 id="add-member-heading" class="visually-hidden">"Add a member"</h2>
            <When when=move || !open.get()>
                <button type="button" class="btn btn-primary" on:click=move |_| open.set(true)>
                    "Add member"
                </button>
            </When>
            <When when=move || open.get()>
                <form class="add-member-form" on:submit=move |ev| {
                    ev.prevent_default();
                    if chosen.with_untracked(Option::is_some) && !role.get_untracked().is_empty() {
                        add.dispatch_local(());
                    }
                }>
                    <UserFinder input_id="find-user" query=query chosen=chosen
                        suggestions=Signal::derive(move || suggestions.get())
                        verb="Adding" list_label="Suggestions">
                        {move || (!may_search() && !may_list()).then(|| view! {
                            <p class="muted">"You may not look people up here: type nothing, ask an administrator."</p>
                        })}
                    </UserFinder>
                    <div class="field">
                        <label for="member-role">"Role"</label>
                        <select id="member-role" on:change=move |ev| role.set(event_target_value(&ev))>
                            {move || {
                                let cur = role.get();
                                offered().into_iter().map(|r| {
                                    let sel = r == cur;
                                    view! { <option value=r.clone() selected=sel>{r.clone()}</option> }
                                }).collect_view()
                            }}
                        </select>
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary"
                            disabled=move || pending.get() || chosen.with(Option::is_none) || role.with(String::is_empty)>
                            "Add"
                        </button>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Close"</button>
                    </div>
                </form>
            </When>
        </section>
    }
}
