//! A partnership's workflow through the API (issue #13): the next steps it may take, taking
//! one (`POST …/transitions`, a revision naming who and why), and renewing it as a new record.
//!
//! The machine and its guards are the domain's (`concord_domain::workflow`); here the facts
//! the guards need are gathered from the store, and [`take_transition`] and [`renew`] are the
//! writes the pages call too, so both surfaces decide alike.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use concord_domain::revision::RevisionAction;
use concord_domain::workflow::red_line::Partner;
use concord_domain::workflow::{self, Blocked, Facts, Guard, RedLineOutcome, Transition};
use concord_domain::{
    Action, Organisation, Partnership, PartnershipId, PartnershipStatus, RecordKey, RevisionId,
    ValidationErrors, Viewer, Visibility,
};
use concord_store::{StoreExt, new_id};
use serde::{Deserialize, Serialize};

use super::headers::{json_response, record_response};
use super::support::{self, check_base, check_new, check_stored, key, redacted, stored_record};
use crate::error::{ApiFieldError, AppError};
use crate::extract::{ApiViewer, IfMatch, JsonBody, PathId};
use crate::state::AppState;

/// The longest reason a transition takes, in characters.
pub const MAX_REASON_CHARS: usize = 2_000;

/// The body of `POST /api/v1/partnerships/{id}/transitions`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionBody {
    /// The step to take.
    pub transition: Transition,
    /// Why: the revision's summary (required, at most 2,000 characters).
    pub reason: String,
}

/// Where a partnership stands and where it may go.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NextSteps {
    /// Its status.
    pub status: PartnershipStatus,
    /// The transitions leaving that status, in workflow order.
    pub steps: Vec<NextStep>,
    /// Whether it may be renewed (`POST …/renewal`): it is active, under review, or over.
    pub renewable: bool,
}

/// One transition leaving a partnership's status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NextStep {
    /// The step.
    pub transition: Transition,
    /// The status it leads to.
    pub to: PartnershipStatus,
    /// Whether every guard holds, so it may be taken now.
    pub ready: bool,
    /// The guards not met yet, each with what to do.
    pub unmet: Vec<UnmetGuard>,
}

/// A guard that does not hold.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnmetGuard {
    /// Which.
    pub guard: Guard,
    /// What to do, in words.
    pub message: String,
}

/// What the guards of `p` need beyond the record: which parties are movement entities (read as
/// the system sees them: a rule, not a view), the red-line check and the approval (stored
/// with it), the assessment (complete once one response answers every required question)
/// and the evaluation. Evaluations do not exist yet, so nothing is evaluated.
pub async fn facts(state: &AppState, p: &Partnership) -> Result<Facts, AppError> {
    Ok(parties(state, p).await?.facts)
}

/// What a partnership's parties tell the workflow.
pub struct PartyFacts {
    /// The guards' facts (see [`facts`]).
    pub facts: Facts,
    /// The country of its first public party outside the movement, where routing looks for a
    /// lead (a party not everyone may see gives none, so no page tells where it is).
    pub partner_country: Option<String>,
    /// Its parties outside the movement, as the red-line check reads them.
    pub partners: Vec<Partner>,
}

