//! The audit log as CSV (ui.md, "audit": `Download CSV` writes every page the filters select,
//! fetched one at a time): [`header`] once, then [`rows`] for each page as it arrives.
//!
//! A small RFC 4180 writer of our own rather than the `csv` crate: every cell is a string, so
//! all it needs is quoting (every cell is quoted, its quotes doubled; lines end with CRLF), which is a few lines, where `csv` brings
//! its reader-and-writer core, `io::Write` plumbing and number formatting to the bundle. The
//! native tests read what it writes back with the `csv` crate as the oracle.
//!
//! A cell a spreadsheet would take for a formula gets a `'` first, so that text someone wrote
//! into an audited field cannot run as a formula on the auditor's machine: one starting with a
//! tab or a carriage return, or whose first visible character is `=`, `+`, `-` or `@` (or their
//! full-width forms `＝ ＋ － ＠`, or small forms `﹦ ﹢ ﹣ ﹫`), after any white space, byte order
//! marks and zero-width characters (see [`formula_like`]); the same after every `,`, `;`, tab
//! or line break inside a cell, where a spreadsheet with another list separator starts a cell
//! (issue 55: `x;=1+1` was a live formula where the separator is `;`). The file starts with a UTF-8 byte
//! order mark so that spreadsheets read names in any alphabet.
//!
//! A bidirectional control (U+202E, right-to-left override, and the like) in a cell is written
//! as the marker the pages show (`<U+202E>`, `domain::text::shown`), not raw: the file is read
//! by people in spreadsheets, where a raw control makes a file name or a description read as
//! something else, as it would on the page (issue 45).
use super::audit::{action_words, AuditEntry, AuditScope};
use super::text::shown;
use super::time::{format_rfc3339_utc, parse_rfc3339_ms};

/// The UTF-8 byte order mark that starts the file.
pub const BOM: char = '\u{feff}';

/// The columns, in order.
pub const COLUMNS: [&str; 10] = [
    "When (UTC)",
    "Who",
    "Who (user id)",
    "Action",
    "What",
    "Description",
    "Workspace",
    "Session",
    "User",
    "Details",
];

/// Whether a spreadsheet could take `text` for a formula: it starts with a tab or a carriage
/// return (also after spaces or line feeds), or its first visible character is a formula's first (`=`, `+`, `-`, `@`, their
/// full-width and small forms), after white space (any: spaces, line feeds, no-break and
/// ideographic spaces), byte order marks (U+FEFF) and zero-width characters (U+200B–U+200D,
/// U+2060).
pub(crate) fn formula_like(text: &str) -> bool {
    if text
        .trim_start_matches([' ', '\n'])
        .starts_with(['\t', '\r'])
    {
        return true;
    }
    let invisible = |c: char| {
        c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}')
    };
    text.trim_start_matches(invisible).starts_with([
        '=', '+', '-', '@', // ASCII
        '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}', // full-width ＝ ＋ － ＠
        '\u{fe66}', '\u{fe62}', '\u{fe63}', '\u{fe6b}', // small ﹦ ﹢ ﹣ ﹫
    ])
}

/// Where a spreadsheet may start a cell inside one of ours: after a `,` or a `;` (a spreadsheet
/// whose list separator is `;` splits `"x;=1+1"` there, quotes or not, issue 55), a tab, or a
/// line break (a reader that ignores quotes).
const SEPARATORS: [char; 5] = [',', ';', '\t', '\n', '\r'];

/// One cell as written: its bidirectional controls as markers, guarded against formulas (at its
/// start and after every [`SEPARATORS`] inside it, where a `'` goes in before a formula,
/// quotes skipped), and always quoted (its quotes doubled).
pub fn cell(text: &str) -> String {
    let text = shown(text);
    let mut out = String::with_capacity(text.len() + 4);
    out.push('"');
    let mut push = |part: &str| out.push_str(&part.replace('"', "\"\""));
    if formula_like(&text) {
        push("'");
    }
    let mut rest: &str = &text;
    while let Some(i) = rest.find(SEPARATORS) {
        let (head, tail) = rest.split_at(i + 1);
        push(head);
        // A CRLF is one break: the guard goes after its LF.
        let crlf = head.ends_with('\r') && tail.starts_with('\n');
        if !crlf && formula_like(tail.trim_start_matches('"')) {
            push("'");
        }
        rest = tail;
    }
    push(rest);
    out.push('"');
    out
}

