//! The front door (DESIGN.md, "Inquiry"; issue #13, item 3): an outside organisation says what
//! it wants to do with the movement, without an account; Concord routes the inquiry to a
//! movement entity, whose stewards accept it (a prospect organisation, matched or created, and
//! an `idea` partnership), forward it to another entity with a note, or decline it with a
//! reason. The inquirer follows it through a private status link.
//!
//! An inquiry is a record kind, visible to the stewards of the entity it is routed to (its one
//! party) and to admins, so its contact details reach no one else. What the inquirer typed is
//! checked by [`Inquiry::check`]; what a decision does to it is [`Inquiry::decide`]; where it
//! stands, who has it and the status link's hash change only through those, never through an
//! edit ([`Record::check_workflow`]).

use serde::{Deserialize, Serialize};

use crate::check::{check_country, is_email, is_web_url};
use crate::record::{Record, RecordKind, Reference, reference};
use crate::search_text::SearchText;
use crate::text::is_language_code;
use crate::validation::{Problem, ValidationErrors};
use crate::visibility::{Viewer, Visibility};
use crate::vocabulary::{Vocabularies, Vocabulary};
use crate::{AccountId, OrganisationId, PartnershipId};

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InquiryStatus {
    /// Waiting for the entity it is routed to.
    #[default]
    New,
    /// Accepted: a prospect organisation and an idea.
    Accepted,
    /// Declined, with a reason.
    Declined,
}

impl InquiryStatus {
    /// Every status, in the order an inquiry goes through them.
    pub const ALL: [InquiryStatus; 3] = [Self::New, Self::Accepted, Self::Declined];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }
}

/// What an accepted inquiry became.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    /// The organisation, matched in the registry or created.
    pub organisation: OrganisationId,
    /// The partnership, an idea.
    pub partnership: PartnershipId,
}

/// What the inquirer types at the front door.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InquiryForm {
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
    /// The language the inquirer writes in and reads the status page and e-mails in (a
    /// language tag, `en` when not given).
    #[serde(default = "english")]
    pub language: String,
}

fn english() -> String {
    "en".to_owned()
}

// It repeats `InquiryForm`'s fields rather than flattening it: serde does not refuse unknown
// fields through a flattened struct.
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
    /// The language the inquirer reads the status page and e-mails in.
    #[serde(default = "english")]
    pub language: String,
    /// The movement entity it is routed (or forwarded) to: its stewards see and decide it.
    pub routed_to: OrganisationId,
    /// Where it stands.
    #[serde(default)]
    pub status: InquiryStatus,
    /// What it became, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Accepted>,
    /// Why it was declined (the inquirer reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Each forwarding, oldest first: from which entity, to which, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forwarded: Vec<Forwarding>,
    /// The hash of its status link's secret; never shown (every reader gets it removed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "openapi", schema(read_only))]
    pub access: String,
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
    Accept(Accepted),
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

impl InquiryForm {
    /// Checks what the inquirer typed: the organisation's name, a known country, a web
    /// address if any, what they want (at most 5,000 characters), an area of `vocab`, a name,
    /// an e-mail address that looks like one, and a language tag.
    pub fn check(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
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
        vocab.check(&mut e, "area", Vocabulary::Area, &self.area);
        e.require("contact.name", &self.contact.name);
        e.limit("contact.name", &self.contact.name, 300);
        if !is_email(&self.contact.email) {
            e.add(
                "contact.email",
                Problem::Malformed {
                    value: self.contact.email.clone(),
                    expected: "an e-mail address".into(),
                },
            );
        }
        e.limit("contact.email", &self.contact.email, 320);
        if !is_language_code(&self.language) {
            e.add(
                "language",
                Problem::Malformed {
                    value: self.language.clone(),
                    expected: "a language tag such as `en` or `pt-br`".into(),
                },
            );
        }
        e.into_result()
    }

