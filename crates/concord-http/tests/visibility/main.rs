//! Visibility proven on every API surface (issue #3, item 7): six kinds of viewer, each through
//! a real account-bound API token, against records of every kind at every visibility level, on
//! SQLite and on PostgreSQL (skipped loudly without `CONCORD_TEST_PG_URL`, failing under
//! `CI=true`). What each viewer may see comes from one table in `world.rs`, never from
//! `Viewer::can_see`, which is what is under test.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

use concord_testapp as support;

mod accounts;
mod forms;
mod history;
mod surfaces;
mod tokens;
mod world;
mod writes;
