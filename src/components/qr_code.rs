//! [`QrCode`]: a QR code drawn as SVG elements (the two-factor set-up on `/profile`; ui.md,
//! "profile"), from the modules of [`crate::domain::totp::QrMatrix`]: a light square with the
//! quiet zone, and the dark modules as one path. No image is made and no markup is parsed.
use leptos::prelude::*;

use crate::domain::totp::QrMatrix;

/// The QR code of `text` (the `otpauth://` URL), `size` CSS pixels wide (default 200), as
/// `<svg role="img" aria-label="QR code for your authenticator app">`. A text too long for any
/// QR code shows a sentence instead (the secret, shown beside it as text, still works).
#[component]
pub fn QrCode(
    /// What the code holds.
    #[prop(into)]
    text: String,
    /// Width and height in CSS pixels.
    #[prop(optional)]
    size: Option<u32>,
) -> impl IntoView {
    let size = size.unwrap_or(200).to_string();
    match QrMatrix::of(&text) {
        Some(qr) => {
            let w = qr.width.to_string();
            let view_box = format!("0 0 {w} {w}");
            view! {
                <svg
                    class="qr-code"
                    role="img"
                    aria-label="QR code for your authenticator app"
                    viewBox=view_box
                    width=size.clone()
                    height=size
                    shape-rendering="crispEdges"
                >
                    <rect width=w.clone() height=w fill="#fff"/>
                    <path d=qr.path_data() fill="#000"/>
                </svg>
            }
            .into_any()
        }
        None => view! {
            <p class="qr-code-missing">
                "This code is too long to show as a QR code: type the secret into your app instead."
            </p>
        }
        .into_any(),
    }
}
