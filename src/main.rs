fn main() {
    // Debug builds turn a panic into a console error with its message and place. Release builds
    // leave the hook out (smaller bundle): a panic there still surfaces as an uncaught
    // `RuntimeError: unreachable` in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(console::App);
}
