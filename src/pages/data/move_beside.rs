//! `Move` to a folder beside the one a file is in (issue 47): the parent folder is listed when
//! `Move` opens, and its other folders are offered (`domain::files::beside_targets`). A listing
//! that fails offers nothing more (up and into stay).
use super::ctx::Ctx;
use crate::api::files;
use crate::domain::files::{beside_targets, folder_segments, join};

/// The folders beside `folder` of `store`, as `Move` targets (none at the store's top).
pub(super) async fn beside(ctx: Ctx, store: &str, folder: &str) -> Vec<(String, String)> {
    let segments = folder_segments(folder);
    let Some((_, above)) = segments.split_last() else {
        return Vec::new();
    };
    let parent = join(store, &above.join("/"), "", false);
    match files::list(ctx.api, &ctx.ws(), &parent).await {
        Ok(entries) => {
            let names: Vec<String> = entries
                .iter()
                .filter(|e| e.is_folder)
                .map(|e| e.name.clone())
                .collect();
            beside_targets(folder, &names)
        }
        Err(_) => Vec::new(),
    }
}
