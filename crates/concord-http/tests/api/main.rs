//! The JSON API, driven in-process. One test binary (faster to link), a module per concern.

#![expect(
    clippy::unwrap_used,
    reason = "test code: a failed step is a failed test"
)]

use concord_testapp as support;

mod approvals;
mod audit;
mod auth;
mod bad_input;
mod contract;
mod fuzz;
mod history;
mod inbox;
mod inquiries;
mod openapi;
mod path;
mod records;
mod red_lines;
mod routing;
mod search;
mod security;
mod visibility;
mod workflow;
