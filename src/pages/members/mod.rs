//! `/workspaces/:workspaceId/members` (ui.md, "members"): every member with their roles in this
//! workspace, by username, paged; for those who may manage them, `Add member` (find a person,
//! pick a workspace role), a role select and `Remove <username>` on each row. The route of each
//! change is the one CHORUS accepts from this caller (`domain::members::member_route`); a refusal is said in
//! words, naming who can give the role. No call that stops CHORUS is ever sent
//! (`domain/members.rs`): a role is taken through the user route whenever the caller may
//! (`domain::members::take_route`); `Remove` is offered only so, and elsewhere the page says who can remove a
//! member and where; the workspace route takes a role only while the member, read again past
//! CHORUS's user cache, keeps another here.
//!
//! The parts: `page.rs` (the page and its table), `ctx.rs` (what the parts share, and the calls
//! of a change), `actions.rs` (a row's role select and `Remove`), `add.rs` (`Add member`).
mod actions;
mod add;
mod ctx;
mod page;

pub(crate) use page::MembersPage;
