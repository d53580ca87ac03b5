//! `Save`: the whole workspace in one `PUT /workspaces` (every field, its status included: CHORUS
//! resets what is left out), read again just before and merged (`state::fresh_save`: the fields
//! the user changed on top of the fresh copy; a field someone else changed too is held back for
//! the user's choice in the conflict panel, and nothing is sent), then the about text and the cover in the dev store's workspace keys
//! (`config`, merged into what is stored there now; `image`). CHORUS changes the row before it
//! pushes the workspace to the cluster and answers 500 when the push fails: after a 5xx the
//! page reads the workspace again (past CHORUS's one-second cache) and, when the row holds what
//! was sent, says it was saved but not applied. What was typed stays on every error.
use leptos::prelude::*;

use super::form::{reveal, Cover, Form, Stored, Tab, CONFIG_KEY, IMAGE_KEY};
use crate::api::devstore::{self, Scope};
use crate::api::wire::workspace::UpdateWorkspace;
use crate::api::{teams, workspaces, ApiClient, ApiError};
use crate::domain::three_way::{Merge, Pending};
use crate::domain::workspace::Workspace;
use crate::domain::workspace_config::{read_config, with_about, SettingsRecord};
use crate::state::fresh_save::merge_fresh;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::{Kept, Slot};

/// What the page says after a save.
#[derive(Clone, Default)]
pub(super) struct Said {
    /// The good news (a status line).
    pub done: Option<String>,
    /// What failed, each with its error.
    pub failed: Vec<(String, ApiError)>,
}

/// What one save needs.
#[derive(Clone, Copy)]
pub(super) struct Saver {
    pub api: ApiClient,
    pub ws_id: Kept<String>,
    pub form: Form,
    pub stored: crate::state::Resource<Result<Stored, ApiError>>,
    pub tab: Slot<Tab>,
    pub said: Slot<Said>,
    /// Set when the form is to be filled again from what is stored (after a whole success).
    pub refill: Slot<bool>,
    /// The workspace and its about text as the form was filled from them (the base of the
    /// three-way merge).
    pub base: Slot<Option<SettingsRecord>>,
    /// A save held back by someone else's change, until the user chooses.
    pub pending: Slot<Option<Pending<SettingsRecord>>>,
}

/// One save: what the page read, the base of the merge and the settings as the user has them.
pub(super) type Job = (Stored, SettingsRecord, SettingsRecord);

/// The settings as `s` holds them (the base of a form filled from it).
pub(super) fn record_of(s: &Stored) -> SettingsRecord {
    SettingsRecord {
        workspace: s.workspace.clone(),
        about: s.config().about,
    }
}

/// Whether two workspaces would be sent alike (what the row holds is what was sent).
fn same_row(a: &Workspace, b: &Workspace) -> bool {
    serde_json::to_value(UpdateWorkspace::of(a)).ok()
        == serde_json::to_value(UpdateWorkspace::of(b)).ok()
}

impl Saver {
    /// Checks the form; the workspace to send, or the first field with a problem shown.
    pub(super) fn checked(self, last: Option<Stored>) -> Option<Job> {
        let stored = last?;
        let base = self
            .base
            .get_untracked()
            .unwrap_or_else(|| record_of(&stored));
        match self.form.checked(&base.workspace) {
            Ok(workspace) => {
                let about = self.form.about.get_untracked();
                Some((stored, base, SettingsRecord { workspace, about }))
            }
            Err((tab, id)) => {
                reveal(self.tab, tab, id);
                None
            }
        }
    }

