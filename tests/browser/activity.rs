//! Browser tests: activity.
