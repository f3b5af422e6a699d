//! The audit log: security events, append-only, read newest first.
//!
//! An event that goes with a change is appended by [`insert_audit`] inside the change's transaction;
//! nothing here updates or deletes a logged event. The row shape and the insert are shared with
//! the backup, which reads entries with [`AuditRow`] and restores them with their ids.

use concord_store::column::audit_kind_text;
use concord_store::{AuditEntry, AuditEvent, StoreResult};
use sqlx::PgConnection;

use concord_store_sql::Native;
use concord_store_sql::account::{AUDIT_COLUMNS, AuditRow};

use crate::PgStore;
use crate::error::{json_err, map_err};

/// Appends `event` on `conn` (a transaction's connection, so it commits with the change).
pub(crate) async fn insert_audit(conn: &mut PgConnection, event: &AuditEvent) -> StoreResult<()> {
    insert_audit_row(conn, None, event).await
}

/// Inserts `event` with the id `id` (a restored entry; the load then moves the sequence past
/// the highest id), or the sequence's next id when `None`.
pub(crate) async fn insert_audit_row(
    conn: &mut PgConnection,
    id: Option<i64>,
    event: &AuditEvent,
) -> StoreResult<()> {
    let detail = serde_json::to_string(&event.detail).map_err(json_err)?;
    sqlx::query(
        "INSERT INTO audit_log (id, kind, at, actor, account_id, address, detail) \
         VALUES (COALESCE($1, nextval(pg_get_serial_sequence('audit_log', 'id'))), \
         $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(audit_kind_text(event.kind)?)
    .bind(event.at)
    .bind(&event.actor)
    .bind(event.account.map(|a| a.0))
    .bind(&event.address)
    .bind(detail)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::record_audit`.
pub(crate) async fn record_audit(store: &PgStore, event: AuditEvent) -> StoreResult<()> {
    let mut conn = store.pool.acquire().await.map_err(map_err)?;
    insert_audit(&mut conn, &event).await
}

/// See `AccountStore::audit_log`.
pub(crate) async fn audit_log(
    store: &PgStore,
    before: Option<i64>,
    limit: usize,
) -> StoreResult<Vec<AuditEntry>> {
    let sql = format!(
        "SELECT {AUDIT_COLUMNS} FROM audit_log \
             WHERE $1::BIGINT IS NULL OR id < $1 ORDER BY id DESC LIMIT $2"
    );
    let rows: Vec<AuditRow<Native>> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&store.pool)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(AuditRow::into_entry).collect()
}
