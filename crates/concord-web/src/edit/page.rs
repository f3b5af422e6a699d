//! The form pages of one kind: `GET|POST /<collection>/new` and
//! `GET|POST /<collection>/<id>/edit`, checked exactly as the API checks the same writes.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use concord_domain::record::{Record, RecordKey};
use concord_domain::validation::ValidationErrors;
use concord_domain::{Action, RevisionId, Viewer, Vocabularies};
use concord_http::api::v1::redaction::keep_hidden;
use concord_http::api::v1::support::{check_new, check_stored, refresh_search, stored_record};
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::Lang;
use concord_store::{StoreError, StoreExt, new_id};
use uuid::Uuid;

use super::conflict::{self, Row};
use super::field::{Choice, Field, Input, Values, join_rows, place_errors};
use super::form::{EditForm, FormContext, edit_language};
use super::organisations;
use crate::{HtmlError, Layout, PageContext, render_with_status, see_other};

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

/// A create or edit form.
#[derive(Template)]
#[template(path = "edit/form.html")]
struct FormPage {
    layout: Layout,
    csrf: String,
    heading: String,
    action: String,
    cancel: String,
    /// The revision the form was opened at (an edit), carried back on save.
    base: Option<i64>,
    /// The language the translatable texts are edited in.
    lang: String,
    fields: Vec<Field>,
    /// Refusals that fit no field.
    unplaced: Vec<String>,
    summary: String,
}

impl FormPage {
    fn has_errors(&self) -> bool {
        !self.unplaced.is_empty() || self.fields.iter().any(|f| f.error.is_some())
    }

    /// Whether a field offers Find (the page then loads the suggestions script).
    fn has_find(&self) -> bool {
        self.fields.iter().any(|f| f.find)
    }

    /// The suggestions script's path.
    fn script(&self) -> &'static str {
        crate::assets::FORMS_JS.as_str()
    }

    /// The name of a rows field's row `n` (from 1), in the reader's language.
    fn row_label(&self, n: &usize) -> String {
        self.layout
            .t
            .msg_with("concord-edit-row", &[concord_i18n::Arg::from(*n)])
    }
}

/// The edit conflict page.
#[derive(Template)]
#[template(path = "edit/conflict.html")]
struct ConflictPage {
    layout: Layout,
    csrf: String,
    heading: String,
    action: String,
    cancel: String,
    /// The revision saved in between: the base of the resolved save.
    base: i64,
    lang: String,
    summary: String,
    rows: Vec<Row>,
    /// Fields both versions agree on, carried as they are.
    same: Vec<Field>,
    /// How many they are, in words.
    same_note: String,
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
    let page = form_page(&ctx, &vocabularies, &record, None, lang, &[], None);
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
    let summary = posted.get("summary").to_owned();
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
    let named = choices(&ctx, &state, &record).await?;
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
    let summary = posted.get("summary").to_owned();
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

/// The conflict page: the `saved` record (at `revision`) against what the editor posted on
/// `base`, field by field.
#[expect(
    clippy::too_many_arguments,
    reason = "one page's inputs, each used once"
)]
async fn conflict_page<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    key: RecordKey,
    saved: R,
    revision: RevisionId,
    base: RevisionId,
    posted: &Values,
    lang: String,
) -> Result<Response, HtmlError> {
    let vocabularies = vocabularies(ctx, state).await?;
    let saved = seen(saved, &ctx.viewer);
    // The version the form was opened at, if the editor may still read it.
    let opened: Option<R> = match state.store.revision(&ctx.viewer, key, base).await {
        Ok(r) => stored_record::<R>(r.snapshot)
            .ok()
            .map(|r| seen(r, &ctx.viewer)),
        Err(_) => None,
    };
    let mut yours = opened.clone().unwrap_or_else(|| saved.clone());
    // Unreadable values show as posted; they are refused again if chosen.
    let _ = yours.apply(posted, &lang);
    let mut ids = saved.organisations();
    ids.extend(yours.organisations());
    ids.extend(opened.iter().flat_map(EditForm::organisations));
    let named = organisations::named(state, &ctx.viewer, ids, ctx.lang)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let cx = FormContext {
        t: ctx.t(),
        vocabularies: &vocabularies,
        lang: &lang,
        organisations: &named,
    };
    let your_fields = yours.fields(&cx);
    let opened_fields = opened.map(|o| o.fields(&cx));
    let (rows, same) = conflict::compare(saved.fields(&cx), &your_fields, opened_fields.as_deref());
    if rows.is_empty() {
        // The editor's version is what was saved: nothing is left to save.
        return see_other(&record_path::<R>(saved.id()), None);
    }
    let page = ConflictPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        heading: ctx.t().msg_with(
            "concord-conflict-title",
            &[concord_i18n::Arg::from(saved.label())],
        ),
        action: format!("{}/edit", record_path::<R>(saved.id())),
        cancel: record_path::<R>(saved.id()),
        base: revision.0,
        lang,
        summary: posted.get("summary").to_owned(),
        rows,
        same_note: ctx.t().msg_with(
            "concord-conflict-same",
            &[concord_i18n::Arg::from(same.len())],
        ),
        same,
    };
    show(ctx, StatusCode::CONFLICT, &page)
}

