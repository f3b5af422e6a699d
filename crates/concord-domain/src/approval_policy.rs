//! Approval policies as records: an admin's rule naming, for the partnerships it applies to (by
//! kind, area, level and parties), the accounts that must approve and those that hold a veto
//! (DESIGN.md, "Approval"). Each is a record, so every change has its history, diff and revert;
//! [`crate::workflow::approval::Approval::requested`] reads them when approval is requested.

use serde::{Deserialize, Serialize};

use crate::record::{Record, RecordKind, Reference, reference};
use crate::validation::{Problem, ValidationErrors};
use crate::visibility::Visibility;
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::workflow::approval::{Applies, Policy};
use crate::{AccountId, OrganisationId};

crate::id::uuid_id! {
    /// An approval policy.
    ApprovalPolicyId,
}

/// Who signs off, and who may stop, the partnerships a policy applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApprovalPolicy {
    /// Its id.
    pub id: ApprovalPolicyId,
    /// What it is, in a line ("Global partnerships: the board signs off").
    pub name: String,
    /// When it applies: every condition given must hold; none given, to every partnership.
    #[serde(default)]
    pub when: Applies,
    /// The accounts that must approve (each holding the approver role).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvers: Vec<AccountId>,
    /// The accounts that may veto (each holding the approver role).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub veto_holders: Vec<AccountId>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
}

impl ApprovalPolicy {
    /// A public policy applying `when`.
    pub fn new(id: ApprovalPolicyId, name: impl Into<String>, when: Applies) -> Self {
        Self {
            id,
            name: name.into(),
            when,
            approvers: Vec::new(),
            veto_holders: Vec::new(),
            visibility: Visibility::default(),
            readers: Vec::new(),
        }
    }

    /// Checks every field against the vocabularies: a name, at least one approver or veto
    /// holder, none named twice in a list, known terms.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("name", &self.name);
        e.limit("name", &self.name, 300);
        if self.approvers.is_empty() && self.veto_holders.is_empty() {
            e.add(
                "approvers",
                Problem::Rule {
                    rule: "name at least one approver or veto holder".into(),
                },
            );
        }
        for (field, list) in [
            ("approvers", &self.approvers),
            ("veto_holders", &self.veto_holders),
        ] {
            for (i, id) in list.iter().enumerate() {
                if list[..i].contains(id) {
                    e.add(
                        format!("{field}[{i}]"),
                        Problem::Duplicate {
                            value: id.to_string(),
                        },
                    );
                }
            }
        }
        let w = &self.when;
        if let Some(kind) = &w.partnership_kind {
            vocab.check(
                &mut e,
                "when.partnership_kind",
                Vocabulary::PartnershipKind,
                kind,
            );
        }
        if let Some(area) = &w.area {
            vocab.check(&mut e, "when.area", Vocabulary::Area, area);
        }
        if let Some(level) = &w.level {
            vocab.check(&mut e, "when.level", Vocabulary::Level, level);
        }
        e.into_result()
    }

    /// The policy as the workflow reads it.
    pub fn policy(&self) -> Policy {
        Policy {
            id: self.id.into(),
            when: self.when.clone(),
            approvers: self.approvers.clone(),
            veto_holders: self.veto_holders.clone(),
        }
    }

    /// Every account it names, approvers first.
    pub fn accounts(&self) -> impl Iterator<Item = (&'static str, usize, AccountId)> + '_ {
        let approvers = self.approvers.iter().enumerate();
        let vetoes = self.veto_holders.iter().enumerate();
        approvers
            .map(|(i, a)| ("approvers", i, *a))
            .chain(vetoes.map(|(i, a)| ("veto_holders", i, *a)))
    }
}

impl Record for ApprovalPolicy {
    const KIND: RecordKind = RecordKind::ApprovalPolicy;
    type Id = ApprovalPolicyId;
    const ADMIN_ONLY: bool = true;

    fn id(&self) -> ApprovalPolicyId {
        self.id
    }
    fn set_id(&mut self, id: ApprovalPolicyId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn readers(&self) -> Vec<AccountId> {
        self.readers.clone()
    }
    fn parties(&self) -> Vec<OrganisationId> {
        Vec::new()
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        ApprovalPolicy::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.name.clone()
    }
    fn references(&self) -> Vec<Reference> {
        self.when
            .party
            .map(|o| reference("when.party".into(), RecordKind::Organisation, o))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn fields(p: &ApprovalPolicy) -> Vec<String> {
        let v = Vocabularies::defaults();
        p.validate(&v)
            .err()
            .map(|e| e.0.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_policy_names_someone_once_and_known_terms() {
        let when = Applies {
            level: Some("global".into()),
            ..Applies::default()
        };
        let mut ok = ApprovalPolicy::new(ApprovalPolicyId(Uuid::from_u128(1)), "Global", when);
        let board = AccountId(Uuid::from_u128(5));
        ok.approvers = vec![board];
        assert!(fields(&ok).is_empty());
        assert_eq!(ok.policy().approvers, [board]);
        let mut nobody = ok.clone();
        nobody.approvers.clear();
        nobody.name = " ".into();
        assert_eq!(fields(&nobody), ["name", "approvers"]);
        let mut twice = ok.clone();
        twice.veto_holders = vec![board, board];
        twice.when.area = Some("astrology".into());
        assert_eq!(fields(&twice), ["veto_holders[1]", "when.area"]);
        let named: Vec<_> = twice.accounts().map(|(f, i, _)| (f, i)).collect();
        assert_eq!(
            named,
            [("approvers", 0), ("veto_holders", 0), ("veto_holders", 1)]
        );
    }
}
