//! A person's page: their memberships (organisations named and linked) and, when the viewer
//! may see them, their contact details.

use askama::Template;
use axum::response::Response;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{Person, Vocabulary};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_store::StoredDocument;

use super::facts::{Fact, Facts, Terms, date};
use super::names::{Link, Names};
use super::show::{Head, respond, visible};
use crate::{Layout, PageContext};

/// A membership of an organisation.
struct MembershipRow {
    org: Link,
    role: String,
    since: String,
    until: String,
}

/// The person page.
#[derive(Template)]
#[template(path = "record/person.html")]
struct Page {
    layout: Layout,
    head: Head,
    facts: Vec<Fact>,
    memberships: Vec<MembershipRow>,
    contact: Vec<Fact>,
}

/// Renders the page of the person in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let p: Person = visible(doc, &ctx.viewer)?;
    let keys = p
        .memberships
        .iter()
        .map(|m| RecordKey {
            kind: RecordKind::Organisation,
            id: m.organisation.into(),
        })
        .collect();
    let wanted: Vec<_> = p
        .region
        .iter()
        .map(|r| (Vocabulary::Region, r.as_str()))
        .collect();
    let store = &*state.store;
    let (names, terms) = tokio::join!(
        Names::read(store, &ctx.viewer, t, keys),
        Terms::read(store, t, &wanted)
    );
    let (names, terms) = (names?, terms?);
    let mut facts = Facts::new(t);
    facts.add("country", p.country.clone().unwrap_or_default());
    facts.add("region", terms.terms(Vocabulary::Region, &p.region));
    facts.add_list("tags", &p.tags);
    facts.visibility(p.visibility);
    let mut contact = Facts::new(t);
    if let Some(c) = &p.contact {
        contact.add("email", c.email.clone().unwrap_or_default());
        contact.add("phone", c.phone.clone().unwrap_or_default());
    }
    let page = Page {
        layout: ctx.layout(),
        head,
        facts: facts.rows,
        memberships: p
            .memberships
            .iter()
            .map(|m| MembershipRow {
                org: names.of(RecordKind::Organisation, m.organisation),
                role: m.role.clone(),
                since: date(t, m.since),
                until: date(t, m.until),
            })
            .collect(),
        contact: contact.rows,
    };
    respond(ctx, &page)
}
