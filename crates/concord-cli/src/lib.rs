//! The `concord` command's library: everything the commands do, so tests can call it directly.
//! This is the only crate that knows both store backends.

pub mod backend;
#[cfg(feature = "bench")]
pub mod bench;
pub mod demo;
pub mod export;
pub mod import;
