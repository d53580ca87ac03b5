//! The one stream engine, next to the poll engine ([`super::poll`]): a Server-Sent Events
//! stream (`EventSource` with credentials) that stays open for as long as its owner wants it.
//! **A new stream goes here**: give [`Stream::new`] its URL, the event names it listens to, a
//! watchdog and its hooks, then [`Stream::ensure_open`] it.
//!
//! What it does, so that no stream does it by itself:
//! - back-off reconnect: when the browser gives up (an error reply), the stream is reopened
//!   after [`sse_reconnect_delay_ms`] (jitter, growing with the attempts in a row; the consumer
//!   calls [`Stream::reset_backoff`] when the stream proved itself, e.g. on its first event);
//!   a stream the server closed cleanly is reopened by the browser itself ([`StreamStatus::Interrupted`]);
//! - a watchdog: a stream silent for `watchdog_ms` (keep-alive comments are invisible to
//!   `EventSource`) is reopened;
//! - offline: closed while the browser is offline, reopened at once when it is online again;
//! - cleanup with its owner: stream, listeners and timers go; no hook runs afterwards.
//!
//! The status ([`StreamStatus`]) goes to the `on_status` hook; each event to `on_event`.
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::domain::jobs::{sse_reconnect_delay_ms, StreamStatus};
use crate::state::clock::{self, TimerHandle};
use crate::state::visibility::use_online;
use crate::state::{now_ms, random, Kept};

type EventClosure = Closure<dyn FnMut(web_sys::Event)>;
/// Called with an event's name and its `data`.
type EventHook = Box<dyn Fn(&str, &str)>;

/// What a stream tells its consumer.
pub(crate) struct StreamHooks {
    /// An event of one of the names listened to, with its `data`.
    pub(crate) on_event: EventHook,
    /// The stream's status changed.
    pub(crate) on_status: Box<dyn Fn(StreamStatus)>,
    /// The browser gave up on the stream (an error reply); the reconnect is scheduled right
    /// after. A consumer may look for why (a 401, a missing route) with a request of its own.
    pub(crate) on_gave_up: Box<dyn Fn()>,
    /// Every second while a reconnect is pending (a countdown's clock).
    pub(crate) on_tick: Box<dyn Fn()>,
}

struct Inner {
    url: Box<dyn Fn() -> String>,
    events: &'static [&'static str],
    watchdog_ms: u64,
    hooks: Rc<StreamHooks>,
    /// Wanted open (between `ensure_open` and `close`).
    wanted: bool,
    es: Option<web_sys::EventSource>,
    /// Bumped on every (re)open and close: events of an older stream are dropped.
    seq: u64,
    listeners: Vec<(&'static str, EventClosure)>,
    /// Reconnections in a row since the last [`Stream::reset_backoff`].
    attempt: u32,
    reconnect: Option<TimerHandle>,
    countdown: Option<TimerHandle>,
    watchdog: Option<TimerHandle>,
}

/// `Copy` handle on one stream, owned by the reactive owner that made it.
#[derive(Clone, Copy)]
pub(crate) struct Stream(Kept<Option<Rc<RefCell<Inner>>>>);

