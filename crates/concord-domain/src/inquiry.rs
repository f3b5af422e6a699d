//! The front door (DESIGN.md, "Inquiry"; issue #13, item 3): an outside organisation says what
//! it wants to do with the movement, without an account; Concord routes the inquiry to a
//! movement entity, whose stewards accept it (a prospect organisation, matched or created, and
//! an `idea` partnership), forward it to another entity with a note, or decline it with a
//! reason. The inquirer follows it through a private status link.
//!
//! This module is the domain's part, without I/O: the inquiry, its checks, and what each
//! decision does to it ([`Inquiry::decide`]). Still to come (next session): the record kind
//! in `kind.rs` (its visibility: `parties`, the routed entity being its party, so its contact
//! details reach that entity's stewards and admins only), the public form and `POST
//! /api/v1/inquiries` behind the database rate limit and a honeypot, the status link's token
//! (stored hashed, as API tokens are), the inbox's `inquiry` entries, and e-mail through lettre.

use serde::{Deserialize, Serialize};

use crate::check::{check_country, is_web_url};
use crate::validation::{Problem, ValidationErrors};
use crate::{OrganisationId, PartnershipId};

crate::id::uuid_id! {
    /// An inquiry.
    InquiryId,
}

/// How to reach the inquirer: seen by the stewards of the entity it is routed to, and admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InquiryContact {
    /// The person writing.
    pub name: String,
    /// Their e-mail address.
    pub email: String,
}

/// Where an inquiry stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum InquiryStatus {
    /// Waiting for the routed entity.
    #[default]
    New,
    /// Accepted: the prospect organisation and the idea it became.
    Accepted {
        /// The organisation, matched in the registry or created.
        organisation: OrganisationId,
        /// The partnership, an idea.
        partnership: PartnershipId,
    },
    /// Declined, with the reason the inquirer reads.
    Declined {
        /// Why.
        reason: String,
    },
}

/// An organisation's inquiry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Inquiry {
    /// Its id.
    pub id: InquiryId,
    /// The organisation's name.
    pub organisation: String,
    /// Its country (ISO 3166-1 alpha-2).
    pub country: String,
    /// Its website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// What it wants to do with the movement.
    pub wants: String,
    /// A term of `area`.
    pub area: String,
    /// How to reach the inquirer.
    pub contact: InquiryContact,
    /// The movement entity it is routed (or forwarded) to.
    pub routed_to: OrganisationId,
    /// Where it stands.
    #[serde(default, flatten)]
    pub status: InquiryStatus,
    /// The notes of each forwarding, oldest first: from which entity, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forwarded: Vec<Forwarding>,
}

/// One forwarding of an inquiry to another entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Forwarding {
    /// The entity it left.
    pub from: OrganisationId,
    /// The entity it went to.
    pub to: OrganisationId,
    /// Why.
    pub note: String,
}

/// What a steward of the routed entity decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InquiryDecision {
    /// Accept it, as this organisation and this new idea.
    Accept {
        /// The prospect organisation (matched or created by the caller).
        organisation: OrganisationId,
        /// The idea created for it.
        partnership: PartnershipId,
    },
    /// Send it to another entity, with a note.
    Forward {
        /// The entity.
        to: OrganisationId,
        /// Why.
        note: String,
    },
    /// Decline it, with a reason.
    Decline {
        /// Why (the inquirer reads it).
        reason: String,
    },
}

/// Why a decision is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotDecidable {
    /// Only a new inquiry is decided.
    #[error("this inquiry was decided already")]
    Decided,
    /// Forwarding to the entity it is already with.
    #[error("the inquiry is with that entity already")]
    SameEntity,
    /// A forward needs a note, a decline a reason.
    #[error("{0} is required")]
    Required(&'static str),
}

