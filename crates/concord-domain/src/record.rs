//! What every stored record has in common, so one store, one revision log, one index and one
//! set of API handlers serve every kind of record.

use std::fmt::Display;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::validation::ValidationErrors;
use crate::visibility::{Viewer, Visibility};
use crate::vocabulary::Vocabularies;
use crate::{
    GlossaryTerm, GlossaryTermId, Need, NeedId, Organisation, OrganisationId, Partnership,
    PartnershipId, Person, PersonId,
};

/// The kinds of record in the registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// [`Organisation`].
    Organisation,
    /// [`Person`].
    Person,
    /// [`Partnership`].
    Partnership,
    /// [`Need`].
    Need,
    /// [`GlossaryTerm`].
    GlossaryTerm,
}

impl RecordKind {
    /// Every kind.
    pub const ALL: [RecordKind; 5] = [
        RecordKind::Organisation,
        RecordKind::Person,
        RecordKind::Partnership,
        RecordKind::Need,
        RecordKind::GlossaryTerm,
    ];

    /// The stored name: `organisation`, `person`, … (also the value in the database).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Organisation => "organisation",
            RecordKind::Person => "person",
            RecordKind::Partnership => "partnership",
            RecordKind::Need => "need",
            RecordKind::GlossaryTerm => "glossary_term",
        }
    }

    /// The collection name in URLs: `organisations`, `people`, `partnerships`, `needs`, `glossary`.
    pub fn collection(self) -> &'static str {
        match self {
            RecordKind::Organisation => "organisations",
            RecordKind::Person => "people",
            RecordKind::Partnership => "partnerships",
            RecordKind::Need => "needs",
            RecordKind::GlossaryTerm => "glossary",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether records of this kind are in the search index.
    pub fn is_searchable(self) -> bool {
        matches!(
            self,
            RecordKind::Organisation | RecordKind::Partnership | RecordKind::Need
        )
    }
}

impl Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A record's identity across kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordKey {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id.
    pub id: Uuid,
}

impl Display for RecordKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

/// A field of a record that refers to another record, which must exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The referring field, as a JSON path (`parties[0].organisation`).
    pub field: String,
    /// The record referred to.
    pub target: RecordKey,
}

/// A record kind of the registry.
pub trait Record: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// Its kind.
    const KIND: RecordKind;
    /// Its typed id.
    type Id: Copy + Eq + From<Uuid> + Into<Uuid> + Display + FromStr + Send + Sync;

    /// Its id.
    fn id(&self) -> Self::Id;
    /// Replaces its id (a create takes the id the server chooses).
    fn set_id(&mut self, id: Self::Id);
    /// Who may see it.
    fn visibility(&self) -> Visibility;
    /// The organisations whose stewards count as its parties.
    fn parties(&self) -> Vec<OrganisationId>;
    /// Checks every field; the error names each refused field.
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors>;
    /// A short label for lists and revision logs (the name or title in English).
    fn label(&self) -> String;

    /// Whether [`Record::redact`] may remove anything. A kind that overrides `redact` must set
    /// it; one that leaves it `false` has its stored bodies served as they are, unparsed.
    const REDACTS: bool = false;

    /// Removes sensitive fields this viewer may not see.
    fn redact(&mut self, _viewer: &Viewer) {}
    /// The other records it refers to.
    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }
    /// Keys that identify it across imports (`qid:Q42`, `ror:…`, `isil:…`, `name:…|SE`),
    /// strongest first.
    fn match_keys(&self) -> Vec<String> {
        Vec::new()
    }

    /// Its identity across kinds.
    fn key(&self) -> RecordKey {
        RecordKey {
            kind: Self::KIND,
            id: self.id().into(),
        }
    }
}

fn reference(field: String, kind: RecordKind, id: impl Into<Uuid>) -> Reference {
    Reference {
        field,
        target: RecordKey {
            kind,
            id: id.into(),
        },
    }
}

