//! `GET /recent-changes?kind=…&user=…&before=…`: the latest revisions across the site that the
//! viewer may see, newest first, filterable by kind and by author, paged with plain links.
//!
//! The store has no "recent revisions for a viewer" call, so the log is read backwards in
//! windows (`Store::revisions_since`), and each record touched in a window is asked for its
//! history (`Store::history`, in parallel), which carries the authors and summaries and leaves
//! out exactly what the viewer may not see: a hidden record (404) and a revision whose snapshot
//! was hidden from them. One request looks at most at [`MAX_SCANNED`] revisions; when it stops
//! there, the "older" link goes on from where it stopped.

use std::collections::{BTreeSet, HashMap};

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{RevisionId, Viewer};
use concord_http::error::AppError;
use concord_http::extract::{QueryPairs, parse_revision};
use concord_http::state::AppState;
use concord_i18n::Localizer;
use concord_store::{LoggedRevision, RevisionMeta, StoreError};
use tokio::task::JoinSet;

use super::facts::moment;
use super::history::action;
use super::names::{Link, title_of};
use super::{kind_message, path_of};
use crate::{HtmlError, Layout, PageContext, render};

/// Changes per page.
const PAGE: usize = 50;
/// Revisions read from the log at a time.
const WINDOW: i64 = 200;
/// The most revisions one request looks at.
const MAX_SCANNED: i64 = 4_000;

/// The filters of the page.
#[derive(Debug, Default)]
struct Filter {
    kind: Option<RecordKind>,
    user: Option<String>,
    before: Option<i64>,
}

/// One change in the list.
struct Row {
    when: String,
    kind: String,
    link: Link,
    author: String,
    action: String,
    summary: String,
    diff: Option<String>,
    history: String,
}

/// A kind in the filter's menu.
struct KindOption {
    value: &'static str,
    label: String,
    chosen: bool,
}

/// The recent changes page.
#[derive(Template)]
#[template(path = "history/recent.html")]
struct Page {
    layout: Layout,
    kinds: Vec<KindOption>,
    user: String,
    rows: Vec<Row>,
    newest: Option<String>,
    older: Option<String>,
}

/// `GET /recent-changes`.
pub async fn list(
    ctx: PageContext,
    State(state): State<AppState>,
    QueryPairs(pairs): QueryPairs,
) -> Result<Response, HtmlError> {
    let filter = filter(&pairs).map_err(|e| ctx.error_page(e))?;
    let t = ctx.t();
    let (found, next) = changes(&state, &ctx.viewer, &filter)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let rows = found
        .iter()
        .map(|(r, meta, previous)| row(t, r, meta, *previous))
        .collect();
    let page = Page {
        layout: ctx.layout(),
        kinds: RecordKind::ALL
            .into_iter()
            .map(|k| KindOption {
                value: k.as_str(),
                label: t.msg(&kind_message(k)),
                chosen: filter.kind == Some(k),
            })
            .collect(),
        user: filter.user.clone().unwrap_or_default(),
        rows,
        newest: filter.before.map(|_| url(&filter, None)),
        older: next.map(|before| url(&filter, Some(before))),
    };
    Ok(render(ctx.csrf, &page)?)
}

/// The filters from the query; `uselang` and unknown parameters are ignored.
fn filter(pairs: &[(String, String)]) -> Result<Filter, AppError> {
    let mut f = Filter::default();
    for (name, value) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
        match name.as_str() {
            "kind" => {
                let kind = RecordKind::parse(value)
                    .ok_or_else(|| AppError::bad_field("kind", "unknown", "is not a kind"))?;
                f.kind = Some(kind);
            }
            "user" => f.user = Some(value.trim().to_owned()),
            "before" => {
                let rev = parse_revision(value).ok_or_else(|| {
                    AppError::bad_field("before", "malformed", "is not a revision number")
                })?;
                f.before = Some(rev.0);
            }
            _ => {}
        }
    }
    Ok(f)
}

/// This page's address with `before`.
fn url(f: &Filter, before: Option<i64>) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    if let Some(kind) = f.kind {
        q.append_pair("kind", kind.as_str());
    }
    if let Some(user) = &f.user {
        q.append_pair("user", user);
    }
    if let Some(before) = before {
        q.append_pair("before", &before.to_string());
    }
    let q = q.finish();
    if q.is_empty() {
        "/recent-changes".to_owned()
    } else {
        format!("/recent-changes?{q}")
    }
}

