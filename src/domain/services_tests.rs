use super::*;

fn svc(state: &str, status: &str) -> Service {
    Service {
        id: "1".into(),
        name: "postgres".into(),
        state: state.into(),
        status: status.into(),
        ..Service::default()
    }
}

#[test]
fn the_status_is_said_in_words_against_the_desired_state() {
    let said = |state: &str, status: &str| svc(state, status).observed().words();
    assert_eq!(said("Running", "Progressing"), "Starting");
    assert_eq!(said("Running", "Running"), "Running");
    assert_eq!(said("Running", "Stopped"), "Starting");
    assert_eq!(said("", "Running"), "Running");
    assert_eq!(said("Stopped", "Running"), "Stopping");
    assert_eq!(said("Stopped", "Progressing"), "Stopping");
    assert_eq!(said("Stopped", "Stopped"), "Stopped");
    assert_eq!(said("Deleted", "Running"), "Deleting");
    assert_eq!(said("Deleted", ""), "Deleting");
    assert_eq!(said("Running", "Sideways"), "Reported as “Sideways”");
    let mut failed = svc("Running", "Failed");
    failed.status_message = "  chart services/postgres:9 not found ".into();
    assert_eq!(
        failed.observed().words(),
        "Failed: chart services/postgres:9 not found"
    );
    assert_eq!(svc("Running", "Failed").observed().words(), "Failed");
}

#[test]
fn a_service_the_cluster_never_reported_on_is_never_said_to_run() {
    for state in ["Running", "", "Stopped"] {
        let o = svc(state, "").observed();
        assert_eq!(o, Observed::NotReported);
        assert_eq!(o.words(), "The cluster has not reported yet");
        assert!(!o.words().contains("Running"));
    }
}

#[test]
fn the_list_is_followed_while_a_row_is_on_its_way() {
    assert!(any_transient(&[
        svc("Running", "Running"),
        svc("Running", "")
    ]));
    assert!(any_transient(&[svc("Running", "Progressing")]));
    assert!(any_transient(&[svc("Stopped", "Running")]));
    assert!(any_transient(&[svc("Deleted", "Running")]));
    assert!(!any_transient(&[
        svc("Running", "Running"),
        svc("Stopped", "Stopped"),
        svc("Running", "Failed"),
        svc("Running", "Sideways"),
    ]));
    assert!(!any_transient(&[]));
}

#[test]
fn stop_and_start_are_offered_only_for_running_and_stopped() {
    assert!(svc("Running", "").may_stop());
    assert!(!svc("Running", "").may_start());
    assert!(svc("Stopped", "Stopped").may_start());
    for state in ["", "Deleted", "Paused"] {
        let s = svc(state, "Running");
        assert!(!s.may_stop() && !s.may_start(), "{state}");
    }
    assert!(svc("Deleted", "").is_deleting());
    assert_eq!(svc("", "").desired_words(), "Running (by default)");
}

#[test]
fn values_must_be_a_json_object_said_in_words() {
    assert_eq!(check_values("").as_deref(), Ok("{}"));
    assert_eq!(check_values("  \n").as_deref(), Ok("{}"));
    assert_eq!(
        check_values(" {\"a\": {\"b\": [1, 2]}} \n").as_deref(),
        Ok("{\"a\": {\"b\": [1, 2]}}")
    );
    let list = check_values("[1, 2]").unwrap_err();
    assert!(
        list.contains("must be a JSON object") && list.ends_with("not a list."),
        "{list}"
    );
    assert!(check_values("\"x\"").unwrap_err().contains("not a string"));
    assert!(check_values("42").unwrap_err().contains("not a number"));
    assert!(check_values("null").unwrap_err().contains("not null"));
    let broken = check_values("{\"a\": 1,,}").unwrap_err();
    assert!(
        broken.starts_with("The values are not valid JSON: "),
        "{broken}"
    );
    assert!(broken.contains("line 1"), "{broken}");
    // Deep nesting is an error in words, not a crash.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(check_values(&deep).is_err());
    let huge = format!("{{\"a\": \"{}\"}}", "x".repeat(MAX_VALUES_BYTES));
    assert!(check_values(&huge).unwrap_err().contains("too long"));
}

