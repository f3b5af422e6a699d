//! The demo's partnership data file (`demo/seed_partnerships.json`) and its conversion to
//! domain records.
//!
//! The file is written by hand and reviewed like code, so its shapes are small and named for
//! people: partners and movement entities are referred to by name, texts are English strings,
//! and `notes` fields say where a value comes from without being loaded.

use std::collections::HashMap;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use concord_domain::identifier::Identifiers;
use concord_domain::partnership::{Outcome, Party, ProgressReport, ValueExchange};
use concord_domain::text::Translatable;
use concord_domain::{
    Organisation, OrganisationId, Partnership, PartnershipId, PartnershipStatus,
    RelationshipStatus, Visibility,
};
use serde::Deserialize;

/// The data file, compiled into the binary.
pub const SEED_JSON: &str = include_str!("../../demo/seed_partnerships.json");

/// The whole data file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedFile {
    /// What the file is and where its facts come from (not loaded).
    #[serde(default)]
    pub about: String,
    /// Partner organisations that are not movement entities.
    pub organisations: Vec<SeedOrganisation>,
    /// The partnerships the seed pages describe.
    pub partnerships: Vec<SeedPartnership>,
}

/// A partner organisation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedOrganisation {
    /// The name it is best known by (as the imported datasets spell it, where they have it).
    pub name: String,
    /// Other names, by language.
    #[serde(default)]
    pub names: Translatable,
    /// A key of `organisation_kind`.
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    #[serde(default)]
    pub country: Option<String>,
    /// Main web address.
    #[serde(default)]
    pub website: Option<String>,
    /// Wikidata QID, ROR ID, ISILs: only verified ones.
    #[serde(default)]
    pub identifiers: Identifiers,
    /// What the seed pages say of it, in English.
    pub description: String,
    /// `prospect`, `partner` or `former_partner`.
    pub relationship: String,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// For reviewers: where the values come from (not loaded).
    #[serde(default)]
    pub notes: String,
}

/// A partnership as the seed pages describe it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedPartnership {
    /// A stable short name, kept as the tag `demo:<slug>`.
    pub slug: String,
    /// English title.
    pub title: String,
    /// English summary, paraphrasing the pages.
    pub summary: String,
    /// The seed files it is taken from (`seed:000`), kept as tags.
    pub sources: Vec<String>,
    /// A key of `partnership_kind`.
    pub kind: String,
    /// Keys of `area`.
    #[serde(default)]
    pub areas: Vec<String>,
    /// A key of `level`.
    #[serde(default)]
    pub level: Option<String>,
    /// A key of `tier`.
    #[serde(default)]
    pub tier: Option<String>,
    /// A key of `instrument`.
    #[serde(default)]
    pub instrument: Option<String>,
    /// The parties.
    pub parties: Vec<SeedParty>,
    /// What each party gives and gets; `party` is a party's name.
    #[serde(default)]
    pub value_exchange: Vec<SeedValue>,
    /// Dated reports (dates as the pages give them).
    #[serde(default)]
    pub progress_reports: Vec<ProgressReport>,
    /// Outcomes and metrics the pages give.
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// Only when the pages give it.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// Only when the pages give it.
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    /// Where it stood.
    pub status: PartnershipStatus,
    /// Free tags besides the slug and sources.
    #[serde(default)]
    pub tags: Vec<String>,
    /// For reviewers: where the values come from (not loaded).
    #[serde(default)]
    pub notes: String,
}

/// A party: a movement entity (by its affiliates.csv name and country) or a partner of the file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedParty {
    /// A movement entity's name as in affiliates.csv ("Wikimedia Germany").
    #[serde(default)]
    pub entity: Option<String>,
    /// The movement entity's country, which its match key needs.
    #[serde(default)]
    pub country: Option<String>,
    /// A partner's name, as in this file's `organisations`.
    #[serde(default)]
    pub partner: Option<String>,
    /// A key of `party_role`.
    pub role: String,
}

/// What one party gives and gets.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedValue {
    /// The party's name.
    pub party: String,
    /// What it gives.
    #[serde(default)]
    pub gives: String,
    /// What it gets.
    #[serde(default)]
    pub gets: String,
}

/// How a party is found in the store.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PartyRef<'a> {
    /// A movement entity, by name and country.
    Entity {
        /// Its name.
        name: &'a str,
        /// Its country, if any.
        country: Option<&'a str>,
    },
    /// A partner of the file, by name.
    Partner(&'a str),
}

