//! A record's history: its revisions, one revision's snapshot, and the diff between two.
//!
//! Snapshots are redacted for the viewer before they are shown or compared, so a diff never
//! reveals a field the viewer may not see.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use concord_domain::revision::{Change, RevisionAction, diff as diff_snapshots};
use concord_domain::{Record, RevisionId, Viewer};
use concord_store::RevisionMeta;
use serde::Serialize;
use serde_json::Value;

use super::headers::json_response;
use super::support::{key, redacted, stored_record};
use crate::error::AppError;
use crate::extract::{ApiViewer, PathId, PathRevision, QueryPairs};
use crate::state::AppState;

/// A record's revisions, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct History {
    /// The revisions, without snapshots.
    pub items: Vec<HistoryEntry>,
}

/// One revision in a history list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// Its position in the revision log (also the record's `ETag` after it).
    pub id: RevisionId,
    /// What it did.
    pub action: RevisionAction,
    /// Who made it (`token:<name>`, `cli`, `import`).
    pub author: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub summary: String,
}

impl From<RevisionMeta> for HistoryEntry {
    fn from(m: RevisionMeta) -> Self {
        Self {
            id: m.id,
            action: m.action,
            author: m.author,
            at: m.at,
            summary: m.summary,
        }
    }
}

/// One revision with its snapshot, redacted for the viewer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RevisionView {
    /// Its position in the revision log.
    pub id: RevisionId,
    /// What it did.
    pub action: RevisionAction,
    /// Who made it.
    pub author: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub summary: String,
    /// The record after this revision.
    #[schema(value_type = Object)]
    pub snapshot: Value,
}

/// The changes between two revisions of one record.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DiffView {
    /// The older revision.
    pub from: RevisionId,
    /// The newer revision.
    pub to: RevisionId,
    /// What changed, path by path.
    pub changes: Vec<Change>,
}

/// `GET /api/v1/{kind}/{id}/history`.
pub async fn history<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
) -> Result<Response, AppError> {
    let revisions = state.store.history(&viewer, key::<R>(id)).await?;
    let items = revisions.into_iter().map(HistoryEntry::from).collect();
    json_response(StatusCode::OK, &History { items })
}

/// `GET /api/v1/{kind}/{id}/revisions/{rev}`.
pub async fn revision<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    PathRevision(rev): PathRevision,
) -> Result<Response, AppError> {
    let r = state.store.revision(&viewer, key::<R>(id), rev).await?;
    let snapshot = redacted(stored_record::<R>(r.snapshot)?, &viewer)?;
    let view = RevisionView {
        id: r.id,
        action: r.action,
        author: r.author,
        at: r.at,
        summary: r.summary,
        snapshot,
    };
    json_response(StatusCode::OK, &view)
}

/// `GET /api/v1/{kind}/{id}/diff?from=&to=`.
pub async fn diff<R: Record>(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<R::Id>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, AppError> {
    let (from, to) = diff_params(&pairs)?;
    let before = snapshot::<R>(&state, &viewer, id, from).await?;
    let after = snapshot::<R>(&state, &viewer, id, to).await?;
    let changes = diff_snapshots(&before, &after);
    json_response(StatusCode::OK, &DiffView { from, to, changes })
}

async fn snapshot<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    id: R::Id,
    rev: RevisionId,
) -> Result<Value, AppError> {
    let r = state.store.revision(viewer, key::<R>(id), rev).await?;
    redacted(stored_record::<R>(r.snapshot)?, viewer)
}

/// `from` and `to`, both required revision numbers; nothing else.
fn diff_params(pairs: &[(String, String)]) -> Result<(RevisionId, RevisionId), AppError> {
    let (mut from, mut to) = (None, None);
    for (name, value) in pairs {
        let slot = match name.as_str() {
            "from" => &mut from,
            "to" => &mut to,
            _ => {
                let shown: String = name.chars().take(40).collect();
                return Err(AppError::bad_field(
                    shown,
                    "unknown_parameter",
                    "known: from, to",
                ));
            }
        };
        if slot.is_some() {
            return Err(AppError::bad_field(
                name,
                "repeated",
                "may be given only once",
            ));
        }
        let rev = crate::extract::parse_revision(value)
            .ok_or_else(|| AppError::bad_field(name, "malformed", "is not a revision number"))?;
        *slot = Some(rev);
    }
    let need = |v: Option<RevisionId>, name: &str| {
        v.ok_or_else(|| AppError::bad_field(name, "required", "is required"))
    };
    Ok((need(from, "from")?, need(to, "to")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn diff_needs_from_and_to_and_nothing_else() {
        assert_eq!(
            diff_params(&pairs(&[("from", "1"), ("to", "3")])).unwrap(),
            (RevisionId(1), RevisionId(3))
        );
        for bad in [
            pairs(&[("from", "1")]),
            pairs(&[("from", "x"), ("to", "2")]),
            pairs(&[("from", "1"), ("to", "2"), ("x", "1")]),
            pairs(&[("from", "1"), ("from", "2"), ("to", "2")]),
        ] {
            assert!(diff_params(&bad).is_err(), "{bad:?}");
        }
    }
}
