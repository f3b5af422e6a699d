//! `GET /search`: the search page. Words, a tab per searchable kind with its count, facets,
//! sorting and pages, all plain links over the same index and parameters as
//! `GET /api/v1/search`, so the page and the API agree and both obey visibility. A page costs
//! the search (twice on a kind's tab, for the other tabs' counts) and at most two store round
//! trips: the vocabularies and the organisations its results name.

mod facets;
mod params;
pub mod rows;
mod run;
pub mod text;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use concord_domain::RecordKind;
use concord_http::error::AppError;
use concord_http::extract::QueryPairs;
use concord_http::state::AppState;
use concord_i18n::Arg;
use concord_search::Sort;
use concord_search::cursor;

pub use facets::{FacetView, ValueView};
pub use params::PageQuery;
use rows::{Row, Words, kind_name};
use run::{Found, named_organisations, organisation_names};

use crate::{HtmlError, Layout, PageContext, render};

/// The search page's route.
pub fn routes() -> Router<AppState> {
    Router::new().route("/search", get(show))
}

/// The search page.
#[derive(Template)]
#[template(path = "search/page.html")]
struct SearchPage {
    layout: Layout,
    /// The page's title.
    title: String,
    /// The words searched for.
    q: String,
    /// The kind searched (`type`), kept by the form.
    kind: String,
    /// `uselang`, kept by the form.
    uselang: String,
    /// Nothing asked yet: show what can be searched.
    help: bool,
    tabs: Vec<Link>,
    sorts: Vec<Link>,
    facets: Vec<FacetView>,
    active: Vec<ValueView>,
    rows: Vec<Row>,
    summary: String,
    previous: Option<String>,
    next: Option<String>,
    /// The example searches of the help.
    examples: Vec<Link>,
}

/// A plain link of a list of choices (tabs, orders, examples).
struct Link {
    label: String,
    href: String,
    current: bool,
}

/// `GET /search`.
pub async fn show(
    ctx: PageContext,
    State(state): State<AppState>,
    pairs: Result<QueryPairs, AppError>,
) -> Result<Response, HtmlError> {
    let QueryPairs(pairs) = pairs.map_err(|e| bad_request(&ctx, e))?;
    let page = PageQuery::parse(&pairs).map_err(|e| bad_request(&ctx, e))?;
    let found = run::search(&state, &ctx.viewer, page.query.clone())
        .await
        .map_err(|e| bad_request(&ctx, e))?;
    let vocabularies = state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let ids = named_organisations(&found, &page);
    let names = organisation_names(&state, &ctx.viewer, ids, ctx.lang)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let words = Words {
        t: ctx.t(),
        vocabularies: &vocabularies,
        names: &names,
    };
    let view = page_view(ctx.layout(), &words, &page, &found);
    Ok(render(ctx.csrf.clone(), &view)?)
}

/// The page for a search and its results.
fn page_view(layout: Layout, words: &Words<'_>, page: &PageQuery, found: &Found) -> SearchPage {
    let t = words.t;
    let total = found.results.total;
    let offset = cursor::decode(page.query.cursor.as_deref(), page.query.sort).unwrap_or(0);
    let shown = found.bodies.len();
    let summary = if shown == 0 {
        String::new()
    } else {
        t.msg_with(
            "concord-search-summary",
            &[count(offset + 1), count(offset + shown), count_u64(total)],
        )
    };
    let title = match &page.query.q {
        Some(q) => t.msg_with("concord-search-title-for", &[Arg::Text(q.clone())]),
        None => t.msg("concord-search-title"),
    };
    SearchPage {
        title,
        q: page.query.q.clone().unwrap_or_default(),
        kind: page
            .tab()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        uselang: page.uselang.clone().unwrap_or_default(),
        help: page.is_empty(),
        tabs: tabs(words, page, found),
        sorts: sorts(words, page),
        facets: words.facets(&found.results.facets, page),
        active: words.active(page),
        rows: found.bodies.iter().map(|(k, b)| words.row(k, b)).collect(),
        summary,
        previous: previous(page, offset, total),
        next: found.results.next_cursor.clone().map(|c| page.at(Some(c))),
        examples: examples(words),
        layout,
    }
}

