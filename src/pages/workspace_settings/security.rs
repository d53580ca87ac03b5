//! The `Security` tab: `Network` (`Airgapped`, `Allowed hosts only`, `Open`), `Allowed hosts`
//! (one host name per line, checked line by line: `domain::hosts`), `Clipboard` (`Off`, `Into
//! the session`, `Out of the session`, `Both ways`) and the cluster's report on the policy.
//! A value the backend sent that this console does not know is one more choice, named as it
//! came, and goes back unchanged unless another is chosen. Choosing `Open`, or a clipboard out
//! of the sessions, where the workspace had neither says in words what it allows and asks for a
//! confirmation (a checkbox) before the save goes (issue 55).
use crate::components::live::live;
use leptos::prelude::*;

use super::form::{described, field_error, invalid, Form, Stored};
use crate::components::on::OnAttribute;
use crate::domain::text::shown_string;
use crate::domain::workspace_settings::{Clipboard, NetworkPolicy};
use crate::state::Slot;

/// One radio group: a legend, its choices `(label, hint, value)`, the value the backend sent
/// when it is none of them, the error.
fn radio_group<T: Clone + PartialEq + Send + Sync + 'static>(
    name: &'static str,
    legend: &'static str,
    choices: Vec<(&'static str, &'static str, T)>,
    value: Slot<Option<T>>,
    other_of: fn(&T) -> Option<String>,
    error: Slot<Option<String>>,
    error_id: &'static str,
) -> impl IntoView {
    let legend_id = format!("ws-{name}-legend");
    // The unknown value as sent, while it is the one chosen (it stays a choice until another is).
    let sent_other = Slot::new(None::<T>);
    crate::state::effect(move |_| {
        if let Some(v) = value.get() {
            if other_of(&v).is_some() {
                sent_other.set(Some(v));
            }
        }
    });
    let count = choices.len();
    let radios = choices
        .into_iter()
        .enumerate()
        .map(|(i, (label, hint, v))| {
            let id = format!("ws-{name}-{i}");
            let v2 = v.clone();
            let checked = move || value.with(|c| c.as_ref() == Some(&v2));
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name=format!("ws-{name}") prop:checked=checked
                        aria-invalid=invalid(error)
                        aria-describedby=described(error, None, error_id)
                        on:change=move |_| { value.set(Some(v.clone())); error.set(None); }/>
                    <label for=id>{label}</label>
                    {(!hint.is_empty()).then(|| view! { <span class="radio-hint">{hint}</span> })}
                </div>
            }
        })
        .collect_view();
    let other = live(move || {
        sent_other.get().map(|v| {
            let words = other_of(&v).unwrap_or_default();
            let id = format!("ws-{name}-{count}");
            let v2 = v.clone();
            let checked = move || value.with(|c| c.as_ref() == Some(&v2));
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name=format!("ws-{name}") prop:checked=checked
                        on:change=move |_| value.set(Some(v.clone()))/>
                    <label for=id>{format!("“{}” (a value this console does not know, kept as it is)", shown_string(&words))}</label>
                </div>
            }
        })
    });
    view! {
        <fieldset class="radio-group" role="radiogroup" aria-labelledby=legend_id.clone()>
            <legend id=legend_id.clone()>{legend}</legend>
            {radios}
            {other}
            {field_error(error, error_id)}
        </fieldset>
    }
}

