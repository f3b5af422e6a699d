//! What every stored record has in common, so one store, one revision log, one index and one
//! set of API handlers serve every kind of record.

use std::fmt::Display;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::kind::{KindVisitor, RecordKind};
use crate::search_text::SearchText;
use crate::validation::ValidationErrors;
use crate::visibility::{Viewer, Visibility};
use crate::vocabulary::Vocabularies;
use crate::{AccountId, OrganisationId};

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

/// With the `openapi` feature, every record type has an OpenAPI schema, so the API document is
/// built from the registry of kinds; without it, this asks nothing.
#[cfg(feature = "openapi")]
pub trait MaybeSchema: utoipa::ToSchema {}
#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> MaybeSchema for T {}
/// With the `openapi` feature, every record type has an OpenAPI schema; without it, this asks
/// nothing.
#[cfg(not(feature = "openapi"))]
pub trait MaybeSchema {}
#[cfg(not(feature = "openapi"))]
impl<T> MaybeSchema for T {}

/// A record kind of the registry. Implemented in the kind's own module; the kind is listed once
/// more in [`crate::kind`].
pub trait Record:
    Serialize + DeserializeOwned + MaybeSchema + Clone + Send + Sync + 'static
{
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
    /// The accounts that may see it at `restricted` (besides admins).
    fn readers(&self) -> Vec<AccountId>;
    /// Checks every field; the error names each refused field.
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors>;
    /// A short label for lists and revision logs (the name or title in English).
    fn label(&self) -> String;

    /// Whether [`Record::redact`] may remove anything. A kind that overrides `redact` must set
    /// it; one that leaves it `false` has its stored bodies served as they are, unparsed.
    const REDACTS: bool = false;

    /// Whether any member may create records of this kind (DESIGN.md: members "propose needs
    /// and partnerships"); otherwise only stewards and admins may.
    const MEMBERS_PROPOSE: bool = false;

    /// Whether only admins may create, change, delete, restore or revert records of this kind
    /// (the admin-defined rules of the workflow, such as routing rules); others may read them
    /// as their visibility allows.
    const ADMIN_ONLY: bool = false;

    /// Whether records of this kind arrive through a route of their own that anyone may use
    /// (the front door's inquiries) instead of the generic create.
    const OWN_CREATE: bool = false;

    /// Whether records of this kind are in the search index; such a kind overrides
    /// [`Record::search_text`] and lists its [`Record::FACETS`].
    const SEARCHABLE: bool = false;
    /// The search facets its [`Record::search_text`] fills, in the index's facet order.
    const FACETS: &'static [&'static str] = &[];

    /// What the search index holds of it (only for a [`Record::SEARCHABLE`] kind).
    fn search_text(&self) -> SearchText {
        SearchText::default()
    }

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

    /// The top-level fields only a workflow step changes: a replacement (`PUT`) that leaves
    /// one out keeps it as it is.
    const WORKFLOW_FIELDS: &'static [&'static str] = &[];

    /// Refuses a create (`before` is `None`) or an edit by a person that sets what only a
    /// workflow step changes (a partnership's status); the error names each such field.
    /// Imports and restores write what they are given and do not ask.
    fn check_workflow(&self, _before: Option<&Self>) -> Result<(), ValidationErrors> {
        Ok(())
    }
    /// Keeps what only a workflow step changes as it is in `current` (a revert sets back
    /// everything else).
    fn keep_workflow(&mut self, _current: &Self) {}

    /// Its identity across kinds.
    fn key(&self) -> RecordKey {
        RecordKey {
            kind: Self::KIND,
            id: self.id().into(),
        }
    }
}

/// A [`Reference`] from `field` to the record `id` of `kind`.
pub(crate) fn reference(field: String, kind: RecordKind, id: impl Into<Uuid>) -> Reference {
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
}
