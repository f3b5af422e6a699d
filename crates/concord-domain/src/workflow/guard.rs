//! What each transition needs (DESIGN.md, "The workflow"): proposed needs a lead movement
//! entity and a partner; awaiting approval a completed assessment and a red-line check that
//! passed or was escalated and cleared; approved every required approval and no standing veto;
//! active an instrument and obligations each with a party and a due date; concluded an
//! evaluation.

use serde::{Deserialize, Serialize};

use super::transition::Transition;
use crate::OrganisationId;
use crate::partnership::Partnership;

/// One condition of a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Guard {
    /// A party with the role `lead` that is a movement entity.
    LeadEntity,
    /// A party outside the movement.
    Partner,
    /// The assessment is complete.
    Assessment,
    /// The red-line check passed, or escalated and was cleared.
    RedLines,
    /// Every required approver approved.
    Approvals,
    /// No veto stands.
    NoVeto,
    /// An instrument is named.
    Instrument,
    /// At least one obligation, each with a due date (its party is checked on every write).
    Obligations,
    /// An evaluation is recorded.
    Evaluation,
}

/// The red-line check's outcome, as stored with the partnership.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RedLineOutcome {
    /// Not run yet.
    #[default]
    Unchecked,
    /// No rule fired.
    Pass,
    /// A rule asks for a review; not cleared yet.
    Escalate,
    /// Escalated, and cleared by whoever may.
    Cleared,
    /// A rule forbids it.
    Block,
}

/// What the guards need beyond the partnership record, gathered by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// The parties that are movement entities.
    pub movement_entities: Vec<OrganisationId>,
    /// The red-line check.
    pub red_lines: RedLineOutcome,
    /// Whether the assessment is complete.
    pub assessment_complete: bool,
    /// Required approvers who have not approved yet.
    pub approvals_missing: usize,
    /// Vetoes standing (not withdrawn).
    pub vetoes: usize,
    /// Whether an evaluation is recorded.
    pub evaluated: bool,
}

impl Guard {
    /// The guards of `transition`, in the order a refusal lists them.
    pub fn of(transition: Transition) -> &'static [Guard] {
        match transition {
            Transition::Propose => &[Guard::LeadEntity, Guard::Partner],
            Transition::RequestApproval => &[Guard::Assessment, Guard::RedLines],
            Transition::Approve => &[Guard::Approvals, Guard::NoVeto],
            Transition::Activate => &[Guard::Instrument, Guard::Obligations],
            Transition::Conclude => &[Guard::Evaluation],
            Transition::Assess
            | Transition::Decline
            | Transition::Review
            | Transition::Terminate => &[],
        }
    }

    /// Whether it holds for `p` given `facts`.
    pub fn met(self, p: &Partnership, facts: &Facts) -> bool {
        let entity = |id: &OrganisationId| facts.movement_entities.contains(id);
        match self {
            Guard::LeadEntity => p
                .parties
                .iter()
                .any(|x| x.role == "lead" && entity(&x.organisation)),
            Guard::Partner => p.parties.iter().any(|x| !entity(&x.organisation)),
            Guard::Assessment => facts.assessment_complete,
            Guard::RedLines => matches!(
                facts.red_lines,
                RedLineOutcome::Pass | RedLineOutcome::Cleared
            ),
            Guard::Approvals => facts.approvals_missing == 0,
            Guard::NoVeto => facts.vetoes == 0,
            Guard::Instrument => p.instrument.is_some(),
            Guard::Obligations => {
                !p.obligations.is_empty() && p.obligations.iter().all(|o| o.due.is_some())
            }
            Guard::Evaluation => facts.evaluated,
        }
    }

    /// What to do to meet it, in English (the API's message; the pages have their own in
    /// every language).
    pub fn what_to_do(self) -> &'static str {
        match self {
            Guard::LeadEntity => "name a movement entity as a party with the role `lead`",
            Guard::Partner => "add a party from outside the movement",
            Guard::Assessment => "complete the assessment",
            Guard::RedLines => {
                "the red-line check must pass, or an approver or admin must clear its \
                 escalation; a block stands until its cause is removed from the parties, areas \
                 or level"
            }
            Guard::Approvals => "every required approver must approve",
            Guard::NoVeto => "a veto stands: its holder must withdraw it",
            Guard::Instrument => "name the instrument (an MOU, a contract, …)",
            Guard::Obligations => "add at least one obligation, each with a due date",
            Guard::Evaluation => "record an evaluation; Concord does not record evaluations yet",
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Guard::LeadEntity => "lead_entity",
            Guard::Partner => "partner",
            Guard::Assessment => "assessment",
            Guard::RedLines => "red_lines",
            Guard::Approvals => "approvals",
            Guard::NoVeto => "no_veto",
            Guard::Instrument => "instrument",
            Guard::Obligations => "obligations",
            Guard::Evaluation => "evaluation",
        }
    }
}
