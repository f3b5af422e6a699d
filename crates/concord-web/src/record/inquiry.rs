//! An inquiry's page, for the stewards of the entity it is routed to (and admins): what the
//! organisation wrote, how to reach the inquirer, where it stands, its forwardings, and, while
//! it is new, the three decisions (accept, forward with a note, decline with a reason), posted
//! to `POST /inquiries/<id>/decision` and taken by the API's
//! [`concord_http::api::v1::inquiries::decide`]. An inquiry is not edited through a form:
//! what the inquirer wrote stays as they wrote it.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use concord_domain::inquiry::Inquiry;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::{Action, Decision, InquiryId, InquiryStatus, OrganisationId, RevisionId};
use concord_domain::{Viewer, Vocabulary};
use concord_http::api::v1::inquiries::{InquiryDecisionBody, decide, matching_organisation};
use concord_http::api::v1::routing::entities;
use concord_http::error::AppError;
use concord_http::extract::{PathId, parse_revision};
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_store::StoredDocument;
use serde::Deserialize;

use super::facts::{Facts, Terms};
use super::lifecycle::finish;
use super::names::{Link, Names};
use super::show::{Head, respond, visible};
use crate::edit::field::Choice;
use crate::{HtmlError, Layout, PageContext, see_other, values};

/// The inquiry page.
#[derive(Template)]
#[template(path = "record/inquiry.html")]
struct Page {
    layout: Layout,
    head: Head,
    facts: Vec<super::facts::Fact>,
    wants: String,
    contact_name: String,
    contact_email: String,
    forwarded: Vec<(Link, Link, String)>,
    organisation: Option<Link>,
    idea: Option<Link>,
    reason: Option<String>,
    /// Whether the viewer may decide (a new inquiry they may edit).
    can_decide: bool,
    /// The organisation accepting would link to, when the registry holds it.
    matched: Option<Link>,
    kinds: Vec<Choice>,
    entities: Vec<Choice>,
}

/// Renders the page of the inquiry in `doc`.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    mut head: Head,
    doc: StoredDocument,
) -> Result<Response, AppError> {
    let t = ctx.t();
    let may_edit = super::allowed(&ctx.viewer, Action::Edit, &doc);
    let i: Inquiry = visible(doc, &ctx.viewer)?;
    head.can_edit = false;
    let can_decide = may_edit && i.status == InquiryStatus::New;
    let matched = if can_decide {
        matching_organisation(state, &ctx.viewer, &i).await?
    } else {
        None
    };
    let org = |id: OrganisationId| RecordKey {
        kind: RecordKind::Organisation,
        id: id.into(),
    };
    let mut keys = vec![org(i.routed_to)];
    keys.extend(i.forwarded.iter().flat_map(|f| [org(f.from), org(f.to)]));
    keys.extend(matched.map(org));
    if let Some(a) = i.accepted {
        keys.push(org(a.organisation));
        keys.push(RecordKey {
            kind: RecordKind::Partnership,
            id: a.partnership.into(),
        });
    }
    let wanted = [(Vocabulary::Area, i.area.as_str())];
    let store = &*state.store;
    let (terms, names) = tokio::join!(
        Terms::read(store, t, &wanted),
        Names::read(store, &ctx.viewer, t, keys)
    );
    let (terms, names) = (terms?, names?);
    let status = t.msg(&format!("concord-inquiry-status-{}", i.status.as_str()));
    let mut f = Facts::new(t);
    f.add("status", status);
    f.add(
        "routed-to",
        names.of(RecordKind::Organisation, i.routed_to).name.text,
    );
    f.add("country", values::country(t, &i.country));
    f.add("area", terms.term(Vocabulary::Area, &i.area));
    f.add("website", i.website.clone().unwrap_or_default());
    f.add("language", values::language(t, &i.language));
    let (kinds, entities) = if can_decide {
        let vocabularies = state.store.vocabularies().await?;
        let kinds = vocabularies
            .terms(Vocabulary::OrganisationKind)
            .into_iter()
            .map(|term| Choice {
                label: values::term(t, &vocabularies, Vocabulary::OrganisationKind, &term.key),
                value: term.key,
            })
            .collect();
        (kinds, entity_choices(state, &ctx.viewer, i.routed_to)?)
    } else {
        (Vec::new(), Vec::new())
    };
    let page = Page {
        layout: ctx.layout(),
        head,
        facts: f.rows,
        wants: i.wants.clone(),
        contact_name: i.contact.name.clone(),
        contact_email: i.contact.email.clone(),
        forwarded: i
            .forwarded
            .iter()
            .map(|f| {
                (
                    names.of(RecordKind::Organisation, f.from),
                    names.of(RecordKind::Organisation, f.to),
                    f.note.clone(),
                )
            })
            .collect(),
        organisation: i
            .accepted
            .map(|a| names.of(RecordKind::Organisation, a.organisation)),
        idea: i
            .accepted
            .map(|a| names.of(RecordKind::Partnership, a.partnership)),
        reason: i.reason.clone(),
        can_decide,
        matched: matched.map(|m| names.of(RecordKind::Organisation, m)),
        kinds,
        entities,
    };
    respond(ctx, &page)
}