impl Stream {
    /// A stream of `url()` (asked at every open) listening to `events`, closed until
    /// [`Stream::ensure_open`]; reopened after `watchdog_ms` of silence.
    pub(crate) fn new(
        url: impl Fn() -> String + 'static,
        events: &'static [&'static str],
        watchdog_ms: u64,
        hooks: StreamHooks,
    ) -> Self {
        let inner = Rc::new(RefCell::new(Inner {
            url: Box::new(url),
            events,
            watchdog_ms,
            hooks: Rc::new(hooks),
            wanted: false,
            es: None,
            seq: 0,
            listeners: Vec::new(),
            attempt: 0,
            reconnect: None,
            countdown: None,
            watchdog: None,
        }));
        let this = Self(Kept::new(Some(inner)));
        // Offline: closed; online again: reopened at once, its first event resyncs.
        let online = use_online();
        crate::state::effect(move |prev: Option<bool>| {
            let on = online.get();
            if prev.is_some_and(|p| p != on) {
                if let Some(rc) = this.inner() {
                    if on {
                        rc.borrow_mut().attempt = 0;
                        Engine(rc).ensure_open();
                    } else {
                        Engine(rc).pause();
                    }
                }
            }
            on
        });
        on_cleanup(move || {
            if let Some(rc) = this.0.try_update_value(Option::take).flatten() {
                Engine(rc).close();
            }
        });
        this
    }

    fn inner(self) -> Option<Rc<RefCell<Inner>>> {
        self.0.try_with_value(Clone::clone).flatten()
    }

    /// Opens the stream unless it is open or a reconnect is pending (or the browser is
    /// offline: it opens when it is back).
    pub(crate) fn ensure_open(self) {
        if let Some(rc) = self.inner() {
            rc.borrow_mut().wanted = true;
            Engine(rc).ensure_open();
        }
    }

    /// Closes the stream and drops its timers; it stays closed until [`Stream::ensure_open`].
    pub(crate) fn close(self) {
        if let Some(rc) = self.inner() {
            Engine(rc).close();
        }
    }

    /// The stream proved itself (a first event): the next reconnect waits the least again.
    pub(crate) fn reset_backoff(self) {
        if let Some(rc) = self.inner() {
            rc.borrow_mut().attempt = 0;
        }
    }
}

/// The engine's methods, on the shared state (timers and listeners hold a `Weak`).
struct Engine(Rc<RefCell<Inner>>);

impl Engine {
    fn weak(&self) -> Weak<RefCell<Inner>> {
        Rc::downgrade(&self.0)
    }

    fn upgrade(weak: &Weak<RefCell<Inner>>) -> Option<Engine> {
        weak.upgrade().map(Engine)
    }

    /// The hooks, to call outside any borrow (they may call back into the stream).
    fn hooks(&self) -> Rc<StreamHooks> {
        self.0.borrow().hooks.clone()
    }

    fn status(&self, s: StreamStatus) {
        (self.hooks().on_status)(s);
    }

    fn ensure_open(&self) {
        let needed = {
            let i = self.0.borrow();
            i.wanted && i.es.is_none() && i.reconnect.is_none()
        };
        if needed && !crate::state::visibility::is_offline_now() {
            self.open();
        }
    }

    /// Offline: the stream and a pending reconnect go; it stays wanted.
    fn pause(&self) {
        let wanted = self.0.borrow().wanted;
        self.shut();
        if wanted {
            self.status(StreamStatus::Interrupted);
        }
    }

    fn close(&self) {
        self.0.borrow_mut().wanted = false;
        self.shut();
    }

    /// Closes the `EventSource`, removes its listeners, clears every timer.
    fn shut(&self) {
        let (es, listeners) = {
            let mut i = self.0.borrow_mut();
            i.seq = i.seq.wrapping_add(1);
            if let Some(t) = i.watchdog.take() {
                t.clear();
            }
            if let Some(t) = i.reconnect.take() {
                t.clear();
            }
            if let Some(t) = i.countdown.take() {
                t.clear();
            }
            (i.es.take(), std::mem::take(&mut i.listeners))
        };
        if let Some(es) = es {
            for (name, cb) in &listeners {
                let _ = es.remove_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
            }
            es.close();
        }
        // The closures may be the caller (an `error` listener): wasm-bindgen frees them only
        // once that call returns.
        drop(listeners);
    }

