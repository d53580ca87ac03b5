//! One version of an app in `apps-table` (`data-app-id`): its icon (its letter where the image
//! cannot show, said in words) and name (as text, whatever it holds), image `registry/name:tag`, status and stability in words, its category; `Edit`,
//! `Deactivate`/`Activate` (the whole row sent back with only the status changed) and `Delete`
//! (asks to confirm, says that a registry sync may bring the app back). A row the console could
//! not read is shown as such.
use crate::components::live::live;
use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::api::app_admin::{self, id_of, Row};
use crate::api::ApiError;
use crate::components::app_icon::AppIcon;
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::app_form::{image, is_active, stability_words, status_words, text};
use crate::domain::text::shown_string;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::{Kept, Slot};

use super::{label, Ctx};

#[component]
pub(super) fn AppRow(ctx: Ctx, row: Row) -> impl IntoView {
    match row {
        Row::App(app) => view! { <Version ctx=ctx app=app/> }.into_any(),
        Row::Unreadable(json) => view! {
            <tr data-app-id="" class="unreadable-row">
                <td colspan="7">
                    <span class="muted">"A row the console could not read (no id, or not an app): "</span>
                    <code class="mono">{shown_string(&json)}</code>
                </td>
            </tr>
        }
        .into_any(),
    }
}

