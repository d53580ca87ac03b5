//! The platform's per-user limits as chorus-web-ui keeps them (api.md §4b, dev-store global key
//! `instance.limits`: JSON `{"maxWorkspacesPerUser":…,"maxSessionsPerUser":…,
//! "maxAppInstancesPerUser":…}`, each an integer ≥ 0 or `null` for no limit), and the user's
//! usage against them in words (`2 of 3 sessions`). CHORUS enforces none of them: the UI counts
//! the user's own items (`userId` = the user) that are not deleted, in the lists it holds.
//!
//! Anything else in the value (a negative number, a fraction, a string, text that is not JSON,
//! a number too big to be a count) is no limit, said nowhere: the home page then shows no usage
//! for that kind, never an error.

/// The platform's limits; `None`: no limit of that kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    pub workspaces: Option<u64>,
    pub sessions: Option<u64>,
    pub app_instances: Option<u64>,
}

/// The dev-store key the limits are kept under.
pub const KEY: &str = "instance.limits";

/// What a limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Workspaces,
    Sessions,
    AppInstances,
}

impl Kind {
    /// Every kind, in the order the home page lists them.
    pub const ALL: [Kind; 3] = [Kind::Workspaces, Kind::Sessions, Kind::AppInstances];

    /// The noun, singular and plural.
    fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Kind::Workspaces => ("workspace", "workspaces"),
            Kind::Sessions => ("session", "sessions"),
            Kind::AppInstances => ("app", "apps"),
        }
    }

    /// A short name for a label (`Sessions`).
    pub fn title(self) -> &'static str {
        match self {
            Kind::Workspaces => "Workspaces",
            Kind::Sessions => "Sessions",
            Kind::AppInstances => "Apps",
        }
    }
}

impl Limits {
    /// Reads the stored value (`None`: the key is not set). Never fails: what cannot be read is
    /// no limit.
    pub fn parse(raw: Option<&str>) -> Self {
        let Some(v) = raw.and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok()) else {
            return Self::default();
        };
        let Some(obj) = v.as_object() else {
            return Self::default();
        };
        let limit = |key: &str| obj.get(key).and_then(count);
        Self {
            workspaces: limit("maxWorkspacesPerUser"),
            sessions: limit("maxSessionsPerUser"),
            app_instances: limit("maxAppInstancesPerUser"),
        }
    }

    /// The limit of one kind.
    pub fn of(self, kind: Kind) -> Option<u64> {
        match kind {
            Kind::Workspaces => self.workspaces,
            Kind::Sessions => self.sessions,
            Kind::AppInstances => self.app_instances,
        }
    }

    /// Whether the platform sets any limit at all.
    pub fn any(self) -> bool {
        Kind::ALL.iter().any(|k| self.of(*k).is_some())
    }

    /// The kinds the platform limits, in order.
    pub fn kinds(self) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| self.of(*k).is_some())
            .collect()
    }
}

/// A count as JSON gives it: a whole number ≥ 0 (`3`, `3.0`); anything else is none.
fn count(v: &serde_json::Value) -> Option<u64> {
    if let Some(n) = v.as_u64() {
        return Some(n);
    }
    let f = v.as_f64()?;
    // A whole number that is exact in a float (no larger than 2^53).
    (f >= 0.0 && f.fract() == 0.0 && f <= 9_007_199_254_740_992.0).then_some(f as u64)
}

/// `2 of 3 sessions` (the noun follows the limit: `1 of 1 session`).
pub fn usage_words(kind: Kind, used: u64, max: u64) -> String {
    let (one, many) = kind.nouns();
    let noun = if max == 1 { one } else { many };
    format!("{used} of {max} {noun}")
}

/// What a create form says when the limit is reached: `You have 2 of 2 sessions: the
/// platform's limit` (apps: `You have 3 of 3 apps open: the platform's limit`).
pub fn reached_words(kind: Kind, used: u64, max: u64) -> String {
    let open = if kind == Kind::AppInstances {
        " open"
    } else {
        ""
    };
    format!(
        "You have {}{open}: the platform's limit",
        usage_words(kind, used, max)
    )
}

/// The words of a create form of `kind` once its count is known: `Some` when the limit is
/// reached (the create button is then disabled).
pub fn blocked(limits: Limits, kind: Kind, used: Option<u64>) -> Option<String> {
    let max = limits.of(kind)?;
    let used = used?;
    reached(used, max).then(|| reached_words(kind, used, max))
}

/// Whether a create of that kind is at or past its limit (chorus-web-ui: `count >= max`).
pub fn reached(used: u64, max: u64) -> bool {
    used >= max
}

