//! What the admin lists read: the list of the page (every page of it) and the lists beside it
//! that name things (workspaces, sessions) or count what a delete takes (sessions, apps), on the
//! one poll engine every 30 s (as chorus-web-ui's admin pages), paused while the tab is hidden;
//! the owners' names once (`GET /users`, every page, for who may list users). A list beside
//! the main one that fails leaves its names out (`Workspace 3`, `user 7`), never an error.
use std::collections::HashMap;

use crate::api::{apps, users, workbenches, workspaces, ApiClient, ApiError};
use crate::domain::paging::PageWalk;
use crate::domain::poll::{PollPolicy, Readiness};
use crate::domain::tabs::AppInstance;
use crate::domain::workbench::Workbench;
use crate::domain::workspace::Workspace;
use crate::state::poll::Poll;

use super::Kind;

/// How often the lists are read again (chorus-web-ui's admin pages: 30 s).
const INTERVAL_MS: u64 = 30_000;

/// The lists of one read. `None` for a list beside the main one that could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Lists {
    pub(super) workspaces: Option<Vec<Workspace>>,
    pub(super) sessions: Option<Vec<Workbench>>,
    pub(super) instances: Option<Vec<AppInstance>>,
}

fn beside<T>(what: &str, r: Result<Vec<T>, ApiError>) -> Option<Vec<T>> {
    r.map_err(|e| leptos::logging::warn!("could not list the {what}: {e}"))
        .ok()
}

/// One read of what `kind`'s page shows: its own list (an error here is the page's error) and
/// those beside it, at once.
async fn read(api: ApiClient, kind: Kind) -> Result<Lists, ApiError> {
    use futures::future::join3;
    match kind {
        Kind::Workspaces => {
            let (ws, wbs) =
                futures::future::join(workspaces::list(api), workbenches::list_all(api, None))
                    .await;
            Ok(Lists {
                workspaces: Some(ws?),
                sessions: beside("sessions", wbs),
                instances: None,
            })
        }
        Kind::Sessions => {
            let (wbs, ws, insts) = join3(
                workbenches::list_all(api, None),
                workspaces::list(api),
                apps::all_instances(api),
            )
            .await;
            Ok(Lists {
                sessions: Some(wbs?),
                workspaces: beside("workspaces", ws),
                instances: beside("app instances", insts),
            })
        }
        Kind::AppInstances => {
            let (insts, wbs, ws) = join3(
                apps::all_instances(api),
                workbenches::list_all(api, None),
                workspaces::list(api),
            )
            .await;
            let mut insts = insts?;
            insts.retain(|i| !i.is_being_deleted());
            Ok(Lists {
                instances: Some(insts),
                sessions: beside("sessions", wbs),
                workspaces: beside("workspaces", ws),
            })
        }
    }
}

/// The poll of `kind`'s lists, started: every 30 s, paused while the tab is hidden, stopped
/// with its owner.
pub(super) fn live_lists(api: ApiClient, kind: Kind) -> Poll<Readiness, Lists> {
    let cfg = crate::state::use_config();
    let policy = PollPolicy::new(
        INTERVAL_MS,
        PollPolicy::MAX_TIMEOUT_MS,
        u64::from(cfg.backoff_max_ms).max(INTERVAL_MS * 4),
    );
    let poll = Poll::fetching(
        policy,
        move |_signal| read(api, kind),
        |_: &Lists| Readiness::Waiting,
    );
    poll.start();
    poll
}

/// Every user the caller may list, id → name (`First Last`, else the username); empty when
/// they may not, or when the list fails (the owners then read `user <id>`).
pub(super) async fn user_names(api: ApiClient, may_list: bool) -> HashMap<String, String> {
    let mut names = HashMap::new();
    if !may_list {
        return names;
    }
    let mut walk: PageWalk<String> = PageWalk::new();
    loop {
        let page = match users::list(api, "", walk.offset(), crate::api::client::MAX_PAGE).await {
            Ok(p) => p,
            Err(e) => {
                leptos::logging::warn!("could not list the users: {e}");
                break;
            }
        };
        let got = page.users.len() as u64;
        let mut new = 0;
        for u in page.users {
            if walk.is_new(u.id.clone()) {
                new += 1;
                names.insert(u.id.clone(), u.display_name());
            }
        }
        if !walk.more(got, new, Some(page.total)) {
            break;
        }
    }
    names
}
