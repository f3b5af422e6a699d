//! Fixture builders: valid records with fresh ids, and the viewers the suite asks as.
//!
//! They live here (not in `concord-testkit`) because the conformance suite needs them and the
//! testkit depends on this crate; `concord-testkit` re-exports everything in this module.

use concord_domain::organisation::MovementEntity;
use concord_domain::partnership::Party;
use concord_domain::person::Membership;
use concord_domain::text::Translatable;
use concord_domain::{
    AccountId, GlossaryTerm, Need, Organisation, OrganisationId, Partnership, Person, Role, Viewer,
    Visibility,
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

/// A member signed in with `account`, whom records may name as a reader.
pub fn member_with_account(account: AccountId) -> Viewer {
    Viewer {
        account: Some(account),
        ..member()
    }
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
    OrganisationBuilder(Organisation::new(
        OrganisationId(new_id()),
        name.to_owned(),
        "museum".to_owned(),
    ))
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
    PartnershipBuilder(Partnership::new(
        new_id().into(),
        Translatable::one("en", title),
        "partnership",
    ))
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
    /// The accounts that may see it at `restricted`.
    pub fn readers(mut self, readers: &[AccountId]) -> Self {
        self.0.readers = readers.to_vec();
        self
    }
    /// The partnership.
    pub fn build(self) -> Partnership {
        self.0
    }
}

/// Starts a need: public, open, in `community` unless told otherwise.
pub fn need(title: &str) -> NeedBuilder {
    NeedBuilder(Need::new(
        new_id().into(),
        Translatable::one("en", title),
        "community",
    ))
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
    PersonBuilder(Person::new(new_id().into(), name.to_owned()))
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
    GlossaryTerm::new(
        new_id().into(),
        Translatable::one("en", term),
        Translatable::one("en", definition),
    )
}
