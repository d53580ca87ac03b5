//! Data requests, the airlock (api.md, "Approval-request service"; ui.md "new request",
//! "requests", "request page"): what leaves a workspace (an extraction) or moves to another (a
//! transfer) only once its approvers said yes, step by step. The record, its statuses and steps
//! in words, and who may do what with it.
use crate::domain::wire_word;

mod review;
pub use review::{
    comment_dropped, decider_words, notifications_of, requests_link, status_filters,
    who_may_decide, CANCEL_NOT_OFFERED, COMMENT_NOT_KEPT,
};

/// What a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Take files out of the platform (step `download`).
    Extraction,
    /// Copy files into another workspace (steps `download` and `upload`).
    Transfer,
    Unknown,
}

impl Kind {
    /// `APPROVAL_REQUEST_TYPE_DATA_EXTRACTION` (or `data_extraction`, any case) → `Extraction`.
    pub fn from_wire(s: &str) -> Self {
        match wire_word(s).as_str() {
            "data_extraction" | "extraction" => Self::Extraction,
            "data_transfer" | "transfer" => Self::Transfer,
            _ => Self::Unknown,
        }
    }

    /// `Extraction`, `Transfer` (ui.md, "requests").
    pub fn words(self) -> &'static str {
        match self {
            Self::Extraction => "Extraction",
            Self::Transfer => "Transfer",
            Self::Unknown => "Request of an unknown kind",
        }
    }
}

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Rejected,
    Cancelled,
    Unknown,
}

impl Status {
    /// `APPROVAL_REQUEST_STATUS_PENDING` (or `pending`, any case) → `Pending`.
    pub fn from_wire(s: &str) -> Self {
        match wire_word(s).as_str() {
            "pending" => Self::Pending,
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            "cancelled" | "canceled" => Self::Cancelled,
            _ => Self::Unknown,
        }
    }

    /// The `data-status` value (ui.md): `pending|approved|rejected|cancelled` (`unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::Unknown => "unknown",
        }
    }

    /// The status in words.
    pub fn words(self) -> &'static str {
        match self {
            Self::Pending => "Waiting for approval",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Cancelled => "Cancelled",
            Self::Unknown => "Status unknown",
        }
    }

    /// The wire name for a filter (`filter.statusesIn`).
    pub fn wire(self) -> Option<&'static str> {
        match self {
            Self::Pending => Some("APPROVAL_REQUEST_STATUS_PENDING"),
            Self::Approved => Some("APPROVAL_REQUEST_STATUS_APPROVED"),
            Self::Rejected => Some("APPROVAL_REQUEST_STATUS_REJECTED"),
            Self::Cancelled => Some("APPROVAL_REQUEST_STATUS_CANCELLED"),
            Self::Unknown => None,
        }
    }
}

/// One file of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestFile {
    /// The path in the source workspace, `/<store>/…`, as the backend keeps it.
    pub source_path: String,
    pub size: u64,
}

/// A step's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub approver_id: String,
    pub at: Option<String>,
    pub approve: bool,
    /// What the approver wrote: `None` when the backend sent no `comment` (CHORUS keeps none),
    /// `Some("")` when it keeps comments and none was written (ours).
    pub comment: Option<String>,
}

/// One approval step (`download`, `upload`): who may decide it and what was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub approver_ids: Vec<String>,
    pub decision: Option<Decision>,
}

/// A step's state, as `data-status` says it (ui.md, "request page").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    Waiting,
    Approved,
    Rejected,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
        }
    }
}

impl Step {
    pub fn state(&self) -> StepState {
        match &self.decision {
            None => StepState::Waiting,
            Some(d) if d.approve => StepState::Approved,
            Some(_) => StepState::Rejected,
        }
    }

    /// The step in words: `Leave the workspace` (download), `Enter the destination` (upload).
    pub fn label(&self) -> String {
        match self.name.as_str() {
            "download" => "Files leave the source workspace".to_owned(),
            "upload" => "Files enter the destination workspace".to_owned(),
            other => format!("Step {other}"),
        }
    }
}

