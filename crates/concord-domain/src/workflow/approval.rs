//! Approvals (DESIGN.md, "Approval"; issue #13, item 6): admin-defined policies name, for the
//! partnerships they apply to, the accounts that must approve and those that hold a veto. When
//! approval is requested, the policies in force give the partnership its [`Approval`]: who must
//! approve, who may veto, and every decision since, oldest first. A decision is approve, veto
//! or abstain; a veto needs a written rationale; its holder withdraws it with a new decision,
//! the old one kept. The latest decision of each account is the one that stands, so the
//! guards read "every required approver approved" and "no veto stands" off the list.
//!
//! Every decision is part of the partnership, so whoever may see the partnership sees who
//! decided what and why: veto holders are accountable.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::partnership::Partnership;
use crate::{AccountId, OrganisationId};

/// When a policy applies: every condition given must hold; none given applies to every
/// partnership.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Applies {
    /// The partnership is of this kind (a term of `partnership_kind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partnership_kind: Option<String>,
    /// The partnership works in this area (a term of `area`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The partnership is at this level (a term of `level`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// This organisation is a party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<OrganisationId>,
}

impl Applies {
    /// Whether `p` meets every condition given.
    pub fn to(&self, p: &Partnership) -> bool {
        self.partnership_kind.as_ref().is_none_or(|k| *k == p.kind)
            && self.area.as_ref().is_none_or(|a| p.areas.contains(a))
            && self
                .level
                .as_ref()
                .is_none_or(|l| p.level.as_ref() == Some(l))
            && self
                .party
                .is_none_or(|o| p.parties.iter().any(|x| x.organisation == o))
    }
}

/// A policy as the workflow reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Its record's id.
    pub id: uuid::Uuid,
    /// When it applies.
    pub when: Applies,
    /// Who must approve.
    pub approvers: Vec<AccountId>,
    /// Who may veto.
    pub veto_holders: Vec<AccountId>,
}

/// What one account decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Agrees that it goes ahead.
    Approve,
    /// Stops it until withdrawn (veto holders only; needs a rationale).
    Veto,
    /// Takes no side.
    Abstain,
    /// Takes back one's standing veto.
    Withdraw,
}

impl Verdict {
    /// Every verdict.
    pub const ALL: [Verdict; 4] = [
        Verdict::Approve,
        Verdict::Veto,
        Verdict::Abstain,
        Verdict::Withdraw,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approve => "approve",
            Verdict::Veto => "veto",
            Verdict::Abstain => "abstain",
            Verdict::Withdraw => "withdraw",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One decision, kept for good.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionEntry {
    /// The account that decided.
    pub by: AccountId,
    /// Its name when it decided.
    pub name: String,
    /// What it decided.
    pub verdict: Verdict,
    /// Why (required for a veto).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A partnership's approval: who must approve and who may veto, from the policies in force
/// when approval was requested, and every decision since.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The policies that applied.
    #[serde(default)]
    pub policies: Vec<uuid::Uuid>,
    /// The accounts that must approve.
    #[serde(default)]
    pub approvers: Vec<AccountId>,
    /// The accounts that may veto.
    #[serde(default)]
    pub veto_holders: Vec<AccountId>,
    /// Every decision, oldest first.
    #[serde(default)]
    pub decisions: Vec<DecisionEntry>,
}

/// Why a decision is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Decisions are taken while the partnership awaits approval.
    #[error("decisions are taken while the partnership awaits approval; it is `{0}`")]
    NotAwaiting(&'static str),
    /// The account is neither a required approver nor a veto holder.
    #[error("you are neither a required approver nor a veto holder of this partnership")]
    NotNamed,
    /// Only veto holders veto.
    #[error("only a veto holder of this partnership may veto it")]
    NotVetoHolder,
    /// A veto needs a written rationale.
    #[error("a veto needs a written rationale")]
    NoRationale,
    /// Only one's own standing veto is withdrawn.
    #[error("you have no standing veto to withdraw")]
    NoVeto,
}

impl Approval {
    /// The approval the `policies` applying to `p` give it: their approvers and veto holders,
    /// each once, in policy order; no decision yet.
    pub fn requested(policies: &[Policy], p: &Partnership) -> Self {
        let mut a = Approval::default();
        for policy in policies.iter().filter(|x| x.when.to(p)) {
            a.policies.push(policy.id);
            for id in &policy.approvers {
                if !a.approvers.contains(id) {
                    a.approvers.push(*id);
                }
            }
            for id in &policy.veto_holders {
                if !a.veto_holders.contains(id) {
                    a.veto_holders.push(*id);
                }
            }
        }
        a
    }

    /// The decision of `account` that stands: its latest.
    pub fn standing(&self, account: AccountId) -> Option<&DecisionEntry> {
        self.decisions.iter().rev().find(|d| d.by == account)
    }

    /// The required approvers whose standing decision is not an approval.
    pub fn missing(&self) -> Vec<AccountId> {
        self.approvers
            .iter()
            .copied()
            .filter(|a| {
                self.standing(*a)
                    .is_none_or(|d| d.verdict != Verdict::Approve)
            })
            .collect()
    }

    /// The vetoes that stand: each veto holder's latest decision, when it is a veto.
    pub fn vetoes(&self) -> Vec<&DecisionEntry> {
        self.veto_holders
            .iter()
            .filter_map(|a| self.standing(*a))
            .filter(|d| d.verdict == Verdict::Veto)
            .collect()
    }

    /// Whether `account` is named by it.
    pub fn names(&self, account: AccountId) -> bool {
        self.approvers.contains(&account) || self.veto_holders.contains(&account)
    }

    /// Records `entry` if its account may decide so: a named account approves or abstains, a
    /// veto holder vetoes with a rationale, and withdraws only its own standing veto.
    pub fn decide(&mut self, mut entry: DecisionEntry) -> Result<(), Refused> {
        if !self.names(entry.by) {
            return Err(Refused::NotNamed);
        }
        entry.rationale = entry.rationale.trim().to_owned();
        match entry.verdict {
            Verdict::Veto if !self.veto_holders.contains(&entry.by) => {
                return Err(Refused::NotVetoHolder);
            }
            Verdict::Veto if entry.rationale.is_empty() => return Err(Refused::NoRationale),
            Verdict::Withdraw
                if self
                    .standing(entry.by)
                    .is_none_or(|d| d.verdict != Verdict::Veto) =>
            {
                return Err(Refused::NoVeto);
            }
            _ => {}
        }
        self.decisions.push(entry);
        Ok(())
    }
}
