//! `GET /recent-changes?kind=…&user=…&before=…`: the latest revisions across the site that the
//! viewer may see, newest first, filterable by kind and by author, paged with plain links.
//!
//! One store call (`Store::changes`, normally one round trip) leaves out exactly what the
//! viewer may not see: every change of a record hidden from them now, and a revision whose
//! snapshot was hidden from them. It looks at a bounded number of revisions; when it stops
//! there, the "older" link goes on from where it stopped.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use concord_domain::RevisionId;
use concord_domain::record::RecordKind;
use concord_http::error::AppError;
use concord_http::extract::{QueryPairs, parse_revision};
use concord_http::state::AppState;
use concord_i18n::Localizer;
use concord_store::{Change, ChangesQuery};

use super::facts::moment;
use super::history::action;
use super::names::{Link, title_of};
use super::{kind_message, path_of};
use crate::{HtmlError, Layout, PageContext, render};

/// Changes per page.
const PAGE: usize = 50;

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
    let query = ChangesQuery {
        before: filter.before.map(RevisionId),
        kind: filter.kind,
        author: filter.user.clone(),
        limit: PAGE,
    };
    let found = state
        .store
        .changes(&ctx.viewer, &query)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let rows = found.changes.iter().map(|c| row(t, c)).collect();
    let next = found.older.map(|r| r.0);
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

fn row(t: &Localizer, change: &Change) -> Row {
    let r = &change.revision;
    let path = path_of(r.record);
    Row {
        when: moment(t, r.at),
        kind: t.msg(&kind_message(r.record.kind)),
        link: Link {
            href: Some(path.clone()),
            name: title_of(t, r.record.kind, &r.snapshot),
        },
        author: r.author.clone(),
        action: action(t, r.action),
        summary: r.summary.clone(),
        diff: change
            .previous
            .map(|p| format!("{path}/diff?from={}&to={}", p.0, r.id.0)),
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
