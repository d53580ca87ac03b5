//! Browser tests: timeline.
