//! [`Markdown`]: markdown text (the terms of use) as elements, through the tree of
//! [`crate::domain::markdown`]: every piece of text is a text node (never `inner_html`), raw
//! HTML in the text shows as what it is, and a link (only `http:`, `https:`, `mailto:`) opens
//! outside the app, in a new tab that cannot reach back to the console.
use crate::components::live::live;
use leptos::prelude::*;

// Only the split build's view has a handler (`LazyMarkdown`'s `Try again`).
#[cfg(console_split)]
use crate::components::on::OnAttribute;
use crate::domain::markdown::{parse, Node};

/// Renders `text` (markdown) into a `<div class="markdown">`. Headings start at `<h2>` (`#`),
/// below the page's own `<h1>`; set `first_heading` to start elsewhere. The text may change
/// (a live preview): the tree is parsed again each time.
#[component]
pub fn Markdown(
    /// The markdown text.
    #[prop(into)]
    text: Signal<String>,
    /// The heading level of `#` (1–6; default 2).
    #[prop(optional)]
    first_heading: Option<u8>,
) -> impl IntoView {
    let shift = first_heading.unwrap_or(2).clamp(1, 6) - 1;
    view! {
        <div class="markdown">{live(move || text.with(|t| render_all(&parse(t), shift)))}</div>
    }
}

fn render_all(nodes: &[Node], shift: u8) -> Vec<AnyView> {
    nodes.iter().map(|n| render(n, shift)).collect()
}

/// One node as elements. The tree is at most `MAX_DEPTH + 2` deep (`domain::markdown`), so
/// this recursion is bounded whatever the text.
fn render(node: &Node, shift: u8) -> AnyView {
    match node {
        Node::Heading { level, children } => {
            let c = render_all(children, shift);
            match level.saturating_add(shift).clamp(1, 6) {
                1 => view! { <h1>{c}</h1> }.into_any(),
                2 => view! { <h2>{c}</h2> }.into_any(),
                3 => view! { <h3>{c}</h3> }.into_any(),
                4 => view! { <h4>{c}</h4> }.into_any(),
                5 => view! { <h5>{c}</h5> }.into_any(),
                _ => view! { <h6>{c}</h6> }.into_any(),
            }
        }
        Node::Paragraph(children) => view! { <p>{render_all(children, shift)}</p> }.into_any(),
        Node::List { start, items } => {
            let items: Vec<AnyView> = items
                .iter()
                .map(|item| view! { <li>{render_all(item, shift)}</li> }.into_any())
                .collect();
            match start {
                None => view! { <ul>{items}</ul> }.into_any(),
                Some(n) => {
                    let start = (*n != 1).then(|| n.to_string());
                    view! { <ol start=start>{items}</ol> }.into_any()
                }
            }
        }
        Node::BlockQuote(children) => {
            view! { <blockquote>{render_all(children, shift)}</blockquote> }.into_any()
        }
        Node::CodeBlock(text) => view! { <pre><code>{text.clone()}</code></pre> }.into_any(),
        Node::Rule => view! { <hr/> }.into_any(),
        Node::Emphasis(children) => view! { <em>{render_all(children, shift)}</em> }.into_any(),
        Node::Strong(children) => {
            view! { <strong>{render_all(children, shift)}</strong> }.into_any()
        }
        Node::Strikethrough(children) => view! { <s>{render_all(children, shift)}</s> }.into_any(),
        Node::Code(text) => view! { <code>{text.clone()}</code> }.into_any(),
        Node::Link { href, children } => view! {
            <a href=href.clone() target="_blank" rel="noopener noreferrer">
                {render_all(children, shift)}
            </a>
        }
        .into_any(),
        Node::Text(text) => text.clone().into_any(),
        Node::LineBreak => view! { <br/> }.into_any(),
    }
}

/// The loaded renderer of [`LazyMarkdown`]: [`Markdown`] with its level of `#`.
#[cfg(console_split)]
type Renderer = fn(Signal<String>, u8) -> AnyView;

/// [`Markdown`] from a chunk of its own (`markdown`, release build): for a page where markdown
/// is an extra, so that the page does not wait for the parser (`domain/markdown/` and its
/// tree: about 16 KB gzip of the unsplit release; pulldown-cmark's was 67 KB: issue 58). A
/// workspace's `About` text: nothing shows until it is in, and a chunk that does not come
/// leaves the text out. A live preview beside a form (`preview`: the terms versions, a
/// workspace's about text): a loading line while it comes, and when it does not, an alert that
/// says so with `Try again` (the text being written is the form's, and stays). Elsewhere (debug
/// builds, tests) it is [`Markdown`] itself.
#[component]
pub fn LazyMarkdown(
    /// The markdown text.
    #[prop(into)]
    text: Signal<String>,
    /// The heading level of `#` (1–6).
    first_heading: u8,
    /// A preview: say that it loads, or that it did not come.
    #[prop(optional)]
    preview: bool,
) -> impl IntoView {
    #[cfg(console_split)]
    {
        let renderer = crate::state::resource(markdown_renderer);
        live(move || match renderer.get() {
            Some(Ok(render)) => render(text, first_heading),
            None if preview => view! {
                <crate::components::loading::Loading label="Loading the preview…"/>
            }
            .into_any(),
            Some(Err(_)) if preview => view! {
                <div class="alert alert-error" role="alert" data-testid="preview-error">
                    <p>"The preview could not be loaded. Check your connection, then try again."</p>
                    <button type="button" class="btn" on:click=move |_| renderer.refetch()>
                        "Try again"
                    </button>
                </div>
            }
            .into_any(),
            _ => ().into_any(),
        })
    }
    #[cfg(not(console_split))]
    {
        let _ = preview;
        render_markdown(text, first_heading)
    }
}

fn render_markdown(text: Signal<String>, first_heading: u8) -> AnyView {
    view! { <Markdown text=text first_heading=first_heading/> }.into_any()
}

#[cfg(console_split)]
#[leptos::wasm_split::wasm_split(markdown, fallible, wasm_split_path = ::leptos::wasm_split)]
fn markdown_renderer() -> Result<Renderer, leptos::wasm_split::SplitLoaderError> {
    Ok(render_markdown)
}
