//! An organisation's page; a movement entity's also lists its partnerships (from the search
//! index, filtered by the viewer's visibility there) and its people (from the store's listing
//! of people the viewer may see).

use askama::Template;
use axum::response::Response;
use concord_domain::organisation::MovementEntity;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{Organisation, OrganisationId, RelationshipStatus, Viewer, Vocabulary};
use concord_http::api::v1::{params, search::search_page};
use concord_http::error::AppError;
use concord_http::state::AppState;
use concord_i18n::Localizer;
use concord_store::{Store, StoredDocument};
use uuid::Uuid;

use super::facts::{Fact, Facts, Terms};
use super::names::{Link, title_of};
use super::path_of;
use super::red_lines::{LineRow, of_organisation};
use super::show::{Head, respond, visible};
use super::text::{Shown, translated};
use crate::{Layout, PageContext, values};

/// The most partnerships and people a movement entity's page lists.
const MAX_LISTED: usize = 200;
/// People are listed from the store in pages of this many, looking at most at
/// [`MAX_PEOPLE_SCANNED`] of them.
const PEOPLE_PAGE: usize = 500;
const MAX_PEOPLE_SCANNED: usize = 5_000;

/// An external link (website, Wikidata, ROR) of an organisation.
struct External {
    label: String,
    href: Option<String>,
    text: String,
}

/// A partnership of a movement entity, with its status.
struct PartnershipRow {
    link: Link,
    status: String,
}

/// The organisation page.
#[derive(Template)]
#[template(path = "record/organisation.html")]
struct Page {
    layout: Layout,
    head: Head,
    description: Shown,
    facts: Vec<Fact>,
    links: Vec<External>,
    entity: bool,
    partnerships: Vec<PartnershipRow>,
    people: Vec<Link>,
    /// The red lines that name it or its kind (none for a movement entity).
    red_lines: Vec<LineRow>,
}

/// Renders the page of the organisation in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let o: Organisation = visible(doc, &ctx.viewer)?;
    let mut wanted = vec![(Vocabulary::OrganisationKind, o.kind.as_str())];
    wanted.extend(o.regions.iter().map(|r| (Vocabulary::Region, r.as_str())));
    if let Some(e) = &o.movement_entity {
        wanted.push((Vocabulary::MovementEntityKind, e.kind.as_str()));
        wanted.extend(e.regions.iter().map(|r| (Vocabulary::Region, r.as_str())));
    }
    let (terms, red_lines) = tokio::join!(
        Terms::read(&*state.store, t, &wanted),
        of_organisation(state, &ctx.viewer, t, &o)
    );
    let (terms, red_lines) = (terms?, red_lines?);
    let (partnerships, people) = if o.movement_entity.is_some() {
        let (p, m) = tokio::join!(
            partnerships(state, &ctx.viewer, t, o.id),
            people(&*state.store, &ctx.viewer, t, o.id)
        );
        (p?, m?)
    } else {
        (Vec::new(), Vec::new())
    };
    let page = Page {
        layout: ctx.layout(),
        head,
        description: translated(t, &o.description),
        facts: facts(t, &terms, &o),
        links: links(t, &o),
        entity: o.movement_entity.is_some(),
        partnerships,
        people,
        red_lines,
    };
    respond(ctx, &page)
}

fn facts(t: &'static Localizer, terms: &Terms, o: &Organisation) -> Vec<Fact> {
    let mut f = Facts::new(t);
    f.add("kind", terms.term(Vocabulary::OrganisationKind, &o.kind));
    f.add("country", o.country.clone().unwrap_or_default());
    f.add("regions", terms.terms(Vocabulary::Region, &o.regions));
    f.add(
        "relationship",
        values::status(t, "relationship", o.relationship.as_str()),
    );
    if let RelationshipStatus::Excluded { reason } = &o.relationship {
        f.add("excluded_reason", reason.clone());
    }
    if let Some(e) = &o.movement_entity {
        entity_facts(&mut f, terms, e);
    }
    f.add_list("isil", &o.identifiers.isil);
    f.add_list("tags", &o.tags);
    f.visibility(o.visibility);
    f.rows
}

