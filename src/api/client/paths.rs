//! The paths of calls: ids enter a URL only here, each path segment and query component
//! percent-encoded; the pages of list calls.
use super::super::error::ApiError;

/// A path built by [`rest`] or [`jobs`]: an error when an id would not stay one path segment.
pub(crate) type Path = Result<String, ApiError>;

/// What the client's calls take as their path: a built [`Path`] (its error is the call's, and
/// nothing is sent) or a plain one.
pub(crate) trait AsPath {
    fn as_path(&self) -> Result<&str, ApiError>;
}

impl AsPath for str {
    fn as_path(&self) -> Result<&str, ApiError> {
        Ok(self)
    }
}

impl AsPath for String {
    fn as_path(&self) -> Result<&str, ApiError> {
        Ok(self)
    }
}

impl AsPath for Path {
    fn as_path(&self) -> Result<&str, ApiError> {
        self.as_deref().map_err(Clone::clone)
    }
}

/// Percent-encodes one path segment or query component (RFC 3986 unreserved characters stay).
pub(crate) fn encode_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}

/// A path under `root` (`/api/rest/v1` or `/api`) from its segments, each percent-encoded: the
/// one place where ids enter a URL. A trailing `""` segment gives a trailing slash.
///
/// A segment `.` or `..` is refused, in any spelling: the browser resolves `%2E%2E` as `..`
/// too (WHATWG URL), so no encoding keeps it one segment, and `/workbenches/..` would reach
/// another route than the one meant. So is an empty segment anywhere but last (`//` would
/// reach another route where slashes are merged).
pub(crate) fn path(root: &str, segments: &[&str]) -> Path {
    let mut out = String::from(root);
    for (i, s) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if matches!(*s, "." | "..") || (s.is_empty() && !last) {
            return Err(ApiError::NotAPathSegment((*s).to_string()));
        }
        out.push('/');
        out.push_str(&encode_component(s));
    }
    Ok(out)
}

/// `/api/rest/v1/…` (the CHORUS API).
pub(crate) fn rest(segments: &[&str]) -> Path {
    path("/api/rest/v1", segments)
}

/// `/api/…` (the job service).
pub(crate) fn jobs(segments: &[&str]) -> Path {
    path("/api", segments)
}

/// `path?k=v&k2=v2`, encoding every key and value; repeated keys are fine.
pub(crate) fn with_query(path: &(impl AsPath + ?Sized), params: &[(&str, &str)]) -> Path {
    let mut out = String::from(path.as_path()?);
    for (i, (k, v)) in params.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    Ok(out)
}

/// The largest page a list call asks for (CHORUS turns a larger limit into 20).
pub(crate) const MAX_PAGE: u32 = 100;

/// `pagination.offset`, `pagination.limit` (at most [`MAX_PAGE`]) and the order
/// (`pagination.sort.type`, `pagination.sort.order`: CHORUS adds no `ORDER BY` unless asked),
/// which every paged list call sends (api.md, "Order").
pub(crate) fn page_params(
    offset: u64,
    limit: u32,
    order: crate::domain::order::Order,
) -> [(&'static str, String); 4] {
    [
        ("pagination.offset", offset.to_string()),
        ("pagination.limit", limit.clamp(1, MAX_PAGE).to_string()),
        ("pagination.sort.type", order.column.to_string()),
        ("pagination.sort.order", order.direction().to_string()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_components() {
        assert_eq!(encode_component("a b&c/é"), "a%20b%26c%2F%C3%A9");
        assert_eq!(
            with_query(
                "/api/rest/v1/workbenches",
                &[
                    ("filter.workspaceIdsIn", "1"),
                    ("filter.workspaceIdsIn", "2")
                ]
            )
            .as_deref(),
            Ok("/api/rest/v1/workbenches?filter.workspaceIdsIn=1&filter.workspaceIdsIn=2")
        );
        assert_eq!(with_query("/x", &[]).as_deref(), Ok("/x"));
        assert_eq!(
            with_query(&rest(&["users", ".."]), &[("a", "b")]),
            Err(ApiError::NotAPathSegment("..".into()))
        );
    }

    #[test]
    fn paths_encode_every_segment() {
        let ok = |p: Path| p.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            ok(rest(&["workbenches", "5"])),
            "/api/rest/v1/workbenches/5"
        );
        assert_eq!(
            ok(rest(&["app-instances", "a/b", "stream", ""])),
            "/api/rest/v1/app-instances/a%2Fb/stream/"
        );
        assert_eq!(
            ok(rest(&["workbenches", "../x"])),
            "/api/rest/v1/workbenches/..%2Fx"
        );
        assert_eq!(
            ok(rest(&["workbenches", "%2E%2E"])),
            "/api/rest/v1/workbenches/%252E%252E"
        );
        assert_eq!(
            ok(rest(&["workbenches", "..."])),
            "/api/rest/v1/workbenches/..."
        );
        assert_eq!(
            ok(rest(&["app-instances", "7"])),
            "/api/rest/v1/app-instances/7"
        );
        assert_eq!(
            ok(with_query(
                &rest(&["app-instances"]),
                &[("filter.workbenchIdsIn", "5")]
            )),
            "/api/rest/v1/app-instances?filter.workbenchIdsIn=5"
        );
        assert_eq!(ok(jobs(&["runs", "stream"])), "/api/runs/stream");
    }

    /// The browser resolves `.` and `..` in every spelling (`%2E%2E` included: WHATWG URL), so
    /// such an id is refused, never sent as a step up the path.
    #[test]
    fn dot_segments_are_refused() {
        for id in [".", ".."] {
            let refused = Err(ApiError::NotAPathSegment(id.into()));
            assert_eq!(rest(&["workbenches", id]), refused);
            assert_eq!(rest(&["workbenches", id, "stream", ""]), refused);
            assert_eq!(jobs(&["runs", id, "stop"]), refused);
        }
        assert_eq!(
            rest(&["users", "", "role"]),
            Err(ApiError::NotAPathSegment(String::new()))
        );
        let e = rest(&["workbenches", ".."]).unwrap_err();
        assert_eq!(e.kind(), crate::api::error::ErrorKind::Invalid);
        assert!(!e.is_transient());
        assert!(
            e.message().contains("\u{201c}..\u{201d}"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn pages_are_at_most_a_hundred_and_ask_for_an_order() {
        use crate::domain::order::Order;
        let [o, l, t, d] = page_params(40, 500, Order::SESSIONS);
        assert_eq!(o, ("pagination.offset", "40".to_string()));
        assert_eq!(l, ("pagination.limit", "100".to_string()));
        assert_eq!(t, ("pagination.sort.type", "createdat".to_string()));
        assert_eq!(d, ("pagination.sort.order", "desc".to_string()));
        assert_eq!(page_params(0, 0, Order::USERS)[1].1, "1");
        assert_eq!(page_params(0, 1, Order::USERS)[3].1, "asc");
    }
}
