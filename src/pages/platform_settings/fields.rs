//! The page's inputs that are more than a text box: the two logos (a file checked by its size
//! before it is read and by its first bytes after, a preview, `Remove`), the colours of each
//! theme, the default theme and the limits.
use crate::components::live::live;
use leptos::prelude::*;

use super::form::{Form, LIMIT_FIELDS};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::branding::{
    check_logo_file, hex6, logo_data_uri, shown_logo, COLOURS, DEFAULT_THEMES, MODES,
};

/// `Logo (light)` (`dark == false`) or `Logo (dark)`.
#[component]
pub(super) fn LogoField(form: Form, dark: bool) -> impl IntoView {
    let (label, id, theme) = if dark {
        ("Logo (dark)", "ps-logo-dark", "dark")
    } else {
        ("Logo (light)", "ps-logo-light", "light")
    };
    let error = form.logo_errors[usize::from(dark)];
    let stored = move || {
        form.logo.value.with(|l| {
            if dark {
                l.dark.clone()
            } else {
                l.light.clone()
            }
        })
    };
    let set = move |v: Option<String>| {
        let mut l = form.logo.value.get_untracked();
        if dark {
            l.dark = v;
        } else {
            l.light = v;
        }
        form.logo.edit(l);
    };
    let on_change = move |ev: leptos::ev::Event| {
        error.set(None);
        let Some((input, file)) = crate::components::file_pick::chosen_file(&ev) else {
            return;
        };
        input.set_value("");
        let mime = file.type_();
        // Checked before a byte is read: a 20 MB file is never read.
        if let Err(words) = check_logo_file(&mime, file.size().max(0.0) as u64) {
            error.set(Some(words));
            return;
        }
        leptos::task::spawn_local(async move {
            let bytes = crate::components::file_pick::file_bytes(&file).await;
            match bytes.and_then(|b| logo_data_uri(&mime, &b)) {
                Ok(uri) => set(Some(uri)),
                Err(words) => {
                    error.try_set(Some(words));
                }
            }
        });
    };
    let shown = move || stored().and_then(|s| shown_logo(&s).map(str::to_owned));
    let unshowable = move || stored().is_some() && shown().is_none();
    let hint = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let described = {
        let (hint, err_id) = (hint.clone(), err_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{hint} {err_id}")
            } else {
                hint.clone()
            }
        }
    };
    view! {
        <div class="field logo-field">
            <label for=id>{label}</label>
            <p class="hint" id=hint.clone()>"PNG, JPEG or WebP, at most 512 KB. Shown on the login page and in the header."</p>
            <input id=id type="file" accept="image/png,image/jpeg,image/webp"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                on:change=on_change/>
            {live(move || error.get().map(|m| view! { <p class="field-error" id=err_id.clone() role="alert">{m}</p> }))}
            {live(move || shown().map(|src| view! {
                <img class="logo-preview" src=src alt=format!("The logo for the {theme} theme as it will be shown")/>
            }))}
            <When when=unshowable>
                <p class="field-note">"The stored logo is not an image the console shows (a PNG, JPEG, WebP or GIF, or a web address), so it is not shown."</p>
            </When>
            <When when=move || stored().is_some()>
                <button type="button" class="btn btn-small" on:click=move |_| { error.set(None); set(None); }>
                    {format!("Remove {}", label.to_lowercase())}
                </button>
            </When>
        </div>
    }
}

/// The colours of each theme: a colour input per colour, the stored value said beside it when a
/// colour input cannot hold it.
#[component]
pub(super) fn ThemeFields(form: Form) -> impl IntoView {
    MODES
        .into_iter()
        .map(|(mode, legend)| {
            let inputs = COLOURS
                .into_iter()
                .map(|(key, label)| {
                    let id = format!("ps-{mode}-{key}");
                    // A colour input cannot be empty nor hold every colour: say what is stored.
                    let stored_other = move || {
                        form.theme.value.with(|t| match t.colour(mode, key) {
                            None => Some("Not set: the console's own".to_owned()),
                            Some(c) if hex6(c).is_none() => Some(format!(
                                "Stored: {}",
                                crate::domain::text::shown_string(c)
                            )),
                            Some(_) => None,
                        })
                    };
                    view! {
                        <div class="colour-field">
                            <input id=id.clone() type="color"
                                prop:value=move || form.colour_input(mode, key)
                                on:input=move |ev| {
                                    let mut t = form.theme.value.get_untracked();
                                    t.set(mode, key, &event_target_value(&ev));
                                    form.theme.edit(t);
                                }/>
                            <label for=id>{label}</label>
                            {live(move || stored_other().map(|s| view! { <span class="muted">{s}</span> }))}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="colour-set">
                    <legend>{legend}</legend>
                    <div class="colour-grid">{inputs}</div>
                </fieldset>
            }
        })
        .collect_view()
}

/// `Default theme`.
#[component]
pub(super) fn DefaultThemeField(form: Form) -> impl IntoView {
    view! {
        <div class="field">
            <label for="ps-default-theme">"Default theme"</label>
            <select id="ps-default-theme" aria-describedby="ps-default-theme-hint"
                on:change=move |ev| form.default_theme.edit(event_target_value(&ev))>
                {DEFAULT_THEMES.into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || form.default_theme.value.with(|v| v == value)>{label}</option>
                }).collect_view()}
            </select>
            <p class="hint" id="ps-default-theme-hint">
                "The theme chorus-web-ui opens in. The console follows each person's own system setting (light or dark)."
            </p>
        </div>
    }
}

/// `Limits`: three counts, empty for none, with the note that CHORUS does not enforce them.
#[component]
pub(super) fn LimitsFields(form: Form) -> impl IntoView {
    let inputs = LIMIT_FIELDS
        .into_iter()
        .enumerate()
        .map(|(i, (label, id))| {
            let field = form.limits[i];
            let error = form.limit_errors[i];
            let err_id = format!("{id}-error");
            let err_for_input = err_id.clone();
            view! {
                <div class="field limit-field">
                    <label for=id>{label}</label>
                    <input id=id type="text" inputmode="numeric" autocomplete="off" placeholder="No limit"
                        aria-invalid=move || error.with(Option::is_some).then_some("true")
                        aria-describedby=move || error.with(Option::is_some).then(|| err_for_input.clone())
                        prop:value=move || field.value.get()
                        on:input=move |ev| { field.edit(event_target_value(&ev)); error.set(None); }/>
                    {live(move || error.get().map(|m| view! { <p class="field-error" id=err_id.clone()>{m}</p> }))}
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="limits-set">
            <legend>"Limits"</legend>
            <p class="hint">
                "How many of each a person may have at once; empty means no limit. CHORUS does not enforce these limits: the console and chorus-web-ui say when one is reached and disable their create buttons, but a direct call to the API still creates more. A limit of 0 cannot be told to CHORUS's own settings, where 0 means none."
            </p>
            <div class="limits-grid">{inputs}</div>
        </fieldset>
    }
}