impl Inquiry {
    /// Checks what the inquirer typed: the organisation's name, a known country, a web
    /// address if any, what they want (at most 5,000 characters), an area, a name and an
    /// e-mail address that looks like one.
    pub fn check(&self, areas: &[String]) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        e.require("organisation", &self.organisation);
        e.limit("organisation", &self.organisation, 300);
        check_country(&mut e, "country", &self.country);
        if let Some(site) = &self.website
            && !is_web_url(site)
        {
            e.add(
                "website",
                Problem::Malformed {
                    value: site.clone(),
                    expected: "an http or https address".into(),
                },
            );
        }
        e.require("wants", &self.wants);
        e.limit("wants", &self.wants, 5_000);
        if !areas.contains(&self.area) {
            e.add(
                "area",
                Problem::UnknownValue {
                    vocabulary: "area".into(),
                    value: self.area.clone(),
                    known: areas.join(", "),
                },
            );
        }
        e.require("contact.name", &self.contact.name);
        e.limit("contact.name", &self.contact.name, 300);
        let email = self.contact.email.trim();
        let looks_like_one = email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
            && !email.contains(char::is_whitespace);
        if !looks_like_one {
            e.add(
                "contact.email",
                Problem::Malformed {
                    value: self.contact.email.clone(),
                    expected: "an e-mail address".into(),
                },
            );
        }
        e.limit("contact.email", &self.contact.email, 320);
        e.into_result()
    }

    /// Applies a steward's `decision`: only a new inquiry is decided; a forward keeps it new,
    /// routed to the other entity, with the note kept.
    pub fn decide(&mut self, decision: InquiryDecision) -> Result<(), NotDecidable> {
        if self.status != InquiryStatus::New {
            return Err(NotDecidable::Decided);
        }
        match decision {
            InquiryDecision::Accept {
                organisation,
                partnership,
            } => {
                self.status = InquiryStatus::Accepted {
                    organisation,
                    partnership,
                };
            }
            InquiryDecision::Forward { to, note } => {
                if to == self.routed_to {
                    return Err(NotDecidable::SameEntity);
                }
                let note = note.trim().to_owned();
                if note.is_empty() {
                    return Err(NotDecidable::Required("a note"));
                }
                self.forwarded.push(Forwarding {
                    from: self.routed_to,
                    to,
                    note,
                });
                self.routed_to = to;
            }
            InquiryDecision::Decline { reason } => {
                let reason = reason.trim().to_owned();
                if reason.is_empty() {
                    return Err(NotDecidable::Required("a reason"));
                }
                self.status = InquiryStatus::Declined { reason };
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    const SVERIGE: OrganisationId = OrganisationId(Uuid::from_u128(1));
    const NORGE: OrganisationId = OrganisationId(Uuid::from_u128(2));

    fn inquiry() -> Inquiry {
        Inquiry {
            id: InquiryId(Uuid::from_u128(9)),
            organisation: "Nordiska museet".into(),
            country: "SE".into(),
            website: Some("https://www.nordiskamuseet.se".into()),
            wants: "Share our photo archive on Wikimedia Commons".into(),
            area: "content_glam".into(),
            contact: InquiryContact {
                name: "Anna Berg".into(),
                email: "anna@example.org".into(),
            },
            routed_to: SVERIGE,
            status: InquiryStatus::New,
            forwarded: Vec::new(),
        }
    }

    fn fields(e: ValidationErrors) -> Vec<String> {
        e.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn what_the_inquirer_typed_is_checked_field_by_field() {
        let areas = vec!["content_glam".to_owned()];
        assert!(inquiry().check(&areas).is_ok());
        let mut bad = inquiry();
        bad.organisation = " ".into();
        bad.country = "XX".into();
        bad.website = Some("javascript:alert(1)".into());
        bad.wants = String::new();
        bad.area = "astrology".into();
        bad.contact.email = "anna at example".into();
        assert_eq!(
            fields(bad.check(&areas).unwrap_err()),
            [
                "organisation",
                "country",
                "website",
                "wants",
                "area",
                "contact.email"
            ]
        );
    }

    #[test]
    fn a_new_inquiry_is_accepted_forwarded_with_a_note_or_declined_with_a_reason() {
        let mut a = inquiry();
        assert_eq!(
            a.decide(InquiryDecision::Forward {
                to: SVERIGE,
                note: "ours".into()
            }),
            Err(NotDecidable::SameEntity)
        );
        assert_eq!(
            a.decide(InquiryDecision::Forward {
                to: NORGE,
                note: " ".into()
            }),
            Err(NotDecidable::Required("a note"))
        );
        a.decide(InquiryDecision::Forward {
            to: NORGE,
            note: "The archive is in Oslo".into(),
        })
        .unwrap();
        assert_eq!((a.routed_to, a.status.clone()), (NORGE, InquiryStatus::New));
        assert_eq!(a.forwarded[0].from, SVERIGE);
        let accepted = InquiryDecision::Accept {
            organisation: OrganisationId(Uuid::from_u128(3)),
            partnership: PartnershipId(Uuid::from_u128(4)),
        };
        a.decide(accepted.clone()).unwrap();
        assert!(matches!(a.status, InquiryStatus::Accepted { .. }));
        assert_eq!(a.decide(accepted), Err(NotDecidable::Decided));
        let mut b = inquiry();
        assert_eq!(
            b.decide(InquiryDecision::Decline { reason: "".into() }),
            Err(NotDecidable::Required("a reason"))
        );
        b.decide(InquiryDecision::Decline {
            reason: "We do not work with archives abroad".into(),
        })
        .unwrap();
        assert!(matches!(b.status, InquiryStatus::Declined { .. }));
    }
}