/// One data request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub id: String,
    pub requester_id: String,
    pub kind: Kind,
    pub status: Status,
    pub title: String,
    pub description: String,
    pub source_workspace_id: String,
    /// A transfer's destination.
    pub destination_workspace_id: Option<String>,
    pub files: Vec<RequestFile>,
    /// In order: `download` first, then `upload`, then any other.
    pub steps: Vec<Step>,
    pub auto_approved: bool,
    pub approval_message: String,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// The order of the steps: `download`, `upload`, then others by name.
pub fn step_rank(name: &str) -> (u8, String) {
    match name {
        "download" => (0, String::new()),
        "upload" => (1, String::new()),
        other => (2, other.to_owned()),
    }
}

impl Request {
    pub fn total_size(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }

    /// The steps `user_id` may still decide: undecided, with the user among their approvers,
    /// while the request waits.
    pub fn open_steps_for(&self, user_id: &str) -> Vec<&Step> {
        if self.status != Status::Pending || user_id.is_empty() {
            return Vec::new();
        }
        self.steps
            .iter()
            .filter(|s| s.decision.is_none() && s.approver_ids.iter().any(|a| a == user_id))
            .collect()
    }

    pub fn is_requester(&self, user_id: &str) -> bool {
        !user_id.is_empty() && self.requester_id == user_id
    }

    /// The requester may take the approved files out: an approved extraction.
    pub fn downloadable_by(&self, user_id: &str) -> bool {
        self.is_requester(user_id)
            && self.kind == Kind::Extraction
            && self.status == Status::Approved
    }

    /// Every user id the page names (requester, approvers, deciders), once each.
    pub fn people(&self) -> Vec<String> {
        let mut out = vec![self.requester_id.clone()];
        for s in &self.steps {
            out.extend(s.approver_ids.iter().cloned());
            if let Some(d) = &s.decision {
                out.push(d.approver_id.clone());
            }
        }
        out.retain(|id| !id.is_empty());
        let mut seen = Vec::new();
        out.retain(|id| {
            if seen.contains(id) {
                false
            } else {
                seen.push(id.clone());
                true
            }
        });
        out
    }

    /// The workspaces the request names (source, then destination).
    pub fn workspaces(&self) -> Vec<String> {
        let mut out = vec![self.source_workspace_id.clone()];
        if let Some(d) = &self.destination_workspace_id {
            out.push(d.clone());
        }
        out.retain(|w| !w.is_empty());
        out
    }

    /// What happened, in one sentence for the page's status line.
    pub fn outcome_words(&self) -> String {
        match (self.status, self.kind) {
            (Status::Pending, _) => {
                let waiting = self.steps.iter().filter(|s| s.decision.is_none()).count();
                match waiting {
                    0 => "Waiting for approval.".to_owned(),
                    1 => "Waiting for one approval step.".to_owned(),
                    n => format!("Waiting for {n} approval steps."),
                }
            }
            (Status::Approved, _) if self.auto_approved => {
                if self.approval_message.trim().is_empty() {
                    "Approved at once: you may approve it yourself.".to_owned()
                } else {
                    format!("Approved at once. {}", self.approval_message.trim())
                }
            }
            (Status::Approved, Kind::Extraction) => {
                "Approved: the files can be downloaded.".to_owned()
            }
            (Status::Approved, Kind::Transfer) => {
                "Approved: the files were copied into the destination workspace.".to_owned()
            }
            (Status::Approved, Kind::Unknown) => "Approved.".to_owned(),
            (Status::Rejected, _) => "Rejected: nothing leaves the workspace.".to_owned(),
            (Status::Cancelled, _) => "Cancelled by the requester.".to_owned(),
            (Status::Unknown, _) => {
                "The backend reports a status this console does not know.".to_owned()
            }
        }
    }
}

