//! Backups: the sections (revisions in id order, added vocabulary terms, accounts,
//! invitations, API tokens, audit entries) as SQLite reads them; paging and cursors are `concord_store::backup`'s, shared with PostgreSQL.
//! Records are not in the backup: they are derived from their latest revision on restore
//! (restore.rs).

mod accounts;

use concord_domain::vocabulary::Vocabulary;
use concord_store::backup::{BackupPosition, BackupSections, Section, section};
use concord_store::{BackupItem, StoreResult, TokenInfo};
use sqlx::AssertSqlSafe;

use crate::SqliteStore;
use crate::error::{bad_value, map_err};
use crate::row::{REVISION_COLUMNS, RevisionRow, parse_time};
use crate::token::TokenRow;

#[derive(sqlx::FromRow)]
struct TermRow {
    vocabulary: String,
    key: String,
    label: String,
    author: String,
    at: String,
}

impl SqliteStore {
    async fn revision_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let sql =
            format!("SELECT {REVISION_COLUMNS} FROM revisions WHERE id > ? ORDER BY id LIMIT ?");
        let rows: Vec<RevisionRow> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .fetch_all(&self.readers)
            .await
            .map_err(map_err)?;
        let items = rows
            .into_iter()
            .map(|r| Ok(BackupItem::Revision(r.into_columns()?.into_revision()?)))
            .collect::<StoreResult<_>>()?;
        Ok(section(items))
    }

    async fn term_items(&self, vocabulary: &str, key: &str, limit: usize) -> StoreResult<Section> {
        let rows: Vec<TermRow> = sqlx::query_as(
            "SELECT vocabulary, key, label, author, at FROM vocabulary_terms \
             WHERE (vocabulary, key) > (?, ?) ORDER BY vocabulary, key LIMIT ?",
        )
        .bind(vocabulary)
        .bind(key)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?;
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(BackupItem::Term {
                    vocabulary: Vocabulary::parse(&r.vocabulary)
                        .ok_or_else(|| bad_value("vocabulary", &r.vocabulary))?,
                    key: r.key,
                    label: r.label,
                    author: r.author,
                    at: parse_time(&r.at)?,
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(section(items))
    }

    async fn token_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let rows: Vec<(String, TokenRow)> = sqlx::query_as::<_, HashedTokenRow>(
            "SELECT hash, name, roles, account_id, scope, created_at, expires_at, revoked_at FROM api_tokens \
             WHERE name > ? ORDER BY name LIMIT ?",
        )
        .bind(after)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?
        .into_iter()
        .map(|r| (r.hash, r.token))
        .collect();
        let items = rows
            .into_iter()
            .map(|(hash, t)| {
                let info: TokenInfo = t.into_info()?;
                Ok(BackupItem::Token { info, hash })
            })
            .collect::<StoreResult<_>>()?;
        Ok(section(items))
    }
}

#[derive(sqlx::FromRow)]
struct HashedTokenRow {
    hash: String,
    #[sqlx(flatten)]
    token: TokenRow,
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
