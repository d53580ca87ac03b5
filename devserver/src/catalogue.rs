//! CHORUS's real catalogue (the `chorus` flavor): its 85 permissions with the context dimensions
//! they require and its 19 built-in roles, as in CHORUS-TRE/chorus-backend@0978bc77
//! `pkg/authorization/model`. The data is the repository's one fixture copy,
//! `fixtures/chorus_catalogue.rs`, which the browser tests include too.

include!("../../fixtures/chorus_catalogue.rs");
