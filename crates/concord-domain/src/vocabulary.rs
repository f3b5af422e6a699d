//! Vocabularies: the controlled values of records (organisation kinds, areas, levels, …).
//!
//! They ship with DESIGN.md's values as defaults ([`Vocabularies::defaults`]); an admin adds
//! terms at run time (stored by the store), so another movement configures its own words without
//! a code change. Validation always consults a [`Vocabularies`] value, never a Rust enum.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::validation::{Problem, ValidationErrors};

/// The vocabularies that records draw values from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Vocabulary {
    /// Kinds of organisation (museum, library, …).
    OrganisationKind,
    /// Kinds of movement entity (foundation, chapter, …).
    MovementEntityKind,
    /// Kinds of partnership (alliance, partnership, collaboration, coalition).
    PartnershipKind,
    /// Areas of work (content/GLAM, education, …).
    Area,
    /// Levels (global, regional, national, local).
    Level,
    /// Tiers (contributory, collaborative, co-creative).
    Tier,
    /// Instruments (informal, letter of intent, MOU, …).
    Instrument,
    /// Roles of a party in a partnership (lead, co-lead, …).
    PartyRole,
    /// Regions: UN M49 codes and the movement's own regions.
    Region,
}

impl Vocabulary {
    /// Every vocabulary.
    pub const ALL: [Vocabulary; 9] = [
        Vocabulary::OrganisationKind,
        Vocabulary::MovementEntityKind,
        Vocabulary::PartnershipKind,
        Vocabulary::Area,
        Vocabulary::Level,
        Vocabulary::Tier,
        Vocabulary::Instrument,
        Vocabulary::PartyRole,
        Vocabulary::Region,
    ];

    /// The wire name, e.g. `organisation_kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            Vocabulary::OrganisationKind => "organisation_kind",
            Vocabulary::MovementEntityKind => "movement_entity_kind",
            Vocabulary::PartnershipKind => "partnership_kind",
            Vocabulary::Area => "area",
            Vocabulary::Level => "level",
            Vocabulary::Tier => "tier",
            Vocabulary::Instrument => "instrument",
            Vocabulary::PartyRole => "party_role",
            Vocabulary::Region => "region",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One term of a vocabulary: a stable key and an English label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Term {
    /// The stable key stored in records (`museum`, `content_glam`).
    pub key: String,
    /// A human label (`Museum`, `Content / GLAM`).
    pub label: String,
}

/// All vocabularies with their terms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vocabularies {
    terms: BTreeMap<Vocabulary, BTreeMap<String, String>>,
}

const DEFAULTS: &[(Vocabulary, &[(&str, &str)])] = &[
    (
        Vocabulary::OrganisationKind,
        &[
            ("museum", "Museum"),
            ("library", "Library"),
            ("archive", "Archive"),
            ("gallery", "Gallery"),
            ("university", "University"),
            ("school", "School"),
            ("research_institute", "Research institute"),
            ("nonprofit", "Nonprofit"),
            ("foundation", "Foundation"),
            ("company", "Company"),
            ("government_body", "Government body"),
            (
                "intergovernmental_organisation",
                "Intergovernmental organisation",
            ),
            ("media", "Media"),
            ("open_source_project", "Open-source project"),
            ("political_or_advocacy_group", "Political or advocacy group"),
            ("other", "Other"),
        ],
    ),
    (
        Vocabulary::MovementEntityKind,
        &[
            ("foundation", "Foundation"),
            ("chapter", "Chapter"),
            ("thematic_organisation", "Thematic organisation"),
            ("user_group", "User group"),
            ("hub", "Hub"),
            ("project_community", "Project community"),
        ],
    ),
    (
        Vocabulary::PartnershipKind,
        &[
            ("alliance", "Alliance"),
            ("partnership", "Partnership"),
            ("collaboration", "Collaboration"),
            ("coalition", "Coalition"),
        ],
    ),
    (
        Vocabulary::Area,
        &[
            ("content_glam", "Content / GLAM"),
            ("education", "Education"),
            ("open_science", "Open science"),
            ("technology", "Technology"),
            ("philanthropy_revenue", "Philanthropy / revenue"),
            ("business", "Business"),
            ("policy_advocacy", "Policy / advocacy"),
            ("outreach_communications", "Outreach / communications"),
            ("research", "Research"),
            ("community", "Community"),
        ],
    ),
    (
        Vocabulary::Level,
        &[
            ("global", "Global"),
            ("regional", "Regional"),
            ("national", "National"),
            ("local", "Local"),
        ],
    ),
    (
        Vocabulary::Tier,
        &[
            ("contributory", "Contributory"),
            ("collaborative", "Collaborative"),
            ("co_creative", "Co-creative"),
        ],
    ),
    (
        Vocabulary::Instrument,
        &[
            ("informal", "Informal"),
            ("letter_of_intent", "Letter of intent"),
            ("mou", "Memorandum of understanding"),
            ("contract", "Contract"),
            ("grant_agreement", "Grant agreement"),
            ("content_or_data_licence", "Content or data licence"),
        ],
    ),
    (
        Vocabulary::PartyRole,
        &[
            ("lead", "Lead"),
            ("co_lead", "Co-lead"),
            ("partner", "Partner"),
            ("funder", "Funder"),
            ("supporter", "Supporter"),
        ],
    ),
    (
        Vocabulary::Region,
        &[
            ("cee", "Central and Eastern Europe"),
            ("eseap", "East, Southeast Asia and the Pacific"),
            ("mena", "Middle East and North Africa"),
            ("swan", "South and West Asia"),
            ("ssa", "Sub-Saharan Africa"),
            ("latam", "Latin America and the Caribbean"),
            ("na", "North America"),
            ("nwe", "Northern and Western Europe"),
        ],
    ),
];

