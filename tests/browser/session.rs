//! Browser tests: session.