#[component]
pub(super) fn Security(form: Form, stored: Signal<Option<Stored>>) -> impl IntoView {
    let report = live(move || {
        stored.with(|s| {
            s.as_ref()
                .map(|s| s.workspace.settings.policy_report())
                .unwrap_or_default()
        })
    });
    let hosts_invalid = move || {
        (form.host_problems.with(Option::is_some) || form.hosts_error.with(Option::is_some))
            .then_some("true")
    };
    let hosts_described = move || {
        let mut ids = vec!["ws-hosts-hint"];
        if form.host_problems.with(Option::is_some) || form.hosts_error.with(Option::is_some) {
            ids.push("ws-hosts-error");
        }
        ids.join(" ")
    };
    view! {
        {radio_group(
            "network",
            "Network",
            vec![
                ("Airgapped", "No connection out of the workspace.", NetworkPolicy::Airgapped),
                ("Allowed hosts only", "Connections only to the hosts listed below.", NetworkPolicy::FqdnAllowlist),
                ("Open", "Connections to anywhere.", NetworkPolicy::Open),
            ],
            form.network,
            |p| match p { NetworkPolicy::Other(s) => Some(s.clone()), _ => None },
            form.network_error,
            "ws-network-error",
        )}
        {confirm_widening(form, stored, true)}
        <p class="cluster-report" data-testid="policy-report">{report}</p>
        <div class="field">
            <label for="ws-hosts">"Allowed hosts"</label>
            <p class="hint" id="ws-hosts-hint">
                "One host name per line, like pypi.org. Used when the network is Allowed hosts only. No wildcards, addresses or web addresses."
            </p>
            <textarea id="ws-hosts" rows="6" spellcheck="false" autocomplete="off"
                aria-invalid=hosts_invalid
                aria-describedby=hosts_described
                prop:value=move || form.hosts.get()
                on:input=move |ev| {
                    form.hosts.set(event_target_value(&ev));
                    form.host_problems.set(None);
                    form.hosts_error.set(None);
                }></textarea>
            {live(move || {
                let problems = form.host_problems.get();
                let whole = form.hosts_error.get();
                (problems.is_some() || whole.is_some()).then(|| view! {
                    <div class="field-error" id="ws-hosts-error">
                        {whole.map(|w| view! { <p>{shown_string(&w)}</p> })}
                        {problems.map(|p| view! {
                            <p>{p.summary()}</p>
                            <ul class="host-problems">
                                {p.shown.iter().map(|h| view! {
                                    <li>{format!("Line {}: {}", h.line, h.words)}</li>
                                }).collect_view()}
                            </ul>
                            {p.more().map(|m| view! { <p>{m}</p> })}
                        })}
                    </div>
                })
            })}
        </div>
        {radio_group(
            "clipboard",
            "Clipboard",
            vec![
                ("Off", "Nothing is copied in or out of the sessions.", Clipboard::Disabled),
                ("Into the session", "Text copied here can be pasted in a session.", Clipboard::ToServer),
                ("Out of the session", "Text copied in a session can be pasted here.", Clipboard::ToClient),
                ("Both ways", "", Clipboard::Both),
            ],
            form.clipboard,
            |c| match c { Clipboard::Other(s) => Some(s.clone()), _ => None },
            form.clipboard_error,
            "ws-clipboard-error",
        )}
        {confirm_widening(form, stored, false)}
    }
}

/// Under the network (`network`) or the clipboard: what the choice opens up, in words, and the
/// box that confirms it, while the choice opens up what the stored workspace did not.
fn confirm_widening(form: Form, stored: Signal<Option<Stored>>, network: bool) -> impl IntoView {
    let (id, words, label, testid) = if network {
        (
            "ws-network-confirm",
            "Open lets every session of this workspace connect to any server on the internet: data can leave the workspace without a reviewed request, and anything can be brought in.",
            "I understand: open this workspace's network",
            "network-confirm",
        )
    } else {
        (
            "ws-clipboard-confirm",
            "Text copied in a session can then be pasted on the researcher's own computer: data can leave the workspace a few lines at a time, without a reviewed request.",
            "I understand: let text be copied out of the sessions",
            "clipboard-confirm",
        )
    };
    let words_id = format!("{id}-words");
    let shown = move || {
        let old = stored.with(|s| {
            s.as_ref().map(|s| {
                (
                    s.workspace.settings.network_policy.clone(),
                    s.workspace.settings.clipboard.clone(),
                )
            })
        });
        let (old_net, old_clip) = old.unwrap_or_default();
        let (open, out) = form.network.with(|n| {
            form.clipboard.with(|c| {
                crate::domain::workspace_settings::widens(
                    (old_net.as_ref(), old_clip.as_ref()),
                    (n.as_ref(), c.as_ref()),
                )
            })
        });
        if network {
            open
        } else {
            out
        }
    };
    let checked = move || {
        let (a, b) = form.confirmed.get();
        if network {
            a
        } else {
            b
        }
    };
    view! {
        <crate::components::when::When when=shown>
            <div class="alert alert-warn confirm-widening" data-testid=testid>
                <p id=words_id.clone()>{words}</p>
                <div class="check">
                    <input type="checkbox" id=id aria-describedby=words_id.clone() prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            form.confirmed.update(|c| if network { c.0 = on } else { c.1 = on });
                            if on {
                                if network { form.network_error.set(None) } else { form.clipboard_error.set(None) }
                            }
                        }/>
                    <label for=id>{label}</label>
                </div>
            </div>
        </crate::components::when::When>
    }
}
