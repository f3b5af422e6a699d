//! The organisations a form may name in its rows: those the record already names and those
//! the editor's last Find offered, each by its name as the viewer may see it. Found through
//! the search index exactly as the search page finds them, so an organisation the viewer may
//! not see is never offered.

use concord_domain::Viewer;
use concord_domain::record::{RecordKey, RecordKind};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::Lang;
use concord_search::SearchQuery;

use super::field::Choice;
use crate::search::text::title;

/// How many organisations a Find offers at most.
pub const FOUND_AT_MOST: usize = 20;

/// The choices naming `ids` (one store round trip; none when `ids` is empty), in order, once
/// each; ids the viewer may not see are left out.
pub async fn named(
    state: &AppState,
    viewer: &Viewer,
    ids: Vec<String>,
    reader: Lang,
) -> Result<Vec<Choice>, AppError> {
    let mut keys: Vec<RecordKey> = ids
        .iter()
        .filter_map(|id| id.parse().ok())
        .map(|id| RecordKey {
            kind: RecordKind::Organisation,
            id,
        })
        .collect();
    keys.sort();
    keys.dedup();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let docs = state.store.get_many(viewer, &keys).await?;
    Ok(docs
        .into_iter()
        .filter(|d| !d.deleted)
        .map(|d| Choice {
            value: d.key.id.to_string(),
            label: title(RecordKind::Organisation, &d.body, reader).text,
        })
        .collect())
}

/// The organisations matching `q` that `viewer` may see, best first.
pub async fn find(
    state: &AppState,
    viewer: &Viewer,
    q: &str,
    reader: Lang,
) -> Result<Vec<Choice>, AppError> {
    if q.trim().is_empty() {
        return Ok(Vec::new());
    }
    let query = SearchQuery {
        kinds: vec![RecordKind::Organisation],
        q: Some(q.trim().to_owned()),
        limit: FOUND_AT_MOST,
        ..SearchQuery::default()
    };
    let (index, who) = (state.search.clone(), viewer.clone());
    let results = tokio::task::spawn_blocking(move || index.search(&who, &query))
        .await
        .map_err(AppError::internal)??;
    results
        .hits
        .iter()
        .map(|hit| {
            let body = hit.value().map_err(AppError::internal)?;
            Ok(Choice {
                value: hit.key.id.to_string(),
                label: title(RecordKind::Organisation, &body, reader).text,
            })
        })
        .collect()
}

/// `first`, then those of `more` it lacks, in order.
pub fn merged(mut first: Vec<Choice>, more: Vec<Choice>) -> Vec<Choice> {
    for choice in more {
        if !first.iter().any(|c| c.value == choice.value) {
            first.push(choice);
        }
    }
    first
}
