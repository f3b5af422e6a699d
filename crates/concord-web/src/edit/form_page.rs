//! The form page of one kind, new or opened at a revision: its fields filled from a record,
//! shown again after a refused save with each refusal beside its field, or after the rows
//! fields' buttons (Find, "Add a row") with everything typed kept.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::validation::ValidationErrors;
use concord_domain::{RevisionId, Vocabularies};
use concord_http::state::AppState;

use super::field::{Choice, Field, Input, Values, join_rows, place_errors};
use super::form::{EditForm, FormContext};
use super::organisations;
use super::page::{record_path, show};
use crate::{HtmlError, Layout, PageContext};

/// A create or edit form.
#[derive(Template)]
#[template(path = "edit/form.html")]
pub(super) struct FormPage {
    layout: Layout,
    csrf: String,
    heading: String,
    action: String,
    cancel: String,
    /// The revision the form was opened at (an edit), carried back on save.
    base: Option<i64>,
    /// The language the translatable texts are edited in.
    lang: String,
    pub(super) fields: Vec<Field>,
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

/// The form again after a refused save, with each refusal beside its field.
#[expect(
    clippy::too_many_arguments,
    reason = "one page's inputs, each used once"
)]
pub(super) async fn refused<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    vocabularies: &Vocabularies,
    record: &R,
    base: Option<RevisionId>,
    lang: String,
    posted: &Values,
    errors: &ValidationErrors,
) -> Result<Response, HtmlError> {
    let named = choices(ctx, state, record, Some(posted)).await?;
    let mut page = form_page(ctx, vocabularies, record, base, lang, &named, Some(posted));
    page.unplaced = place_errors(ctx.t(), &mut page.fields, errors, R::field_of);
    show(ctx, StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Whether the editor asked for the form again instead of saving: Find (organisations for a
/// rows field, pressed or meant by Enter in its search box) or "Add a row".
pub(super) fn is_step(posted: &Values) -> bool {
    posted.find_field().is_some() || !posted.get("add").is_empty()
}

/// The form again, unsaved, with everything typed kept: after Find, with the organisations
/// found offered in the rows; after "Add a row", with one more empty row.
pub(super) async fn again<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    vocabularies: &Vocabularies,
    record: &R,
    base: Option<RevisionId>,
    lang: String,
    posted: &Values,
) -> Result<Response, HtmlError> {
    let named = choices(ctx, state, record, Some(posted)).await?;
    let found = match find_query(posted) {
        Some(q) => organisations::find(state, &ctx.viewer, q, ctx.lang)
            .await
            .map_err(|e| ctx.error_page(e))?,
        None => Vec::new(),
    };
    let count = found.len();
    let offered = Offered {
        organisations: organisations::merged(named.organisations, found),
        accounts: named.accounts,
    };
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
        .find(|f| f.find && Some(f.name) == posted.find_field())
    {
        field.found_text = field.find_text.clone();
        field.find_note = Some(
            ctx.t()
                .msg_with("concord-edit-found", &[concord_i18n::Arg::from(count)]),
        );
    }
    show(ctx, StatusCode::OK, &page)
}

/// The organisations `record` names and, when the form comes back, those its rows named as
/// posted (a row the record could not take is shown again as typed), by name, as the viewer
/// may see them.
pub(super) async fn choices<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
    record: &R,
    posted: Option<&Values>,
) -> Result<Offered, HtmlError> {
    let mut ids = record.organisations();
    if let Some(posted) = posted {
        ids.extend(posted.cells("organisation"));
        ids.extend(posted.cells("party"));
    }
    let organisations = organisations::named(state, &ctx.viewer, ids, ctx.lang)
        .await
        .map_err(|e| ctx.error_page(e))?;
    Ok(Offered {
        organisations,
        accounts: accounts::<R>(ctx, state).await?,
    })
}

/// The accounts `R`'s form may name ([`EditForm::NAMES_ACCOUNTS`]); none for most forms.
pub(super) async fn accounts<R: EditForm>(
    ctx: &PageContext,
    state: &AppState,
) -> Result<Vec<Choice>, HtmlError> {
    if !R::NAMES_ACCOUNTS {
        return Ok(Vec::new());
    }
    deciders(state).await.map_err(|e| ctx.error_page(e))
}

/// What a form offers to choose from beyond the vocabularies.
#[derive(Debug, Default)]
pub(super) struct Offered {
    /// Organisations, by name ([`FormContext::organisations`]).
    pub organisations: Vec<Choice>,
    /// Accounts that may decide, by name ([`FormContext::accounts`]).
    pub accounts: Vec<Choice>,
}

/// The active accounts holding the approver or admin role, by display name (and username).
async fn deciders(state: &AppState) -> Result<Vec<Choice>, concord_http::error::AppError> {
    use concord_domain::Role;
    let mut out: Vec<Choice> = state
        .store
        .list_accounts()
        .await?
        .into_iter()
        .filter(|a| !a.disabled)
        .filter(|a| a.roles.contains(&Role::Approver) || a.roles.contains(&Role::Admin))
        .map(|a| Choice {
            value: a.id.to_string(),
            label: format!("{} ({})", a.display_name, a.username),
        })
        .collect();
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(out)
}

/// What was typed in the search box of the field to find organisations for.
fn find_query(posted: &Values) -> Option<&str> {
    let field = posted.find_field()?;
    Some(posted.get(&format!("{field}-find")))
}

/// The form of `record`, opened at `base` (none for a new record).
pub(super) fn form_page<R: EditForm>(
    ctx: &PageContext,
    vocabularies: &Vocabularies,
    record: &R,
    base: Option<RevisionId>,
    lang: String,
    offered: &Offered,
    posted: Option<&Values>,
) -> FormPage {
    let t = ctx.t();
    let cx = FormContext {
        t,
        vocabularies,
        lang: &lang,
        organisations: &offered.organisations,
        accounts: &offered.accounts,
    };
    let mut fields = record.fields(&cx);
    if let Some(posted) = posted {
        carry_steps(&mut fields, posted);
    }
    let summary = posted
        .map(|p| p.get("edit_summary").to_owned())
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
            field.found_text = posted.get(&format!("{}-found", field.name)).to_owned();
        }
    }
}

/// The most empty rows a rows field shows.
const MOST_BLANK_ROWS: usize = 20;
