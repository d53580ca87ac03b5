//! A workspace's settings beyond its name (api.md, "Workspace settings beyond name, short name and
//! description"): network policy, allowed hosts, clipboard, visibility, contact, `isMain`.
//!
//! CHORUS's `PUT /workspaces` sets every one of them from the body and resets an omitted one to
//! its default (`Airgapped`, `[]`, `disabled`, private, no contact, `false`), so an update sends
//! each back exactly as it was read: a value this console does not know is kept verbatim
//! (`Other`), and a setting the backend did not send (`None`) is not sent either.

/// `networkPolicy`: the egress policy of the workspace's namespace. CHORUS spells the values in
/// this exact case and stores any other string as it came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkPolicy {
    Airgapped,
    FqdnAllowlist,
    Open,
    /// A spelling this console does not know, kept to be sent back unchanged.
    Other(String),
}

impl NetworkPolicy {
    pub(crate) fn from_wire(s: &str) -> Self {
        match s {
            "Airgapped" => Self::Airgapped,
            "FQDNAllowlist" => Self::FqdnAllowlist,
            "Open" => Self::Open,
            other => Self::Other(other.to_owned()),
        }
    }

    pub(crate) fn wire(&self) -> &str {
        match self {
            Self::Airgapped => "Airgapped",
            Self::FqdnAllowlist => "FQDNAllowlist",
            Self::Open => "Open",
            Self::Other(s) => s,
        }
    }
}

/// `clipboard`: which way the clipboard of the workspace's sessions works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clipboard {
    Disabled,
    ToServer,
    ToClient,
    Both,
    /// A spelling this console does not know, kept to be sent back unchanged.
    Other(String),
}

impl Clipboard {
    pub(crate) fn from_wire(s: &str) -> Self {
        match s {
            "disabled" => Self::Disabled,
            "to-server" => Self::ToServer,
            "to-client" => Self::ToClient,
            "both" => Self::Both,
            other => Self::Other(other.to_owned()),
        }
    }

    pub(crate) fn wire(&self) -> &str {
        match self {
            Self::Disabled => "disabled",
            Self::ToServer => "to-server",
            Self::ToClient => "to-client",
            Self::Both => "both",
            Self::Other(s) => s,
        }
    }
}

/// `visibility`: a public workspace is listed in the public catalogue with its contact. CHORUS
/// spells it as its enum name both ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visibility {
    Private,
    Public,
    /// A spelling this console does not know, kept to be sent back unchanged.
    Other(String),
}

impl Visibility {
    pub(crate) fn from_wire(s: &str) -> Self {
        match s {
            "WORKSPACE_VISIBILITY_PRIVATE" => Self::Private,
            "WORKSPACE_VISIBILITY_PUBLIC" => Self::Public,
            other => Self::Other(other.to_owned()),
        }
    }

    pub(crate) fn wire(&self) -> &str {
        match self {
            Self::Private => "WORKSPACE_VISIBILITY_PRIVATE",
            Self::Public => "WORKSPACE_VISIBILITY_PUBLIC",
            Self::Other(s) => s,
        }
    }
}

/// The settings as the backend sent them; `None`: it sent none (a backend without the field).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct WorkspaceSettings {
    pub is_main: Option<bool>,
    pub network_policy: Option<NetworkPolicy>,
    pub allowed_fqdns: Option<Vec<String>>,
    pub clipboard: Option<Clipboard>,
    pub visibility: Option<Visibility>,
    /// The user id as sent (`"0"`: none), kept to be sent back unchanged.
    pub contact_user_id: Option<String>,
    /// The cluster's report on applying the policy (`networkPolicyStatus`,
    /// `networkPolicyMessage`): written by CHORUS's cluster watcher only, never sent.
    pub policy_status: Option<String>,
    pub policy_message: Option<String>,
}

impl WorkspaceSettings {
    /// The contact's user id; `None` when there is none (`"0"` on CHORUS).
    pub fn contact(&self) -> Option<&str> {
        self.contact_user_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty() && *id != "0")
    }

    /// The cluster's report on the network policy, in words.
    pub fn policy_report(&self) -> String {
        let status = self.policy_status.as_deref().map(str::trim).unwrap_or("");
        let message = self.policy_message.as_deref().map(str::trim).unwrap_or("");
        let shown = crate::domain::text::shown_string;
        match (status, message) {
            ("", "") => "The cluster has not reported on this policy yet.".to_owned(),
            ("", m) => format!("The cluster says: {}", shown(m)),
            (s, "") => format!("The cluster reports this policy as {}.", shown(s)),
            (s, m) => format!(
                "The cluster reports this policy as {}: {}",
                shown(s),
                shown(m)
            ),
        }
    }
}

