//! The pages, driven in-process: logging in and out, the account page, administration,
//! signing up, and escaping of everything users type. One test binary, a module per concern.
//!
//! Every test runs on both databases: each is an `async fn(Backend)` named in its module's
//! [`on_both_backends!`], which makes it the tests `<name>::sqlite` and `<name>::postgres`
//! (run one database with `cargo test --test pages -- ::postgres`). The PostgreSQL one is
//! skipped loudly without `CONCORD_TEST_PG_URL`, and fails under `CI=true`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

use concord_testapp as support;

/// Makes each named `async fn(Backend)` two tests, `<name>::sqlite` and `<name>::postgres`.
/// A function left out of the list is never called, which the `dead_code` lint reports.
macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                use crate::support::Backend;

                #[tokio::test]
                async fn sqlite() {
                    super::$name(Backend::Sqlite).await;
                }

                #[tokio::test]
                async fn postgres() {
                    super::$name(Backend::Postgres).await;
                }
            }
        )+
    };
}

mod account;
mod admin;
mod edit;
mod edit_kinds;
mod escaping;
mod front_door;
mod history;
mod home;
mod import;
mod language;
mod login;
mod open_data;
mod recent;
mod records;
mod search;
mod signup;
mod translated;
mod workflow;
