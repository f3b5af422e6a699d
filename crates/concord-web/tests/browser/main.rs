//! The pages in a real browser: Debian's Chromium driven through ChromeDriver (WebDriver) with
//! fantoccini, against the whole application served on a loopback port. `.ci/run` installs
//! `chromium` and `chromium-driver`; without ChromeDriver these tests skip loudly, and fail
//! under `CI=true`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step is a failed test"
)]

mod accessibility;
mod flows;
mod forms;
mod harness;
mod import;
mod language;
mod path;
