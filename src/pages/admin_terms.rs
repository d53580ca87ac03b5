//! `/admin/terms` (ui.md, "terms admin"): the versions of the terms of use (newest first, status
//! and when), `New version` (a textarea with a live preview through `Markdown`, `Save draft`),
//! `Publish` on a draft after a confirmation, and the acceptances CHORUS lists: only the
//! caller's own (its controller passes the caller's id, api.md), which the page says.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::terms::{self as api, VersionsPage};
use crate::api::{ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::admin_nav::{AdminNav, AdminPage};
use crate::components::confirm_inline::{ConfirmInline, ConfirmLayout};
use crate::components::data_table::{Column, DataTable};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::local_action;
use crate::components::markdown::LazyMarkdown;
use crate::components::on::OnAttribute;
use crate::domain::permissions::{may_manage_terms, Perm, Target};
use crate::domain::terms::{TermsAcceptance, TermsStatus, TermsVersion};
use crate::domain::time::{format_utc, parse_rfc3339_ms};
use crate::state::auth::Auth;
use crate::state::{Kept, Slot};

/// Versions per page (the newest; older ones are rarely looked at).
const PAGE: u32 = 50;

const COLUMNS: &[Column] = &[
    Column::shown("Version"),
    Column::shown("Status"),
    Column::shown("When"),
    Column::hidden("Actions"),
];

fn when(rfc3339: &str) -> String {
    parse_rfc3339_ms(rfc3339)
        .map(format_utc)
        .unwrap_or_else(|| "unknown time".to_owned())
}

#[component]
pub(crate) fn AdminTermsPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page terms-admin" id="main">
            <AdminNav current=AdminPage::Terms/>
            <AdminGate allowed=may_manage_terms needs="the permission listTermsOfUseVersions or createTermsOfUseVersion">
                <h1>"Terms of use"</h1>
                <TermsAdmin/>
            </AdminGate>
        </main>
    }
}

