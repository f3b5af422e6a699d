//! Step 4: `POST /import/{id}/run` starts the import (the engine, in a background task, as
//! the uploader); `GET /import/{id}/progress` shows how far it is, refreshing itself every two
//! seconds without JavaScript, then the report; `GET /import/{id}/rejected.csv` gives the
//! rows it skipped, each with its reason (the engine's `RejectWriter` output), to its
//! uploader only.

use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use concord_i18n::{Arg, Localizer};
use concord_ingest::ImportReport;
use concord_ingest::csv::{CsvImport, import_csv_input};
use uuid::Uuid;

use super::jobs::{Job, Jobs, Run};
use super::{job, number};
use crate::{HtmlError, Layout, PageContext, render, see_other};
use concord_http::api::v1::support::refresh_search;
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;

/// How many skipped rows and notes the report lists (the rejected rows file has them all).
const LISTED: usize = 50;

/// The progress page, then the report.
#[derive(Template)]
#[template(path = "import/progress.html")]
struct ProgressPage {
    layout: Layout,
    id: Uuid,
    running: bool,
    done: u64,
    total: u64,
    done_text: String,
    counts: Vec<(String, String)>,
    skipped: Vec<String>,
    notes: Vec<String>,
    rejected: bool,
    failure: Option<String>,
}

/// The summary of each revision the import writes.
pub(super) fn summary(job: &Job) -> String {
    format!("import from {}", job.file_name)
}

/// `POST /import/{id}/run`: starts the import once (a second post finds it running).
pub(super) async fn start(
    ctx: PageContext,
    State(state): State<AppState>,
    Extension(jobs): Extension<Jobs>,
    PathId(id): PathId<Uuid>,
    form: Result<CsrfForm<HashMap<String, String>>, AppError>,
) -> Result<Response, HtmlError> {
    let (account, job) = job(&ctx, &jobs, id)?;
    ctx.form(form)?;
    let Some(mapping) = job.mapping.clone() else {
        return see_other(&format!("/import/{id}"), None).map_err(|e| ctx.error_page_with(e));
    };
    let run = Arc::new(Run::default());
    let started = jobs
        .update(account.id, id, |j| {
            if j.run.is_some() {
                return false;
            }
            j.run = Some(run.clone());
            true
        })
        .ok_or_else(|| ctx.error_page(AppError::NotFound))?;
    if started {
        let settings = CsvImport {
            options: mapping.options,
            dry_run: false,
            summary: summary(&job),
        };
        tokio::spawn(import(state, ctx.viewer.clone(), job.bytes, settings, run));
    }
    see_other(&format!("/import/{id}/progress"), None).map_err(|e| ctx.error_page_with(e))
}

/// The import itself; its end is left in `run`, and the search index is brought up to date.
async fn import(
    state: AppState,
    who: concord_domain::Viewer,
    bytes: Arc<[u8]>,
    settings: CsvImport,
    run: Arc<Run>,
) {
    let rejects = Buffer::default();
    let out: Box<dyn Write + Send> = Box::new(rejects.clone());
    let result = import_csv_input(
        &*state.store,
        &who,
        None,
        &bytes,
        &settings,
        Some(out),
        &*run,
    )
    .await;
    refresh_search(&state).await;
    let outcome = match result {
        Ok(report) => Ok((report, rejects.take())),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "a CSV import from the page failed");
            Err(format!("{e:#}"))
        }
    };
    *run.outcome
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(outcome);
}

/// Bytes written by the engine's reject writer, kept for the download.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn take(&self) -> Vec<u8> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut bytes = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `GET /import/{id}/progress`: rows done of all while it runs, then the report.
pub(super) async fn progress(
    ctx: PageContext,
    Extension(jobs): Extension<Jobs>,
    PathId(id): PathId<Uuid>,
) -> Result<Response, HtmlError> {
    let (_, job) = job(&ctx, &jobs, id)?;
    let Some(run) = job.run.clone() else {
        return see_other(&format!("/import/{id}/preview"), None)
            .map_err(|e| ctx.error_page_with(e));
    };
    let t = ctx.t();
    let outcome = run.outcome();
    let (done, total) = (
        run.done.load(Ordering::Relaxed),
        run.total.load(Ordering::Relaxed).max(job.rows),
    );
    let mut page = ProgressPage {
        layout: ctx.layout(),
        id,
        running: outcome.is_none(),
        done,
        total,
        done_text: t.msg_with(
            "concord-import-progress-rows",
            &[Arg::Text(number(t, done)), Arg::Count(total as i64)],
        ),
        counts: Vec::new(),
        skipped: Vec::new(),
        notes: Vec::new(),
        rejected: false,
        failure: None,
    };
    match outcome {
        Some(Ok((report, _))) => report_into(t, &report, &mut page),
        Some(Err(why)) => page.failure = Some(why),
        None => {}
    }
    render(ctx.csrf.clone(), &page).map_err(|e| ctx.error_page(e))
}

/// The report's counts, skipped rows and notes on the page.
fn report_into(t: &Localizer, report: &ImportReport, page: &mut ProgressPage) {
    page.counts = [
        ("concord-import-count-created", report.created),
        ("concord-import-count-updated", report.updated),
        ("concord-import-count-unchanged", report.unchanged),
        ("concord-import-count-skipped", report.skipped.len()),
    ]
    .into_iter()
    .map(|(key, n)| (t.msg(key), number(t, n as u64)))
    .collect();
    let line = |p: &concord_ingest::RowProblem| {
        t.msg_with(
            "concord-import-report-line",
            &[
                Arg::Text(number(t, p.line)),
                Arg::Text(p.field.clone()),
                Arg::Text(p.message.clone()),
            ],
        )
    };
    page.skipped = report.skipped.iter().take(LISTED).map(line).collect();
    page.notes = report.notes.iter().take(LISTED).map(line).collect();
    page.rejected = !report.skipped.is_empty();
}

/// `GET /import/{id}/rejected.csv`: the skipped rows with their reasons, as CSV.
pub(super) async fn rejected(
    ctx: PageContext,
    Extension(jobs): Extension<Jobs>,
    PathId(id): PathId<Uuid>,
) -> Result<Response, HtmlError> {
    let (_, job) = job(&ctx, &jobs, id)?;
    let Some(Ok((_, bytes))) = job.run.as_ref().and_then(|r| r.outcome()) else {
        return Err(ctx.error_page(AppError::NotFound));
    };
    let stem = job.file_name.trim_end_matches(".csv");
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{name}.rejected.csv\"");
    let disposition =
        HeaderValue::from_str(&disposition).map_err(|e| ctx.error_page(AppError::internal(e)))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response())
}
