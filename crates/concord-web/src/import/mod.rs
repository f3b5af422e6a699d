//! The CSV import page, for stewards and admins: upload a file ([`upload`]), map its columns
//! with constants and value maps ([`mapping`]), preview the first rows as they would be stored
//! and a dry run of the whole file ([`preview`]), then the import in a background task with a
//! progress page and the rejected rows to download ([`run`]). Every step runs the same engine
//! as `concord import csv` (`concord_ingest::csv::import_csv_input`).
//!
//! A visitor is sent to log in; an account that is neither a steward nor an admin gets a 403
//! page. The upload is kept between the steps in memory ([`jobs`]), for its uploader only.

pub mod jobs;
mod mapping;
mod preview;
mod run;
mod upload;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use concord_domain::{Account, Viewer};
use concord_i18n::{Arg, Localizer};
use concord_import::csv::FIELDS;
use uuid::Uuid;

use self::jobs::{Job, Jobs};
use super::{HtmlError, PageContext};
use concord_http::error::AppError;
use concord_http::state::AppState;

/// The largest file the upload takes: its own limit, above the 1 MiB of every other route.
pub const UPLOAD_LIMIT_BYTES: usize = 20 * 1024 * 1024;
/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// This module's routes, with their job registry.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/import",
            get(upload::show)
                .post(upload::receive)
                // Room for the multipart framing around a file at the limit.
                .layer(DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES + 64 * 1024)),
        )
        .route("/import/{id}", get(mapping::show).post(mapping::save))
        .route("/import/{id}/preview", get(preview::show))
        .route("/import/{id}/run", post(run::start))
        .route("/import/{id}/progress", get(run::progress))
        .route("/import/{id}/rejected.csv", get(run::rejected))
        .layer(axum::Extension(Jobs::default()))
}

/// Whether `viewer` may import: stewards and admins (the ones who may create organisations).
pub fn may_import(viewer: &Viewer) -> bool {
    viewer.is_admin() || viewer.stewarded().next().is_some()
}

/// The logged-in account allowed to import; a visitor is sent to log in (and back to
/// `/import`), anyone else refused with 403.
fn importer(ctx: &PageContext) -> Result<&Account, HtmlError> {
    let Some(account) = ctx.account.as_ref() else {
        return Err(HtmlError::redirect("/login?next=/import"));
    };
    if !may_import(&ctx.viewer) {
        return Err(ctx.error_page_with(HtmlError::message_page(
            StatusCode::FORBIDDEN,
            "concord-error-forbidden-title",
            "concord-import-forbidden",
        )));
    }
    Ok(account)
}

/// The importer's job `id`; another account's job, an expired one and no job are all 404.
fn job(ctx: &PageContext, jobs: &Jobs, id: Uuid) -> Result<(Account, Job), HtmlError> {
    let account = importer(ctx)?.clone();
    match jobs.get(account.id, id) {
        Some(job) => Ok((account, job)),
        None => Err(ctx.error_page(AppError::NotFound)),
    }
}

/// The fields a column can feed, in the engine's names (`names.<lang>` for the interface
/// languages), each with its label in the reader's language.
pub fn fields(t: &Localizer) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = FIELDS
        .iter()
        .map(|f| ((*f).to_owned(), t.msg(&format!("concord-import-field-{f}"))))
        .collect();
    for lang in concord_i18n::Lang::ALL {
        let code = lang.code();
        if concord_domain::text::is_language_code(code) {
            let label = t.msg_with(
                "concord-import-field-names",
                &[Arg::Text(lang.autonym().to_owned())],
            );
            fields.push((format!("names.{code}"), label));
        }
    }
    fields
}

/// A count in the reader's digits.
fn number(t: &Localizer, n: u64) -> String {
    t.number(i64::try_from(n).unwrap_or(i64::MAX))
}
