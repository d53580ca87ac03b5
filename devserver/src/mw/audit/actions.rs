//! CHORUS's audit actions (`pkg/audit/model/actions.go`) of a request's method and path, and
//! the words of an entry.

use axum::http::Method;

/// A number of a path segment (`0` when it is not one).
fn num(s: &str) -> u64 {
    s.parse().unwrap_or(0)
}

/// What an entry says: CHORUS's action, the ids it names, a description.
pub(super) struct Classified {
    pub action: &'static str,
    pub workspace: u64,
    pub workbench: u64,
    pub user: u64,
    /// What it did (`""`: the hook words it from the action).
    pub what: String,
    pub details: Vec<(&'static str, String)>,
    /// Which id of the reply's body the entry names (`result.<key>.id`).
    pub created: Option<&'static str>,
}

/// The entry a write to `rest` (the path after `/api/rest/v1`) makes, if CHORUS audits it.
pub(super) fn classify(method: &Method, rest: &str) -> Option<Classified> {
    let mut seg: Vec<&str> = rest.trim_matches('/').split('/').collect();
    // CHORUS's second spelling of the workbench routes (chorus flavor) is the same call.
    if seg.first() == Some(&"workbenchs") {
        seg[0] = "workbenches";
    }
    let c = |action: &'static str, workspace: u64, workbench: u64, user: u64| Classified {
        action,
        workspace,
        workbench,
        user,
        what: String::new(),
        details: Vec::new(),
        created: None,
    };
    let m = method.as_str();
    let out = match (m, seg.as_slice()) {
        ("POST", ["authentication", "login"]) => c("LoginUser", 0, 0, 0),
        ("POST", ["authentication", "logout"]) => c("LogoutUser", 0, 0, 0),
        ("POST", ["workspaces"]) => Classified {
            created: Some("workspace"),
            ..c("CreateWorkspace", 0, 0, 0)
        },
        ("PUT", ["workspaces"]) => Classified {
            created: Some("workspace"),
            ..c("UpdateWorkspace", 0, 0, 0)
        },
        ("DELETE", ["workspaces", id]) => c("DeleteWorkspace", num(id), 0, 0),
        ("POST", ["workspaces", id, "user", user, "role"]) => {
            c("AddWorkspaceMember", num(id), 0, num(user))
        }
        ("DELETE", ["workspaces", id, "user", user, "role", role]) => Classified {
            details: vec![("role", role.to_string())],
            ..c("RemoveWorkspaceMember", num(id), 0, num(user))
        },
        ("DELETE", ["workspaces", id, "user", user]) => {
            c("RemoveWorkspaceMember", num(id), 0, num(user))
        }
        ("POST", ["workspaces", id, "file"]) => Classified {
            created: Some("file"),
            ..c("CreateFile", num(id), 0, 0)
        },
        ("POST", ["workspaces", id, "file", path @ ..]) if path.ends_with(&["upload"]) => {
            Classified {
                details: vec![("path", format!("/{}", path[..path.len() - 1].join("/")))],
                ..c("InitiateFileUpload", num(id), 0, 0)
            }
        }
        ("POST", ["workspaces", id, "file", path @ ..])
            if path.len() >= 3 && path.ends_with(&["complete"]) =>
        {
            Classified {
                details: vec![("path", format!("/{}", path[..path.len() - 3].join("/")))],
                ..c("CompleteFileUpload", num(id), 0, 0)
            }
        }
        ("PUT", ["workspaces", _, "file", path @ ..])
            if path.len() >= 2 && path[path.len() - 2] == "upload" =>
        {
            // A part: not audited by CHORUS.
            return None;
        }
        ("DELETE", ["workspaces", id, "file", path @ ..])
            if path.len() >= 2 && path[path.len() - 2] == "upload" =>
        {
            c("AbortFileUpload", num(id), 0, 0)
        }
        ("PUT", ["workspaces", id, "file", path @ ..]) => Classified {
            details: vec![("old_path", format!("/{}", path.join("/")))],
            ..c("UpdateFile", num(id), 0, 0)
        },
        ("DELETE", ["workspaces", id, "file", path @ ..]) => Classified {
            details: vec![("path", format!("/{}", path.join("/")))],
            ..c("DeleteFile", num(id), 0, 0)
        },
        ("POST", ["workbenches"]) => Classified {
            created: Some("workbench"),
            ..c("CreateWorkbench", 0, 0, 0)
        },
        ("PUT", ["workbenches"]) => Classified {
            created: Some("workbench"),
            ..c("UpdateWorkbench", 0, 0, 0)
        },
        ("DELETE", ["workbenches", id]) => c("DeleteWorkbench", 0, num(id), 0),
        ("POST", ["workbenches", id, "stop" | "start"]) => c("UpdateWorkbench", 0, num(id), 0),
        ("POST", ["workbenches", id, "user", user, "role"]) => {
            c("AddWorkbenchMember", 0, num(id), num(user))
        }
        ("DELETE", ["workbenches", id, "user", user]) => {
            c("RemoveWorkbenchMember", 0, num(id), num(user))
        }
        ("POST", ["app-instances"]) => Classified {
            created: Some("appInstance"),
            ..c("CreateAppInstance", 0, 0, 0)
        },
        ("DELETE", ["app-instances", _]) => c("DeleteAppInstance", 0, 0, 0),
        ("POST", ["workspace-service-instances"]) => Classified {
            created: Some("workspaceServiceInstance"),
            ..c("CreateServiceInstance", 0, 0, 0)
        },
        ("PUT", ["workspace-service-instances"]) => Classified {
            created: Some("workspaceServiceInstance"),
            ..c("UpdateServiceInstance", 0, 0, 0)
        },
        ("DELETE", ["workspace-service-instances", _]) => c("DeleteServiceInstance", 0, 0, 0),
        ("POST", ["users"]) => Classified {
            created: Some("user"),
            ..c("CreateUser", 0, 0, 0)
        },
        ("PUT", ["users"]) => Classified {
            created: Some("user"),
            ..c("UpdateUser", 0, 0, 0)
        },
        ("PUT", ["users", "me", "password"]) => c("ChangeUserPassword", 0, 0, 0),
        ("POST", ["users", "me", "totp", "enable"]) => c("EnableUserTotp", 0, 0, 0),
        ("POST", ["users", "me", "totp", "reset"]) => c("ResetUserTotp", 0, 0, 0),
        ("DELETE", ["users", id]) => c("DeleteUser", 0, 0, num(id)),
        ("POST", ["users", id, "role"]) => c("AssignUserRole", 0, 0, num(id)),
        ("DELETE", ["users", id, "role", _]) => c("RevokeUserRole", 0, 0, num(id)),
        ("POST", ["authorization", "roles"]) => c("CreateRole", 0, 0, 0),
        ("POST", ["approval-requests", "data-extraction"]) => Classified {
            created: Some("approvalRequest"),
            ..c("CreateDataExtractionRequest", 0, 0, 0)
        },
        ("POST", ["approval-requests", "data-transfer"]) => Classified {
            created: Some("approvalRequest"),
            ..c("CreateDataTransferRequest", 0, 0, 0)
        },
        ("POST", ["approval-requests", id, "approve"]) => Classified {
            details: vec![("request_id", id.to_string())],
            ..c("ApproveApprovalRequest", 0, 0, 0)
        },
        ("DELETE", ["approval-requests", id]) => Classified {
            details: vec![("request_id", id.to_string())],
            ..c("DeleteApprovalRequest", 0, 0, 0)
        },
        ("POST", ["terms-of-use", "versions"]) => Classified {
            created: Some("termsOfUseVersion"),
            ..c("CreateTermsOfUseVersion", 0, 0, 0)
        },
        ("PUT", ["terms-of-use", "versions", id]) => Classified {
            details: vec![("version_id", id.to_string())],
            ..c("UpdateTermsOfUseVersion", 0, 0, 0)
        },
        ("POST", ["terms-of-use", "versions", id, "publish"]) => Classified {
            details: vec![("version_id", id.to_string())],
            ..c("PublishTermsOfUseVersion", 0, 0, 0)
        },
        ("POST", ["terms-of-use", "acceptances"]) => Classified {
            created: Some("termsOfUseAcceptance"),
            ..c("AcceptTermsOfUse", 0, 0, 0)
        },
        _ => return None,
    };
    Some(out)
}

