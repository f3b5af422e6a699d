//! Persistence for Concord: the [`Store`] trait that both backends implement, its error type,
//! and (feature `conformance`) the shared suite both must pass.
//!
//! The store speaks in [`Document`]s: a record's JSON body plus the metadata the store filters,
//! matches and checks on (visibility, parties, match keys, references). Typed access for each
//! record kind is in [`typed`]. Every write is one transaction that stores the record *and* its
//! revision; every read takes a [`Viewer`] and hides what it may not see as `NotFound`.
//!
//! The rules both backends follow and that do not depend on the database live here once, as
//! plain functions the backends call: [`write`] (duplicate, not found, conflict, the action a
//! revision records, missing references), [`read`] (listings), [`revision`] (history and
//! snapshot visibility), [`limit`] (rate-limit windows), [`backup`] (cursors and sections).
//!
//! This crate knows no database; it must not depend on sqlx.

pub mod account;
pub mod backup;
pub mod changes;
pub mod column;
pub mod document;
pub mod error;
pub mod limit;
pub mod read;
pub mod revision;
pub mod token;
pub mod typed;
pub mod write;

#[cfg(feature = "conformance")]
pub mod conformance;

use async_trait::async_trait;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::revision::Revision;
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{RevisionId, Viewer, Vocabularies};
use uuid::Uuid;

pub use account::{
    AccountStore, AuditEntry, AuditEvent, AuditKind, Invitation, NewAccount, RateDecision, Session,
};
pub use backup::BackupItem;
pub use changes::{Change, Changes, ChangesQuery};
pub use document::{Document, Edit, LoggedRevision, RevisionMeta, StoredDocument};
pub use error::{StoreError, StoreResult};
pub use token::{NewToken, TokenInfo};
pub use typed::{StoreExt, Stored};

/// A fresh record id: UUIDv7, so ids sort by creation time.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Persistence for Concord. Each method is one transaction. Accounts, sessions and the audit
/// log are its [`AccountStore`] half.
#[async_trait]
pub trait Store: AccountStore + Send + Sync {
    /// `sqlite` or `postgres`, for logs and `concord check`.
    fn backend(&self) -> &'static str;

    /// The record, if it exists and `who` may see it; deleted records are returned with
    /// `deleted: true` (their body is the record as it was when deleted).
    async fn get(&self, who: &Viewer, key: RecordKey) -> StoreResult<StoredDocument>;

    /// The records of `keys` that exist and `who` may see, in any order, each at most once;
    /// deleted ones are included, like [`Store::get`]. A missing or hidden record is simply
    /// absent, so a caller that needs every key compares the result with what it asked for.
    /// For imports, which read thousands of matched records at once.
    async fn get_many(&self, who: &Viewer, keys: &[RecordKey]) -> StoreResult<Vec<StoredDocument>>;

    /// Stores a create, update or revert and its revision in one transaction.
    ///
    /// Errors: `Duplicate` when a create's id exists; `NotFound` when an update's record does
    /// not exist or `edit.who` may not see it; `Conflict` when `edit.base` is not the record's
    /// latest revision (or the record is deleted); `Invalid` when a reference names a record
    /// that does not exist or is deleted.
    async fn save(&self, edit: Edit) -> StoreResult<RevisionId>;

    /// Stores many edits in one transaction: all of them or none. For imports.
    ///
    /// Returns, in the order of `edits`, the revision each became exactly as
    /// [`Store::revisions_since`] will read it back, so that a search index in the same process
    /// can take the batch without reading it from the log (see `concord_search::take_written`).
    async fn save_batch(&self, edits: Vec<Edit>) -> StoreResult<Vec<LoggedRevision>>;

    /// Marks a record deleted (reversibly), as a revision. `Conflict` on a stale base or when
    /// already deleted.
    async fn delete(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId>;

    /// Restores a deleted record, as a revision. `Conflict` on a stale base or when not deleted.
    async fn restore(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId>;

    /// The revisions of a record, newest first; `NotFound` when `who` may not see the record.
    /// Revisions whose snapshot `who` may not see (made while the record was hidden from them)
    /// are left out, as [`Store::revision`] refuses them.
    async fn history(&self, who: &Viewer, key: RecordKey) -> StoreResult<Vec<RevisionMeta>>;

    /// One revision of a record with its snapshot; `NotFound` when `who` may not see the record
    /// or the snapshot (a snapshot keeps the visibility it had).
    async fn revision(&self, who: &Viewer, key: RecordKey, id: RevisionId)
    -> StoreResult<Revision>;

    /// The newest changes across the registry that `who` may see under `query`: revisions of
    /// records they may see now, whose snapshot they may see (see [`changes`]).
    async fn changes(&self, who: &Viewer, query: &ChangesQuery) -> StoreResult<Changes>;

    /// Revisions after `after`, oldest first, at most `limit`: the log the search index follows,
    /// with each snapshot as its stored JSON text. Not filtered by viewer: the index stores each
    /// record's visibility and filters itself.
    async fn revisions_since(
        &self,
        after: RevisionId,
        limit: usize,
    ) -> StoreResult<Vec<LoggedRevision>>;

    /// The latest revision id in the log (0 when empty).
    async fn head(&self) -> StoreResult<RevisionId>;

    /// For import matching: the records of `kind` that carry any of `keys`, as
    /// `(key, record, latest revision)`. Deleted records are included, so a re-import of a
    /// deleted organisation does not create a duplicate.
    async fn find_by_match_keys(
        &self,
        kind: RecordKind,
        keys: &[String],
    ) -> StoreResult<Vec<(String, RecordKey, RevisionId)>>;

    /// Records of `kind` that `who` may see, not deleted, ordered by id, after `after`.
    /// For exports and listings without a query.
    async fn list(
        &self,
        who: &Viewer,
        kind: RecordKind,
        after: Option<Uuid>,
        limit: usize,
    ) -> StoreResult<Vec<StoredDocument>>;

    /// How many records of `kind` exist, deleted ones excluded, visibility ignored (for `check`).
    async fn count(&self, kind: RecordKind) -> StoreResult<u64>;

    /// The vocabularies: DESIGN.md's defaults plus every term an admin added.
    async fn vocabularies(&self) -> StoreResult<Vocabularies>;

    /// Adds (or relabels) a vocabulary term.
    async fn add_term(&self, who: &Viewer, vocabulary: Vocabulary, term: Term) -> StoreResult<()>;

    /// Stores a new API token (hashed) and appends `event` (`token_created`) in the same
    /// transaction. `Duplicate` when the name is taken.
    async fn create_token(&self, token: NewToken, event: AuditEvent) -> StoreResult<TokenInfo>;

    /// The live (not revoked) token with this hash; `NotFound` otherwise. Expiry is checked by
    /// the caller, which has the clock.
    async fn token_by_hash(&self, hash: &str) -> StoreResult<TokenInfo>;

    /// Every token, revoked ones included, newest first.
    async fn list_tokens(&self) -> StoreResult<Vec<TokenInfo>>;

    /// Revokes a token by name and appends `event` (`token_revoked`) in the same transaction;
    /// `NotFound` when no live token has it.
    async fn revoke_token(&self, name: &str, event: AuditEvent) -> StoreResult<()>;

    /// A page of the whole database as backup items, in an order `load_backup` can replay;
    /// `after` is the cursor returned with the previous page (`None` to start).
    async fn backup_page(
        &self,
        after: Option<String>,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<String>)>;

    /// Loads backup items into an empty database, keeping ids and timestamps, so that a backup
    /// of the result equals the backup loaded.
    async fn load_backup(&self, items: Vec<BackupItem>) -> StoreResult<()>;
}
