//! The one place where `sqlx::Error` becomes a [`StoreError`] (DESIGN.md, "The store").

use concord_store::StoreError;
use sqlx::error::ErrorKind;

/// Maps a database error: no row → `NotFound`, a unique violation → `Duplicate` naming what is
/// taken (SQLite reports the columns, `api_tokens.name`, rather than a constraint name), anything
/// else → `Backend`.
pub(crate) fn map_err(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.kind() == ErrorKind::UniqueViolation => {
            let what = db
                .message()
                .split_once("failed: ")
                .map_or("a unique value", |(_, columns)| columns);
            StoreError::Duplicate {
                what: what.to_owned(),
            }
        }
        other => StoreError::Backend(Box::new(other)),
    }
}

/// Wraps a (de)serialization failure of stored JSON as a `Backend` error: stored data that does
/// not parse is the database's fault, not the caller's.
pub(crate) fn json_err(err: serde_json::Error) -> StoreError {
    StoreError::Backend(Box::new(err))
}

/// A stored value that is not one of the names this version writes.
#[derive(Debug, thiserror::Error)]
#[error("unexpected stored {what}: {value:?}")]
pub(crate) struct BadValue {
    /// What was being read (`kind`, `action`, `visibility`, `timestamp`).
    pub what: &'static str,
    /// The stored text.
    pub value: String,
}

/// A `Backend` error for a stored value this version cannot read.
pub(crate) fn bad_value(what: &'static str, value: &str) -> StoreError {
    StoreError::Backend(Box::new(BadValue {
        what,
        value: value.to_owned(),
    }))
}
