//! The paths of the console's pages, for links and navigation. Below pages and components
//! alike: a component that links to a page uses these, never the page module.
use crate::api::client::encode_component;

/// The path of a workspace page (ids percent-encoded).
pub(crate) fn workspace_href(workspace_id: &str) -> String {
    format!("/workspaces/{}", encode_component(workspace_id))
}

/// The path of a session page (ids percent-encoded).
pub(crate) fn session_href(workspace_id: &str, session_id: &str) -> String {
    format!(
        "{}/sessions/{}",
        workspace_href(workspace_id),
        encode_component(session_id)
    )
}

/// The path of a data request's page (id percent-encoded).
pub(crate) fn request_href(request_id: &str) -> String {
    format!("/requests/{}", encode_component(request_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded() {
        assert_eq!(workspace_href("1"), "/workspaces/1");
        assert_eq!(
            session_href("a/b", "7 8"),
            "/workspaces/a%2Fb/sessions/7%208"
        );
        assert_eq!(request_href("7/../x"), "/requests/7%2F..%2Fx");
    }
}
