//! Routing rules: an admin's change to one cell of the responsibility matrix (area × level →
//! the kinds of movement entity that lead; DESIGN.md, "Routing"). Each is a record, so every
//! change has its history, diff and revert; the matrix in force is the default
//! (`workflow::routing::Matrix::default`) with each rule's cell replaced
//! ([`crate::workflow::routing::Matrix::with_rules`]).

use serde::{Deserialize, Serialize};

use crate::record::{Record, RecordKind};
use crate::validation::{Problem, ValidationErrors};
use crate::visibility::Visibility;
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::{AccountId, OrganisationId};

crate::id::uuid_id! {
    /// A routing rule.
    RoutingRuleId,
}

/// Who leads work in one area at one level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoutingRule {
    /// Its id.
    pub id: RoutingRuleId,
    /// What it is for, in a line ("Technology is the Foundation's everywhere").
    pub name: String,
    /// A term of `area`.
    pub area: String,
    /// A term of `level`.
    pub level: String,
    /// Terms of `movement_entity_kind`, the first preferred; at least one, none twice.
    pub leads: Vec<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
}

impl RoutingRule {
    /// A public rule for `area` at `level`.
    pub fn new(
        id: RoutingRuleId,
        name: impl Into<String>,
        area: impl Into<String>,
        level: impl Into<String>,
        leads: Vec<String>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            area: area.into(),
            level: level.into(),
            leads,
            visibility: Visibility::default(),
            readers: Vec::new(),
        }
    }

    /// Checks every field against the vocabularies.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("name", &self.name);
        e.limit("name", &self.name, 300);
        vocab.check(&mut e, "area", Vocabulary::Area, &self.area);
        vocab.check(&mut e, "level", Vocabulary::Level, &self.level);
        if self.leads.is_empty() {
            e.add("leads", Problem::Required);
        }
        for (i, kind) in self.leads.iter().enumerate() {
            let field = format!("leads[{i}]");
            vocab.check(&mut e, &field, Vocabulary::MovementEntityKind, kind);
            if self.leads[..i].contains(kind) {
                e.add(
                    field,
                    Problem::Duplicate {
                        value: kind.clone(),
                    },
                );
            }
        }
        e.into_result()
    }
}

impl Record for RoutingRule {
    const KIND: RecordKind = RecordKind::RoutingRule;
    type Id = RoutingRuleId;
    const ADMIN_ONLY: bool = true;

    fn id(&self) -> RoutingRuleId {
        self.id
    }
    fn set_id(&mut self, id: RoutingRuleId) {
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
        RoutingRule::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    fn rule(leads: &[&str]) -> RoutingRule {
        RoutingRule::new(
            RoutingRuleId(Uuid::from_u128(1)),
            "Technology nationally",
            "technology",
            "national",
            leads.iter().map(|k| (*k).to_owned()).collect(),
        )
    }

    #[test]
    fn a_rule_names_known_kinds_once_each() {
        let v = Vocabularies::defaults();
        assert!(rule(&["chapter", "foundation"]).validate(&v).is_ok());
        let fields = |r: RoutingRule| -> Vec<String> {
            r.validate(&v)
                .unwrap_err()
                .0
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(rule(&[])), ["leads"]);
        assert_eq!(fields(rule(&["chapter", "chapter"])), ["leads[1]"]);
        assert_eq!(fields(rule(&["guild"])), ["leads[0]"]);
        let mut odd = rule(&["chapter"]);
        odd.area = "astrology".into();
        odd.level = "planetary".into();
        odd.name = " ".into();
        assert_eq!(fields(odd), ["name", "area", "level"]);
    }
}
