//! The order of list replies (api.md, "Order").
//!
//! CHORUS adds no `ORDER BY` unless asked (`pkg/common/storage/utils.go`
//! `BuildPaginationClause`): PostgreSQL returns the rows as they lie in the table, where a
//! row written anew (an `UPDATE`: a session's status) moves to the end. Seen on a running
//! CHORUS 0978bc77 (2026-11-23): `GET /workbenches` gave ids `1,3,2` after session 2 was
//! updated. Asked with `pagination.sort.type` (a lower-case column of the resource's
//! `IsValidSortType`; another is ignored) and `pagination.sort.order` (`asc`/`desc`, any case;
//! empty is `ASC`), it sorts by that column and echoes `"sort":{"order":"DESC","type":"createdat"}`.
//!
//! Both flavors honour the sort. Unsorted, ours answers in id order, the chorus flavor in the
//! order the rows were last written (`updatedAt`, then id).

use std::cmp::Ordering;
use std::time::SystemTime;

use crate::reply::{Sort, SortAsk};
use crate::store::{App, AppInstance, User, Workbench, Workspace};

/// Compares two rows by one column.
pub(crate) type Cmp<R> = fn(&R, &R) -> Ordering;

/// Text as a database with a natural-language collation sorts it: letters before case.
fn text(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// A resource's rows: the columns CHORUS sorts by, and what it is written at.
pub(crate) trait Sortable {
    /// `IsValidSortType` of the resource's model (CHORUS 0978bc77), with how each compares.
    fn columns() -> &'static [(&'static str, Cmp<Self>)]
    where
        Self: Sized;
    fn id(&self) -> u64;
    /// When the row was last written.
    fn written(&self) -> SystemTime;
}

/// [`Sortable::id`] and [`Sortable::written`] of a store row: its `id` and `updated_at`.
macro_rules! row_keys {
    () => {
        fn id(&self) -> u64 {
            self.id
        }
        fn written(&self) -> SystemTime {
            self.updated_at
        }
    };
}

impl Sortable for Workbench {
    /// `pkg/workbench/model/workbench.go` `IsValidSortType`.
    fn columns() -> &'static [(&'static str, Cmp<Self>)] {
        &[
            ("id", |a, b| a.id.cmp(&b.id)),
            ("userid", |a, b| a.user_id.cmp(&b.user_id)),
            ("workspaceid", |a, b| a.workspace_id.cmp(&b.workspace_id)),
            ("name", |a, b| text(&a.name, &b.name)),
            ("shortname", |a, b| text(&a.short_name, &b.short_name)),
            ("status", |a, b| a.status.cmp(&b.status)),
            ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
        ]
    }
    row_keys!();
}

impl Sortable for App {
    /// `pkg/app/model/app.go` `IsValidSortType`.
    fn columns() -> &'static [(&'static str, Cmp<Self>)] {
        &[
            ("id", |a, b| a.id.cmp(&b.id)),
            ("name", |a, b| text(&a.fields.name, &b.fields.name)),
            ("status", |a, b| a.fields.status.cmp(&b.fields.status)),
            ("dockerimageregistry", |a, b| {
                text(
                    &a.fields.docker_image_registry,
                    &b.fields.docker_image_registry,
                )
            }),
            ("dockerimagename", |a, b| {
                text(&a.fields.docker_image_name, &b.fields.docker_image_name)
            }),
            ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
        ]
    }
    row_keys!();
}

impl Sortable for Workspace {
    /// `pkg/workspace/model/workspace.go` `IsValidSortType` (`isMain` as it spells it).
    fn columns() -> &'static [(&'static str, Cmp<Self>)] {
        &[
            ("id", |a, b| a.id.cmp(&b.id)),
            ("name", |a, b| text(&a.name, &b.name)),
            ("shortname", |a, b| text(&a.short_name, &b.short_name)),
            ("description", |a, b| text(&a.description, &b.description)),
            ("status", |a, b| a.status.cmp(&b.status)),
            ("isMain", |_, _| Ordering::Equal),
            ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
        ]
    }
    row_keys!();
}

impl Sortable for User {
    /// `pkg/user/model/user.go` `IsValidSortType`.
    fn columns() -> &'static [(&'static str, Cmp<Self>)] {
        &[
            ("id", |a, b| a.id.cmp(&b.id)),
            ("firstname", |a, b| text(&a.first_name, &b.first_name)),
            ("lastname", |a, b| text(&a.last_name, &b.last_name)),
            ("username", |a, b| text(&a.username, &b.username)),
            ("email", |a, b| text(&a.email, &b.email)),
            ("status", |a, b| a.status.cmp(&b.status)),
            ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
        ]
    }
    row_keys!();
}

impl Sortable for AppInstance {
    /// `pkg/workbench/model/app-instance.go` `IsValidSortType` (the image columns compare
    /// equal here: the dev server's instances all run their app's one image).
    fn columns() -> &'static [(&'static str, Cmp<Self>)] {
        &[
            ("id", |a, b| a.id.cmp(&b.id)),
            ("appid", |a, b| a.app_id.cmp(&b.app_id)),
            ("workspaceid", |a, b| a.workspace_id.cmp(&b.workspace_id)),
            ("workbenchid", |a, b| a.workbench_id.cmp(&b.workbench_id)),
            ("status", |a, b| a.status.cmp(&b.status)),
            ("createdat", |a, b| a.created_at.cmp(&b.created_at)),
            ("appname", |a, b| text(&a.app_name, &b.app_name)),
            ("appdockerimageregistry", |_, _| Ordering::Equal),
            ("appdockerimagename", |_, _| Ordering::Equal),
        ]
    }
    row_keys!();
}

/// Puts `rows` in the order the flavor's backend answers: the column asked for when the
/// resource has it (ties in the unsorted order), else unsorted (ours: by id; CHORUS's: the
/// row written last comes last). Returns the `sort` CHORUS echoes: the column and the
/// upper-case direction, or both empty when the column is not one of the resource's.
pub(crate) fn arrange<R: Sortable + 'static>(
    rows: &mut [&R],
    ask: Option<&SortAsk>,
    chorus: bool,
) -> Sort {
    if chorus {
        rows.sort_by(|a, b| a.written().cmp(&b.written()).then(a.id().cmp(&b.id())));
    } else {
        rows.sort_by_key(|r| r.id());
    }
    let column = ask.and_then(|ask| {
        R::columns()
            .iter()
            .find(|(name, _)| *name == ask.kind)
            .map(|(name, cmp)| (*name, *cmp, ask.descending))
    });
    match column {
        None => Sort::default(),
        Some((name, cmp, descending)) => {
            rows.sort_by(|a, b| {
                let o = cmp(a, b);
                if descending {
                    o.reverse()
                } else {
                    o
                }
            });
            Sort {
                order: if descending { "DESC" } else { "ASC" }.to_string(),
                kind: name.to_string(),
            }
        }
    }
}
