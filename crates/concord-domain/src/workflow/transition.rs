//! The status machine: which transitions leave which status, and where they lead.

use serde::{Deserialize, Serialize};

use super::guard::{Facts, Guard};
use crate::partnership::{Partnership, PartnershipStatus};

/// A step of the workflow, named for what a person does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// idea → proposed.
    Propose,
    /// proposed → assessing.
    Assess,
    /// assessing → awaiting approval.
    RequestApproval,
    /// awaiting approval → approved.
    Approve,
    /// awaiting approval → declined.
    Decline,
    /// approved → active.
    Activate,
    /// active → reviewing.
    Review,
    /// reviewing → concluded.
    Conclude,
    /// reviewing → terminated.
    Terminate,
}

impl Transition {
    /// Every transition, in workflow order.
    pub const ALL: [Transition; 9] = [
        Self::Propose,
        Self::Assess,
        Self::RequestApproval,
        Self::Approve,
        Self::Decline,
        Self::Activate,
        Self::Review,
        Self::Conclude,
        Self::Terminate,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Propose => "propose",
            Self::Assess => "assess",
            Self::RequestApproval => "request_approval",
            Self::Approve => "approve",
            Self::Decline => "decline",
            Self::Activate => "activate",
            Self::Review => "review",
            Self::Conclude => "conclude",
            Self::Terminate => "terminate",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The status it leaves from and the status it leads to.
    pub fn edge(self) -> (PartnershipStatus, PartnershipStatus) {
        use PartnershipStatus as S;
        match self {
            Self::Propose => (S::Idea, S::Proposed),
            Self::Assess => (S::Proposed, S::Assessing),
            Self::RequestApproval => (S::Assessing, S::AwaitingApproval),
            Self::Approve => (S::AwaitingApproval, S::Approved),
            Self::Decline => (S::AwaitingApproval, S::Declined),
            Self::Activate => (S::Approved, S::Active),
            Self::Review => (S::Active, S::Reviewing),
            Self::Conclude => (S::Reviewing, S::Concluded),
            Self::Terminate => (S::Reviewing, S::Terminated),
        }
    }

    /// The transitions that leave `status`, in workflow order.
    pub fn leaving(status: PartnershipStatus) -> impl Iterator<Item = Transition> {
        Self::ALL.into_iter().filter(move |t| t.edge().0 == status)
    }
}

/// Why a transition cannot be taken now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// It does not leave the partnership's status.
    NotFrom(PartnershipStatus),
    /// It leaves the status, but these guards are unmet (every one, in order).
    Unmet(Vec<Guard>),
}

impl Blocked {
    /// The refusal in English, for the API: what the transition needs, or where it leads from.
    pub fn describe(&self, transition: Transition) -> String {
        match self {
            Blocked::NotFrom(status) => format!(
                "`{}` leads from `{}`; this partnership is `{}`",
                transition.as_str(),
                transition.edge().0.as_str(),
                status.as_str()
            ),
            Blocked::Unmet(guards) => format!(
                "`{}` needs: {}",
                transition.as_str(),
                guards
                    .iter()
                    .map(|g| g.what_to_do())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        }
    }
}

/// Whether `partnership` may take `transition` given `facts`: the status it leads to, or why
/// not.
pub fn check(
    partnership: &Partnership,
    transition: Transition,
    facts: &Facts,
) -> Result<PartnershipStatus, Blocked> {
    let (from, to) = transition.edge();
    if partnership.status != from {
        return Err(Blocked::NotFrom(partnership.status));
    }
    let unmet: Vec<Guard> = Guard::of(transition)
        .iter()
        .copied()
        .filter(|g| !g.met(partnership, facts))
        .collect();
    if unmet.is_empty() {
        Ok(to)
    } else {
        Err(Blocked::Unmet(unmet))
    }
}

/// The transitions leaving the partnership's status, each with the guards still unmet (empty
/// when it may be taken): what its page offers as next steps.
pub fn next_steps(partnership: &Partnership, facts: &Facts) -> Vec<(Transition, Vec<Guard>)> {
    Transition::leaving(partnership.status)
        .map(|t| {
            let unmet = match check(partnership, t, facts) {
                Err(Blocked::Unmet(unmet)) => unmet,
                Ok(_) | Err(Blocked::NotFrom(_)) => Vec::new(),
            };
            (t, unmet)
        })
        .collect()
}
