//! Multi-row writes: each statement sends whole columns as arrays and `UNNEST`s them, so a batch
//! of thousands of rows is one round trip per table, not one per row.

use chrono::{DateTime, Utc};
use concord_domain::record::RecordKey;
use concord_domain::revision::RevisionAction;
use concord_domain::{RevisionId, Visibility};
use concord_store::StoreResult;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::map_err;

/// A revision row to insert, id included.
pub(crate) struct RevisionInsert {
    pub id: RevisionId,
    pub key: RecordKey,
    pub action: RevisionAction,
    pub author: String,
    pub at: DateTime<Utc>,
    pub summary: String,
    pub visibility: Visibility,
    /// JSON array of organisation ids.
    pub parties: String,
    /// The record's JSON, exactly as it will be read back.
    pub snapshot: String,
}

/// A record's current state to insert or update.
pub(crate) struct RecordWrite {
    pub key: RecordKey,
    pub revision: RevisionId,
    pub label: String,
    pub visibility: Visibility,
    /// JSON array of organisation ids.
    pub parties: String,
    pub deleted: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Draws `n` ids from the revision sequence, in increasing order. The caller must hold the
/// revision log lock (see `revision.rs`).
pub(crate) async fn next_ids(conn: &mut PgConnection, n: usize) -> StoreResult<Vec<RevisionId>> {
    let mut ids: Vec<i64> =
        sqlx::query_scalar("SELECT nextval('revisions_id_seq') FROM generate_series(1, $1)")
            .bind(i64::try_from(n).unwrap_or(i64::MAX))
            .fetch_all(conn)
            .await
            .map_err(map_err)?;
    ids.sort_unstable();
    Ok(ids.into_iter().map(RevisionId).collect())
}

/// Inserts revisions with the ids and times they carry.
pub(crate) async fn insert_revisions(
    conn: &mut PgConnection,
    rows: &[RevisionInsert],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id.0).collect();
    let kinds: Vec<&str> = rows.iter().map(|r| r.key.kind.as_str()).collect();
    let record_ids: Vec<Uuid> = rows.iter().map(|r| r.key.id).collect();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    let authors: Vec<&str> = rows.iter().map(|r| r.author.as_str()).collect();
    let ats: Vec<DateTime<Utc>> = rows.iter().map(|r| r.at).collect();
    let summaries: Vec<&str> = rows.iter().map(|r| r.summary.as_str()).collect();
    let visibilities: Vec<&str> = rows.iter().map(|r| r.visibility.as_str()).collect();
    let parties: Vec<&str> = rows.iter().map(|r| r.parties.as_str()).collect();
    let snapshots: Vec<&str> = rows.iter().map(|r| r.snapshot.as_str()).collect();
    sqlx::query(
        "INSERT INTO revisions \
         (id, kind, record_id, action, author, at, summary, visibility, parties, snapshot) \
         SELECT * FROM UNNEST($1::int8[], $2::text[], $3::uuid[], $4::text[], $5::text[], \
         $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[])",
    )
    .bind(ids)
    .bind(kinds)
    .bind(record_ids)
    .bind(actions)
    .bind(authors)
    .bind(ats)
    .bind(summaries)
    .bind(visibilities)
    .bind(parties)
    .bind(snapshots)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// The columns of [`RecordWrite`]s as arrays, in table order.
struct RecordColumns<'a> {
    kinds: Vec<&'a str>,
    ids: Vec<Uuid>,
    revisions: Vec<i64>,
    labels: Vec<&'a str>,
    visibilities: Vec<&'a str>,
    parties: Vec<&'a str>,
    deleted: Vec<bool>,
    created_at: Vec<DateTime<Utc>>,
    updated_at: Vec<DateTime<Utc>>,
}

