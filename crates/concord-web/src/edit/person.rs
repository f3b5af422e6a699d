//! The person form: name, country, region, memberships (organisations found with the Find
//! button), contact details, visibility and tags. The contact details keep their own
//! visibility and readers; the person's readers are kept as they are.

use concord_domain::person::{Contact, Membership};
use concord_domain::validation::ValidationErrors;
use concord_domain::vocabulary::Vocabulary;
use concord_domain::{Person, PersonId, Visibility};

use super::field::{Column, Field, Input, Values, join_rows};
use super::form::{
    EditForm, FormContext, apply_visibility, date_from, date_text, field, list, organisation_from,
    tags_field, visibility_field,
};

/// The cells of a membership row.
const MEMBERSHIP: [&str; 4] = ["organisation", "role", "since", "until"];

impl EditForm for Person {
    fn blank(id: PersonId) -> Self {
        Person::new(id, "")
    }

    fn translatable_langs(&self) -> Vec<String> {
        Vec::new()
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let memberships = self
            .memberships
            .iter()
            .map(|m| {
                vec![
                    m.organisation.to_string(),
                    m.role.clone(),
                    date_text(m.since),
                    date_text(m.until),
                ]
            })
            .collect::<Vec<_>>();
        let contact = self.contact.as_ref();
        let of_contact = |get: fn(&Contact) -> &Option<String>| {
            contact.and_then(|c| get(c).clone()).unwrap_or_default()
        };
        vec![
            field(
                "name",
                t.msg("concord-field-name"),
                Input::Text,
                self.name.clone(),
            )
            .required(),
            field(
                "country",
                label("country"),
                Input::Select(cx.countries()),
                self.country.clone().unwrap_or_default(),
            ),
            field(
                "region",
                label("region"),
                Input::Select(cx.terms(Vocabulary::Region, true)),
                self.region.clone().unwrap_or_default(),
            ),
            field(
                "memberships",
                t.msg("concord-record-memberships"),
                Input::Rows(vec![
                    Column {
                        key: "organisation",
                        label: label("organisation"),
                        input: Input::Select(cx.organisation_choices()),
                    },
                    Column {
                        key: "role",
                        label: label("role"),
                        input: Input::Text,
                    },
                    Column {
                        key: "since",
                        label: label("since"),
                        input: Input::Date,
                    },
                    Column {
                        key: "until",
                        label: label("until"),
                        input: Input::Date,
                    },
                ]),
                join_rows(&memberships),
            )
            .with_find(),
            field(
                "email",
                label("email"),
                Input::Text,
                of_contact(|c| &c.email),
            )
            .help(t.msg("concord-field-contact-help")),
            field(
                "phone",
                label("phone"),
                Input::Text,
                of_contact(|c| &c.phone),
            ),
            visibility_field(t, self.visibility),
            tags_field(t, &self.tags),
        ]
    }

    fn apply(&mut self, posted: &Values, _lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").to_owned();
        self.country = posted.optional("country").map(|c| c.to_uppercase());
        self.region = posted.optional("region");
        let mut memberships = Vec::new();
        for (i, row) in posted
            .rows("memberships", &MEMBERSHIP)
            .into_iter()
            .enumerate()
        {
            let path = format!("memberships[{i}].organisation");
            let since = date_from(&row[2], &format!("memberships[{i}].since"), &mut errors);
            let until = date_from(&row[3], &format!("memberships[{i}].until"), &mut errors);
            if let Some(organisation) = organisation_from(&row[0], &path, &mut errors) {
                memberships.push(Membership {
                    organisation,
                    role: row[1].clone(),
                    since,
                    until,
                });
            }
        }
        self.memberships = memberships;
        let (email, phone) = (posted.optional("email"), posted.optional("phone"));
        self.contact = match self.contact.take() {
            Some(mut contact) => {
                contact.email = email;
                contact.phone = phone;
                let empty = contact.email.is_none() && contact.phone.is_none();
                (!empty || !contact.readers.is_empty()).then_some(contact)
            }
            None if email.is_none() && phone.is_none() => None,
            None => Some(Contact {
                email,
                phone,
                visibility: Visibility::Parties,
                readers: Vec::new(),
            }),
        };
        apply_visibility(posted, &mut self.visibility, &mut errors);
        self.tags = list(posted.get("tags"));
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        Some(match head {
            "name" => "name",
            "country" => "country",
            "region" => "region",
            "memberships" => "memberships",
            "contact" => {
                if path.contains("phone") {
                    "phone"
                } else {
                    "email"
                }
            }
            "visibility" | "readers" => "visibility",
            "tags" => "tags",
            _ => return None,
        })
    }

    fn organisations(&self) -> Vec<String> {
        self.memberships
            .iter()
            .map(|m| m.organisation.to_string())
            .collect()
    }
}
