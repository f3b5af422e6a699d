//! `GET /<collection>/<id>/diff?from=N&to=M`: what changed between two revisions of a record,
//! field by field, computed as the API computes it (`concord_domain::revision::diff` over
//! snapshots redacted for the viewer), so a diff never shows a field the viewer may not see.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use concord_domain::record::Record;
use concord_domain::revision::{Revision, diff as diff_snapshots};
use concord_domain::{RevisionId, Viewer};
use concord_http::api::v1::support::{redacted, stored_record};
use concord_http::error::AppError;
use concord_http::extract::{PathId, QueryPairs, parse_revision};
use concord_http::state::AppState;
use serde_json::Value;

use super::facts::moment;
use super::history::action;
use super::key_of;
use super::show::{Head, respond};
use crate::{HtmlError, Layout, PageContext};

/// One side of the comparison.
struct Side {
    id: i64,
    when: String,
    author: String,
    action: String,
}

/// One changed field.
struct ChangeRow {
    path: String,
    before: Option<String>,
    after: Option<String>,
}

/// The diff page.
#[derive(Template)]
#[template(path = "history/diff.html")]
struct Page {
    layout: Layout,
    head: Head,
    from: Side,
    to: Side,
    changes: Vec<ChangeRow>,
}

/// `GET /<collection>/<id>/diff?from=N&to=M`; other parameters (`uselang`) are ignored.
pub async fn diff<R: Record>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, HtmlError> {
    let key = key_of::<R>(&raw).map_err(|e| ctx.error_page(e))?;
    let (from, to) = revisions(&pairs).map_err(|e| ctx.error_page(e))?;
    let store = &state.store;
    let (doc, before, after) = tokio::join!(
        store.get(&ctx.viewer, key),
        store.revision(&ctx.viewer, key, from),
        store.revision(&ctx.viewer, key, to),
    );
    let doc = doc.map_err(|e| ctx.error_page(e))?;
    let (before, after) = match (before, after) {
        (Ok(b), Ok(a)) => (b, a),
        (Err(e), _) | (_, Err(e)) => return Err(ctx.error_page(e)),
    };
    let changes = changes::<R>(&ctx.viewer, &before, &after).map_err(|e| ctx.error_page(e))?;
    let t = ctx.t();
    let side = |r: &Revision| Side {
        id: r.id.0,
        when: moment(t, r.at),
        author: r.author.clone(),
        action: action(t, r.action),
    };
    let page = Page {
        layout: ctx.layout(),
        head: Head::new(&ctx, &doc),
        from: side(&before),
        to: side(&after),
        changes,
    };
    respond(&ctx, &page).map_err(|e| ctx.error_page(e))
}

/// The changes between two revisions' snapshots, each redacted for `viewer` first.
fn changes<R: Record>(
    viewer: &Viewer,
    before: &Revision,
    after: &Revision,
) -> Result<Vec<ChangeRow>, AppError> {
    let snapshot = |r: &Revision| redacted(stored_record::<R>(r.snapshot.clone())?, viewer);
    let (old, new) = (snapshot(before)?, snapshot(after)?);
    Ok(diff_snapshots(&old, &new)
        .into_iter()
        .map(|c| ChangeRow {
            path: c.path,
            before: c.before.as_ref().map(shown),
            after: c.after.as_ref().map(shown),
        })
        .collect())
}

/// A JSON value as text: a string as it is, anything else as JSON.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `from` and `to`, both required revision numbers.
fn revisions(pairs: &[(String, String)]) -> Result<(RevisionId, RevisionId), AppError> {
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| parse_revision(v))
            .ok_or_else(|| AppError::bad_field(name, "malformed", "is not a revision number"))
    };
    Ok((get("from")?, get("to")?))
}
