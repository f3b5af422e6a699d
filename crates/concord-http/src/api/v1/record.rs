//! The records of every kind, generic over [`Record`]: list, show, create, update (PUT) and
//! patch (merge patch). Registered once per kind in [`crate::router`].
//!
//! A create ignores any `id` in the body: the server picks a UUIDv7 and names it in `Location`.
//! PUT and PATCH may not change the id, and keep the fields hidden from the viewer (see
//! `redaction`). Every write asks the authorisation matrix (`Viewer::may`): on the current
//! record, and on the record as it would be written, so a steward cannot move a record out of
//! their reach. Hidden records are 404, never 403; visitors get 401. None of them sets what only
//! the workflow changes (`Record::check_workflow`: a partnership's status and red-line check);
//! an edit of a partnership's parties, areas or level runs its red-line check again.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use concord_domain::merge::{PatchError, merge_patch, patch_record};
use concord_domain::{Action, Record};
use concord_store::{StoreExt, new_id};
use serde_json::Value;

use super::headers::{json_response, record_response};
use super::params;
use super::red_lines;
use super::redaction::keep_hidden;
use super::search::{Page, search_page};
use super::support::{
    self, check_base, check_new, check_stored, decode_record, key, redacted, validate, write_error,
};
use crate::error::AppError;
use crate::extract::{ApiViewer, IfMatch, JsonBody, MergePatch, PathId, QueryPairs};
use crate::state::AppState;

/// `GET /api/v1/{kind}`: a page of records the viewer may see. Searchable kinds go through the
/// index (query, filters, facets); people and the glossary are listed by id from the store.
pub async fn list<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, AppError> {
    if R::KIND.is_searchable() {
        let query = params::search_query(&pairs, Some(R::KIND))?;
        return json_response(StatusCode::OK, &search_page(&state, &viewer, &query).await?);
    }
    let page = params::store_page(&pairs)?;
    let mut docs = state
        .store
        .list(&viewer, R::KIND, page.after, page.limit + 1)
        .await?;
    let next_cursor = (docs.len() > page.limit).then(|| docs[page.limit - 1].key.id.to_string());
    docs.truncate(page.limit);
    let items = docs
        .into_iter()
        .map(|d| Page::item(R::KIND, d.body, d.revision, &viewer))
        .collect::<Result<_, _>>()?;
    json_response(
        StatusCode::OK,
        &Page {
            total: None,
            items,
            facets: None,
            next_cursor,
        },
    )
}

/// `GET /api/v1/{kind}/{id}`: the record, with its revision as `ETag`; 410 when deleted.
pub async fn show<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
) -> Result<Response, AppError> {
    let stored = state.store.get_record::<R>(&viewer, id).await?;
    if stored.deleted {
        return Err(AppError::Gone {
            revision: stored.revision,
        });
    }
    record_response(StatusCode::OK, stored.revision, &stored.record)
}

/// `POST /api/v1/{kind}`: creates a record; 201 with `Location` and `ETag`.
pub async fn create<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, AppError> {
    let id = R::Id::from(new_id());
    let record: R = decode_record(support::with_id(body, id), id)?;
    check_new(&viewer, Action::Create, &record, "creating this record")?;
    record.check_workflow(None)?;
    validate(&state, &record).await?;
    let revision = state
        .store
        .create_record(&viewer, &record, "created with the API")
        .await?;
    support::refresh_search(&state).await;
    let mut response = record_response(StatusCode::CREATED, revision, &redacted(record, &viewer)?)?;
    let location = format!("/api/v1/{}/{id}", R::KIND.collection());
    let location = HeaderValue::from_str(&location).map_err(AppError::internal)?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// `PUT /api/v1/{kind}/{id}`: replaces the record; needs `If-Match` (`*`: the latest revision).
pub async fn update<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<Value>,
) -> Result<Response, AppError> {
    let doc = state.store.get(&viewer, key::<R>(id)).await?;
    check_stored(&viewer, Action::Edit, &doc, "editing this record")?;
    let base = if_match.base(doc.revision);
    let record: R = decode_record(keep_workflow_fields::<R>(body, &doc.body), id)?;
    check_base::<R>(&doc, base, &viewer)?;
    let current: R = support::stored_record(doc.body)?;
    let mut record = keep_hidden(&current, &viewer, record)?;
    check_new(&viewer, Action::Edit, &record, "this edit")?;
    record.check_workflow(Some(&current))?;
    validate(&state, &record).await?;
    red_lines::recheck(&state, &current, &mut record).await?;
    save(&state, &viewer, record, base).await
}

/// `PATCH /api/v1/{kind}/{id}`: applies a JSON merge patch (RFC 7396); needs `If-Match`.
pub async fn patch<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    if_match: IfMatch,
    MergePatch(patch): MergePatch,
) -> Result<Response, AppError> {
    let doc = state.store.get(&viewer, key::<R>(id)).await?;
    check_stored(&viewer, Action::Edit, &doc, "editing this record")?;
    let base = if_match.base(doc.revision);
    check_base::<R>(&doc, base, &viewer)?;
    let current: R = support::stored_record(doc.body)?;
    let mut record = apply_patch(&current, &patch)?;
    check_new(&viewer, Action::Edit, &record, "this patch")?;
    record.check_workflow(Some(&current))?;
    validate(&state, &record).await?;
    red_lines::recheck(&state, &current, &mut record).await?;
    save(&state, &viewer, record, base).await
}

async fn save<R: Record>(
    state: &AppState,
    viewer: &concord_domain::Viewer,
    record: R,
    base: concord_domain::RevisionId,
) -> Result<Response, AppError> {
    let revision = state
        .store
        .update_record(viewer, &record, base, "updated with the API")
        .await
        .map_err(|e| write_error::<R>(e, base, viewer))?;
    support::refresh_search(state).await;
    record_response(StatusCode::OK, revision, &redacted(record, viewer)?)
}

/// A replacement body with the workflow's fields it leaves out taken from the stored body, so
/// that leaving out a field the client may not change keeps it.
fn keep_workflow_fields<R: Record>(body: Value, stored: &Value) -> Value {
    match body {
        Value::Object(mut map) => {
            for field in R::WORKFLOW_FIELDS {
                if let (false, Some(value)) = (map.contains_key(*field), stored.get(*field)) {
                    map.insert((*field).to_owned(), value.clone());
                }
            }
            Value::Object(map)
        }
        other => other,
    }
}

/// Applies a merge patch; a refusal names the JSON path of the offending value.
fn apply_patch<R: Record>(current: &R, patch: &Value) -> Result<R, AppError> {
    match patch_record(current, patch) {
        Ok(record) => {
            let mut doc = serde_json::to_value(current).map_err(AppError::internal)?;
            merge_patch(&mut doc, patch);
            let decoded = serde_json::to_value(&record).map_err(AppError::internal)?;
            crate::extract::refuse_arrays_for_objects(&doc, &decoded)?;
            Ok(record)
        }
        Err(PatchError::Id(errors)) => Err(errors.into()),
        Err(PatchError::Shape(e)) => {
            // Decode the patched document again with path tracking, so the error names the field.
            let mut doc = serde_json::to_value(current).map_err(AppError::internal)?;
            merge_patch(&mut doc, patch);
            match crate::extract::decode_json::<R>(doc) {
                Err(named) => Err(named),
                Ok(_) => Err(AppError::unprocessable_field(
                    "body",
                    "invalid_type",
                    e.to_string(),
                )),
            }
        }
    }
}
