//! Step 3, `GET /import/{id}/preview`: the first [`PREVIEW_ROWS`] rows as they would be stored
//! (parsed with the mapping by the engine's own reader, each checked as the engine checks it,
//! with its problems), and a dry run of the whole file by the engine: what it would create,
//! update, leave unchanged and skip, writing nothing.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use concord_domain::Organisation;
use concord_domain::vocabulary::{Vocabularies, Vocabulary};
use concord_i18n::{Arg, Localizer};
use concord_import::rows::{CsvRow, CsvRows};
use concord_ingest::NoProgress;
use concord_ingest::csv::{CsvImport, import_csv_input};
use uuid::Uuid;

use super::jobs::{Job, Jobs, Mapping};
use super::{PREVIEW_ROWS, job, number};
use crate::edit::field::problem;
use crate::{HtmlError, Layout, PageContext, render, see_other, values};
use concord_http::extract::PathId;
use concord_http::state::AppState;

/// The preview.
#[derive(Template)]
#[template(path = "import/preview.html")]
struct PreviewPage {
    layout: Layout,
    csrf: String,
    id: Uuid,
    rows: Vec<PreviewRow>,
    counts: Vec<(String, String)>,
    error: Option<String>,
}

/// One row as it would be stored.
struct PreviewRow {
    line: String,
    name: String,
    kind: String,
    country: String,
    website: String,
    identifiers: String,
    tags: String,
    problems: Vec<String>,
}

/// `GET /import/{id}/preview`; without a mapping yet, back to step 2.
pub(super) async fn show(
    ctx: PageContext,
    State(state): State<AppState>,
    Extension(jobs): Extension<Jobs>,
    PathId(id): PathId<Uuid>,
) -> Result<Response, HtmlError> {
    let (_, job) = job(&ctx, &jobs, id)?;
    let Some(mapping) = job.mapping.clone() else {
        return see_other(&format!("/import/{id}"), None).map_err(|e| ctx.error_page_with(e));
    };
    let t = ctx.t();
    let vocabularies = state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))?;
    let (rows, counts, error) = match first_rows(&job, &mapping) {
        Ok(rows) => match dry_run(&state, &ctx, &job, &mapping).await {
            Ok(counts) => (rows, counts, None),
            Err(e) => (rows, Vec::new(), Some(format!("{e:#}"))),
        },
        Err(e) => (Vec::new(), Vec::new(), Some(format!("{e:#}"))),
    };
    let page = PreviewPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        id,
        rows: rows.iter().map(|r| row(t, &vocabularies, r)).collect(),
        counts: counts
            .into_iter()
            .map(|(key, n)| (t.msg(key), number(t, n as u64)))
            .collect(),
        error,
    };
    render(ctx.csrf.clone(), &page).map_err(|e| ctx.error_page(e))
}

/// The first rows, read by the engine's reader with the mapping.
fn first_rows(job: &Job, mapping: &Mapping) -> anyhow::Result<Vec<CsvRow>> {
    let mut rows = CsvRows::new(&job.bytes[..], mapping.options.clone())?;
    rows.next_batch(PREVIEW_ROWS)
}

/// The engine's dry run of the whole file, as `(message key, count)`.
async fn dry_run(
    state: &AppState,
    ctx: &PageContext,
    job: &Job,
    mapping: &Mapping,
) -> anyhow::Result<Vec<(&'static str, usize)>> {
    let settings = CsvImport {
        options: mapping.options.clone(),
        dry_run: true,
        summary: super::run::summary(job),
    };
    let report = import_csv_input(
        &*state.store,
        &ctx.viewer,
        None,
        &job.bytes,
        &settings,
        None,
        &NoProgress,
    )
    .await?;
    Ok(vec![
        ("concord-import-count-created", report.created),
        ("concord-import-count-updated", report.updated),
        ("concord-import-count-unchanged", report.unchanged),
        ("concord-import-count-skipped", report.skipped.len()),
    ])
}

/// A row's values in the reader's words, and its problems: each refused value, and each value
/// stored differently from how it was written.
fn row(t: &Localizer, vocabularies: &Vocabularies, row: &CsvRow) -> PreviewRow {
    let o: &Organisation = &row.incoming.record;
    let mut problems = match o.validate(vocabularies) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .0
            .iter()
            .map(|e| {
                t.msg_with(
                    "concord-import-preview-problem",
                    &[
                        Arg::Text(e.field.clone()),
                        Arg::Text(problem(t, &e.problem)),
                    ],
                )
            })
            .collect(),
    };
    problems.extend(row.notes.iter().map(|n| {
        t.msg_with(
            "concord-import-preview-note",
            &[Arg::Text(n.field.clone()), Arg::Text(n.message.clone())],
        )
    }));
    let ids = &o.identifiers;
    let identifiers: Vec<String> = [ids.wikidata.clone(), ids.ror.clone()]
        .into_iter()
        .flatten()
        .chain(ids.isil.iter().cloned())
        .collect();
    PreviewRow {
        line: number(t, row.incoming.line),
        name: o.name.clone(),
        kind: values::term(t, vocabularies, Vocabulary::OrganisationKind, &o.kind),
        country: o
            .country
            .as_deref()
            .map(|c| values::country(t, c))
            .unwrap_or_default(),
        website: o.website.clone().unwrap_or_default(),
        identifiers: identifiers.join(", "),
        tags: o.tags.join(", "),
        problems,
    }
}
