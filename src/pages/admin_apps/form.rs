//! The one form of `New app` and `Edit <name> <tag>` (ui.md, "apps admin"): every field of
//! api.md's `App` that an admin sets, the resource presets filling the seven quantities, each
//! problem said next to its field before anything is sent (`domain::app_form::problems`), the
//! backend's refusals of the image next to the image fields; nothing typed is lost. An edit
//! re-reads the app and sends it back whole with the fields the user changed on top
//! (`state::fresh_save`, `AppDraft::body`): what the form does not show and what another admin
//! changed meanwhile survive; a field both changed waits for the user's choice (the conflict
//! panel).
use crate::components::live::live;
use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::api::app_admin::{self, id_of};
use crate::api::ApiError;
use crate::components::conflict_panel::{take_resolved, ConflictPanel};
use crate::components::error_alert::ErrorAlert;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::domain::app_form::{
    image_refusal, problems, stability_words, AppDraft, Field, Preset, Problem, Resources,
    STABILITIES,
};
use crate::domain::three_way::{Choice, Merge, Pending};
use crate::state::fresh_save::merge_fresh;
use crate::state::resource::PAST_CHORUS_CACHE;
use crate::state::{Kept, Slot};

use super::{label, Ctx};

/// A text part of the draft.
type Part = fn(&mut AppDraft) -> &mut String;

