//! Browser tests: admin.
