//! Reading records: `Store::get`, `get_many`, `list`, `count` and `find_by_match_keys`.
//!
//! Every read that takes a [`Viewer`] decides with [`Viewer::can_see`]; SQL only narrows the
//! candidates (to the levels the viewer could see on some record) so that a listing does not
//! scan records the viewer can never see. It must not decide visibility itself.

use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{RevisionId, Viewer, Visibility};
use concord_store::read::list_visible;
use concord_store::{StoreError, StoreResult, StoredDocument};
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::PgStore;
use crate::error::map_err;
use concord_store_sql::Native;
use concord_store_sql::record::{RECORD_COLUMNS, RecordRow};

/// How many candidate rows a listing fetches per round trip, at least.
const LIST_CHUNK: usize = 200;

/// A match-key hit.
#[derive(sqlx::FromRow)]
struct KeyRow {
    key: String,
    kind: String,
    record_id: Uuid,
    revision: i64,
}

/// See `Store::get`.
pub(crate) async fn get(
    store: &PgStore,
    who: &Viewer,
    key: RecordKey,
) -> StoreResult<StoredDocument> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM records r JOIN revisions v ON v.id = r.revision \
             WHERE r.kind = $1 AND r.id = $2"
    );
    let row: RecordRow<Native> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(key.kind.as_str())
        .bind(key.id)
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    let doc = row.into_document()?;
    if who.can_see(doc.visibility, &doc.parties, &doc.readers) {
        Ok(doc)
    } else {
        Err(StoreError::NotFound)
    }
}

/// See `Store::get_many`: one query, the keys as two parallel arrays joined with `UNNEST`.
pub(crate) async fn get_many(
    store: &PgStore,
    who: &Viewer,
    keys: &[RecordKey],
) -> StoreResult<Vec<StoredDocument>> {
    let mut keys = keys.to_vec();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let kinds: Vec<&str> = keys.iter().map(|k| k.kind.as_str()).collect();
    let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM UNNEST($1::text[], $2::uuid[]) AS k(kind, id) \
             JOIN records r ON r.kind = k.kind AND r.id = k.id \
             JOIN revisions v ON v.id = r.revision"
    );
    let rows: Vec<RecordRow<Native>> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(&kinds)
        .bind(&ids)
        .fetch_all(&store.pool)
        .await
        .map_err(map_err)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let doc = row.into_document()?;
        if who.can_see(doc.visibility, &doc.parties, &doc.readers) {
            out.push(doc);
        }
    }
    Ok(out)
}

/// See `Store::list`: pages of candidates at the levels the viewer could see, filled by
/// `concord_store::read::list_visible`.
pub(crate) async fn list(
    store: &PgStore,
    who: &Viewer,
    kind: RecordKind,
    after: Option<Uuid>,
    limit: usize,
) -> StoreResult<Vec<StoredDocument>> {
    // Only levels the viewer could see for some record are worth fetching; `can_see` on each
    // row decides.
    let levels: &Vec<&str> = &who
        .reachable_levels()
        .into_iter()
        .map(Visibility::as_str)
        .collect();
    list_visible(who, after, limit, LIST_CHUNK, move |cursor, n| {
        list_page(store, kind, levels, cursor, n)
    })
    .await
}

/// Up to `limit` records of `kind` at `levels`, not deleted, after `after`, in id order.
async fn list_page(
    store: &PgStore,
    kind: RecordKind,
    levels: &[&str],
    after: Option<Uuid>,
    limit: usize,
) -> StoreResult<Vec<StoredDocument>> {
    let sql = format!(
        "SELECT {RECORD_COLUMNS} FROM records r JOIN revisions v ON v.id = r.revision \
         WHERE r.kind = $1 AND NOT r.deleted AND ($2::uuid IS NULL OR r.id > $2) \
         AND r.visibility = ANY($3) ORDER BY r.id LIMIT $4"
    );
    let rows: Vec<RecordRow<Native>> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(kind.as_str())
        .bind(after)
        .bind(levels)
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&store.pool)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(RecordRow::into_document).collect()
}

/// See `Store::count`.
pub(crate) async fn count(store: &PgStore, kind: RecordKind) -> StoreResult<u64> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM records WHERE kind = $1 AND NOT deleted")
        .bind(kind.as_str())
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    Ok(n.unsigned_abs())
}

/// See `Store::find_by_match_keys`.
pub(crate) async fn find_by_match_keys(
    store: &PgStore,
    kind: RecordKind,
    keys: &[String],
) -> StoreResult<Vec<(String, RecordKey, RevisionId)>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<KeyRow> = sqlx::query_as(
        "SELECT k.key, k.kind, k.record_id, r.revision FROM record_keys k \
             JOIN records r ON r.kind = k.kind AND r.id = k.record_id \
             WHERE k.kind = $1 AND k.key = ANY($2) ORDER BY k.key COLLATE \"C\", k.record_id",
    )
    .bind(kind.as_str())
    .bind(keys)
    .fetch_all(&store.pool)
    .await
    .map_err(map_err)?;
    rows.into_iter()
        .map(|r| {
            let kind = crate::row::parse_kind(&r.kind)?;
            let key = RecordKey {
                kind,
                id: r.record_id,
            };
            Ok((r.key, key, RevisionId(r.revision)))
        })
        .collect()
}
