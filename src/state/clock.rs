//! The state layer's one clock: the time ([`now_ms`]) and the timers ([`set_timeout`],
//! [`set_interval`]) of the poll engine, the stream engine, the clocks of views and the delays.
//! In the browser they are the browser's; a test installs a [`ManualClock`] and moves time with
//! [`ManualClock::advance`] instead of waiting for it (every due timer fires, in order, with the
//! clock at its due time).
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

/// A pending timer of either clock; `clear` cancels it (clearing a fired timeout does nothing).
#[derive(Clone, Copy, Debug)]
pub struct TimerHandle(Handle);

#[derive(Clone, Copy, Debug)]
enum Handle {
    Timeout(TimeoutHandle),
    Interval(IntervalHandle),
    Manual(u64),
}

impl TimerHandle {
    /// Cancels the timer.
    pub fn clear(self) {
        match self.0 {
            Handle::Timeout(h) => h.clear(),
            Handle::Interval(h) => h.clear(),
            Handle::Manual(id) if manual_installed() => MANUAL.with(|m| {
                if let Some(m) = m.borrow_mut().as_mut() {
                    m.timers.remove(&id);
                }
            }),
            Handle::Manual(_) => {}
        }
    }
}

type Callback = Rc<dyn Fn()>;

struct Timer {
    due: f64,
    period: Option<f64>,
    f: Callback,
}

struct Manual {
    now: f64,
    next_id: u64,
    timers: BTreeMap<u64, Timer>,
}

thread_local! {
    static MANUAL: RefCell<Option<Manual>> = const { RefCell::new(None) };
}

/// Milliseconds since the epoch: the manual clock's when one is installed, else the browser's
/// (0 on the host).
pub fn now_ms() -> f64 {
    if manual_installed() {
        if let Some(t) = MANUAL.with(|m| m.borrow().as_ref().map(|m| m.now)) {
            return t;
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

fn manual_add(delay: Duration, period: Option<Duration>, f: Callback) -> Option<TimerHandle> {
    MANUAL.with(|m| {
        let mut m = m.borrow_mut();
        let m = m.as_mut()?;
        let id = m.next_id;
        m.next_id += 1;
        m.timers.insert(
            id,
            Timer {
                due: m.now + delay.as_secs_f64() * 1000.0,
                period: period.map(|p| (p.as_secs_f64() * 1000.0).max(1.0)),
                f,
            },
        );
        Some(TimerHandle(Handle::Manual(id)))
    })
}

/// Whether a test installed the manual clock. Never in the release bundle (`cfg(console_split)`,
/// build.rs): no test runs it, and its first load does without the manual clock's code.
fn manual_installed() -> bool {
    !cfg!(console_split) && MANUAL.with(|m| m.borrow().is_some())
}

/// Calls `f` once after `delay`.
pub fn set_timeout(f: impl FnOnce() + 'static, delay: Duration) -> Option<TimerHandle> {
    if manual_installed() {
        let once = RefCell::new(Some(f));
        return manual_add(
            delay,
            None,
            Rc::new(move || {
                if let Some(f) = once.borrow_mut().take() {
                    f();
                }
            }),
        );
    }
    set_timeout_with_handle(f, delay)
        .ok()
        .map(|h| TimerHandle(Handle::Timeout(h)))
}

/// Calls `f` every `period` until cleared.
pub fn set_interval(f: impl Fn() + 'static, period: Duration) -> Option<TimerHandle> {
    if manual_installed() {
        return manual_add(period, Some(period), Rc::new(f));
    }
    set_interval_with_handle(f, period)
        .ok()
        .map(|h| TimerHandle(Handle::Interval(h)))
}

/// A clock that moves only when told: for tests of timer-driven state without real waits.
pub struct ManualClock(());

impl ManualClock {
    /// Installs a manual clock starting at the browser's time now; the previous one (if any)
    /// and its timers are gone. Timers made before keep the browser's clock.
    pub fn install() -> Self {
        #[cfg(target_arch = "wasm32")]
        let now = js_sys::Date::now();
        #[cfg(not(target_arch = "wasm32"))]
        let now = 0.0;
        MANUAL.with(|m| {
            *m.borrow_mut() = Some(Manual {
                now,
                next_id: 0,
                timers: BTreeMap::new(),
            })
        });
        Self(())
    }

    /// Moves time forward by `ms`, firing every timer that falls due on the way, in order.
    pub fn advance(&self, ms: u64) {
        let Some(end) = MANUAL.with(|m| m.borrow().as_ref().map(|m| m.now + ms as f64)) else {
            return;
        };
        loop {
            let next = MANUAL.with(|m| {
                let mut m = m.borrow_mut();
                let m = m.as_mut()?;
                let (&id, due) = m
                    .timers
                    .iter()
                    .map(|(id, t)| (id, t.due))
                    .filter(|(_, due)| *due <= end)
                    .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(b.0)))?;
                m.now = m.now.max(due);
                let t = m.timers.get_mut(&id)?;
                let f = t.f.clone();
                match t.period {
                    Some(p) => t.due += p,
                    None => {
                        m.timers.remove(&id);
                    }
                }
                Some(f)
            });
            match next {
                // Called outside the borrow: a callback may set or clear timers.
                Some(f) => f(),
                None => break,
            }
        }
        MANUAL.with(|m| {
            if let Some(m) = m.borrow_mut().as_mut() {
                m.now = end;
            }
        });
    }

    /// How many timers are pending.
    pub fn pending(&self) -> usize {
        MANUAL.with(|m| m.borrow().as_ref().map_or(0, |m| m.timers.len()))
    }
}

impl Drop for ManualClock {
    /// The browser's clock again.
    fn drop(&mut self) {
        MANUAL.with(|m| *m.borrow_mut() = None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn timers_fire_in_order_as_time_advances() {
        let clock = ManualClock::install();
        let log = Rc::new(RefCell::new(Vec::new()));
        let start = now_ms();
        let l = log.clone();
        set_timeout(
            move || l.borrow_mut().push("a@300"),
            Duration::from_millis(300),
        );
        let l = log.clone();
        let ticks = Rc::new(Cell::new(0));
        let t = ticks.clone();
        let every = set_interval(
            move || {
                t.set(t.get() + 1);
                l.borrow_mut().push("tick");
            },
            Duration::from_millis(100),
        )
        .unwrap();
        clock.advance(250);
        assert_eq!(*log.borrow(), ["tick", "tick"]);
        assert_eq!(now_ms() - start, 250.0);
        clock.advance(100);
        // Due at the same time: in the order they were set.
        assert_eq!(*log.borrow(), ["tick", "tick", "a@300", "tick"]);
        every.clear();
        clock.advance(1000);
        assert_eq!(ticks.get(), 3);
        assert_eq!(clock.pending(), 0);
    }

    #[test]
    fn a_cleared_timeout_never_fires_and_callbacks_may_schedule() {
        let clock = ManualClock::install();
        let fired = Rc::new(Cell::new(0));
        let f = fired.clone();
        let h = set_timeout(move || f.set(f.get() + 1), Duration::from_millis(10)).unwrap();
        h.clear();
        let f = fired.clone();
        set_timeout(
            move || {
                let f2 = f.clone();
                set_timeout(move || f2.set(f2.get() + 10), Duration::from_millis(5));
            },
            Duration::from_millis(20),
        );
        clock.advance(30);
        assert_eq!(fired.get(), 10);
    }
}
