//! The front door through the API (issue #13, item 3). `POST /api/v1/inquiries` takes an
//! organisation's inquiry from anyone, with or without an account, counted against the
//! database's anonymous-write limit of the client's address; routing picks the movement entity
//! it goes to, and the inquirer gets a private status link (a secret the store keeps only as
//! its hash). The entity's stewards (and admins) see it, with its contact, and decide it with
//! `POST /api/v1/inquiries/{id}/decision`: accept (the prospect organisation matched in the
//! registry or created, and an `idea` partnership, written with the inquiry in one
//! transaction), forward to another entity with a note, or decline with a reason. `GET
//! /api/v1/inquiries/status/{secret}` is the inquirer's view: where it stands, nothing else.
//! The pages call [`receive`], [`decide`] and [`public_status`] too.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use concord_domain::inquiry::{Accepted, InquiryDecision, NotDecidable};
use concord_domain::partnership::Party;
use concord_domain::revision::RevisionAction;
use concord_domain::text::Translatable;
use concord_domain::{
    Action, Inquiry, InquiryForm, InquiryId, InquiryStatus, Organisation, OrganisationId,
    Partnership, PartnershipId, Problem, Record, RecordKind, RelationshipStatus, RevisionId,
    ValidationErrors, Viewer, Visibility, Vocabulary,
};
use concord_store::token::{generate_secret, hash_secret};
use concord_store::{StoreExt, new_id};
use serde::{Deserialize, Serialize};

use super::headers::{json_response, record_response};
use super::routing;
use super::support::{self, check_new, edit, key, redacted, stored_record, write_error};
use super::workflow::{MAX_REASON_CHARS, open_record};
use crate::auth::throttle;
use crate::error::AppError;
use crate::extract::{ApiViewer, ClientAddress, IfMatch, JsonBody, PathId, PathSecret};
use crate::state::AppState;

/// The author of an inquiry sent without an account, in its history.
pub const FRONT_DOOR: &str = "front door";

/// What the inquirer gets back.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Received {
    /// The inquiry.
    pub id: InquiryId,
    /// The secret of its status link; shown once, kept only as its hash.
    pub secret: String,
    /// Where the inquirer follows it: the page `/inquiries/status/{secret}`.
    pub status_link: String,
    /// The movement entity it went to.
    pub routed_to: OrganisationId,
    /// That entity's name.
    pub routed_to_name: String,
    /// Why routing chose it: "routed to Wikimedia Sverige: national, Content / GLAM, country SE".
    pub explanation: String,
}

