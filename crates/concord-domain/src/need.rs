//! Needs: what a project or community most needs this cycle ("first find the need, then find
//! the partner").

use serde::{Deserialize, Serialize};

use crate::check::{check_country, check_tags};
use crate::record::{Record, RecordKind, Reference, reference};
use crate::search_text::SearchText;
use crate::text::Translatable;
use crate::validation::ValidationErrors;
use crate::visibility::Visibility;
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::{AccountId, NeedId, OrganisationId};

/// A need of a project or community.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Need {
    /// Its id.
    pub id: NeedId,
    /// Title, by language.
    pub title: Translatable,
    /// Description, by language.
    #[serde(default, skip_serializing_if = "Translatable::is_empty_map")]
    pub description: Translatable,
    /// A term of `area`.
    pub area: String,
    /// ISO countries concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Regions concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// The movement entity whose need it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub movement_entity: Option<OrganisationId>,
    /// The cycle (year) it is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Who supports it (names of people, groups or projects).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supporters: Vec<String>,
    /// Open, matched or fulfilled.
    #[serde(default)]
    pub status: NeedStatus,
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

/// Where a need stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    /// Looking for a partner.
    #[default]
    Open,
    /// A partner was found.
    Matched,
    /// Done.
    Fulfilled,
}

impl NeedStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            NeedStatus::Open => "open",
            NeedStatus::Matched => "matched",
            NeedStatus::Fulfilled => "fulfilled",
        }
    }
}

impl Need {
    /// A public, open need titled `title` in `area` (an `area` term), with nothing else filled
    /// in: set the other fields with struct update syntax.
    pub fn new(id: NeedId, title: Translatable, area: impl Into<String>) -> Self {
        Self {
            id,
            title,
            description: Translatable::default(),
            area: area.into(),
            countries: Vec::new(),
            regions: Vec::new(),
            movement_entity: None,
            year: None,
            supporters: Vec::new(),
            status: NeedStatus::default(),
            visibility: Visibility::default(),
            readers: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// Checks every field.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        self.title.validate(&mut e, "title", true, 500);
        self.description
            .validate(&mut e, "description", false, 20_000);
        vocab.check(&mut e, "area", Vocabulary::Area, &self.area);
        for (i, c) in self.countries.iter().enumerate() {
            check_country(&mut e, &format!("countries[{i}]"), c);
        }
        for (i, r) in self.regions.iter().enumerate() {
            vocab.check(&mut e, &format!("regions[{i}]"), Vocabulary::Region, r);
        }
        if let Some(y) = self.year
            && !(1990..=2200).contains(&y)
        {
            e.add(
                "year",
                crate::Problem::Malformed {
                    value: y.to_string(),
                    expected: "a year between 1990 and 2200".into(),
                },
            );
        }
        for (i, s) in self.supporters.iter().enumerate() {
            e.require(&format!("supporters[{i}]"), s);
        }
        check_tags(&mut e, &self.tags);
        e.into_result()
    }
}

impl Record for Need {
    const KIND: RecordKind = RecordKind::Need;
    type Id = NeedId;
    const MEMBERS_PROPOSE: bool = true;
    const SEARCHABLE: bool = true;
    const FACETS: &'static [&'static str] =
        &["area", "status", "country", "region", "entity", "year"];

    fn id(&self) -> NeedId {
        self.id
    }
    fn set_id(&mut self, id: NeedId) {
        self.id = id;
    }
    fn visibility(&self) -> Visibility {
        self.visibility
    }
    fn readers(&self) -> Vec<AccountId> {
        self.readers.clone()
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
    fn search_text(&self) -> SearchText {
        let mut t = SearchText::default();
        t.names.extend(self.title.texts().map(str::to_owned));
        t.body.extend(self.description.texts().map(str::to_owned));
        t.body.extend(self.tags.iter().cloned());
        t.body.extend(self.supporters.iter().cloned());
        t.facet("area", self.area.as_str());
        t.facets("country", self.countries.iter());
        t.facets("region", self.regions.iter());
        if let Some(e) = self.movement_entity {
            t.facet("entity", e.to_string());
        }
        if let Some(y) = self.year {
            t.facet("year", y.to_string());
        }
        t.facet("status", self.status.as_str());
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn need() -> Need {
        Need {
            countries: vec!["SE".into()],
            regions: vec!["nwe".into()],
            year: Some(2026),
            supporters: vec!["WikiProject Maps".into()],
            ..Need::new(
                NeedId(Uuid::from_u128(5)),
                Translatable::one("en", "Scans of historical maps"),
                "content_glam",
            )
        }
    }

    #[test]
    fn a_well_formed_need_passes() {
        assert_eq!(need().validate(&Vocabularies::defaults()), Ok(()));
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut n = need();
        n.title = Translatable::default();
        n.area = "weather".into();
        n.countries.push("ZZ".into());
        n.year = Some(12);
        n.supporters.push(" ".into());
        let e = n.validate(&Vocabularies::defaults()).unwrap_err();
        for field in ["title", "area", "countries[1]", "year", "supporters[1]"] {
            assert!(e.mentions(field), "{field} missing from {e}");
        }
    }
}
