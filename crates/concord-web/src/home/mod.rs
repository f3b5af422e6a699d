//! `GET /`: what Concord is, a search box, and live figures for the viewer: partnerships by
//! status, area, level and region (each count a link into `/search` with that filter; a
//! partnership's regions are its partners', see concord-search's `regions.rs`), the latest
//! changes they may see, and the obligations and milestones of their visible partnerships that
//! fall due within 30 days. Counts come from the search index, which already obeys visibility;
//! the page costs two searches and two store round trips (the vocabularies and the log).

mod due;
mod recent;

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use concord_domain::RecordKind;
use concord_domain::vocabulary::Vocabularies;
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::{Arg, Localizer};
use concord_search::{SearchQuery, SearchResults, Sort};

use crate::search::rows::Words;
use crate::{HtmlError, Layout, PageContext, render};
use due::Due;
use recent::Change;

/// The facets of partnerships the home page counts.
const FIGURES: [&str; 4] = ["status", "area", "level", "region"];

/// The start page.
#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    layout: Layout,
    /// "N partnerships", linking to all of them.
    total: String,
    figures: Vec<Figures>,
    recent: Vec<Change>,
    due: Vec<Due>,
}

/// One facet's counts.
struct Figures {
    name: &'static str,
    heading: String,
    /// What the counts mean, where the heading cannot say it.
    note: Option<String>,
    values: Vec<Figure>,
}

/// One count, as a link into the search.
struct Figure {
    label: String,
    count: String,
    href: String,
}

/// `GET /`.
pub async fn show(ctx: PageContext, State(state): State<AppState>) -> Result<Response, HtmlError> {
    let (counts, upcoming) = searches(&state, &ctx)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let vocabularies = state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let recent = recent::changes(&state, &ctx.viewer, ctx.t())
        .await
        .map_err(|e| ctx.error_page(e))?;
    let t = ctx.t();
    let page = Home {
        total: t.msg_with(
            "concord-home-partnerships-total",
            &[Arg::Count(i64::try_from(counts.total).unwrap_or(i64::MAX))],
        ),
        figures: figures(t, &vocabularies, &counts),
        recent,
        due: due::upcoming(&ctx.viewer, t, &upcoming).map_err(|e| ctx.error_page(e))?,
        layout: ctx.layout(),
    };
    Ok(render(ctx.csrf.clone(), &page)?)
}

/// The partnerships' counts, and the partnerships under way (for what is due).
async fn searches(
    state: &AppState,
    ctx: &PageContext,
) -> Result<(SearchResults, SearchResults), AppError> {
    let (index, who) = (state.search.clone(), ctx.viewer.clone());
    let counts = SearchQuery {
        kinds: vec![RecordKind::Partnership],
        sort: Sort::Name,
        limit: 1,
        ..SearchQuery::default()
    };
    let under_way = SearchQuery {
        filters: [(
            "status".to_owned(),
            due::UNDER_WAY.map(str::to_owned).to_vec(),
        )]
        .into(),
        sort: Sort::Updated,
        limit: due::SCANNED,
        ..counts.clone()
    };
    let found = tokio::task::spawn_blocking(move || {
        Ok::<_, concord_search::SearchError>((
            index.search(&who, &counts)?,
            index.search(&who, &under_way)?,
        ))
    })
    .await
    .map_err(AppError::internal)??;
    Ok(found)
}

/// Counts by status, area and level, in the reader's words, each linking to its search.
fn figures(t: &Localizer, vocabularies: &Vocabularies, counts: &SearchResults) -> Vec<Figures> {
    let names = Default::default();
    let words = Words {
        t,
        vocabularies,
        names: &names,
    };
    let tab = Some(RecordKind::Partnership);
    FIGURES
        .into_iter()
        .filter_map(|facet| {
            let values = counts.facets.get(facet)?;
            let values: Vec<Figure> = values
                .iter()
                .filter(|v| facet != "region" || broad(&v.value))
                .filter_map(|v| {
                    let mut href = form_urlencoded::Serializer::new(String::new());
                    href.append_pair("type", "partnership");
                    href.append_pair(facet, &v.value);
                    Some(Figure {
                        label: words.facet_value(facet, &v.value, tab)?,
                        count: t.number(i64::try_from(v.count).unwrap_or(i64::MAX)),
                        href: format!("/search?{}", href.finish()),
                    })
                })
                .collect();
            (!values.is_empty()).then(|| Figures {
                name: facet,
                heading: t.msg(&format!("concord-home-by-{facet}")),
                note: (facet == "region").then(|| t.msg("concord-home-by-region-note")),
                values,
            })
        })
        .collect()
}

/// Whether a region is counted on the start page: a continental M49 region or one of the
/// movement's own regions, not the sub-regions every country also falls in.
fn broad(region: &str) -> bool {
    concord_domain::country::m49_region(region).is_none_or(|r| r.continental)
}
