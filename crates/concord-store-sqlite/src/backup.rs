//! Backups: the sections (revisions in id order, added vocabulary terms, accounts,
//! invitations, API tokens, audit entries) as SQLite reads them; paging and cursors are `concord_store::backup`'s, shared with PostgreSQL.
//! Records are not in the backup: they are derived from their latest revision on restore
//! (restore.rs).

mod accounts;

use concord_store::backup::{BackupPosition, BackupSections, Section, section};
use concord_store::{BackupItem, StoreResult};
use concord_store_sql::Text;
use concord_store_sql::account::TOKEN_COLUMNS;
use concord_store_sql::backup::HashedTokenRow;
use concord_store_sql::record::RevisionRow;
use concord_store_sql::vocabulary::{TERM_COLUMNS, TermRow};

use crate::SqliteStore;
use crate::error::map_err;
use crate::row::REVISION_COLUMNS;
use accounts::as_limit;
use sqlx::AssertSqlSafe;

impl SqliteStore {
    /// Revisions after the one with id `after`, oldest first.
    async fn revision_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let sql =
            format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE id > ? ORDER BY id LIMIT ?");
        self.read_section(sql, after, limit, |r: RevisionRow<Text>| {
            r.into_columns()?.into_revision().map(BackupItem::Revision)
        })
        .await
    }

    /// Added vocabulary terms after (`vocabulary`, `key`).
    async fn term_items(&self, vocabulary: &str, key: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT {TERM_COLUMNS} FROM vocabulary_terms \
             WHERE (vocabulary, key) > (?, ?) ORDER BY vocabulary, key LIMIT ?"
        );
        let rows: Vec<TermRow<Text>> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(vocabulary)
            .bind(key)
            .bind(as_limit(limit))
            .fetch_all(&self.readers)
            .await
            .map_err(map_err)?;
        let items = rows
            .into_iter()
            .map(TermRow::into_item)
            .collect::<StoreResult<_>>()?;
        Ok(section(items))
    }

    /// API tokens (with their hashes) after the one named `after`.
    async fn token_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT hash, {TOKEN_COLUMNS} FROM api_tokens WHERE name > ? ORDER BY name LIMIT ?"
        );
        self.read_section(
            sql,
            after.to_owned(),
            limit,
            HashedTokenRow::<Text>::into_item,
        )
        .await
    }
}

#[async_trait::async_trait]
impl BackupSections for SqliteStore {
    async fn section(
        &self,
        from: &BackupPosition,
        limit: usize,
    ) -> StoreResult<(Vec<BackupItem>, Option<BackupPosition>)> {
        match from {
            BackupPosition::Revisions(id) => self.revision_items(*id, limit).await,
            BackupPosition::Terms(v, k) => self.term_items(v, k, limit).await,
            BackupPosition::Accounts(id) => self.account_items(id, limit).await,
            BackupPosition::Invitations(hash) => self.invitation_items(hash, limit).await,
            BackupPosition::Tokens(name) => self.token_items(name, limit).await,
            BackupPosition::Audit(id) => self.audit_items(*id, limit).await,
        }
    }
}
