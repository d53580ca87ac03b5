//! Reviewing a request, as a careful user reads it (issue 47): who decided when their name
//! cannot be read, whether the backend keeps the approver's comment, who may cancel, which
//! statuses the filter offers, where the header's link leads, which notifications a decision
//! answers.
use super::{Request, Status};
use crate::domain::notification::Notification;

/// Who decided a step: the name looked up, else `an approver` (a member may not read other
/// users on CHORUS: an id says nothing to them).
pub fn decider_words(name: Option<&str>) -> String {
    name.map_or_else(|| "an approver".to_owned(), str::to_owned)
}

/// Who may decide a step, in a sentence: the names that could be read, and how many others
/// (`Who may decide: Ada Lovelace (ada) and 2 other approvers.`), never ids.
pub fn who_may_decide(names: &[Option<String>]) -> String {
    if names.is_empty() {
        return "Nobody is named to decide this step.".to_owned();
    }
    let known: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
    let unknown = names.len() - known.len();
    let others = |n: usize, other: &str| match n {
        1 => format!("one {other}approver"),
        n => format!("{n} {other}approvers"),
    };
    let who = match (known.as_slice(), unknown) {
        ([], n) => others(n, ""),
        (k, 0) => and_list(k),
        (k, n) => format!("{} and {}", k.join(", "), others(n, "other ")),
    };
    format!("Who may decide: {who}.")
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Request {
    /// Whether the backend keeps the approver's comment, as this record shows: `Some(true)`
    /// when a decision carries a `comment` (ours, even empty), `Some(false)` when a decision
    /// carries none (CHORUS accepts a comment and keeps nothing of it), `None` before any
    /// decision.
    pub fn comments_kept(&self) -> Option<bool> {
        let mut decisions = self.steps.iter().filter_map(|s| s.decision.as_ref());
        let first = decisions.next()?;
        Some(first.comment.is_some() && decisions.all(|d| d.comment.is_some()))
    }

    /// Whether `user_id` is named to decide one of its steps.
    pub fn names_approver(&self, user_id: &str) -> bool {
        !user_id.is_empty()
            && self
                .steps
                .iter()
                .any(|s| s.approver_ids.iter().any(|a| a == user_id))
    }

    /// Whether the notifications asking `user_id` to decide it are answered: they are named an
    /// approver and nothing is left for them to decide (they decided, someone else did, or it
    /// ended). Those notifications are then marked read.
    pub fn answered_by(&self, user_id: &str) -> bool {
        self.names_approver(user_id) && self.open_steps_for(user_id).is_empty()
    }
}

/// The unread notifications about request `request_id` (`Approval request '…' has been created
/// and is pending your approval.`): marked read once the request is answered.
pub fn notifications_of(list: &[Notification], request_id: &str) -> Vec<String> {
    list.iter()
        .filter(|n| !n.read && n.request_id.as_deref() == Some(request_id))
        .map(|n| n.id.clone())
        .collect()
}

/// Whether the approver is told, before writing, that the backend drops the comment: what this
/// record shows first (`Request::comments_kept`); else what this API origin showed before
/// (`seen_dropped`: a decision without a comment, a session record without this API's
/// extensions); else the permission catalogue (`chorus_catalogue`: CHORUS's names the
/// approval-request permissions, `approveRequest`, and its approval service keeps no comment;
/// ours names none).
pub fn comment_dropped(record: Option<bool>, seen_dropped: bool, chorus_catalogue: bool) -> bool {
    match record {
        Some(kept) => !kept,
        None => seen_dropped || chorus_catalogue,
    }
}

/// Said to the approver above `Comment` where the backend drops it (CHORUS 0978bc77).
pub const COMMENT_NOT_KEPT: &str = "This backend (CHORUS) does not keep the comment: the \
     requester will not read it. If they need to know why, tell them another way.";

/// Said where a requester looks for `Cancel request` and the backend does not let them
/// (CHORUS asks for a permission on the request itself that no workspace role gives).
pub const CANCEL_NOT_OFFERED: &str = "You cannot cancel this request here: this backend (CHORUS) \
     lets only a platform administrator withdraw a request. If it should not go ahead, ask an \
     approver to reject it; nothing leaves the workspace before someone approves it.";

/// The statuses the list's filter offers: those a request can reach. No backend sets
/// `Cancelled` (CHORUS deletes a cancelled request; ours too): offered only while the list is
/// already narrowed to it (a link), so that the filter still says what it shows.
pub fn status_filters(current: Status) -> Vec<Status> {
    let mut out = vec![Status::Pending, Status::Approved, Status::Rejected];
    if current == Status::Cancelled {
        out.push(Status::Cancelled);
    }
    out
}

/// Where the header's `Requests` link leads: `To review` when requests wait for the user's
/// decision (that is what its count counts), else the user's own.
pub fn requests_link(waiting: u64) -> &'static str {
    if waiting > 0 {
        "/requests?tab=review"
    } else {
        "/requests"
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Decision, Kind, Step};
    use super::*;

    fn request(decisions: &[(&str, Option<&str>)]) -> Request {
        Request {
            id: "7".into(),
            requester_id: "5".into(),
            kind: Kind::Transfer,
            status: Status::Pending,
            title: String::new(),
            description: String::new(),
            source_workspace_id: "1".into(),
            destination_workspace_id: Some("2".into()),
            files: Vec::new(),
            steps: ["download", "upload"]
                .iter()
                .enumerate()
                .map(|(i, name)| Step {
                    name: (*name).into(),
                    approver_ids: vec!["1".into()],
                    decision: decisions.get(i).map(|(who, comment)| Decision {
                        approver_id: (*who).into(),
                        at: None,
                        approve: true,
                        comment: comment.map(str::to_owned),
                    }),
                })
                .collect(),
            auto_approved: false,
            approval_message: String::new(),
            created_at: None,
            updated_at: None,
        }
    }

    #[test]
    fn an_unknown_decider_is_an_approver_never_an_id() {
        assert_eq!(decider_words(None), "an approver");
        assert_eq!(decider_words(Some("Ada (ada)")), "Ada (ada)");
        assert_eq!(who_may_decide(&[None]), "Who may decide: one approver.");
        assert_eq!(
            who_may_decide(&[Some("Ada (ada)".into()), None, None]),
            "Who may decide: Ada (ada) and 2 other approvers."
        );
        assert_eq!(
            who_may_decide(&[Some("A".into()), Some("B".into())]),
            "Who may decide: A and B."
        );
        assert_eq!(who_may_decide(&[]), "Nobody is named to decide this step.");
    }

    #[test]
    fn the_record_says_whether_comments_are_kept() {
        assert_eq!(request(&[]).comments_kept(), None);
        // CHORUS: a decision without a `comment`.
        assert_eq!(request(&[("1", None)]).comments_kept(), Some(false));
        // Ours: a `comment`, even empty.
        assert_eq!(request(&[("1", Some(""))]).comments_kept(), Some(true));
        assert_eq!(
            request(&[("1", Some("ok")), ("1", None)]).comments_kept(),
            Some(false)
        );
    }

    #[test]
    fn a_decision_answers_the_approvers_notifications() {
        let pending = request(&[]);
        assert!(!pending.answered_by("1"));
        assert!(!pending.answered_by("5"));
        let mut decided = request(&[("1", None), ("1", None)]);
        assert!(decided.answered_by("1"));
        assert!(!decided.answered_by("5"), "the requester is no approver");
        decided.status = Status::Rejected;
        assert!(decided.answered_by("1"));
        let note = |id: &str, req: Option<&str>, read: bool| Notification {
            id: id.into(),
            message: String::new(),
            created_at: None,
            read,
            refresh_jwt: false,
            request_id: req.map(str::to_owned),
        };
        let list = [
            note("a", Some("7"), false),
            note("b", Some("8"), false),
            note("c", None, false),
            note("d", Some("7"), true),
        ];
        assert_eq!(notifications_of(&list, "7"), vec!["a".to_owned()]);
    }

    #[test]
    fn the_approver_is_told_before_writing_where_the_comment_is_dropped() {
        // A fresh CHORUS: no decision seen yet, its catalogue tells.
        assert!(comment_dropped(None, false, true));
        assert!(comment_dropped(None, true, false));
        // Ours: nothing says it drops them.
        assert!(!comment_dropped(None, false, false));
        // The record's own word first.
        assert!(!comment_dropped(Some(true), true, true));
        assert!(comment_dropped(Some(false), false, false));
    }

    #[test]
    fn cancelled_is_offered_only_where_the_list_is_narrowed_to_it() {
        assert!(!status_filters(Status::Unknown).contains(&Status::Cancelled));
        assert!(!status_filters(Status::Pending).contains(&Status::Cancelled));
        assert!(status_filters(Status::Cancelled).contains(&Status::Cancelled));
        assert_eq!(status_filters(Status::Unknown).len(), 3);
    }

    #[test]
    fn the_header_link_opens_where_the_count_is() {
        assert_eq!(requests_link(3), "/requests?tab=review");
        assert_eq!(requests_link(0), "/requests");
    }
}
