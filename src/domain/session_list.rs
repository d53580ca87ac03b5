//! The list of every session a user can see (`/sessions`) and the home page's recent ones: the
//! search over session, workspace and app names, the app names of each session (from the one
//! list of app instances), and the user's most recent sessions.
use std::collections::HashMap;

use super::tabs::{App, AppInstance};
use super::workbench::{K8sWorkbenchStatus, Phase, ServerPodStatus, Workbench};

/// A session its user stopped, or is stopping, as a list says it (`(token, words)`):
/// `("stopped", "Stopped")` or `("stopping", "Stopping")`, whatever its `k8sStatus` (`""` once
/// stopped, `Progressing` while stopping); `None` for any other session, a failed one included.
///
/// CHORUS sends no phase: a session of its whose deployment is gone (`k8sStatus` `""`) and whose
/// desktop server says `Terminated` is stopped (what it sends after a stop: serverPodMessage
/// `Session stopped by user (exit code 143)`).
pub fn stop_state(wb: &Workbench) -> Option<(&'static str, &'static str)> {
    if wb.is_failed() {
        return None;
    }
    if !wb.reports_extensions()
        && wb.k8s_status == K8sWorkbenchStatus::Unreported
        && wb.server_pod_status == ServerPodStatus::Terminated
    {
        return Some(("stopped", "Stopped"));
    }
    match wb.effective_phase() {
        Phase::Stopped => Some(("stopped", "Stopped")),
        Phase::Stopping => Some(("stopping", "Stopping")),
        _ => None,
    }
}

/// The app names of each session (by session id), from the app instances the user can see:
/// an instance's own `appName`, else the catalogue's name of its `appId`. Each name once per
/// session.
pub fn app_names_by_session(
    instances: &[AppInstance],
    catalogue: &[App],
) -> HashMap<String, Vec<String>> {
    let by_id: HashMap<&str, &str> = catalogue
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for i in instances {
        if i.status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("deleted"))
        {
            continue;
        }
        let name = match i.app_name.trim() {
            "" => by_id.get(i.app_id.as_str()).copied().unwrap_or("").trim(),
            n => n,
        };
        if name.is_empty() {
            continue;
        }
        let names = out.entry(i.workbench_id.clone()).or_default();
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    out
}

/// What a query is matched against for one session.
pub struct Searchable<'a> {
    pub session: &'a str,
    pub workspace: &'a str,
    pub apps: &'a [String],
}

/// The query as matched: trimmed, lower case; every word must be found (in any of the names).
pub fn query_words(q: &str) -> Vec<String> {
    q.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether every word of the query is in the session's name, its workspace's name or the name
/// of one of its apps (no words: every session).
pub fn matches(words: &[String], s: &Searchable<'_>) -> bool {
    if words.is_empty() {
        return true;
    }
    let hay: Vec<String> = [s.session, s.workspace]
        .into_iter()
        .chain(s.apps.iter().map(String::as_str))
        .map(str::to_lowercase)
        .collect();
    words
        .iter()
        .all(|w| hay.iter().any(|h| h.contains(w.as_str())))
}

/// The user's `n` most recent sessions (the list is newest first): their own (`userId` = `me`);
/// every session when the user is not known yet.
pub fn recent<'a>(sessions: &'a [Workbench], me: &str, n: usize) -> Vec<&'a Workbench> {
    sessions
        .iter()
        .filter(|w| !w.is_deleted() && (me.is_empty() || w.user_id == me))
        .take(n)
        .collect()
}

/// Longest session name accepted (the dev server's limit, as the workspace page's form).
pub const MAX_NAME_CHARS: usize = 128;

/// A session name as sent: trimmed; `Err` says in words what is wrong (empty, too long, or a
/// bidirectional control that would make it read as something else).
pub fn check_name(name: &str) -> Result<String, String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("Enter a name for the session.".to_owned());
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "The name is too long: at most {MAX_NAME_CHARS} characters."
        ));
    }
    if let Some(p) = super::text::bidi_problem_in("The name", trimmed) {
        return Err(p);
    }
    Ok(trimmed.to_owned())
}

/// A description as sent: trimmed; `Err` when it holds a bidirectional control.
pub fn check_description(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    match super::text::bidi_problem_in("The description", trimmed) {
        Some(p) => Err(p),
        None => Ok(trimmed.to_owned()),
    }
}

/// What `Edit session` changes of a session (its name and description, which `PUT /workbenches`
/// replaces), for the no-lost-update rule ([`super::three_way`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionText {
    pub name: String,
    pub description: String,
}

impl SessionText {
    pub fn of(w: &Workbench) -> Self {
        Self {
            name: w.name.clone(),
            description: w.description.clone().unwrap_or_default(),
        }
    }
}

