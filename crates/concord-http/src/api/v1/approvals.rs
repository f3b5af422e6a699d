//! A partnership's approval through the API (issue #13, item 6): requesting approval gives the
//! partnership its approvers and veto holders from the approval policies in force
//! ([`request`], called by the `request_approval` step), and `POST
//! /api/v1/partnerships/{id}/decisions` records one decision of a named account: approve,
//! veto (with a rationale), abstain, or withdraw one's veto. Each decision is a revision
//! (action `decision`) and stays in the partnership for whoever may see it.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use concord_domain::revision::RevisionAction;
use concord_domain::workflow::approval::{Approval, DecisionEntry, Refused, Verdict};
use concord_domain::{
    AccountId, Action, ApprovalPolicy, Partnership, PartnershipId, PartnershipStatus, Problem,
    Record, RevisionId, Role, ValidationErrors, Viewer,
};
use serde::Deserialize;

use super::headers::record_response;
use super::support::{self, redacted};
use super::workflow::MAX_REASON_CHARS;
use super::workflow::open;
use crate::error::AppError;
use crate::extract::{ApiViewer, IfMatch, JsonBody, PathId};
use crate::state::AppState;

/// The approval the policies in force give `p` when approval is requested.
pub async fn request(state: &AppState, p: &Partnership) -> Result<Approval, AppError> {
    let policies = support::every::<ApprovalPolicy>(state, &Viewer::system("approvals")).await?;
    let policies: Vec<_> = policies.iter().map(ApprovalPolicy::policy).collect();
    Ok(Approval::requested(&policies, p))
}

/// Refuses an approval policy naming an account that does not exist, is disabled, or holds
/// neither the approver nor the admin role (422 naming the entry). Other kinds pass.
pub async fn check_deciders<R: Record>(state: &AppState, record: &R) -> Result<(), AppError> {
    decider_problems(state, record)
        .await?
        .into_result()
        .map_err(AppError::from)
}

/// What [`check_deciders`] refuses, one error per account (none for other kinds), for a form
/// to show beside its field.
pub async fn decider_problems<R: Record>(
    state: &AppState,
    record: &R,
) -> Result<ValidationErrors, AppError> {
    // The writes are generic over the kind; only approval policies name accounts, which the
    // store (not the domain) knows, so the others pass through.
    let Some(policy) = (record as &dyn std::any::Any).downcast_ref::<ApprovalPolicy>() else {
        return Ok(ValidationErrors::default());
    };
    let accounts: HashMap<AccountId, _> = state
        .store
        .list_accounts()
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut errors = ValidationErrors::default();
    for (field, i, id) in policy.accounts() {
        let decides = accounts.get(&id).is_some_and(|a| {
            !a.disabled && (a.roles.contains(&Role::Approver) || a.roles.contains(&Role::Admin))
        });
        if !decides {
            errors.add(
                format!("{field}[{i}]"),
                Problem::NotADecider {
                    account: id.to_string(),
                },
            );
        }
    }
    Ok(errors)
}

/// The display names of the accounts, by id.
pub async fn names(state: &AppState) -> Result<HashMap<AccountId, String>, AppError> {
    Ok(state
        .store
        .list_accounts()
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect())
}

/// The body of `POST /api/v1/partnerships/{id}/decisions`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `approve`, `veto`, `abstain` or `withdraw` (one's own standing veto).
    pub verdict: Verdict,
    /// Why: required for a veto, at most 2,000 characters; the revision's summary.
    #[serde(default)]
    pub rationale: String,
}

/// `POST /api/v1/partnerships/{id}/decisions`: records the viewer's decision; needs
/// `If-Match`, an account named by the partnership's approval, and the approver or admin role.
pub async fn decide_handler(
    State(state): State<AppState>,
    ApiViewer(viewer): ApiViewer,
    PathId(id): PathId<PartnershipId>,
    if_match: IfMatch,
    JsonBody(body): JsonBody<DecisionBody>,
) -> Result<Response, AppError> {
    let (revision, record) = decide(
        &state,
        &viewer,
        id,
        |c| if_match.base(c),
        body.verdict,
        &body.rationale,
    )
    .await?;
    support::refresh_search(&state).await;
    record_response(StatusCode::OK, revision, &redacted(record, &viewer)?)
}

/// Records `viewer`'s `verdict` on partnership `id` on the base `base` picks: its revision
/// (action `decision`, summary the verdict and rationale) and the partnership as it now is.
/// The pages call it too.
pub async fn decide(
    state: &AppState,
    viewer: &Viewer,
    id: PartnershipId,
    base: impl FnOnce(RevisionId) -> RevisionId,
    verdict: Verdict,
    rationale: &str,
) -> Result<(RevisionId, Partnership), AppError> {
    let (mut record, base) = open(
        state,
        viewer,
        id,
        Action::Decide,
        "deciding on this partnership",
        base,
    )
    .await?;
    let mut errors = ValidationErrors::default();
    errors.limit("rationale", rationale, MAX_REASON_CHARS);
    errors.into_result()?;
    let Some(account) = viewer.account else {
        return Err(AppError::Forbidden(
            "decisions are taken by accounts: use a session or a token of your account".into(),
        ));
    };
    if record.status != PartnershipStatus::AwaitingApproval {
        return Err(AppError::Conflict(
            Refused::NotAwaiting(record.status.as_str()).to_string(),
        ));
    }
    let name = state.store.account(account).await?.display_name;
    let entry = DecisionEntry {
        by: account,
        name,
        verdict,
        rationale: rationale.to_owned(),
        at: Utc::now(),
    };
    let approval = record.approval.get_or_insert_with(Approval::default);
    approval.decide(entry).map_err(refusal)?;
    let rationale = rationale.trim();
    let summary = if rationale.is_empty() {
        verdict.as_str().to_owned()
    } else {
        format!("{}: {rationale}", verdict.as_str())
    };
    let action = RevisionAction::Decision;
    let revision = support::save_as(state, viewer, &record, base, action, summary).await?;
    Ok((revision, record))
}

/// A refused decision as the API answers it.
fn refusal(r: Refused) -> AppError {
    match r {
        Refused::NotNamed | Refused::NotVetoHolder => AppError::Forbidden(r.to_string()),
        Refused::NoRationale => {
            let mut errors = ValidationErrors::default();
            errors.add("rationale", Problem::Required);
            errors.into()
        }
        Refused::NotAwaiting(_) | Refused::NoVeto => AppError::Conflict(r.to_string()),
    }
}