    /// The form as a person typed it on a page: surrounding spaces trimmed, the country in
    /// upper case, the language tag in lower case, and an empty website left out.
    pub fn trimmed(mut self) -> Self {
        for s in [
            &mut self.organisation,
            &mut self.country,
            &mut self.wants,
            &mut self.area,
            &mut self.contact.name,
            &mut self.contact.email,
            &mut self.language,
        ] {
            *s = s.trim().to_owned();
        }
        self.country = self.country.to_uppercase();
        self.language = self.language.to_lowercase();
        self.website = self
            .website
            .map(|w| w.trim().to_owned())
            .filter(|w| !w.is_empty());
        self
    }
}

impl Inquiry {
    /// A new inquiry from what the inquirer typed, routed to `routed_to`, its status link's
    /// secret stored as the hash `access`.
    pub fn received(
        id: InquiryId,
        form: InquiryForm,
        routed_to: OrganisationId,
        access: String,
    ) -> Self {
        Self {
            id,
            organisation: form.organisation,
            country: form.country,
            website: form.website,
            wants: form.wants,
            area: form.area,
            contact: form.contact,
            language: form.language,
            routed_to,
            status: InquiryStatus::New,
            accepted: None,
            reason: None,
            forwarded: Vec::new(),
            access,
        }
    }

    /// What the inquirer typed, as they typed it.
    pub fn form(&self) -> InquiryForm {
        InquiryForm {
            organisation: self.organisation.clone(),
            country: self.country.clone(),
            website: self.website.clone(),
            wants: self.wants.clone(),
            area: self.area.clone(),
            contact: self.contact.clone(),
            language: self.language.clone(),
        }
    }

    /// The match key under which the store finds it by its status link's hash.
    pub fn access_key(hash: &str) -> String {
        format!("access:{hash}")
    }

    /// Applies a steward's `decision`: only a new inquiry is decided; a forward keeps it new,
    /// routed to the other entity, with the note kept.
    pub fn decide(&mut self, decision: InquiryDecision) -> Result<(), NotDecidable> {
        if self.status != InquiryStatus::New {
            return Err(NotDecidable::Decided);
        }
        match decision {
            InquiryDecision::Accept(accepted) => {
                self.status = InquiryStatus::Accepted;
                self.accepted = Some(accepted);
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
                self.status = InquiryStatus::Declined;
                self.reason = Some(reason);
            }
        }
        Ok(())
    }

    /// Checks that where it stands agrees with what it holds: an accepted inquiry says what it
    /// became, a declined one why, a new one neither.
    fn check_outcome(&self, e: &mut ValidationErrors) {
        let rule = |rule: &str| Problem::Rule { rule: rule.into() };
        match (self.status, self.accepted.is_some(), self.reason.is_some()) {
            (InquiryStatus::New, false, false)
            | (InquiryStatus::Accepted, true, false)
            | (InquiryStatus::Declined, false, true) => {}
            (InquiryStatus::Accepted, false, _) => {
                e.add("accepted", rule("an accepted inquiry names what it became"));
            }
            (InquiryStatus::Declined, _, false) => {
                e.add("reason", rule("a declined inquiry gives its reason"));
            }
            (_, true, _) => e.add(
                "accepted",
                rule("only an accepted inquiry became something"),
            ),
            (_, _, true) => e.add("reason", rule("only a declined inquiry has a reason")),
        }
        if let Some(reason) = &self.reason {
            e.limit("reason", reason, 2_000);
        }
        for (i, f) in self.forwarded.iter().enumerate() {
            e.limit(&format!("forwarded[{i}].note"), &f.note, 2_000);
        }
    }
}

