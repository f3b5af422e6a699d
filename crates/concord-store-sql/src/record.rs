//! Rows of the registry's tables: a record with its latest snapshot, and revisions.

use concord_domain::record::RecordKey;
use concord_domain::{RevisionId, Viewer};
use concord_store::changes::ChangeColumns;
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

/// A candidate of `Store::changes`: a revision with its record's current visibility, parties
/// and readers (`now_*`) and its record's previous revision (`previous_*`, null when none).
#[derive(sqlx::FromRow)]
pub struct ChangeRow<C: Columns> {
    #[sqlx(flatten)]
    pub revision: RevisionRow<C>,
    pub now_visibility: String,
    pub now_parties: String,
    pub now_readers: String,
    pub previous: Option<i64>,
    pub previous_visibility: Option<String>,
    pub previous_parties: Option<String>,
    pub previous_readers: Option<String>,
}

impl<C: Columns> ChangeRow<C> {
    /// The backend-neutral columns.
    pub fn into_columns(self) -> StoreResult<ChangeColumns> {
        let previous = match (
            self.previous,
            self.previous_visibility,
            self.previous_parties,
            self.previous_readers,
        ) {
            (Some(id), Some(v), Some(p), Some(r)) => Some((id, v, p, r)),
            _ => None,
        };
        Ok(ChangeColumns {
            revision: self.revision.into_columns()?,
            now: (self.now_visibility, self.now_parties, self.now_readers),
            previous,
        })
    }
}

/// The `SELECT … FROM …` of a `Store::changes` query, before its `WHERE`: each revision `v`,
/// its record `r` with the current snapshot `c`, and the record's previous revision `p`, as a
/// [`ChangeRow`]. `readers(alias)` is the backend's expression for the readers that a
/// revision's snapshot names, as a JSON array.
pub fn changes_select(readers: impl Fn(&str) -> String) -> String {
    format!(
        "SELECT v.id, v.kind, v.record_id, v.action, v.author, v.at, v.summary, v.visibility, \
         v.parties, v.snapshot, {} AS readers, \
         r.visibility AS now_visibility, r.parties AS now_parties, {} AS now_readers, \
         p.id AS previous, p.visibility AS previous_visibility, \
         p.parties AS previous_parties, {} AS previous_readers \
         FROM revisions v \
         JOIN records r ON r.kind = v.kind AND r.id = v.record_id \
         JOIN revisions c ON c.id = r.revision \
         LEFT JOIN revisions p ON p.id = (SELECT max(q.id) FROM revisions q \
             WHERE q.kind = v.kind AND q.record_id = v.record_id AND q.id < v.id) ",
        readers("v"),
        readers("c"),
        readers("p"),
    )
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
