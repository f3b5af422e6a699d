//! `GET /open-data`: what anyone can download, in bulk, as they see the registry (a visitor
//! gets the public records only): each export of `concord export` at a stable URL under
//! `/open-data/`, with its format, contents, licence and record count.
//!
//! The downloads themselves are in [`download`]; the exports are `concord-export`'s, the same
//! code as the command line's.

mod download;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use concord_domain::{RecordKind, Viewer};
use concord_export::Format;
use concord_i18n::{Arg, Localizer};
use concord_search::{SearchQuery, Sort};

use crate::{HtmlError, Layout, PageContext, render, values};
use concord_http::error::AppError;
use concord_http::state::AppState;

/// Where the licence of the data is explained.
pub const LICENCE_URL: &str = "https://creativecommons.org/publicdomain/zero/1.0/";

/// This module's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/open-data", get(show))
        .route("/open-data/{id}", get(download::file))
}

/// One download: a kind of record in a format, at `/open-data/<collection>.<extension>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Download {
    /// What it contains.
    pub kind: RecordKind,
    /// How it is written.
    pub format: Format,
}

impl Download {
    /// Every download: organisations as CSV and JSON-LD, and every kind as JSON lines.
    pub fn all() -> Vec<Download> {
        let organisation = RecordKind::Organisation;
        let mut all = vec![
            Download {
                kind: organisation,
                format: Format::Csv,
            },
            Download {
                kind: organisation,
                format: Format::Jsonld,
            },
        ];
        all.extend(RecordKind::ALL.map(|kind| Download {
            kind,
            format: Format::Jsonl,
        }));
        all
    }

    /// Its file name (`organisations.csv`).
    pub fn file_name(self) -> String {
        format!("{}.{}", self.kind.collection(), self.format.name())
    }

    /// The download a file name names, if any.
    pub fn named(file: &str) -> Option<Download> {
        Self::all().into_iter().find(|d| d.file_name() == file)
    }

    /// Its media type.
    pub fn content_type(self) -> &'static str {
        match self.format {
            Format::Csv => "text/csv; charset=utf-8; header=present",
            Format::Jsonl => "application/jsonl; charset=utf-8",
            Format::Jsonld => "application/ld+json; charset=utf-8",
        }
    }
}

/// The open-data page.
#[derive(Template)]
#[template(path = "open_data/page.html")]
struct OpenDataPage {
    layout: Layout,
    rows: Vec<Row>,
    licence_url: &'static str,
}

/// One download, as listed.
struct Row {
    href: String,
    file: String,
    format: String,
    contents: String,
    records: String,
}

/// `GET /open-data`.
async fn show(ctx: PageContext, State(state): State<AppState>) -> Result<Response, HtmlError> {
    let counts = counts(&state, &ctx.viewer)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let t = ctx.t();
    let rows = Download::all()
        .into_iter()
        .map(|d| row(t, d, &counts))
        .collect();
    let page = OpenDataPage {
        layout: ctx.layout(),
        rows,
        licence_url: LICENCE_URL,
    };
    Ok(render(ctx.csrf.clone(), &page)?)
}

fn row(t: &Localizer, d: Download, counts: &[(RecordKind, u64)]) -> Row {
    let count = counts
        .iter()
        .find(|(kind, _)| *kind == d.kind)
        .map_or(0, |(_, n)| *n);
    Row {
        href: format!("/open-data/{}", d.file_name()),
        file: d.file_name(),
        format: t.msg(&format!("concord-opendata-format-{}", d.format.name())),
        contents: values::kinds(t, d.kind),
        records: t.msg_with(
            "concord-opendata-records",
            &[Arg::Count(i64::try_from(count).unwrap_or(i64::MAX))],
        ),
    }
}

/// How many records of each kind `who` may see: from the search index for the kinds it holds
/// (one search, counted by type), by listing the others (people and glossary terms, few).
async fn counts(state: &AppState, who: &Viewer) -> Result<Vec<(RecordKind, u64)>, AppError> {
    let (index, viewer) = (state.search.clone(), who.clone());
    let query = SearchQuery {
        sort: Sort::Name,
        limit: 1,
        ..SearchQuery::default()
    };
    let found = tokio::task::spawn_blocking(move || index.search(&viewer, &query))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let by_type = found.facets.get("type");
    let mut counts = Vec::new();
    for kind in RecordKind::ALL {
        let n = if kind.is_searchable() {
            by_type
                .and_then(|values| values.iter().find(|v| v.value == kind.as_str()))
                .map_or(0, |v| v.count)
        } else {
            listed(state, who, kind).await?
        };
        counts.push((kind, n));
    }
    Ok(counts)
}

/// How many records of `kind` `who` may see, by listing them a page at a time.
async fn listed(state: &AppState, who: &Viewer, kind: RecordKind) -> Result<u64, AppError> {
    let (mut after, mut n) = (None, 0);
    loop {
        let page = state
            .store
            .list(who, kind, after, concord_export::PAGE_SIZE)
            .await?;
        n += page.len() as u64;
        match page.last() {
            Some(last) if page.len() == concord_export::PAGE_SIZE => after = Some(last.key.id),
            _ => return Ok(n),
        }
    }
}
