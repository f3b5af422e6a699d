//! The versioned JSON API. Each version is a module; `v1` is served under `/api/v1`.

pub mod v1;