fn line(cells: &[&str]) -> String {
    let mut out = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell(c));
    }
    out.push_str("\r\n");
    out
}

/// The start of the file: the byte order mark and the header line.
pub fn header() -> String {
    let mut out = String::from(BOM);
    out.push_str(&line(&COLUMNS));
    out
}

/// An entry's details as one JSON object (`{"compliance":"…"}`; `""` when it has none).
pub fn details_json(entry: &AuditEntry) -> String {
    if entry.details.is_empty() {
        return String::new();
    }
    let map: serde_json::Map<String, serde_json::Value> = entry
        .details
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// The lines of `entries`, in the order given (the caller's: newest first).
pub fn rows(entries: &[AuditEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        let when = parse_rfc3339_ms(&e.created_at)
            .map(format_rfc3339_utc)
            .unwrap_or_else(|| e.created_at.clone());
        let who = if e.actor_username.trim().is_empty() {
            String::new()
        } else {
            e.actor_username.clone()
        };
        let details = details_json(e);
        out.push_str(&line(&[
            &when,
            &who,
            &e.actor_id,
            &e.action,
            &action_words(&e.action),
            &e.description,
            e.workspace_id.as_deref().unwrap_or(""),
            e.workbench_id.as_deref().unwrap_or(""),
            e.user_id.as_deref().unwrap_or(""),
            &details,
        ]));
    }
    out
}

/// The file's name for a download of `scope` made at `now_ms`, named by what it holds:
/// `audit-platform-2025-11-15.csv`, `audit-workspace-3-2025-11-15.csv`,
/// `audit-session-7-2025-11-15.csv` (ids kept to letters, digits and `-`, so no name can lead
/// the file elsewhere).
pub fn file_name(scope: &AuditScope, now_ms: i64) -> String {
    let day = format_rfc3339_utc(now_ms);
    let safe = |id: &str| -> String {
        let s: String = id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(40)
            .collect();
        if s.is_empty() {
            "x".into()
        } else {
            s
        }
    };
    let what = match scope {
        AuditScope::Platform => "platform".to_owned(),
        AuditScope::Workspace(id) => format!("workspace-{}", safe(id)),
        AuditScope::Workbench(id) => format!("session-{}", safe(id)),
        AuditScope::User(id) => format!("user-{}", safe(id)),
        AuditScope::Actor(id) => format!("by-user-{}", safe(id)),
    };
    format!("audit-{what}-{}.csv", day.get(..10).unwrap_or("export"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> AuditEntry {
        AuditEntry {
            id: "1".into(),
            actor_id: "5".into(),
            actor_username: "zoé".into(),
            correlation_id: "c".into(),
            action: "CreateFile".into(),
            workspace_id: Some("3".into()),
            workbench_id: None,
            user_id: None,
            description: "file \"a, b\"\nsecond line".into(),
            details: vec![("compliance".into(), "=cmd|' /C calc'!A0".into())],
            created_at: "2025-11-15T13:00:00.123456+01:00".into(),
        }
    }

    /// Reads CSV text back as an RFC 4180 reader (the `csv` crate, a native dev-dependency)
    /// does.
    #[cfg(not(target_arch = "wasm32"))]
    fn read(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect())
            .collect()
    }

    #[test]
    fn every_cell_is_quoted() {
        assert_eq!(cell("plain"), "\"plain\"");
        assert_eq!(cell(""), "\"\"");
        assert_eq!(cell("a b"), "\"a b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(cell("é 漢字"), "\"é 漢字\"");
    }

    #[test]
    fn formulas_are_defused() {
        for (given, written) in [
            ("=1+1", "\"'=1+1\""),
            ("+1", "\"'+1\""),
            ("-1", "\"'-1\""),
            ("@SUM(A1)", "\"'@SUM(A1)\""),
            ("\tx", "\"'\tx\""),
            ("  =1", "\"'  =1\""),
            // Also after the line break: a reader that ignores quotes starts a row there.
            ("\n-1", "\"'\n'-1\""),
            ("\r=1", "\"'\r'=1\""),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            ),
        ] {
            assert_eq!(cell(given), written, "{given:?}");
        }
        for harmless in ["a=1", "1-2", "x@y.org", "'quoted", "a, b; c", "x;y=1"] {
            assert_eq!(cell(harmless), format!("\"{harmless}\""));
        }
    }

    #[test]
    fn a_formula_after_a_separator_inside_a_cell_is_defused() {
        // Issue 55: where the list separator is `;`, `x;=1+1` opened as a live formula.
        for (given, written) in [
            ("x;=1+1", "x;'=1+1"),
            ("x,=1+1", "x,'=1+1"),
            ("a, -b", "a,' -b"),
            ("a;+1;@SUM(A1)", "a;'+1;'@SUM(A1)"),
            ("a;\u{feff}\u{ff1d}1", "a;'\u{feff}\u{ff1d}1"),
            ("x;\"=1+1", "x;'\"\"=1+1"),
            ("a\t=1", "a\t'=1"),
            ("line\n=1", "line\n'=1"),
            ("line\r\n=1", "line\r\n'=1"),
            ("line\r=1", "line\r'=1"),
            ("=1;=2", "'=1;'=2"),
        ] {
            assert_eq!(cell(given), format!("\"{written}\""), "{given:?}");
        }
    }

    /// Issue 45: what a spreadsheet still reads as a formula behind invisible characters or in
    /// full-width forms, and cells starting with a tab or a carriage return.
    const HIDDEN_FORMULAS: [&str; 20] = [
        "\t",
        "\r",
        "\tplain",
        "\r\nplain",
        "\u{feff}=1+1",
        " \u{feff}=1+1",
        "\u{feff}\u{feff}@SUM(A1)",
        "\u{a0}+1",
        "\u{3000}-1",
        "\u{2003}\u{2009}=1",
        "\u{200b}=1",
        "\u{2060}+1",
        "\u{ff1d}1+1",
        "\u{ff0b}1",
        "\u{ff0d}1",
        "\u{ff20}SUM(A1)",
        " \n\u{ff1d}HYPERLINK(\"http://x\")",
        "\u{feff}\u{ff20}x",
        "\u{fe66}1",
        "\u{fe63}1",
    ];

    #[test]
    fn formulas_behind_invisible_characters_or_in_full_width_are_defused() {
        for given in HIDDEN_FORMULAS {
            assert!(formula_like(given), "{given:?}");
            let written = cell(given);
            let body = written.trim_start_matches('"');
            assert!(body.starts_with('\''), "{given:?} → {written:?}");
        }
        for harmless in [
            "\u{feff}plain",
            "a\u{ff1d}1",
            "1\u{ff0d}2",
            "x\u{ff20}y.org",
            "\u{3000}漢字",
            "\u{200b}",
            "",
            "   ",
        ] {
            assert!(!formula_like(harmless), "{harmless:?}");
            assert!(!cell(harmless).contains('\''), "{harmless:?}");
        }
    }

    #[test]
    fn bidirectional_controls_are_written_as_markers() {
        assert_eq!(cell("counts\u{202e}xslx.txt"), "\"counts<U+202E>xslx.txt\"");
        // A control before a formula: the marker is visible, and what follows is no formula.
        assert_eq!(cell("\u{202e}=1+1"), "\"<U+202E>=1+1\"");
        assert_eq!(cell("-\u{2066}x"), "\"'-<U+2066>x\"");
        // Letters of right-to-left scripts are text.
        assert_eq!(cell("تقرير.csv"), "\"تقرير.csv\"");
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn guarded_cells_read_back_as_the_guarded_text() {
        // The formula after the line break is guarded too (a reader ignoring quotes starts a
        // cell there).
        let guarded =
            HIDDEN_FORMULAS.map(|f| (f, format!("'{f}").replace("\n\u{ff1d}", "\n'\u{ff1d}")));
        let others = [
            ("=1+1", "'=1+1".to_owned()),
            (
                "counts\u{202e}xslx.txt",
                "counts<U+202E>xslx.txt".to_owned(),
            ),
            ("\u{202e}=1", "<U+202E>=1".to_owned()),
            ("\u{feff}plain", "\u{feff}plain".to_owned()),
        ];
        for (given, expected) in guarded.into_iter().chain(others) {
            // A first column keeps a reader from taking a cell's byte order mark for the file's.
            let back = read(&line(&["first", given]));
            assert_eq!(back, [vec!["first".to_owned(), expected]], "{given:?}");
        }
    }

    /// Reads CSV text as a spreadsheet with list separator `sep` would split it.
    #[cfg(not(target_arch = "wasm32"))]
    fn read_as(text: &str, sep: u8) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(sep)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("readable").iter().map(str::to_owned).collect())
            .collect()
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn no_cell_is_a_live_formula_whatever_the_list_separator() {
        let hostile = [
            "x;=1+1",
            "x,=1+1",
            "a;+1;@SUM(A1)",
            "x;\"=1+1",
            "a, -rm",
            "tab\t=1",
            "deleted /disk/raw/x;=HYPERLINK(\"http://x\",\"y\")",
            "a;\u{3000}\u{ff1d}1",
            "=1+1",
        ];
        for given in hostile {
            let text = line(&["first", given, "last"]);
            // The same text back, with `,` (RFC 4180).
            let back = read(&text);
            assert_eq!(back[0].len(), 3, "{given:?}");
            assert!(!formula_like(&back[0][1]), "{given:?}: {:?}", back[0][1]);
            // No cell a spreadsheet splitting at `;` or a tab would find starts a formula.
            for sep in [b';', b'\t', b','] {
                for row in read_as(&text, sep) {
                    for field in row {
                        assert!(
                            !formula_like(field.trim_start_matches('"')),
                            "{given:?} split at {:?}: {field:?}",
                            sep as char
                        );
                    }
                }
            }
        }
        // Without the guard, a `;` reader finds the formula (the oracle sees what it should).
        let unguarded = "\"first\",\"x;=1+1\",\"last\"\r\n";
        assert!(read_as(unguarded, b';')
            .iter()
            .flatten()
            .any(|f| formula_like(f)));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_header_has_a_bom_and_the_columns() {
        let h = header();
        assert!(h.starts_with('\u{feff}'));
        assert!(h.ends_with("\r\n"));
        let back = read(h.trim_start_matches(BOM));
        assert_eq!(back, [COLUMNS.map(String::from).to_vec()]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn rows_read_back_as_written_page_by_page() {
        let mut second = entry();
        second.actor_username = String::new();
        second.action = "SomethingNew".into();
        second.created_at = "not a time".into();
        second.details.clear();
        second.description = "-rm -rf".into();
        let text = format!("{}{}{}", header(), rows(&[entry()]), rows(&[second]));
        let back = read(text.trim_start_matches(BOM));
        assert_eq!(back.len(), 3);
        assert_eq!(
            back[1],
            [
                "2025-11-15T12:00:00Z",
                "zoé",
                "5",
                "CreateFile",
                "uploaded a file",
                "file \"a, b\"\nsecond line",
                "3",
                "",
                "",
                "{\"compliance\":\"=cmd|' /C calc'!A0\"}",
            ]
        );
        // The details start with `{`: no guard needed there; the description's `-` is guarded.
        assert_eq!(
            back[2],
            [
                "not a time",
                "",
                "5",
                "SomethingNew",
                "something new",
                "'-rm -rf",
                "3",
                "",
                "",
                ""
            ]
        );
        assert!(rows(&[]).is_empty());
    }

    #[test]
    fn details_are_json() {
        let mut e = entry();
        e.details = vec![
            ("compliance".into(), "I confirm \"no\" patient data".into()),
            ("b".into(), "{\"n\":1}".into()),
        ];
        let json: serde_json::Value = serde_json::from_str(&details_json(&e)).unwrap();
        assert_eq!(json["compliance"], "I confirm \"no\" patient data");
        assert_eq!(json["b"], "{\"n\":1}");
        e.details.clear();
        assert_eq!(details_json(&e), "");
    }

    #[test]
    fn the_file_is_named_by_what_it_holds_and_its_day() {
        assert_eq!(
            file_name(&AuditScope::Platform, 0),
            "audit-platform-1970-01-01.csv"
        );
        assert_eq!(
            file_name(&AuditScope::Workspace("3".into()), 0),
            "audit-workspace-3-1970-01-01.csv"
        );
        assert_eq!(
            file_name(&AuditScope::Workbench("../../7".into()), 0),
            "audit-session-7-1970-01-01.csv"
        );
        assert_eq!(
            file_name(&AuditScope::Workspace("/".into()), 0),
            "audit-workspace-x-1970-01-01.csv"
        );
    }
}