/// The form again after a refused save, with each refusal beside its field.
#[expect(
    clippy::too_many_arguments,
    reason = "one page's inputs, each used once"
)]
async fn refused<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    vocabularies: &Vocabularies,
    record: &R,
    base: Option<RevisionId>,
    lang: String,
    posted: &Values,
    errors: &ValidationErrors,
) -> Result<Response, HtmlError> {
    let named = choices(ctx, state, record).await?;
    let mut page = form_page(ctx, vocabularies, record, base, lang, &named, Some(posted));
    page.unplaced = place_errors(ctx.t(), &mut page.fields, errors, R::field_of);
    show(ctx, StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Whether the editor pressed a button that shows the form again instead of saving: Find
/// (organisations for a rows field) or "Add a row".
fn is_step(posted: &Values) -> bool {
    !posted.get("find").is_empty() || !posted.get("add").is_empty()
}

/// The form again, unsaved, with everything typed kept: after Find, with the organisations
/// found offered in the rows; after "Add a row", with one more empty row.
async fn again<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    vocabularies: &Vocabularies,
    record: &R,
    base: Option<RevisionId>,
    lang: String,
    posted: &Values,
) -> Result<Response, HtmlError> {
    let named = choices(ctx, state, record).await?;
    let found = match find_query(posted) {
        Some(q) => organisations::find(state, &ctx.viewer, q, ctx.lang)
            .await
            .map_err(|e| ctx.error_page(e))?,
        None => Vec::new(),
    };
    let count = found.len();
    let offered = organisations::merged(named, found);
    let mut page = form_page(
        ctx,
        vocabularies,
        record,
        base,
        lang,
        &offered,
        Some(posted),
    );
    if let Some(field) = page
        .fields
        .iter_mut()
        .find(|f| f.find && f.name == posted.get("find"))
    {
        field.find_note = Some(
            ctx.t()
                .msg_with("concord-edit-found", &[concord_i18n::Arg::from(count)]),
        );
    }
    show(ctx, StatusCode::OK, &page)
}

/// The organisations `record` names, by name, as the viewer may see them.
async fn choices<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    record: &R,
) -> Result<Vec<Choice>, HtmlError> {
    organisations::named(state, &ctx.viewer, record.organisations(), ctx.lang)
        .await
        .map_err(|e| ctx.error_page(e))
}

/// What was typed in the search box of the field whose Find button was pressed.
fn find_query(posted: &Values) -> Option<&str> {
    let field = posted.get("find");
    (!field.is_empty()).then(|| posted.get(&format!("{field}-find")))
}

