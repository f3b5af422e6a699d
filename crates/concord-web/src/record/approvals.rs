//! The approval on a partnership's page: who must approve and who may veto, where each of them
//! stands, every decision with its rationale (so veto holders are accountable to whoever may
//! see the partnership), and the form with which a named account decides (`POST
//! /partnerships/<id>/decisions`; the API's `approvals::decide`).

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use concord_domain::workflow::approval::{Approval, Verdict};
use concord_domain::{
    AccountId, Action, Partnership, PartnershipId, PartnershipStatus, RevisionId, Viewer,
};
use concord_http::api::v1::approvals::decide;
use concord_http::error::AppError;
use concord_http::extract::{PathId, parse_revision};
use concord_http::security::CsrfForm;
use concord_http::state::AppState;
use concord_i18n::Localizer;
use serde::Deserialize;

use super::facts::moment;
use super::lifecycle::finish;
use crate::{HtmlError, PageContext};

/// A named account and where it stands.
pub struct Decider {
    /// Its name.
    pub name: String,
    /// "Approved", "Not decided yet", …
    pub standing: String,
}

/// One decision as the page lists it.
pub struct DecisionRow {
    /// When.
    pub when: String,
    /// Who.
    pub who: String,
    /// What.
    pub verdict: String,
    /// Why.
    pub rationale: String,
}

/// A choice of the decision form.
pub struct VerdictChoice {
    /// The posted value.
    pub value: &'static str,
    /// What the reader sees.
    pub label: String,
}

/// The approval section of a partnership's page; `None` before approval is requested.
pub struct Section {
    /// Who must approve.
    pub approvers: Vec<Decider>,
    /// Who may veto.
    pub veto_holders: Vec<Decider>,
    /// Every decision, oldest first.
    pub decisions: Vec<DecisionRow>,
    /// The verdicts the reader may give now (empty: no form).
    pub choices: Vec<VerdictChoice>,
}

impl Section {
    /// The section for `p` and `viewer`, naming accounts with `names`.
    pub fn new(
        t: &Localizer,
        viewer: &Viewer,
        p: &Partnership,
        names: &HashMap<AccountId, String>,
    ) -> Option<Self> {
        let a = p.approval.as_ref()?;
        let name = |id: &AccountId| {
            names
                .get(id)
                .cloned()
                .unwrap_or_else(|| t.msg("concord-approval-unknown-account"))
        };
        let deciders = |ids: &[AccountId]| {
            ids.iter()
                .map(|id| Decider {
                    name: name(id),
                    standing: match a.standing(*id) {
                        Some(d) => {
                            t.msg(&format!("concord-approval-standing-{}", d.verdict.as_str()))
                        }
                        None => t.msg("concord-approval-standing-none"),
                    },
                })
                .collect()
        };
        let decisions = a
            .decisions
            .iter()
            .map(|d| DecisionRow {
                when: moment(t, d.at),
                who: d.name.clone(),
                verdict: t.msg(&format!("concord-verdict-{}", d.verdict.as_str())),
                rationale: d.rationale.clone(),
            })
            .collect();
        Some(Self {
            approvers: deciders(&a.approvers),
            veto_holders: deciders(&a.veto_holders),
            decisions,
            choices: choices(t, viewer, p, a),
        })
    }
}

/// The verdicts `viewer` may give on `p` now: none unless it awaits approval, the viewer may
/// decide, and the approval names their account.
fn choices(t: &Localizer, viewer: &Viewer, p: &Partnership, a: &Approval) -> Vec<VerdictChoice> {
    let Some(account) = viewer.account else {
        return Vec::new();
    };
    let may = viewer.may_on(Action::Decide, p) == concord_domain::Decision::Allow;
    if !may || p.status != PartnershipStatus::AwaitingApproval || !a.names(account) {
        return Vec::new();
    }
    let holder = a.veto_holders.contains(&account);
    let vetoing = a
        .standing(account)
        .is_some_and(|d| d.verdict == Verdict::Veto);
    Verdict::ALL
        .into_iter()
        .filter(|v| match v {
            Verdict::Approve | Verdict::Abstain => true,
            Verdict::Veto => holder,
            Verdict::Withdraw => vetoing,
        })
        .map(|v| VerdictChoice {
            value: v.as_str(),
            label: t.msg(&format!("concord-verdict-{}", v.as_str())),
        })
        .collect()
}

/// The route of the decision form.
pub fn routes() -> Router<AppState> {
    Router::new().route("/partnerships/{id}/decisions", post(decision))
}

/// The fields of the decision form.
#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    base: String,
    verdict: String,
    #[serde(default)]
    rationale: String,
}

/// `POST /partnerships/<id>/decisions`: records the decision and goes back to the page; a
/// stale form is the conflict page, a refusal the error page saying why.
async fn decision(
    ctx: PageContext,
    State(state): State<AppState>,
    PathId(raw): PathId<String>,
    form: Result<CsrfForm<DecisionForm>, AppError>,
) -> Result<Response, HtmlError> {
    let form = ctx.form(form)?;
    let key = super::key_of::<Partnership>(&raw).map_err(|e| ctx.error_page(e))?;
    let verdict = Verdict::parse(&form.verdict).ok_or_else(|| {
        ctx.error_page(AppError::bad_field(
            "verdict",
            "unknown_value",
            "is not approve, veto, abstain or withdraw",
        ))
    })?;
    let base = parse_revision(&form.base).unwrap_or(RevisionId(0));
    let id = PartnershipId(key.id);
    let done = decide(&state, &ctx.viewer, id, |_| base, verdict, &form.rationale)
        .await
        .map(|(revision, _)| revision);
    finish(&ctx, &state, key, done).await
}
