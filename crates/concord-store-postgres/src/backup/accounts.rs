//! The account sections of a backup as PostgreSQL reads them: accounts with their password
//! hashes (by id), unused invitations (by hash, bytewise) and the audit log (by id). The rows
//! and their conversions are the account code's (`crate::account`), as are the inserts a
//! restore uses; after inserting entries with their ids, a restore moves the audit id sequence
//! on ([`continue_audit_ids`]). Sessions and rate-limit counters are not backed up.

use concord_store::backup::{Section, section};
use concord_store::{BackupItem, StoreResult};
use sqlx::postgres::PgRow;
use sqlx::{AssertSqlSafe, PgConnection, Postgres};
use uuid::Uuid;

use super::as_limit;
use crate::PgStore;
use crate::error::map_err;
use concord_store_sql::Native;
use concord_store_sql::account::{
    ACCOUNT_COLUMNS, AUDIT_COLUMNS, AuditRow, INVITATION_COLUMNS, InvitationRow,
};
use concord_store_sql::backup::HashedAccountRow;

/// An account id cursor: empty is before the first account.
fn account_cursor(after: &str) -> StoreResult<Option<Uuid>> {
    if after.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(after)
        .map(Some)
        .map_err(|e| concord_store::StoreError::Backend(Box::new(e)))
}

impl PgStore {
    /// Accounts after the one with id `after` (text; empty: from the first). UUIDs order
    /// bytewise, as their text does in SQLite.
    pub(super) async fn account_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts \
             WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2"
        );
        self.read_section(
            sql,
            account_cursor(after)?,
            limit,
            HashedAccountRow::<Native>::into_item,
        )
        .await
    }

    /// Invitations after the one with hash `after` (empty: from the first).
    pub(super) async fn invitation_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations \
             WHERE hash COLLATE \"C\" > $1 ORDER BY hash COLLATE \"C\" LIMIT $2"
        );
        self.read_section(sql, after.to_owned(), limit, |r: InvitationRow<Native>| {
            r.into_invitation().map(BackupItem::Invitation)
        })
        .await
    }

    /// Audit entries after the one with id `after`, oldest first.
    pub(super) async fn audit_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let sql =
            format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2");
        self.read_section(sql, after, limit, |r: AuditRow<Native>| {
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
        R: for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin,
        A: for<'q> sqlx::Encode<'q, Postgres> + sqlx::Type<Postgres> + Send + 'static,
    {
        let rows: Vec<R> = sqlx::query_as(AssertSqlSafe(sql))
            .bind(after)
            .bind(as_limit(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(map_err)?;
        let items = rows.into_iter().map(item).collect::<StoreResult<_>>()?;
        Ok(section(items))
    }
}

/// Moves the audit id sequence past the highest id, so the next event continues the log.
pub(crate) async fn continue_audit_ids(conn: &mut PgConnection) -> StoreResult<()> {
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), max(id)) \
         FROM audit_log HAVING max(id) IS NOT NULL",
    )
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}