impl Record for Inquiry {
    const KIND: RecordKind = RecordKind::Inquiry;
    type Id = InquiryId;
    const REDACTS: bool = true;
    const OWN_CREATE: bool = true;
    const SEARCHABLE: bool = true;
    const FACETS: &'static [&'static str] = &["area", "status", "country", "entity"];
    const WORKFLOW_FIELDS: &'static [&'static str] = &[
        "routed_to",
        "status",
        "accepted",
        "reason",
        "forwarded",
        "access",
    ];

    fn id(&self) -> InquiryId {
        self.id
    }
    fn set_id(&mut self, id: InquiryId) {
        self.id = id;
    }
    /// Always `parties`: the entity it is routed to is its party.
    fn visibility(&self) -> Visibility {
        Visibility::Parties
    }
    fn parties(&self) -> Vec<OrganisationId> {
        vec![self.routed_to]
    }
    fn readers(&self) -> Vec<AccountId> {
        Vec::new()
    }
    fn validate(&self, vocab: &Vocabularies) -> Result<(), ValidationErrors> {
        let mut e = match self.form().check(vocab) {
            Ok(()) => ValidationErrors::default(),
            Err(e) => e,
        };
        self.check_outcome(&mut e);
        e.into_result()
    }
    fn label(&self) -> String {
        self.organisation.clone()
    }
    /// The status link's hash is no reader's business: the store keeps it to find the
    /// inquiry by its link, and nothing shows it.
    fn redact(&mut self, _viewer: &Viewer) {
        self.access.clear();
    }
    fn references(&self) -> Vec<Reference> {
        let mut refs = vec![reference(
            "routed_to".into(),
            RecordKind::Organisation,
            self.routed_to,
        )];
        if let Some(a) = self.accepted {
            refs.push(reference(
                "accepted.organisation".into(),
                RecordKind::Organisation,
                a.organisation,
            ));
            refs.push(reference(
                "accepted.partnership".into(),
                RecordKind::Partnership,
                a.partnership,
            ));
        }
        for (i, f) in self.forwarded.iter().enumerate() {
            refs.push(reference(
                format!("forwarded[{i}].from"),
                RecordKind::Organisation,
                f.from,
            ));
        }
        refs
    }
    fn match_keys(&self) -> Vec<String> {
        if self.access.is_empty() {
            Vec::new()
        } else {
            vec![Self::access_key(&self.access)]
        }
    }
    /// Its names and what it wants; never the contact.
    fn search_text(&self) -> SearchText {
        let mut t = SearchText::default();
        t.names.push(self.organisation.clone());
        t.body.push(self.wants.clone());
        t.facet("area", self.area.as_str());
        t.facet("status", self.status.as_str());
        t.facet("country", self.country.as_str());
        t.facet("entity", self.routed_to.to_string());
        t
    }
    fn check_workflow(&self, before: Option<&Self>) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::default();
        let rule = || Problem::Rule {
            rule: "an inquiry arrives through the front door (POST /api/v1/inquiries) and is \
                   accepted, forwarded or declined with POST /api/v1/inquiries/{id}/decision; \
                   an edit changes what the inquirer wrote, nothing else"
                .into(),
        };
        let Some(b) = before else {
            e.add("status", rule());
            return e.into_result();
        };
        if self.routed_to != b.routed_to {
            e.add("routed_to", rule());
        }
        if self.status != b.status {
            e.add("status", rule());
        }
        if self.accepted != b.accepted {
            e.add("accepted", rule());
        }
        if self.reason != b.reason {
            e.add("reason", rule());
        }
        if self.forwarded != b.forwarded {
            e.add("forwarded", rule());
        }
        if self.access != b.access {
            e.add("access", rule());
        }
        e.into_result()
    }
    fn keep_workflow(&mut self, current: &Self) {
        self.routed_to = current.routed_to;
        self.status = current.status;
        self.accepted = current.accepted;
        self.reason = current.reason.clone();
        self.forwarded = current.forwarded.clone();
        self.access = current.access.clone();
    }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    const SVERIGE: OrganisationId = OrganisationId(Uuid::from_u128(1));
    const NORGE: OrganisationId = OrganisationId(Uuid::from_u128(2));

    fn form() -> InquiryForm {
        InquiryForm {
            organisation: "Nordiska museet".into(),
            country: "SE".into(),
            website: Some("https://www.nordiskamuseet.se".into()),
            wants: "Share our photo archive on Wikimedia Commons".into(),
            area: "content_glam".into(),
            contact: InquiryContact {
                name: "Anna Berg".into(),
                email: "anna@example.org".into(),
            },
            language: "sv".into(),
        }
    }

    fn inquiry() -> Inquiry {
        Inquiry::received(
            InquiryId(Uuid::from_u128(9)),
            form(),
            SVERIGE,
            "hash".into(),
        )
    }

    fn fields(e: ValidationErrors) -> Vec<String> {
        e.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn what_the_inquirer_typed_is_checked_field_by_field() {
        let vocab = Vocabularies::defaults();
        assert!(form().check(&vocab).is_ok());
        assert!(inquiry().validate(&vocab).is_ok());
        let mut bad = form();
        bad.organisation = " ".into();
        bad.country = "XX".into();
        bad.website = Some("javascript:alert(1)".into());
        bad.wants = String::new();
        bad.area = "astrology".into();
        bad.contact.email = "anna at example".into();
        bad.language = "<script>".into();
        assert_eq!(
            fields(bad.trimmed().check(&vocab).unwrap_err()),
            [
                "organisation",
                "country",
                "website",
                "wants",
                "area",
                "contact.email",
                "language"
            ]
        );
        let mut sloppy = form();
        sloppy.country = " se ".into();
        sloppy.website = Some("  ".into());
        let sloppy = sloppy.trimmed();
        assert_eq!((sloppy.country.as_str(), sloppy.website), ("SE", None));
    }

    #[test]
    fn a_new_inquiry_is_accepted_forwarded_with_a_note_or_declined_with_a_reason() {
        let vocab = Vocabularies::defaults();
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
        assert_eq!((a.routed_to, a.status), (NORGE, InquiryStatus::New));
        assert_eq!(a.parties(), [NORGE]);
        assert_eq!(a.forwarded[0].from, SVERIGE);
        let accepted = InquiryDecision::Accept(Accepted {
            organisation: OrganisationId(Uuid::from_u128(3)),
            partnership: PartnershipId(Uuid::from_u128(4)),
        });
        a.decide(accepted.clone()).unwrap();
        assert_eq!(a.status, InquiryStatus::Accepted);
        assert!(a.validate(&vocab).is_ok());
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
        assert_eq!(b.status, InquiryStatus::Declined);
        assert!(b.validate(&vocab).is_ok());
    }

    #[test]
    fn only_a_decision_changes_where_it_stands_and_nothing_shows_the_link_hash() {
        let before = inquiry();
        assert_eq!(
            fields(before.check_workflow(None).unwrap_err()),
            ["status"],
            "no create outside the front door"
        );
        let mut typo = before.clone();
        typo.wants = "Share our photo archive on Commons".into();
        assert!(typo.check_workflow(Some(&before)).is_ok());
        let mut moved = before.clone();
        moved.routed_to = NORGE;
        moved.status = InquiryStatus::Declined;
        moved.reason = Some("no".into());
        moved.access = "mine".into();
        assert_eq!(
            fields(moved.check_workflow(Some(&before)).unwrap_err()),
            ["routed_to", "status", "reason", "access"]
        );
        moved.keep_workflow(&before);
        assert_eq!(moved, before);
        let mut odd = before.clone();
        odd.status = InquiryStatus::Accepted;
        assert_eq!(
            fields(odd.validate(&Vocabularies::defaults()).unwrap_err()),
            ["accepted"]
        );
        assert_eq!(before.match_keys(), ["access:hash"]);
        let mut shown = before.clone();
        shown.redact(&Viewer::system("admin"));
        assert!(shown.access.is_empty());
        let json = serde_json::to_value(&shown).unwrap();
        assert!(json.get("access").is_none(), "{json}");
        assert!(shown.search_text().body.iter().all(|b| !b.contains('@')));
    }
}