/// The form of `record`, opened at `base` (none for a new record).
fn form_page<R: EditForm>(
    ctx: &PageContext,
    vocabularies: &Vocabularies,
    record: &R,
    base: Option<RevisionId>,
    lang: String,
    organisations: &[Choice],
    posted: Option<&Values>,
) -> FormPage {
    let t = ctx.t();
    let cx = FormContext {
        t,
        vocabularies,
        lang: &lang,
        organisations,
    };
    let mut fields = record.fields(&cx);
    if let Some(posted) = posted {
        carry_steps(&mut fields, posted);
    }
    let summary = posted
        .map(|p| p.get("summary").to_owned())
        .unwrap_or_default();
    let (heading, action, cancel) = match base {
        Some(_) => {
            let path = record_path::<R>(record.id());
            let heading = t.msg_with(
                "concord-edit-edit-title",
                &[concord_i18n::Arg::from(record.label())],
            );
            (heading, format!("{path}/edit"), path)
        }
        None => {
            let kind = crate::values::kind(t, R::KIND);
            let heading = t.msg_with(
                "concord-edit-create-title",
                &[concord_i18n::Arg::from(kind)],
            );
            (
                heading,
                format!("/{}/new", R::KIND.collection()),
                "/".to_owned(),
            )
        }
    };
    FormPage {
        layout: ctx.layout(),
        csrf: ctx.csrf.value().to_owned(),
        heading,
        action,
        cancel,
        base: base.map(|b| b.0),
        lang,
        fields,
        unplaced: Vec::new(),
        summary,
    }
}

/// Keeps what the editor typed where the record cannot hold it (a row without its
/// organisation, a malformed date: the record drops them, the form shows them again), and what
/// the rows fields' buttons left: the number of empty rows (one more after "Add a row") and
/// the text of each Find box.
fn carry_steps(fields: &mut [Field], posted: &Values) {
    for field in fields.iter_mut() {
        match &field.input {
            Input::Rows(columns) => {
                let keys: Vec<&str> = columns.iter().map(|c| c.key).collect();
                field.value = join_rows(&posted.rows(field.name, &keys));
            }
            Input::Date if !posted.get(field.name).is_empty() => {
                field.value = posted.get(field.name).to_owned();
            }
            _ => {}
        }
    }
    for field in fields.iter_mut().filter(|f| f.is_rows()) {
        let blank: usize = posted
            .get(&format!("{}-blank", field.name))
            .parse()
            .unwrap_or(1);
        let added = usize::from(posted.get("add") == field.name);
        field.blank_rows = (blank + added).clamp(1, MOST_BLANK_ROWS);
        if field.find {
            field.find_text = posted.get(&format!("{}-find", field.name)).to_owned();
        }
    }
}

/// The most empty rows a rows field shows.
const MOST_BLANK_ROWS: usize = 20;

fn show(
    ctx: &PageContext,
    status: StatusCode,
    page: &impl Template,
) -> Result<Response, HtmlError> {
    render_with_status(status, ctx.csrf.clone(), page).map_err(|e| ctx.error_page(e))
}

/// The stored record `key` and its latest revision, when the viewer may edit it; a record the
/// viewer may not see is not found, a deleted one is gone.
async fn editable<R: EditForm>(
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

async fn vocabularies(ctx: &PageContext, state: &AppState) -> Result<Vocabularies, HtmlError> {
    state
        .store
        .vocabularies()
        .await
        .map_err(|e| ctx.error_page(e))
}

/// `record` as `viewer` may see it.
fn seen<R: Record>(mut record: R, viewer: &Viewer) -> R {
    record.redact(viewer);
    record
}

fn parse_key<R: Record>(ctx: &PageContext, id: &str) -> Result<RecordKey, HtmlError> {
    let id = Uuid::parse_str(id).map_err(|_| ctx.error_page(AppError::NotFound))?;
    Ok(RecordKey { kind: R::KIND, id })
}

/// The page of the record `id`.
fn record_path<R: Record>(id: R::Id) -> String {
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
