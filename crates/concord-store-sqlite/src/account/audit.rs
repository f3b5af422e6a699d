//! The audit log: appending an event (inside the caller's transaction, or on its own) and reading
//! it newest first. Rows are never changed or deleted. The row shape and its insert are shared
//! with the backup, which restores entries with their original ids.

use concord_domain::AccountId;
use concord_store::column::{audit_kind_text, parse_audit_kind};
use concord_store::{AuditEntry, AuditEvent, StoreResult};
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::error::{json_err, map_err};
use crate::row::{id_text, parse_id, parse_time, time_text};

/// The columns of [`AuditRow`].
pub(crate) const AUDIT_COLUMNS: &str = "id, kind, at, actor, account_id, address, detail";

/// An audit row.
#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    kind: String,
    at: String,
    actor: Option<String>,
    account_id: Option<String>,
    address: Option<String>,
    detail: String,
}

impl AuditRow {
    /// The entry this row stores.
    pub(crate) fn into_entry(self) -> StoreResult<AuditEntry> {
        Ok(AuditEntry {
            id: self.id,
            event: AuditEvent {
                kind: parse_audit_kind(&self.kind)?,
                at: parse_time(&self.at)?,
                actor: self.actor,
                account: self
                    .account_id
                    .as_deref()
                    .map(|s| parse_id(s).map(AccountId))
                    .transpose()?,
                address: self.address,
                detail: serde_json::from_str(&self.detail).map_err(json_err)?,
            },
        })
    }
}

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
    let rows: Vec<AuditRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .bind(limit)
        .fetch_all(&store.readers)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(AuditRow::into_entry).collect()
}
