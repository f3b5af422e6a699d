//! Red lines (DESIGN.md, "Red lines"; issue #13, item 4): admin-defined rules on an
//! organisation's kind, on named organisations, and on combinations with the partnership's
//! area and level ("business at global level → escalate for legal review"), each with a
//! message. [`check`] runs them over a partnership and its partners and returns pass, escalate
//! or block with every rule that fired, for the caller to store with the partnership.
//!
//! The rules are records (`crate::RedLine`), so each change has its history. The result is
//! stored with the partnership (`Partnership::red_lines`): the API runs [`check`] when a
//! partnership is proposed and, through [`affected`] and [`rerun`], whenever its parties, areas
//! or level change; [`clear`] records an escalation cleared by whoever may decide.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::guard::RedLineOutcome;
use crate::OrganisationId;
use crate::partnership::Partnership;

/// What a rule does when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    /// Someone who may must look at it and clear it before approval is asked.
    Escalate,
    /// The partnership may not go ahead.
    Block,
}

/// When a rule fires: every condition given must hold (a combination); at least one is given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// A partner of this kind (a term of `organisation_kind`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_kind: Option<String>,
    /// This partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationId>,
    /// The partnership works in this area (a term of `area`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The partnership is at this level (a term of `level`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
}

impl Condition {
    /// Whether no condition is given (such a rule would fire on everything).
    pub fn is_empty(&self) -> bool {
        self.organisation_kind.is_none()
            && self.organisation.is_none()
            && self.area.is_none()
            && self.level.is_none()
    }
}

/// A rule as the check reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Its record's id, to name it in the result.
    pub id: uuid::Uuid,
    /// When it fires.
    pub when: Condition,
    /// What it does then.
    pub then: Consequence,
}

/// A partner as the check sees it: an organisation outside the movement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    /// Its id.
    pub id: OrganisationId,
    /// A term of `organisation_kind`.
    pub kind: String,
}

/// A rule that fired, and on which partner (none for a rule on area and level alone). The
/// rule is named by id only: its name and message are read from the rule by whoever may see
/// it, so a partnership never shows a rule its reader may not see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Fired {
    /// The red line's id.
    pub rule: uuid::Uuid,
    /// What it did.
    pub then: Consequence,
    /// The partner it fired on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationId>,
}

/// Who cleared an escalation, and why (the revision that did it names them too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Clearance {
    /// The account or token that cleared it.
    pub by: String,
    /// Why it may go ahead.
    pub reason: String,
}

/// The check's result as stored with a partnership: the outcome and every rule that fired,
/// blocks first, and the clearance of an escalation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Checked {
    /// `pass`, `escalate`, `cleared` (an escalation someone cleared) or `block`.
    pub outcome: RedLineOutcome,
    /// The rules that fired.
    #[serde(default)]
    pub fired: Vec<Fired>,
    /// Who cleared the escalation and why, once cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cleared: Option<Clearance>,
}

impl Checked {
    /// The rules that fired and on whom, in a stable order, to compare two checks.
    fn what_fired(&self) -> Vec<(uuid::Uuid, Option<OrganisationId>, Consequence)> {
        let mut v: Vec<_> = self
            .fired
            .iter()
            .map(|f| (f.rule, f.organisation, f.then))
            .collect();
        v.sort_by_key(|(rule, org, then)| (*rule, *org, *then as u8));
        v
    }
}

/// Why an escalation cannot be cleared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotClearable {
    /// The check has not run (the partnership was never proposed).
    #[error("the red-line check has not run yet: it runs when the partnership is proposed")]
    Unchecked,
    /// The check passed, or its escalation is cleared already: nothing to clear.
    #[error("the red-line check did not escalate, or its escalation is cleared already")]
    NothingToClear,
    /// A block is final while it fires.
    #[error(
        "a red line blocks this partnership: a block cannot be cleared, only its cause removed"
    )]
    Blocked,
}

/// `checked` with its escalation cleared by `by` for `reason`.
pub fn clear(checked: Option<&Checked>, by: &str, reason: &str) -> Result<Checked, NotClearable> {
    let checked = checked.ok_or(NotClearable::Unchecked)?;
    match checked.outcome {
        RedLineOutcome::Escalate => Ok(Checked {
            outcome: RedLineOutcome::Cleared,
            fired: checked.fired.clone(),
            cleared: Some(Clearance {
                by: by.to_owned(),
                reason: reason.trim().to_owned(),
            }),
        }),
        RedLineOutcome::Block => Err(NotClearable::Blocked),
        RedLineOutcome::Unchecked => Err(NotClearable::Unchecked),
        RedLineOutcome::Pass | RedLineOutcome::Cleared => Err(NotClearable::NothingToClear),
    }
}

/// Whether an edit from `before` to `after` changes what the rules read (the parties, areas or
/// level) of a partnership that has been checked, so that the check must run again.
pub fn affected(before: &Partnership, after: &Partnership) -> bool {
    let parties = |p: &Partnership| p.party_ids().into_iter().collect::<BTreeSet<_>>();
    let areas = |p: &Partnership| p.areas.iter().cloned().collect::<BTreeSet<_>>();
    after.red_lines.is_some()
        && (parties(before) != parties(after)
            || areas(before) != areas(after)
            || before.level != after.level)
}

/// The check to store when it runs again: `now`, except that a cleared escalation stays
/// cleared while exactly the same rules fire on the same partners (what was reviewed has not
/// changed).
pub fn rerun(previous: Option<&Checked>, now: Checked) -> Checked {
    match previous {
        Some(old)
            if old.outcome == RedLineOutcome::Cleared
                && now.outcome == RedLineOutcome::Escalate
                && old.what_fired() == now.what_fired() =>
        {
            old.clone()
        }
        _ => now,
    }
}

/// Runs `rules` over `p` and its `partners`: a rule fires once for each partner meeting its
/// organisation conditions (or once, when it has none) if the partnership meets its area and
/// level. Any block blocks; else any escalation escalates; else it passes. A rule without any
/// condition never fires.
pub fn check(rules: &[Rule], p: &Partnership, partners: &[Partner]) -> Checked {
    let mut fired = Vec::new();
    for rule in rules.iter().filter(|r| !r.when.is_empty()) {
        let w = &rule.when;
        let area = w.area.as_ref().is_none_or(|a| p.areas.contains(a));
        let level = w.level.as_ref().is_none_or(|l| p.level.as_ref() == Some(l));
        if !(area && level) {
            continue;
        }
        let fire = |organisation: Option<OrganisationId>| Fired {
            rule: rule.id,
            then: rule.then,
            organisation,
        };
        if w.organisation_kind.is_none() && w.organisation.is_none() {
            fired.push(fire(None));
            continue;
        }
        for partner in partners {
            let kind = w
                .organisation_kind
                .as_ref()
                .is_none_or(|k| *k == partner.kind);
            let named = w.organisation.is_none_or(|o| o == partner.id);
            if kind && named {
                fired.push(fire(Some(partner.id)));
            }
        }
    }
    fired.sort_by_key(|f| f.then != Consequence::Block);
    let outcome = if fired.iter().any(|f| f.then == Consequence::Block) {
        RedLineOutcome::Block
    } else if fired.is_empty() {
        RedLineOutcome::Pass
    } else {
        RedLineOutcome::Escalate
    };
    Checked {
        outcome,
        fired,
        cleared: None,
    }
}