/// Problems with a new request before it is sent, in words (empty: none).
pub fn new_request_problems(
    title: &str,
    files: &[(String, bool)],
    transfer: bool,
    destination: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    if title.trim().is_empty() {
        out.push("A title is needed.".to_owned());
    } else if title.chars().count() > MAX_TITLE {
        out.push(format!("The title is longer than {MAX_TITLE} characters."));
    } else if let Some(p) = crate::domain::text::bidi_problem_in("A title", title) {
        out.push(p);
    }
    if files.is_empty() {
        out.push("Select at least one file.".to_owned());
    }
    let folders: Vec<std::borrow::Cow<str>> = files
        .iter()
        .filter(|(_, folder)| *folder)
        .map(|(p, _)| crate::domain::text::shown(p))
        .collect();
    if !folders.is_empty() {
        out.push(format!(
            "Folders cannot be requested, only files: {}. Select the files inside instead.",
            folders.join(", ")
        ));
    }
    if transfer && destination.trim().is_empty() {
        out.push("Choose the workspace the files go to.".to_owned());
    }
    out
}

/// The largest file a reviewer may preview on the request's page (it comes whole, base64 in JSON).
pub const PREVIEW_MAX_BYTES: u64 = 64 * 1024;

/// File name endings read as text for a preview (lower case, without the dot).
const TEXT_ENDINGS: &[&str] = &[
    "txt", "csv", "tsv", "md", "json", "log", "yaml", "yml", "xml", "ini", "cfg", "conf", "toml",
    "py", "r", "rmd", "sql", "sh", "do", "sas", "m", "jl", "ipynb", "html", "tex", "bib",
];

/// Whether the request's page offers a preview of the file at `path` of `size` bytes: a small
/// file whose name says it is text.
pub fn previewable(path: &str, size: u64) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let ending = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => return false,
    };
    size <= PREVIEW_MAX_BYTES && TEXT_ENDINGS.contains(&ending.as_str())
}

/// A file's bytes as the text a preview shows, or why it cannot be shown: a NUL byte or bytes
/// that are not UTF-8 mean it is not text, whatever its name says.
pub fn preview_text(bytes: &[u8]) -> Result<String, &'static str> {
    if bytes.len() as u64 > PREVIEW_MAX_BYTES {
        return Err("It is too large to preview here.");
    }
    if bytes.contains(&0) {
        return Err("It is not text (it holds binary data).");
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "It is not UTF-8 text.")?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_owned())
}

impl Request {
    /// Whether `user_id`, who may (`may_read_source`) or may not download from the source
    /// workspace, is offered previews of its files: a reviewer of an extraction (CHORUS lets
    /// who may download from the source read its files at any status; transfers have no
    /// readable files). The requester is not: the request is the airlock.
    pub fn previewable_by(&self, user_id: &str, may_read_source: bool) -> bool {
        may_read_source
            && self.kind == Kind::Extraction
            && !user_id.is_empty()
            && !self.is_requester(user_id)
    }
}

/// The longest title the form takes (CHORUS keeps text; a page title is a line).
pub const MAX_TITLE: usize = 200;

