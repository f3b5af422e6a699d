//! Concord's store on SQLite, the embedded default: one file, WAL, one writer connection and a
//! pool of readers (STACK-NOTES.md).
//!
//! Each module implements one area of the [`Store`] trait as inherent methods; this file only
//! wires them to the trait. Visibility is always decided by `Viewer::can_see`, never here.

mod account;
mod backup;
mod bulk;
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
    AuditEvent, BackupItem, Edit, LoggedRevision, NewToken, RevisionMeta, Store, StoreError,
    StoreResult, StoredDocument, TokenInfo,
};
use uuid::Uuid;

pub use connect::MIGRATOR;

/// The SQLite store. Cheap to clone: both pools are shared handles.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    /// One connection: SQLite allows one writer at a time, so writes queue here, not on locks.
    writer: sqlx::SqlitePool,
    /// Read connections, with a large `mmap_size`.
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
        self.get_document(who, key).await
    }

    async fn get_many(&self, who: &Viewer, keys: &[RecordKey]) -> StoreResult<Vec<StoredDocument>> {
        self.get_documents(who, keys).await
    }

    async fn save(&self, edit: Edit) -> StoreResult<RevisionId> {
        let written = self.save_edits(vec![edit]).await?;
        written
            .into_iter()
            .next()
            .map(|r| r.id)
            .ok_or(StoreError::NotFound)
    }

    async fn save_batch(&self, edits: Vec<Edit>) -> StoreResult<Vec<LoggedRevision>> {
        self.save_edits(edits).await
    }

    async fn delete(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        self.set_deleted(who, key, base, summary, true).await
    }

    async fn restore(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        self.set_deleted(who, key, base, summary, false).await
    }

    async fn history(&self, who: &Viewer, key: RecordKey) -> StoreResult<Vec<RevisionMeta>> {
        self.record_history(who, key).await
    }

    async fn revision(
        &self,
        who: &Viewer,
        key: RecordKey,
        id: RevisionId,
    ) -> StoreResult<Revision> {
        self.one_revision(who, key, id).await
    }

    async fn revisions_since(
        &self,
        after: RevisionId,
        limit: usize,
    ) -> StoreResult<Vec<LoggedRevision>> {
        self.log_since(after, limit).await
    }

    async fn head(&self) -> StoreResult<RevisionId> {
        self.log_head().await
    }

    async fn find_by_match_keys(
        &self,
        kind: RecordKind,
        keys: &[String],
    ) -> StoreResult<Vec<(String, RecordKey, RevisionId)>> {
        self.match_keys(kind, keys).await
    }

    async fn list(
        &self,
        who: &Viewer,
        kind: RecordKind,
        after: Option<Uuid>,
        limit: usize,
    ) -> StoreResult<Vec<StoredDocument>> {
        self.list_documents(who, kind, after, limit).await
    }

    async fn count(&self, kind: RecordKind) -> StoreResult<u64> {
        self.count_records(kind).await
    }

    async fn vocabularies(&self) -> StoreResult<Vocabularies> {
        self.load_vocabularies().await
    }

    async fn add_term(&self, who: &Viewer, vocabulary: Vocabulary, term: Term) -> StoreResult<()> {
        self.upsert_term(who, vocabulary, term).await
    }

    async fn create_token(&self, token: NewToken, event: AuditEvent) -> StoreResult<TokenInfo> {
        self.insert_token(token, event).await
    }

    async fn token_by_hash(&self, hash: &str) -> StoreResult<TokenInfo> {
        self.live_token(hash).await
    }

    async fn list_tokens(&self) -> StoreResult<Vec<TokenInfo>> {
        self.all_tokens().await
    }

    async fn revoke_token(&self, name: &str, event: AuditEvent) -> StoreResult<()> {
        self.revoke(name, event).await
    }

    async fn backup_page(
        &self,
        after: Option<String>,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<String>)> {
        concord_store::backup::read_page(self, after, limit).await
    }

    async fn load_backup(&self, items: Vec<BackupItem>) -> StoreResult<()> {
        self.load_items(items).await
    }
}