/// A change, its revision's metadata, and the record's revision before it (for a diff).
type Found = (LoggedRevision, RevisionMeta, Option<RevisionId>);

/// Up to [`PAGE`] changes the viewer may see under `f`, newest first, and where the next page
/// starts (exclusive), if there may be more.
async fn changes(
    state: &AppState,
    viewer: &Viewer,
    f: &Filter,
) -> Result<(Vec<Found>, Option<i64>), AppError> {
    let head = state.store.head().await?.0;
    let mut cursor = f.before.unwrap_or(head + 1).min(head + 1);
    let stop = cursor - MAX_SCANNED;
    let mut found = Vec::new();
    while cursor > 1 {
        if cursor <= stop {
            return Ok((found, Some(cursor)));
        }
        let start = (cursor - 1 - WINDOW).max(0);
        let wanted = usize::try_from(cursor - 1 - start).unwrap_or(0);
        let batch: Vec<LoggedRevision> = state
            .store
            .revisions_since(RevisionId(start), wanted)
            .await?
            .into_iter()
            .filter(|r| r.id.0 < cursor && f.kind.is_none_or(|k| r.record.kind == k))
            .collect();
        let metas = histories(state, viewer, &batch).await?;
        for r in batch.into_iter().rev() {
            let Some((meta, previous)) = metas.get(&r.id) else {
                continue;
            };
            if f.user.as_ref().is_some_and(|u| *u != meta.author) {
                continue;
            }
            let id = r.id.0;
            found.push((r, meta.clone(), *previous));
            if found.len() == PAGE {
                return Ok((found, (id > 1).then_some(id)));
            }
        }
        cursor = start + 1;
    }
    Ok((found, None))
}

/// For every revision of the records in `batch` that the viewer may see: its metadata and the
/// record's revision before it.
async fn histories(
    state: &AppState,
    viewer: &Viewer,
    batch: &[LoggedRevision],
) -> Result<HashMap<RevisionId, (RevisionMeta, Option<RevisionId>)>, AppError> {
    let keys: BTreeSet<RecordKey> = batch.iter().map(|r| r.record).collect();
    let mut tasks = JoinSet::new();
    for key in keys {
        let (store, viewer) = (state.store.clone(), viewer.clone());
        tasks.spawn(async move { store.history(&viewer, key).await });
    }
    let mut out = HashMap::new();
    while let Some(done) = tasks.join_next().await {
        let history = match done.map_err(AppError::internal)? {
            Ok(history) => history,
            Err(StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let older = history.iter().skip(1).map(|m| Some(m.id)).chain([None]);
        for (meta, previous) in history.iter().zip(older) {
            out.insert(meta.id, (meta.clone(), previous));
        }
    }
    Ok(out)
}

fn row(
    t: &Localizer,
    r: &LoggedRevision,
    meta: &RevisionMeta,
    previous: Option<RevisionId>,
) -> Row {
    let path = path_of(r.record);
    let snapshot = serde_json::from_str(&r.snapshot).unwrap_or_default();
    Row {
        when: moment(t, meta.at),
        kind: t.msg(&kind_message(r.record.kind)),
        link: Link {
            href: Some(path.clone()),
            name: title_of(t, r.record.kind, &snapshot),
        },
        author: meta.author.clone(),
        action: action(t, meta.action),
        summary: meta.summary.clone(),
        diff: previous.map(|p| format!("{path}/diff?from={}&to={}", p.0, meta.id.0)),
        history: format!("{path}/history"),
    }
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
    fn filters_come_back_in_the_links_and_empty_ones_are_ignored() {
        let f = filter(&pairs(&[
            ("kind", "need"),
            ("user", " ada lovelace "),
            ("before", ""),
            ("uselang", "de"),
        ]))
        .unwrap();
        assert_eq!(f.kind, Some(RecordKind::Need));
        assert_eq!(f.user.as_deref(), Some("ada lovelace"));
        assert_eq!(
            url(&f, Some(42)),
            "/recent-changes?kind=need&user=ada+lovelace&before=42"
        );
        assert_eq!(url(&Filter::default(), None), "/recent-changes");
    }

    #[test]
    fn an_unknown_kind_or_a_malformed_cursor_is_refused() {
        assert!(filter(&pairs(&[("kind", "spaceship")])).is_err());
        assert!(filter(&pairs(&[("before", "-3")])).is_err());
    }
}
