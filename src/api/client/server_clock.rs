//! How far the backend's clock is ahead of this browser's, from the replies' `Date` headers.

thread_local! {
    /// How far the backend's clock is ahead of this one (ms), from the last `Date` header.
    static SERVER_OFFSET: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Notes a reply's `Date` header: the backend's clock against this one
/// (`domain::server_clock`; a header that does not parse changes nothing). A cross-origin
/// backend that does not expose `Date` leaves the offset at 0.
pub(super) fn server_date_seen(date: &str) {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let now = 0;
    if let Some(offset) = crate::domain::server_clock::offset_from_date(date, now) {
        SERVER_OFFSET.with(|o| o.set(offset));
    }
}

/// A time the backend wrote (a session's `createdAt`, epoch ms on its clock) on this
/// browser's clock.
pub fn server_to_local_ms(server_ms: i64) -> i64 {
    crate::domain::server_clock::to_local_ms(server_ms, SERVER_OFFSET.with(std::cell::Cell::get))
}