fn count(n: usize) -> Arg {
    Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
}

fn count_u64(n: u64) -> Arg {
    Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
}

/// All, then each searchable kind, with how many results each has.
fn tabs(words: &Words<'_>, page: &PageQuery, found: &Found) -> Vec<Link> {
    let t = words.t;
    let kinds = RecordKind::ALL.into_iter().filter(|k| k.is_searchable());
    let all_count: u64 = found.by_kind.values().sum();
    let mut tabs = vec![Link {
        label: t.msg_with("concord-search-tab-all", &[count_u64(all_count)]),
        href: page.with_tab(None),
        current: page.query.kinds.is_empty(),
    }];
    tabs.extend(kinds.map(|kind| {
        let n = found.by_kind.get(kind.as_str()).copied().unwrap_or(0);
        Link {
            label: t.msg_with(
                "concord-search-tab",
                &[Arg::Text(kind_name(t, kind)), count_u64(n)],
            ),
            href: page.with_tab(Some(kind)),
            current: page.tab() == Some(kind),
        }
    }));
    tabs
}

/// The orders the search offers: best match (with words), name, last changed.
fn sorts(words: &Words<'_>, page: &PageQuery) -> Vec<Link> {
    let with_words = page.query.q.is_some();
    let current = match page.query.sort {
        Sort::Relevance if !with_words => Sort::Name,
        sort => sort,
    };
    [Sort::Relevance, Sort::Name, Sort::Updated]
        .into_iter()
        .filter(|s| with_words || *s != Sort::Relevance)
        .map(|sort| Link {
            label: words
                .t
                .msg(&format!("concord-search-sort-{}", params::sort_name(sort))),
            href: page.sorted(sort),
            current: sort == current,
        })
        .collect()
}

/// The link to the page before, if this is not the first.
fn previous(page: &PageQuery, offset: usize, total: u64) -> Option<String> {
    if offset == 0 {
        return None;
    }
    let before = offset.saturating_sub(page.query.limit);
    // `next` after `before` hits from the start is the cursor of the page at `before`.
    let cursor = cursor::next(page.query.sort, 0, before, total);
    Some(page.at(cursor))
}

/// Example searches for the page with nothing asked.
fn examples(words: &Words<'_>) -> Vec<Link> {
    let t = words.t;
    [
        (
            "concord-search-example-partnerships",
            "/search?type=partnership",
        ),
        (
            "concord-search-example-active",
            "/search?type=partnership&status=active",
        ),
        (
            "concord-search-example-museums",
            "/search?type=organisation&kind=museum",
        ),
        (
            "concord-search-example-needs",
            "/search?type=need&status=open",
        ),
        ("concord-search-example-words", "/search?q=wikidata"),
    ]
    .into_iter()
    .map(|(key, href)| Link {
        label: t.msg(key),
        href: href.to_owned(),
        current: false,
    })
    .collect()
}

/// A refused search as a 400 page naming the parameter at fault; other errors as their page.
fn bad_request(ctx: &PageContext, e: impl Into<AppError>) -> HtmlError {
    let e = e.into();
    let AppError::BadRequest { errors, .. } = &e else {
        return ctx.error_page(e);
    };
    let t = ctx.t();
    let parameter: String = errors
        .first()
        .map(|f| f.field.chars().take(40).collect())
        .unwrap_or_default();
    let message = t.msg_with("concord-search-bad-parameter", &[Arg::Text(parameter)]);
    ctx.error_page_with(HtmlError::page(
        StatusCode::BAD_REQUEST,
        &t.msg("concord-search-bad-title"),
        &message,
    ))
}
