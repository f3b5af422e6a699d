//! Our extractors. Each rejects with [`crate::error::AppError`], so every refusal is a
//! problem+json naming the field, header or parameter at fault. Handlers use these, never raw
//! `axum::Json` or `axum::extract::Path` (`clippy.toml` bans them).

mod if_match;
mod json;
mod path;
mod query;
mod viewer;

pub use if_match::{IfMatch, parse_if_match};
pub use json::{JsonBody, MergePatch, decode_json, parse_json_bytes, refuse_arrays_for_objects};
pub use path::{PathId, PathRevision, PathSecret, PathVocabulary, parse_revision};
pub use query::QueryPairs;
pub use viewer::{ApiViewer, ClientAddress, client_address, hash_secret};
