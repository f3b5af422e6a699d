//! Reading the revision log: `Store::history`, `Store::revision`, `Store::revisions_since` and
//! `Store::head`. Which revisions a viewer may see is `concord_store::revision`'s rule, shared
//! with SQLite; this module reads the rows.
//!
//! # Why revision ids commit in order
//!
//! `revisions_since(after)` is a cursor: a follower remembers the last id it saw and asks for
//! what comes after. With a plain `BIGSERIAL`, two concurrent writers can take ids 10 and 11 and
//! commit 11 first; a follower that reads in between sees 11, moves its cursor past 10, and never
//! sees 10. To prevent this, every write transaction takes [`REVISION_LOG_LOCK`] with
//! `pg_advisory_xact_lock` *before* it draws ids from the sequence, and holds it until it
//! commits (a transaction-level advisory lock is released only after the commit is visible).
//! So ids are drawn and made visible in the same order, and a reader never sees a later id
//! before an earlier one. The price is that writes of revisions are serialized, which SQLite
//! does anyway; reads are not affected. A rolled-back write leaves a gap, which is harmless.

use concord_domain::record::RecordKey;
use concord_domain::revision::Revision;
use concord_domain::{RevisionId, Viewer};
use concord_store::{LoggedRevision, RevisionMeta, StoreResult};
use sqlx::AssertSqlSafe;

use crate::error::map_err;
use concord_store_sql::Native;
use concord_store_sql::record::{LogRow, MetaRow, RevisionRow, history_of_rows};

use crate::row::{READERS_COLUMN, REVISION_COLUMNS};
use crate::{PgStore, read};

/// The advisory lock key that orders revision ids (`'concord_revisions'` as a number; any
/// constant works as long as every writer uses the same one).
pub(crate) const REVISION_LOG_LOCK: i64 = 0x636f_6e63_6f72_6401;

/// See `Store::history`.
pub(crate) async fn history(
    store: &PgStore,
    who: &Viewer,
    key: RecordKey,
) -> StoreResult<Vec<RevisionMeta>> {
    // Visibility is the record's current one; `get` answers NotFound otherwise.
    read::get(store, who, key).await?;
    let rows: Vec<MetaRow<Native>> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT id, action, author, at, summary, visibility, parties, {READERS_COLUMN} \
         FROM revisions WHERE kind = $1 AND record_id = $2 ORDER BY id DESC"
    )))
    .bind(key.kind.as_str())
    .bind(key.id)
    .fetch_all(&store.pool)
    .await
    .map_err(map_err)?;
    history_of_rows(who, rows)
}

/// See `Store::revision`: the record and the snapshot must both be visible.
pub(crate) async fn revision(
    store: &PgStore,
    who: &Viewer,
    key: RecordKey,
    id: RevisionId,
) -> StoreResult<Revision> {
    read::get(store, who, key).await?;
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM revisions WHERE id = $1 AND kind = $2 AND record_id = $3"
    );
    let row: RevisionRow<Native> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id.0)
        .bind(key.kind.as_str())
        .bind(key.id)
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    row.into_columns()?.into_revision_for(who)
}

/// See `Store::revisions_since`: the columns the search index needs, the snapshot as text.
pub(crate) async fn revisions_since(
    store: &PgStore,
    after: RevisionId,
    limit: usize,
) -> StoreResult<Vec<LoggedRevision>> {
    let rows: Vec<LogRow<Native>> = sqlx::query_as(
        "SELECT id, kind, record_id, action, at, snapshot FROM revisions \
         WHERE id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after.0)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(&store.pool)
    .await
    .map_err(map_err)?;
    rows.into_iter().map(LogRow::into_logged).collect()
}

/// See `Store::head`.
pub(crate) async fn head(store: &PgStore) -> StoreResult<RevisionId> {
    let id: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM revisions")
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(RevisionId(id))
}
