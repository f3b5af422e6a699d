//! Red lines as records: an admin's rule on a partner's kind, a named partner, or a combination
//! with the partnership's area and level, that escalates or blocks, with a message
//! (DESIGN.md, "Red lines"). Each is a record, so every change has its history, diff and
//! revert; [`crate::workflow::red_line::check`] runs them.

use serde::{Deserialize, Serialize};

use crate::record::{Record, RecordKind, Reference, reference};
use crate::validation::{Problem, ValidationErrors};
use crate::visibility::Visibility;
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::workflow::red_line::{Condition, Consequence, Rule};
use crate::{AccountId, OrganisationId};

crate::id::uuid_id! {
    /// A red line.
    RedLineId,
}

/// A line the movement does not cross, or crosses only after a review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RedLine {
    /// Its id.
    pub id: RedLineId,
    /// What it is, in a line ("Business at global level needs a legal review").
    pub name: String,
    /// When it fires: every condition given must hold; at least one is given.
    pub when: Condition,
    /// What it does then.
    pub then: Consequence,
    /// Why the line is there and what to do, shown wherever it fires.
    pub message: String,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
}

impl RedLine {
    /// A public red line.
    pub fn new(
        id: RedLineId,
        name: impl Into<String>,
        when: Condition,
        then: Consequence,
        message: impl Into<String>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            when,
            then,
            message: message.into(),
            visibility: Visibility::default(),
            readers: Vec::new(),
        }
    }

    /// Checks every field against the vocabularies.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("name", &self.name);
        e.limit("name", &self.name, 300);
        e.require("message", &self.message);
        e.limit("message", &self.message, 2_000);
        if self.when.is_empty() {
            e.add(
                "when",
                Problem::Rule {
                    rule: "give at least one condition: an organisation kind, an organisation, \
                           an area or a level"
                        .into(),
                },
            );
        }
        let w = &self.when;
        if let Some(kind) = &w.organisation_kind {
            vocab.check(
                &mut e,
                "when.organisation_kind",
                Vocabulary::OrganisationKind,
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

    /// The rule as the check reads it.
    pub fn rule(&self) -> Rule {
        Rule {
            id: self.id.into(),
            when: self.when.clone(),
            then: self.then,
        }
    }
}

impl Record for RedLine {
    const KIND: RecordKind = RecordKind::RedLine;
    type Id = RedLineId;
    const ADMIN_ONLY: bool = true;

    fn id(&self) -> RedLineId {
        self.id
    }
    fn set_id(&mut self, id: RedLineId) {
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
        RedLine::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.name.clone()
    }
    fn references(&self) -> Vec<Reference> {
        self.when
            .organisation
            .map(|o| reference("when.organisation".into(), RecordKind::Organisation, o))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    #[test]
    fn a_red_line_needs_a_condition_known_terms_a_name_and_a_message() {
        let v = Vocabularies::defaults();
        let when = Condition {
            organisation_kind: Some("company".into()),
            level: Some("global".into()),
            ..Condition::default()
        };
        let ok = RedLine::new(
            RedLineId(Uuid::from_u128(1)),
            "Business at global level",
            when,
            Consequence::Escalate,
            "Needs a legal review",
        );
        assert!(ok.validate(&v).is_ok());
        assert_eq!(ok.rule().then, Consequence::Escalate);
        let mut bad = ok.clone();
        bad.when = Condition::default();
        bad.name = String::new();
        bad.message = " ".into();
        let fields: Vec<String> = bad
            .validate(&v)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "message", "when"]);
        let mut odd = ok;
        odd.when.area = Some("astrology".into());
        let fields: Vec<String> = odd
            .validate(&v)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["when.area"]);
    }
}
