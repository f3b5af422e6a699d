//! Reading the revision log: a record's history, one revision, and the log the search index
//! follows.
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
use concord_store::column::may_see_stored;
use concord_store::{LoggedRevision, RevisionMeta, StoreError, StoreResult};
use sqlx::AssertSqlSafe;

use crate::PgStore;
use crate::error::map_err;
use crate::row::{LogRow, REVISION_COLUMNS, RevisionRow, parse_action};

/// The advisory lock key that orders revision ids (`'concord_revisions'` as a number; any
/// constant works as long as every writer uses the same one).
pub(crate) const REVISION_LOG_LOCK: i64 = 0x636f_6e63_6f72_6401;

/// A revision without its snapshot.
#[derive(sqlx::FromRow)]
struct MetaRow {
    id: i64,
    action: String,
    author: String,
    at: chrono::DateTime<chrono::Utc>,
    summary: String,
    visibility: String,
    parties: String,
}

impl PgStore {
    pub(crate) async fn record_history(
        &self,
        who: &Viewer,
        key: RecordKey,
    ) -> StoreResult<Vec<RevisionMeta>> {
        // Visibility is the record's current one; `get_record` answers NotFound otherwise.
        self.get_record(who, key).await?;
        let rows: Vec<MetaRow> = sqlx::query_as(
            "SELECT id, action, author, at, summary, visibility, parties FROM revisions \
             WHERE kind = $1 AND record_id = $2 ORDER BY id DESC",
        )
        .bind(key.kind.as_str())
        .bind(key.id)
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let mut metas = Vec::with_capacity(rows.len());
        for r in rows {
            if !may_see_stored(who, &r.visibility, &r.parties)? {
                continue;
            }
            metas.push(RevisionMeta {
                id: RevisionId(r.id),
                action: parse_action(&r.action)?,
                author: r.author,
                at: r.at,
                summary: r.summary,
            });
        }
        Ok(metas)
    }

    pub(crate) async fn one_revision(
        &self,
        who: &Viewer,
        key: RecordKey,
        id: RevisionId,
    ) -> StoreResult<Revision> {
        self.get_record(who, key).await?;
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM revisions WHERE id = $1 AND kind = $2 AND record_id = $3"
        );
        let row: RevisionRow = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id.0)
            .bind(key.kind.as_str())
            .bind(key.id)
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        // A snapshot keeps the visibility it had when it was written.
        if !may_see_stored(who, &row.visibility, &row.parties)? {
            return Err(StoreError::NotFound);
        }
        row.into_revision()
    }

    /// See `Store::revisions_since`: the columns the search index needs, the snapshot as text.
    pub(crate) async fn log_since(
        &self,
        after: RevisionId,
        limit: usize,
    ) -> StoreResult<Vec<LoggedRevision>> {
        let rows: Vec<LogRow> = sqlx::query_as(
            "SELECT id, kind, record_id, action, at, snapshot FROM revisions \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after.0)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(LogRow::into_logged).collect()
    }

    pub(crate) async fn log_head(&self) -> StoreResult<RevisionId> {
        let id: i64 = sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM revisions")
            .fetch_one(&self.pool)
            .await
            .map_err(map_err)?;
        Ok(RevisionId(id))
    }
}
