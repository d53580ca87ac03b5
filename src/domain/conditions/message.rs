//! What a reason or a message names, mined from free text: an exit code, a restart count, a
//! quoted name (a secret), an image, a node, short resources; and a CamelCase reason in words.
//! Changes when the controller words its messages differently.

/// Splits CamelCase (and `snake_case`, `kebab-case`) into a sentence-case phrase, keeping
/// acronyms: `"PVCReady"` → `"PVC ready"`, `"QuotaExceeded"` → `"Quota exceeded"`,
/// `"OOMKilled"` → `"OOM killed"`, `"Exit143"` → `"Exit 143"`. Empty input gives `""`.
pub(crate) fn split_camel_case(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let next = chars.get(i + 1).copied();
        let boundary = prev.is_some_and(|p| {
            (p.is_lowercase() && c.is_uppercase())
                || (p.is_alphabetic() && c.is_numeric())
                || (p.is_numeric() && c.is_alphabetic())
                || (p.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase))
        });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let acronym = word.chars().count() > 1 && word.chars().all(|c| !c.is_lowercase());
        if i > 0 {
            out.push(' ');
        }
        if acronym {
            out.push_str(word);
        } else if i == 0 {
            let mut cs = word.chars();
            if let Some(first) = cs.next() {
                out.extend(first.to_uppercase());
                out.push_str(&cs.as_str().to_lowercase());
            }
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// Lowercase alphanumeric tokens, split at non-alphanumerics and at letter/digit boundaries:
/// `"exited with code 143"` → `["exited", "with", "code", "143"]`, `"Exit143"` → `["exit",
/// "143"]`.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut prev_digit: Option<bool> = None;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if prev_digit.is_some_and(|p| p != digit) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
        prev_digit = Some(digit);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A token of ASCII digits as a number (at most 9 digits).
fn number(token: Option<&String>) -> Option<i64> {
    let t = token?;
    if t.is_empty() || t.len() > 9 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// The exit code mentioned in a text: `"exited with code 143"`, `"exit code 1"`, `"exit 143"`,
/// `"exit status 2"`, `"ExitCode: 2"`, `"Exit143"`. `None` when there is none.
pub(crate) fn exit_code_in(text: &str) -> Option<i32> {
    const FILLER: [&str; 6] = ["with", "code", "status", "of", "a", "is"];
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        if !t.starts_with("exit") {
            continue;
        }
        for j in i + 1..=i + 3 {
            let Some(next) = toks.get(j) else { break };
            if let Some(n) = number(Some(next)) {
                return i32::try_from(n).ok();
            }
            if !FILLER.contains(&next.as_str()) {
                break;
            }
        }
    }
    None
}

/// The restart count mentioned in a message: `"restarted 3 times"`, `"restarts: 2"`,
/// `"restartCount=3"`, `"(restart 2/3)"`, `"3 restarts"`, `"crashed 3 times"`.
pub(crate) fn restart_count_in(text: &str) -> Option<u32> {
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        let found = if t.starts_with("restart") {
            let next = number(toks.get(i + 1));
            let after_filler = match toks.get(i + 1).map(String::as_str) {
                Some("count" | "is" | "at") => number(toks.get(i + 2)),
                _ => None,
            };
            let before = i.checked_sub(1).and_then(|p| number(toks.get(p)));
            next.or(after_filler).or(before)
        } else if t == "times" {
            i.checked_sub(1).and_then(|p| number(toks.get(p)))
        } else {
            None
        };
        if let Some(n) = found {
            return u32::try_from(n).ok();
        }
    }
    None
}

/// Whether a quote character opens/closes a quoted name.
fn closing_quote(open: char) -> Option<char> {
    match open {
        '\'' => Some('\''),
        '"' => Some('"'),
        '`' => Some('`'),
        '\u{2018}' => Some('\u{2019}'),
        '\u{201C}' => Some('\u{201D}'),
        _ => None,
    }
}

/// All non-empty single-line quoted parts of a message, in order (`'x'`, `"x"`, `` `x` ``,
/// `‘x’`, `“x”`).
fn quoted_parts(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some((start, open)) = rest
        .char_indices()
        .find(|(_, c)| closing_quote(*c).is_some())
    {
        let after = rest.get(start + open.len_utf8()..).unwrap_or("");
        let close = closing_quote(open).unwrap_or(open);
        match after.find(close) {
            Some(end) => {
                let inner = after.get(..end).unwrap_or("");
                if !inner.trim().is_empty() && !inner.contains('\n') {
                    out.push(inner);
                }
                rest = after.get(end + close.len_utf8()..).unwrap_or("");
            }
            None => break,
        }
    }
    out
}

/// The first quoted name in a message: `"Secret 'ambient-runner-secrets' not found"` →
/// `Some("ambient-runner-secrets")`.
pub(crate) fn quoted_name(message: &str) -> Option<&str> {
    quoted_parts(message).into_iter().next()
}

/// Whether a word looks like a container image reference (`quay.io/x:tag`, `ubuntu:22.04`).
fn looks_like_image(s: &str) -> bool {
    !s.is_empty()
        && !s.ends_with(':')
        && !s.chars().any(char::is_whitespace)
        && s.chars().any(|c| matches!(c, '/' | ':' | '.'))
        && s.chars().any(char::is_alphanumeric)
}

