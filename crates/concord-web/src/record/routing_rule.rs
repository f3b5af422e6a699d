//! A routing rule's page: the matrix's cell it replaces and who leads there, in order.

use askama::Template;
use axum::response::Response;
use concord_domain::{RoutingRule, Vocabulary};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts, Terms};
use super::show::{Head, respond, visible};
use crate::{Layout, PageContext};

/// The routing rule page.
#[derive(Template)]
#[template(path = "record/routing_rule.html")]
struct Page {
    layout: Layout,
    head: Head,
    facts: Vec<Fact>,
}

/// Renders the page of the routing rule in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let r: RoutingRule = visible(doc, &ctx.viewer)?;
    let mut wanted = vec![
        (Vocabulary::Area, r.area.as_str()),
        (Vocabulary::Level, r.level.as_str()),
    ];
    wanted.extend(
        r.leads
            .iter()
            .map(|k| (Vocabulary::MovementEntityKind, k.as_str())),
    );
    let terms = Terms::read(&*state.store, t, &wanted).await?;
    let mut f = Facts::new(t);
    f.add("area", terms.term(Vocabulary::Area, &r.area));
    f.add("level", terms.term(Vocabulary::Level, &r.level));
    f.add(
        "leads",
        terms.terms(Vocabulary::MovementEntityKind, &r.leads),
    );
    f.visibility(r.visibility);
    let page = Page {
        layout: ctx.layout(),
        head,
        facts: f.rows,
    };
    respond(ctx, &page)
}
