//! Rows of the registry's tables: a record with its latest snapshot, and revisions.

use concord_domain::record::RecordKey;
use concord_domain::{RevisionId, Viewer};
use concord_store::column::{
    json_err, logged_revision, parse_kind, parse_parties, parse_visibility, readers_of,
};
use concord_store::revision::{MetaColumns, RevisionColumns, history_for};
use concord_store::{LoggedRevision, RevisionMeta, StoreResult, StoredDocument};

use crate::{Column, Columns};

/// A record's current state joined with its latest snapshot.
#[derive(sqlx::FromRow)]
pub struct RecordRow<C: Columns> {
    pub kind: String,
    pub id: C::Id,
    pub revision: i64,
    pub visibility: String,
    pub parties: String,
    pub deleted: bool,
    pub created_at: C::Time,
    pub updated_at: C::Time,
    pub author: String,
    pub snapshot: String,
}

/// The columns of [`RecordRow`], for `SELECT … FROM records r JOIN revisions v …`.
pub const RECORD_COLUMNS: &str = "r.kind, r.id, r.revision, r.visibility, r.parties, \
     r.deleted, r.created_at, r.updated_at, v.author, v.snapshot";

impl<C: Columns> RecordRow<C> {
    /// The stored document.
    pub fn into_document(self) -> StoreResult<StoredDocument> {
        let body = serde_json::from_str(&self.snapshot).map_err(json_err)?;
        Ok(StoredDocument {
            key: RecordKey {
                kind: parse_kind(&self.kind)?,
                id: self.id.value()?,
            },
            readers: readers_of(&body)?,
            body,
            revision: RevisionId(self.revision),
            deleted: self.deleted,
            created_at: self.created_at.value()?,
            updated_at: self.updated_at.value()?,
            author: self.author,
            visibility: parse_visibility(&self.visibility)?,
            parties: parse_parties(&self.parties)?,
        })
    }
}

/// A revision row without its record and snapshot (`Store::history`); `readers` is the
/// snapshot's readers as a JSON array, extracted by each backend's own SQL.
#[derive(sqlx::FromRow)]
pub struct MetaRow<C: Columns> {
    pub id: i64,
    pub action: String,
    pub author: String,
    pub at: C::Time,
    pub summary: String,
    pub visibility: String,
    pub parties: String,
    pub readers: String,
}

impl<C: Columns> MetaRow<C> {
    /// The backend-neutral columns: the time read, the rest as stored.
    pub fn into_columns(self) -> StoreResult<MetaColumns> {
        Ok(MetaColumns {
            id: self.id,
            action: self.action,
            author: self.author,
            at: self.at.value()?,
            summary: self.summary,
            visibility: self.visibility,
            parties: self.parties,
            readers: self.readers,
        })
    }
}

/// A record's history for `who` from its revision rows, newest first (`Store::history`).
pub fn history_of_rows<C: Columns>(
    who: &Viewer,
    rows: Vec<MetaRow<C>>,
) -> StoreResult<Vec<RevisionMeta>> {
    let rows = rows
        .into_iter()
        .map(MetaRow::into_columns)
        .collect::<StoreResult<Vec<_>>>()?;
    history_for(who, rows)
}

/// A whole revision row.
#[derive(sqlx::FromRow)]
pub struct RevisionRow<C: Columns> {
    #[sqlx(flatten)]
    pub meta: MetaRow<C>,
    pub kind: String,
    pub record_id: C::Id,
    pub snapshot: String,
}

impl<C: Columns> RevisionRow<C> {
    /// The backend-neutral columns: the record id and time read, the rest as stored.
    pub fn into_columns(self) -> StoreResult<RevisionColumns> {
        Ok(RevisionColumns {
            meta: self.meta.into_columns()?,
            kind: self.kind,
            record_id: self.record_id.value()?,
            snapshot: self.snapshot,
        })
    }
}

/// A revision as the search index follows it (`Store::revisions_since`).
#[derive(sqlx::FromRow)]
pub struct LogRow<C: Columns> {
    pub id: i64,
    pub kind: String,
    pub record_id: C::Id,
    pub action: String,
    pub at: C::Time,
    pub snapshot: String,
}

impl<C: Columns> LogRow<C> {
    /// The logged revision; its snapshot stays text.
    pub fn into_logged(self) -> StoreResult<LoggedRevision> {
        logged_revision(
            self.id,
            &self.kind,
            self.record_id.value()?,
            &self.action,
            self.at.value()?,
            self.snapshot,
        )
    }
}
