//! Writing records: `Store::save` and `Store::save_batch` (creates, updates and reverts, each
//! batch one transaction that checks every edit before writing anything), `Store::delete` and
//! `Store::restore`. Whether a write may go ahead is `concord_store::write`'s rule, shared with
//! PostgreSQL; this module finds the records' states and writes.

use concord_domain::record::RecordKey;
use concord_domain::revision::RevisionAction;
use concord_domain::{RevisionId, Viewer};
use concord_store::write::{Current, decide_delete, decide_save};
use concord_store::{Edit, LoggedRevision, StoreError, StoreResult};

use crate::SqliteStore;
use crate::bulk::{self, Prepared, State};
use crate::error::{json_err, map_err};
use crate::read::current_in;
use crate::reference::check_references;
use crate::row::{now, parties_json, time_text};

/// The revision an edit becomes, recording `action`.
fn prepare(edit: Edit, action: RevisionAction, id: i64, at: &str) -> StoreResult<Prepared> {
    let author = edit.author();
    let doc = edit.document;
    Ok(Prepared {
        id,
        key: doc.key,
        action,
        author,
        at: at.to_owned(),
        summary: edit.summary,
        visibility: doc.visibility,
        parties: parties_json(&doc.parties)?,
        snapshot: doc.json,
        label: doc.label,
        match_keys: doc.match_keys,
        deleted: false,
    })
}

/// See `Store::save`.
pub(crate) async fn save(store: &SqliteStore, edit: Edit) -> StoreResult<RevisionId> {
    let written = save_batch(store, vec![edit]).await?;
    written
        .into_iter()
        .next()
        .map(|r| r.id)
        .ok_or(StoreError::NotFound)
}

/// See `Store::save_batch`: saves edits in one transaction, all of them or none; returns the
/// revisions written, in order.
pub(crate) async fn save_batch(
    store: &SqliteStore,
    edits: Vec<Edit>,
) -> StoreResult<Vec<LoggedRevision>> {
    if edits.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    let keys: Vec<RecordKey> = edits.iter().map(|e| e.document.key).collect();
    let mut states = bulk::load_states(&mut tx, &keys).await?;
    let fresh = states.is_empty();
    let at_time = now();
    let at = time_text(at_time);
    let mut next = bulk::next_revision_id(&mut tx).await?;
    let mut prepared = Vec::with_capacity(edits.len());
    let mut references = Vec::new();
    for edit in edits {
        let key = edit.document.key;
        let action = match decide_save(states.get(&key).map(State::current), &edit) {
            Ok(action) => action,
            Err(refusal) => {
                let current = current_in(&mut tx, key).await;
                return Err(refusal.into_error(key, || current));
            }
        };
        references.extend(edit.document.references.iter().cloned());
        let state = State {
            revision: next,
            deleted: false,
            visibility: edit.document.visibility,
            parties: edit.document.parties.clone(),
            readers: edit.document.readers.clone(),
        };
        prepared.push(prepare(edit, action, next, &at)?);
        states.insert(key, state);
        next += 1;
    }
    check_references(&mut tx, &states, &references).await?;
    bulk::write_batch(&mut tx, &prepared, fresh).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(prepared
        .into_iter()
        .map(|p| LoggedRevision {
            id: RevisionId(p.id),
            record: p.key,
            action: p.action,
            at: at_time,
            snapshot: p.snapshot,
        })
        .collect())
}

/// See `Store::delete`.
pub(crate) async fn delete(
    store: &SqliteStore,
    who: &Viewer,
    key: RecordKey,
    base: RevisionId,
    summary: &str,
) -> StoreResult<RevisionId> {
    set_deleted(store, who, key, base, summary, true).await
}

/// See `Store::restore`.
pub(crate) async fn restore(
    store: &SqliteStore,
    who: &Viewer,
    key: RecordKey,
    base: RevisionId,
    summary: &str,
) -> StoreResult<RevisionId> {
    set_deleted(store, who, key, base, summary, false).await
}

/// Deletes (`to_deleted`) or restores a record, as a revision with its current snapshot.
async fn set_deleted(
    store: &SqliteStore,
    who: &Viewer,
    key: RecordKey,
    base: RevisionId,
    summary: &str,
    to_deleted: bool,
) -> StoreResult<RevisionId> {
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    let current = current_in(&mut tx, key).await?;
    let state = Current {
        revision: current.revision,
        deleted: current.deleted,
        visibility: current.visibility,
        parties: &current.parties,
        readers: &current.readers,
    };
    let action = decide_delete(Some(state), who, base, to_deleted)
        .map_err(|refusal| refusal.into_error(key, || Ok(current.clone())))?;
    let id = bulk::next_revision_id(&mut tx).await?;
    let at = time_text(now());
    let revision = Prepared {
        id,
        key,
        action,
        author: concord_store::document::author_of(who),
        at: at.clone(),
        summary: summary.to_owned(),
        visibility: current.visibility,
        parties: parties_json(&current.parties)?,
        snapshot: serde_json::to_string(&current.body).map_err(json_err)?,
        label: String::new(),
        match_keys: Vec::new(),
        deleted: to_deleted,
    };
    bulk::insert_revision(&mut tx, &revision).await?;
    sqlx::query(
        "UPDATE records SET revision = ?, deleted = ?, updated_at = ? WHERE kind = ? AND id = ?",
    )
    .bind(id)
    .bind(to_deleted)
    .bind(&at)
    .bind(key.kind.as_str())
    .bind(crate::row::id_text(key.id))
    .execute(&mut *tx)
    .await
    .map_err(map_err)?;
    tx.commit().await.map_err(map_err)?;
    Ok(RevisionId(id))
}
