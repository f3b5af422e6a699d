//! The account sections of a backup as SQLite reads them: accounts with their password hashes
//! (by id), unused invitations (by hash) and the audit log (by id). The rows and their
//! conversions are the account code's (`crate::account`), as are the inserts a restore uses.
//! Sessions and rate-limit counters are not backed up.

use concord_store::backup::{Section, section};
use concord_store::{BackupItem, StoreResult};
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, Sqlite};

use crate::SqliteStore;
use crate::error::map_err;
use concord_store_sql::Text;
use concord_store_sql::account::ACCOUNT_COLUMNS;
use concord_store_sql::account::{AUDIT_COLUMNS, AuditRow, INVITATION_COLUMNS, InvitationRow};
use concord_store_sql::backup::HashedAccountRow;

pub(super) fn as_limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl SqliteStore {
    /// Accounts after the one with id `after` (text; empty: from the first).
    pub(super) async fn account_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE id > ? ORDER BY id LIMIT ?"
        );
        self.read_section(
            sql,
            after.to_owned(),
            limit,
            HashedAccountRow::<Text>::into_item,
        )
        .await
    }

    /// Invitations after the one with hash `after` (empty: from the first).
    pub(super) async fn invitation_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE hash > ? ORDER BY hash LIMIT ?"
        );
        self.read_section(sql, after.to_owned(), limit, |r: InvitationRow<Text>| {
            r.into_invitation().map(BackupItem::Invitation)
        })
        .await
    }

    /// Audit entries after the one with id `after`, oldest first.
    pub(super) async fn audit_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
        self.read_section(sql, after, limit, |r: AuditRow<Text>| {
            r.into_entry().map(BackupItem::Audit)
        })
        .await
    }

    /// Up to `limit` rows of `sql` (bound to the cursor `after` and the limit) as items.
    pub(super) async fn read_section<R, A>(
        &self,
        sql: String,
        after: A,
        limit: usize,
        item: impl Fn(R) -> StoreResult<BackupItem>,
    ) -> StoreResult<Section>
    where
        R: for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin,
        A: for<'q> sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite> + Send + 'static,
    {
        let rows: Vec<R> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after)
            .bind(as_limit(limit))
            .fetch_all(&self.readers)
            .await
            .map_err(map_err)?;
        let items = rows.into_iter().map(item).collect::<StoreResult<_>>()?;
        Ok(section(items))
    }
}