    fn open(&self) {
        self.shut();
        let (url, seq, events) = {
            let i = self.0.borrow();
            if !i.wanted {
                return;
            }
            ((i.url)(), i.seq, i.events)
        };
        self.status(StreamStatus::Connecting);
        let init = web_sys::EventSourceInit::new();
        init.set_with_credentials(true);
        let Ok(es) = web_sys::EventSource::new_with_event_source_init_dict(&url, &init) else {
            leptos::logging::warn!("could not open the stream {url}");
            self.schedule_reconnect();
            return;
        };
        let mut listeners: Vec<(&'static str, EventClosure)> = Vec::new();
        for name in events.iter().copied().chain(["open", "error"]) {
            let weak = self.weak();
            let cb: EventClosure = Closure::new(move |ev: web_sys::Event| {
                let Some(e) = Engine::upgrade(&weak) else {
                    return;
                };
                if e.0.borrow().seq != seq {
                    return;
                }
                match name {
                    "open" => e.on_open(),
                    "error" => e.on_error(),
                    _ => {
                        let data = ev
                            .dyn_ref::<web_sys::MessageEvent>()
                            .and_then(|m| m.data().as_string())
                            .unwrap_or_default();
                        e.feed_watchdog();
                        (e.hooks().on_event)(name, &data);
                    }
                }
            });
            let _ = es.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
            listeners.push((name, cb));
        }
        {
            let mut i = self.0.borrow_mut();
            i.es = Some(es);
            i.listeners = listeners;
        }
        self.feed_watchdog();
    }

    /// (Re)arms the watchdog: a stream silent this long is reopened.
    fn feed_watchdog(&self) {
        let (seq, ms) = {
            let i = self.0.borrow();
            (i.seq, i.watchdog_ms)
        };
        let weak = self.weak();
        let timer = clock::set_timeout(
            move || {
                if let Some(e) = Engine::upgrade(&weak) {
                    let same = e.0.borrow().seq == seq;
                    if same {
                        e.0.borrow_mut().watchdog = None;
                        e.open();
                    }
                }
            },
            Duration::from_millis(ms),
        );
        if let Some(old) = std::mem::replace(&mut self.0.borrow_mut().watchdog, timer) {
            old.clear();
        }
    }

    fn on_open(&self) {
        self.status(StreamStatus::Live);
        self.feed_watchdog();
    }

    fn on_error(&self) {
        let state = self
            .0
            .borrow()
            .es
            .as_ref()
            .map(|es| es.ready_state())
            .unwrap_or(web_sys::EventSource::CLOSED);
        if state == web_sys::EventSource::CLOSED {
            // The browser gave up (an error reply): reopen with back-off.
            self.shut();
            self.schedule_reconnect();
            (self.hooks().on_gave_up)();
        } else {
            // CONNECTING: the browser reconnects by itself.
            self.status(StreamStatus::Interrupted);
        }
    }

    fn schedule_reconnect(&self) {
        let delay = {
            let mut i = self.0.borrow_mut();
            if !i.wanted {
                return;
            }
            let delay = sse_reconnect_delay_ms(i.attempt, random());
            i.attempt = i.attempt.saturating_add(1);
            delay
        };
        self.status(StreamStatus::Reconnecting {
            retry_at_ms: now_ms() + f64::from(delay),
        });
        let weak = self.weak();
        let timer = clock::set_timeout(
            move || {
                if let Some(e) = Engine::upgrade(&weak) {
                    {
                        let mut i = e.0.borrow_mut();
                        i.reconnect = None;
                        if let Some(t) = i.countdown.take() {
                            t.clear();
                        }
                    }
                    e.ensure_open();
                }
            },
            Duration::from_millis(u64::from(delay)),
        );
        let weak = self.weak();
        let countdown = clock::set_interval(
            move || {
                if let Some(e) = Engine::upgrade(&weak) {
                    (e.hooks().on_tick)();
                }
            },
            Duration::from_millis(1000),
        );
        let mut i = self.0.borrow_mut();
        if let Some(t) = std::mem::replace(&mut i.reconnect, timer) {
            t.clear();
        }
        if let Some(t) = std::mem::replace(&mut i.countdown, countdown) {
            t.clear();
        }
    }
}
