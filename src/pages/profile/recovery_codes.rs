//! The recovery codes of a two-factor set-up (issue 47): shown plainly (CHORUS gives them once,
//! with the new secret, and never again), with `Copy recovery codes` and `Download recovery
//! codes` (a `.txt`), and a checkbox by which the user says they kept them.
use crate::components::live::live;
use leptos::prelude::*;

use crate::components::on::OnAttribute;
use crate::domain::totp::{recovery_codes_file_name, recovery_codes_text};
use crate::state::{Kept, Slot};

/// Writes `text` to the clipboard; `false` when the browser refused.
async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
}

/// The codes, the ways to keep them, and `I have kept my recovery codes` (`kept`).
#[component]
pub(super) fn RecoveryCodes(
    codes: Vec<String>,
    /// The issuer and account the file names.
    issuer: &'static str,
    account: String,
    kept: Slot<bool>,
) -> impl IntoView {
    let text = Kept::new(recovery_codes_text(issuer, &account, &codes));
    let file = Kept::new(recovery_codes_file_name(&account));
    let said = Slot::new(None::<&'static str>);
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let ok = copy_text(&text.get_value()).await;
            said.try_set(Some(if ok {
                "Copied. Paste them where you keep such things (a password manager, a printout)."
            } else {
                "The browser did not let the console copy them: select them above, or download them."
            }));
        });
    };
    let download = move |_| {
        let done = crate::components::save_file::save_text(&[text.get_value()], &file.get_value());
        said.set(Some(if done.is_ok() {
            "Downloaded as a text file: keep it somewhere safe, away from this device if you can."
        } else {
            "The browser did not save the file: copy them instead."
        }));
    };
    view! {
        <section class="recovery-codes" aria-labelledby="recovery-heading">
            <h3 id="recovery-heading">"Your recovery codes"</h3>
            <p>
                "If you lose the device with your authenticator app, each of these codes signs you in once instead of a code from the app. "
                <strong>"They are shown only now."</strong>
                " Keep them somewhere safe."
            </p>
            <ol class="recovery-code-list" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ol>
            <div class="form-actions">
                <button type="button" class="btn" on:click=copy>"Copy recovery codes"</button>
                <button type="button" class="btn" on:click=download>"Download recovery codes"</button>
            </div>
            {live(move || said.get().map(|s| view! { <p class="muted" role="status">{s}</p> }))}
            <label class="checkbox-field">
                <input type="checkbox" prop:checked=move || kept.get()
                    on:change=move |e| kept.set(event_target_checked(&e))/>
                " I have kept my recovery codes somewhere safe"
            </label>
        </section>
    }
}