#[test]
fn values_open_pretty_and_text_that_does_not_parse_stays_as_it_is() {
    assert_eq!(values_for_editing("{\"a\":1}"), "{\n  \"a\": 1\n}");
    assert_eq!(values_for_editing("not json"), "not json");
    assert_eq!(values_for_editing("[1]"), "[1]");
}

#[test]
fn credentials_paths_split_on_commas_and_lines() {
    assert_eq!(
        split_paths(" a.b , c\n\nd.e,,"),
        vec!["a.b".to_owned(), "c".into(), "d.e".into()]
    );
    assert!(split_paths("  ").is_empty());
}

#[test]
fn presets_fill_chorus_web_uis_charts_and_a_free_name() {
    assert_eq!(
        Preset::Postgres.default_chart().shown(),
        "harbor.int.chorus-tre.ch/services/postgres:0.0.4"
    );
    assert_eq!(
        Preset::Mlflow.default_chart().shown(),
        "harbor.int.chorus-tre.ch/services/mlflow:0.0.9"
    );
    assert_eq!(Preset::Custom.default_chart(), Chart::default());
    assert_eq!(Preset::from_key("mlflow"), Preset::Mlflow);
    assert_eq!(Preset::from_key("nope"), Preset::Custom);
    assert_eq!(free_name(Preset::Postgres, &[]), "postgres");
    assert_eq!(
        free_name(Preset::Postgres, &["postgres", "postgres-2"]),
        "postgres-3"
    );
    assert_eq!(free_name(Preset::Custom, &[]), "");
    assert_eq!(Chart::new("", "r", "").shown(), "r");
    assert_eq!(Chart::new("reg/", "/r", "1").shown(), "reg/r:1");
}

#[test]
fn a_new_service_is_checked_field_by_field() {
    let good = NewService {
        name: "postgres".into(),
        chart: Preset::Postgres.default_chart(),
        values: String::new(),
        ..NewService::default()
    };
    assert!(form_problems(&good, &["mlflow"]).is_empty());
    let fields = |s: &NewService, taken: &[&str]| {
        form_problems(s, taken)
            .into_iter()
            .map(|p| p.field)
            .collect::<Vec<_>>()
    };
    assert_eq!(fields(&good, &["postgres"]), vec!["Name"]);
    let bad = NewService {
        name: "My DB".into(),
        chart: Chart::new("", "a b", "1.0+x"),
        values: "[1]".into(),
        credentials_secret_name: "a/b".into(),
        ..NewService::default()
    };
    assert_eq!(
        fields(&bad, &[]),
        vec![
            "Name",
            "Chart registry",
            "Chart repository",
            "Chart tag",
            "Values (JSON)",
            "Credentials secret"
        ]
    );
    assert!(name_problem(&"a".repeat(64), &[]).unwrap().contains("63"));
    assert!(name_problem("-a", &[]).is_some());
    assert!(name_problem("a-", &[]).is_some());
    assert_eq!(name_problem("pg-2", &[]), None);
    assert_eq!(name_problem("", &[]).as_deref(), Some("Enter a name."));
}

#[test]
fn secrets_are_listed_by_key() {
    let e = secret_entries(vec![
        ("password".into(), "<b>x</b>".into()),
        ("user".into(), "u".into()),
        ("host".into(), "h".into()),
    ]);
    let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["host", "password", "user"]);
    assert_eq!(e[1].1, "<b>x</b>");
}

#[test]
fn services_are_listed_by_name() {
    let mut rows = vec![svc("Running", ""), svc("Running", ""), svc("Running", "")];
    rows[0].name = "mlflow".into();
    rows[1].name = "Alpha".into();
    rows[2].id = "0".into();
    sort_services(&mut rows);
    let names: Vec<&str> = rows.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["Alpha", "mlflow", "postgres"]);
}
