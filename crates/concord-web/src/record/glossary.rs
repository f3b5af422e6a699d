//! A glossary term's page: its definition and the related terms, named and linked.

use askama::Template;
use axum::response::Response;
use concord_domain::GlossaryTerm;
use concord_domain::record::{RecordKey, RecordKind};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts};
use super::names::{Link, Names};
use super::show::{Head, respond, visible};
use super::text::{Shown, translated};
use crate::{Layout, PageContext};

/// The glossary term page.
#[derive(Template)]
#[template(path = "record/glossary.html")]
struct Page {
    layout: Layout,
    head: Head,
    definition: Shown,
    facts: Vec<Fact>,
    related: Vec<Link>,
}

/// Renders the page of the glossary term in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let g: GlossaryTerm = visible(doc, &ctx.viewer)?;
    let keys = g
        .related
        .iter()
        .map(|id| RecordKey {
            kind: RecordKind::GlossaryTerm,
            id: (*id).into(),
        })
        .collect();
    let names = Names::read(&*state.store, &ctx.viewer, t, keys).await?;
    let mut f = Facts::new(t);
    f.add_list("tags", &g.tags);
    f.visibility(g.visibility);
    let page = Page {
        layout: ctx.layout(),
        head,
        definition: translated(t, &g.definition),
        facts: f.rows,
        related: g
            .related
            .iter()
            .map(|id| names.of(RecordKind::GlossaryTerm, *id))
            .collect(),
    };
    respond(ctx, &page)
}
