//! The revision log: a record's history, one revision, and the log that search indexes follow.

use concord_domain::record::RecordKey;
use concord_domain::revision::Revision;
use concord_domain::{RevisionId, Viewer};
use concord_store::column::may_see_stored;
use concord_store::{LoggedRevision, RevisionMeta, StoreError, StoreResult};
use sqlx::AssertSqlSafe;

use crate::SqliteStore;
use crate::error::map_err;
use crate::read::current_in;
use crate::row::{LogRow, REVISION_COLUMNS, RevisionRow, id_text, parse_action, parse_time};

#[derive(sqlx::FromRow)]
struct MetaRow {
    id: i64,
    action: String,
    author: String,
    at: String,
    summary: String,
    visibility: String,
    parties: String,
}

impl SqliteStore {
    /// Fails with `NotFound` unless the record exists and `who` may see it as it is now.
    async fn check_visible(&self, who: &Viewer, key: RecordKey) -> StoreResult<()> {
        let mut conn = self.readers.acquire().await.map_err(map_err)?;
        let doc = current_in(&mut conn, key).await?;
        if who.can_see(doc.visibility, &doc.parties) {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    /// See `Store::history`.
    pub(crate) async fn record_history(
        &self,
        who: &Viewer,
        key: RecordKey,
    ) -> StoreResult<Vec<RevisionMeta>> {
        self.check_visible(who, key).await?;
        let rows: Vec<MetaRow> = sqlx::query_as(
            "SELECT id, action, author, at, summary, visibility, parties FROM revisions \
             WHERE kind = ? AND record_id = ? ORDER BY id DESC",
        )
        .bind(key.kind.as_str())
        .bind(id_text(key.id))
        .fetch_all(&self.readers)
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
                at: parse_time(&r.at)?,
                summary: r.summary,
            });
        }
        Ok(metas)
    }

    /// See `Store::revision`: the record and the snapshot must both be visible.
    pub(crate) async fn one_revision(
        &self,
        who: &Viewer,
        key: RecordKey,
        id: RevisionId,
    ) -> StoreResult<Revision> {
        self.check_visible(who, key).await?;
        let sql = format!(
            "SELECT {REVISION_COLUMNS} FROM revisions WHERE id = ? AND kind = ? AND record_id = ?"
        );
        let row: RevisionRow = sqlx::query_as(AssertSqlSafe(sql))
            .bind(id.0)
            .bind(key.kind.as_str())
            .bind(id_text(key.id))
            .fetch_one(&self.readers)
            .await
            .map_err(map_err)?;
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
             WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after.0)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?;
        rows.into_iter().map(LogRow::into_logged).collect()
    }

    /// See `Store::head`.
    pub(crate) async fn log_head(&self) -> StoreResult<RevisionId> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM revisions")
            .fetch_one(&self.readers)
            .await
            .map_err(map_err)?;
        Ok(RevisionId(id.unwrap_or(0)))
    }
}
