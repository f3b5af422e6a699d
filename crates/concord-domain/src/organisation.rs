//! Organisations: partners, prospects and movement entities (DESIGN.md, "The objects").

use serde::{Deserialize, Serialize};

use crate::check::{check_country, check_tags, check_url};
use crate::country;
use crate::identifier::Identifiers;
use crate::record::{Record, RecordKind, normalise_name};
use crate::search_text::SearchText;
use crate::text::Translatable;
use crate::validation::ValidationErrors;
use crate::visibility::Visibility;
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::{AccountId, OrganisationId};

/// Any body: a partner, a potential partner, or a movement entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Its id.
    pub id: OrganisationId,
    /// The name it is best known by.
    pub name: String,
    /// Its names in other languages, or other names it uses, keyed by language code.
    #[serde(default, skip_serializing_if = "Translatable::is_empty_map")]
    pub names: Translatable,
    /// A term of the `organisation_kind` vocabulary.
    pub kind: String,
    /// ISO 3166-1 alpha-2 country, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Regions (`region` vocabulary: UN M49 codes or the movement's own regions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Main web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Wikidata, ROR, ISIL.
    #[serde(default)]
    pub identifiers: Identifiers,
    /// What it is and does.
    #[serde(default, skip_serializing_if = "Translatable::is_empty_map")]
    pub description: Translatable,
    /// Its relationship with the movement.
    #[serde(default)]
    pub relationship: RelationshipStatus,
    /// Set when this organisation belongs to the movement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movement_entity: Option<MovementEntity>,
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

/// The relationship of an organisation with the movement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum RelationshipStatus {
    /// Not yet worked with.
    #[default]
    Prospect,
    /// Currently a partner.
    Partner,
    /// Worked with before.
    FormerPartner,
    /// Not to be worked with, and why.
    Excluded {
        /// Why it is excluded.
        reason: String,
    },
}

impl RelationshipStatus {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            RelationshipStatus::Prospect => "prospect",
            RelationshipStatus::Partner => "partner",
            RelationshipStatus::FormerPartner => "former_partner",
            RelationshipStatus::Excluded { .. } => "excluded",
        }
    }
}

/// What makes an organisation a movement entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MovementEntity {
    /// A term of the `movement_entity_kind` vocabulary.
    pub kind: String,
    /// ISO countries it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Regions it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Themes it serves (free text: a language, a project, a topic).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
}

impl Organisation {
    /// A public prospect named `name` of kind `kind` (an `organisation_kind` term), with
    /// nothing else filled in: set the other fields with struct update syntax,
    /// `Organisation { country: Some("SE".into()), ..Organisation::new(id, "…", "museum") }`.
    pub fn new(id: OrganisationId, name: impl Into<String>, kind: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            names: Translatable::default(),
            kind: kind.into(),
            country: None,
            regions: Vec::new(),
            website: None,
            identifiers: Identifiers::default(),
            description: Translatable::default(),
            relationship: RelationshipStatus::default(),
            movement_entity: None,
            visibility: Visibility::default(),
            readers: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// Checks every field against the vocabularies.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("name", &self.name);
        e.limit("name", &self.name, 500);
        self.names.validate(&mut e, "names", false, 500);
        vocab.check(&mut e, "kind", Vocabulary::OrganisationKind, &self.kind);
        if let Some(c) = &self.country {
            check_country(&mut e, "country", c);
        }
        for (i, r) in self.regions.iter().enumerate() {
            vocab.check(&mut e, &format!("regions[{i}]"), Vocabulary::Region, r);
        }
        check_url(&mut e, "website", self.website.as_deref());
        self.identifiers.validate(&mut e, "identifiers");
        self.description
            .validate(&mut e, "description", false, 20_000);
        if let RelationshipStatus::Excluded { reason } = &self.relationship {
            e.require("relationship.reason", reason);
        }
        if let Some(m) = &self.movement_entity {
            vocab.check(
                &mut e,
                "movement_entity.kind",
                Vocabulary::MovementEntityKind,
                &m.kind,
            );
            for (i, c) in m.countries.iter().enumerate() {
                check_country(&mut e, &format!("movement_entity.countries[{i}]"), c);
            }
            for (i, r) in m.regions.iter().enumerate() {
                vocab.check(
                    &mut e,
                    &format!("movement_entity.regions[{i}]"),
                    Vocabulary::Region,
                    r,
                );
            }
        }
        check_tags(&mut e, &self.tags);
        e.into_result()
    }

