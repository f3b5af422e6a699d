//! A need's page: what is needed, where, by which movement entity, and its status.

use askama::Template;
use axum::response::Response;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{Need, Vocabulary};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts, Terms};
use super::names::{Link, Names};
use super::show::{Head, respond, visible};
use super::text::{Shown, translated};
use crate::{Layout, PageContext, values};

/// The need page.
#[derive(Template)]
#[template(path = "record/need.html")]
struct Page {
    layout: Layout,
    head: Head,
    description: Shown,
    facts: Vec<Fact>,
    entity: Option<Link>,
}

/// Renders the page of the need in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let n: Need = visible(doc, &ctx.viewer)?;
    let keys = n
        .movement_entity
        .iter()
        .map(|id| RecordKey {
            kind: RecordKind::Organisation,
            id: (*id).into(),
        })
        .collect();
    let mut wanted = vec![(Vocabulary::Area, n.area.as_str())];
    wanted.extend(n.regions.iter().map(|r| (Vocabulary::Region, r.as_str())));
    let store = &*state.store;
    let (names, terms) = tokio::join!(
        Names::read(store, &ctx.viewer, t, keys),
        Terms::read(store, t, &wanted)
    );
    let (names, terms) = (names?, terms?);
    let mut f = Facts::new(t);
    f.add("status", values::status(t, "need", n.status.as_str()));
    f.add("area", terms.term(Vocabulary::Area, &n.area));
    f.add_list("countries", &n.countries);
    f.add("regions", terms.terms(Vocabulary::Region, &n.regions));
    f.add("year", n.year.map(|y| y.to_string()).unwrap_or_default());
    f.add_list("supporters", &n.supporters);
    f.add_list("tags", &n.tags);
    f.visibility(n.visibility);
    let page = Page {
        layout: ctx.layout(),
        head,
        description: translated(t, &n.description),
        facts: f.rows,
        entity: n
            .movement_entity
            .map(|id| names.of(RecordKind::Organisation, id)),
    };
    respond(ctx, &page)
}
