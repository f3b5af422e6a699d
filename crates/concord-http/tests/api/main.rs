//! The JSON API, driven in-process. One test binary (faster to link), a module per concern.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

#[path = "../support/mod.rs"]
#[allow(
    dead_code,
    reason = "shared by several test binaries, each of which uses a part"
)]
mod support;

mod audit;
mod auth;
mod bad_input;
mod contract;
mod fuzz;
mod history;
mod openapi;
mod records;
mod search;
mod security;
mod visibility;
