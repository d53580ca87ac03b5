//! Whether the console can reach its backend, and what the connection banner says (ui.md,
//! "Behaviour the tests check": offline).
//!
//! The browser says when it is offline (`navigator.onLine`); a server that cannot be reached
//! while the browser is online shows as several requests in a row that got no reply at all.
use crate::domain::time::format_duration;

/// Requests in a row without any reply before the server counts as unreachable.
pub(crate) const UNREACHABLE_AFTER: u32 = 3;

/// The state of the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Connection {
    /// Replies come.
    Fine,
    /// The browser is offline: polls and streams pause until it is online again.
    Offline,
    /// Online, but the last requests reached no server.
    Unreachable,
}

impl Connection {
    /// From the browser's word and the count of requests in a row without a reply.
    pub(crate) fn of(online: bool, network_failures: u32) -> Self {
        if !online {
            Self::Offline
        } else if network_failures >= UNREACHABLE_AFTER {
            Self::Unreachable
        } else {
            Self::Fine
        }
    }

    /// The banner's title and its sentence about the next try (`next_try_in_ms`: when the
    /// console tries again, if it knows); `None` when all is well.
    pub(crate) fn banner(self, next_try_in_ms: Option<u64>) -> Option<(&'static str, String)> {
        match self {
            Self::Fine => None,
            Self::Offline => Some((
                "You are offline.",
                "The console waits, and goes on by itself as soon as the connection is back."
                    .to_owned(),
            )),
            Self::Unreachable => Some((
                "The server cannot be reached.",
                match next_try_in_ms {
                    Some(ms) if ms >= 1000 => format!(
                        "The console keeps trying by itself. Next try in {}.",
                        format_duration(
                            i64::try_from(ms.div_ceil(1000) * 1000).unwrap_or(i64::MAX)
                        )
                    ),
                    Some(_) => "The console keeps trying by itself. Trying now…".to_owned(),
                    None => "The console keeps trying by itself.".to_owned(),
                },
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_word_comes_first() {
        assert_eq!(Connection::of(false, 0), Connection::Offline);
        assert_eq!(Connection::of(false, 9), Connection::Offline);
        assert_eq!(Connection::of(true, 0), Connection::Fine);
        assert_eq!(
            Connection::of(true, UNREACHABLE_AFTER - 1),
            Connection::Fine
        );
        assert_eq!(
            Connection::of(true, UNREACHABLE_AFTER),
            Connection::Unreachable
        );
    }

    #[test]
    fn the_banner_says_when_the_next_try_is() {
        assert_eq!(Connection::Fine.banner(Some(5000)), None);
        let (title, next) = Connection::Offline.banner(None).unwrap();
        assert_eq!(title, "You are offline.");
        assert!(next.contains("as soon as the connection is back"));
        let (title, next) = Connection::Unreachable.banner(Some(4_200)).unwrap();
        assert_eq!(title, "The server cannot be reached.");
        assert_eq!(next, "The console keeps trying by itself. Next try in 5 s.");
        let (_, next) = Connection::Unreachable.banner(Some(200)).unwrap();
        assert!(next.ends_with("Trying now…"));
        let (_, next) = Connection::Unreachable.banner(Some(90_000)).unwrap();
        assert!(next.ends_with("Next try in 1 min 30 s."), "{next}");
    }
}