/// The movement entities an inquiry may be forwarded to (all but the one it is with), by name.
fn entity_choices(
    state: &AppState,
    viewer: &Viewer,
    with: OrganisationId,
) -> Result<Vec<Choice>, AppError> {
    let mut choices: Vec<Choice> = entities(state, viewer)?
        .into_iter()
        .filter(|e| e.id != with)
        .map(|e| Choice {
            value: e.id.to_string(),
            label: e.name,
        })
        .collect();
    choices.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(choices)
}

/// The route of the decision form.
pub fn routes() -> Router<AppState> {
    Router::new().route("/inquiries/{id}/decision", post(decision))
}

/// What the decision forms post.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    base: String,
    decision: String,
    #[serde(default)]
    organisation_kind: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
}

/// `POST /inquiries/<id>/decision`: an accepted inquiry goes to its idea, a forwarded one to
/// the inbox (its stewards are others now), a declined one back to its page; a stale form is
/// the conflict page, a refusal the error page saying why.
async fn decision(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<DecisionForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = super::key_of::<Inquiry>(&raw).map_err(|e| ctx.error_page(e))?;
    let base = parse_revision(&form.base).unwrap_or(RevisionId(0));
    let body = match form.decision.as_str() {
        "accept" => InquiryDecisionBody::Accept {
            organisation_kind: form.organisation_kind.clone(),
            partnership_kind: None,
        },
        "forward" => match form.to.parse() {
            Ok(to) => InquiryDecisionBody::Forward {
                to,
                note: form.note.clone(),
            },
            Err(_) => {
                return Err(ctx.error_page(AppError::bad_field(
                    "to",
                    "required",
                    "choose the movement entity to forward the inquiry to",
                )));
            }
        },
        "decline" => InquiryDecisionBody::Decline {
            reason: form.reason.clone(),
        },
        other => {
            return Err(ctx.error_page(AppError::bad_field(
                "decision",
                "unknown_value",
                format!("`{other}` is not accept, forward or decline"),
            )));
        }
    };
    let done = decide(&state, &ctx.viewer, InquiryId(key.id), |_| base, body).await;
    match done {
        Ok((_, inquiry)) => {
            if let Some(a) = inquiry.accepted {
                return see_other(&format!("/partnerships/{}", a.partnership), None);
            }
            let still_seen = ctx.viewer.may_on(Action::Read, &inquiry) == Decision::Allow;
            if still_seen {
                see_other(&super::path_of(key), None)
            } else {
                see_other("/inbox", None)
            }
        }
        Err(e) => finish(&ctx, &state, key, Err(e)).await,
    }
}
