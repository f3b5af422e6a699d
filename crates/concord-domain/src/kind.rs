//! The registry of record kinds: the one place that lists them.
//!
//! A kind is declared by its domain module (the type, its `impl Record`) and one entry here: a
//! variant of [`RecordKind`], its names, and one arm of [`RecordKind::visit`]. Everything else
//! that needs "for each kind, its Rust type" (routes, the OpenAPI document, redaction, exports,
//! restore, search documents) asks [`RecordKind::visit`] with a [`KindVisitor`], so a kind
//! cannot be forgotten by one of them. Adding a variant without its arm fails to compile.

use std::fmt::Display;

use serde::{Deserialize, Serialize};

use crate::record::Record;
use crate::{
    ApprovalPolicy, AssessmentTemplate, GlossaryTerm, Inquiry, Need, Organisation, Partnership,
    Person, RedLine, RoutingRule,
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
    /// [`RoutingRule`].
    RoutingRule,
    /// [`RedLine`].
    RedLine,
    /// [`ApprovalPolicy`].
    ApprovalPolicy,
    /// [`AssessmentTemplate`].
    AssessmentTemplate,
    /// [`Inquiry`].
    Inquiry,
}

/// Something to do once per record kind, with the kind's Rust type: the generic method runs
/// with `R` set to the kind's record type. See [`RecordKind::visit`].
pub trait KindVisitor {
    /// What the visit returns.
    type Output;
    /// Runs for the record type `R` of the visited kind.
    fn visit<R: Record>(self) -> Self::Output;
}

impl RecordKind {
    /// Every kind, in the order lists and documents show them.
    pub const ALL: [RecordKind; 10] = [
        RecordKind::Organisation,
        RecordKind::Person,
        RecordKind::Partnership,
        RecordKind::Need,
        RecordKind::GlossaryTerm,
        RecordKind::RoutingRule,
        RecordKind::RedLine,
        RecordKind::ApprovalPolicy,
        RecordKind::AssessmentTemplate,
        RecordKind::Inquiry,
    ];

    /// Runs `visitor` with this kind's record type: the one match from kind to type.
    pub fn visit<V: KindVisitor>(self, visitor: V) -> V::Output {
        match self {
            RecordKind::Organisation => visitor.visit::<Organisation>(),
            RecordKind::Person => visitor.visit::<Person>(),
            RecordKind::Partnership => visitor.visit::<Partnership>(),
            RecordKind::Need => visitor.visit::<Need>(),
            RecordKind::GlossaryTerm => visitor.visit::<GlossaryTerm>(),
            RecordKind::RoutingRule => visitor.visit::<RoutingRule>(),
            RecordKind::RedLine => visitor.visit::<RedLine>(),
            RecordKind::ApprovalPolicy => visitor.visit::<ApprovalPolicy>(),
            RecordKind::AssessmentTemplate => visitor.visit::<AssessmentTemplate>(),
            RecordKind::Inquiry => visitor.visit::<Inquiry>(),
        }
    }

    /// The stored name: `organisation`, `person`, … (also the value in the database).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Organisation => "organisation",
            RecordKind::Person => "person",
            RecordKind::Partnership => "partnership",
            RecordKind::Need => "need",
            RecordKind::GlossaryTerm => "glossary_term",
            RecordKind::RoutingRule => "routing_rule",
            RecordKind::RedLine => "red_line",
            RecordKind::ApprovalPolicy => "approval_policy",
            RecordKind::AssessmentTemplate => "assessment_template",
            RecordKind::Inquiry => "inquiry",
        }
    }

    /// The collection name in URLs: `organisations`, `people`, `partnerships`, `needs`,
    /// `glossary`, `routing-rules`, `red-lines`, `approval-policies`, `assessment-templates`,
    /// `inquiries`.
    pub fn collection(self) -> &'static str {
        match self {
            RecordKind::Organisation => "organisations",
            RecordKind::Person => "people",
            RecordKind::Partnership => "partnerships",
            RecordKind::Need => "needs",
            RecordKind::GlossaryTerm => "glossary",
            RecordKind::RoutingRule => "routing-rules",
            RecordKind::RedLine => "red-lines",
            RecordKind::ApprovalPolicy => "approval-policies",
            RecordKind::AssessmentTemplate => "assessment-templates",
            RecordKind::Inquiry => "inquiries",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether records of this kind are in the search index ([`Record::SEARCHABLE`]).
    pub fn is_searchable(self) -> bool {
        self.declared().searchable
    }

    /// Whether any member may create records of this kind ([`Record::MEMBERS_PROPOSE`]).
    pub fn members_propose(self) -> bool {
        self.declared().members_propose
    }

    /// Whether only admins may write records of this kind ([`Record::ADMIN_ONLY`]).
    pub fn admin_only(self) -> bool {
        self.declared().admin_only
    }

    /// Whether [`Record::redact`] may remove anything from records of this kind.
    pub fn redacts(self) -> bool {
        self.declared().redacts
    }

    /// The search facets records of this kind fill ([`Record::FACETS`]).
    pub fn facets(self) -> &'static [&'static str] {
        self.declared().facets
    }

    /// The constants this kind's record type declares.
    fn declared(self) -> Declared {
        struct Read;
        impl KindVisitor for Read {
            type Output = Declared;
            fn visit<R: Record>(self) -> Declared {
                Declared {
                    searchable: R::SEARCHABLE,
                    members_propose: R::MEMBERS_PROPOSE,
                    admin_only: R::ADMIN_ONLY,
                    redacts: R::REDACTS,
                    facets: R::FACETS,
                }
            }
        }
        self.visit(Read)
    }
}

/// The constants of a kind's [`Record`] implementation.
struct Declared {
    searchable: bool,
    members_propose: bool,
    admin_only: bool,
    redacts: bool,
    facets: &'static [&'static str],
}

impl Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_their_names() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn every_kind_visits_its_own_type() {
        struct KindOf;
        impl KindVisitor for KindOf {
            type Output = RecordKind;
            fn visit<R: Record>(self) -> RecordKind {
                R::KIND
            }
        }
        for kind in RecordKind::ALL {
            assert_eq!(kind.visit(KindOf), kind);
        }
    }

    #[test]
    fn the_serde_name_is_the_stored_name() {
        for k in RecordKind::ALL {
            let json = serde_json::to_string(&k).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }
}
