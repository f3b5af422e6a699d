//! Running a page's searches off the async workers, and reading what their results name from
//! the store in one round trip: the vocabularies and the organisations named by the hits and
//! the `entity` facet, as the viewer may see them.

use std::collections::{BTreeMap, HashMap};

use concord_domain::{RecordKey, RecordKind, Viewer};
use concord_http::api::v1::support::redacted_body;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::Lang;
use concord_search::{SearchQuery, SearchResults};
use serde_json::Value;

use super::facets::SHOWN_VALUES;
use super::params::PageQuery;
use super::rows::organisations_named;
use super::text::title;

/// A search's results with each hit's body parsed and redacted for the viewer, and, when the
/// search was on one kind, the count of each kind for the same words and filters (the tabs).
pub struct Found {
    /// The results (hits' bodies left as the index gave them; see `bodies`).
    pub results: SearchResults,
    /// Each hit's key and redacted body, in order.
    pub bodies: Vec<(RecordKey, Value)>,
    /// Results by kind for the same search across every kind.
    pub by_kind: BTreeMap<String, u64>,
}

/// Runs `query` as `viewer`, and again across every kind (for the counts) when it names kinds.
pub async fn search(
    state: &AppState,
    viewer: &Viewer,
    query: SearchQuery,
) -> Result<Found, AppError> {
    let (index, who) = (state.search.clone(), viewer.clone());
    let (mut results, across) = tokio::task::spawn_blocking(move || {
        let results = index.search(&who, &query)?;
        let across = if query.kinds.is_empty() {
            None
        } else {
            let all = SearchQuery {
                kinds: Vec::new(),
                cursor: None,
                limit: 1,
                ..query
            };
            Some(index.search(&who, &all)?)
        };
        Ok::<_, concord_search::SearchError>((results, across))
    })
    .await
    .map_err(AppError::internal)??;
    let types = across.as_ref().unwrap_or(&results).facets.get("type");
    let by_kind = types
        .into_iter()
        .flatten()
        .map(|v| (v.value.clone(), v.count))
        .collect();
    let hits = std::mem::take(&mut results.hits);
    let bodies = hits
        .into_iter()
        .map(|hit| {
            let value = hit.value().map_err(AppError::internal)?;
            Ok((hit.key, redacted_body(hit.key.kind, value, viewer)?))
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Found {
        results,
        bodies,
        by_kind,
    })
}

/// The names, in `reader`'s language, of the organisations of `ids` that `viewer` may see:
/// one store round trip, none when `ids` is empty.
pub async fn organisation_names(
    state: &AppState,
    viewer: &Viewer,
    ids: impl IntoIterator<Item = String>,
    reader: Lang,
) -> Result<HashMap<String, String>, AppError> {
    let mut keys: Vec<RecordKey> = ids
        .into_iter()
        .filter_map(|id| id.parse().ok())
        .map(|id| RecordKey {
            kind: RecordKind::Organisation,
            id,
        })
        .collect();
    keys.sort_by_key(|k| k.id);
    keys.dedup();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let found = state.store.get_many(viewer, &keys).await?;
    Ok(found
        .into_iter()
        .filter(|doc| !doc.deleted)
        .map(|doc| {
            let name = title(RecordKind::Organisation, &doc.body, reader).text;
            (doc.key.id.to_string(), name)
        })
        .collect())
}

/// The organisations a page of results names: its hits' parties and entities, and the values
/// of its `entity` facet that the page shows (the most frequent and the active ones).
pub fn named_organisations(found: &Found, page: &PageQuery) -> Vec<String> {
    let mut ids: Vec<String> = found
        .bodies
        .iter()
        .flat_map(|(key, body)| organisations_named(key.kind, body))
        .collect();
    if let Some(entities) = found.results.facets.get("entity") {
        let shown = entities
            .iter()
            .enumerate()
            .filter(|(i, v)| *i < SHOWN_VALUES || page.has_filter("entity", &v.value));
        ids.extend(shown.map(|(_, v)| v.value.clone()));
    }
    ids
}