/// The image named in a message: `"Failed to pull image: quay.io/x:bad-tag"` →
/// `Some("quay.io/x:bad-tag")`, `Back-off pulling image "quay.io/x:bad"` → `Some("quay.io/x:bad")`.
/// `None` when no word after "image" looks like an image reference (e.g.
/// `"Cannot pull image: manifest unknown"`).
pub(crate) fn image_name_in(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase(); // same byte offsets as `message`
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|s| s.find("image")) {
        let start = from + found;
        let end = start + "image".len();
        from = end;
        let before_ok = lower
            .get(..start)
            .and_then(|s| s.chars().last())
            .is_none_or(|c| !c.is_alphanumeric());
        let after = message.get(end..).unwrap_or("");
        let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric());
        if !before_ok || !after_ok {
            continue;
        }
        let rest = after.trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
        let candidate = match rest.chars().next().and_then(closing_quote) {
            Some(close) => {
                let open_len = rest.chars().next().map_or(1, char::len_utf8);
                let inner = rest.get(open_len..).unwrap_or("");
                inner.split(close).next().unwrap_or("")
            }
            None => rest
                .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                .next()
                .unwrap_or("")
                .trim_end_matches(['.', ')']),
        };
        if looks_like_image(candidate) {
            return Some(candidate.to_owned());
        }
    }
    quoted_parts(message)
        .into_iter()
        .find(|q| looks_like_image(q) && q.contains('/'))
        .map(str::to_owned)
}

/// The node named in a message: `"Pod scheduled on node worker-1"` → `Some("worker-1")`.
pub(super) fn node_name_in(message: &str) -> Option<String> {
    let mut words = message.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("node") {
            let name = words
                .next()?
                .trim_matches(|c: char| "'\"`.,;:()".contains(c));
            if !name.is_empty() {
                return Some(name.to_owned());
            }
        }
    }
    None
}

/// Kubernetes "Insufficient cpu" / "Insufficient memory" resources named in a scheduling message.
pub(super) fn insufficient_resources_in(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = message.split_whitespace();
    while let Some(w) = words.next() {
        if w.eq_ignore_ascii_case("insufficient") {
            if let Some(res) = words.next() {
                let res = res.trim_matches(|c: char| ".,;:()".contains(c)).to_owned();
                if !res.is_empty() && !out.contains(&res) {
                    out.push(res);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_splitting() {
        assert_eq!(split_camel_case("PVCReady"), "PVC ready");
        assert_eq!(split_camel_case("QuotaExceeded"), "Quota exceeded");
        assert_eq!(split_camel_case("OOMKilled"), "OOM killed");
        assert_eq!(split_camel_case("SDKError"), "SDK error");
        assert_eq!(split_camel_case("ErrImagePull"), "Err image pull");
        assert_eq!(split_camel_case("Exit143"), "Exit 143");
        assert_eq!(split_camel_case("snake_case_reason"), "Snake case reason");
        assert_eq!(split_camel_case("Exploding"), "Exploding");
        assert_eq!(split_camel_case("x"), "X");
        assert_eq!(split_camel_case(""), "");
        assert_eq!(split_camel_case("  __ "), "");
        assert_eq!(split_camel_case("ÄrgerGroß"), "Ärger groß");
    }

    #[test]
    fn name_extraction() {
        assert_eq!(
            quoted_name("Secret 'ambient-runner-secrets' not found"),
            Some("ambient-runner-secrets")
        );
        assert_eq!(quoted_name("Secret \"s1\" missing"), Some("s1"));
        assert_eq!(quoted_name("no quotes"), None);
        assert_eq!(quoted_name("unterminated 'quote"), None);
        assert_eq!(quoted_name("‘fancy’ quotes"), Some("fancy"));
        assert_eq!(
            image_name_in("Failed to pull image: quay.io/x:bad-tag").as_deref(),
            Some("quay.io/x:bad-tag")
        );
        assert_eq!(
            image_name_in("Back-off pulling image \"quay.io/x:bad\"").as_deref(),
            Some("quay.io/x:bad")
        );
        assert_eq!(image_name_in("Cannot pull image: manifest unknown"), None);
        assert_eq!(image_name_in("Session failed: ImagePullBackOff"), None);
        assert_eq!(
            image_name_in(
                "rpc error: failed to pull and unpack image \"docker.io/library/x:1\": not found"
            )
            .as_deref(),
            Some("docker.io/library/x:1")
        );
        assert_eq!(
            image_name_in("Failed to pull image quay.io/x:bad-tag.").as_deref(),
            Some("quay.io/x:bad-tag")
        );
        assert_eq!(
            image_name_in("Ünïcödé image: ünï/cödé:1 ok").as_deref(),
            Some("ünï/cödé:1")
        );
        assert_eq!(
            image_name_in("pulling image “quay.io/x:1” failed").as_deref(),
            Some("quay.io/x:1")
        );
    }

    #[test]
    fn exit_codes_and_restarts_in_text() {
        assert_eq!(
            exit_code_in("Runner exited with code 143: terminated"),
            Some(143)
        );
        assert_eq!(exit_code_in("exit 143"), Some(143));
        assert_eq!(exit_code_in("exit code 1"), Some(1));
        assert_eq!(exit_code_in("exit status 2"), Some(2));
        assert_eq!(exit_code_in("ExitCode: 0"), Some(0));
        assert_eq!(exit_code_in("Exit143"), Some(143));
        assert_eq!(exit_code_in("exited normally after 3 s"), None);
        assert_eq!(exit_code_in("exit code 99999999999999"), None);
        assert_eq!(exit_code_in(""), None);
        assert_eq!(
            restart_count_in("Back-off restarting failed container, restarted 2 times"),
            Some(2)
        );
        assert_eq!(restart_count_in("restartCount=3"), Some(3));
        assert_eq!(restart_count_in("restarts: 1"), Some(1));
        assert_eq!(restart_count_in("(restart 2/3)"), Some(2));
        assert_eq!(restart_count_in("4 restarts so far"), Some(4));
        assert_eq!(
            restart_count_in("Back-off 40s restarting failed container"),
            None
        );
    }
}
