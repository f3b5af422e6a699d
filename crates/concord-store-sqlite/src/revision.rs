//! The revision log: `Store::history`, `Store::revision`, `Store::revisions_since` and
//! `Store::head`. Which revisions a viewer may see is `concord_store::revision`'s rule, shared
//! with PostgreSQL; this module reads the rows.

use concord_domain::record::RecordKey;
use concord_domain::revision::Revision;
use concord_domain::{RevisionId, Viewer};
use concord_store::{LoggedRevision, RevisionMeta, StoreError, StoreResult};
use sqlx::AssertSqlSafe;

use crate::SqliteStore;
use crate::error::map_err;
use crate::read::current_in;
use concord_store_sql::Text;
use concord_store_sql::record::{LogRow, MetaRow, RevisionRow, history_of_rows};

use crate::row::{READERS_COLUMN, REVISION_COLUMNS, id_text};

/// Fails with `NotFound` unless the record exists and `who` may see it as it is now.
async fn check_visible(store: &SqliteStore, who: &Viewer, key: RecordKey) -> StoreResult<()> {
    let mut conn = store.readers.acquire().await.map_err(map_err)?;
    let doc = current_in(&mut conn, key).await?;
    if who.can_see(doc.visibility, &doc.parties, &doc.readers) {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

/// See `Store::history`.
pub(crate) async fn history(
    store: &SqliteStore,
    who: &Viewer,
    key: RecordKey,
) -> StoreResult<Vec<RevisionMeta>> {
    check_visible(store, who, key).await?;
    let rows: Vec<MetaRow<Text>> = sqlx::query_as(AssertSqlSafe(format!(
        "SELECT id, action, author, at, summary, visibility, parties, {READERS_COLUMN} \
         FROM revisions WHERE kind = ? AND record_id = ? ORDER BY id DESC"
    )))
    .bind(key.kind.as_str())
    .bind(id_text(key.id))
    .fetch_all(&store.readers)
    .await
    .map_err(map_err)?;
    history_of_rows(who, rows)
}

/// See `Store::revision`: the record and the snapshot must both be visible.
pub(crate) async fn revision(
    store: &SqliteStore,
    who: &Viewer,
    key: RecordKey,
    id: RevisionId,
) -> StoreResult<Revision> {
    check_visible(store, who, key).await?;
    let sql = format!(
        "SELECT {REVISION_COLUMNS} FROM revisions WHERE id = ? AND kind = ? AND record_id = ?"
    );
    let row: RevisionRow<Text> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id.0)
        .bind(key.kind.as_str())
        .bind(id_text(key.id))
        .fetch_one(&store.readers)
        .await
        .map_err(map_err)?;
    row.into_columns()?.into_revision_for(who)
}

/// See `Store::revisions_since`: the columns the search index needs, the snapshot as text.
pub(crate) async fn revisions_since(
    store: &SqliteStore,
    after: RevisionId,
    limit: usize,
) -> StoreResult<Vec<LoggedRevision>> {
    let rows: Vec<LogRow<Text>> = sqlx::query_as(
        "SELECT id, kind, record_id, action, at, snapshot FROM revisions \
         WHERE id > ? ORDER BY id LIMIT ?",
    )
    .bind(after.0)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(&store.readers)
    .await
    .map_err(map_err)?;
    rows.into_iter().map(LogRow::into_logged).collect()
}

/// See `Store::head`.
pub(crate) async fn head(store: &SqliteStore) -> StoreResult<RevisionId> {
    let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM revisions")
        .fetch_one(&store.readers)
        .await
        .map_err(map_err)?;
    Ok(RevisionId(id.unwrap_or(0)))
}
