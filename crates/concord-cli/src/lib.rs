//! The `concord` command's library: everything the commands do, so tests can call it directly.
//! This is the only crate that knows both store backends.

pub mod backend;
#[cfg(feature = "bench")]
pub mod bench;
pub mod demo;
/// The exports (their own crate, so the open-data page can serve them too).
pub use concord_export as export;
/// The import engine (its own crate, so the pages can run it too).
pub use concord_ingest as import;