fn entity_facts(f: &mut Facts, terms: &Terms, e: &MovementEntity) {
    f.add(
        "entity_kind",
        terms.term(Vocabulary::MovementEntityKind, &e.kind),
    );
    f.add_list("entity_countries", &e.countries);
    f.add(
        "entity_regions",
        terms.terms(Vocabulary::Region, &e.regions),
    );
    f.add_list("entity_themes", &e.themes);
}

/// The website, Wikidata item and ROR ID; only `http(s)` addresses are made links.
fn links(t: &Localizer, o: &Organisation) -> Vec<External> {
    let mut out = Vec::new();
    if let Some(site) = &o.website {
        let web = site.starts_with("https://") || site.starts_with("http://");
        out.push(External {
            label: t.msg("concord-record-field-website"),
            href: web.then(|| site.clone()),
            text: site.clone(),
        });
    }
    if let Some(q) = &o.identifiers.wikidata {
        out.push(External {
            label: t.msg("concord-record-field-wikidata"),
            href: Some(format!("https://www.wikidata.org/wiki/{q}")),
            text: q.clone(),
        });
    }
    if let Some(ror) = &o.identifiers.ror {
        out.push(External {
            label: t.msg("concord-record-field-ror"),
            href: Some(format!("https://ror.org/{ror}")),
            text: ror.clone(),
        });
    }
    out
}

/// The partnerships `org` is a party to that the viewer may see, by name.
async fn partnerships(
    state: &AppState,
    viewer: &Viewer,
    t: &Localizer,
    org: OrganisationId,
) -> Result<Vec<PartnershipRow>, AppError> {
    let pairs = [
        ("entity".to_owned(), org.to_string()),
        ("sort".to_owned(), "name".to_owned()),
        ("limit".to_owned(), MAX_LISTED.to_string()),
    ];
    let query = params::search_query(&pairs, Some(RecordKind::Partnership))?;
    let found = search_page(state, viewer, &query).await?;
    found
        .items
        .iter()
        .map(|item| {
            let body: serde_json::Value =
                serde_json::from_str(item.get()).map_err(AppError::internal)?;
            let id: Uuid = body["id"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| AppError::internal(std::io::Error::other("a hit without an id")))?;
            let key = RecordKey {
                kind: RecordKind::Partnership,
                id,
            };
            let status = body["status"].as_str().unwrap_or("idea");
            Ok(PartnershipRow {
                link: Link {
                    href: Some(path_of(key)),
                    name: title_of(t, RecordKind::Partnership, &body),
                },
                status: values::status(t, "partnership", status),
            })
        })
        .collect()
}

/// The people who are members of `org` that the viewer may see, in id order.
async fn people(
    store: &dyn Store,
    viewer: &Viewer,
    t: &Localizer,
    org: OrganisationId,
) -> Result<Vec<Link>, AppError> {
    let mut out = Vec::new();
    let (mut after, mut scanned) = (None, 0);
    while scanned < MAX_PEOPLE_SCANNED && out.len() < MAX_LISTED {
        let docs = store
            .list(viewer, RecordKind::Person, after, PEOPLE_PAGE)
            .await?;
        scanned += docs.len();
        let last = docs.len() < PEOPLE_PAGE;
        after = docs.last().map(|d| d.key.id);
        out.extend(
            docs.iter()
                .filter(|d| d.parties.contains(&org))
                .map(|d| Link {
                    href: Some(path_of(d.key)),
                    name: title_of(t, RecordKind::Person, &d.body),
                }),
        );
        if last {
            break;
        }
    }
    out.truncate(MAX_LISTED);
    Ok(out)
}
