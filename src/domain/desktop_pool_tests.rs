use super::*;
use crate::domain::fixtures::healthy;
use crate::domain::workbench::K8sWorkbenchStatus;

fn ready(id: &str, ws: &str, name: &str) -> Workbench {
    let mut w = healthy();
    w.id = id.into();
    w.workspace_id = ws.into();
    w.name = name.into();
    assert!(w.is_ready());
    w
}

fn src(id: &str) -> DesktopFrame {
    DesktopFrame {
        src: format!("/api/rest/v1/workbenches/{id}/stream/"),
        sandbox: crate::domain::desktop_settings::DESKTOP_SANDBOX,
        allow: crate::domain::desktop_settings::DESKTOP_ALLOW,
    }
}

fn ids(pool: &DesktopPool) -> Vec<&str> {
    pool.desktops().iter().map(Desktop::id).collect()
}

/// Shows then leaves each session in turn.
fn visit(pool: &mut DesktopPool, id: &str) -> Vec<String> {
    let mut dropped = pool.show(&ready(id, "1", &format!("S{id}")), &src(id));
    dropped.extend(pool.hide(id));
    dropped
}

#[test]
fn keeps_at_most_the_capacity_dropping_the_least_recently_used() {
    let mut pool = DesktopPool::new(4);
    for id in ["a", "b", "c", "d"] {
        assert!(visit(&mut pool, id).is_empty());
    }
    // Back to a: now b is the oldest.
    visit(&mut pool, "a");
    assert_eq!(visit(&mut pool, "e"), vec!["b".to_owned()]);
    assert_eq!(ids(&pool), ["a", "c", "d", "e"]);
    assert_eq!(visit(&mut pool, "f"), vec!["c".to_owned()]);
    assert_eq!(ids(&pool).len(), 4);
}

#[test]
fn the_shown_desktop_is_never_dropped() {
    let mut pool = DesktopPool::new(1);
    visit(&mut pool, "a");
    // Showing b: a goes, b stays while shown and after.
    assert_eq!(
        pool.show(&ready("b", "1", "B"), &src("b")),
        vec!["a".to_owned()]
    );
    assert_eq!(pool.shown(), Some("b"));
    assert!(pool.hide("b").is_empty());
    assert_eq!(ids(&pool), ["b"]);
}

#[test]
fn capacity_zero_keeps_only_the_shown_desktop() {
    let mut pool = DesktopPool::new(0);
    assert!(pool.show(&ready("a", "1", "A"), &src("a")).is_empty());
    assert!(pool.holds("a"));
    assert_eq!(pool.hide("a"), vec!["a".to_owned()]);
    assert!(pool.desktops().is_empty());
}

#[test]
fn hiding_another_session_leaves_the_shown_one() {
    let mut pool = DesktopPool::new(4);
    pool.show(&ready("a", "1", "A"), &src("a"));
    pool.show(&ready("b", "1", "B"), &src("b"));
    // a's page cleaned up after b's page mounted.
    pool.hide("a");
    assert_eq!(pool.shown(), Some("b"));
}

#[test]
fn showing_again_updates_the_record_without_adding() {
    let mut pool = DesktopPool::new(4);
    pool.show(&ready("a", "1", "Old"), &src("a"));
    pool.show(&ready("a", "1", "New"), &src("a"));
    assert_eq!(pool.desktops().len(), 1);
    assert_eq!(pool.workbench("a").map(|w| w.name.as_str()), Some("New"));
}

#[test]
fn a_stopped_or_missing_session_is_dropped_by_reconcile() {
    let mut pool = DesktopPool::new(4);
    visit(&mut pool, "a");
    visit(&mut pool, "b");
    pool.show(&ready("x", "2", "Elsewhere"), &src("x"));
    pool.hide("x");
    let mut stopped = ready("a", "1", "A");
    stopped.k8s_status = K8sWorkbenchStatus::Failed;
    // a stopped, b is missing from the list; x is in another workspace and stays.
    let dropped = pool.reconcile("1", &[stopped, ready("c", "1", "C")]);
    assert_eq!(dropped, vec!["a".to_owned(), "b".to_owned()]);
    assert_eq!(ids(&pool), ["x"]);
}