/// What a refusal of a request call means, in words (`message` as the backend wrote it).
pub fn refusal_words(status: Option<u16>, message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    Some(match status? {
        400 if m.contains("not pending") => {
            "It was decided meanwhile (by another approver, or cancelled): the page now shows how it stands."
        }
        400 if m.contains("data manager") => {
            "Nobody can approve it yet: the workspace has no data manager. Ask its administrator to name one."
        }
        400 if m.contains("no users with approval") => {
            "Nobody can approve it yet: nobody may approve requests of this workspace."
        }
        403 if m.contains("deleterequest") || m.contains("delete this request") => {
            "You may not cancel this request."
        }
        403 if m.contains("approve any pending step") => {
            "You may not decide any step that is still open (another approver may have decided it)."
        }
        403 if m.contains("not approved") => "The request is not approved: nothing can be downloaded yet.",
        403 if m.contains("createrequest") => "You may not ask for data requests in this workspace.",
        403 => "You may not do this.",
        404 => "The request (or the file) is not there any more.",
        409 => "Someone else changed it at the same moment: look again.",
        500 if m.contains("unable to get file") => {
            "A selected file could not be read: it may have been deleted or moved meanwhile. Reload the folder and select again."
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_text_files_are_previewed_and_others_not() {
        assert!(previewable("/disk/raw/measurements.csv", 120));
        assert!(previewable("/disk/README.MD", PREVIEW_MAX_BYTES));
        assert!(!previewable("/disk/big.csv", PREVIEW_MAX_BYTES + 1));
        assert!(!previewable("/disk/scan.png", 10));
        assert!(!previewable("/disk/.csv", 10));
        assert!(!previewable("/disk/Makefile", 10));
        assert!(!previewable("", 0));
    }

    #[test]
    fn a_preview_shows_text_and_refuses_what_is_not() {
        assert_eq!(preview_text(b"a,b\n1,2\n").as_deref(), Ok("a,b\n1,2\n"));
        assert_eq!(preview_text("\u{feff}x".as_bytes()).as_deref(), Ok("x"));
        assert_eq!(preview_text(b"").as_deref(), Ok(""));
        assert!(preview_text(b"PNG\0\x01").is_err());
        assert!(preview_text(&[0xff, 0xfe, 0x41]).is_err());
        assert!(preview_text(&vec![b'a'; PREVIEW_MAX_BYTES as usize + 1]).is_err());
    }

    #[test]
    fn previews_are_for_reviewers_of_an_extraction() {
        let mut r = req(Status::Pending, Vec::new());
        r.kind = Kind::Extraction;
        r.requester_id = "5".into();
        assert!(r.previewable_by("9", true));
        assert!(!r.previewable_by("9", false));
        assert!(!r.previewable_by("5", true));
        assert!(!r.previewable_by("", true));
        r.kind = Kind::Transfer;
        assert!(!r.previewable_by("9", true));
    }

    fn req(status: Status, steps: Vec<Step>) -> Request {
        Request {
            id: "7".into(),
            requester_id: "5".into(),
            kind: Kind::Extraction,
            status,
            title: "t".into(),
            description: String::new(),
            source_workspace_id: "3".into(),
            destination_workspace_id: None,
            files: vec![
                RequestFile {
                    source_path: "/disk/a.csv".into(),
                    size: 120,
                },
                RequestFile {
                    source_path: "/disk/b.csv".into(),
                    size: 30,
                },
            ],
            steps,
            auto_approved: false,
            approval_message: String::new(),
            created_at: None,
            updated_at: None,
        }
    }

    fn step(name: &str, ids: &[&str], decision: Option<(&str, bool)>) -> Step {
        Step {
            name: name.into(),
            approver_ids: ids.iter().map(|s| s.to_string()).collect(),
            decision: decision.map(|(who, approve)| Decision {
                approver_id: who.into(),
                at: None,
                approve,
                comment: None,
            }),
        }
    }

    #[test]
    fn enums_read_every_spelling_and_unknown_ones() {
        assert_eq!(
            Kind::from_wire("APPROVAL_REQUEST_TYPE_DATA_EXTRACTION"),
            Kind::Extraction
        );
        assert_eq!(Kind::from_wire("data_transfer"), Kind::Transfer);
        assert_eq!(Kind::from_wire("APPROVAL_REQUEST_TYPE_X"), Kind::Unknown);
        assert_eq!(
            Status::from_wire("APPROVAL_REQUEST_STATUS_REJECTED"),
            Status::Rejected
        );
        assert_eq!(Status::from_wire(" Pending "), Status::Pending);
        assert_eq!(Status::from_wire("<b>"), Status::Unknown);
        assert_eq!(Status::Unknown.wire(), None);
    }

    #[test]
    fn open_steps_are_undecided_ones_listing_the_user_while_pending() {
        let r = req(
            Status::Pending,
            vec![
                step("download", &["9", "11"], Some(("9", true))),
                step("upload", &["11"], None),
            ],
        );
        assert!(r.open_steps_for("9").is_empty());
        assert_eq!(r.open_steps_for("11").len(), 1);
        assert!(r.open_steps_for("").is_empty());
        let decided = Request {
            status: Status::Rejected,
            ..r
        };
        assert!(decided.open_steps_for("11").is_empty());
    }

    #[test]
    fn only_the_requester_downloads_an_approved_extraction() {
        let r = req(Status::Approved, vec![]);
        assert!(r.downloadable_by("5"));
        assert!(!r.downloadable_by("9"));
        assert!(!req(Status::Pending, vec![]).downloadable_by("5"));
        let t = Request {
            kind: Kind::Transfer,
            ..r
        };
        assert!(!t.downloadable_by("5"));
    }

    #[test]
    fn people_are_named_once_each() {
        let r = req(
            Status::Pending,
            vec![
                step("download", &["9", "5"], Some(("9", false))),
                step("upload", &["9"], None),
            ],
        );
        assert_eq!(r.people(), vec!["5", "9"]);
        assert_eq!(r.total_size(), 150);
    }

    #[test]
    fn steps_say_their_state() {
        assert_eq!(step("download", &[], None).state(), StepState::Waiting);
        assert_eq!(
            step("download", &[], Some(("1", true))).state().as_str(),
            "approved"
        );
        assert_eq!(
            step("download", &[], Some(("1", false))).state(),
            StepState::Rejected
        );
        assert!(step_rank("download") < step_rank("upload"));
        assert!(step_rank("upload") < step_rank("zzz"));
    }

    #[test]
    fn a_new_request_is_checked_before_it_is_sent() {
        let files = vec![("/disk/a.csv".to_owned(), false)];
        assert!(new_request_problems("Results", &files, false, "").is_empty());
        assert_eq!(new_request_problems("  ", &files, false, "").len(), 1);
        assert_eq!(new_request_problems("R", &[], false, "").len(), 1);
        let with_folder = vec![("/disk/raw/".to_owned(), true)];
        let p = new_request_problems("R", &with_folder, false, "");
        assert!(p[0].contains("/disk/raw/"), "{p:?}");
        assert_eq!(new_request_problems("R", &files, true, "").len(), 1);
        let long = "x".repeat(MAX_TITLE + 1);
        assert_eq!(new_request_problems(&long, &files, false, "").len(), 1);
        // A title that would read as something else is refused in words; a folder's path in a
        // problem shows its controls as markers.
        let p = new_request_problems("counts\u{202e}xslx", &files, false, "");
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with("A title cannot contain invisible characters"),
            "{p:?}"
        );
        assert!(new_request_problems("تقرير 2024", &files, false, "").is_empty());
        let odd_folder = vec![("/disk/r\u{202e}aw/".to_owned(), true)];
        let p = new_request_problems("R", &odd_folder, false, "");
        assert!(p[0].contains("/disk/r<U+202E>aw/"), "{p:?}");
    }

    #[test]
    fn refusals_are_said_in_words() {
        assert!(refusal_words(Some(400), "Request is not pending approval")
            .unwrap()
            .contains("decided meanwhile"));
        assert!(refusal_words(Some(400), "No workspace data manager found for this workspace; please assign a data manager before creating approval requests").unwrap().contains("data manager"));
        assert!(
            refusal_words(Some(403), "required permission: deleteRequest@request=5")
                .unwrap()
                .contains("cancel")
        );
        assert!(refusal_words(
            Some(500),
            "Unable to get file with content at path /disk/x.csv"
        )
        .unwrap()
        .contains("deleted"));
        assert_eq!(refusal_words(Some(500), "boom"), None);
        assert_eq!(refusal_words(None, "offline"), None);
    }

    #[test]
    fn outcomes_are_sentences() {
        let r = req(Status::Pending, vec![step("download", &["9"], None)]);
        assert_eq!(r.outcome_words(), "Waiting for one approval step.");
        let auto = Request {
            status: Status::Approved,
            auto_approved: true,
            approval_message: "Auto-approved: requester has permission".into(),
            ..r.clone()
        };
        assert!(auto.outcome_words().contains("Auto-approved"));
        assert!(Request {
            status: Status::Rejected,
            ..r
        }
        .outcome_words()
        .starts_with("Rejected"));
    }
}
