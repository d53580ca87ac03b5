//! The start log (ui.md "start log"): `<ol data-testid="start-log">`, one `<li>` per change the
//! console saw while the session started, oldest first, each with the time it was seen and the
//! time since the start; a button copies it as text for a support ticket.
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};
use crate::components::on::OnAttribute;
use crate::components::when::When;
use crate::domain::start_log::StartLog;
use crate::domain::time::{format_duration, format_rfc3339_utc, format_utc};
use crate::state::Slot;

/// Writes `text` to the clipboard; `false` when the browser refused (no permission, an
/// insecure context).
async fn copy_to_clipboard(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// The start log of a session, with `Copy as text`.
#[component]
pub fn StartLogView(
    /// The log (the session's status poll keeps it).
    #[prop(into)]
    log: Signal<StartLog>,
    /// The first line of the copied text, e.g. `Session Demo desktop (id 5)`.
    #[prop(into)]
    title: Signal<String>,
) -> impl IntoView {
    // After a copy: `Some(true)` copied, `Some(false)` refused (the text is then shown to
    // select by hand).
    let copied = Slot::new(None::<bool>);
    let copy = move |_| {
        let text = log.with_untracked(|l| l.as_text(&title.get_untracked()));
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(&text).await;
            copied.try_set(Some(ok));
        });
    };
    let entries = live(move || {
        log.with(|l| {
            let dropped = l.dropped();
            l.entries()
                .enumerate()
                .map(|(i, e)| {
                    let gap = (dropped > 0 && i == crate::domain::start_log::KEEP_FIRST).then(|| {
                        view! {
                            <li class="start-log-gap muted">
                                {format!("{dropped} entries left out")}
                            </li>
                        }
                    });
                    view! {
                        {gap}
                        <li class="start-log-entry" data-kind=e.kind.as_str()>
                            <time datetime=format_rfc3339_utc(e.at_ms) title=format_utc(e.at_ms)>
                                {format!("+{}", format_duration(i64::try_from(e.since_start_ms).unwrap_or(0)))}
                            </time>
                            " "
                            <span class="start-log-text">{e.text.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    });
    view! {
        <section class="start-log" aria-labelledby="start-log-title">
            <div class="start-log-head">
                <h3 id="start-log-title">"Start log"</h3>
                <button
                    type="button"
                    class="btn btn-small btn-quiet"
                    on:click=copy
                    disabled=move || log.with(StartLog::is_empty)
                >
                    <Icon name=IconName::Copy/>
                    " Copy as text"
                </button>
                <span class="start-log-copied" role="status">
                    {live(move || match copied.get() {
                        Some(true) => "Copied.",
                        Some(false) => "The browser did not allow copying: select the text below.",
                        None => "",
                    })}
                </span>
            </div>
            <When when=move || log.with(StartLog::is_empty)>
                <p class="muted">"Nothing seen yet."</p>
            </When>
            <ol data-testid="start-log" class="start-log-list">{entries}</ol>
            <When when=move || copied.get() == Some(false)>
                <textarea
                    class="start-log-text-copy"
                    readonly=true
                    rows="6"
                    aria-label="Start log as text"
                    prop:value=move || log.with(|l| l.as_text(&title.get()))
                ></textarea>
            </When>
        </section>
    }
}
