//! Writing records: creates, updates, reverts, deletes and restores, alone or in a batch.
//!
//! Every write goes through [`PgStore::write`], one transaction: lock the records involved
//! (`SELECT … FOR UPDATE`, in key order so writers cannot deadlock), take the revision log
//! lock (see `revision.rs`), draw the revision ids, check each change against the state left by
//! the previous ones (base, visibility), check every reference against the final state, then
//! write everything with one multi-row statement per table. Any refusal rolls the whole
//! transaction back, so nothing is written.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use concord_domain::record::{RecordKey, Reference};
use concord_domain::revision::RevisionAction;
use concord_domain::{Problem, RevisionId, ValidationErrors, Viewer};
use concord_store::document::author_of;
use concord_store::{Edit, LoggedRevision, StoreError, StoreResult};
use sqlx::{PgConnection, PgTransaction};

use crate::PgStore;
use crate::bulk::{self, RecordWrite, RevisionInsert};
use crate::error::map_err;
use crate::revision::REVISION_LOG_LOCK;
use crate::row::{now, parties_json};
use crate::state::{State, lock};

/// One change to one record.
pub(crate) enum Change {
    /// A create (no base), update or revert.
    Save(Edit),
    /// Marks a record deleted (`Delete`) or restores it (`Restore`).
    Toggle {
        who: Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: String,
        action: RevisionAction,
    },
}

impl Change {
    fn key(&self) -> RecordKey {
        match self {
            Change::Save(edit) => edit.document.key,
            Change::Toggle { key, .. } => *key,
        }
    }

    fn references(&self) -> &[Reference] {
        match self {
            Change::Save(edit) => &edit.document.references,
            Change::Toggle { .. } => &[],
        }
    }
}

impl PgStore {
    /// Applies `changes` in order in one transaction; returns each change's revision as the
    /// log holds it.
    pub(crate) async fn write(&self, changes: Vec<Change>) -> StoreResult<Vec<LoggedRevision>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let at = now();
        let mut tx: PgTransaction<'_> = self.pool.begin().await.map_err(map_err)?;
        let keys: BTreeSet<RecordKey> = changes
            .iter()
            .flat_map(|c| std::iter::once(c.key()).chain(c.references().iter().map(|r| r.target)))
            .collect();
        let mut states = lock(&mut tx, &keys).await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(REVISION_LOG_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        let ids = bulk::next_ids(&mut tx, changes.len()).await?;
        let creates: Vec<RecordKey> = changes
            .iter()
            .filter(|c| matches!(c, Change::Save(e) if e.base.is_none()))
            .map(Change::key)
            .collect();
        let mut revisions = Vec::with_capacity(changes.len());
        let mut references = Vec::new();
        for (change, id) in changes.into_iter().zip(&ids) {
            references.extend_from_slice(change.references());
            revisions.push(apply(&mut states, change, *id, at)?);
        }
        // Checked against the batch's final state, so a batch may refer to a record it creates
        // later (as the SQLite store does).
        check_references(&states, &references)?;
        bulk::insert_revisions(&mut tx, &revisions).await?;
        store_states(&mut tx, &states)
            .await
            .map_err(|e| name_duplicate(e, &creates))?;
        tx.commit().await.map_err(map_err)?;
        Ok(revisions
            .into_iter()
            .map(|r| LoggedRevision {
                id: r.id,
                record: r.key,
                action: r.action,
                at: r.at,
                snapshot: r.snapshot,
            })
            .collect())
    }
}

/// A concurrent transaction created the same record after our lock found nothing: name the
/// record rather than the constraint when the write created only one.
fn name_duplicate(err: StoreError, creates: &[RecordKey]) -> StoreError {
    match (err, creates) {
        (StoreError::Duplicate { what }, [only]) if what == "records_pkey" => {
            StoreError::Duplicate {
                what: only.to_string(),
            }
        }
        (other, _) => other,
    }
}

