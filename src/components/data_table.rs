//! The one table shell of the console's lists (sessions, builds, runs, a workspace's jobs, users):
//! a scrolling wrapper, the table with its test hook, a caption for screen readers, the column
//! headings, and the rows the caller gives.
use leptos::prelude::*;

/// A column heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The heading's words.
    pub label: &'static str,
    /// Read by screen readers only (an actions column whose buttons say what they do).
    pub hidden: bool,
}

impl Column {
    /// A heading that is shown.
    pub const fn shown(label: &'static str) -> Self {
        Self {
            label,
            hidden: false,
        }
    }

    /// A heading for screen readers only.
    pub const fn hidden(label: &'static str) -> Self {
        Self {
            label,
            hidden: true,
        }
    }
}

/// `<div class="table-wrap"><table data-testid=…>` with a visually hidden `<caption>`, one
/// `<th scope="col">` per column and `children` as the body's rows.
#[component]
pub fn DataTable(
    /// The table's `data-testid` (ui.md, "Stable hooks").
    testid: &'static str,
    /// What the table lists, for screen readers (`<caption>`).
    caption: &'static str,
    columns: &'static [Column],
    /// The table's class, if it has one.
    #[prop(optional)]
    class: Option<&'static str>,
    /// A class of the wrapper besides `table-wrap`.
    #[prop(optional)]
    wrap_class: Option<&'static str>,
    /// The rows (`<tr>`s).
    children: Children,
) -> impl IntoView {
    let wrap = match wrap_class {
        Some(extra) => format!("table-wrap {extra}"),
        None => "table-wrap".to_owned(),
    };
    let headings = columns
        .iter()
        .map(|c| {
            let label = if c.hidden {
                view! { <span class="visually-hidden">{c.label}</span> }.into_any()
            } else {
                c.label.into_any()
            };
            view! { <th scope="col">{label}</th> }
        })
        .collect_view();
    view! {
        // A wrapper that may scroll sideways (a narrow screen) is a named region the keyboard
        // reaches and scrolls (WCAG 2.1.1).
        <div class=wrap role="region" aria-label=caption tabindex="0">
            <table data-testid=testid class=class>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
