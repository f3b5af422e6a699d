//! The pages, driven in-process: logging in and out, the account page, administration,
//! signing up, and escaping of everything users type. One test binary, a module per concern.

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

mod account;
mod admin;
mod escaping;
mod login;
mod signup;
