//! Row shapes shared by several queries, and how stored text becomes domain values (and back).
//!
//! Timestamps are RFC 3339 UTC text with exactly six fractional digits, so they sort as text
//! and round-trip exactly through PostgreSQL's microsecond `TIMESTAMPTZ` too.

use chrono::{DateTime, SubsecRound, Utc};
use concord_domain::RevisionId;
use concord_domain::record::RecordKey;
use concord_store::column::readers_of;
use concord_store::revision::{MetaColumns, RevisionColumns};
use concord_store::{LoggedRevision, StoreResult, StoredDocument};
use uuid::Uuid;

use crate::error::{bad_value, json_err};

/// The current time as stored: whole microseconds.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// A timestamp as stored: `2025-01-02T03:04:05.123456Z`.
pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Parses a stored timestamp.
pub(crate) fn parse_time(s: &str) -> StoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| bad_value("timestamp", s))
}

/// Parses a stored timestamp that may be absent.
pub(crate) fn parse_opt_time(s: Option<&str>) -> StoreResult<Option<DateTime<Utc>>> {
    s.map(parse_time).transpose()
}

/// A record id as stored: lowercase hyphenated.
pub(crate) fn id_text(id: Uuid) -> String {
    id.hyphenated().to_string()
}

/// Parses a stored record id.
pub(crate) fn parse_id(s: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(s).map_err(|_| bad_value("record id", s))
}

/// A record's current state joined with its latest snapshot.
#[derive(sqlx::FromRow)]
pub(crate) struct RecordRow {
    pub kind: String,
    pub id: String,
    pub revision: i64,
    pub visibility: String,
    pub parties: String,
    pub deleted: bool,
    pub created_at: String,
    pub updated_at: String,
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
                id: parse_id(&self.id)?,
            },
            readers: readers_of(&body)?,
            body,
            revision: RevisionId(self.revision),
            deleted: self.deleted,
            created_at: parse_time(&self.created_at)?,
            updated_at: parse_time(&self.updated_at)?,
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
    pub at: String,
    pub summary: String,
    pub visibility: String,
    pub parties: String,
    /// The snapshot's readers, as [`READERS_COLUMN`] extracts them.
    pub readers: String,
}

impl MetaRow {
    /// The backend-neutral columns: the time parsed, the rest as stored.
    pub fn into_columns(self) -> StoreResult<MetaColumns> {
        Ok(MetaColumns {
            id: self.id,
            action: self.action,
            author: self.author,
            at: parse_time(&self.at)?,
            summary: self.summary,
            visibility: self.visibility,
            parties: self.parties,
            readers: self.readers,
        })
    }
}

/// A whole revision row.
#[derive(sqlx::FromRow)]
pub(crate) struct RevisionRow {
    #[sqlx(flatten)]
    pub meta: MetaRow,
    pub kind: String,
    pub record_id: String,
    pub snapshot: String,
}

impl RevisionRow {
    /// The backend-neutral columns: the record id and time parsed, the rest as stored.
    pub fn into_columns(self) -> StoreResult<RevisionColumns> {
        Ok(RevisionColumns {
            meta: self.meta.into_columns()?,
            kind: self.kind,
            record_id: parse_id(&self.record_id)?,
            snapshot: self.snapshot,
        })
    }
}

/// A revision as the search index follows it (`Store::revisions_since`).
#[derive(sqlx::FromRow)]
pub(crate) struct LogRow {
    pub id: i64,
    pub kind: String,
    pub record_id: String,
    pub action: String,
    pub at: String,
    pub snapshot: String,
}

impl LogRow {
    /// The logged revision; its snapshot stays text.
    pub fn into_logged(self) -> StoreResult<LoggedRevision> {
        concord_store::column::logged_revision(
            self.id,
            &self.kind,
            parse_id(&self.record_id)?,
            &self.action,
            parse_time(&self.at)?,
            self.snapshot,
        )
    }
}

/// The columns of [`RevisionRow`].
pub(crate) const REVISION_COLUMNS: &str = "id, kind, record_id, action, author, at, summary, visibility, parties, snapshot, \
     COALESCE(json_extract(snapshot, '$.readers'), '[]') AS readers";

/// The readers a revision's snapshot names, as a JSON array (`[]` when it names none): the
/// snapshot is where readers are stored, so each revision keeps the readers it had.
pub(crate) const READERS_COLUMN: &str =
    "COALESCE(json_extract(snapshot, '$.readers'), '[]') AS readers";

pub(crate) use concord_store::column::{parse_kind, parse_parties, parse_visibility, parties_json};
