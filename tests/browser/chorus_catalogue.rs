//! CHORUS's real role catalogue (19 built-in roles, 85 permissions, names and context dimensions
//! only): the repository's one fixture copy, `fixtures/chorus_catalogue.rs`, which the dev
//! server's chorus flavor includes too.
#![allow(dead_code)]

include!("../../fixtures/chorus_catalogue.rs");
