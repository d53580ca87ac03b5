//! A workspace of the platform's public catalogue (api.md §2, `GET /workspaces/public`): its
//! name, description and contact, whom a researcher writes to (there is no "join" call). The
//! contact's e-mail becomes a `mailto:` link only when it looks like an address; anything else
//! is shown as text.

/// One public workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicWorkspace {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    pub contact_username: String,
    pub contact_first_name: String,
    pub contact_last_name: String,
    pub contact_email: String,
}

impl PublicWorkspace {
    /// The name shown (the short name, then the id, when it has none).
    pub fn display_name(&self) -> String {
        [&self.name, &self.short_name, &self.id]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or_default()
            .to_owned()
    }

    /// The contact's name (first and last, else the username); `None` without a contact.
    pub fn contact_name(&self) -> Option<String> {
        let full = format!(
            "{} {}",
            self.contact_first_name.trim(),
            self.contact_last_name.trim()
        );
        let full = full.trim();
        if !full.is_empty() {
            return Some(full.to_owned());
        }
        let user = self.contact_username.trim();
        (!user.is_empty()).then(|| user.to_owned())
    }

    /// The `mailto:` address of the contact, when the e-mail looks like one.
    pub fn mailto(&self) -> Option<String> {
        let email = self.contact_email.trim();
        looks_like_address(email).then(|| format!("mailto:{email}"))
    }
}

/// `local@domain.tld`: one `@`, a local part and a domain with a dot, nothing that could change
/// what a `mailto:` link does (no spaces, controls, `?`, `&`, `#`, `%`, `/`, `:`, quotes or
/// angle brackets), at most 254 characters.
pub fn looks_like_address(s: &str) -> bool {
    if s.is_empty() || s.len() > 254 {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let allowed_local = |c: char| c.is_ascii_alphanumeric() || "._+-'!*=^_`{|}~$".contains(c);
    let allowed_domain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    !local.is_empty()
        && local.len() <= 64
        && local.chars().all(allowed_local)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(allowed_domain)
}

/// Whether `q` (already lower case and trimmed) is in the workspace's name, description or
/// contact; an empty query matches all.
pub fn matches(w: &PublicWorkspace, q: &str) -> bool {
    q.is_empty()
        || [
            &w.name,
            &w.short_name,
            &w.description,
            &w.contact_first_name,
            &w.contact_last_name,
            &w.contact_username,
        ]
        .into_iter()
        .any(|s| s.to_lowercase().contains(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(email: &str) -> PublicWorkspace {
        PublicWorkspace {
            id: "2".into(),
            name: "Genomics".into(),
            contact_username: "wendy".into(),
            contact_first_name: "Wendy".into(),
            contact_last_name: "Admin".into(),
            contact_email: email.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_real_address_is_a_mail_link() {
        assert_eq!(
            ws("wendy@example.org").mailto().as_deref(),
            Some("mailto:wendy@example.org")
        );
        assert_eq!(
            ws(" a.b+c@sub.example.ch ").mailto().as_deref(),
            Some("mailto:a.b+c@sub.example.ch")
        );
    }

    #[test]
    fn hostile_or_odd_text_is_no_link() {
        for bad in [
            "",
            "wendy",
            "@example.org",
            "wendy@",
            "wendy@localhost",
            "a@b@c.org",
            "wendy@example.org?subject=x",
            "wendy@example.org&cc=x@y.z",
            "javascript:alert(1)@x.org",
            "<b>w</b>@x.org",
            "w endy@x.org",
            "wendy@exa mple.org",
            "wendy@.org",
            "wendy@x..org",
            "wendy@x.org.",
            "wendy\u{202e}@x.org",
            "wendy@x.org\nbcc@y.org",
            "\"quoted\"@x.org",
            "w%40@x.org",
        ] {
            assert_eq!(ws(bad).mailto(), None, "{bad:?}");
        }
        let long = format!("{}@x.org", "a".repeat(300));
        assert_eq!(ws(&long).mailto(), None);
    }

    #[test]
    fn names() {
        assert_eq!(ws("").contact_name().as_deref(), Some("Wendy Admin"));
        let mut w = ws("");
        w.contact_first_name.clear();
        w.contact_last_name.clear();
        assert_eq!(w.contact_name().as_deref(), Some("wendy"));
        w.contact_username.clear();
        assert_eq!(w.contact_name(), None);
        w.name = "  ".into();
        assert_eq!(w.display_name(), "2");
    }

    #[test]
    fn search_matches_name_description_and_contact() {
        let mut w = ws("");
        w.description = "Sequencing data".into();
        assert!(matches(&w, ""));
        assert!(matches(&w, "genom"));
        assert!(matches(&w, "sequencing"));
        assert!(matches(&w, "wendy"));
        assert!(!matches(&w, "xyz"));
    }
}
