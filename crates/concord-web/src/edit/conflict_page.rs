//! The edit conflict page: the record saved in between, the version the form was opened at
//! and the editor's, compared field by field (see [`super::conflict`]).

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::RevisionId;
use concord_domain::record::RecordKey;
use concord_http::api::v1::support::stored_record;
use concord_http::state::AppState;

use super::conflict::{self, Row};
use super::field::{Field, Values};
use super::form::{EditForm, FormContext};
use super::form_page::accounts;
use super::organisations;
use super::page::{record_path, seen, show, vocabularies};
use crate::{HtmlError, Layout, PageContext, see_other};

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

/// The conflict page: the `saved` record (at `revision`) against what the editor posted on
/// `base`, field by field.
#[expect(
    clippy::too_many_arguments,
    reason = "one page's inputs, each used once"
)]
pub(super) async fn conflict_page<R: EditForm>(
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
    let accounts = accounts::<R>(ctx, state).await?;
    let cx = FormContext {
        t: ctx.t(),
        vocabularies: &vocabularies,
        lang: &lang,
        organisations: &named,
        accounts: &accounts,
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
        summary: posted.get("edit_summary").to_owned(),
        rows,
        same_note: ctx.t().msg_with(
            "concord-conflict-same",
            &[concord_i18n::Arg::from(same.len())],
        ),
        same,
    };
    show(ctx, StatusCode::CONFLICT, &page)
}
