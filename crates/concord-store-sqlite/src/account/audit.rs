//! The audit log: appending an event (inside the caller's transaction, or on its own) and reading
//! it newest first. Rows are never changed or deleted. The row shape and its insert are shared
//! with the backup, which restores entries with their original ids.

use concord_store::column::audit_kind_text;
use concord_store::{AuditEntry, AuditEvent, StoreResult};
use concord_store_sql::Text;
use concord_store_sql::account::{AUDIT_COLUMNS, AuditRow};
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::error::{json_err, map_err};
use crate::row::{id_text, time_text};

/// Appends `event` on `conn` (inside the caller's transaction when it has one).
pub(crate) async fn insert_audit(
    conn: &mut SqliteConnection,
    event: &AuditEvent,
) -> StoreResult<()> {
    insert_audit_row(conn, None, event).await
}

/// Inserts `event` with the id `id` (a restored entry), or the next id when `None` (SQLite
/// numbers a NULL `INTEGER PRIMARY KEY` past the highest, so the log continues after a restore).
pub(crate) async fn insert_audit_row(
    conn: &mut SqliteConnection,
    id: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<()> {
    let detail = serde_json::to_string(&event.detail).map_err(json_err)?;
    sqlx::query(
        "INSERT INTO audit_log (id, kind, at, actor, account_id, address, detail) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(audit_kind_text(event.kind)?)
    .bind(time_text(event.at))
    .bind(&event.actor)
    .bind(event.account.map(|a| id_text(a.0)))
    .bind(&event.address)
    .bind(detail)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::record_audit`.
pub(crate) async fn record_audit(store: &SqliteStore, event: AuditEvent) -> StoreResult<()> {
    let mut conn = store.writer.acquire().await.map_err(map_err)?;
    insert_audit(&mut conn, &event).await
}

/// See `AccountStore::audit_log`.
pub(crate) async fn audit_log(
    store: &SqliteStore,
    before: Option<i64>,
    limit: usize,
) -> StoreResult<Vec<AuditEntry>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let sql = format!(
        "SELECT {AUDIT_COLUMNS} FROM audit_log \
             WHERE ?1 IS NULL OR id < ?1 ORDER BY id DESC LIMIT ?2"
    );
    let rows: Vec<AuditRow<Text>> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .bind(limit)
        .fetch_all(&store.readers)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(AuditRow::into_entry).collect()
}
