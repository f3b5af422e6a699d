//! Test fixtures for Concord: record builders with fresh ids, the viewers tests ask as, a
//! temporary SQLite database, and per-test PostgreSQL databases ([`pg`]).
//!
//! The builders are defined beside the conformance suite (`concord_store::conformance::fixture`),
//! which needs them and cannot depend on this crate; they are re-exported here so every test
//! writes `concord_testkit::organisation("Tropenmuseum").build()`. Each test makes its own data:
//! there is no shared database.

pub mod pg;
mod sqlite;

pub use concord_store::conformance::fixture::{
    NeedBuilder, OrganisationBuilder, PartnershipBuilder, PersonBuilder, admin, glossary_term,
    member, need, organisation, partnership, person, steward, visitor,
};
pub use sqlite::TempSqlite;