/// Reads `p`'s parties once for the guards and for routing.
pub async fn parties(state: &AppState, p: &Partnership) -> Result<PartyFacts, AppError> {
    let system = Viewer::system("workflow");
    let keys: Vec<RecordKey> = p
        .parties
        .iter()
        .map(|party| key::<Organisation>(party.organisation))
        .collect();
    let docs = state.store.get_many(&system, &keys).await?;
    let mut movement_entities = Vec::new();
    let mut others = Vec::new();
    for doc in docs.into_iter().filter(|d| !d.deleted) {
        let org: Organisation = stored_record(doc.body)?;
        if org.movement_entity.is_some() {
            movement_entities.push(org.id);
        } else {
            others.push(org);
        }
    }
    let partner_country = p
        .parties
        .iter()
        .find_map(|x| others.iter().find(|o| o.id == x.organisation))
        .filter(|o| o.visibility == Visibility::Public)
        .and_then(|o| o.country.clone());
    let partners = others
        .iter()
        .map(|o| Partner {
            id: o.id,
            kind: o.kind.clone(),
        })
        .collect();
    let red_lines = p
        .red_lines
        .as_ref()
        .map_or(RedLineOutcome::Unchecked, |c| c.outcome);
    let (approvals_missing, vetoes) = p
        .approval
        .as_ref()
        .map_or((0, 0), |a| (a.missing().len(), a.vetoes().len()));
    Ok(PartyFacts {
        facts: Facts {
            movement_entities,
            red_lines,
            approvals_missing,
            vetoes,
            assessment_complete: p.assessment.as_ref().is_some_and(|a| a.is_complete()),
            ..Facts::default()
        },
        partner_country,
        partners,
    })
}

/// Where `p` may go, given `facts`.
pub fn next_steps(p: &Partnership, facts: &Facts) -> NextSteps {
    let steps = workflow::next_steps(p, facts)
        .into_iter()
        .map(|(transition, unmet)| NextStep {
            transition,
            to: transition.edge().1,
            ready: unmet.is_empty(),
            unmet: unmet
                .into_iter()
                .map(|guard| UnmetGuard {
                    guard,
                    message: guard.what_to_do().to_owned(),
                })
                .collect(),
        })
        .collect();
    NextSteps {
        status: p.status,
        steps,
        renewable: workflow::renewable(p.status),
    }
}

/// `GET /api/v1/partnerships/{id}/transitions`: the partnership's status and next steps.
pub async fn list(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
) -> Result<Response, AppError> {
    let stored = state.store.get_record::<Partnership>(&viewer, id).await?;
    if stored.deleted {
        return Err(AppError::Gone {
            revision: stored.revision,
        });
    }
    let facts = facts(&state, &stored.record).await?;
    json_response(StatusCode::OK, &next_steps(&stored.record, &facts))
}