/// Words for an entry: `Created workspace 3.`, `Failed to create workspace.`.
pub(super) fn describe(action: &str, ok: bool, ids: &str) -> String {
    let (verb, noun) = split_action(action);
    let past = match verb {
        "Create" => "Created",
        "Update" => "Updated",
        "Delete" => "Deleted",
        "Add" => "Added",
        "Remove" => "Removed",
        "Assign" => "Assigned",
        "Revoke" => "Revoked",
        "Approve" => "Decided",
        "Publish" => "Published",
        "Accept" => "Accepted",
        "Change" => "Changed",
        "Enable" => "Enabled",
        "Reset" => "Reset",
        "Initiate" => "Started",
        "Complete" => "Completed",
        "Abort" => "Aborted",
        "Login" => {
            return if ok {
                "User authenticated successfully.".into()
            } else {
                "Failed to authenticate user.".into()
            }
        }
        "Logout" => {
            return if ok {
                "User logged out successfully.".into()
            } else {
                "Failed to logout user.".into()
            }
        }
        other => other,
    };
    if ok {
        format!("{past} {noun}{ids}.")
    } else {
        format!("Failed to {} {noun}{ids}.", verb.to_ascii_lowercase())
    }
}

/// `CreateWorkspace` → (`Create`, `workspace`); `EnableUserTotp` → (`Enable`, `user totp`).
fn split_action(action: &str) -> (&str, String) {
    let cut = action
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .unwrap_or(action.len());
    let (verb, rest) = action.split_at(cut);
    let mut noun = String::new();
    for (i, c) in rest.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            noun.push(' ');
        }
        noun.push(c.to_ascii_lowercase());
    }
    (verb, noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(
            describe("CreateWorkspace", true, " 3"),
            "Created workspace 3."
        );
        assert_eq!(
            describe("EnableUserTotp", false, ""),
            "Failed to enable user totp."
        );
        assert_eq!(split_action("AcceptTermsOfUse").1, "terms of use");
    }

    #[test]
    fn actions_of_paths() {
        let m = |s: &str| Method::from_bytes(s.as_bytes()).unwrap_or(Method::GET);
        let a = |meth: &str, p: &str| classify(&m(meth), p).map(|c| c.action);
        assert_eq!(a("POST", "/workspaces/1/file"), Some("CreateFile"));
        assert_eq!(
            a("POST", "/workspaces/1/file/disk/a.bin/upload"),
            Some("InitiateFileUpload")
        );
        assert_eq!(
            a("POST", "/workspaces/1/file/disk/a.bin/upload/abc/complete"),
            Some("CompleteFileUpload")
        );
        assert_eq!(a("PUT", "/workspaces/1/file/disk/a.bin/upload/abc"), None);
        assert_eq!(
            a("PUT", "/workspaces/1/file/disk/a.bin"),
            Some("UpdateFile")
        );
        assert_eq!(
            a("DELETE", "/workspaces/1/file/disk/a.bin"),
            Some("DeleteFile")
        );
        assert_eq!(
            a("DELETE", "/workspaces/1/user/2/role/WorkspaceMember"),
            Some("RemoveWorkspaceMember")
        );
        assert_eq!(
            a("POST", "/terms-of-use/versions/3/publish"),
            Some("PublishTermsOfUseVersion")
        );
        assert_eq!(a("PUT", "/users/me/password"), Some("ChangeUserPassword"));
        assert_eq!(a("GET", "/workspaces"), None);
    }
}