#[component]
fn Version(ctx: Ctx, app: Map<String, Value>) -> impl IntoView {
    let id = id_of(&app).unwrap_or_default();
    let name = label(&app);
    let active = is_active(&app);
    let status = text(&app, "status");
    let category = shown_string(&text(&app, "category"));
    let app = Kept::new(app);
    let confirm_id = id.clone();
    let confirming = Signal::derive(move || {
        ctx.confirming
            .with(|c| c.as_deref() == Some(confirm_id.as_str()))
    });
    let ask_id = Kept::new(id.clone());
    let ask = move || ctx.confirming.set(Some(ask_id.get_value()));
    let drop_question = move || ctx.confirming.set(None);
    let delete_error = Slot::new(None::<ApiError>);
    let delete_id = id.clone();
    let delete_name = name.clone();
    let delete = local_action(move |_: &()| {
        let (id, name) = (delete_id.clone(), delete_name.clone());
        async move {
            delete_error.try_set(None);
            match app_admin::delete(ctx.api, &id).await {
                Ok(()) => {
                    ctx.confirming.try_set(None);
                    ctx.said.try_set(Some(format!(
                        "{name} was deleted. CHORUS's registry sync adds it again while its image is still in the registry."
                    )));
                    ctx.wrote(id, None);
                }
                Err(e) => {
                    delete_error.try_set(Some(e));
                }
            }
        }
    });
    let deleting = delete.pending();
    let toggle_name = name.clone();
    let toggle = local_action(move |_: &()| {
        let name = toggle_name.clone();
        async move {
            ctx.failed.try_set(None);
            let Some(read) = app.try_get_value() else {
                return;
            };
            // The row as stored now, past CHORUS's one-second `GetApp` cache (as a form's
            // save reads it: `state::fresh_save`): the update replaces the whole row, and a
            // copy from before another admin's save of a moment ago would undo it.
            crate::state::timer::sleep(PAST_CHORUS_CACHE).await;
            let mut body = app_admin::fresh(ctx.api, read).await;
            for k in ["groupedVersions", "createdAt", "updatedAt"] {
                body.remove(k);
            }
            let to = if active { "inactive" } else { "active" };
            body.insert("status".into(), Value::String(to.into()));
            match app_admin::save(ctx.api, body).await {
                Ok(saved) => {
                    ctx.said.try_set(Some(if active {
                        format!("{name} is inactive: it is no longer offered to researchers.")
                    } else {
                        format!("{name} is active: researchers are offered it again.")
                    }));
                    let id = id_of(&saved).unwrap_or_default();
                    ctx.wrote(id, Some(saved));
                }
                Err(e) => {
                    let what = if active {
                        "Could not deactivate"
                    } else {
                        "Could not activate"
                    };
                    ctx.failed.try_set(Some((format!("{what} {name}"), e)));
                }
            }
        }
    });
    let toggling = toggle.pending();
    // The form is filled from the app as stored now: the list may come from CHORUS's cache.
    let edit = local_action(move |_: &()| async move {
        ctx.said.try_set(None);
        let Some(read) = app.try_get_value() else {
            return;
        };
        let fresh = app_admin::fresh(ctx.api, read).await;
        ctx.editing.try_set(Some(Some(fresh)));
    });
    let opening = edit.pending();
    let (edit_label, toggle_label, delete_label) = (
        format!("Edit {name}"),
        format!("{} {name}", if active { "Deactivate" } else { "Activate" }),
        format!("Delete {name}"),
    );
    // While it runs, the button's name says so as its text does (a name that holds the words
    // shown, WCAG 2.5.3).
    let busy_label = format!(
        "{} {name}…",
        if active { "Deactivating" } else { "Activating" }
    );
    let toggle_name = move || {
        if toggling.get() {
            busy_label.clone()
        } else {
            toggle_label.clone()
        }
    };
    let question = format!(
        "Delete {name}? It is no longer offered; CHORUS's registry sync may add it again while its image is in the registry."
    );
    let image = app.with_value(|a| shown_string(&image(a)));
    let stability = app.with_value(|a| shown_string(&stability_words(&text(a, "stabilityStatus"))));
    let name_text = app.with_value(|a| shown_string(&text(a, "name")));
    let tag = app.with_value(|a| text(a, "dockerImageTag"));
    let (icon_url, icon_name, icon_background) = app.with_value(|a| {
        (
            text(a, "iconURL"),
            text(a, "name"),
            text(a, "iconBackgroundColor"),
        )
    });
    let icon_unshown = Slot::new(false);
    view! {
        <tr data-app-id=id class:inactive-row=!active>
            <td class="app-name" data-label="Name">
                {if name_text.trim().is_empty() {
                    view! { <span class="muted">"(no name)"</span> }.into_any()
                } else {
                    view! { <span>{name_text}</span> }.into_any()
                }}
                {tag.trim().is_empty().then(|| view! { <span class="muted">" (no tag)"</span> })}
            </td>
            <td class="app-image" data-label="Image"><code>{image}</code></td>
            <td data-label="Status">{shown_string(&status_words(&status))}</td>
            <td data-label="Stability">{stability}</td>
            <td data-label="Category">{if category.is_empty() { "—".to_owned() } else { category }}</td>
            <td class="app-icon-cell">
                <AppIcon icon_url=icon_url name=icon_name background=icon_background unshown=icon_unshown/>
                <When when=move || icon_unshown.get()>
                    <span class="muted app-icon-note">"Icon not shown"</span>
                </When>
            </td>
            <td class="row-actions">
                {live(move || if confirming.get() {
                    view! {
                        <ConfirmInline
                            layout=ConfirmLayout::Row("Confirm the deletion")
                            question=question.clone()
                            confirm_label="Delete"
                            busy=deleting
                            on_confirm=Callback::new(move |_| { delete.dispatch_local(()); })
                            on_cancel=Callback::new(move |_| drop_question())
                            error=delete_error
                            error_title="Could not delete the app"
                        />
                    }.into_any()
                } else {
                    view! {
                        <span class="row-buttons">
                            {ctx.may_update.get().then(|| view! {
                                <button type="button" class="btn btn-small" aria-label=edit_label.clone()
                                    disabled=move || opening.get()
                                    on:click=move |_| { edit.dispatch_local(()); }>"Edit"</button>
                                <button type="button" class="btn btn-small" aria-label=toggle_name.clone()
                                    disabled=move || toggling.get()
                                    on:click=move |_| { toggle.dispatch_local(()); }>
                                    // The read past CHORUS's cache takes a second: said.
                                    {live(move || match (active, toggling.get()) {
                                        (true, false) => "Deactivate",
                                        (true, true) => "Deactivating…",
                                        (false, false) => "Activate",
                                        (false, true) => "Activating…",
                                    })}
                                </button>
                            })}
                            {ctx.may_delete.get().then(|| view! {
                                <button type="button" class="btn btn-small btn-danger" aria-label=delete_label.clone()
                                    on:click=move |_| ask()>"Delete"</button>
                            })}
                        </span>
                    }.into_any()
                })}
            </td>
        </tr>
    }
}
