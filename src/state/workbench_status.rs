//! Shared session status pollers (issue 4).
