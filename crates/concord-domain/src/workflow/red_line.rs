//! Red lines (DESIGN.md, "Red lines"; issue #13, item 4): admin-defined rules on an
//! organisation's kind, on named organisations, and on combinations with the partnership's
//! area and level ("business at global level → escalate for legal review"), each with a
//! message. [`check`] runs them over a partnership and its partners and returns pass, escalate
//! or block with every rule that fired, for the caller to store with the partnership.
//!
//! The rules are data here; storing them as records (so that each change has its history, as
//! routing rules do) and running the check on proposal and on every change of the parties come
//! with the store and the API.

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
    /// Its name.
    pub name: String,
    /// When it fires.
    pub when: Condition,
    /// What it does then.
    pub then: Consequence,
    /// What it says (why the line is there, what to do).
    pub message: String,
}

/// A partner as the check sees it: an organisation outside the movement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    /// Its id.
    pub id: OrganisationId,
    /// A term of `organisation_kind`.
    pub kind: String,
}

/// A rule that fired, and on which partner (none for a rule on area and level alone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fired {
    /// The rule's id.
    pub rule: uuid::Uuid,
    /// Its name when it fired.
    pub name: String,
    /// What it did.
    pub then: Consequence,
    /// Its message when it fired.
    pub message: String,
    /// The partner it fired on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<OrganisationId>,
}

/// The check's result: the outcome and every rule that fired, blocks first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checked {
    /// `pass`, `escalate` or `block`.
    pub outcome: RedLineOutcome,
    /// The rules that fired.
    pub fired: Vec<Fired>,
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
            name: rule.name.clone(),
            then: rule.then,
            message: rule.message.clone(),
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
    Checked { outcome, fired }
}
