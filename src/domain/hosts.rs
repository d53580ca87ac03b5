//! A workspace's allowed hosts (CHORUS `allowedFqdns`, api.md "Workspace settings beyond name…"):
//! what the settings page's `Allowed hosts` textarea takes, one host name per line, each checked
//! before anything is sent (CHORUS checks none of them and its operator gets them as they come).
//!
//! The rule: a line is a fully qualified host name (`pypi.org`, `files.example.org`): at least
//! two dot-separated parts of letters, digits and hyphens, none empty, none longer than 63
//! characters, none starting or ending with a hyphen, the last one not a number, 253
//! characters at most, ASCII (an international name in its `xn--` form). Letters are taken in
//! any case and sent in lower case (host names are not case-sensitive). Empty lines and spaces
//! around a name are ignored.
//!
//! Refused, each with the line and why: a space inside a line (two names on one line), a
//! wildcard (`*.example.org`: the field is CHORUS's list of FQDNs, which a wildcard is not, and
//! nothing in CHORUS 0978bc77 says its operator would read one as a pattern rather than a
//! name that never resolves, so the console does not send one), an IP address (the policy
//! allows names, not addresses), a URL (`https://…`, a path, a port, a user), a name without a
//! dot, a final dot, and a line that repeats an earlier one.
//!
//! Work is linear in the text (10,000 lines are checked in milliseconds); at most
//! [`SHOWN_PROBLEMS`] problems are kept with their words, the rest only counted.
use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// How many problems [`check_hosts`] keeps with their words.
pub const SHOWN_PROBLEMS: usize = 10;

/// One line that cannot be sent as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostProblem {
    /// 1-based, as an editor counts.
    pub line: usize,
    pub words: String,
}

/// Why the list cannot be sent: the first problems (at most [`SHOWN_PROBLEMS`]) and how many
/// there are in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostProblems {
    pub shown: Vec<HostProblem>,
    pub total: usize,
}

impl HostProblems {
    /// One sentence for the whole list (the field's error).
    pub fn summary(&self) -> String {
        match self.total {
            1 => "One line of the allowed hosts needs a change:".to_owned(),
            n => format!(
                "{} lines of the allowed hosts need a change:",
                crate::domain::text::grouped(n as u64)
            ),
        }
    }

    /// What is said after the shown problems when there are more (`None`: all are shown).
    pub fn more(&self) -> Option<String> {
        let rest = self.total.saturating_sub(self.shown.len());
        (rest > 0).then(|| format!("…and {} more.", crate::domain::text::grouped(rest as u64)))
    }
}

/// The hosts of `text` (one per line) as they are sent, or the problems.
pub fn check_hosts(text: &str) -> Result<Vec<String>, HostProblems> {
    let mut hosts = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut shown = Vec::new();
    let mut total = 0usize;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let checked = check_host(raw).and_then(|h| match h {
            None => Ok(None),
            Some(h) => match seen.get(&h) {
                Some(first) => Err(format!("{h} is already on line {first}: list it once.")),
                None => {
                    seen.insert(h.clone(), line);
                    Ok(Some(h))
                }
            },
        });
        match checked {
            Ok(Some(h)) => hosts.push(h),
            Ok(None) => {}
            Err(words) => {
                total += 1;
                if shown.len() < SHOWN_PROBLEMS {
                    shown.push(HostProblem { line, words });
                }
            }
        }
    }
    if total == 0 {
        Ok(hosts)
    } else {
        Err(HostProblems { shown, total })
    }
}

/// The hosts as the textarea shows them: one per line.
pub fn hosts_text(hosts: &[String]) -> String {
    hosts.join("\n")
}

/// Why the network policy `Allowed hosts only` cannot go with this list (`None`: it can).
pub fn allowlist_problem(hosts: &[String]) -> Option<&'static str> {
    hosts
        .is_empty()
        .then_some("Allowed hosts only needs at least one host. To allow none, choose Airgapped.")
}

/// Longest text of a line quoted back in a problem (a pasted essay is not repeated whole).
const QUOTED_CHARS: usize = 60;

fn quoted(s: &str) -> String {
    let mut q: String = s.chars().take(QUOTED_CHARS).collect();
    if s.chars().count() > QUOTED_CHARS {
        q.push('…');
    }
    // Shown as text; controls (a bidi override) made visible rather than obeyed.
    format!("“{}”", crate::domain::text::shown_string(&q))
}

