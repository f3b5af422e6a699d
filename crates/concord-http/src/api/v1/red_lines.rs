//! A partnership's red-line check through the API (issue #13, item 4): the check runs when the
//! partnership is proposed ([`super::workflow::take_transition`]) and whenever an edit changes
//! its parties, areas or level ([`recheck`]), and is stored with it (`Partnership::red_lines`).
//! `GET …/red-lines` shows the stored check beside the check as today's rules would give it,
//! `POST …/red-lines` runs it again (after the rules changed), and `POST
//! …/red-lines/clearance` clears an escalation with a rationale (approvers and admins).
//!
//! The check always reads every rule and every party as the system sees them (a rule is a
//! rule, whoever asks); what a reader gets back names only the rules they may see.

use std::any::Any;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use concord_domain::revision::RevisionAction;
use concord_domain::workflow::RedLineOutcome;
use concord_domain::workflow::red_line::{
    self, Checked, Clearance, Consequence, NotClearable, Partner,
};
use concord_domain::{
    Action, OrganisationId, Partnership, PartnershipId, Record, RedLine, RedLineId, RevisionId,
    Viewer,
};
use concord_store::StoreExt;
use serde::{Deserialize, Serialize};

use super::headers::{json_response, record_response};
use super::support::{self, redacted};
use super::workflow::{check_reason, open, parties};
use crate::error::AppError;
use crate::extract::{ApiViewer, IfMatch, JsonBody, PathId};
use crate::state::AppState;

/// Every red line in force (deleted ones left out), as the check reads them.
pub async fn rules(state: &AppState) -> Result<Vec<RedLine>, AppError> {
    support::every::<RedLine>(state, &Viewer::system("red lines")).await
}

/// Runs `rules` over `p` and its `partners`.
pub fn run(rules: &[RedLine], p: &Partnership, partners: &[Partner]) -> Checked {
    let rules: Vec<_> = rules.iter().map(RedLine::rule).collect();
    red_line::check(&rules, p, partners)
}

/// Runs the check over `p` now, keeping a clearance that still holds (`red_line::rerun`).
pub async fn check_now(state: &AppState, p: &Partnership) -> Result<Checked, AppError> {
    check_over(state, p, &parties(state, p).await?.partners).await
}

/// [`check_now`] over `partners`, `p`'s parties outside the movement, already read.
pub async fn check_over(
    state: &AppState,
    p: &Partnership,
    partners: &[Partner],
) -> Result<Checked, AppError> {
    let rules = rules(state).await?;
    Ok(red_line::rerun(
        p.red_lines.as_ref(),
        run(&rules, p, partners),
    ))
}

/// After an edit from `before` to `after` of a record of any kind: for a partnership whose
/// check has run, runs it again when the edit changed its parties, areas or level. Every edit
/// (the API's PUT and PATCH, the pages' form, a revert) calls it before writing.
pub async fn recheck<R: Record>(
    state: &AppState,
    before: &R,
    after: &mut R,
) -> Result<(), AppError> {
    // The edits are generic over the kind; only partnerships carry a check, so the others
    // pass through (`Any` rather than a trait method, since the check reads the store).
    let (Some(before), Some(after)) = (
        (before as &dyn Any).downcast_ref::<Partnership>(),
        (after as &mut dyn Any).downcast_mut::<Partnership>(),
    ) else {
        return Ok(());
    };
    if red_line::affected(before, after) {
        after.red_lines = Some(check_now(state, after).await?);
    }
    Ok(())
}

/// A rule that fired, as a reader who may see the rule gets it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FiredRule {
    /// The red line.
    pub rule: RedLineId,
    /// Its name.
    pub name: String,
    /// What it does.
    pub then: Consequence,
    /// Why the line is there and what to do.
    pub message: String,
    /// The partner it fired on (none for a rule on area or level alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationId>,
}

/// A check as a reader gets it: the outcome, the rules that fired that the reader may see, and
/// the clearance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CheckView {
    /// `pass`, `escalate`, `cleared` or `block`.
    pub outcome: RedLineOutcome,
    /// The rules that fired, blocks first (those the reader may not see left out).
    pub fired: Vec<FiredRule>,
    /// Who cleared the escalation and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleared: Option<Clearance>,
}

impl CheckView {
    /// `checked` for `viewer`, naming the rules of `rules` they may see (a rule deleted since
    /// it fired is left out too).
    pub fn new(checked: &Checked, rules: &[RedLine], viewer: &Viewer) -> Self {
        let fired = checked
            .fired
            .iter()
            .filter_map(|f| {
                let rule = rules.iter().find(|r| uuid::Uuid::from(r.id) == f.rule)?;
                viewer
                    .can_see(rule.visibility, &[], &rule.readers)
                    .then(|| FiredRule {
                        rule: rule.id,
                        name: rule.name.clone(),
                        then: f.then,
                        message: rule.message.clone(),
                        organisation: f.organisation,
                    })
            })
            .collect();
        Self {
            outcome: checked.outcome,
            fired,
            cleared: checked.cleared.clone(),
        }
    }
}