impl Vocabularies {
    /// DESIGN.md's values, plus every UN M49 region as a region.
    pub fn defaults() -> Self {
        let mut v = Self::default();
        for (vocabulary, terms) in DEFAULTS {
            for (key, label) in *terms {
                v.insert(*vocabulary, key, label);
            }
        }
        for region in crate::country::m49_regions() {
            v.insert(Vocabulary::Region, &region.code, &region.name);
        }
        v
    }

    /// Adds (or relabels) a term.
    pub fn insert(&mut self, vocabulary: Vocabulary, key: &str, label: &str) {
        self.terms
            .entry(vocabulary)
            .or_default()
            .insert(key.to_owned(), label.to_owned());
    }

    /// Whether `key` is a term of `vocabulary`.
    pub fn contains(&self, vocabulary: Vocabulary, key: &str) -> bool {
        self.terms
            .get(&vocabulary)
            .is_some_and(|t| t.contains_key(key))
    }

    /// The label of a term, if known.
    pub fn label(&self, vocabulary: Vocabulary, key: &str) -> Option<&str> {
        self.terms.get(&vocabulary)?.get(key).map(String::as_str)
    }

    /// The terms of one vocabulary, in key order.
    pub fn terms(&self, vocabulary: Vocabulary) -> Vec<Term> {
        self.terms
            .get(&vocabulary)
            .map(|t| {
                t.iter()
                    .map(|(key, label)| Term {
                        key: key.clone(),
                        label: label.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Records `UnknownValue` on `field` unless `key` is a term of `vocabulary`.
    pub fn check(
        &self,
        errors: &mut ValidationErrors,
        field: &str,
        vocabulary: Vocabulary,
        key: &str,
    ) {
        if self.contains(vocabulary, key) {
            return;
        }
        let known: Vec<String> = self
            .terms(vocabulary)
            .into_iter()
            .take(20)
            .map(|t| t.key)
            .collect();
        errors.add(
            field,
            Problem::UnknownValue {
                vocabulary: vocabulary.as_str().to_owned(),
                value: key.to_owned(),
                known: known.join(", "),
            },
        );
    }
}

/// A key admins may add: lower-case ASCII letters, digits and `_`, 1–64 characters.
pub fn is_valid_term_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_hold_design_values_and_m49_regions() {
        let v = Vocabularies::defaults();
        assert!(v.contains(Vocabulary::OrganisationKind, "museum"));
        assert!(v.contains(Vocabulary::Tier, "co_creative"));
        assert!(v.contains(Vocabulary::Region, "150"));
        assert!(v.contains(Vocabulary::Region, "cee"));
        assert!(!v.contains(Vocabulary::Area, "astrology"));
    }

    #[test]
    fn an_added_term_validates_without_code_change() {
        let mut v = Vocabularies::defaults();
        let mut errors = ValidationErrors::default();
        v.check(&mut errors, "kind", Vocabulary::OrganisationKind, "zoo");
        assert!(errors.mentions("kind"));
        v.insert(Vocabulary::OrganisationKind, "zoo", "Zoo");
        let mut errors = ValidationErrors::default();
        v.check(&mut errors, "kind", Vocabulary::OrganisationKind, "zoo");
        assert!(errors.0.is_empty());
    }
}