/// How many of `items` are the user's own (`owner` of each is `me`) and not deleted.
pub fn own_count<T>(
    items: &[T],
    me: &str,
    owner: impl Fn(&T) -> &str,
    deleted: impl Fn(&T) -> bool,
) -> u64 {
    if me.is_empty() {
        return 0;
    }
    items
        .iter()
        .filter(|i| owner(i) == me && !deleted(i))
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chorus_web_ui_writes() {
        let l = Limits::parse(Some(
            r#"{"maxWorkspacesPerUser":2,"maxSessionsPerUser":3,"maxAppInstancesPerUser":null}"#,
        ));
        assert_eq!(l.workspaces, Some(2));
        assert_eq!(l.sessions, Some(3));
        assert_eq!(l.app_instances, None);
        assert!(l.any());
        assert_eq!(l.kinds(), vec![Kind::Workspaces, Kind::Sessions]);
        assert_eq!(
            Limits::parse(Some(r#"{"maxSessionsPerUser":0}"#)).sessions,
            Some(0)
        );
        assert_eq!(
            Limits::parse(Some(r#"{"maxSessionsPerUser":4.0}"#)).sessions,
            Some(4)
        );
    }

    #[test]
    fn no_key_or_nulls_are_no_limit() {
        assert!(!Limits::parse(None).any());
        assert!(!Limits::parse(Some(
            r#"{"maxWorkspacesPerUser":null,"maxSessionsPerUser":null,"maxAppInstancesPerUser":null}"#
        ))
        .any());
        assert!(!Limits::parse(Some("{}")).any());
    }

    #[test]
    fn hostile_values_are_no_limit_never_a_panic() {
        for raw in [
            "",
            "not json",
            "{",
            "null",
            "[]",
            "[1,2,3]",
            "3",
            "\"3\"",
            r#"{"maxSessionsPerUser":-1}"#,
            r#"{"maxSessionsPerUser":"3"}"#,
            r#"{"maxSessionsPerUser":2.5}"#,
            r#"{"maxSessionsPerUser":1e300}"#,
            r#"{"maxSessionsPerUser":-0.5}"#,
            r#"{"maxSessionsPerUser":true}"#,
            r#"{"maxSessionsPerUser":{"n":3}}"#,
            r#"{"maxSessionsPerUser":[3]}"#,
            "\u{0000}\u{202e}",
        ] {
            assert_eq!(Limits::parse(Some(raw)).sessions, None, "{raw}");
        }
        // One bad kind leaves the others.
        let l = Limits::parse(Some(
            r#"{"maxSessionsPerUser":-3,"maxWorkspacesPerUser":5}"#,
        ));
        assert_eq!((l.sessions, l.workspaces), (None, Some(5)));
        // Very deep nesting is refused by the parser, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(!Limits::parse(Some(&deep)).any());
    }

    #[test]
    fn usage_in_words() {
        assert_eq!(usage_words(Kind::Sessions, 2, 3), "2 of 3 sessions");
        assert_eq!(usage_words(Kind::Workspaces, 1, 1), "1 of 1 workspace");
        assert_eq!(usage_words(Kind::AppInstances, 0, 5), "0 of 5 apps");
        assert!(reached(3, 3));
        assert!(reached(4, 3));
        assert!(!reached(2, 3));
        assert!(reached(0, 0));
        assert_eq!(
            reached_words(Kind::AppInstances, 3, 3),
            "You have 3 of 3 apps open: the platform's limit"
        );
    }

    #[test]
    fn a_create_form_is_blocked_at_the_limit_in_words() {
        let l = Limits::parse(Some(r#"{"maxSessionsPerUser":2,"maxWorkspacesPerUser":1}"#));
        assert_eq!(
            blocked(l, Kind::Sessions, Some(2)).as_deref(),
            Some("You have 2 of 2 sessions: the platform's limit")
        );
        assert_eq!(
            blocked(l, Kind::Workspaces, Some(3)).as_deref(),
            Some("You have 3 of 1 workspace: the platform's limit")
        );
        assert_eq!(blocked(l, Kind::Sessions, Some(1)), None);
        assert_eq!(blocked(l, Kind::Sessions, None), None);
        assert_eq!(blocked(l, Kind::AppInstances, Some(100)), None);
    }

    #[test]
    fn counts_only_own_items_not_deleted() {
        let items = [("1", false), ("1", true), ("2", false), ("1", false)];
        assert_eq!(own_count(&items, "1", |i| i.0, |i| i.1), 2);
        assert_eq!(own_count(&items, "3", |i| i.0, |i| i.1), 0);
        // An unknown user owns nothing (a blank owner is nobody's).
        let blank = [("", false)];
        assert_eq!(own_count(&blank, "", |i| i.0, |i| i.1), 0);
    }
}