#[test]
fn drop_session_forgets_it_everywhere() {
    let mut pool = DesktopPool::new(4);
    pool.show(&ready("a", "1", "A"), &src("a"));
    pool.reconcile("1", &[ready("a", "1", "A"), ready("b", "1", "B")]);
    assert!(pool.drop_session("a"));
    assert_eq!(pool.shown(), None);
    assert!(!pool.drop_session("a"));
    assert!(pool.switch_targets("b").is_empty());
}

#[test]
fn switch_targets_list_live_desktops_first_then_ready_sessions_by_name() {
    let mut pool = DesktopPool::new(4);
    visit(&mut pool, "a");
    visit(&mut pool, "b");
    pool.show(&ready("cur", "1", "Current"), &src("cur"));
    pool.reconcile(
        "1",
        &[
            ready("a", "1", "Sa"),
            ready("b", "1", "Sb"),
            ready("cur", "1", "Current"),
            ready("z", "1", "zeta"),
            ready("y", "1", "Alpha"),
        ],
    );
    let t = pool.switch_targets("cur");
    let names: Vec<(&str, bool)> = t.iter().map(|t| (t.name.as_str(), t.live)).collect();
    assert_eq!(
        names,
        [
            ("Sb", true),
            ("Sa", true),
            ("Alpha", false),
            ("zeta", false)
        ]
    );
    assert!(t.iter().all(|t| t.workspace_id == "1"));
}

#[test]
fn switch_targets_are_bounded() {
    let mut pool = DesktopPool::new(4);
    let list: Vec<Workbench> = (0..20)
        .map(|i| ready(&format!("s{i}"), "1", &format!("S{i:02}")))
        .collect();
    pool.reconcile("1", &list);
    assert_eq!(pool.switch_targets("s0").len(), MAX_SWITCH_TARGETS);
}

#[test]
fn clear_forgets_everything() {
    let mut pool = DesktopPool::new(4);
    visit(&mut pool, "a");
    pool.reconcile("1", &[ready("b", "1", "B")]);
    pool.clear();
    assert!(pool.desktops().is_empty());
    assert!(pool.switch_targets("").is_empty());
}

#[test]
fn loaded_belongs_to_the_desktop_and_goes_with_it() {
    let mut pool = DesktopPool::new(1);
    pool.show(&ready("a", "1", "A"), &src("a"));
    assert!(!pool.is_loaded("a"));
    pool.mark_loaded("a");
    assert!(pool.is_loaded("a"));
    // Dropped by the bound, then shown again: a new frame, not loaded yet.
    pool.hide("a");
    visit(&mut pool, "b");
    assert!(!pool.holds("a"));
    pool.show(&ready("a", "1", "A"), &src("a"));
    assert!(!pool.is_loaded("a"));
    // A desktop that is gone cannot be marked.
    pool.mark_loaded("zz");
    assert!(!pool.is_loaded("zz"));
}

#[test]
fn a_desktop_keeps_its_frame_until_it_reconnects_alone() {
    let mut pool = DesktopPool::new(4);
    pool.show(&ready("a", "1", "A"), &src("a"));
    pool.show(&ready("b", "1", "B"), &src("b"));
    pool.mark_loaded("a");
    pool.mark_loaded("b");
    let german = DesktopFrame {
        src: format!("{}?keyboard_layout=de", src("a").src),
        ..src("a")
    };
    // Shown again with other settings (a navigation back): the address stays.
    pool.show(&ready("a", "1", "A"), &german);
    assert_eq!(pool.frame("a"), Some(&src("a")));
    assert!(pool.is_loaded("a"));

    assert!(pool.reconnect("a", &german));
    assert_eq!(pool.frame("a"), Some(&german));
    assert!(!pool.is_loaded("a"), "its page loads again");
    assert_eq!(pool.desktops()[0].generation, 1);
    // The other desktop is untouched.
    assert_eq!(pool.frame("b"), Some(&src("b")));
    assert!(pool.is_loaded("b"));
    assert_eq!(pool.desktops()[1].generation, 0);

    // The same address again (a frozen desktop): a new frame all the same.
    assert!(pool.reconnect("a", &german));
    assert_eq!(pool.desktops()[0].generation, 2);
    assert!(!pool.reconnect("gone", &german));
}