/// Lower-cases, drops punctuation and collapses spaces, so "The  Tropenmuseum." and
/// "the tropenmuseum" match on import.
pub fn normalise_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Record for Organisation {
    const KIND: RecordKind = RecordKind::Organisation;
    type Id = OrganisationId;

    fn id(&self) -> OrganisationId {
        self.id
    }
    fn set_id(&mut self, id: OrganisationId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn parties(&self) -> Vec<OrganisationId> {
        if self.movement_entity.is_some() {
            vec![self.id]
        } else {
            Vec::new()
        }
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        Organisation::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.name.clone()
    }
    fn match_keys(&self) -> Vec<String> {
        let ids = &self.identifiers;
        let mut keys: Vec<String> = ids.wikidata.iter().map(|q| format!("qid:{q}")).collect();
        keys.extend(ids.ror.iter().map(|r| format!("ror:{r}")));
        keys.extend(
            ids.isil
                .iter()
                .map(|i| format!("isil:{}", i.to_uppercase())),
        );
        let name = normalise_name(&self.name);
        if !name.is_empty() {
            keys.push(format!(
                "name:{name}|{}",
                self.country.as_deref().unwrap_or("")
            ));
        }
        keys
    }
}

impl Record for Person {
    const KIND: RecordKind = RecordKind::Person;
    const REDACTS: bool = true;
    type Id = PersonId;

    fn id(&self) -> PersonId {
        self.id
    }
    fn set_id(&mut self, id: PersonId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn parties(&self) -> Vec<OrganisationId> {
        Person::parties(self)
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        Person::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.name.clone()
    }
    fn redact(&mut self, viewer: &Viewer) {
        Person::redact(self, viewer);
    }
    fn references(&self) -> Vec<Reference> {
        self.memberships
            .iter()
            .enumerate()
            .map(|(i, m)| {
                reference(
                    format!("memberships[{i}].organisation"),
                    RecordKind::Organisation,
                    m.organisation,
                )
            })
            .collect()
    }
}

impl Record for Partnership {
    const KIND: RecordKind = RecordKind::Partnership;
    const REDACTS: bool = true;
    type Id = PartnershipId;

    fn id(&self) -> PartnershipId {
        self.id
    }
    fn set_id(&mut self, id: PartnershipId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn parties(&self) -> Vec<OrganisationId> {
        self.party_ids()
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        Partnership::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.title.get("en").unwrap_or_default().to_owned()
    }
    fn redact(&mut self, viewer: &Viewer) {
        Partnership::redact(self, viewer);
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs: Vec<Reference> = self
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                reference(
                    format!("parties[{i}].organisation"),
                    RecordKind::Organisation,
                    p.organisation,
                )
            })
            .collect();
        for (field, target) in [("renews", self.renews), ("replicates", self.replicates)] {
            if let Some(id) = target {
                refs.push(reference(field.to_owned(), RecordKind::Partnership, id));
            }
        }
        refs.extend(
            self.needs
                .iter()
                .enumerate()
                .map(|(i, n)| reference(format!("needs[{i}]"), RecordKind::Need, *n)),
        );
        refs
    }
}

impl Record for Need {
    const KIND: RecordKind = RecordKind::Need;
    type Id = NeedId;

    fn id(&self) -> NeedId {
        self.id
    }
    fn set_id(&mut self, id: NeedId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn parties(&self) -> Vec<OrganisationId> {
        self.movement_entity.into_iter().collect()
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        Need::validate(self, vocab)
    }
    fn label(&self) -> String {
        self.title.get("en").unwrap_or_default().to_owned()
    }
    fn references(&self) -> Vec<Reference> {
        self.movement_entity
            .iter()
            .map(|id| reference("movement_entity".into(), RecordKind::Organisation, *id))
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_for_matching() {
        assert_eq!(normalise_name("  The Tropenmuseum. "), "the tropenmuseum");
        assert_eq!(
            normalise_name("Université de Genève"),
            "université de genève"
        );
    }

    #[test]
    fn kinds_round_trip_their_names() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
        }
    }
}