impl<'a> RecordColumns<'a> {
    fn of(rows: &[&'a RecordWrite]) -> Self {
        Self {
            kinds: rows.iter().map(|r| r.key.kind.as_str()).collect(),
            ids: rows.iter().map(|r| r.key.id).collect(),
            revisions: rows.iter().map(|r| r.revision.0).collect(),
            labels: rows.iter().map(|r| r.label.as_str()).collect(),
            visibilities: rows.iter().map(|r| r.visibility.as_str()).collect(),
            parties: rows.iter().map(|r| r.parties.as_str()).collect(),
            deleted: rows.iter().map(|r| r.deleted).collect(),
            created_at: rows.iter().map(|r| r.created_at).collect(),
            updated_at: rows.iter().map(|r| r.updated_at).collect(),
        }
    }
}

/// Inserts new records. A record that exists already fails with `Duplicate { what:
/// "records_pkey" }`, also when a concurrent transaction created it first.
pub(crate) async fn insert_records(
    conn: &mut PgConnection,
    rows: &[&RecordWrite],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let c = RecordColumns::of(rows);
    sqlx::query(
        "INSERT INTO records \
         (kind, id, revision, label, visibility, parties, deleted, created_at, updated_at) \
         SELECT * FROM UNNEST($1::text[], $2::uuid[], $3::int8[], $4::text[], $5::text[], \
         $6::text[], $7::bool[], $8::timestamptz[], $9::timestamptz[])",
    )
    .bind(c.kinds)
    .bind(c.ids)
    .bind(c.revisions)
    .bind(c.labels)
    .bind(c.visibilities)
    .bind(c.parties)
    .bind(c.deleted)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Inserts records, or updates those that exist (keeping their `created_at`). For loading
/// backups, where a record's revisions may span two loads.
pub(crate) async fn upsert_records(
    conn: &mut PgConnection,
    rows: &[&RecordWrite],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let c = RecordColumns::of(rows);
    sqlx::query(
        "INSERT INTO records \
         (kind, id, revision, label, visibility, parties, deleted, created_at, updated_at) \
         SELECT * FROM UNNEST($1::text[], $2::uuid[], $3::int8[], $4::text[], $5::text[], \
         $6::text[], $7::bool[], $8::timestamptz[], $9::timestamptz[]) \
         ON CONFLICT ON CONSTRAINT records_pkey DO UPDATE SET revision = excluded.revision, \
         label = excluded.label, visibility = excluded.visibility, parties = excluded.parties, \
         deleted = excluded.deleted, updated_at = excluded.updated_at",
    )
    .bind(c.kinds)
    .bind(c.ids)
    .bind(c.revisions)
    .bind(c.labels)
    .bind(c.visibilities)
    .bind(c.parties)
    .bind(c.deleted)
    .bind(c.created_at)
    .bind(c.updated_at)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Updates existing records (their `created_at` is kept).
pub(crate) async fn update_records(
    conn: &mut PgConnection,
    rows: &[&RecordWrite],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let c = RecordColumns::of(rows);
    sqlx::query(
        "UPDATE records r SET revision = u.revision, label = u.label, \
         visibility = u.visibility, parties = u.parties, deleted = u.deleted, \
         updated_at = u.updated_at \
         FROM UNNEST($1::text[], $2::uuid[], $3::int8[], $4::text[], $5::text[], $6::text[], \
         $7::bool[], $8::timestamptz[]) AS u(kind, id, revision, label, visibility, parties, \
         deleted, updated_at) \
         WHERE r.kind = u.kind AND r.id = u.id",
    )
    .bind(c.kinds)
    .bind(c.ids)
    .bind(c.revisions)
    .bind(c.labels)
    .bind(c.visibilities)
    .bind(c.parties)
    .bind(c.deleted)
    .bind(c.updated_at)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Replaces the match keys of the given records with the keys given.
pub(crate) async fn replace_keys(
    conn: &mut PgConnection,
    records: &[(RecordKey, &[String])],
) -> StoreResult<()> {
    if records.is_empty() {
        return Ok(());
    }
    let kinds: Vec<&str> = records.iter().map(|(k, _)| k.kind.as_str()).collect();
    let ids: Vec<Uuid> = records.iter().map(|(k, _)| k.id).collect();
    sqlx::query(
        "DELETE FROM record_keys k USING UNNEST($1::text[], $2::uuid[]) AS u(kind, id) \
         WHERE k.kind = u.kind AND k.record_id = u.id",
    )
    .bind(kinds)
    .bind(ids)
    .execute(&mut *conn)
    .await
    .map_err(map_err)?;
    let rows: Vec<(&str, &str, Uuid)> = records
        .iter()
        .flat_map(|(k, keys)| {
            keys.iter()
                .map(move |key| (k.kind.as_str(), key.as_str(), k.id))
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO record_keys (kind, key, record_id) \
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING",
    )
    .bind(rows.iter().map(|r| r.0).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.1).collect::<Vec<_>>())
    .bind(rows.iter().map(|r| r.2).collect::<Vec<_>>())
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}
