//! The one place where `sqlx::Error` becomes a [`StoreError`] (DESIGN.md, "The store").

use concord_store::StoreError;
/// Backend-neutral helpers for stored data, re-exported so call sites name one place.
pub(crate) use concord_store::column::json_err;
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
