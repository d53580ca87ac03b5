//! `New service`: a preset (`PostgreSQL`, `MLflow`: their charts from the runtime config,
//! chorus-web-ui's by default; or `Custom`) fills the name and the chart; the values, the
//! credentials and the connection template are typed. Every field is checked before anything is
//! sent, each problem said under its field; the service is asked to run (`state` `Running`).
use crate::components::live::live;
use leptos::prelude::*;

use crate::api::services;
use crate::components::local_action;
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::service_presets::ServicePresets;
use crate::domain::services::{form_problems, free_name, NewService, Preset, Problem};
use crate::state::Slot;
use crate::state::{use_config, Kept};

use super::ctx::Ctx;

#[component]
pub(super) fn NewServiceForm(ctx: Ctx) -> impl IntoView {
    let (presets, warnings) = ServicePresets::read(use_config().service_presets.as_deref());
    for w in warnings {
        leptos::logging::warn!("{w}");
    }
    let presets = Kept::new(presets);
    let open = Slot::new(false);
    let form = Slot::new(NewService::default());
    let preset = Slot::new(Preset::Postgres);
    let problems = Slot::new(Vec::<Problem>::new());
    let fill = move |p: Preset| {
        let taken = ctx.taken();
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        let chart = presets.with_value(|c| c.chart(p));
        preset.set(p);
        form.update(|f| {
            f.name = free_name(p, &taken);
            f.chart = chart;
        });
        problems.set(Vec::new());
    };
    let create = local_action(move |new: &NewService| {
        let new = new.clone();
        async move {
            ctx.failed.try_set(None);
            match services::create(ctx.api, &ctx.ws(), &new).await {
                Ok(_) => {
                    open.try_set(false);
                    ctx.said.try_set(Some(format!(
                        "{} was added: it starts when the cluster has installed it.",
                        new.name.trim()
                    )));
                    ctx.poll.start();
                }
                Err(e) => ctx.fail("Could not add the service", e),
            }
        }
    });
    let pending = create.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = form.get_untracked();
        let taken = ctx.taken();
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        let found = form_problems(&new, &taken);
        let ok = found.is_empty();
        problems.set(found);
        if ok {
            create.dispatch_local(new);
        }
    };
    let open_form = move |_| {
        *form.write() = NewService::default();
        fill(Preset::Postgres);
        open.set(true);
    };
    view! {
        <section class="new-service card" aria-labelledby="new-service-heading">
            <h2 id="new-service-heading" class="visually-hidden">"New service"</h2>
            <When when=move || !open.get()>
                <button type="button" class="btn btn-primary" on:click=open_form>"New service"</button>
            </When>
            <When when=move || open.get()>
                <crate::components::focus_return::FocusReturn>
                <form class="new-service-form" on:submit=on_submit novalidate>
                    <div class="field">
                        <label for="service-preset">"Preset"</label>
                        <select id="service-preset"
                            on:change=move |ev| fill(Preset::from_key(&event_target_value(&ev)))>
                            {Preset::ALL.into_iter().map(|p| view! {
                                <option value=p.key() selected=move || preset.get() == p>{p.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    {field(form, problems, "service-name", "Name", |f| &mut f.name, false)}
                    {field(form, problems, "service-registry", "Chart registry", |f| &mut f.chart.registry, false)}
                    {field(form, problems, "service-repository", "Chart repository", |f| &mut f.chart.repository, false)}
                    {field(form, problems, "service-tag", "Chart tag", |f| &mut f.chart.tag, false)}
                    {field(form, problems, "service-values", "Values (JSON)", |f| &mut f.values, true)}
                    {field(form, problems, "service-secret", "Credentials secret", |f| &mut f.credentials_secret_name, false)}
                    {field(form, problems, "service-paths", "Credentials paths", |f| &mut f.credentials_paths, false)}
                    <p class="hint" id="service-paths-hint">"Paths in the secret, separated by commas."</p>
                    {field(form, problems, "service-template", "Connection info template", |f| &mut f.connection_info_template, true)}
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" disabled=move || pending.get()>
                            "Add service"
                        </button>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Close"</button>
                    </div>
                </form>
                </crate::components::focus_return::FocusReturn>
            </When>
        </section>
    }
}

/// One labelled input (or textarea) of the form bound to its part of `form`, with its problem.
fn field(
    form: Slot<NewService>,
    problems: Slot<Vec<Problem>>,
    id: &'static str,
    label: &'static str,
    part: fn(&mut NewService) -> &mut String,
    multiline: bool,
) -> impl IntoView {
    let value = move || form.with(|f| part(&mut f.clone()).clone());
    let set = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        form.update(|f| *part(f) = v);
    };
    let problem = move || {
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.field == label)
                .map(|p| p.words.clone())
        })
    };
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    let invalid = move || problem().is_some().then_some("true");
    let describedby = move || problem().is_some().then(|| described.clone());
    let input = if multiline {
        view! {
            <textarea id=id rows="4" spellcheck="false" class="mono" aria-invalid=invalid
                aria-describedby=describedby prop:value=value on:input=set></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id type="text" autocomplete="off" spellcheck="false" aria-invalid=invalid
                aria-describedby=describedby prop:value=value on:input=set/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {input}
            {live(move || problem().map(|p| view! { <p class="field-error" id=error_id.clone() role="alert">{p}</p> }))}
        </div>
    }
}