/// `GET /api/v1/partnerships/{id}/red-lines`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RedLines {
    /// The check stored with the partnership; none before it is proposed.
    pub stored: Option<CheckView>,
    /// The check as today's rules and parties give it (for an idea: what proposing it would
    /// store).
    pub now: CheckView,
    /// Whether the stored check is today's (`false` when the rules changed since, or it has
    /// not run): `POST …/red-lines` stores `now`.
    pub current: bool,
}

/// The stored check of `p` and today's, for `viewer`.
pub async fn report(
    state: &AppState,
    viewer: &Viewer,
    p: &Partnership,
) -> Result<RedLines, AppError> {
    let (rules, parties) = tokio::try_join!(rules(state), parties(state, p))?;
    Ok(report_of(&rules, p, &parties.partners, viewer))
}

/// The stored check of `p` and the check `rules` give over its `partners`, for `viewer`.
pub fn report_of(
    rules: &[RedLine],
    p: &Partnership,
    partners: &[Partner],
    viewer: &Viewer,
) -> RedLines {
    let now = red_line::rerun(p.red_lines.as_ref(), run(rules, p, partners));
    RedLines {
        stored: p
            .red_lines
            .as_ref()
            .map(|c| CheckView::new(c, rules, viewer)),
        current: p.red_lines.as_ref() == Some(&now),
        now: CheckView::new(&now, rules, viewer),
    }
}

/// `GET /api/v1/partnerships/{id}/red-lines`.
pub async fn show(
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
    json_response(
        StatusCode::OK,
        &report(&state, &viewer, &stored.record).await?,
    )
}

/// `POST /api/v1/partnerships/{id}/red-lines`: runs the check again and stores it; needs
/// `If-Match`.
pub async fn run_again(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
    if_match: IfMatch,
) -> Result<Response, AppError> {
    let (revision, record) = store_check(&state, &viewer, id, |c| if_match.base(c)).await?;
    support::refresh_search(&state).await;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Runs partnership `id`'s check again for `viewer` (who may edit it) on the base `base` picks,
/// and stores it: its revision and the partnership as it now is. The pages call it too.
pub async fn store_check(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    base: impl FnOnce(RevisionId) -> RevisionId,
) -> Result<(RevisionId, Partnership), AppError> {
    let (mut record, base) = open(
        state,
        viewer,
        id,
        Action::Edit,
        "running this partnership's red-line check",
        base,
    )
    .await?;
    let now = check_now(state, &record).await?;
    if record.red_lines.as_ref() == Some(&now) {
        return Err(AppError::Conflict(
            "the stored red-line check is today's already: nothing changed since it ran".into(),
        ));
    }
    let summary = format!("red-line check run again: {}", outcome_name(now.outcome));
    record.red_lines = Some(now);
    let revision = support::save_as(
        state,
        viewer,
        &record,
        base,
        RevisionAction::Update,
        summary,
    )
    .await?;
    Ok((revision, record))
}

/// The body of `POST /api/v1/partnerships/{id}/red-lines/clearance`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearanceBody {
    /// Why the partnership may go ahead despite the rules that fired: the revision's summary
    /// and the clearance's reason (required, at most 2,000 characters).
    pub reason: String,
}

/// `POST /api/v1/partnerships/{id}/red-lines/clearance`: clears an escalation; needs
/// `If-Match`, and an approver or an admin.
pub async fn clearance(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<ClearanceBody>,
) -> Result<Response, AppError> {
    let (revision, record) = clear(&state, &viewer, id, |c| if_match.base(c), &body.reason).await?;
    support::refresh_search(&state).await;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Clears the escalation of partnership `id` for `viewer` (an approver or admin who may see
/// it) on the base `base` picks, for `reason`: its revision (action `decision`) and the
/// partnership as it now is. The pages call it too.
pub async fn clear(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    base: impl FnOnce(RevisionId) -> RevisionId,
    reason: &str,
) -> Result<(RevisionId, Partnership), AppError> {
    let (mut record, base) = open(
        state,
        viewer,
        id,
        Action::Decide,
        "clearing a red-line escalation",
        base,
    )
    .await?;
    check_reason(reason)?;
    let by = viewer.name.clone().unwrap_or_default();
    let cleared = red_line::clear(record.red_lines.as_ref(), &by, reason)
        .map_err(|e: NotClearable| AppError::Conflict(e.to_string()))?;
    record.red_lines = Some(cleared);
    let summary = reason.trim().to_owned();
    let action = RevisionAction::Decision;
    let revision = support::save_as(state, viewer, &record, base, action, summary).await?;
    Ok((revision, record))
}

/// The wire name of an outcome.
pub fn outcome_name(outcome: RedLineOutcome) -> &'static str {
    match outcome {
        RedLineOutcome::Unchecked => "unchecked",
        RedLineOutcome::Pass => "pass",
        RedLineOutcome::Escalate => "escalate",
        RedLineOutcome::Cleared => "cleared",
        RedLineOutcome::Block => "block",
    }
}