    pub(super) async fn save(self, (stored, base, mine): Job) {
        let api = self.api;
        let mut said = Said::default();
        self.said.try_set(Said::default());
        self.pending.try_set(None);
        let id = mine.workspace.id.clone();
        let scope = Scope::Workspace(self.ws_id.try_get_value().unwrap_or_default());
        // The about text takes part only where the dev store could be read (else it is not
        // saved, and it stays as the base).
        let with_store = stored.entries.is_ok();
        let base_about = base.about.clone();
        let merged = merge_fresh(&base, &mine, PAST_CHORUS_CACHE, || async {
            let workspace = workspaces::get(api, &id).await?;
            let about = if with_store {
                read_config(devstore::get(api, &scope, CONFIG_KEY).await?.as_deref()).about
            } else {
                base_about
            };
            Ok(SettingsRecord { workspace, about })
        })
        .await;
        let (w, about) = match merged {
            Ok(Merge::Send(r)) => (r.workspace, r.about),
            Ok(Merge::Conflicts(p)) => {
                self.pending.try_set(Some(p));
                return;
            }
            Err(e) => {
                said.failed.push((
                    "Could not save the workspace: it could not be read again first".to_owned(),
                    e,
                ));
                self.said.try_set(said);
                return;
            }
        };
        let mut waited = false;
        let mut cluster_failed: Option<String> = None;
        match teams::update_workspace(api, &w).await {
            Ok(_) => {}
            Err(e) if e.status().is_some_and(|s| s >= 500) => {
                // The row may have changed before the cluster refused it: read what is stored.
                crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
                waited = true;
                match workspaces::get(api, &w.id).await {
                    Ok(now) if same_row(&now, &w) => {
                        cluster_failed = Some(
                            e.server_message()
                                .map(crate::domain::text::shown_string)
                                .unwrap_or_else(|| e.words()),
                        );
                    }
                    _ => {
                        said.failed
                            .push(("Could not save the workspace".to_owned(), e));
                        self.said.try_set(said);
                        self.stored.refetch();
                        return;
                    }
                }
            }
            Err(e) => {
                let mut first = None;
                for v in e.validation_errors() {
                    let words = format!(
                        "The backend refused this: {}.",
                        v.reason.trim_end_matches('.')
                    );
                    if let Some(at) = self.form.place(&v.field, words) {
                        first.get_or_insert(at);
                    }
                }
                if let Some((tab, id)) = first {
                    reveal(self.tab, tab, id);
                }
                said.failed
                    .push(("Could not save the workspace".to_owned(), e));
                self.said.try_set(said);
                return;
            }
        }
        // The dev-store keys, once the row holds the rest.
        if with_store {
            // Written when the user changed it (the merge kept theirs otherwise), or over a
            // stored value that could not be read.
            if mine.about != base.about || stored.config().problem.is_some() && !about.is_empty() {
                // Merged into the value stored now (another tab or chorus-web-ui may have
                // written its resources since this page read it).
                let result = match devstore::get(api, &scope, CONFIG_KEY).await {
                    Ok(now) => {
                        let value = with_about(now.as_deref(), &about);
                        devstore::put(api, &scope, CONFIG_KEY, &value).await
                    }
                    Err(e) => Err(e),
                };
                if let Err(e) = result {
                    said.failed.push((
                        "The settings were saved, but the about text was not".to_owned(),
                        e,
                    ));
                }
            }
            let cover = self.form.cover.get_untracked();
            let result = match &cover {
                Cover::Kept => Ok(()),
                Cover::New(uri) => devstore::put(api, &scope, IMAGE_KEY, uri).await,
                Cover::Removed => devstore::delete(api, &scope, IMAGE_KEY).await,
            };
            if let Err(e) = result {
                said.failed.push((
                    "The settings were saved, but the cover image was not".to_owned(),
                    e,
                ));
            }
        }
        said.done = Some(match &cluster_failed {
            Some(m) => format!(
                "Saved, but the cluster could not apply it ({m}). The page shows what is stored; the cluster may apply it later, or save again."
            ),
            None => "Saved.".to_owned(),
        });
        // Show what is stored: CHORUS serves the workspace from a one-second cache.
        if !waited {
            crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
        }
        let all_saved = said.failed.is_empty();
        self.said.try_set(said);
        if all_saved {
            self.refill.try_set(true);
        }
        self.stored.refetch();
    }
}
