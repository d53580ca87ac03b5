//! Names of the people a request names (requester, approvers), looked up one by one and kept
//! in this tab until a sign-out or another user's sign-in (`state::session_scope`): a researcher
//! may not read other users (CHORUS: 403), who are then `user <id>`; the signed-in user is `you`.
use std::cell::RefCell;
use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::state::auth::Auth;
use crate::state::Slot;

pub(crate) use crate::components::approval_steps::person;

thread_local! {
    /// Looked up already: id → name (`None`: could not be read).
    static KNOWN: RefCell<BTreeMap<String, Option<String>>> = const { RefCell::new(BTreeMap::new()) };
}

/// The names of `ids` (those that could be read), as they arrive.
pub(crate) fn names_of(ids: Vec<String>) -> Signal<BTreeMap<String, String>> {
    // What the signed-in user could read is theirs: a sign-out forgets it.
    crate::state::session_scope::on_forget("request-people", || {
        KNOWN.with(|k| k.borrow_mut().clear())
    });
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let me = auth.user.get_untracked().map(|u| u.id).unwrap_or_default();
    let names = Slot::new(BTreeMap::new());
    let mut ids = ids;
    crate::domain::sort_small(&mut ids, |a, b| a.cmp(b));
    ids.dedup();
    let cached = |names: Slot<BTreeMap<String, String>>, id: &str, me: &str| {
        if id == me {
            names.update(|n| {
                n.insert(id.to_owned(), "you".to_owned());
            });
            return true;
        }
        KNOWN.with(|k| match k.borrow().get(id) {
            Some(found) => {
                if let Some(name) = found {
                    names.update(|n| {
                        n.insert(id.to_owned(), name.clone());
                    });
                }
                true
            }
            None => false,
        })
    };
    let missing: Vec<String> = ids
        .into_iter()
        .filter(|id| !id.is_empty() && !cached(names, id, &me))
        .collect();
    if !missing.is_empty() {
        leptos::task::spawn_local(async move {
            for id in missing {
                let found = crate::api::users::get(api, &id)
                    .await
                    .ok()
                    .map(|u| format!("{} ({})", u.display_name(), u.username));
                KNOWN.with(|k| k.borrow_mut().insert(id.clone(), found.clone()));
                if let Some(name) = found {
                    names.try_update(|n| {
                        n.insert(id, name);
                    });
                }
            }
        });
    }
    names.into()
}
