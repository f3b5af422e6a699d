//! What a partnership waits for from one person (issue #13, item 7): an approval or a veto
//! holder's decision pending on their account, or a red-line escalation that they, as an
//! approver or admin, may clear. The inbox lists every partnership for which this is not empty.

use serde::{Deserialize, Serialize};

use super::RedLineOutcome;
use super::approval::Verdict;
use crate::authz::{Action, Decision};
use crate::partnership::{Partnership, PartnershipStatus};
use crate::visibility::Viewer;

/// Something a partnership waits for from the viewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// Their approval: they must approve and have not (yet, or any more).
    Approval,
    /// Their decision as a veto holder: they have not decided yet.
    Veto,
    /// A red-line escalation to clear (they are an approver or admin).
    Escalation,
}

impl Waiting {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Waiting::Approval => "approval",
            Waiting::Veto => "veto",
            Waiting::Escalation => "escalation",
        }
    }
}

/// The statuses in which a partnership may wait for someone: proposed, being assessed,
/// awaiting approval.
pub const IN_FLIGHT: [PartnershipStatus; 3] = [
    PartnershipStatus::Proposed,
    PartnershipStatus::Assessing,
    PartnershipStatus::AwaitingApproval,
];

/// What `p` waits for from `viewer`, in this order: approval, veto, escalation.
pub fn waiting_on(p: &Partnership, viewer: &Viewer) -> Vec<Waiting> {
    let mut out = Vec::new();
    if let (Some(account), Some(a), PartnershipStatus::AwaitingApproval) =
        (viewer.account, &p.approval, p.status)
    {
        if a.approvers.contains(&account)
            && a.standing(account)
                .is_none_or(|d| d.verdict != Verdict::Approve)
        {
            out.push(Waiting::Approval);
        }
        if a.veto_holders.contains(&account) && a.standing(account).is_none() {
            out.push(Waiting::Veto);
        }
    }
    let escalated = p
        .red_lines
        .as_ref()
        .is_some_and(|c| c.outcome == RedLineOutcome::Escalate);
    if escalated
        && IN_FLIGHT.contains(&p.status)
        && viewer.may_on(Action::Decide, p) == Decision::Allow
    {
        out.push(Waiting::Escalation);
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use uuid::Uuid;

    use super::*;
    use crate::text::Translatable;
    use crate::workflow::approval::{Approval, DecisionEntry};
    use crate::workflow::red_line::Checked;
    use crate::{AccountId, PartnershipId, Role, Scope};

    const BOARD: AccountId = AccountId(Uuid::from_u128(1));
    const LEGAL: AccountId = AccountId(Uuid::from_u128(2));

    fn viewer(account: AccountId, roles: &[Role]) -> Viewer {
        Viewer {
            account: Some(account),
            scope: Scope::Admin,
            ..Viewer::with_roles("someone", roles.iter().cloned())
        }
    }

    fn awaiting() -> Partnership {
        let mut p = Partnership::new(
            PartnershipId(Uuid::from_u128(9)),
            Translatable::one("en", "Scans"),
            "partnership",
        );
        p.status = PartnershipStatus::AwaitingApproval;
        p.approval = Some(Approval {
            approvers: vec![BOARD],
            veto_holders: vec![LEGAL],
            ..Approval::default()
        });
        p
    }

    fn decide(p: &mut Partnership, by: AccountId, verdict: Verdict) {
        let a = p.approval.as_mut().unwrap();
        a.decisions.push(DecisionEntry {
            by,
            name: String::new(),
            verdict,
            rationale: "why".into(),
            at: DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default(),
        });
    }

    #[test]
    fn approvals_and_vetoes_wait_on_the_named_until_they_decide() {
        let board = viewer(BOARD, &[Role::Approver]);
        let legal = viewer(LEGAL, &[Role::Approver]);
        let mut p = awaiting();
        assert_eq!(waiting_on(&p, &board), [Waiting::Approval]);
        assert_eq!(waiting_on(&p, &legal), [Waiting::Veto]);
        decide(&mut p, BOARD, Verdict::Abstain);
        assert_eq!(
            waiting_on(&p, &board),
            [Waiting::Approval],
            "abstaining is not approving"
        );
        decide(&mut p, BOARD, Verdict::Approve);
        decide(&mut p, LEGAL, Verdict::Veto);
        assert!(waiting_on(&p, &board).is_empty());
        assert!(
            waiting_on(&p, &legal).is_empty(),
            "a veto holder who decided waits for nothing"
        );
        p.status = PartnershipStatus::Approved;
        p.approval.as_mut().unwrap().decisions.clear();
        assert!(
            waiting_on(&p, &board).is_empty(),
            "only while it awaits approval"
        );
    }

    #[test]
    fn an_escalation_waits_on_those_who_may_clear_it_while_in_flight() {
        let mut p = awaiting();
        p.status = PartnershipStatus::Assessing;
        p.red_lines = Some(Checked {
            outcome: RedLineOutcome::Escalate,
            fired: Vec::new(),
            cleared: None,
        });
        let approver = viewer(AccountId(Uuid::from_u128(5)), &[Role::Approver]);
        let member = viewer(AccountId(Uuid::from_u128(6)), &[Role::Member]);
        assert_eq!(waiting_on(&p, &approver), [Waiting::Escalation]);
        assert!(waiting_on(&p, &member).is_empty());
        p.red_lines.as_mut().unwrap().outcome = RedLineOutcome::Cleared;
        assert!(waiting_on(&p, &approver).is_empty());
        p.red_lines.as_mut().unwrap().outcome = RedLineOutcome::Escalate;
        p.status = PartnershipStatus::Declined;
        assert!(
            waiting_on(&p, &approver).is_empty(),
            "a declined one waits for nobody"
        );
    }
}
