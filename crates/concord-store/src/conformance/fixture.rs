//! Fixture builders: valid records with fresh ids, and the viewers the suite asks as.
//!
//! They live here (not in `concord-testkit`) because the conformance suite needs them and the
//! testkit depends on this crate; `concord-testkit` re-exports everything in this module.

use concord_domain::identifier::Identifiers;
use concord_domain::organisation::{MovementEntity, RelationshipStatus};
use concord_domain::partnership::Party;
use concord_domain::person::Membership;
use concord_domain::text::Translatable;
use concord_domain::{
    GlossaryTerm, Need, NeedStatus, Organisation, OrganisationId, Partnership, PartnershipStatus,
    Person, Role, Viewer, Visibility,
};

use crate::new_id;

/// A visitor without an account.
pub fn visitor() -> Viewer {
    Viewer::anonymous()
}

/// A member of the movement.
pub fn member() -> Viewer {
    Viewer::with_roles("member", [Role::Member])
}

/// A steward of one movement entity.
pub fn steward(entity: impl Into<OrganisationId>) -> Viewer {
    Viewer::with_roles("steward", [Role::Steward(entity.into())])
}

/// An admin: sees everything.
pub fn admin() -> Viewer {
    Viewer::with_roles("admin", [Role::Admin])
}

/// Starts an organisation: a public museum with no country unless told otherwise.
pub fn organisation(name: &str) -> OrganisationBuilder {
    OrganisationBuilder(Organisation {
        id: OrganisationId(new_id()),
        name: name.to_owned(),
        names: Translatable::default(),
        kind: "museum".to_owned(),
        country: None,
        regions: Vec::new(),
        website: None,
        identifiers: Identifiers::default(),
        description: Translatable::default(),
        relationship: RelationshipStatus::Prospect,
        movement_entity: None,
        visibility: Visibility::Public,
        tags: Vec::new(),
    })
}

/// Builds an [`Organisation`].
#[derive(Clone, Debug)]
pub struct OrganisationBuilder(Organisation);

impl OrganisationBuilder {
    /// A term of `organisation_kind`.
    pub fn kind(mut self, kind: &str) -> Self {
        self.0.kind = kind.to_owned();
        self
    }
    /// An ISO country code.
    pub fn country(mut self, country: &str) -> Self {
        self.0.country = Some(country.to_owned());
        self
    }
    /// A Wikidata QID.
    pub fn qid(mut self, qid: &str) -> Self {
        self.0.identifiers.wikidata = Some(qid.to_owned());
        self
    }
    /// Who may see it.
    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.0.visibility = visibility;
        self
    }
    /// Makes it a movement entity of this `movement_entity_kind` (`chapter`, `user_group`).
    pub fn movement_entity(mut self, kind: &str) -> Self {
        self.0.movement_entity = Some(MovementEntity {
            kind: kind.to_owned(),
            countries: self.0.country.iter().cloned().collect(),
            regions: Vec::new(),
            themes: Vec::new(),
        });
        self
    }
    /// The organisation.
    pub fn build(self) -> Organisation {
        self.0
    }
}

/// Starts a partnership: a public idea of kind `partnership`, without parties.
pub fn partnership(title: &str) -> PartnershipBuilder {
    PartnershipBuilder(Partnership {
        id: new_id().into(),
        title: Translatable::one("en", title),
        summary: Translatable::default(),
        kind: "partnership".to_owned(),
        areas: Vec::new(),
        level: None,
        tier: None,
        parties: Vec::new(),
        instrument: None,
        value_exchange: Vec::new(),
        obligations: Vec::new(),
        milestones: Vec::new(),
        progress_reports: Vec::new(),
        outcomes: Vec::new(),
        start_date: None,
        end_date: None,
        review_date: None,
        status: PartnershipStatus::Idea,
        visibility: Visibility::Public,
        tags: Vec::new(),
        renews: None,
        replicates: None,
        needs: Vec::new(),
    })
}

/// Builds a [`Partnership`].
#[derive(Clone, Debug)]
pub struct PartnershipBuilder(Partnership);

impl PartnershipBuilder {
    fn party(mut self, organisation: OrganisationId, role: &str) -> Self {
        self.0.parties.push(Party {
            organisation,
            role: role.to_owned(),
        });
        self
    }
    /// Adds the lead party.
    pub fn lead(self, organisation: impl Into<OrganisationId>) -> Self {
        self.party(organisation.into(), "lead")
    }
    /// Adds a partner.
    pub fn partner(self, organisation: impl Into<OrganisationId>) -> Self {
        self.party(organisation.into(), "partner")
    }
    /// Adds an area of work.
    pub fn area(mut self, area: &str) -> Self {
        self.0.areas.push(area.to_owned());
        self
    }
    /// Who may see it.
    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.0.visibility = visibility;
        self
    }
    /// The partnership.
    pub fn build(self) -> Partnership {
        self.0
    }
}

/// Starts a need: public, open, in `community` unless told otherwise.
pub fn need(title: &str) -> NeedBuilder {
    NeedBuilder(Need {
        id: new_id().into(),
        title: Translatable::one("en", title),
        description: Translatable::default(),
        area: "community".to_owned(),
        countries: Vec::new(),
        regions: Vec::new(),
        movement_entity: None,
        year: None,
        supporters: Vec::new(),
        status: NeedStatus::Open,
        visibility: Visibility::Public,
        tags: Vec::new(),
    })
}

/// Builds a [`Need`].
#[derive(Clone, Debug)]
pub struct NeedBuilder(Need);

impl NeedBuilder {
    /// A term of `area`.
    pub fn area(mut self, area: &str) -> Self {
        self.0.area = area.to_owned();
        self
    }
    /// The movement entity whose need it is.
    pub fn entity(mut self, organisation: impl Into<OrganisationId>) -> Self {
        self.0.movement_entity = Some(organisation.into());
        self
    }
    /// Who may see it.
    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.0.visibility = visibility;
        self
    }
    /// The need.
    pub fn build(self) -> Need {
        self.0
    }
}

/// Starts a person: public, without memberships.
pub fn person(name: &str) -> PersonBuilder {
    PersonBuilder(Person {
        id: new_id().into(),
        name: name.to_owned(),
        country: None,
        region: None,
        memberships: Vec::new(),
        contact: None,
        visibility: Visibility::Public,
        tags: Vec::new(),
    })
}

/// Builds a [`Person`].
#[derive(Clone, Debug)]
pub struct PersonBuilder(Person);

impl PersonBuilder {
    /// Adds a membership of `organisation` with `role`.
    pub fn member_of(mut self, organisation: impl Into<OrganisationId>, role: &str) -> Self {
        self.0.memberships.push(Membership {
            organisation: organisation.into(),
            role: role.to_owned(),
            since: None,
            until: None,
        });
        self
    }
    /// Who may see the person.
    pub fn visibility(mut self, visibility: Visibility) -> Self {
        self.0.visibility = visibility;
        self
    }
    /// The person.
    pub fn build(self) -> Person {
        self.0
    }
}

/// A public glossary term with an English definition.
pub fn glossary_term(term: &str, definition: &str) -> GlossaryTerm {
    GlossaryTerm {
        id: new_id().into(),
        term: Translatable::one("en", term),
        definition: Translatable::one("en", definition),
        related: Vec::new(),
        visibility: Visibility::Public,
        tags: Vec::new(),
    }
}
