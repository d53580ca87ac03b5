//! `Rename <folder>` (issue 47). CHORUS moves files only ("File at path … is a directory"), so
//! a folder is renamed as a person would do it: the new folder is made, everything in the old
//! one moved into it (folders inside made and emptied the same way), and the old one, empty
//! then, deleted. A failure on the way stops there and says what is where; nothing is deleted
//! that was not moved.
use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::ctx::Ctx;
use crate::api::{files, ApiError};
use crate::domain::files::{join, name_problem};
use crate::domain::folder_filter;

/// Renames folder `old` of `folder` in `store` to `new` (a name already checked).
pub(super) async fn rename_folder(ctx: Ctx, store: &str, folder: &str, old: &str, new: &str) {
    let (from, to) = (
        join(store, folder, old, true),
        join(store, folder, new, true),
    );
    let ws = ctx.ws();
    if let Err(e) = files::create_folder(ctx.api, &ws, &to, new).await {
        return if e.status() == Some(409) {
            ctx.fail(format!("There is already something named “{new}” here"), e)
        } else {
            ctx.fail(format!("Could not rename folder {old}"), e)
        };
    }
    let mut moved = 0usize;
    let outcome = move_all(ctx, &ws, &from, &to, &mut moved).await;
    ctx.selected
        .try_update(|s| folder_filter::folder_renamed(s, &from, &to));
    match outcome {
        Ok(()) => match files::delete(ctx.api, &ws, &from).await {
            Ok(()) => ctx.ok(format!("Folder {old} renamed to {new}.")),
            Err(e) => ctx.fail(
                format!("Everything in {old} is now in {new}, but the empty folder {old} could not be removed"),
                e,
            ),
        },
        Err(e) => {
            ctx.listing.refetch();
            ctx.fail(
                format!(
                    "Folder {old} was renamed only in part: {moved} {} now in {new}, the rest is still in {old}",
                    if moved == 1 { "entry is" } else { "entries are" }
                ),
                e,
            )
        }
    }
}

/// Moves everything in folder `from` into folder `to` (both full paths ending with `/`),
/// counting each entry moved.
fn move_all<'a>(
    ctx: Ctx,
    ws: &'a str,
    from: &'a str,
    to: &'a str,
    moved: &'a mut usize,
) -> Pin<Box<dyn Future<Output = Result<(), ApiError>> + 'a>> {
    Box::pin(async move {
        let entries = files::list(ctx.api, ws, from).await?;
        for e in entries.iter() {
            if name_problem(&e.name).is_some() {
                return Err(ApiError::NotAPathSegment(e.name.clone()));
            }
            if e.is_folder {
                let (sub_from, sub_to) = (format!("{from}{}/", e.name), format!("{to}{}/", e.name));
                files::create_folder(ctx.api, ws, &sub_to, &e.name).await?;
                move_all(ctx, ws, &sub_from, &sub_to, moved).await?;
            } else {
                let (f, t) = (format!("{from}{}", e.name), format!("{to}{}", e.name));
                files::rename(ctx.api, ws, &f, &t, &e.name).await?;
            }
            *moved += 1;
        }
        Ok(())
    })
}
