//! What the record handlers share: keys, redaction, the authorisation matrix asked about a
//! stored or a new record, the checks before a write, turning store
//! refusals into 410/412 with the current record, and the search catch-up after a write.

use concord_domain::authz::{Action, Decision, Subject};
use concord_domain::record::{KindVisitor, Record, RecordKey, RecordKind};
use concord_domain::revision::RevisionAction;
use concord_domain::{RevisionId, Viewer, Visibility};
use concord_store::{Document, Edit, StoreError, StoredDocument};
use serde_json::Value;

use crate::error::AppError;
use crate::extract::{decode_json, refuse_arrays_for_objects};
use crate::state::AppState;

/// The key of record `id` of kind `R`.
pub fn key<R: Record>(id: R::Id) -> RecordKey {
    RecordKey {
        kind: R::KIND,
        id: id.into(),
    }
}

/// A stored body as `R`. The store wrote it, so a failure is ours (500), not the client's.
pub fn stored_record<R: Record>(body: Value) -> Result<R, AppError> {
    serde_json::from_value(body).map_err(AppError::internal)
}

/// A record with the fields `viewer` may not see removed, as JSON.
pub fn redacted<R: Record>(mut record: R, viewer: &Viewer) -> Result<Value, AppError> {
    record.redact(viewer);
    serde_json::to_value(record).map_err(AppError::internal)
}

/// A stored body of any kind, redacted for `viewer`.
pub fn redacted_body(kind: RecordKind, body: Value, viewer: &Viewer) -> Result<Value, AppError> {
    struct Redact<'a>(Value, &'a Viewer);
    impl KindVisitor for Redact<'_> {
        type Output = Result<Value, AppError>;
        fn visit<R: Record>(self) -> Self::Output {
            redacted(stored_record::<R>(self.0)?, self.1)
        }
    }
    kind.visit(Redact(body, viewer))
}

/// Decodes a request body as a record with id `id`: an `id` in the body must equal it
/// (a create passes the new id and ignores the body's, see [`with_id`]).
pub fn decode_record<R: Record>(body: Value, id: R::Id) -> Result<R, AppError> {
    let Value::Object(mut map) = body else {
        return Err(AppError::unprocessable_field(
            "body",
            "invalid_type",
            "a record must be a JSON object",
        ));
    };
    let wanted = Value::String(id.to_string());
    if let Some(given) = map.get("id").filter(|given| **given != wanted) {
        return Err(AppError::unprocessable_field(
            "id",
            "malformed",
            format!("{given} is not this record's id {id}; ids cannot change"),
        ));
    }
    map.insert("id".into(), wanted);
    let input = Value::Object(map);
    let record: R = decode_json(input.clone())?;
    let decoded = serde_json::to_value(&record).map_err(AppError::internal)?;
    refuse_arrays_for_objects(&input, &decoded)?;
    Ok(record)
}

/// Replaces any `id` in a create's body with the id the server chose.
pub fn with_id(body: Value, id: impl std::fmt::Display) -> Value {
    match body {
        Value::Object(mut map) => {
            map.insert("id".into(), Value::String(id.to_string()));
            Value::Object(map)
        }
        other => other,
    }
}

/// Every record of kind `R` that `who` may see, deleted ones left out, in id order (creation
/// order for UUIDv7 ids): for the few records of admin-defined kinds, read whole.
pub async fn every<R: Record>(state: &AppState, who: &Viewer) -> Result<Vec<R>, AppError> {
    /// How many records one `list` call reads.
    const PER_READ: usize = 200;
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = state.store.list(who, R::KIND, after, PER_READ).await?;
        let full = page.len() == PER_READ;
        after = page.last().map(|d| d.key.id);
        for doc in page.into_iter().filter(|d| !d.deleted) {
            out.push(stored_record(doc.body)?);
        }
        if !full {
            return Ok(out);
        }
    }
}

/// Validates a record against the store's current vocabularies (422 naming each field).
pub async fn validate<R: Record>(state: &AppState, record: &R) -> Result<(), AppError> {
    let vocabularies = state.store.vocabularies().await?;
    record.validate(&vocabularies)?;
    super::approvals::check_deciders(state, record).await
}

/// Refuses a write based on `base` when the record is deleted (410) or has moved on (412).
pub fn check_base<R: Record>(
    doc: &StoredDocument,
    base: RevisionId,
    viewer: &Viewer,
) -> Result<(), AppError> {
    check_fresh::<R>(doc, base, viewer)?;
    if doc.deleted {
        return Err(AppError::Gone {
            revision: doc.revision,
        });
    }
    Ok(())
}