/// What saving `new` over `old` opens up that asks for a confirmation first (issue 55): the
/// network `Open` (connections to anywhere), and a clipboard toward the researcher's machine
/// (`to-client`, `both`) where text could not go out before. `(network, clipboard)`.
pub fn widens(
    old: (Option<&NetworkPolicy>, Option<&Clipboard>),
    new: (Option<&NetworkPolicy>, Option<&Clipboard>),
) -> (bool, bool) {
    let open = |p: Option<&NetworkPolicy>| matches!(p, Some(NetworkPolicy::Open));
    let out = |c: Option<&Clipboard>| matches!(c, Some(Clipboard::ToClient | Clipboard::Both));
    (open(new.0) && !open(old.0), out(new.1) && !out(old.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_the_network_or_letting_text_out_asks_first() {
        use Clipboard as C;
        use NetworkPolicy as N;
        let w = |o: (N, C), n: (N, C)| widens((Some(&o.0), Some(&o.1)), (Some(&n.0), Some(&n.1)));
        assert_eq!(
            w((N::Airgapped, C::Disabled), (N::Open, C::Disabled)),
            (true, false)
        );
        assert_eq!(
            w((N::FqdnAllowlist, C::Disabled), (N::Open, C::Both)),
            (true, true)
        );
        assert_eq!(
            w((N::Open, C::Disabled), (N::Open, C::ToClient)),
            (false, true)
        );
        assert_eq!(
            w((N::Open, C::ToClient), (N::Open, C::Both)),
            (false, false),
            "out already"
        );
        assert_eq!(
            w((N::Airgapped, C::Disabled), (N::Airgapped, C::ToServer)),
            (false, false)
        );
        assert_eq!(
            w((N::Open, C::Both), (N::Airgapped, C::Disabled)),
            (false, false)
        );
        assert_eq!(
            widens((None, None), (Some(&N::Open), Some(&C::Both))),
            (true, true)
        );
        assert_eq!(widens((None, None), (None, None)), (false, false));
    }

    #[test]
    fn known_values_read_and_write_as_chorus_spells_them() {
        for s in ["Airgapped", "FQDNAllowlist", "Open"] {
            assert_eq!(NetworkPolicy::from_wire(s).wire(), s);
        }
        assert_eq!(
            NetworkPolicy::from_wire("FQDNAllowlist"),
            NetworkPolicy::FqdnAllowlist
        );
        for s in ["disabled", "to-server", "to-client", "both"] {
            assert_eq!(Clipboard::from_wire(s).wire(), s);
        }
        assert_eq!(Clipboard::from_wire("both"), Clipboard::Both);
        assert_eq!(
            Visibility::from_wire("WORKSPACE_VISIBILITY_PUBLIC"),
            Visibility::Public
        );
        assert_eq!(Visibility::Private.wire(), "WORKSPACE_VISIBILITY_PRIVATE");
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        // CHORUS stores any string for these two; another case is another value.
        let p = NetworkPolicy::from_wire("airgapped");
        assert_eq!(p, NetworkPolicy::Other("airgapped".into()));
        assert_eq!(p.wire(), "airgapped");
        assert_eq!(Clipboard::from_wire("Both").wire(), "Both");
        assert_eq!(Visibility::from_wire("public").wire(), "public");
        assert_eq!(NetworkPolicy::from_wire("").wire(), "");
    }

    #[test]
    fn the_cluster_report_in_words() {
        let mut s = WorkspaceSettings::default();
        assert_eq!(
            s.policy_report(),
            "The cluster has not reported on this policy yet."
        );
        s.policy_status = Some(" ".into());
        s.policy_message = Some(String::new());
        assert_eq!(
            s.policy_report(),
            "The cluster has not reported on this policy yet."
        );
        s.policy_status = Some("Applied".into());
        assert_eq!(
            s.policy_report(),
            "The cluster reports this policy as Applied."
        );
        s.policy_message = Some("denied \u{202e}x".into());
        assert_eq!(
            s.policy_report(),
            "The cluster reports this policy as Applied: denied <U+202E>x"
        );
    }

    #[test]
    fn contact_zero_is_none() {
        let mut s = WorkspaceSettings::default();
        assert_eq!(s.contact(), None);
        s.contact_user_id = Some("0".into());
        assert_eq!(s.contact(), None);
        s.contact_user_id = Some("12".into());
        assert_eq!(s.contact(), Some("12"));
    }
}