impl super::three_way::Fielded for SessionText {
    fn fields(&self) -> Vec<super::three_way::Field> {
        use super::three_way::Field as F;
        vec![
            F::new("name", "Session name", self.name.trim()),
            F::new("description", "Description", self.description.trim()),
        ]
    }

    fn take_field(&mut self, key: &str, from: &Self) {
        match key {
            "name" => self.name = from.name.clone(),
            "description" => self.description = from.description.clone(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_session_reads_stopped_not_unknown() {
        // As this API's extension reports one: phase Stopped, k8sStatus "" (issue 56).
        let mut wb = Workbench {
            phase: Some(Phase::Stopped),
            k8s_status: K8sWorkbenchStatus::Unreported,
            ..Default::default()
        };
        assert_eq!(stop_state(&wb), Some(("stopped", "Stopped")));
        wb.phase = Some(Phase::Stopping);
        wb.k8s_status = K8sWorkbenchStatus::Progressing;
        assert_eq!(stop_state(&wb), Some(("stopping", "Stopping")));
        wb.phase = Some(Phase::Running);
        assert_eq!(stop_state(&wb), None);
        wb.phase = Some(Phase::Stopped);
        wb.k8s_status = K8sWorkbenchStatus::Failed;
        assert_eq!(stop_state(&wb), None, "a failed session is said failed");
        // CHORUS sends no phase: nothing to say, unless its desktop server is Terminated with
        // the deployment gone (what CHORUS sends after a stop).
        wb.phase = None;
        wb.k8s_status = K8sWorkbenchStatus::Unreported;
        assert_eq!(stop_state(&wb), None);
        wb.server_pod_status = ServerPodStatus::Terminated;
        assert_eq!(stop_state(&wb), Some(("stopped", "Stopped")));
        wb.k8s_status = K8sWorkbenchStatus::Running;
        assert_eq!(stop_state(&wb), None, "still deployed: not stopped");
    }

    fn inst(wb: &str, app_id: &str, name: &str, status: Option<&str>) -> AppInstance {
        AppInstance {
            id: format!("{wb}-{app_id}"),
            workbench_id: wb.into(),
            app_id: app_id.into(),
            app_name: name.into(),
            status: status.map(str::to_owned),
            ..Default::default()
        }
    }

    fn app(id: &str, name: &str) -> App {
        App {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn app_names_come_from_instances_or_the_catalogue() {
        let names = app_names_by_session(
            &[
                inst("1", "a", "JupyterLab", None),
                inst("1", "a", "JupyterLab", Some("active")),
                inst("1", "b", "", None),
                inst("2", "c", "", None),
                inst("3", "a", "Old", Some("deleted")),
            ],
            &[app("b", "RStudio"), app("x", "Other")],
        );
        assert_eq!(names["1"], vec!["JupyterLab", "RStudio"]);
        assert!(!names.contains_key("2"));
        assert!(!names.contains_key("3"));
    }

    #[test]
    fn search_finds_by_session_workspace_or_app() {
        let apps = vec!["JupyterLab".to_owned()];
        let s = Searchable {
            session: "Analysis 1",
            workspace: "Genomics",
            apps: &apps,
        };
        for (q, hit) in [
            ("", true),
            ("  ", true),
            ("analysis", true),
            ("GENOM", true),
            ("jupyter", true),
            ("jupyter genomics", true),
            ("jupyter demo", false),
            ("rstudio", false),
        ] {
            assert_eq!(matches(&query_words(q), &s), hit, "{q}");
        }
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(check_name("  Analysis ").as_deref(), Ok("Analysis"));
        assert!(check_name(" ").is_err());
        assert!(check_name(&"x".repeat(129)).is_err());
        assert!(check_name("a\u{202e}b").is_err());
        assert_eq!(check_description(" d ").as_deref(), Ok("d"));
        assert_eq!(check_description("").as_deref(), Ok(""));
        assert!(check_description("x\u{2066}").is_err());
    }

    #[test]
    fn recent_are_the_users_own_newest_first() {
        let wb = |id: &str, user: &str| Workbench {
            id: id.into(),
            user_id: user.into(),
            ..Default::default()
        };
        let list = [wb("5", "1"), wb("4", "2"), wb("3", "1"), wb("2", "1")];
        let ids = |v: Vec<&Workbench>| v.iter().map(|w| w.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(recent(&list, "1", 2)), vec!["5", "3"]);
        assert_eq!(ids(recent(&list, "", 2)), vec!["5", "4"]);
        assert!(recent(&list, "9", 2).is_empty());
    }
}
