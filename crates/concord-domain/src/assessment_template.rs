//! Assessment templates as records: an admin's questionnaire (questions, answer scales,
//! weights, required items) for the assessments that start after it (DESIGN.md, "Assessment").
//! The newest template in force is the one an assessment starts from; without any, the default
//! scorecard ([`crate::workflow::assessment::scorecard`]). Each is a record, so every change
//! has its history, diff and revert; an assessment copies the questions when it starts.

use serde::{Deserialize, Serialize};

use crate::record::{Record, RecordKind};
use crate::validation::ValidationErrors;
use crate::visibility::Visibility;
use crate::vocabulary::Vocabularies;
use crate::workflow::assessment::{Question, check_questions};
use crate::{AccountId, OrganisationId};

crate::id::uuid_id! {
    /// An assessment template.
    AssessmentTemplateId,
}

/// A questionnaire for assessing partnerships.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssessmentTemplate {
    /// Its id.
    pub id: AssessmentTemplateId,
    /// What it is, in a line ("Scorecard for corporate partners").
    pub name: String,
    /// Its questions, in order: at least one, keys unique.
    pub questions: Vec<Question>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
}

impl AssessmentTemplate {
    /// A public template of `questions`.
    pub fn new(
        id: AssessmentTemplateId,
        name: impl Into<String>,
        questions: Vec<Question>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            questions,
            visibility: Visibility::default(),
            readers: Vec::new(),
        }
    }

    /// Checks its name and questions.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("name", &self.name);
        e.limit("name", &self.name, 300);
        check_questions(&self.questions, &mut e);
        e.into_result()
    }
}

impl Record for AssessmentTemplate {
    const KIND: RecordKind = RecordKind::AssessmentTemplate;
    type Id = AssessmentTemplateId;
    const ADMIN_ONLY: bool = true;

    fn id(&self) -> AssessmentTemplateId {
        self.id
    }
    fn set_id(&mut self, id: AssessmentTemplateId) {
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
    fn validate(&self, _vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        AssessmentTemplate::validate(self)
    }
    fn label(&self) -> String {
        self.name.clone()
    }
}
