//! The one place where `sqlx::Error` becomes a [`StoreError`] (DESIGN.md, "The store").

use concord_store::StoreError;
/// Backend-neutral helpers for stored data, re-exported so call sites name one place.
pub(crate) use concord_store::column::json_err;

/// PostgreSQL's SQLSTATE for `unique_violation`.
const UNIQUE_VIOLATION: &str = "23505";

/// Maps a database error: no row → `NotFound`, a unique violation → `Duplicate` naming the
/// constraint, anything else → `Backend`.
pub(crate) fn map_err(err: sqlx::Error) -> StoreError {
    match err {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        sqlx::Error::Database(db) if db.code().as_deref() == Some(UNIQUE_VIOLATION) => {
            StoreError::Duplicate {
                what: db.constraint().unwrap_or("a unique value").to_owned(),
            }
        }
        other => StoreError::Backend(Box::new(other)),
    }
}