    /// The regions for facets: the given ones plus the M49 areas containing its country.
    pub fn all_regions(&self) -> Vec<String> {
        let mut regions = self.regions.clone();
        if let Some(c) = self.country.as_deref().and_then(country::country) {
            regions.extend(c.regions.iter().cloned());
        }
        regions.sort();
        regions.dedup();
        regions
    }
}

impl Record for Organisation {
    const KIND: RecordKind = RecordKind::Organisation;
    type Id = OrganisationId;
    const SEARCHABLE: bool = true;
    const FACETS: &'static [&'static str] = &["kind", "status", "country", "region", "entity"];

    fn id(&self) -> OrganisationId {
        self.id
    }
    fn set_id(&mut self, id: OrganisationId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn readers(&self) -> Vec<AccountId> {
        self.readers.clone()
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
        let country = self.country.as_deref().unwrap_or("");
        let name = normalise_name(&self.name);
        if !name.is_empty() {
            keys.push(format!("name:{name}|{country}"));
        }
        // Every other name too, but only with a country: a bare name in another language
        // would join unrelated bodies.
        for other in self.names.texts().filter(|_| !country.is_empty()) {
            let other = normalise_name(other);
            let key = format!("name:{other}|{country}");
            if !other.is_empty() && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }
    fn search_text(&self) -> SearchText {
        let mut t = SearchText::default();
        t.names.push(self.name.clone());
        t.names.extend(self.names.texts().map(str::to_owned));
        t.body.extend(self.description.texts().map(str::to_owned));
        t.body.extend(self.tags.iter().cloned());
        if let Some(m) = &self.movement_entity {
            t.body.extend(m.themes.iter().cloned());
            t.facet("entity", self.id.to_string());
        }
        t.idents.extend(self.identifiers.texts().map(str::to_owned));
        t.facet("kind", self.kind.as_str());
        t.facet("status", self.relationship.as_str());
        t.facets("country", self.country.iter());
        t.facets("region", self.all_regions().iter());
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    pub(crate) fn museum() -> Organisation {
        Organisation {
            country: Some("NL".into()),
            website: Some("https://www.tropenmuseum.nl/".into()),
            identifiers: Identifiers {
                wikidata: Some("Q1131589".into()),
                ..Identifiers::default()
            },
            relationship: RelationshipStatus::Partner,
            ..Organisation::new(OrganisationId(Uuid::from_u128(1)), "Tropenmuseum", "museum")
        }
    }

    #[test]
    fn a_well_formed_organisation_passes() {
        assert_eq!(museum().validate(&Vocabularies::defaults()), Ok(()));
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut o = museum();
        o.name = " ".into();
        o.kind = "zoo".into();
        o.country = Some("XX".into());
        o.website = Some("javascript:alert(1)".into());
        o.identifiers.wikidata = Some("42".into());
        o.relationship = RelationshipStatus::Excluded {
            reason: String::new(),
        };
        let e = o.validate(&Vocabularies::defaults()).unwrap_err();
        for field in [
            "name",
            "kind",
            "country",
            "website",
            "identifiers.wikidata",
            "relationship.reason",
        ] {
            assert!(e.mentions(field), "{field} not named in {e}");
        }
    }

    #[test]
    fn match_keys_hold_every_name_with_the_country_after_the_identifiers() {
        let mut o = museum();
        o.names = Translatable::one("nl", "Het Tropenmuseum");
        o.names.0.insert("en".into(), "TROPENMUSEUM".into());
        assert_eq!(
            o.match_keys(),
            [
                "qid:Q1131589",
                "name:tropenmuseum|NL",
                "name:het tropenmuseum|NL"
            ]
        );
        o.country = None;
        assert_eq!(o.match_keys(), ["qid:Q1131589", "name:tropenmuseum|"]);
    }

    #[test]
    fn regions_include_the_country_areas() {
        assert_eq!(museum().all_regions(), ["150", "155"]);
    }

    #[test]
    fn unknown_fields_are_refused_when_parsing() {
        let err = serde_json::from_str::<Organisation>(
            r#"{"id":"00000000-0000-0000-0000-000000000001","name":"A","kind":"museum","colour":"red"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("colour"));
    }
}
