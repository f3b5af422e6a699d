//! Writing records: `Store::save`, `Store::save_batch`, `Store::delete` and `Store::restore`.
//! Whether each change may go ahead is `concord_store::write`'s rule, shared with SQLite.
//!
//! Every write goes through [`write`], one transaction: lock the records involved
//! (`SELECT … FOR UPDATE`, in key order so writers cannot deadlock), take the revision log
//! lock (see `revision.rs`), draw the revision ids, check each change against the state left by
//! the previous ones (base, visibility), check every reference against the final state, then
//! write everything with one multi-row statement per table. Any refusal rolls the whole
//! transaction back, so nothing is written.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use concord_domain::record::{RecordKey, Reference};
use concord_domain::{RevisionId, Viewer};
use concord_store::document::author_of;
use concord_store::write::{Refusal, check_missing, decide_delete, decide_save};
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
    /// Marks a record deleted or restores it.
    Toggle {
        who: Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: String,
        /// `true` to delete, `false` to restore.
        to_deleted: bool,
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

/// See `Store::save`.
pub(crate) async fn save(store: &PgStore, edit: Edit) -> StoreResult<RevisionId> {
    first_id(write(store, vec![Change::Save(edit)]).await?)
}

/// See `Store::save_batch`.
pub(crate) async fn save_batch(
    store: &PgStore,
    edits: Vec<Edit>,
) -> StoreResult<Vec<LoggedRevision>> {
    write(store, edits.into_iter().map(Change::Save).collect()).await
}

/// See `Store::delete`.
pub(crate) async fn delete(
    store: &PgStore,
    who: &Viewer,
    key: RecordKey,
    base: RevisionId,
    summary: &str,
) -> StoreResult<RevisionId> {
    toggle(store, who, key, base, summary, true).await
}

/// See `Store::restore`.
pub(crate) async fn restore(
    store: &PgStore,
    who: &Viewer,
    key: RecordKey,
    base: RevisionId,
    summary: &str,
) -> StoreResult<RevisionId> {
    toggle(store, who, key, base, summary, false).await
}

/// Deletes (`to_deleted`) or restores a record, as a revision with its current snapshot.
async fn toggle(
    store: &PgStore,
    who: &Viewer,
    key: RecordKey,
    base: RevisionId,
    summary: &str,
    to_deleted: bool,
) -> StoreResult<RevisionId> {
    let change = Change::Toggle {
        who: who.clone(),
        key,
        base,
        summary: summary.to_owned(),
        to_deleted,
    };
    first_id(write(store, vec![change]).await?)
}

/// The id of the one revision a single change wrote.
fn first_id(written: Vec<LoggedRevision>) -> StoreResult<RevisionId> {
    written
        .into_iter()
        .next()
        .map(|r| r.id)
        .ok_or(StoreError::NotFound)
}

/// Applies `changes` in order in one transaction; returns each change's revision as the
/// log holds it.
async fn write(store: &PgStore, changes: Vec<Change>) -> StoreResult<Vec<LoggedRevision>> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let at = now();
    let mut tx: PgTransaction<'_> = store.pool.begin().await.map_err(map_err)?;
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
        Change::Save(edit) => apply_save(states, edit, id, at),
        Change::Toggle {
            who,
            key,
            base,
            summary,
            to_deleted,
        } => {
            let state = states.get(&key);
            let action = decide_delete(state.map(State::current), &who, base, to_deleted)
                .map_err(|refusal| refused(refusal, key, state))?;
            let state = states.get_mut(&key).ok_or(StoreError::NotFound)?;
            state.revision = id;
            state.deleted = to_deleted;
            state.updated_at = at;
            state.author = author_of(&who);
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

/// The error for a refused change to `key`; a conflict carries the record as the batch left it.
fn refused(refusal: Refusal, key: RecordKey, state: Option<&State>) -> StoreError {
    refusal.into_error(key, || state.ok_or(StoreError::NotFound)?.stored(key))
}

/// Checks one save against the current states, applies it to them, and returns its revision.
fn apply_save(
    states: &mut HashMap<RecordKey, State>,
    edit: Edit,
    id: RevisionId,
    at: DateTime<Utc>,
) -> StoreResult<RevisionInsert> {
    let key = edit.document.key;
    let current = states.get(&key);
    let action = decide_save(current.map(State::current), &edit)
        .map_err(|refusal| refused(refusal, key, current))?;
    let author = edit.author();
    let doc = edit.document;
    let state_author = author.clone();
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
            readers: doc.readers,
            deleted: false,
            created_at,
            updated_at: at,
            author: state_author,
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
    check_missing(
        refs.iter()
            .filter(|r| states.get(&r.target).is_none_or(|s| s.deleted)),
    )
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
