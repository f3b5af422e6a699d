//! Concord's store on SQLite, the embedded default: one file, WAL, one writer connection and a
//! pool of readers (STACK-NOTES.md).
//!
//! Each module implements one area of the [`Store`] trait as functions named after the trait
//! methods they implement (`read::get`, `write::save_batch`), with the same file names as the
//! PostgreSQL store; this file only wires them to the trait. Visibility is always decided by
//! `Viewer::can_see`, never here.

mod account;
mod backup;
mod bulk;
mod changes;
mod checkpoint;
mod connect;
mod error;
mod read;
mod reference;
mod restore;
mod revision;
mod row;
mod token;
mod vocabulary;
mod write;

use async_trait::async_trait;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::revision::Revision;
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{RevisionId, Viewer, Vocabularies};
use concord_store::{
    AuditEvent, BackupItem, Changes, ChangesQuery, Edit, LoggedRevision, NewToken, RevisionMeta,
    Store, StoreResult, StoredDocument, TokenInfo,
};
use uuid::Uuid;

pub use connect::MIGRATOR;

/// The SQLite store. Cheap to clone: both pools are shared handles.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// One connection: SQLite allows one writer at a time, so writes queue here, not on locks.
    writer: sqlx::SqlitePool,
    /// Read connections.
    readers: sqlx::SqlitePool,
    /// Keeps the background WAL checkpoints running while any clone of the store lives.
    _checkpointer: std::sync::Arc<checkpoint::Checkpointer>,
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn get(&self, who: &Viewer, key: RecordKey) -> StoreResult<StoredDocument> {
        read::get(self, who, key).await
    }

    async fn get_many(&self, who: &Viewer, keys: &[RecordKey]) -> StoreResult<Vec<StoredDocument>> {
        read::get_many(self, who, keys).await
    }

    async fn save(&self, edit: Edit) -> StoreResult<RevisionId> {
        write::save(self, edit).await
    }

    async fn save_batch(&self, edits: Vec<Edit>) -> StoreResult<Vec<LoggedRevision>> {
        write::save_batch(self, edits).await
    }

    async fn delete(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        write::delete(self, who, key, base, summary).await
    }

    async fn restore(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        write::restore(self, who, key, base, summary).await
    }

    async fn history(&self, who: &Viewer, key: RecordKey) -> StoreResult<Vec<RevisionMeta>> {
        revision::history(self, who, key).await
    }

    async fn revision(
        &self,
        who: &Viewer,
        key: RecordKey,
        id: RevisionId,
    ) -> StoreResult<Revision> {
        revision::revision(self, who, key, id).await
    }

    async fn changes(&self, who: &Viewer, query: &ChangesQuery) -> StoreResult<Changes> {
        changes::changes(self, who, query).await
    }

    async fn revisions_since(
        &self,
        after: RevisionId,
        limit: usize,
    ) -> StoreResult<Vec<LoggedRevision>> {
        revision::revisions_since(self, after, limit).await
    }

    async fn head(&self) -> StoreResult<RevisionId> {
        revision::head(self).await
    }

    async fn find_by_match_keys(
        &self,
        kind: RecordKind,
        keys: &[String],
    ) -> StoreResult<Vec<(String, RecordKey, RevisionId)>> {
        read::find_by_match_keys(self, kind, keys).await
    }

    async fn list(
        &self,
        who: &Viewer,
        kind: RecordKind,
        after: Option<Uuid>,
        limit: usize,
    ) -> StoreResult<Vec<StoredDocument>> {
        read::list(self, who, kind, after, limit).await
    }

    async fn count(&self, kind: RecordKind) -> StoreResult<u64> {
        read::count(self, kind).await
    }

    async fn vocabularies(&self) -> StoreResult<Vocabularies> {
        vocabulary::vocabularies(self).await
    }

    async fn add_term(&self, who: &Viewer, vocabulary: Vocabulary, term: Term) -> StoreResult<()> {
        vocabulary::add_term(self, who, vocabulary, term).await
    }

    async fn create_token(&self, token: NewToken, event: AuditEvent) -> StoreResult<TokenInfo> {
        token::create_token(self, token, event).await
    }

    async fn token_by_hash(&self, hash: &str) -> StoreResult<TokenInfo> {
        token::token_by_hash(self, hash).await
    }

    async fn list_tokens(&self) -> StoreResult<Vec<TokenInfo>> {
        token::list_tokens(self).await
    }

    async fn revoke_token(&self, name: &str, event: AuditEvent) -> StoreResult<()> {
        token::revoke_token(self, name, event).await
    }

    async fn backup_page(
        &self,
        after: Option<String>,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<String>)> {
        concord_store::backup::read_page(self, after, limit).await
    }

    async fn load_backup(&self, items: Vec<BackupItem>) -> StoreResult<()> {
        restore::load_backup(self, items).await
    }
}