#[component]
fn TermsAdmin() -> impl IntoView {
    let api = ApiClient::use_client();
    let auth = Auth::use_auth();
    let may_list = move || auth.can_in(Perm::ListTermsOfUseVersions, &Target::global());
    let may_create = move || auth.can_in(Perm::CreateTermsOfUseVersion, &Target::global());
    let may_publish = move || auth.can_in(Perm::PublishTermsOfUseVersion, &Target::global());
    let versions = crate::state::resource(move || api::versions(api, 0, PAGE));
    let acceptances = crate::state::resource(move || api::acceptances(api));
    let said = Slot::new(None::<String>);
    // The draft being written.
    let writing = Slot::new(false);
    let text = Slot::new(String::new());
    let save_error = Slot::new(None::<ApiError>);
    let save = local_action(move |_: &()| async move {
        save_error.set(None);
        match api::create(api, &text.get_untracked()).await {
            Ok(v) => {
                said.set(Some(format!("Draft version {} saved.", v.id)));
                text.set(String::new());
                writing.set(false);
                versions.refetch();
            }
            Err(e) => save_error.set(Some(e)),
        }
    });
    let saving = save.pending();
    // The version whose publishing waits for confirmation.
    let confirming = Slot::new(None::<String>);
    let publish_error = Slot::new(None::<ApiError>);
    let publish = local_action(move |id: &String| {
        let id = id.clone();
        async move {
            publish_error.set(None);
            match api::publish(api, &id).await {
                Ok(_) => {
                    confirming.set(None);
                    said.set(Some(format!(
                        "Version {id} is published: every user is asked to accept it at their next navigation."
                    )));
                    versions.refetch();
                    acceptances.refetch();
                }
                Err(e) => publish_error.set(Some(e)),
            }
        }
    });
    let publishing = publish.pending();
    let preview = Signal::derive(move || text.get());
    view! {
        {live(move || said.get().map(|s| view! { <p class="alert alert-success" role="status">{s}</p> }))}
        <section aria-labelledby="versions-heading">
            <div class="section-head">
                <h2 id="versions-heading">"Versions"</h2>
                {live(move || (may_create() && !writing.get()).then(|| view! {
                    <button type="button" class="btn btn-primary" on:click=move |_| {
                        said.set(None);
                        writing.set(true);
                    }>"New version"</button>
                }))}
            </div>
            {live(move || writing.get().then(|| view! {
                <form class="card terms-editor" aria-label="New version" on:submit=move |ev| {
                    ev.prevent_default();
                    if text.with_untracked(|t| t.trim().is_empty()) {
                        save_error.set(None);
                        return;
                    }
                    save.dispatch_local(());
                }>
                    <div class="terms-editor-panes">
                        <div class="field">
                            <label for="terms-text">"Terms text"</label>
                            <textarea id="terms-text" rows="16" aria-describedby="terms-text-hint"
                                prop:value=move || text.get()
                                on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                            <p class="field-hint muted" id="terms-text-hint">
                                "Markdown: # headings, lists, *emphasis*, **strong** and [links](https://example.org). HTML is shown as text."
                            </p>
                        </div>
                        <div class="terms-preview" aria-label="Preview" role="region" tabindex="0">
                            <p class="muted">"Preview"</p>
                            <LazyMarkdown text=preview first_heading=2 preview=true/>
                        </div>
                    </div>
                    {live(move || text.with(|t| t.trim().is_empty()).then(|| view! {
                        <p class="muted">"Write the text before saving: an empty version cannot be saved."</p>
                    }))}
                    {live(move || save_error.get().map(|e| view! { <ErrorAlert title="Could not save the draft" error=e/> }))}
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary"
                            disabled=move || saving.get() || text.with(|t| t.trim().is_empty())>
                            "Save draft"
                        </button>
                        <button type="button" class="btn" on:click=move |_| writing.set(false)>"Cancel"</button>
                    </div>
                </form>
            }))}
            {live(move || if may_list() {
                view! {
                    <Loaded
                        state=from_resource(versions)
                        loading="Loading the versions…"
                        error_title="Could not load the versions"
                        on_retry=Callback::new(move |_| versions.refetch())
                        let:page
                    >
                        {live(move || {
                            let p: VersionsPage = page.get();
                            if p.versions.is_empty() {
                                return view! { <p class="empty">"No versions yet."</p> }.into_any();
                            }
                            view! {
                                <DataTable testid="terms-versions" caption="Versions of the terms of use, newest first" columns=COLUMNS>
                                    {p.versions.into_iter().map(|v| view! {
                                        <VersionRow v=v confirming=confirming publishing=publishing.into()
                                            may_publish=Signal::derive(may_publish)
                                            on_publish=Callback::new(move |id: String| { publish.dispatch_local(id); })
                                            error=publish_error/>
                                    }).collect_view()}
                                </DataTable>
                            }.into_any()
                        })}
                    </Loaded>
                }.into_any()
            } else {
                view! { <p>"You may write new versions, but not list them (listTermsOfUseVersions)."</p> }.into_any()
            })}
        </section>
        <section aria-labelledby="acceptances-heading">
            <h2 id="acceptances-heading">"Who accepted which version"</h2>
            <p class="muted">
                "CHORUS lists only your own acceptances here, whatever your permissions: who else accepted a version is not available from this backend."
            </p>
            <Loaded
                state=from_resource(acceptances)
                loading="Loading acceptances…"
                error_title="Could not load the acceptances"
                on_retry=Callback::new(move |_| acceptances.refetch())
                let:list
            >
                {live(move || {
                    let list: Vec<TermsAcceptance> = list.get();
                    if list.is_empty() {
                        return view! { <p class="empty">"You have not accepted any version."</p> }.into_any();
                    }
                    view! {
                        <ul class="acceptances" data-testid="terms-acceptances">
                            {list.into_iter().map(|a| view! {
                                <li>{format!("You (user {}) accepted version {} on {}.", a.user_id, a.version_id, when(&a.accepted_at))}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Loaded>
        </section>
    }
}

#[component]
fn VersionRow(
    v: TermsVersion,
    confirming: Slot<Option<String>>,
    publishing: Signal<bool>,
    may_publish: Signal<bool>,
    on_publish: Callback<String>,
    error: Slot<Option<ApiError>>,
) -> impl IntoView {
    let id = v.id.clone();
    let draft = v.status == TermsStatus::Draft;
    let when_text = when(if v.updated_at.is_empty() {
        &v.created_at
    } else {
        &v.updated_at
    });
    let id_c = Kept::new(id.clone());
    let is_confirming =
        move || confirming.with(|c| c.as_deref() == Some(id_c.get_value().as_str()));
    view! {
        <tr data-version-id=id.clone() data-status=v.status.label().to_lowercase()>
            <td>{format!("Version {id}")}</td>
            <td>{v.status.label()}</td>
            <td>{when_text}</td>
            <td>
                {live(move || (draft && may_publish.get()).then(|| if is_confirming() {
                    view! {
                        <ConfirmInline
                            layout=ConfirmLayout::Row("Confirm publishing")
                            question=format!("Publish version {}? Every user must accept it again.", id_c.get_value())
                            confirm_label="Publish"
                            busy=publishing
                            on_confirm=Callback::new(move |_| on_publish.run(id_c.get_value()))
                            on_cancel=Callback::new(move |_| { error.set(None); confirming.set(None); })
                        />
                        {live(move || error.get().map(|e| view! { <ErrorAlert title="Could not publish" error=e/> }))}
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="btn btn-small"
                            aria-label=format!("Publish version {}", id_c.get_value())
                            on:click=move |_| { error.set(None); confirming.set(Some(id_c.get_value())); }>
                            "Publish"
                        </button>
                    }.into_any()
                }))}
            </td>
        </tr>
    }
}
