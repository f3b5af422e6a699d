//! Concord's store on PostgreSQL (DESIGN.md, "Shape of the system"), for deployments that
//! outgrow one machine: any number of servers share one database.
//!
//! Same schema, semantics and backup format as the SQLite store; both pass the shared
//! conformance suite in `concord-store`. Snapshots are stored as the exact JSON text serde wrote
//! (not `jsonb`), so reads and backups are byte-identical across backends. Visibility is always
//! decided by [`Viewer::can_see`]; this crate never re-implements it.

mod account;
mod backup;
mod bulk;
mod connect;
mod error;
mod record;
mod restore;
mod revision;
mod row;
mod state;
mod token;
mod write;

use async_trait::async_trait;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::revision::{Revision, RevisionAction};
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{RevisionId, Viewer, Vocabularies};
use concord_store::{
    AuditEvent, BackupItem, Edit, LoggedRevision, NewToken, RevisionMeta, Store, StoreResult,
    StoredDocument, TokenInfo,
};
use uuid::Uuid;

pub use connect::MIGRATOR;

use write::Change;

/// The PostgreSQL store: a connection pool. Cheap to clone; clones share the pool.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: sqlx::PgPool,
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn get(&self, who: &Viewer, key: RecordKey) -> StoreResult<StoredDocument> {
        self.get_record(who, key).await
    }

    async fn get_many(&self, who: &Viewer, keys: &[RecordKey]) -> StoreResult<Vec<StoredDocument>> {
        self.get_records(who, keys).await
    }

    async fn save(&self, edit: Edit) -> StoreResult<RevisionId> {
        let written = self.write(vec![Change::Save(edit)]).await?;
        written
            .into_iter()
            .next()
            .map(|r| r.id)
            .ok_or(concord_store::StoreError::NotFound)
    }

    async fn save_batch(&self, edits: Vec<Edit>) -> StoreResult<Vec<LoggedRevision>> {
        self.write(edits.into_iter().map(Change::Save).collect())
            .await
    }

    async fn delete(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        self.toggle(who, key, base, summary, RevisionAction::Delete)
            .await
    }

    async fn restore(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
    ) -> StoreResult<RevisionId> {
        self.toggle(who, key, base, summary, RevisionAction::Restore)
            .await
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
        self.find_keys(kind, keys).await
    }

    async fn list(
        &self,
        who: &Viewer,
        kind: RecordKind,
        after: Option<Uuid>,
        limit: usize,
    ) -> StoreResult<Vec<StoredDocument>> {
        self.list_records(who, kind, after, limit).await
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
        self.load(items).await
    }
}

impl PgStore {
    async fn toggle(
        &self,
        who: &Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
        action: RevisionAction,
    ) -> StoreResult<RevisionId> {
        let change = Change::Toggle {
            who: who.clone(),
            key,
            base,
            summary: summary.to_owned(),
            action,
        };
        let written = self.write(vec![change]).await?;
        written
            .into_iter()
            .next()
            .map(|r| r.id)
            .ok_or(concord_store::StoreError::NotFound)
    }
}
