//! `GET /<collection>/<id>`: a record's page. The record is read with the author of its latest
//! revision (one store round trip), then the names of the records it links to (a second); a
//! deleted record is a 410 page offering restore to whoever may.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::record::{Record, RecordKind};
use concord_domain::{Action, Viewer};
use concord_http::api::v1::support::stored_record;
use concord_http::error::AppError;
use concord_http::extract::PathId;
use concord_http::state::AppState;
use concord_i18n::Arg;
use concord_store::StoredDocument;

use super::names::title_of;
use super::text::Shown;
use super::{allowed, key_of, kind_message, path_of};
use crate::{HtmlError, Layout, PageContext, render, render_with_status};

/// The top of every record page: what it is, its title, who last edited it, and the revision a
/// form on the page is based on.
#[derive(Clone, Debug)]
pub struct Head {
    /// The kind, in the reader's language.
    pub kind: String,
    /// The title in the reader's language, or the original marked with its language.
    pub title: Shown,
    /// The record's page.
    pub path: String,
    /// "Last edited by … on …".
    pub last_edited: String,
    /// The latest revision: the base of the page's forms.
    pub revision: i64,
    /// Whether the viewer may delete the record.
    pub can_delete: bool,
    /// Whether the viewer may edit the record (the Edit link).
    pub can_edit: bool,
    /// The "New <kind>" link and its text, when the viewer may create records of the kind.
    pub create: Option<(String, String)>,
}

impl Head {
    /// The head of `doc`'s pages.
    pub fn new(ctx: &PageContext, doc: &StoredDocument) -> Self {
        let t = ctx.t();
        let last_edited = t.msg_with(
            "concord-last-edited",
            &[
                Arg::User(doc.author.clone()),
                Arg::Text(t.date(doc.updated_at.date_naive())),
            ],
        );
        Self {
            kind: t.msg(&kind_message(doc.key.kind)),
            title: title_of(t, doc.key.kind, &doc.body),
            path: path_of(doc.key),
            last_edited,
            revision: doc.revision.0,
            can_delete: !doc.deleted && allowed(&ctx.viewer, Action::Delete, doc),
            can_edit: !doc.deleted && allowed(&ctx.viewer, Action::Edit, doc),
            create: crate::edit::new_link(ctx, doc.key.kind),
        }
    }
}

/// The page of a deleted record.
#[derive(Template)]
#[template(path = "record/deleted.html")]
struct Deleted {
    layout: Layout,
    head: Head,
    can_restore: bool,
}

/// `GET /<collection>/<id>`.
pub async fn show<R: Record>(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
) -> Result<Response, HtmlError> {
    let key = key_of::<R>(&raw).map_err(|e| ctx.error_page(e))?;
    let doc = state
        .store
        .get(&ctx.viewer, key)
        .await
        .map_err(|e| ctx.error_page(e))?;
    let head = Head::new(&ctx, &doc);
    if doc.deleted {
        let page = Deleted {
            layout: ctx.layout(),
            head,
            can_restore: allowed(&ctx.viewer, Action::Restore, &doc),
        };
        return Ok(render_with_status(StatusCode::GONE, ctx.csrf, &page)?);
    }
    let page = match R::KIND {
        RecordKind::Organisation => super::organisation::page(&state, &ctx, head, doc).await,
        RecordKind::Person => super::person::page(&state, &ctx, head, doc).await,
        RecordKind::Partnership => super::partnership::page(&state, &ctx, head, doc).await,
        RecordKind::Need => super::need::page(&state, &ctx, head, doc).await,
        RecordKind::GlossaryTerm => super::glossary::page(&state, &ctx, head, doc).await,
        RecordKind::RoutingRule => super::routing_rule::page(&state, &ctx, head, doc).await,
        RecordKind::RedLine => super::red_line::page(&state, &ctx, head, doc).await,
        RecordKind::ApprovalPolicy => super::approval_policy::page(&state, &ctx, head, doc).await,
        RecordKind::AssessmentTemplate => {
            super::assessment_template::page(&state, &ctx, head, doc).await
        }
        RecordKind::Inquiry => super::inquiry::page(&state, &ctx, head, doc).await,
    };
    page.map_err(|e| ctx.error_page(e))
}

/// The stored body as `R`, with the fields `viewer` may not see removed (as the API does).
pub fn visible<R: Record>(doc: StoredDocument, viewer: &Viewer) -> Result<R, AppError> {
    let mut record: R = stored_record(doc.body)?;
    record.redact(viewer);
    Ok(record)
}

/// Renders a record page with the viewer's CSRF token.
pub fn respond(ctx: &PageContext, page: &impl Template) -> Result<Response, AppError> {
    render(ctx.csrf.clone(), page)
}
