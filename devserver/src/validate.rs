//! Field rules shared by the handlers: slugs, usernames, emails, role names, text lengths.

use crate::error::FieldError;

/// `My analysis` → `my-analysis` (at most 40 characters; `session` when nothing is left).
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(40).collect();
    if out.is_empty() {
        "session".to_string()
    } else {
        out
    }
}

pub(crate) fn valid_username(u: &str) -> bool {
    (3..=32).contains(&u.len())
        && u.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

pub(crate) fn valid_email(e: &str) -> bool {
    if e.len() > 254 || e.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|p| !p.is_empty())
}

/// PascalCase: a capital letter, then letters and digits, at most 64.
pub(crate) fn valid_role_name(n: &str) -> bool {
    n.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && n.len() <= 64
        && n.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A required text field: trimmed, not empty, at most `max` characters.
pub(crate) fn required_text(
    value: Option<&str>,
    field: &str,
    max: usize,
    errs: &mut Vec<FieldError>,
) -> Option<String> {
    match value {
        Some(s) if s.trim().is_empty() => {
            errs.push(FieldError::new(field, "must not be empty"));
            None
        }
        Some(s) => optional_text(Some(s), field, max, errs).map(|s| s.trim().to_string()),
        None => {
            errs.push(FieldError::new(field, "is required"));
            None
        }
    }
}

/// An optional text field of at most `max` characters.
pub(crate) fn optional_text(
    value: Option<&str>,
    field: &str,
    max: usize,
    errs: &mut Vec<FieldError>,
) -> Option<String> {
    let s = value?;
    if s.chars().count() > max {
        errs.push(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
        return None;
    }
    Some(s.to_string())
}
