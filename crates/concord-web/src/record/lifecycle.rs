//! `POST /<collection>/<id>/{revert,delete,restore}`: the API's reversible writes as page forms,
//! with the same checks in the same order (`concord_http::api::v1::lifecycle`): the CSRF token,
//! the authorisation matrix on the stored record (a hidden record is the 404 page), the form's
//! base revision (a stale one is the conflict page, never an overwrite), and for a revert the
//! matrix and the vocabularies on the record as it would be written. Success is a 303 to the
//! record's page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::{Record, RecordKey, RevisionId, Viewer};
use concord_http::api::v1::lifecycle::{delete_record, restore_record, revert_record};
use concord_http::api::v1::support::refresh_search;
use concord_http::error::AppError;
use concord_http::extract::{PathId, parse_revision};
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use serde::Deserialize;

use super::{key_of, path_of};
use crate::{HtmlError, Layout, PageContext, render_with_status, see_other};

/// The fields of a delete or restore form: the revision the page showed.
#[derive(Debug, Deserialize)]
pub struct BaseForm {
    base: String,
}

/// The fields of a revert form: the revision the page showed, and the one to go back to.
#[derive(Debug, Deserialize)]
pub struct RevertForm {
    base: String,
    revision: String,
}

/// The page shown when the record changed since the form was shown.
#[derive(Template)]
#[template(path = "record/conflict.html")]
struct Conflict {
    layout: Layout,
    path: String,
}

/// `POST /<collection>/<id>/delete`.
pub async fn delete<R: Record>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<BaseForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = key_of::<R>(&raw).map_err(|e| ctx.error_page(e))?;
    let done = delete_record::<R>(&state, &ctx.viewer, key, |_| base(&form.base), "")
        .await
        .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}

/// `POST /<collection>/<id>/restore`.
pub async fn restore<R: Record>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<BaseForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = key_of::<R>(&raw).map_err(|e| ctx.error_page(e))?;
    let done = restore_record::<R>(&state, &ctx.viewer, key, |_| base(&form.base), "")
        .await
        .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}

/// `POST /<collection>/<id>/revert`.
pub async fn revert<R: Record>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<RevertForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = key_of::<R>(&raw).map_err(|e| ctx.error_page(e))?;
    let done = revert_to::<R>(&state, &ctx.viewer, key, &form).await;
    finish(&ctx, &state, key, done).await
}

/// The page's revert: the API's checks and write (`revert_record`); a revision number that is
/// not one is refused like a revision the viewer cannot see.
async fn revert_to<R: Record>(
    state: &AppState,
    viewer: &Viewer,
    key: RecordKey,
    form: &RevertForm,
) -> Result<RevisionId, AppError> {
    let wanted = parse_revision(&form.revision).ok_or_else(|| {
        AppError::unprocessable_field("revision", "malformed", "is not a revision number")
    })?;
    let (revision, _) = revert_record::<R>(
        state,
        viewer,
        key,
        |_| base(&form.base),
        wanted,
        String::new(),
    )
    .await?;
    Ok(revision)
}

/// The form's base revision; a malformed one cannot match any revision, so it is stale.
fn base(raw: &str) -> Result<RevisionId, AppError> {
    parse_revision(raw).ok_or_else(|| AppError::Conflict("no base revision".into()))
}

/// A 303 to the record after a write; the conflict page when the record moved on or was
/// deleted meanwhile; else the error page.
pub(super) async fn finish(
    ctx: &PageContext,
    state: &AppState,
    key: RecordKey,
    done: Result<RevisionId, AppError>,
) -> Result<Response, HtmlError> {
    match done {
        Ok(_) => {
            refresh_search(state).await;
            see_other(&path_of(key), None)
        }
        Err(
            AppError::PreconditionFailed { .. } | AppError::Gone { .. } | AppError::Conflict(_),
        ) => {
            let page = Conflict {
                layout: ctx.layout(),
                path: path_of(key),
            };
            Ok(render_with_status(
                StatusCode::CONFLICT,
                ctx.csrf.clone(),
                &page,
            )?)
        }
        Err(e) => Err(ctx.error_page(e)),
    }
}
