//! Reading records: `Store::get`, `get_many`, `list`, `count` and `find_by_match_keys`. Every
//! read for a viewer asks `Viewer::can_see`; a record the viewer may not see is `NotFound`.

use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{RevisionId, Viewer, Visibility};
use concord_store::read::list_visible;
use concord_store::{StoreError, StoreResult, StoredDocument};
use sqlx::{AssertSqlSafe, QueryBuilder, Sqlite, SqliteConnection};
use uuid::Uuid;

use crate::SqliteStore;
use crate::error::{json_err, map_err};
use crate::row::{RECORD_COLUMNS, id_text, parse_id};
use concord_store_sql::Text;
use concord_store_sql::record::RecordRow;

/// Candidates a listing reads per query, at least.
const LIST_PAGE: usize = 64;

/// Keys per match-key lookup.
const KEY_CHUNK: usize = 10_000;

/// The record as it is now, whoever asks (for conflicts and writes inside a transaction).
pub(crate) async fn current_in(
    conn: &mut SqliteConnection,
    key: RecordKey,
) -> StoreResult<StoredDocument> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM records r JOIN revisions v ON v.id = r.revision \
         WHERE r.kind = ? AND r.id = ?"
    );
    let row: RecordRow<Text> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(key.kind.as_str())
        .bind(id_text(key.id))
        .fetch_one(&mut *conn)
        .await
        .map_err(map_err)?;
    row.into_document()
}

/// See `Store::get`.
pub(crate) async fn get(
    store: &SqliteStore,
    who: &Viewer,
    key: RecordKey,
) -> StoreResult<StoredDocument> {
    let mut conn = store.readers.acquire().await.map_err(map_err)?;
    let doc = current_in(&mut conn, key).await?;
    if who.can_see(doc.visibility, &doc.parties, &doc.readers) {
        Ok(doc)
    } else {
        Err(StoreError::NotFound)
    }
}

/// See `Store::get_many`: the keys go in as one JSON array of `[kind, id]` pairs per chunk,
/// joined with `json_each`, so a chunk costs one bound value rather than two per key.
pub(crate) async fn get_many(
    store: &SqliteStore,
    who: &Viewer,
    keys: &[RecordKey],
) -> StoreResult<Vec<StoredDocument>> {
    let mut pairs: Vec<(&'static str, String)> = keys
        .iter()
        .map(|k| (k.kind.as_str(), id_text(k.id)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM json_each(?) j \
             JOIN records r ON r.kind = j.value ->> 0 AND r.id = j.value ->> 1 \
             JOIN revisions v ON v.id = r.revision"
    );
    let mut out = Vec::with_capacity(pairs.len());
    for chunk in pairs.chunks(KEY_CHUNK) {
        let json = serde_json::to_string(chunk).map_err(json_err)?;
        let rows: Vec<RecordRow<Text>> = sqlx::query_as(AssertSqlSafe(sql.as_str()))
            .bind(json)
            .fetch_all(&store.readers)
            .await
            .map_err(map_err)?;
        for row in rows {
            let doc = row.into_document()?;
            if who.can_see(doc.visibility, &doc.parties, &doc.readers) {
                out.push(doc);
            }
        }
    }
    Ok(out)
}

/// See `Store::list`: pages of candidates at the levels the viewer could see, filled by
/// `concord_store::read::list_visible`.
pub(crate) async fn list(
    store: &SqliteStore,
    who: &Viewer,
    kind: RecordKind,
    after: Option<Uuid>,
    limit: usize,
) -> StoreResult<Vec<StoredDocument>> {
    let levels = &who.reachable_levels();
    list_visible(who, after, limit, LIST_PAGE, move |cursor, n| {
        list_page(store, kind, levels, cursor, n)
    })
    .await
}

/// Up to `limit` records of `kind` at `levels`, not deleted, after `after`, in id order.
async fn list_page(
    store: &SqliteStore,
    kind: RecordKind,
    levels: &[Visibility],
    after: Option<Uuid>,
    limit: usize,
) -> StoreResult<Vec<StoredDocument>> {
    let mut q = QueryBuilder::<Sqlite>::new(format!(
        "SELECT {RECORD_COLUMNS} FROM records r JOIN revisions v ON v.id = r.revision \
             WHERE r.kind = "
    ));
    q.push_bind(kind.as_str())
        .push(" AND r.deleted = 0 AND r.id > ")
        .push_bind(after.map(id_text).unwrap_or_default())
        .push(" AND r.visibility IN (");
    let mut list = q.separated(", ");
    for level in levels {
        list.push_bind(level.as_str());
    }
    q.push(") ORDER BY r.id LIMIT ")
        .push_bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let rows: Vec<RecordRow<Text>> = q
        .build_query_as()
        .fetch_all(&store.readers)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(RecordRow::into_document).collect()
}

/// See `Store::count`.
pub(crate) async fn count(store: &SqliteStore, kind: RecordKind) -> StoreResult<u64> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM records WHERE kind = ? AND deleted = 0")
        .bind(kind.as_str())
        .fetch_one(&store.readers)
        .await
        .map_err(map_err)?;
    Ok(n.unsigned_abs())
}

/// See `Store::find_by_match_keys`.
pub(crate) async fn find_by_match_keys(
    store: &SqliteStore,
    kind: RecordKind,
    keys: &[String],
) -> StoreResult<Vec<(String, RecordKey, RevisionId)>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(KEY_CHUNK) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT k.key, k.record_id, r.revision FROM record_keys k \
                 JOIN records r ON r.kind = k.kind AND r.id = k.record_id WHERE k.kind = ",
        );
        q.push_bind(kind.as_str()).push(" AND k.key IN (");
        let mut list = q.separated(", ");
        for key in chunk {
            list.push_bind(key.as_str());
        }
        q.push(") ORDER BY k.key, k.record_id");
        let rows: Vec<(String, String, i64)> = q
            .build_query_as()
            .fetch_all(&store.readers)
            .await
            .map_err(map_err)?;
        for (key, id, revision) in rows {
            let record = RecordKey {
                kind,
                id: parse_id(&id)?,
            };
            out.push((key, record, RevisionId(revision)));
        }
    }
    Ok(out)
}
