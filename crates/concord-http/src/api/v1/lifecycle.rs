//! Delete, restore and revert: reversible writes that the authorisation matrix allows an admin
//! or a steward of one of the record's parties (a hidden record is 404), and `If-Match`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use concord_domain::revision::RevisionAction;
use concord_domain::{Action, Record, RecordKey, RevisionId, Viewer};
use concord_store::{StoreError, StoredDocument};
use serde::Deserialize;

use super::headers::{record_response, set_etag};
use super::support::{
    self, check_base, check_fresh, check_new, check_stored, decode_record, key, redacted, validate,
    write_error,
};
use crate::error::AppError;
use crate::extract::{ApiViewer, IfMatch, JsonBody, PathId};
use crate::state::AppState;

/// `DELETE /api/v1/{kind}/{id}`: marks the record deleted (reversibly). 204 with the deletion's
/// revision as `ETag`, which a restore sends as `If-Match`.
pub async fn delete<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    if_match: IfMatch,
) -> Result<Response, AppError> {
    let (revision, _) = delete_record::<R>(
        &state,
        &viewer,
        key::<R>(id),
        |doc| Ok(if_match.base(doc.revision)),
        "deleted with the API",
    )
    .await?;
    support::refresh_search(&state).await;
    let mut response = StatusCode::NO_CONTENT.into_response();
    set_etag(&mut response, revision);
    Ok(response)
}

/// `POST /api/v1/{kind}/{id}/restore`: restores a deleted record; 200 with the record.
pub async fn restore<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    if_match: IfMatch,
) -> Result<Response, AppError> {
    let (revision, doc) = restore_record::<R>(
        &state,
        &viewer,
        key::<R>(id),
        |doc| Ok(if_match.base(doc.revision)),
        "restored with the API",
    )
    .await?;
    support::refresh_search(&state).await;
    let record: R = support::stored_record(doc.body)?;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Deletes `key` with `DELETE`'s checks, on the base revision `base` takes from the stored
/// record (the API's `If-Match`, a page's form); the deletion's revision and the record as it
/// was read. The pages call it too, so both surfaces decide alike.
pub async fn delete_record<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    key: RecordKey,
    base: impl FnOnce(&StoredDocument) -> Result<RevisionId, AppError>,
    summary: &str,
) -> Result<(RevisionId, StoredDocument), AppError> {
    let (doc, base) = opened(
        state,
        viewer,
        key,
        Action::Delete,
        "deleting this record",
        base,
    )
    .await?;
    check_base::<R>(&doc, base, viewer)?;
    let revision = state
        .store
        .delete(viewer, key, base, summary)
        .await
        .map_err(|e| write_error::<R>(e, base, viewer))?;
    Ok((revision, doc))
}

/// Restores the deleted record `key` with the restore's checks, on the base revision `base`
/// takes from the stored record; the restore's revision and the record as it was read.
pub async fn restore_record<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    key: RecordKey,
    base: impl FnOnce(&StoredDocument) -> Result<RevisionId, AppError>,
    summary: &str,
) -> Result<(RevisionId, StoredDocument), AppError> {
    let (doc, base) = opened(
        state,
        viewer,
        key,
        Action::Restore,
        "restoring this record",
        base,
    )
    .await?;
    check_fresh::<R>(&doc, base, viewer)?;
    if !doc.deleted {
        return Err(AppError::Conflict("the record is not deleted".into()));
    }
    let revision = state
        .store
        .restore(viewer, key, base, summary)
        .await
        .map_err(|e| write_error::<R>(e, base, viewer))?;
    Ok((revision, doc))
}

/// The record as stored, once `viewer` may take `action` on it (a hidden record is 404), and
/// the base revision `base` takes from it: how delete, restore and revert begin.
async fn opened(
    state: &AppState,
    viewer: &Viewer,
    key: RecordKey,
    action: Action,
    what: &str,
    base: impl FnOnce(&StoredDocument) -> Result<RevisionId, AppError>,
) -> Result<(StoredDocument, RevisionId), AppError> {
    let doc = state.store.get(viewer, key).await?;
    check_stored(viewer, action, &doc, what)?;
    let base = base(&doc)?;
    Ok((doc, base))
}

/// The snapshot of revision `rev` of record `id`; 422 naming `revision` when the viewer sees
/// no such revision of this record.
async fn old_snapshot<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    id: R::Id,
    rev: RevisionId,
) -> Result<R, AppError> {
    match state.store.revision(viewer, key::<R>(id), rev).await {
        Ok(old) => decode_record(old.snapshot, id),
        Err(StoreError::NotFound) => Err(AppError::unprocessable_field(
            "revision",
            "missing_reference",
            format!("this record has no revision {rev} you may see"),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The body of a revert.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevertBody {
    /// The revision whose snapshot becomes the record again.
    pub revision: RevisionId,
    /// Why.
    #[serde(default)]
    pub summary: String,
}

/// `POST /api/v1/{kind}/{id}/revert`: a new revision holding an earlier revision's snapshot.
pub async fn revert<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<RevertBody>,
) -> Result<Response, AppError> {
    let (revision, record) = revert_record::<R>(
        &state,
        &viewer,
        key::<R>(id),
        |doc| Ok(if_match.base(doc.revision)),
        body.revision,
        body.summary,
    )
    .await?;
    support::refresh_search(&state).await;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Reverts `key` to the snapshot of its revision `wanted` with the revert's checks, on the
/// base revision `base` takes from the stored record; the revert's revision and the record
/// as it now is. The pages call it too, so both surfaces decide alike.
pub async fn revert_record<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    key: RecordKey,
    base: impl FnOnce(&StoredDocument) -> Result<RevisionId, AppError>,
    wanted: RevisionId,
    summary: String,
) -> Result<(RevisionId, R), AppError> {
    let (doc, base) = opened(
        state,
        viewer,
        key,
        Action::Revert,
        "reverting this record",
        base,
    )
    .await?;
    check_base::<R>(&doc, base, viewer)?;
    let current: R = support::stored_record(doc.body)?;
    let mut record: R = old_snapshot(state, viewer, R::Id::from(key.id), wanted).await?;
    // A revert sets back what edits change; the workflow moves only by its own steps.
    record.keep_workflow(&current);
    check_new(viewer, Action::Revert, &record, "this revert")?;
    validate(state, &record).await?;
    super::red_lines::recheck(state, &current, &mut record).await?;
    let revision = support::save_as(
        state,
        viewer,
        &record,
        base,
        RevisionAction::Revert,
        summary,
    )
    .await?;
    Ok((revision, record))
}
