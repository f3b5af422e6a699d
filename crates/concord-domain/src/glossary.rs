//! Glossary terms: the shared vocabulary (alliance vs partnership vs collaboration, the tiers).

use serde::{Deserialize, Serialize};

use crate::check::check_tags;
use crate::record::{Record, RecordKind, Reference, reference};
use crate::text::Translatable;
use crate::validation::ValidationErrors;
use crate::visibility::Visibility;
use crate::vocabulary::Vocabularies;
use crate::{AccountId, OrganisationId};

crate::id::uuid_id! {
    /// A glossary term.
    GlossaryTermId,
}

/// A term and its definition, in several languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    /// Its id.
    pub id: GlossaryTermId,
    /// The term, by language.
    pub term: Translatable,
    /// Its definition, by language.
    pub definition: Translatable,
    /// Related terms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<GlossaryTermId>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl GlossaryTerm {
    /// A public term with its definition, unrelated to others: set the other fields with
    /// struct update syntax.
    pub fn new(id: GlossaryTermId, term: Translatable, definition: Translatable) -> Self {
        Self {
            id,
            term,
            definition,
            related: Vec::new(),
            visibility: Visibility::default(),
            readers: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// Checks every field.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        self.term.validate(&mut e, "term", true, 200);
        self.definition.validate(&mut e, "definition", true, 20_000);
        check_tags(&mut e, &self.tags);
        e.into_result()
    }
}

impl Record for GlossaryTerm {
    const KIND: RecordKind = RecordKind::GlossaryTerm;
    type Id = GlossaryTermId;

    fn id(&self) -> GlossaryTermId {
        self.id
    }
    fn set_id(&mut self, id: GlossaryTermId) {
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
        GlossaryTerm::validate(self)
    }
    fn label(&self) -> String {
        self.term.get("en").unwrap_or_default().to_owned()
    }
    fn references(&self) -> Vec<Reference> {
        self.related
            .iter()
            .enumerate()
            .map(|(i, id)| reference(format!("related[{i}]"), RecordKind::GlossaryTerm, *id))
            .collect()
    }
}
