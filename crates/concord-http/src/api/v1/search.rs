//! `GET /api/v1/search` across kinds, and the page shape every list shares.
//!
//! Items come from the index's bodies, redacted for the viewer like any other read; the index
//! already filtered hits, totals and facets by visibility.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::record::RecordKind;
use concord_domain::{RevisionId, Viewer};
use concord_search::{Facet, SearchQuery};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::headers::json_response;
use super::params;
use super::support::redacted_body;
use crate::error::AppError;
use crate::extract::{ApiViewer, QueryPairs};
use crate::state::AppState;

/// A page of records.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page {
    /// How many records match in all pages (searches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// This page: records redacted for the viewer, each with `type` and `revision` added.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Box<RawValue>>,
    /// Facet counts over every matching record (searches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub facets: Option<BTreeMap<String, Facet>>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl Page {
    /// One item: the body redacted for `viewer`, with `type` and `revision` added.
    pub fn item(
        kind: RecordKind,
        body: Value,
        revision: RevisionId,
        viewer: &Viewer,
    ) -> Result<Box<RawValue>, AppError> {
        let mut item = redacted_body(kind, body, viewer)?;
        if let Value::Object(map) = &mut item {
            map.insert("type".into(), Value::String(kind.as_str().to_owned()));
            map.insert("revision".into(), Value::from(revision.0));
        }
        serde_json::value::to_raw_value(&item).map_err(AppError::internal)
    }

    /// One item from a body kept as text (a search hit). A kind that never redacts is passed on
    /// unparsed, with `type` and `revision` appended; the others go through [`Page::item`].
    pub fn item_from_text(
        kind: RecordKind,
        body: String,
        revision: RevisionId,
        viewer: &Viewer,
    ) -> Result<Box<RawValue>, AppError> {
        if kind.redacts() {
            let value = serde_json::from_str(&body).map_err(AppError::internal)?;
            return Self::item(kind, value, revision, viewer);
        }
        let mut text = body;
        append_members(&mut text, kind, revision)?;
        RawValue::from_string(text).map_err(AppError::internal)
    }
}

/// Appends `"type"` and `"revision"` to a JSON object's text, as [`Page::item`] does to a
/// parsed one. Stored bodies are objects written by the store; anything else is our bug (500).
fn append_members(
    object: &mut String,
    kind: RecordKind,
    revision: RevisionId,
) -> Result<(), AppError> {
    let trimmed = object.trim_end().len();
    object.truncate(trimmed);
    if !object.ends_with('}') {
        return Err(AppError::internal(std::io::Error::other(
            "an indexed body is not a JSON object",
        )));
    }
    object.pop();
    let empty = object.trim_end().ends_with('{');
    let separator = if empty { "" } else { "," };
    // `kind.as_str()` is a fixed identifier: it needs no escaping.
    object.push_str(&format!(
        "{separator}\"type\":\"{}\",\"revision\":{}}}",
        kind.as_str(),
        revision.0
    ));
    Ok(())
}

/// Runs a search for `viewer` and shapes its results as a [`Page`].
pub async fn search_page(
    state: &AppState,
    viewer: &Viewer,
    query: &SearchQuery,
) -> Result<Page, AppError> {
    // tantivy searches synchronously: keep it off the async workers.
    let (index, who, q) = (state.search.clone(), viewer.clone(), query.clone());
    let results = tokio::task::spawn_blocking(move || index.search(&who, &q))
        .await
        .map_err(AppError::internal)??;
    let items = results
        .hits
        .into_iter()
        .map(|hit| Page::item_from_text(hit.key.kind, hit.body, hit.revision, viewer))
        .collect::<Result<_, _>>()?;
    Ok(Page {
        total: Some(results.total),
        items,
        facets: Some(results.facets),
        next_cursor: results.next_cursor,
    })
}

/// `GET /api/v1/search`: organisations, partnerships and needs the viewer may see.
pub async fn search(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, AppError> {
    let query = params::search_query(&pairs, None)?;
    json_response(StatusCode::OK, &search_page(&state, &viewer, &query).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_members_match_those_of_a_parsed_item() {
        let body = r#"{"id":"x","name":"Tropenmuseum"} "#.to_owned();
        let from_text = Page::item_from_text(
            RecordKind::Organisation,
            body,
            RevisionId(7),
            &Viewer::anonymous(),
        )
        .unwrap();
        let parsed: Value = serde_json::from_str(from_text.get()).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({"id": "x", "name": "Tropenmuseum", "type": "organisation", "revision": 7})
        );
        let mut empty = "{ }".to_owned();
        append_members(&mut empty, RecordKind::Need, RevisionId(1)).unwrap();
        assert_eq!(empty, r#"{ "type":"need","revision":1}"#);
        assert!(append_members(&mut "[1]".to_owned(), RecordKind::Need, RevisionId(1)).is_err());
    }
}
