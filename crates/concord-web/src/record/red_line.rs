//! A red line's page: when it fires, what it does and its message.

use askama::Template;
use axum::response::Response;
use concord_domain::record::RecordKind;
use concord_domain::{RedLine, Vocabulary};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts, Terms};
use super::names::{Link, Names};
use super::show::{Head, respond, visible};
use crate::{Layout, PageContext};

/// The red line page.
#[derive(Template)]
#[template(path = "record/red_line.html")]
struct Page {
    layout: Layout,
    head: Head,
    message: String,
    facts: Vec<Fact>,
    organisation: Option<Link>,
}

/// Renders the page of the red line in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let r: RedLine = visible(doc, &ctx.viewer)?;
    let w = &r.when;
    let mut wanted = Vec::new();
    wanted.extend(
        w.organisation_kind
            .iter()
            .map(|k| (Vocabulary::OrganisationKind, k.as_str())),
    );
    wanted.extend(w.area.iter().map(|a| (Vocabulary::Area, a.as_str())));
    wanted.extend(w.level.iter().map(|l| (Vocabulary::Level, l.as_str())));
    let keys = w
        .organisation
        .map(|o| concord_domain::RecordKey {
            kind: RecordKind::Organisation,
            id: o.into(),
        })
        .into_iter()
        .collect();
    let store = &*state.store;
    let (terms, names) = tokio::join!(
        Terms::read(store, t, &wanted),
        Names::read(store, &ctx.viewer, t, keys)
    );
    let (terms, names) = (terms?, names?);
    let mut f = Facts::new(t);
    let then = match r.then {
        concord_domain::workflow::red_line::Consequence::Escalate => "escalate",
        concord_domain::workflow::red_line::Consequence::Block => "block",
    };
    f.add("then", t.msg(&format!("concord-red-line-{then}")));
    f.add(
        "organisation-kind",
        terms.terms(Vocabulary::OrganisationKind, &w.organisation_kind),
    );
    f.add("area", terms.terms(Vocabulary::Area, &w.area));
    f.add("level", terms.terms(Vocabulary::Level, &w.level));
    f.visibility(r.visibility);
    let page = Page {
        layout: ctx.layout(),
        head,
        message: r.message.clone(),
        facts: f.rows,
        organisation: w
            .organisation
            .map(|o| names.of(RecordKind::Organisation, o)),
    };
    respond(ctx, &page)
}
