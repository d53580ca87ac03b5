use super::*;

fn names(n: &[&str]) -> Vec<String> {
    n.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn jobs_run_one_at_a_time_in_order_and_the_loop_stops_when_none_waits() {
    let mut q = UploadQueue::new();
    assert!(!q.busy());
    assert!(q.enqueue([(1, "a"), (2, "b")]), "an idle queue is started");
    assert!(!q.enqueue([(3, "c")]), "a running one is not started twice");
    assert_eq!(q.next(), Some((1, "a")));
    assert!(q.cancel(1).running, "job 1 runs");
    q.finished();
    assert!(!q.cancel(5).running);
    assert_eq!(q.next(), Some((2, "b")));
    q.finished();
    assert_eq!(q.next(), Some((3, "c")));
    q.finished();
    assert!(q.busy());
    assert_eq!(q.next(), None);
    assert!(!q.busy(), "the loop is off");
    assert!(q.enqueue([(4, "d")]), "and is started again");
}

#[test]
fn a_cancel_drops_a_waiting_job_hands_back_a_parked_one_and_stops_the_running_one() {
    let mut q = UploadQueue::new();
    q.enqueue([(1, "run"), (2, "wait")]);
    assert_eq!(q.next(), Some((1, "run")));
    q.park(3, "parked");

    let c = q.cancel(2);
    assert_eq!((c.dropped, c.parked, c.running), (true, None, false));
    let c = q.cancel(3);
    assert_eq!(
        (c.dropped, c.parked, c.running),
        (false, Some("parked"), false)
    );
    let c = q.cancel(1);
    assert_eq!((c.dropped, c.parked, c.running), (false, None, true));
    assert!(q.is_cancelled(1) && q.is_cancelled(2) && q.is_cancelled(3));
    assert!(!q.is_cancelled(4));
    q.finished();
    assert_eq!(q.next(), None, "the waiting job was dropped");
    assert_eq!(q.unpark(3), None, "the parked one was taken");
}

#[test]
fn an_answer_or_a_retry_takes_the_parked_job_once() {
    let mut q = UploadQueue::new();
    q.park(7, "x");
    q.park(8, "y");
    assert_eq!(q.unpark(8), Some("y"));
    assert_eq!(q.unpark(8), None, "a second click finds nothing");
    assert_eq!(q.unpark(7), Some("x"));
}

#[test]
fn a_sign_out_takes_every_job_and_cancels_them_with_the_running_one() {
    let mut q = UploadQueue::new();
    q.enqueue([(1, "run"), (2, "wait")]);
    q.next();
    q.park(3, "parked");
    let (jobs, running) = q.take_all();
    assert_eq!(jobs, ["wait", "parked"]);
    assert!(running);
    assert!((1..=3).all(|id| q.is_cancelled(id)));
    q.finished();
    assert_eq!(q.next(), None);
    assert_eq!(
        q.take_all(),
        (Vec::new(), false),
        "nothing left, nothing runs"
    );
}

#[test]
fn a_cancelled_run_parks_nothing() {
    let failed = Outcome::Failed("x".to_owned());
    assert_eq!(failed.clone().unless_cancelled(false), failed);
    assert_eq!(failed.unless_cancelled(true), Outcome::Cancelled);
    assert_eq!(Outcome::Clash.unless_cancelled(true), Outcome::Cancelled);
    assert_eq!(Outcome::Clash.unless_cancelled(false), Outcome::Clash);
    // What ended on its own stays as it ended.
    let done = Outcome::Done(String::new());
    assert_eq!(done.clone().unless_cancelled(true), done);
    assert_eq!(Outcome::Skipped.unless_cancelled(true), Outcome::Skipped);
}

#[test]
fn a_taken_name_is_asked_about_once_then_skipped_replaced_or_kept_beside() {
    let taken = names(&["a.csv", "a (1).csv"]);
    assert_eq!(on_clash("b.csv", &taken, None), ClashStep::Free);
    assert_eq!(
        on_clash("b.csv", &taken, Some(ClashAnswer::Skip)),
        ClashStep::Free
    );
    assert_eq!(on_clash("a.csv", &taken, None), ClashStep::Ask);
    assert_eq!(
        on_clash("a.csv", &taken, Some(ClashAnswer::Skip)),
        ClashStep::Skip
    );
    assert_eq!(
        on_clash("a.csv", &taken, Some(ClashAnswer::Replace)),
        ClashStep::Replace
    );
    assert_eq!(
        on_clash("a.csv", &taken, Some(ClashAnswer::KeepBoth)),
        ClashStep::KeepBoth {
            name: "a (2).csv".to_owned(),
            note: "Saved as “a (2).csv”.".to_owned()
        }
    );
}

#[test]
fn a_refused_start_asks_about_a_name_taken_meanwhile_unless_answered() {
    assert_eq!(start_refused(Some(409), "taken", false), Outcome::Clash);
    assert_eq!(
        start_refused(Some(409), "taken", true),
        Outcome::Failed("taken".to_owned())
    );
    assert_eq!(
        start_refused(Some(403), "no", false),
        Outcome::Failed("You may not upload here: no".to_owned())
    );
    assert_eq!(
        failure_words(Some(502), "down"),
        "The backend failed (502): down"
    );
    assert_eq!(failure_words(None, "offline"), "offline");
    assert_eq!(
        complete_failed_words(Some(500), "boom"),
        "Could not finish the upload: The backend failed (500): boom"
    );
}

#[test]
fn a_retry_sends_only_the_parts_not_acknowledged() {
    let plan = PartPlan::new(25, 10, 3).unwrap();
    let acked = vec![(2, "e2".to_owned())];
    assert_eq!(to_send(&plan, &acked), [1, 3]);
    assert_eq!(bytes_sent(&plan, &acked), 10);
    let acked = vec![(3, "e3".to_owned()), (1, "e1".to_owned())];
    assert_eq!(to_send(&plan, &acked), [2]);
    assert_eq!(bytes_sent(&plan, &acked), 15, "the last part is short");
    assert_eq!(to_send(&plan, &[]), [1, 2, 3]);
    assert_eq!(
        parts_left_words("Offline.", &plan, 1),
        "Offline. (2 of 3 parts still to send; Retry goes on from there.)"
    );
}

#[test]
fn words_of_the_place_the_end_and_a_short_file() {
    assert_eq!(place_words("disk", ""), "Upload to disk");
    assert_eq!(place_words("disk", "a/b"), "Upload to disk/a/b");
    assert_eq!(kept_problem(10, 10), None);
    assert_eq!(kept_problem(0, 10), None, "a backend that does not say");
    assert_eq!(
        kept_problem(5, 10).as_deref(),
        Some("The backend kept 5 bytes of 10 bytes: upload it again.")
    );
    assert_eq!(cancelled_words(None), "Cancelled.");
    assert_eq!(
        cancelled_words(Some(Ok(()))),
        "Cancelled: the backend dropped what it had received."
    );
    assert_eq!(
        cancelled_words(Some(Err("gone".to_owned()))),
        "Cancelled, but the backend did not confirm it dropped the parts: gone"
    );
    assert_eq!(
        bad_name_words("Too long."),
        "Too long. Rename the file on this computer, then upload it again."
    );
}

#[test]
fn an_empty_file_done_has_a_full_bar() {
    assert_eq!(bar(0, 0, true), (1, 1));
    assert_eq!(bar(0, 0, false), (0, 1));
    assert_eq!(bar(5, 10, false), (5, 10));
    assert_eq!(bar(12, 10, true), (10, 10));
}
