//! Backups: every revision in id order, then the added vocabulary terms, the accounts, the
//! invitations, the API tokens and the audit entries, as PostgreSQL reads them; paging and cursors are `concord_store::backup`'s, shared with
//! SQLite. Text is ordered bytewise (`COLLATE "C"`), as
//! SQLite orders it, so both backends write the same backup whatever the server's locale.
//! Records are not in the backup: they are derived from their latest revision (restore.rs).

pub(crate) mod accounts;

use concord_store::backup::{BackupPosition, BackupSections, Section, section};
use concord_store::{BackupItem, StoreResult};
use concord_store_sql::Native;
use concord_store_sql::account::TOKEN_COLUMNS;
use concord_store_sql::backup::HashedTokenRow;
use concord_store_sql::record::RevisionRow;
use concord_store_sql::vocabulary::{TERM_COLUMNS, TermRow};
use sqlx::AssertSqlSafe;

use crate::PgStore;
use crate::error::map_err;
use crate::row::REVISION_COLUMNS;

fn as_limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PgStore {
    /// Revisions after the one with id `after`, oldest first.
    async fn revision_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let sql =
            format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE id > $1 ORDER BY id LIMIT $2");
        self.read_section(sql, after, limit, |r: RevisionRow<Native>| {
            r.into_columns()?.into_revision().map(BackupItem::Revision)
        })
        .await
    }

    /// Added vocabulary terms after (`vocabulary`, `key`), bytewise.
    async fn term_items(&self, vocabulary: &str, key: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT {TERM_COLUMNS} FROM vocabulary_terms \
             WHERE (vocabulary COLLATE \"C\", key COLLATE \"C\") > ($1, $2) \
             ORDER BY vocabulary COLLATE \"C\", key COLLATE \"C\" LIMIT $3"
        );
        let rows: Vec<TermRow<Native>> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(vocabulary)
            .bind(key)
            .bind(as_limit(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let items = rows
            .into_iter()
            .map(TermRow::into_item)
            .collect::<StoreResult<_>>()?;
        Ok(section(items))
    }

    /// API tokens (with their hashes) after the one named `after`, bytewise.
    async fn token_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT hash, {TOKEN_COLUMNS} FROM api_tokens \
             WHERE name COLLATE \"C\" > $1 ORDER BY name COLLATE \"C\" LIMIT $2"
        );
        self.read_section(
            sql,
            after.to_owned(),
            limit,
            HashedTokenRow::<Native>::into_item,
        )
        .await
    }
}

#[async_trait::async_trait]
impl BackupSections for PgStore {
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
