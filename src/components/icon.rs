//! Icons as inline SVG (ui.md: never emoji characters, so that what a page shows does not
//! depend on the fonts installed). They inherit the text colour; the words next to them carry
//! the meaning, so an icon is `aria-hidden` unless it is given a `label`.
use leptos::prelude::*;

/// The console's icons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    /// Passed, done, succeeded.
    Check,
    /// Failed.
    Cross,
    /// Waiting, retrying.
    Hourglass,
    /// Queued, pending.
    Clock,
    /// Running, active.
    Dot,
    /// In progress.
    Half,
    /// Stopped.
    Square,
    /// Not started yet.
    Circle,
    /// Unknown.
    Question,
    /// Built-in, read-only.
    Lock,
    /// A problem.
    Warning,
    /// A hint, a next step.
    ArrowRight,
    /// Back.
    ArrowLeft,
    /// The brand mark.
    Diamond,
    /// A disclosure.
    ChevronDown,
    /// Close.
    Close,
    /// Full screen.
    Expand,
    /// Leave full screen.
    Compress,
    /// A side panel (session details).
    Panel,
    /// Copy.
    Copy,
    /// Notifications.
    Bell,
    /// The header's menu on a narrow screen.
    Menu,
    /// Bookmarked (filled by the stylesheet when pressed).
    Star,
    ArrowUp,
    ArrowDown,
    /// Rename.
    Pencil,
}

impl IconName {
    /// The icon's name in markup (`data-icon`), for styles and tests.
    pub fn key(self) -> &'static str {
        match self {
            Self::Check => "check",
            Self::Cross => "cross",
            Self::Hourglass => "hourglass",
            Self::Clock => "clock",
            Self::Dot => "dot",
            Self::Half => "half",
            Self::Square => "square",
            Self::Circle => "circle",
            Self::Question => "question",
            Self::Lock => "lock",
            Self::Warning => "warning",
            Self::ArrowRight => "arrow-right",
            Self::ArrowLeft => "arrow-left",
            Self::Diamond => "diamond",
            Self::ChevronDown => "chevron-down",
            Self::Close => "close",
            Self::Expand => "expand",
            Self::Compress => "compress",
            Self::Panel => "panel",
            Self::Copy => "copy",
            Self::Bell => "bell",
            Self::Menu => "menu",
            Self::Star => "star",
            Self::ArrowUp => "arrow-up",
            Self::ArrowDown => "arrow-down",
            Self::Pencil => "pencil",
        }
    }

    /// `(stroked path, filled path)` on a 16 × 16 grid.
    fn paths(self) -> (&'static str, &'static str) {
        const RING: &str = "M8 1.75a6.25 6.25 0 1 0 0 12.5a6.25 6.25 0 1 0 0-12.5z";
        match self {
            Self::Check => ("M3 8.5l3.2 3.2L13 4.8", ""),
            Self::Cross => ("M4 4l8 8M12 4l-8 8", ""),
            Self::Hourglass => (
                "M4 1.75h8M4 14.25h8M5 1.75c0 3.4 6 3.6 6 6.25s-6 2.85-6 6.25M11 1.75c0 3.4-6 3.6-6 6.25s6 2.85 6 6.25",
                "",
            ),
            Self::Clock => (
                "M8 1.75a6.25 6.25 0 1 0 0 12.5a6.25 6.25 0 1 0 0-12.5zM8 4.5V8l2.5 1.6",
                "",
            ),
            Self::Dot => ("", "M8 3.5a4.5 4.5 0 1 0 0 9a4.5 4.5 0 1 0 0-9z"),
            Self::Half => (RING, "M8 1.75a6.25 6.25 0 0 1 0 12.5z"),
            Self::Square => ("", "M3.5 3.5h9v9h-9z"),
            Self::Circle => (RING, ""),
            Self::Question => (
                "M8 1.75a6.25 6.25 0 1 0 0 12.5a6.25 6.25 0 1 0 0-12.5zM6.1 6.2a1.95 1.95 0 1 1 2.7 1.8c-.55.25-.8.6-.8 1.3M8 11.2v.6",
                "",
            ),
            Self::Lock => ("M4 7.25h8v6.5H4zM5.75 7.25V5a2.25 2.25 0 0 1 4.5 0v2.25", ""),
            Self::Warning => ("M8 1.9l6.6 11.85H1.4zM8 6.2v3.6M8 11.6v.5", ""),
            Self::ArrowRight => ("M2.5 8h11M9 3.5L13.5 8 9 12.5", ""),
            Self::ArrowLeft => ("M13.5 8h-11M7 3.5L2.5 8 7 12.5", ""),
            Self::Diamond => ("", "M8 1l7 7-7 7-7-7z"),
            Self::ChevronDown => ("M4 6l4 4 4-4", ""),
            Self::Close => ("M4.5 4.5l7 7M11.5 4.5l-7 7", ""),
            Self::Expand => ("M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4", ""),
            Self::Compress => ("M6 2v4H2M10 2v4h4M14 10h-4v4M2 10h4v4", ""),
            Self::Panel => ("M1.75 2.75h12.5v10.5H1.75zM10 2.75v10.5", ""),
            Self::Copy => ("M5.25 5.25h8v9h-8zM2.75 10.75v-9h8", ""),
            Self::Bell => ("M4 11.25V7a4 4 0 0 1 8 0v4.25l1.25 1.5H2.75zM6.5 14.25h3", ""),
            Self::Menu => ("M2.5 4h11M2.5 8h11M2.5 12h11", ""),
            Self::Star => (
                "M8 1.6l1.95 4.1 4.45.55-3.3 3.05.85 4.45L8 11.55l-3.95 2.2.85-4.45-3.3-3.05 4.45-.55z",
                "",
            ),
            Self::ArrowUp => ("M8 13.5v-11M3.5 7L8 2.5 12.5 7", ""),
            Self::ArrowDown => ("M8 2.5v11M3.5 9L8 13.5 12.5 9", ""),
            Self::Pencil => ("M10.5 2.5l3 3-8 8H2.5v-3z", ""),
        }
    }
}

/// An inline SVG icon, 1em square, in the current text colour. Without `label` it is hidden
/// from assistive technology (the words beside it say the same); with one it is an image with
/// that name.
#[component]
pub fn Icon(
    name: IconName,
    /// The icon's name for screen readers, when no words stand next to it.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let (stroked, filled) = name.paths();
    view! {
        <svg
            class="icon"
            data-icon=name.key()
            viewBox="0 0 16 16"
            width="1em"
            height="1em"
            focusable="false"
            aria-hidden=label.is_none().then_some("true")
            role=label.map(|_| "img")
            aria-label=label
        >
            {(!stroked.is_empty()).then(|| view! {
                <path
                    d=stroked
                    fill="none"
                    stroke="currentColor"
                    stroke-width="1.6"
                    stroke-linecap="round"
                    stroke-linejoin="round"
                />
            })}
            {(!filled.is_empty()).then(|| view! { <path d=filled fill="currentColor"/> })}
        </svg>
    }
}