/// Checks one change against the current states, applies it to them, and returns its revision.
fn apply(
    states: &mut HashMap<RecordKey, State>,
    change: Change,
    id: RevisionId,
    at: DateTime<Utc>,
) -> StoreResult<RevisionInsert> {
    match change {
        Change::Save(edit) => save(states, edit, id, at),
        Change::Toggle {
            who,
            key,
            base,
            summary,
            action,
        } => {
            let state = states.get_mut(&key).ok_or(StoreError::NotFound)?;
            if !who.can_see(state.visibility, &state.parties) {
                return Err(StoreError::NotFound);
            }
            let deleting = action == RevisionAction::Delete;
            if state.deleted == deleting || state.revision != base {
                return Err(state.conflict(key));
            }
            state.revision = id;
            state.deleted = deleting;
            state.updated_at = at;
            state.touched = true;
            Ok(RevisionInsert {
                id,
                key,
                action,
                author: author_of(&who),
                at,
                summary,
                visibility: state.visibility,
                parties: parties_json(&state.parties)?,
                snapshot: state.snapshot.clone(),
            })
        }
    }
}

fn save(
    states: &mut HashMap<RecordKey, State>,
    edit: Edit,
    id: RevisionId,
    at: DateTime<Utc>,
) -> StoreResult<RevisionInsert> {
    let key = edit.document.key;
    let current = states.get(&key);
    match (edit.base, current) {
        (None, Some(_)) => {
            return Err(StoreError::Duplicate {
                what: key.to_string(),
            });
        }
        (Some(_), None) => return Err(StoreError::NotFound),
        (Some(_), Some(s)) if !edit.who.can_see(s.visibility, &s.parties) => {
            return Err(StoreError::NotFound);
        }
        (Some(base), Some(s)) if s.deleted || s.revision != base => return Err(s.conflict(key)),
        _ => {}
    }
    let action = match (edit.base, edit.action) {
        (None, _) => RevisionAction::Create,
        (Some(_), RevisionAction::Create) => RevisionAction::Update,
        (Some(_), action) => action,
    };
    let author = edit.author();
    let doc = edit.document;
    let snapshot = doc.json;
    let revision = RevisionInsert {
        id,
        key,
        action,
        author,
        at,
        summary: edit.summary,
        visibility: doc.visibility,
        parties: parties_json(&doc.parties)?,
        snapshot: snapshot.clone(),
    };
    let (created_at, in_db) = current.map_or((at, false), |s| (s.created_at, s.in_db));
    states.insert(
        key,
        State {
            revision: id,
            label: doc.label,
            visibility: doc.visibility,
            parties: doc.parties,
            deleted: false,
            created_at,
            updated_at: at,
            snapshot,
            in_db,
            touched: true,
            keys: Some(doc.match_keys),
        },
    );
    Ok(revision)
}

/// `Invalid` naming each reference whose target does not exist or is deleted.
fn check_references(states: &HashMap<RecordKey, State>, refs: &[Reference]) -> StoreResult<()> {
    let mut errors = ValidationErrors::default();
    for r in refs {
        if states.get(&r.target).is_none_or(|s| s.deleted) {
            errors.add(
                r.field.clone(),
                Problem::MissingReference {
                    kind: r.target.kind.as_str().to_owned(),
                    id: r.target.id.to_string(),
                },
            );
        }
    }
    errors.into_result().map_err(StoreError::Invalid)
}

/// Writes the records the batch touched, and the match keys it replaced.
async fn store_states(
    conn: &mut PgConnection,
    states: &HashMap<RecordKey, State>,
) -> StoreResult<()> {
    let mut writes = Vec::new();
    let mut keys = Vec::new();
    for (key, state) in states.iter().filter(|(_, s)| s.touched) {
        writes.push((state.in_db, state.to_write(*key)?));
        if let Some(k) = &state.keys {
            keys.push((*key, k.as_slice()));
        }
    }
    let inserts: Vec<&RecordWrite> = writes.iter().filter(|w| !w.0).map(|w| &w.1).collect();
    let updates: Vec<&RecordWrite> = writes.iter().filter(|w| w.0).map(|w| &w.1).collect();
    bulk::insert_records(conn, &inserts).await?;
    bulk::update_records(conn, &updates).await?;
    bulk::replace_keys(conn, &keys).await
}
