//! Row shapes shared by several queries, and how stored text becomes domain values.

use chrono::{DateTime, SubsecRound, Utc};
use concord_domain::RevisionId;
use concord_domain::record::RecordKey;
use concord_store::column::readers_of;
use concord_store::revision::{MetaColumns, RevisionColumns};
use concord_store::{LoggedRevision, StoreResult, StoredDocument};
use uuid::Uuid;

use crate::error::json_err;

/// The current time as stored: whole microseconds, which is what PostgreSQL (and the SQLite
/// store) keep, so a value read back equals the value written.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A record's current state joined with its latest snapshot.
#[derive(sqlx::FromRow)]
pub(crate) struct RecordRow {
    pub kind: String,
    pub id: Uuid,
    pub revision: i64,
    pub visibility: String,
    pub parties: String,
    pub deleted: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub snapshot: String,
}

/// The columns of [`RecordRow`], for `SELECT … FROM records r JOIN revisions v …`.
pub(crate) const RECORD_COLUMNS: &str = "r.kind, r.id, r.revision, r.visibility, r.parties, \
     r.deleted, r.created_at, r.updated_at, v.snapshot";

impl RecordRow {
    /// The stored document.
    pub fn into_document(self) -> StoreResult<StoredDocument> {
        let body = serde_json::from_str(&self.snapshot).map_err(json_err)?;
        Ok(StoredDocument {
            key: RecordKey {
                kind: parse_kind(&self.kind)?,
                id: self.id,
            },
            readers: readers_of(&body)?,
            body,
            revision: RevisionId(self.revision),
            deleted: self.deleted,
            created_at: self.created_at,
            updated_at: self.updated_at,
            visibility: parse_visibility(&self.visibility)?,
            parties: parse_parties(&self.parties)?,
        })
    }
}

/// A revision row without its record and snapshot (`Store::history`).
#[derive(sqlx::FromRow)]
pub(crate) struct MetaRow {
    pub id: i64,
    pub action: String,
    pub author: String,
    pub at: DateTime<Utc>,
    pub summary: String,
    pub visibility: String,
    pub parties: String,
    /// The snapshot's readers, as [`READERS_COLUMN`] extracts them.
    pub readers: String,
}

impl MetaRow {
    /// The backend-neutral columns.
    pub fn into_columns(self) -> MetaColumns {
        MetaColumns {
            id: self.id,
            action: self.action,
            author: self.author,
            at: self.at,
            summary: self.summary,
            visibility: self.visibility,
            parties: self.parties,
            readers: self.readers,
        }
    }
}

/// A whole revision row.
#[derive(sqlx::FromRow)]
pub(crate) struct RevisionRow {
    #[sqlx(flatten)]
    pub meta: MetaRow,
    pub kind: String,
    pub record_id: Uuid,
    pub snapshot: String,
}

impl RevisionRow {
    /// The backend-neutral columns.
    pub fn into_columns(self) -> RevisionColumns {
        RevisionColumns {
            meta: self.meta.into_columns(),
            kind: self.kind,
            record_id: self.record_id,
            snapshot: self.snapshot,
        }
    }
}

/// A revision as the search index follows it (`Store::revisions_since`).
#[derive(sqlx::FromRow)]
pub(crate) struct LogRow {
    pub id: i64,
    pub kind: String,
    pub record_id: Uuid,
    pub action: String,
    pub at: DateTime<Utc>,
    pub snapshot: String,
}

impl LogRow {
    /// The logged revision; its snapshot stays text.
    pub fn into_logged(self) -> StoreResult<LoggedRevision> {
        concord_store::column::logged_revision(
            self.id,
            &self.kind,
            self.record_id,
            &self.action,
            self.at,
            self.snapshot,
        )
    }
}

/// The columns of [`RevisionRow`].
pub(crate) const REVISION_COLUMNS: &str = "id, kind, record_id, action, author, at, summary, visibility, parties, snapshot, \
     COALESCE((snapshot::json -> 'readers')::text, '[]') AS readers";

/// The readers a revision's snapshot names, as a JSON array (`[]` when it names none): the
/// snapshot is where readers are stored, so each revision keeps the readers it had.
pub(crate) const READERS_COLUMN: &str =
    "COALESCE((snapshot::json -> 'readers')::text, '[]') AS readers";

pub(crate) use concord_store::column::{parse_kind, parse_parties, parse_visibility, parties_json};
