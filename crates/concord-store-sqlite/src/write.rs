//! Saving records: creates, updates and reverts, alone or in batches, each batch one
//! transaction that checks every edit (base, duplicates, references) before writing anything.

use concord_domain::record::RecordKey;
use concord_domain::revision::RevisionAction;
use concord_domain::{Problem, RevisionId, ValidationErrors};
use concord_store::{Edit, LoggedRevision, StoreError, StoreResult};
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::bulk::{self, Prepared, State};
use crate::error::{json_err, map_err};
use crate::read::current_in;
use crate::reference::check_references;
use crate::row::{now, parties_json, time_text};

/// Why an edit was refused before anything was written.
enum Refusal {
    Duplicate,
    NotFound,
    Conflict,
}

/// Checks one edit against the record's state before it (as changed by earlier edits of the
/// same batch).
fn check(state: Option<&State>, edit: &Edit) -> Result<(), Refusal> {
    match (edit.base, state) {
        (None, Some(_)) => Err(Refusal::Duplicate),
        (None, None) => Ok(()),
        (Some(_), None) => Err(Refusal::NotFound),
        (Some(base), Some(s)) => {
            if !edit.who.can_see(s.visibility, &s.parties) {
                Err(Refusal::NotFound)
            } else if s.deleted || s.revision != base.0 {
                Err(Refusal::Conflict)
            } else {
                Ok(())
            }
        }
    }
}

/// The error for a refused edit; a conflict carries the record as it is now.
async fn refusal_error(
    conn: &mut SqliteConnection,
    refusal: Refusal,
    key: RecordKey,
) -> StoreError {
    match refusal {
        Refusal::Duplicate => StoreError::Duplicate {
            what: key.to_string(),
        },
        Refusal::NotFound => StoreError::NotFound,
        Refusal::Conflict => match current_in(conn, key).await {
            Ok(current) => StoreError::Conflict {
                current: Box::new(current),
            },
            Err(e) => e,
        },
    }
}

/// The revision an edit becomes.
fn prepare(edit: Edit, id: i64, at: &str) -> StoreResult<Prepared> {
    let action = match (edit.base, edit.action) {
        (None, _) => RevisionAction::Create,
        (Some(_), RevisionAction::Create) => RevisionAction::Update,
        (Some(_), action) => action,
    };
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

impl SqliteStore {
    /// Saves edits in one transaction: all of them or none (see `Store::save_batch`); returns
    /// the revisions written, in order.
    pub(crate) async fn save_edits(&self, edits: Vec<Edit>) -> StoreResult<Vec<LoggedRevision>> {
        if edits.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self
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
            if let Err(refusal) = check(states.get(&key), &edit) {
                return Err(refusal_error(&mut tx, refusal, key).await);
            }
            references.extend(edit.document.references.iter().cloned());
            let state = State {
                revision: next,
                deleted: false,
                visibility: edit.document.visibility,
                parties: edit.document.parties.clone(),
            };
            prepared.push(prepare(edit, next, &at)?);
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

    /// Deletes (`to_deleted`) or restores a record, as a revision with its current snapshot.
    pub(crate) async fn set_deleted(
        &self,
        who: &concord_domain::Viewer,
        key: RecordKey,
        base: RevisionId,
        summary: &str,
        to_deleted: bool,
    ) -> StoreResult<RevisionId> {
        let mut tx = self
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(map_err)?;
        let current = current_in(&mut tx, key).await?;
        if !who.can_see(current.visibility, &current.parties) {
            return Err(StoreError::NotFound);
        }
        if current.revision != base || current.deleted == to_deleted {
            return Err(StoreError::Conflict {
                current: Box::new(current),
            });
        }
        let action = if to_deleted {
            RevisionAction::Delete
        } else {
            RevisionAction::Restore
        };
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
}

/// A `MissingReference` problem for each reference whose target is missing.
pub(crate) fn missing_references(missing: Vec<concord_domain::record::Reference>) -> StoreError {
    let mut errors = ValidationErrors::default();
    for r in missing {
        errors.add(
            r.field,
            Problem::MissingReference {
                kind: r.target.kind.as_str().to_owned(),
                id: r.target.id.to_string(),
            },
        );
    }
    StoreError::Invalid(errors)
}
