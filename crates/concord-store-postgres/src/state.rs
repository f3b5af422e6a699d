//! The state of the records a write involves: locked in the database, then changed in memory
//! by each change of the batch in turn.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use concord_domain::record::RecordKey;
use concord_domain::{AccountId, OrganisationId, RevisionId, Visibility};
use concord_store::column::readers_of;
use concord_store::write::Current;
use concord_store::{StoreResult, StoredDocument};
use sqlx::PgConnection;
use uuid::Uuid;

use crate::bulk::RecordWrite;
use crate::error::{json_err, map_err};
use crate::row::{parse_kind, parse_parties, parse_visibility, parties_json};

/// A record as the batch sees it: as locked in the database, then as changed by the batch.
pub(crate) struct State {
    pub revision: RevisionId,
    pub label: String,
    pub visibility: Visibility,
    pub parties: Vec<OrganisationId>,
    /// The accounts its snapshot names as readers.
    pub readers: Vec<AccountId>,
    pub deleted: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Who wrote its latest revision.
    pub author: String,
    pub snapshot: String,
    /// Whether the row exists in the database (update) or not yet (insert).
    pub in_db: bool,
    /// Whether the batch changed it.
    pub touched: bool,
    /// New match keys, when a save replaced them.
    pub keys: Option<Vec<String>>,
}

impl State {
    /// What the shared write rules decide on.
    pub fn current(&self) -> Current<'_> {
        Current {
            revision: self.revision,
            deleted: self.deleted,
            visibility: self.visibility,
            parties: &self.parties,
            readers: &self.readers,
        }
    }

    /// The record as the batch has left it, as a read would return it.
    pub fn stored(&self, key: RecordKey) -> StoreResult<StoredDocument> {
        Ok(StoredDocument {
            key,
            body: serde_json::from_str(&self.snapshot).map_err(json_err)?,
            revision: self.revision,
            deleted: self.deleted,
            created_at: self.created_at,
            updated_at: self.updated_at,
            author: self.author.clone(),
            visibility: self.visibility,
            parties: self.parties.clone(),
            readers: self.readers.clone(),
        })
    }

    pub fn to_write(&self, key: RecordKey) -> StoreResult<RecordWrite> {
        Ok(RecordWrite {
            key,
            revision: self.revision,
            label: self.label.clone(),
            visibility: self.visibility,
            parties: parties_json(&self.parties)?,
            deleted: self.deleted,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// A locked record row.
#[derive(sqlx::FromRow)]
struct LockRow {
    kind: String,
    id: Uuid,
    revision: i64,
    label: String,
    visibility: String,
    parties: String,
    deleted: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    author: String,
    snapshot: String,
}

/// Locks the records named by `keys` (those a write touches or refers to) in key order, so
/// concurrent writers cannot deadlock, and returns the state of those that exist.
pub(crate) async fn lock(
    conn: &mut PgConnection,
    keys: &BTreeSet<RecordKey>,
) -> StoreResult<HashMap<RecordKey, State>> {
    let kinds: Vec<&str> = keys.iter().map(|k| k.kind.as_str()).collect();
    let ids: Vec<Uuid> = keys.iter().map(|k| k.id).collect();
    let rows: Vec<LockRow> = sqlx::query_as(
        "SELECT r.kind, r.id, r.revision, r.label, r.visibility, r.parties, r.deleted, \
         r.created_at, r.updated_at, v.author, v.snapshot \
         FROM records r JOIN revisions v ON v.id = r.revision \
         WHERE (r.kind, r.id) IN (SELECT * FROM UNNEST($1::text[], $2::uuid[])) \
         ORDER BY r.kind, r.id FOR UPDATE OF r",
    )
    .bind(kinds)
    .bind(ids)
    .fetch_all(conn)
    .await
    .map_err(map_err)?;
    rows.into_iter()
        .map(|r| {
            let key = RecordKey {
                kind: parse_kind(&r.kind)?,
                id: r.id,
            };
            let state = State {
                revision: RevisionId(r.revision),
                label: r.label,
                visibility: parse_visibility(&r.visibility)?,
                parties: parse_parties(&r.parties)?,
                readers: readers_of(&serde_json::from_str(&r.snapshot).map_err(json_err)?)?,
                deleted: r.deleted,
                created_at: r.created_at,
                updated_at: r.updated_at,
                author: r.author,
                snapshot: r.snapshot,
                in_db: true,
                touched: false,
                keys: None,
            };
            Ok((key, state))
        })
        .collect()
}
