//! `/admin/settings` (ui.md, "platform settings"; api.md §4): for users who may
//! `setPlatformSettings`. The platform's name, headline, tagline, website, logos, theme colours,
//! default theme and per-user limits, kept where chorus-web-ui keeps them (the dev store's global
//! `instance.*` keys), so that both UIs show the same platform; the name, headline, tagline,
//! website and limits are also written to CHORUS's own record (`PUT /platform-settings`), which
//! CHORUS replaces whole: every field of it is on this page, so none is lost. A save reads both
//! again first and puts the fields the user changed on top (`domain::three_way`); a field
//! someone else changed too meanwhile waits for the user's choice (the conflict panel).
//!
//! A stored value the page cannot read is said in words and kept until the user changes that
//! field ([`form`]); the rest loads. Names are shown as text, never as markup.
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::devstore::{self, Scope};
use crate::api::{platform_settings as settings_api, ApiClient, ApiError};
use crate::components::admin_gate::AdminGate;
use crate::components::admin_nav::{AdminNav, AdminPage};
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::loaded::{from_resource, Loaded};
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::branding::{LOGO, NAME};
use crate::domain::permissions::may_set_platform_settings;
use crate::domain::three_way::{merge, Choice, Merge, Pending};
use crate::state::{Kept, Slot};

mod fields;
mod form;

use fields::{DefaultThemeField, LimitsFields, LogoField, ThemeFields};
use form::{Form, Stored, Values, TEXTS};

#[component]
pub(crate) fn PlatformSettingsPage() -> impl IntoView {
    view! {
        <main class="page page-wide admin-page platform-settings" id="main">
            <AdminNav current=AdminPage::Settings/>
            <AdminGate allowed=may_set_platform_settings needs="the permission setPlatformSettings">
                <h1>"Platform settings"</h1>
                <Settings/>
            </AdminGate>
        </main>
    }
}

/// Reads every global entry and CHORUS's record (a record that cannot be read is no error: the
/// dev store is what both UIs show).
async fn load(api: ApiClient) -> Result<Stored, ApiError> {
    let entries = devstore::list(api, &Scope::Global).await?;
    let record = settings_api::get(api).await.ok();
    Ok(Stored { entries, record })
}

#[component]
fn Settings() -> impl IntoView {
    let api = ApiClient::use_client();
    let stored = crate::state::resource(move || load(api));
    let said = Slot::new(None::<String>);
    view! {
        {live(move || said.get().map(|m| view! { <p class="alert alert-ok" role="status">{m}</p> }))}
        <Loaded
            state=from_resource(stored)
            loading="Loading the platform settings…"
            error_title="Could not load the platform settings"
            on_retry=Callback::new(move |_| stored.refetch())
            let:read
        >
            // Built anew from each read (after a save: the touched flags and the words reset).
            {live(move || view! {
                <SettingsForm stored=read.get() said=said on_saved=Callback::new(move |_| stored.refetch())/>
            })}
        </Loaded>
    }
}

#[component]
fn SettingsForm(
    stored: Stored,
    said: Slot<Option<String>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let api = ApiClient::use_client();
    let problems = stored.problems();
    let form = Form::new(&stored);
    let failure = Slot::new(None::<(String, ApiError)>);
    // What the form was built from (the base of the merge), and a save held back by another's
    // change of a field this one changed too (issue 56).
    let base = Kept::new(stored.values());
    let held = Slot::new(None::<Pending<Values>>);
    let save = local_action(move |(base, mine): &(Values, Values)| {
        let (base, mine) = (base.clone(), mine.clone());
        async move {
            failure.set(None);
            said.set(None);
            held.set(None);
            // Read again just before saving (the dev store is not cached; CHORUS's record,
            // cached 5 s, only fills a key the dev store lacks).
            let fresh = match load(api).await {
                Ok(f) => f.values(),
                Err(e) => {
                    failure.set(Some((
                        "Could not save: the platform settings could not be read again first"
                            .to_owned(),
                        e,
                    )));
                    return;
                }
            };
            let merged = match merge(&base, &mine, &fresh) {
                Merge::Send(m) => m,
                Merge::Conflicts(p) => {
                    held.set(Some(p));
                    return;
                }
            };
            let writes = merged.writes_over(&fresh);
            for (key, value) in &writes {
                if let Err(e) = devstore::put(api, &Scope::Global, key, value).await {
                    failure.set(Some((format!("Could not save {key}"), e)));
                    return;
                }
            }
            if writes.iter().any(|(k, _)| form::in_record(k)) {
                if let Err(e) = settings_api::put(api, &merged.record()).await {
                    failure.set(Some((
                        "Saved for both UIs, but CHORUS's own platform settings could not be updated"
                            .to_owned(),
                        e,
                    )));
                    return;
                }
            }
            // The login page and the header show the new name and logo at once.
            let set = |k: &str| Some(merged.get(k)).filter(|v| !v.is_empty());
            crate::state::branding::remember(set(NAME), set(LOGO));
            crate::state::branding::announce();
            said.set(Some("The platform settings are saved.".to_owned()));
            // The form is built again from what is read back.
            on_saved.run(());
        }
    });
    let submit = move || {
        let Ok(limits) = form.checked_limits() else {
            return;
        };
        let writes = form.writes(&limits);
        let b = base.get_value();
        let mine = b.with(&writes);
        if writes.is_empty() || mine == b {
            said.set(Some("Nothing was changed.".to_owned()));
            return;
        }
        save.dispatch_local((b, mine));
    };
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        if let Some((theirs, mine)) = take_resolved(held, &choices) {
            save.dispatch_local((theirs, mine));
        }
    });
    let pending = save.pending();
    let texts = TEXTS
        .into_iter()
        .enumerate()
        .map(|(i, (_, label, id))| {
            let f = form.texts[i];
            let mode = if i == 3 { "url" } else { "text" };
            view! {
                <div class="field">
                    <label for=id>{label}</label>
                    <input id=id type="text" inputmode=mode autocomplete="off"
                        prop:value=move || f.value.get()
                        on:input=move |ev| f.edit(event_target_value(&ev))/>
                </div>
            }
        })
        .collect_view();
    view! {
        {(!problems.is_empty()).then(|| view! {
            <div class="alert alert-warn" role="status" data-testid="stored-problems">
                {problems.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
        })}
        <form class="card settings-form platform-settings-form" novalidate=true
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h2>"Branding"</h2>
            {texts}
            <div class="logo-fields">
                <LogoField form=form dark=false/>
                <LogoField form=form dark=true/>
            </div>
            <h2>"Theme"</h2>
            <ThemeFields form=form/>
            <DefaultThemeField form=form/>
            <LimitsFields form=form/>
            <p class="hint">"Saved where chorus-web-ui keeps them (the platform's dev store), so both show the same; the name, headline, tagline, website and limits also go to CHORUS's own platform settings."</p>
            {live(move || held.get().map(|p| view! {
                <ConflictPanel id="ps-conflict" what="the platform settings"
                    conflicts=p.conflicts on_resolve=resolve/>
            }))}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || pending.get()>"Save"</button>
            </div>
            {live(move || failure.get().map(|(title, e)| view! { <ErrorAlert title=title error=e/> }))}
        </form>
    }
}
