//! The one error type of every store.

use concord_domain::ValidationErrors;

use crate::document::StoredDocument;

/// What a store refused, or that the database failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record, or the viewer may not see it (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// The edit was based on an older revision; `current` is the record as it is now.
    #[error("conflict: the record changed since revision you edited (now at {})", current.revision)]
    Conflict {
        /// The record as it is now.
        current: Box<StoredDocument>,
    },
    /// A unique value is taken.
    #[error("already exists: {what}")]
    Duplicate {
        /// What is duplicated ("organisation 0190…", "token name ci").
        what: String,
    },
    /// The write refers to records that do not exist.
    #[error("invalid: {0}")]
    Invalid(ValidationErrors),
    /// The database failed.
    #[error("database error")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A store result.
pub type StoreResult<T> = Result<T, StoreError>;
