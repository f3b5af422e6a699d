//! People and their memberships (the working-group member table of the seeds: name,
//! organisation, role, geography). Contact details carry their own visibility.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::check::{check_country, check_tags};
use crate::record::{Record, RecordKind, Reference, reference};
use crate::validation::{Problem, ValidationErrors};
use crate::visibility::{Viewer, Visibility};
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::{AccountId, OrganisationId, PersonId};

/// A person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Its id.
    pub id: PersonId,
    /// Full name.
    pub name: String,
    /// ISO country they are based in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Region (`region` vocabulary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Affiliations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<Membership>,
    /// How to reach them; hidden from viewers below its visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// Who may see the person.
    #[serde(default)]
    pub visibility: Visibility,
    /// Accounts that may see it at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
    /// Free tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A person's affiliation with an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The organisation.
    pub organisation: OrganisationId,
    /// Their role there ("board member", "GLAM coordinator").
    pub role: String,
    /// Since when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// Until when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<NaiveDate>,
}

/// Contact details, with their own visibility.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Who may see these details.
    #[serde(default = "restricted_by_default")]
    pub visibility: Visibility,
    /// Accounts that may see these details at `restricted` (besides admins).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readers: Vec<AccountId>,
}

fn restricted_by_default() -> Visibility {
    Visibility::Parties
}

impl Person {
    /// A public person named `name`, without memberships or contact details: set the other
    /// fields with struct update syntax.
    pub fn new(id: PersonId, name: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            country: None,
            region: None,
            memberships: Vec::new(),
            contact: None,
            visibility: Visibility::default(),
            readers: Vec::new(),
            tags: Vec::new(),
        }
    }

    /// The organisations whose stewards count as parties.
    pub fn parties(&self) -> Vec<OrganisationId> {
        self.memberships.iter().map(|m| m.organisation).collect()
    }

    /// Checks every field.
    pub fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("name", &self.name);
        e.limit("name", &self.name, 300);
        if let Some(c) = &self.country {
            check_country(&mut e, "country", c);
        }
        if let Some(r) = &self.region {
            vocab.check(&mut e, "region", Vocabulary::Region, r);
        }
        for (i, m) in self.memberships.iter().enumerate() {
            e.require(&format!("memberships[{i}].role"), &m.role);
            if let (Some(since), Some(until)) = (m.since, m.until)
                && until < since
            {
                e.add(
                    format!("memberships[{i}].until"),
                    Problem::DateOrder {
                        other: format!("memberships[{i}].since"),
                    },
                );
            }
        }
        if let Some(email) = self.contact.as_ref().and_then(|c| c.email.as_deref()) {
            let ok = crate::check::is_email(email);
            if !ok {
                e.add(
                    "contact.email",
                    Problem::Malformed {
                        value: email.chars().take(100).collect(),
                        expected: "an e-mail address".into(),
                    },
                );
            }
        }
        check_tags(&mut e, &self.tags);
        e.into_result()
    }

    /// Removes the contact details this viewer may not see.
    pub fn redact(&mut self, viewer: &Viewer) {
        let parties = self.parties();
        if let Some(c) = &self.contact
            && !viewer.can_see(c.visibility, &parties, &c.readers)
        {
            self.contact = None;
        }
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
    fn readers(&self) -> Vec<AccountId> {
        self.readers.clone()
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

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn person() -> Person {
        Person {
            country: Some("DE".into()),
            memberships: vec![Membership {
                organisation: OrganisationId(Uuid::from_u128(1)),
                role: "GLAM coordinator".into(),
                since: NaiveDate::from_ymd_opt(2020, 1, 1),
                until: None,
            }],
            contact: Some(Contact {
                email: Some("ada@example.org".into()),
                phone: None,
                visibility: Visibility::Parties,
                readers: Vec::new(),
            }),
            ..Person::new(PersonId(Uuid::from_u128(9)), "Ada Example")
        }
    }

    #[test]
    fn a_well_formed_person_passes() {
        assert_eq!(person().validate(&Vocabularies::defaults()), Ok(()));
    }

    #[test]
    fn membership_dates_and_email_are_checked() {
        let mut p = person();
        p.memberships[0].until = NaiveDate::from_ymd_opt(2019, 1, 1);
        p.contact = Some(Contact {
            email: Some("not an address".into()),
            phone: None,
            visibility: Visibility::Parties,
            readers: Vec::new(),
        });
        let e = p.validate(&Vocabularies::defaults()).unwrap_err();
        assert!(
            e.mentions("memberships[0].until") && e.mentions("contact.email"),
            "{e}"
        );
    }

    #[test]
    fn contact_details_are_hidden_below_their_visibility() {
        let mut seen_by_member = person();
        seen_by_member.redact(&Viewer::with_roles("m", [crate::Role::Member]));
        assert_eq!(seen_by_member.contact, None);
        let mut seen_by_steward = person();
        seen_by_steward.redact(&Viewer::with_roles(
            "s",
            [crate::Role::Steward(OrganisationId(Uuid::from_u128(1)))],
        ));
        assert!(seen_by_steward.contact.is_some());
    }
}