/// `POST /api/v1/partnerships/{id}/transitions`: takes a step; needs `If-Match`.
pub async fn take(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<TransitionBody>,
) -> Result<Response, AppError> {
    let (revision, record) = take_transition(
        &state,
        &viewer,
        id,
        |current| if_match.base(current),
        body.transition,
        &body.reason,
    )
    .await?;
    support::refresh_search(&state).await;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Takes `transition` on partnership `id` for `viewer`, on the base revision `base` picks from
/// the latest; the new revision (action `transition`, summary `reason`) and the partnership as
/// it now is. Taking a step is an edit: an admin or a steward of a party may. Proposing runs
/// the red-line check, starting the assessment sets its questions, and requesting approval
/// names the approvers and veto holders from the approval policies, each stored in the same
/// revision.
pub async fn take_transition(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    base: impl FnOnce(RevisionId) -> RevisionId,
    transition: Transition,
    reason: &str,
) -> Result<(RevisionId, Partnership), AppError> {
    let (mut record, base) = open(
        state,
        viewer,
        id,
        Action::Edit,
        "taking a step of this partnership's workflow",
        base,
    )
    .await?;
    check_reason(reason)?;
    let read = parties(state, &record).await?;
    record.status = workflow::check(&record, transition, &read.facts)
        .map_err(|blocked| blocked_error(transition, &blocked))?;
    match transition {
        Transition::Propose => {
            let checked = super::red_lines::check_over(state, &record, &read.partners).await?;
            record.red_lines = Some(checked);
        }
        Transition::Assess => {
            record.assessment = Some(super::assessments::start(state).await?);
        }
        Transition::RequestApproval => {
            record.approval = Some(super::approvals::request(state, &record).await?);
        }
        _ => {}
    }
    let summary = reason.trim().to_owned();
    let action = RevisionAction::Transition;
    let revision = support::save_as(state, viewer, &record, base, action, summary).await?;
    Ok((revision, record))
}

/// Partnership `id` as stored, once `viewer` may take `action` on it (`what` names the action
/// in a refusal; a hidden one is 404), and the base revision `base` picks, which must be its
/// latest (412) and not deleted (410): how every write of the workflow begins.
pub(crate) async fn open(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    action: Action,
    what: &str,
    base: impl FnOnce(RevisionId) -> RevisionId,
) -> Result<(Partnership, RevisionId), AppError> {
    open_record::<Partnership>(state, viewer, id, action, what, base).await
}

/// [`open`] for a record of any kind (an inquiry's decision begins the same way).
pub(crate) async fn open_record<R: concord_domain::Record>(
    state: &AppState,
    viewer: &Viewer,
    id: R::Id,
    action: Action,
    what: &str,
    base: impl FnOnce(RevisionId) -> RevisionId,
) -> Result<(R, RevisionId), AppError> {
    let doc = state.store.get(viewer, key::<R>(id)).await?;
    check_stored(viewer, action, &doc, what)?;
    let base = base(doc.revision);
    check_base::<R>(&doc, base, viewer)?;
    Ok((stored_record(doc.body)?, base))
}

/// A reason is required and bounded.
pub(crate) fn check_reason(reason: &str) -> Result<(), AppError> {
    let mut errors = ValidationErrors::default();
    if reason.trim().is_empty() {
        errors.add("reason", concord_domain::Problem::Required);
    }
    errors.limit("reason", reason, MAX_REASON_CHARS);
    errors.into_result().map_err(AppError::from)
}

/// The 409 of a transition that cannot be taken: each unmet guard, or where it leads from.
fn blocked_error(transition: Transition, blocked: &Blocked) -> AppError {
    let errors = match blocked {
        Blocked::NotFrom(status) => vec![ApiFieldError::new(
            "transition",
            "not_from_status",
            format!(
                "leads from `{}`; this partnership is `{}`",
                transition.edge().0.as_str(),
                status.as_str()
            ),
        )],
        Blocked::Unmet(guards) => guards
            .iter()
            .map(|g| ApiFieldError::new("transition", g.as_str(), g.what_to_do()))
            .collect(),
    };
    AppError::Blocked {
        detail: blocked.describe(transition),
        errors,
    }
}

/// `POST /api/v1/partnerships/{id}/renewal`: creates the partnership's renewal, a new idea
/// linked to it (`renews`); 201 with `Location`.
pub async fn renewal(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
) -> Result<Response, AppError> {
    let (revision, record) = renew(&state, &viewer, id, "renewed with the API").await?;
    support::refresh_search(&state).await;
    let mut response = record_response(
        StatusCode::CREATED,
        revision,
        &redacted(record.clone(), &viewer)?,
    )?;
    let location = format!("/api/v1/partnerships/{}", record.id);
    let location = HeaderValue::from_str(&location).map_err(AppError::internal)?;
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// Creates the renewal of partnership `id` for `viewer` (who may edit it, and create the new
/// one): its revision and the new partnership. Only an active, reviewed or ended partnership
/// is renewed (409 otherwise).
pub async fn renew(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    summary: &str,
) -> Result<(RevisionId, Partnership), AppError> {
    let doc = state.store.get(viewer, key::<Partnership>(id)).await?;
    check_stored(viewer, Action::Edit, &doc, "renewing this partnership")?;
    if doc.deleted {
        return Err(AppError::Gone {
            revision: doc.revision,
        });
    }
    let old: Partnership = stored_record(doc.body)?;
    if !workflow::renewable(old.status) {
        return Err(AppError::Conflict(format!(
            "a partnership is renewed once it is active, under review, concluded or \
             terminated; this one is `{}`",
            old.status.as_str()
        )));
    }
    let new = workflow::renewal(&old, PartnershipId(new_id()));
    check_new(viewer, Action::Create, &new, "creating the renewal")?;
    support::validate(state, &new).await?;
    let revision = state.store.create_record(viewer, &new, summary).await?;
    Ok((revision, new))
}