/// `POST /api/v1/inquiries`: takes an inquiry from anyone; 201 with what [`Received`] holds.
pub async fn submit(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    ClientAddress(address): ClientAddress,
    JsonBody(form): JsonBody<InquiryForm>,
) -> Result<Response, AppError> {
    let received = receive(&state, &viewer, address.as_deref(), form).await?;
    let mut response = json_response(StatusCode::CREATED, &received)?;
    let location = format!("/api/v1/inquiries/status/{}", received.secret);
    let location = HeaderValue::from_str(&location).map_err(AppError::internal)?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// Counts the write against `address`, checks `form` as given (the API takes what its
/// document states; the page trims what people type first), routes it and stores it, its
/// status link's secret as a hash; what the inquirer is told.
pub async fn receive(
    state: &AppState,
    viewer: &Viewer,
    address: Option<&str>,
    form: InquiryForm,
) -> Result<Received, AppError> {
    throttle::count_anonymous_write(&*state.store, &state.auth, address).await?;
    let vocabularies = state.store.vocabularies().await?;
    form.check(&vocabularies)?;
    // Routed among the entities anyone may see: the inquirer is told which one has it.
    let request = routing::request(&form.area, None, Some(&form.country));
    let routed = routing::route(state, &Viewer::anonymous(), &request).await?;
    let Some(chosen) = routed.first() else {
        return Err(AppError::Conflict(
            "there is no movement entity to send an inquiry to: an admin must first register \
             the Foundation (an organisation whose movement entity kind is `foundation`)"
                .into(),
        ));
    };
    let secret = generate_secret();
    let inquiry = Inquiry::received(
        InquiryId::from(new_id()),
        form,
        chosen.entity.id,
        hash_secret(&secret),
    );
    let author = match viewer.name {
        Some(_) => viewer.clone(),
        None => Viewer {
            name: Some(FRONT_DOOR.to_owned()),
            ..Viewer::anonymous()
        },
    };
    state
        .store
        .create_record(&author, &inquiry, "received through the front door")
        .await?;
    support::refresh_search(state).await;
    if let Some(mail) = &state.mail {
        mail.received(&inquiry, &secret, &chosen.entity.name);
    }
    Ok(Received {
        id: inquiry.id,
        status_link: format!("/inquiries/status/{secret}"),
        secret,
        routed_to: chosen.entity.id,
        routed_to_name: chosen.entity.name.clone(),
        explanation: routing::explain(chosen, &vocabularies),
    })
}

/// What the inquirer sees at their status link: nothing of who in the movement wrote what.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct InquiryStatusView {
    /// The organisation, as they typed it.
    pub organisation: String,
    /// Where it stands.
    pub status: InquiryStatus,
    /// The movement entity that has it now (none when it is one the public may not see).
    pub with: Option<String>,
    /// The entities it was forwarded to, oldest first (those the public may see).
    pub forwarded_to: Vec<String>,
    /// Why it was declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The language they wrote in.
    pub language: String,
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/inquiries/status/{secret}`: where the inquiry of that status link stands; 404
/// for any other secret.
pub async fn status(
    State(state): State<AppState>,
    PathSecret(secret): PathSecret,
) -> Result<Response, AppError> {
    let (_, view) = public_status(&state, &secret).await?;
    json_response(StatusCode::OK, &view)
}

/// The inquiry whose status link has `secret`, and what its inquirer may read of it; 404 when
/// there is none (or it was deleted).
pub async fn public_status(
    state: &AppState,
    secret: &str,
) -> Result<(Inquiry, InquiryStatusView), AppError> {
    if secret.len() > 200 {
        return Err(AppError::NotFound);
    }
    let wanted = Inquiry::access_key(&hash_secret(secret));
    let found = state
        .store
        .find_by_match_keys(RecordKind::Inquiry, std::slice::from_ref(&wanted))
        .await?;
    let Some((_, record, _)) = found.into_iter().find(|(k, _, _)| *k == wanted) else {
        return Err(AppError::NotFound);
    };
    let system = Viewer::system(FRONT_DOOR);
    let doc = state.store.get(&system, record).await?;
    if doc.deleted {
        return Err(AppError::NotFound);
    }
    let inquiry: Inquiry = stored_record(doc.body)?;
    let history = state.store.history(&system, record).await?;
    let updated_at = history.first().map_or_else(Utc::now, |r| r.at);
    let received_at = history.last().map_or(updated_at, |r| r.at);
    let mut forwarded_to = Vec::new();
    for f in &inquiry.forwarded {
        forwarded_to.extend(public_name(state, f.to).await?);
    }
    let view = InquiryStatusView {
        organisation: inquiry.organisation.clone(),
        status: inquiry.status,
        with: public_name(state, inquiry.routed_to).await?,
        forwarded_to,
        reason: inquiry.reason.clone(),
        language: inquiry.language.clone(),
        received_at,
        updated_at,
    };
    Ok((inquiry, view))
}

/// The name of organisation `id` if anyone may see it.
async fn public_name(state: &AppState, id: OrganisationId) -> Result<Option<String>, AppError> {
    match state
        .store
        .get(&Viewer::anonymous(), key::<Organisation>(id))
        .await
    {
        Ok(doc) if !doc.deleted => Ok(Some(stored_record::<Organisation>(doc.body)?.name)),
        Ok(_) | Err(concord_store::StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A steward's decision on an inquiry.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(tag = "decision", rename_all = "snake_case", deny_unknown_fields)]
pub enum InquiryDecisionBody {
    /// Accept it: the organisation is matched in the registry (by its name in its country) or created with `organisation_kind`, and an `idea` partnership of the routed
    /// entity (lead) and it (partner) is created, visible to the movement's members (so the
    /// approvers and veto holders a policy names see it; the contact stays on the inquiry).
    Accept {
        /// A term of `organisation_kind`, for an organisation the registry does not hold yet.
        organisation_kind: String,
        /// A term of `partnership_kind` (`partnership` when left out).
        #[serde(default)]
        partnership_kind: Option<String>,
    },
    /// Forward it to another movement entity, with a note for its stewards.
    Forward {
        /// The movement entity.
        to: OrganisationId,
        /// Why.
        note: String,
    },
    /// Decline it, with a reason the inquirer reads.
    Decline {
        /// Why.
        reason: String,
    },
}

/// `POST /api/v1/inquiries/{id}/decision`: the viewer's decision; needs `If-Match` and a
/// steward of the entity it is routed to (or an admin).
pub async fn decide_handler(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<InquiryId>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<InquiryDecisionBody>,
) -> Result<Response, AppError> {
    let (revision, inquiry) = decide(&state, &viewer, id, |c| if_match.base(c), body).await?;
    record_response(StatusCode::OK, revision, &redacted(inquiry, &viewer)?)
}

/// Applies `viewer`'s decision on inquiry `id` on the base `base` picks: the inquiry's new
/// revision (action `decision`) and the inquiry as it now is.
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    id: InquiryId,
    base: impl FnOnce(RevisionId) -> RevisionId,
    body: InquiryDecisionBody,
) -> Result<(RevisionId, Inquiry), AppError> {
    let what = "deciding on this inquiry";
    let (mut inquiry, base) =
        open_record::<Inquiry>(state, viewer, id, Action::Edit, what, base).await?;
    if inquiry.status != InquiryStatus::New {
        return Err(refusal(NotDecidable::Decided));
    }
    let revision = match body {
        InquiryDecisionBody::Accept {
            organisation_kind,
            partnership_kind,
        } => {
            let kind = partnership_kind.unwrap_or_else(|| "partnership".to_owned());
            accept(state, viewer, &mut inquiry, base, &organisation_kind, &kind).await?
        }
        InquiryDecisionBody::Forward { to, note } => {
            let mut errors = ValidationErrors::default();
            errors.limit("note", &note, MAX_REASON_CHARS);
            errors.into_result()?;
            let name = movement_entity(state, viewer, to).await?;
            inquiry
                .decide(InquiryDecision::Forward {
                    to,
                    note: note.clone(),
                })
                .map_err(refusal)?;
            let summary = format!("forwarded to {name}: {}", note.trim());
            let action = RevisionAction::Decision;
            support::save_as(state, viewer, &inquiry, base, action, summary).await?
        }
        InquiryDecisionBody::Decline { reason } => {
            let mut errors = ValidationErrors::default();
            errors.limit("reason", &reason, MAX_REASON_CHARS);
            errors.into_result()?;
            inquiry
                .decide(InquiryDecision::Decline {
                    reason: reason.clone(),
                })
                .map_err(refusal)?;
            let summary = format!("declined: {}", reason.trim());
            let action = RevisionAction::Decision;
            support::save_as(state, viewer, &inquiry, base, action, summary).await?
        }
    };
    support::refresh_search(state).await;
    if let Some(mail) = &state.mail {
        mail.decided(
            &inquiry,
            public_name(state, inquiry.routed_to).await?.as_deref(),
        );
    }
    Ok((revision, inquiry))
}

/// The name of movement entity `id`, or a 422 naming `to` when it is no movement entity
/// `viewer` may see.
async fn movement_entity(
    state: &AppState,
    viewer: &Viewer,
    id: OrganisationId,
) -> Result<String, AppError> {
    let doc = state.store.get(viewer, key::<Organisation>(id)).await;
    let org = match doc {
        Ok(doc) if !doc.deleted => Some(stored_record::<Organisation>(doc.body)?),
        Ok(_) | Err(concord_store::StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    match org {
        Some(org) if org.movement_entity.is_some() => Ok(org.name),
        // A reference to no movement entity, as a reference to no record is.
        _ => {
            let mut errors = ValidationErrors::default();
            errors.add(
                "to",
                Problem::MissingReference {
                    kind: "movement entity".into(),
                    id: id.to_string(),
                },
            );
            Err(errors.into())
        }
    }
}

/// Accepts `inquiry`: the organisation matched (one `viewer` may see) or created, an `idea`
/// partnership, and the inquiry saying so, in one transaction.
async fn accept(
    state: &AppState,
    viewer: &Viewer,
    inquiry: &mut Inquiry,
    base: RevisionId,
    organisation_kind: &str,
    partnership_kind: &str,
) -> Result<RevisionId, AppError> {
    let vocabularies = state.store.vocabularies().await?;
    let mut errors = ValidationErrors::default();
    vocabularies.check(
        &mut errors,
        "organisation_kind",
        Vocabulary::OrganisationKind,
        organisation_kind,
    );
    vocabularies.check(
        &mut errors,
        "partnership_kind",
        Vocabulary::PartnershipKind,
        partnership_kind,
    );
    errors.into_result()?;
    let prospect = prospect(inquiry, organisation_kind);
    let mut edits = Vec::new();
    let organisation = match matching(state, viewer, &prospect).await? {
        Some(id) => id,
        None => {
            check_new(
                viewer,
                Action::Create,
                &prospect,
                "creating the organisation",
            )?;
            support::validate(state, &prospect).await?;
            edits.push(edit(
                viewer,
                &prospect,
                None,
                RevisionAction::Create,
                "from an inquiry",
            )?);
            prospect.id
        }
    };
    let language = inquiry.language.clone();
    let idea = Partnership {
        summary: Translatable::one(&language, &inquiry.wants),
        areas: vec![inquiry.area.clone()],
        parties: vec![
            Party {
                organisation: inquiry.routed_to,
                role: "lead".into(),
            },
            Party {
                organisation,
                role: "partner".into(),
            },
        ],
        // The movement's members see it, so the approvers a policy names can decide on it;
        // the inquirer's contact stays on the inquiry, seen by the entity's stewards only.
        visibility: Visibility::Movement,
        ..Partnership::new(
            PartnershipId::from(new_id()),
            Translatable::one(&language, &inquiry.organisation),
            partnership_kind,
        )
    };
    check_new(viewer, Action::Create, &idea, "creating the idea")?;
    support::validate(state, &idea).await?;
    edits.push(edit(
        viewer,
        &idea,
        None,
        RevisionAction::Create,
        "from an inquiry",
    )?);
    inquiry
        .decide(InquiryDecision::Accept(Accepted {
            organisation,
            partnership: idea.id,
        }))
        .map_err(refusal)?;
    let summary = format!("accepted as an idea with {}", inquiry.organisation);
    edits.push(edit(
        viewer,
        &*inquiry,
        Some(base),
        RevisionAction::Decision,
        &summary,
    )?);
    let written = state.store.save_batch(edits).await;
    let written = written.map_err(|e| write_error::<Inquiry>(e, base, viewer))?;
    written
        .last()
        .map(|r| r.id)
        .ok_or_else(|| AppError::internal(std::io::Error::other("nothing written")))
}

/// The organisation of the registry that accepting `inquiry` would link to (else it creates
/// one), as [`matching`] finds it: what the page says before the steward accepts.
pub async fn matching_organisation(
    state: &AppState,
    viewer: &Viewer,
    inquiry: &Inquiry,
) -> Result<Option<OrganisationId>, AppError> {
    // The match keys come from the name and country, whatever the kind.
    matching(state, viewer, &prospect(inquiry, "other")).await
}

/// The organisation accepting `inquiry` adds when the registry does not hold it: a prospect of
/// `kind`, named, placed and linked as the inquirer wrote.
fn prospect(inquiry: &Inquiry, kind: &str) -> Organisation {
    Organisation {
        country: Some(inquiry.country.clone()),
        website: inquiry.website.clone(),
        relationship: RelationshipStatus::Prospect,
        ..Organisation::new(
            OrganisationId::from(new_id()),
            inquiry.organisation.clone(),
            kind,
        )
    }
}

/// The organisation of the registry `prospect` matches by its keys (identifiers, then its
/// name in its country), strongest first, among those `viewer` may see and that are not deleted.
async fn matching(
    state: &AppState,
    viewer: &Viewer,
    prospect: &Organisation,
) -> Result<Option<OrganisationId>, AppError> {
    let keys = prospect.match_keys();
    let found = state
        .store
        .find_by_match_keys(RecordKind::Organisation, &keys)
        .await?;
    for wanted in &keys {
        for (k, record, _) in &found {
            if k != wanted {
                continue;
            }
            match state.store.get(viewer, *record).await {
                Ok(doc) if !doc.deleted => return Ok(Some(OrganisationId::from(record.id))),
                Ok(_) | Err(concord_store::StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(None)
}

/// A refused decision as the API answers it.
fn refusal(r: NotDecidable) -> AppError {
    match r {
        NotDecidable::Decided => AppError::Conflict(r.to_string()),
        NotDecidable::SameEntity => {
            let mut errors = ValidationErrors::default();
            errors.add(
                "to",
                Problem::Rule {
                    rule: r.to_string(),
                },
            );
            errors.into()
        }
        NotDecidable::Required(what) => {
            let field = if what == "a note" { "note" } else { "reason" };
            let mut errors = ValidationErrors::default();
            errors.add(field, Problem::Required);
            errors.into()
        }
    }
}
