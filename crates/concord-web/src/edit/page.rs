//! The form pages of one kind: `GET|POST /<collection>/new` and
//! `GET|POST /<collection>/<id>/edit`, checked exactly as the API checks the same writes.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use concord_domain::record::{Record, RecordKey};
use concord_domain::{Action, RevisionId, Viewer, Vocabularies};
use concord_http::api::v1::approvals::decider_problems;
use concord_http::api::v1::red_lines::recheck;
use concord_http::api::v1::redaction::keep_hidden;
use concord_http::api::v1::support::{check_new, check_stored, refresh_search, stored_record};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::Lang;
use concord_store::{StoreError, StoreExt, new_id};
use uuid::Uuid;

use super::conflict_page::conflict_page;
use super::field::Values;
use super::form::{EditForm, edit_language};
use super::form_page::{again, choices, form_page, is_step, refused};
use crate::{HtmlError, PageContext, render_with_status, see_other};

/// The routes of `R`'s forms.
pub fn routes<R: EditForm>() -> Router<AppState> {
    let c = R::KIND.collection();
    Router::new()
        .route(&format!("/{c}/new"), get(new_form::<R>).post(create::<R>))
        .route(
            &format!("/{c}/{{id}}/edit"),
            get(edit_form::<R>).post(save::<R>),
        )
}

/// A posted form as its fields, once its CSRF check passed.
type Posted = Result<CsrfForm<Vec<(String, String)>>, AppError>;

/// `GET /<collection>/new`.
async fn new_form<R: EditForm>(
    ctx: PageContext,
    State(state): State<AppState>,
) -> Result<Response, HtmlError> {
    let record = R::blank(R::Id::from(new_id()));
    check_new(&ctx.viewer, Action::Create, &record, "creating this record")
        .map_err(|e| ctx.error_page(e))?;
    let vocabularies = vocabularies(&ctx, &state).await?;
    let lang = reader_language(&ctx);
    let offered = choices(&ctx, &state, &record, None).await?;
    let page = form_page(&ctx, &vocabularies, &record, None, lang, &offered, None);
    show(&ctx, StatusCode::OK, &page)
}

/// `POST /<collection>/new`: creates the record and goes to its page, or shows the form again
/// with each refusal beside its field.
async fn create<R: EditForm>(
    ctx: PageContext,
    State(state): State<AppState>,
    form: Posted,
) -> Result<Response, HtmlError> {
    let posted = Values::from_pairs(ctx.form(form)?);
    let lang = posted_language(&ctx, &posted);
    let id = R::Id::from(new_id());
    let mut record = R::blank(id);
    let mut errors = record.apply(&posted, &lang);
    check_new(&ctx.viewer, Action::Create, &record, "creating this record")
        .map_err(|e| ctx.error_page(e))?;
    let vocabularies = vocabularies(&ctx, &state).await?;
    if is_step(&posted) {
        return again(&ctx, &state, &vocabularies, &record, None, lang, &posted).await;
    }
    if let Err(e) = record.validate(&vocabularies) {
        errors.0.extend(e.0);
    }
    let deciders = decider_problems(&state, &record).await;
    errors.0.extend(deciders.map_err(|e| ctx.error_page(e))?.0);
    if !errors.0.is_empty() {
        return refused(
            &ctx,
            &state,
            &vocabularies,
            &record,
            None,
            lang,
            &posted,
            &errors,
        )
        .await;
    }
    let summary = posted.get("edit_summary").to_owned();
    let summary = summary_or(summary, "created on the web");
    state
        .store
        .create_record(&ctx.viewer, &record, &summary)
        .await
        .map_err(|e| ctx.error_page(e))?;
    refresh_search(&state).await;
    see_other(&record_path::<R>(id), None)
}

/// `GET /<collection>/<id>/edit`.
async fn edit_form<R: EditForm>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(id): PathId<String>,
) -> Result<Response, HtmlError> {
    let key = parse_key::<R>(&ctx, &id)?;
    let (current, revision) = editable::<R>(&ctx, &state, key).await?;
    let record = seen(current, &ctx.viewer);
    let vocabularies = vocabularies(&ctx, &state).await?;
    let lang = edit_language(&record, reader_language(&ctx).as_str());
    let named = choices(&ctx, &state, &record, None).await?;
    let page = form_page(
        &ctx,
        &vocabularies,
        &record,
        Some(revision),
        lang,
        &named,
        None,
    );
    show(&ctx, StatusCode::OK, &page)
}

