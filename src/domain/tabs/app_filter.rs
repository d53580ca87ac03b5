//! `Search apps` in the `Open app` menu (issues 50, 49): which apps a filter keeps (a case-insensitive
//! part of the name), how many of them are drawn as buttons (at most [`DRAWN_AT_MOST`]: a
//! catalogue of a thousand apps is not a thousand buttons), and what is said of it in words.
use super::App;
use crate::domain::text::grouped;

/// The filter box is shown when the catalogue has more apps than this.
pub(crate) const FILTER_OVER: usize = 8;

/// At most this many matching apps are drawn; the others are counted ("N more: type to narrow").
pub(crate) const DRAWN_AT_MOST: usize = 50;

/// What the menu draws for a filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AppsShown {
    /// Positions (in the catalogue's order) of the apps drawn: the first matches.
    pub drawn: Vec<usize>,
    /// How many apps match in all.
    pub matches: usize,
}

impl AppsShown {
    /// How many matching apps are not drawn.
    pub(crate) fn more(&self) -> usize {
        self.matches.saturating_sub(self.drawn.len())
    }
}

/// The apps of `apps` whose name contains `query` (case-insensitively, spaces around it
/// ignored), every app for an empty query; the first `at_most` of them drawn.
pub(crate) fn apps_shown(apps: &[App], query: &str, at_most: usize) -> AppsShown {
    let q = query.trim().to_lowercase();
    let mut shown = AppsShown::default();
    for (i, app) in apps.iter().enumerate() {
        if q.is_empty() || app.name.to_lowercase().contains(&q) {
            shown.matches += 1;
            if shown.drawn.len() < at_most {
                shown.drawn.push(i);
            }
        }
    }
    shown
}

fn apps_word(n: usize) -> String {
    match n {
        1 => "1 app".to_owned(),
        n => format!("{} apps", grouped(n as u64)),
    }
}

/// `1,004 apps.` without a filter, `3 of 1,004 apps match.` with one, `No app matches “x”.`
/// when none does.
pub(crate) fn count_words(matches: usize, total: usize, query: &str) -> String {
    let query = query.trim();
    if query.is_empty() {
        return format!("{}.", apps_word(total));
    }
    match matches {
        0 => format!(
            "No app matches “{}”.",
            crate::domain::text::shown_string(query)
        ),
        1 => format!("1 of {} matches.", apps_word(total)),
        n => format!("{} of {} match.", grouped(n as u64), apps_word(total)),
    }
}

/// `954 more: type to narrow.` when matching apps are not drawn.
pub(crate) fn more_words(more: usize) -> Option<String> {
    (more > 0).then(|| format!("{} more: type to narrow.", grouped(more as u64)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apps(names: &[&str]) -> Vec<App> {
        names
            .iter()
            .map(|n| App {
                id: n.to_string(),
                name: n.to_string(),
                ..App::default()
            })
            .collect()
    }

    #[test]
    fn an_empty_filter_keeps_every_app_and_draws_the_first() {
        let a = apps(&["JupyterLab", "RStudio", "VS Code"]);
        let s = apps_shown(&a, "  ", 2);
        assert_eq!(s.drawn, vec![0, 1]);
        assert_eq!(s.matches, 3);
        assert_eq!(s.more(), 1);
    }

    #[test]
    fn a_filter_is_a_case_insensitive_part_of_the_name() {
        let a = apps(&["JupyterLab", "RStudio", "VS Code", "Jupyter Notebook"]);
        let s = apps_shown(&a, "JUPYTER", 50);
        assert_eq!(s.drawn, vec![0, 3]);
        assert_eq!(s.matches, 2);
        assert_eq!(s.more(), 0);
        assert_eq!(apps_shown(&a, " code ", 50).drawn, vec![2]);
        assert_eq!(apps_shown(&a, "Ö", 50).matches, 0);
    }

    #[test]
    fn a_thousand_apps_draw_at_most_the_bound() {
        let names: Vec<String> = (0..1_004).map(|i| format!("App {i:04}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let a = apps(&refs);
        let s = apps_shown(&a, "", DRAWN_AT_MOST);
        assert_eq!(s.drawn.len(), DRAWN_AT_MOST);
        assert_eq!(s.matches, 1_004);
        assert_eq!(
            more_words(s.more()).as_deref(),
            Some("954 more: type to narrow.")
        );
        let s = apps_shown(&a, "app 100", DRAWN_AT_MOST);
        assert_eq!(s.drawn, vec![1000, 1001, 1002, 1003]);
        assert_eq!(more_words(s.more()), None);
    }

    #[test]
    fn the_count_in_words() {
        assert_eq!(count_words(1_004, 1_004, ""), "1,004 apps.");
        assert_eq!(count_words(1, 1, ""), "1 app.");
        assert_eq!(count_words(3, 1_004, "lab"), "3 of 1,004 apps match.");
        assert_eq!(count_words(1, 12, "lab"), "1 of 12 apps matches.");
        assert_eq!(count_words(0, 12, "xyz"), "No app matches “xyz”.");
    }
}
