//! The workspace-service operator (api.md §3): what it reports on a service instance some
//! simulated seconds after the instance's desired state last changed, how it renders the
//! connection string, and which charts it fails. Pure functions of their arguments, like the
//! rest of the simulation; the store (`store/services.rs`) merges the report into the row.

/// The operator reconciles a change this long after it (until then the last report stands, as
/// CHORUS's watcher copies a status only once `observedGeneration == generation`).
pub const SERVICE_OBSERVE: f64 = 1.0;
/// A chart is installed (`Running`) or has failed (`Failed`) this long after the change.
pub const SERVICE_START: f64 = 5.0;
/// A stop or an uninstall is done (`Stopped`, `Deleted`) this long after the change.
pub const SERVICE_STOP: f64 = 3.0;

/// The chart reference as Helm prints it: `oci://registry/repository:tag`.
pub fn chart_ref(registry: &str, repository: &str, tag: &str) -> String {
    let path = [registry, repository]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    if tag.is_empty() {
        format!("oci://{path}")
    } else {
        format!("oci://{path}:{tag}")
    }
}

/// Whether the chart cannot be installed: its repository or its tag contains `fail` (any
/// case). The dev server's recognisable failure (README "Workspace services").
pub fn chart_fails(repository: &str, tag: &str) -> bool {
    [repository, tag]
        .iter()
        .any(|s| s.to_ascii_lowercase().contains("fail"))
}

/// The `statusMessage` of a chart that fails.
pub fn failure_message(registry: &str, repository: &str, tag: &str) -> String {
    format!(
        "helm install failed: failed to pull chart {}: not found",
        chart_ref(registry, repository, tag)
    )
}

/// The operator's report `(status, statusMessage)` on an instance whose desired `state` last
/// changed `t` simulated seconds ago; `None` while it has not reconciled the change yet.
/// `state` `""` is installed as `Running` (CHORUS sends it so).
pub fn service_status(
    state: &str,
    fails: bool,
    failure: &str,
    t: f64,
) -> Option<(&'static str, String)> {
    if t < SERVICE_OBSERVE {
        return None;
    }
    Some(match state {
        "Stopped" if t < SERVICE_STOP => ("Progressing", "Stopping the service".to_string()),
        "Stopped" => ("Stopped", String::new()),
        "Deleted" if t < SERVICE_STOP => ("Progressing", "Uninstalling the service".to_string()),
        "Deleted" => ("Deleted", String::new()),
        _ if t < SERVICE_START => ("Progressing", "Installing the chart".to_string()),
        _ if fails => ("Failed", failure.to_string()),
        _ => ("Running", String::new()),
    })
}

/// What a connection-info template may name.
pub struct TemplateVars<'a> {
    pub host: &'a str,
    pub port: u16,
    pub name: &'a str,
    pub namespace: &'a str,
    pub secret_name: &'a str,
}

/// The port the service listens on: PostgreSQL's, MLflow's, else 8080.
pub fn default_port(repository: &str) -> u16 {
    let r = repository.to_ascii_lowercase();
    if r.contains("postgres") {
        5432
    } else if r.contains("mlflow") {
        5000
    } else {
        8080
    }
}

/// The connection string without a template: `postgresql://host:5432` for PostgreSQL,
/// `http://host:5000` for MLflow, `host:port` else.
pub fn default_connection_info(repository: &str, host: &str) -> String {
    let port = default_port(repository);
    let r = repository.to_ascii_lowercase();
    if r.contains("postgres") {
        format!("postgresql://{host}:{port}")
    } else if r.contains("mlflow") {
        format!("http://{host}:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Renders `{{ .Host }}`, `{{.Port}}`, `{{ .Name }}`, `{{ .Namespace }}`, `{{ .SecretName }}`
/// (the key in any case, spaces inside the braces optional) of a Go-template-ish string; any
/// other `{{ … }}` is left as it is.
pub fn render(template: &str, v: &TemplateVars) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let key = after[..end].trim().strip_prefix('.').unwrap_or("").trim();
        let value = match key.to_ascii_lowercase().as_str() {
            "host" => Some(v.host.to_string()),
            "port" => Some(v.port.to_string()),
            "name" => Some(v.name.to_string()),
            "namespace" => Some(v.namespace.to_string()),
            "secretname" => Some(v.secret_name.to_string()),
            _ => None,
        };
        match value {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> TemplateVars<'static> {
        TemplateVars {
            host: "db.workspace1.svc",
            port: 5432,
            name: "db",
            namespace: "workspace1",
            secret_name: "db-credentials",
        }
    }

    #[test]
    fn a_template_names_its_values_in_any_spelling() {
        assert_eq!(
            render("postgresql://{{ .Host }}:{{.Port}}/{{ .name }}", &vars()),
            "postgresql://db.workspace1.svc:5432/db"
        );
        assert_eq!(
            render(
                "{{.Namespace}} {{ .SecretName }} {{ .Other }} {{ open",
                &vars()
            ),
            "workspace1 db-credentials {{ .Other }} {{ open"
        );
    }

    #[test]
    fn the_operator_reports_after_it_observed_the_change() {
        assert_eq!(service_status("Running", false, "", 0.5), None);
        assert_eq!(
            service_status("Running", false, "", 1.0).unwrap().0,
            "Progressing"
        );
        assert_eq!(service_status("", false, "", 5.0).unwrap().0, "Running");
        assert_eq!(
            service_status("Running", true, "m", 5.0).unwrap(),
            ("Failed", "m".into())
        );
        assert_eq!(
            service_status("Stopped", false, "", 3.0).unwrap().0,
            "Stopped"
        );
        assert_eq!(
            service_status("Deleted", false, "", 2.0).unwrap().0,
            "Progressing"
        );
        assert_eq!(
            service_status("Deleted", false, "", 3.0).unwrap().0,
            "Deleted"
        );
        assert!(chart_fails("services/postgres", "0.0.4-FAIL"));
        assert!(!chart_fails("services/postgres", "0.0.4"));
    }
}
