use super::*;

fn n(id: &str, system: bool, read: bool, at: &str) -> Notification {
    Notification {
        id: id.into(),
        message: format!("Message {id}"),
        created_at: Some(at.into()),
        read,
        refresh_jwt: system,
        request_id: None,
    }
}

fn at(i: u32) -> String {
    format!("2026-11-26T10:{:02}:00Z", i % 60)
}

#[test]
fn system_notifications_are_never_rows_nor_counted() {
    let mut w = Walk::default();
    w.take(
        vec![
            n("a", false, false, &at(3)),
            n("s", true, false, &at(2)),
            n("b", false, false, &at(1)),
        ],
        3,
        BACKEND_PAGE,
    );
    assert!(w.done());
    assert_eq!(
        w.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(w.count(), Count::Exact(2));
    assert_eq!(showing(20, w.count()), "Showing 1–2 of 2");
    // Before the end: at most the backend's total less the system ones seen.
    let mut part = Walk::default();
    let page: Vec<_> = (0..50)
        .map(|i| n(&format!("n{i}"), i % 10 == 0, false, &at(i)))
        .collect();
    part.take(page, 120, BACKEND_PAGE);
    assert!(!part.done());
    assert_eq!(part.count(), Count::AtMost(115));
    assert_eq!(showing(20, part.count()), "Showing 1–20 of at most 115");
    assert_eq!(showing(20, Count::Exact(34)), "Showing 1–20 of 34");
    assert_eq!(showing(40, Count::Exact(34)), "Showing 1–34 of 34");
}

#[test]
fn the_walk_reads_on_for_rows_and_for_a_search_up_to_its_limit() {
    let mut w = Walk::default();
    assert!(w.wants_more(20, false), "nothing read yet");
    let mut id = 0;
    while w.wants_more(20, true) {
        let offset = w.next_offset();
        let page: Vec<_> = (0..BACKEND_PAGE)
            .map(|_| {
                id += 1;
                n(&format!("n{id}"), id % 2 == 0, true, &at(id))
            })
            .collect();
        assert_eq!(offset, w.read);
        w.take(page, 1000, BACKEND_PAGE);
    }
    assert_eq!(
        w.read, SEARCH_LIMIT,
        "a search stops at 200 notifications read"
    );
    assert!(!w.wants_more(20, false), "100 rows are enough for 20");
    assert!(search_note(&w, 3, false).contains("stopped after the newest 200 notifications"));
    // A short page is the end.
    let mut short = Walk::default();
    short.take(vec![n("a", false, false, &at(1))], 9, BACKEND_PAGE);
    assert!(short.done());
    assert!(!short.wants_more(20, true));
    assert_eq!(
        search_note(&short, 1, false),
        "1 message matches. Every message was searched."
    );
    assert_eq!(
        search_note(&short, 0, true),
        "Searching… No message matches so far."
    );
    // Rows marked read leave an unread list: the next page starts earlier; a row that comes
    // twice (the list moved) is kept once.
    let mut unread = Walk::default();
    let page: Vec<_> = (0..50)
        .map(|i| n(&format!("u{i}"), false, false, &at(i)))
        .collect();
    unread.take(page.clone(), 80, BACKEND_PAGE);
    unread.left = 2;
    assert_eq!(unread.next_offset(), 48);
    unread.take(page[48..].to_vec(), 78, BACKEND_PAGE);
    assert_eq!(unread.rows.len(), 50);
}

#[test]
fn search_matches_every_word_in_any_case() {
    let words = search_words("  Approval   REJECTED ");
    assert_eq!(words, ["approval", "rejected"]);
    assert!(matches("Approval request 'x' has been rejected.", &words));
    assert!(!matches("Approval request 'x' has been approved.", &words));
    assert!(search_words(" ").is_empty());
}

#[test]
fn a_mark_is_never_undone_by_a_cached_reply() {
    let mut marks = Marks::default();
    marks.mark(["a".to_owned()]);
    // A reply from CHORUS's cache: still unread.
    let mut stale = vec![n("a", false, false, &at(5)), n("b", false, false, &at(6))];
    marks.apply(&mut stale);
    assert!(stale[0].read, "the mark holds over the cached reply");
    assert!(!stale[1].read);
    // The backend agrees: the mark is no longer needed.
    let mut fresh = vec![n("a", false, true, &at(5))];
    marks.apply(&mut fresh);
    assert!(!marks.covers(&n("a", false, false, &at(5))));
    // Mark all: everything up to the newest then known, whatever page it is on.
    let mut all = Marks::default();
    all.mark_all(parse_rfc3339_ms(&at(10)), ["x".to_owned()]);
    let mut later = vec![
        n("old", false, false, &at(9)),
        n("edge", false, false, &at(10)),
        n("new", false, false, &at(11)),
    ];
    all.apply(&mut later);
    assert_eq!(
        later.iter().map(|l| l.read).collect::<Vec<_>>(),
        [true, true, false]
    );
}

#[test]
fn mark_all_acts_first_on_a_role_refresh_it_would_swallow() {
    let unread = vec![
        n("m", false, false, &at(1)),
        n("r1", true, false, &at(2)),
        n("r2", true, false, &at(3)),
    ];
    assert_eq!(pending_refresh(&unread, &["r1".to_owned()]), ["r2"]);
    assert!(pending_refresh(&unread, &["r1".to_owned(), "r2".to_owned()]).is_empty());
    let pending = pending_refresh(&unread, &[]);
    assert_eq!(mark_all_body(&unread, &pending, true), MarkAll::Everything);
    assert_eq!(mark_all_body(&unread, &[], false), MarkAll::Everything);
    // The refresh failed: only the rows, the system ones stay for the next look.
    assert_eq!(
        mark_all_body(&unread, &pending, false),
        MarkAll::Only(vec!["m".to_owned()])
    );
}

#[test]
fn the_tab_lives_in_the_query() {
    assert_eq!(Tab::from_query(None), Tab::Unread);
    assert_eq!(Tab::from_query(Some("all")), Tab::All);
    assert_eq!(Tab::from_query(Some("bogus")), Tab::Unread);
    assert_eq!(Tab::All.as_str(), "all");
}