/// `POST /<collection>/<id>/edit`: saves on the revision the form was opened at and goes to the
/// record's page; shows the form again with the refusals; or, when the record was saved in
/// between, the conflict page.
async fn save<R: EditForm>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(id): PathId<String>,
    form: Posted,
) -> Result<Response, HtmlError> {
    let key = parse_key::<R>(&ctx, &id)?;
    let posted = Values::from_pairs(ctx.form(form)?);
    let base = posted
        .get("base")
        .parse::<i64>()
        .map(RevisionId)
        .map_err(|_| {
            ctx.error_page(AppError::bad_field(
                "base",
                "malformed",
                "the revision the form was opened at",
            ))
        })?;
    let lang = posted_language(&ctx, &posted);
    let (current, revision) = editable::<R>(&ctx, &state, key).await?;
    let vocabularies = vocabularies(&ctx, &state).await?;
    if revision != base {
        return conflict_page(&ctx, &state, key, current, revision, base, &posted, lang).await;
    }
    let mut record = seen(current.clone(), &ctx.viewer);
    let mut errors = record.apply(&posted, &lang);
    let record = keep_hidden(&current, &ctx.viewer, record).map_err(|e| ctx.error_page(e))?;
    check_new(&ctx.viewer, Action::Edit, &record, "this edit").map_err(|e| ctx.error_page(e))?;
    if is_step(&posted) {
        let shown = seen(record, &ctx.viewer);
        return again(
            &ctx,
            &state,
            &vocabularies,
            &shown,
            Some(base),
            lang,
            &posted,
        )
        .await;
    }
    if let Err(e) = record.validate(&vocabularies) {
        errors.0.extend(e.0);
    }
    let deciders = decider_problems(&state, &record).await;
    errors.0.extend(deciders.map_err(|e| ctx.error_page(e))?.0);
    if !errors.0.is_empty() {
        let shown = seen(record, &ctx.viewer);
        return refused(
            &ctx,
            &state,
            &vocabularies,
            &shown,
            Some(base),
            lang,
            &posted,
            &errors,
        )
        .await;
    }
    let mut record = record;
    recheck(&state, &current, &mut record)
        .await
        .map_err(|e| ctx.error_page(e))?;

    let summary = posted.get("edit_summary").to_owned();
    let summary = summary_or(summary, "edited on the web");
    match state
        .store
        .update_record(&ctx.viewer, &record, base, &summary)
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            // Saved in between the read above and this write: compare with that save.
            let (current, revision) = editable::<R>(&ctx, &state, key).await?;
            return conflict_page(&ctx, &state, key, current, revision, base, &posted, lang).await;
        }
        Err(e) => return Err(ctx.error_page(e)),
    }
    refresh_search(&state).await;
    see_other(&record_path::<R>(record.id()), None)
}

pub(super) fn show(
    ctx: &PageContext,
    status: StatusCode,
    page: &impl Template,
) -> Result<Response, HtmlError> {
    render_with_status(status, ctx.csrf.clone(), page).map_err(|e| ctx.error_page(e))
}

/// The stored record `key` and its latest revision, when the viewer may edit it; a record the
/// viewer may not see is not found, a deleted one is gone.
pub(super) async fn editable<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    key: RecordKey,
) -> Result<(R, RevisionId), HtmlError> {
    let doc = state
        .store
        .get(&ctx.viewer, key)
        .await
        .map_err(|e| ctx.error_page(e))?;
    check_stored(&ctx.viewer, Action::Edit, &doc, "editing this record")
        .map_err(|e| ctx.error_page(e))?;
    if doc.deleted {
        return Err(ctx.error_page(AppError::Gone {
            revision: doc.revision,
        }));
    }
    let record = stored_record::<R>(doc.body).map_err(|e| ctx.error_page(e))?;
    Ok((record, doc.revision))
}

pub(super) async fn vocabularies(
    ctx: &PageContext,
    state: &AppState,
) -> Result<Vocabularies, HtmlError> {
    state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))
}

/// `record` as `viewer` may see it.
pub(super) fn seen<R: Record>(mut record: R, viewer: &Viewer) -> R {
    record.redact(viewer);
    record
}

fn parse_key<R: Record>(ctx: &PageContext, id: &str) -> Result<RecordKey, HtmlError> {
    let id = Uuid::parse_str(id).map_err(|_| ctx.error_page(AppError::NotFound))?;
    Ok(RecordKey { kind: R::KIND, id })
}

/// The page of the record `id`.
pub(super) fn record_path<R: Record>(id: R::Id) -> String {
    format!("/{}/{id}", R::KIND.collection())
}

/// The reader's language as a language code of texts (`qqx` edits English).
fn reader_language(ctx: &PageContext) -> String {
    match ctx.lang {
        Lang::Qqx => "en".to_owned(),
        lang => lang.code().to_owned(),
    }
}

/// The language the form edited its texts in, if it is one; else the reader's.
fn posted_language(ctx: &PageContext, posted: &Values) -> String {
    let lang = posted.get("lang");
    if concord_domain::text::is_language_code(lang) {
        lang.to_owned()
    } else {
        reader_language(ctx)
    }
}

fn summary_or(summary: String, default: &str) -> String {
    if summary.is_empty() {
        default.to_owned()
    } else {
        summary
    }
}