#[component]
pub(super) fn AppForm(ctx: Ctx, original: Option<Map<String, Value>>) -> impl IntoView {
    let heading = original
        .as_ref()
        .map(|a| format!("Edit {}", label(a)))
        .unwrap_or_else(|| "New app".to_owned());
    let draft0 = original
        .as_ref()
        .map(AppDraft::of)
        .unwrap_or_else(AppDraft::new_app);
    let preset = Slot::new(Preset::of(&draft0.resources));
    let stored_stability = draft0.stability.clone();
    let draft = Slot::new(draft0);
    let original = Kept::new(original);
    let found = Slot::new(Vec::<Problem>::new());
    let refusal = Slot::new(None::<String>);
    let error = Slot::new(None::<ApiError>);
    // The draft as the form loaded it (the base of the merge) and a save held back.
    let base = Kept::new(draft.get_untracked());
    let held = Slot::new(None::<Pending<AppDraft>>);
    let save = local_action(move |(b, d): &(AppDraft, AppDraft)| {
        let (b, d) = (b.clone(), d.clone());
        async move {
            error.try_set(None);
            refusal.try_set(None);
            held.try_set(None);
            let body = match original.try_get_value().flatten() {
                Some(loaded) => {
                    // The app read again (past CHORUS's one-second cache), my changes on top.
                    let fresh = Kept::new(loaded.clone());
                    let merged = merge_fresh(&b, &d, PAST_CHORUS_CACHE, || async move {
                        let now = app_admin::fresh(ctx.api, loaded).await;
                        fresh.set_value(now.clone());
                        Ok::<_, ApiError>(AppDraft::of(&now))
                    })
                    .await;
                    match merged {
                        Ok(Merge::Send(m)) => m.body(Some(&fresh.get_value())),
                        Ok(Merge::Conflicts(p)) => {
                            held.try_set(Some(p));
                            return;
                        }
                        Err(e) => {
                            error.try_set(Some(e));
                            return;
                        }
                    }
                }
                None => d.body(None),
            };
            match app_admin::save(ctx.api, body).await {
                Ok(saved) => {
                    let id = id_of(&saved).unwrap_or_default();
                    ctx.said
                        .try_set(Some(format!("{} was saved.", label(&saved))));
                    ctx.editing.try_set(None);
                    ctx.wrote(id, Some(saved));
                }
                Err(e) => {
                    let said = e
                        .server_message()
                        .and_then(image_refusal)
                        .or_else(|| image_refusal(&e.message()));
                    match said {
                        Some(w) => {
                            refusal.try_set(Some(w));
                        }
                        None => {
                            error.try_set(Some(e));
                        }
                    }
                }
            }
        }
    });
    let resolve = Callback::new(move |choices: Vec<(String, Choice)>| {
        let Some((theirs, mine)) = take_resolved(held, &choices) else {
            return;
        };
        // What is chosen shows in the form, and is saved over the copy just read.
        draft.set(mine.clone());
        save.dispatch_local((theirs, mine));
    });
    let pending = save.pending();
    let icon_hosts = super::icon_file::hosts();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft.get_untracked();
        let ps = super::icon_file::with_host_problem(problems(&d), &d, &icon_hosts);
        let ok = ps.is_empty();
        found.set(ps);
        if ok {
            save.dispatch_local((base.get_value(), d));
        }
    };
    let f = move |id: &'static str, label: &'static str, field: Option<Field>, part: Part| {
        input(draft, found, preset, id, label, field, part, false)
    };
    let q = move |id: &'static str, label: &'static str, field: Field, part: Part| {
        input(draft, found, preset, id, label, Some(field), part, true)
    };
    let on_preset = move |ev: leptos::ev::Event| {
        let p = Preset::from_label(&event_target_value(&ev));
        preset.set(p);
        if let Some(r) = p.resources() {
            draft.update(|d| d.resources = r);
        }
    };
    let unusual = (!STABILITIES.iter().any(|(k, _)| *k == stored_stability))
        .then(|| stored_stability.clone());
    view! {
        <section class="card app-form-card" aria-labelledby="app-form-heading">
            <h2 id="app-form-heading">{heading.clone()}</h2>
            <form class="app-form" aria-labelledby="app-form-heading" on:submit=on_submit novalidate>
                {f("app-name", "Name", Some(Field::Name), |d| &mut d.name)}
                {f("app-category", "Category", None, |d| &mut d.category)}
                <div class="field wide">
                    <label for="app-description">"Description"</label>
                    <textarea id="app-description" rows="3"
                        prop:value=move || draft.with(|d| d.description.clone())
                        on:input=move |ev| draft.update(|d| d.description = event_target_value(&ev))></textarea>
                </div>
                <fieldset class="wide app-image-fields">
                    <legend>"Container image"</legend>
                    {f("app-registry", "Image registry", Some(Field::Registry), |d| &mut d.registry)}
                    {f("app-image", "Image name", Some(Field::Image), |d| &mut d.image)}
                    {f("app-tag", "Image tag", Some(Field::Tag), |d| &mut d.tag)}
                    <p class="hint">"A registry CHORUS is not configured for is refused: leave it empty unless you know it."</p>
                    {live(move || refusal.get().map(|w| view! {
                        <p class="field-error" id="app-image-refusal" role="alert">{w}</p>
                    }))}
                </fieldset>
                <div class="field">
                    <label for="app-stability">"Stability"</label>
                    <select id="app-stability"
                        on:change=move |ev| draft.update(|d| d.stability = event_target_value(&ev))>
                        {STABILITIES.into_iter().map(|(k, w)| view! {
                            <option value=k selected=move || draft.with(|d| d.stability == k)>{w}</option>
                        }).collect_view()}
                        {unusual.map(|s| view! {
                            <option value=s.clone() selected=true>{format!("{} (as stored)", stability_words(&s))}</option>
                        })}
                    </select>
                </div>
                {f("app-icon-bg", "Icon background", None, |d| &mut d.icon_background)}
                {f("app-icon", "Icon URL", Some(Field::IconUrl), |d| &mut d.icon_url)}
                <super::icon_file::IconFile draft=draft/>
                {f("app-web", "Web address", Some(Field::WebAddress), |d| &mut d.web_address)}
                <p class="hint wide">"For a web app shown through the browser image (apps/kiosk): the page it opens. Its login, when it needs one:"</p>
                {f("app-jwt-url", "Login token address", Some(Field::JwtUrl), |d| &mut d.jwt_url)}
                {f("app-jwt-client", "Login client ID", None, |d| &mut d.jwt_client_id)}
                <fieldset class="wide app-resources">
                    <legend>"Size"</legend>
                    <div class="field">
                        <label for="app-resources">"Resources"</label>
                        <select id="app-resources" on:change=on_preset>
                            {Preset::ALL.into_iter().map(|p| view! {
                                <option value=p.label() selected=move || preset.get() == p>{p.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <p class="hint">"Quantities as Kubernetes reads them: CPU in cores (500m, 1, 1.5), memory and storage in bytes (512Mi, 2Gi). Auto leaves them to the cluster."</p>
                    {q("app-min-cpu", "Minimum CPU", Field::MinCpu, |d| &mut d.resources.min_cpu)}
                    {q("app-max-cpu", "Maximum CPU", Field::MaxCpu, |d| &mut d.resources.max_cpu)}
                    {q("app-min-memory", "Minimum memory", Field::MinMemory, |d| &mut d.resources.min_memory)}
                    {q("app-max-memory", "Maximum memory", Field::MaxMemory, |d| &mut d.resources.max_memory)}
                    {q("app-min-eph", "Minimum ephemeral storage", Field::MinEphemeral, |d| &mut d.resources.min_ephemeral)}
                    {q("app-max-eph", "Maximum ephemeral storage", Field::MaxEphemeral, |d| &mut d.resources.max_ephemeral)}
                    {q("app-shm", "Shared memory", Field::Shm, |d| &mut d.resources.shm)}
                </fieldset>
                {live(move || (!found.with(Vec::is_empty)).then(|| view! {
                    <p class="field-error wide" role="alert">"Nothing was sent: correct the fields marked above."</p>
                }))}
                {live(move || held.get().map(|p| view! {
                    <div class="wide">
                        <ConflictPanel id="app-conflict" what="this app"
                            conflicts=p.conflicts on_resolve=resolve/>
                    </div>
                }))}
                {live(move || error.get().map(|e| view! {
                    <div class="wide"><ErrorAlert title="Could not save the app" error=e/></div>
                }))}
                <div class="form-actions wide">
                    <button type="submit" class="btn btn-primary" disabled=move || pending.get()>"Save"</button>
                    <button type="button" class="btn" on:click=move |_| ctx.editing.set(None)>"Cancel"</button>
                </div>
            </form>
        </section>
    }
}

/// One labelled input bound to its part of the draft, with its problem (`field`) said under
/// it. A quantity (`quantity`) typed makes the preset the one those quantities are (or Custom).
#[allow(clippy::too_many_arguments)]
fn input(
    draft: Slot<AppDraft>,
    found: Slot<Vec<Problem>>,
    preset: Slot<Preset>,
    id: &'static str,
    label: &'static str,
    field: Option<Field>,
    part: Part,
    quantity: bool,
) -> impl IntoView {
    let value = move || draft.with(|d| part(&mut d.clone()).clone());
    let set = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        draft.update(|d| *part(d) = v);
        if quantity {
            let r: Resources = draft.with_untracked(|d| d.resources.clone());
            preset.set(Preset::of(&r));
        }
    };
    let problem = move || {
        let field = field?;
        found.with(|ps| {
            let words: Vec<&str> = ps
                .iter()
                .filter(|p| p.field == field)
                .map(|p| p.words.as_str())
                .collect();
            (!words.is_empty()).then(|| words.join(" "))
        })
    };
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let invalid = move || problem().is_some().then_some("true");
    let describedby = move || problem().is_some().then(|| described.clone());
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id type="text" autocomplete="off" spellcheck="false" class:mono=quantity
                aria-invalid=invalid aria-describedby=describedby prop:value=value on:input=set/>
            {live(move || problem().map(|p| view! { <p class="field-error" id=error_id.clone() role="alert">{p}</p> }))}
        </div>
    }
}