/// Refuses a write based on `base` when the record has moved on (412 with the current record).
pub fn check_fresh<R: Record>(
    doc: &StoredDocument,
    base: RevisionId,
    viewer: &Viewer,
) -> Result<(), AppError> {
    if doc.revision == base {
        return Ok(());
    }
    Err(stale::<R>(doc.clone(), base, viewer))
}

/// Asks the authorisation matrix about `action` on a stored record (its kind, visibility and
/// parties as stored): 404 when hidden, 401 for a visitor, 403 otherwise.
pub fn check_stored(
    viewer: &Viewer,
    action: Action,
    doc: &StoredDocument,
    what: &str,
) -> Result<(), AppError> {
    let subject = Subject {
        kind: doc.key.kind,
        visibility: doc.visibility,
        parties: &doc.parties,
        readers: &doc.readers,
    };
    AppError::check(viewer.may(action, Some(subject)), what)
}

/// Asks the matrix about `action` on a record as it would be written (a create, or the new
/// state of an edit). A record the viewer could not see afterwards is refused with 403, not
/// 404: the viewer wrote it, so there is nothing to hide, but a steward may not move a record
/// out of their own reach.
pub fn check_new<R: Record>(
    viewer: &Viewer,
    action: Action,
    record: &R,
    what: &str,
) -> Result<(), AppError> {
    let parties = record.parties();
    let readers = record.readers();
    let subject = Subject {
        kind: R::KIND,
        visibility: record.visibility(),
        parties: &parties,
        readers: &readers,
    };
    let decision = viewer.may(action, Some(subject));
    if decision != Decision::NotFound {
        return AppError::check(decision, what);
    }
    // Asked as if the record were public, so a visitor still hears "log in" (401).
    let open = Subject {
        visibility: Visibility::Public,
        ..subject
    };
    match viewer.may(action, Some(open)) {
        Decision::Allow => Err(AppError::Forbidden(format!(
            "{what} would leave a record you may not see; keep yourself a party or choose a \
             more open visibility"
        ))),
        decision => AppError::check(decision, what),
    }
}

/// Writes `record` for `viewer` on the revision `base` as one revision with `action` and
/// `summary` (a workflow step, a decision, a revert): its revision, or the store's refusal as
/// the API answers it (412 with the current record, 410, …).
pub async fn save_as<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    record: &R,
    base: RevisionId,
    action: RevisionAction,
    summary: String,
) -> Result<RevisionId, AppError> {
    let edit = edit(viewer, record, Some(base), action, &summary)?;
    let saved = state.store.save(edit).await;
    saved.map_err(|e| write_error::<R>(e, base, viewer))
}

/// One write of `record` by `viewer` on `base` (none: a create), as the store takes it.
pub fn edit<R: Record>(
    viewer: &Viewer,
    record: &R,
    base: Option<RevisionId>,
    action: RevisionAction,
    summary: &str,
) -> Result<Edit, AppError> {
    Ok(Edit {
        who: viewer.clone(),
        document: Document::from_record(record).map_err(AppError::internal)?,
        base,
        action,
        summary: summary.to_owned(),
    })
}

/// A store refusal of a write based on `base`: a conflict becomes 412 with the current record
/// redacted for the viewer (or 410 when the record is deleted and `base` is its latest revision).
pub fn write_error<R: Record>(e: StoreError, base: RevisionId, viewer: &Viewer) -> AppError {
    match e {
        StoreError::Conflict { current } if current.deleted && current.revision == base => {
            AppError::Gone {
                revision: current.revision,
            }
        }
        StoreError::Conflict { current } => stale::<R>(*current, base, viewer),
        other => other.into(),
    }
}

fn stale<R: Record>(current: StoredDocument, given: RevisionId, viewer: &Viewer) -> AppError {
    let revision = current.revision;
    match stored_record::<R>(current.body).and_then(|r| redacted(r, viewer)) {
        Ok(body) => AppError::PreconditionFailed {
            given,
            revision,
            current: Box::new(body),
        },
        Err(e) => e,
    }
}

/// Brings the search index up to the store's head, so the writer sees its write in search at
/// once. The write itself has succeeded: a failure here is logged, not returned, because
/// answering 500 would make the client retry a write that was stored.
pub async fn refresh_search(state: &AppState) {
    if let Err(e) = concord_search::catch_up(&state.search, &*state.store, &|_, _| {}).await {
        tracing::error!(error = %e, "search index could not catch up after a write");
    }
}