/// One line: `Ok(None)` when it is empty, the host as sent, or why not.
fn check_host(raw: &str) -> Result<Option<String>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let q = quoted(t);
    if t.chars().any(char::is_whitespace) {
        return Err(format!(
            "{q} has a space in it: write one host name per line."
        ));
    }
    if t.contains('*') {
        return Err(format!(
            "{q} is a wildcard: CHORUS takes exact host names (FQDNs), so list each host \
             (files.example.org, not *.example.org)."
        ));
    }
    if let Some((scheme, rest)) = t.split_once("://") {
        let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
        return Err(format!(
            "{q} is a web address: write the host name alone ({}), without “{scheme}://”.",
            crate::domain::text::shown_string(host)
        ));
    }
    let bare = t.trim_start_matches('[').trim_end_matches(']');
    if t.parse::<Ipv4Addr>().is_ok() || bare.parse::<Ipv6Addr>().is_ok() {
        return Err(format!(
            "{q} is an IP address: the policy allows host names, not addresses."
        ));
    }
    if t.contains('/') || t.contains('?') || t.contains('#') {
        return Err(format!(
            "{q} has a path: write the host name alone, without “/…”."
        ));
    }
    if t.contains('@') {
        return Err(format!(
            "{q} has a user name in it: write the host name alone."
        ));
    }
    if t.contains(':') {
        return Err(format!(
            "{q} has a port: write the host name alone (every port of an allowed host is allowed)."
        ));
    }
    if !t.is_ascii() {
        return Err(format!(
            "{q} has letters outside ASCII: write an international name in its xn-- form."
        ));
    }
    if t.len() > 253 {
        return Err(format!("{q} is longer than 253 characters."));
    }
    if t.ends_with('.') {
        return Err(format!(
            "{q} ends with a dot: write it without the final dot."
        ));
    }
    let lower = t.to_ascii_lowercase();
    let labels: Vec<&str> = lower.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "{q} is not a full host name: it needs its domain too (like pypi.org)."
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(format!(
                "{q} has an empty part (a dot at the start or two dots in a row)."
            ));
        }
        if label.len() > 63 {
            return Err(format!("{q} has a part longer than 63 characters."));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!(
                "{q} has “{c}” in it: a host name has letters, digits, hyphens and dots only."
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("{q} has a part that starts or ends with a hyphen."));
        }
    }
    if labels
        .last()
        .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(format!(
            "{q} ends with a number: it is neither a host name nor an IP address."
        ));
    }
    Ok(Some(lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Result<Option<String>, String> {
        check_host(line)
    }

    #[test]
    fn host_names_pass_trimmed_and_in_lower_case() {
        assert_eq!(
            check_hosts("pypi.org\n\n  Files.Example.ORG \r\nxn--bcher-kva.example\n"),
            Ok(vec![
                "pypi.org".to_owned(),
                "files.example.org".to_owned(),
                "xn--bcher-kva.example".to_owned()
            ])
        );
        assert_eq!(check_hosts(""), Ok(vec![]));
        assert_eq!(check_hosts("\n \n\t\n"), Ok(vec![]));
        assert_eq!(one("a-b.c0"), Ok(Some("a-b.c0".into())));
    }

    #[test]
    fn each_refusal_says_why() {
        let cases = [
            ("*.example.org", "wildcard"),
            ("pypi.org files.example.org", "space"),
            ("10.0.0.1", "IP address"),
            ("::1", "IP address"),
            ("[2001:db8::1]", "IP address"),
            (
                "https://pypi.org/simple",
                "web address: write the host name alone (pypi.org)",
            ),
            ("pypi.org/simple", "path"),
            ("pypi.org:443", "port"),
            ("user@pypi.org", "user name"),
            ("bücher.example", "xn--"),
            ("pypi.org.", "final dot"),
            ("localhost", "not a full host name"),
            ("pypi..org", "empty part"),
            (".pypi.org", "empty part"),
            ("py_pi.org", "“_”"),
            ("-pypi.org", "hyphen"),
            ("pypi-.org", "hyphen"),
            ("1.2.3.999", "ends with a number"),
        ];
        for (line, why) in cases {
            let e = one(line).expect_err(line);
            assert!(e.contains(why), "{line}: {e}");
        }
        let long_label = format!("{}.org", "a".repeat(64));
        assert!(one(&long_label).unwrap_err().contains("63"));
        let long_name = format!("{}org", "abcdefghi.".repeat(26));
        assert!(one(&long_name).unwrap_err().contains("253"));
    }

    #[test]
    fn problems_name_their_lines_and_duplicates_their_first() {
        let e = check_hosts("pypi.org\n\n*.x.org\nPyPI.org\n").unwrap_err();
        assert_eq!(e.total, 2);
        assert_eq!(e.shown[0].line, 3);
        assert_eq!(e.shown[1].line, 4);
        assert!(e.shown[1].words.contains("already on line 1"), "{:?}", e);
        assert_eq!(e.summary(), "2 lines of the allowed hosts need a change:");
        assert_eq!(e.more(), None);
    }

    #[test]
    fn hostile_text_is_quoted_short_and_shown_not_obeyed() {
        let e = one(&format!("\u{202e}{}", "a".repeat(100))).unwrap_err();
        assert!(e.chars().count() < 200, "{e}");
        assert!(!e.contains('\u{202e}'), "{e}");
        let e = one("<img src=x onerror=alert(1)>").unwrap_err();
        assert!(e.starts_with("“<img"), "{e}");
    }

    #[test]
    fn ten_thousand_lines_are_checked_at_once() {
        let mut text = String::new();
        for i in 0..10_000 {
            text.push_str(&format!("host{i}.example.org\n"));
        }
        let t = std::time::Instant::now();
        assert_eq!(check_hosts(&text).map(|h| h.len()), Ok(10_000));
        // Every line bad: ten kept with their words, the rest counted.
        let bad = "*.example.org\n".repeat(10_000);
        let e = check_hosts(&bad).unwrap_err();
        assert_eq!(e.total, 10_000);
        assert_eq!(e.shown.len(), SHOWN_PROBLEMS);
        assert_eq!(e.more().as_deref(), Some("…and 9,990 more."));
        assert_eq!(
            e.summary(),
            "10,000 lines of the allowed hosts need a change:"
        );
        assert!(t.elapsed().as_secs() < 2, "{:?}", t.elapsed());
    }

    #[test]
    fn an_allowlist_needs_a_host() {
        assert!(allowlist_problem(&[]).is_some());
        assert!(allowlist_problem(&["pypi.org".into()]).is_none());
        assert_eq!(hosts_text(&["a.b".into(), "c.d".into()]), "a.b\nc.d");
    }
}