impl SeedParty {
    /// Its name, whichever kind it is.
    pub fn name(&self) -> &str {
        self.entity
            .as_deref()
            .or(self.partner.as_deref())
            .unwrap_or_default()
    }

    /// How to find it; fails unless exactly one of `entity` and `partner` is given.
    pub fn reference(&self) -> anyhow::Result<PartyRef<'_>> {
        match (&self.entity, &self.partner) {
            (Some(name), None) => Ok(PartyRef::Entity {
                name,
                country: self.country.as_deref(),
            }),
            (None, Some(name)) if self.country.is_none() => Ok(PartyRef::Partner(name)),
            (None, Some(name)) => {
                bail!(
                    "party `{name}`: `country` is only for entities; a partner's is in its record"
                )
            }
            _ => bail!("a party needs exactly one of `entity` and `partner`"),
        }
    }
}

impl SeedFile {
    /// Parses the data file compiled into the binary.
    pub fn bundled() -> anyhow::Result<Self> {
        Self::parse(SEED_JSON)
    }

    /// Parses a data file.
    pub fn parse(json: &str) -> anyhow::Result<Self> {
        serde_json::from_str(json).context("while parsing demo/seed_partnerships.json")
    }
}

impl SeedOrganisation {
    /// The organisation record, with the given id.
    pub fn to_organisation(&self, id: OrganisationId) -> anyhow::Result<Organisation> {
        let relationship = match self.relationship.as_str() {
            "prospect" => RelationshipStatus::Prospect,
            "partner" => RelationshipStatus::Partner,
            "former_partner" => RelationshipStatus::FormerPartner,
            other => bail!(
                "organisation `{}`: relationship `{other}` is not prospect, partner or former_partner",
                self.name
            ),
        };
        Ok(Organisation {
            names: self.names.clone(),
            country: self.country.clone(),
            website: self.website.clone(),
            identifiers: self.identifiers.clone(),
            description: Translatable::one("en", &self.description),
            relationship,
            tags: self.tags.clone(),
            ..Organisation::new(id, self.name.clone(), self.kind.clone())
        })
    }
}

impl SeedPartnership {
    /// The tag that marks this partnership as the demo's.
    pub fn slug_tag(&self) -> String {
        format!("demo:{}", self.slug)
    }

    /// The partnership record, with the given id; `ids` maps each party's name to its
    /// organisation.
    pub fn to_partnership(
        &self,
        id: PartnershipId,
        ids: &HashMap<String, OrganisationId>,
    ) -> anyhow::Result<Partnership> {
        let find = |name: &str, field: &str| {
            ids.get(name).copied().with_context(|| {
                format!(
                    "partnership `{}`: {field} `{name}` is not resolved",
                    self.slug
                )
            })
        };
        let mut parties = Vec::new();
        for p in &self.parties {
            p.reference()
                .with_context(|| format!("partnership `{}`: parties", self.slug))?;
            parties.push(Party {
                organisation: find(p.name(), "party")?,
                role: p.role.clone(),
            });
        }
        let mut value_exchange = Vec::new();
        for v in &self.value_exchange {
            if !self.parties.iter().any(|p| p.name() == v.party) {
                bail!(
                    "partnership `{}`: value_exchange names `{}`, which is not one of its parties",
                    self.slug,
                    v.party
                );
            }
            value_exchange.push(ValueExchange {
                party: find(&v.party, "value_exchange party")?,
                gives: v.gives.clone(),
                gets: v.gets.clone(),
                financial_terms: None,
                financial_visibility: Visibility::Parties,
                financial_readers: Vec::new(),
            });
        }
        let mut tags = vec![self.slug_tag()];
        tags.extend(self.sources.iter().cloned());
        tags.extend(self.tags.iter().cloned());
        Ok(Partnership {
            summary: Translatable::one("en", &self.summary),
            areas: self.areas.clone(),
            level: self.level.clone(),
            tier: self.tier.clone(),
            parties,
            instrument: self.instrument.clone(),
            value_exchange,
            progress_reports: self.progress_reports.clone(),
            outcomes: self.outcomes.clone(),
            start_date: self.start_date,
            end_date: self.end_date,
            status: self.status,
            tags,
            ..Partnership::new(id, Translatable::one("en", &self.title), self.kind.clone())
        })
    }
}
