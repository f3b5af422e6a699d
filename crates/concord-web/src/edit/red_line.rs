//! The red-line form (admins only): its name, when it fires (a partner's kind, a named
//! partner by id, the partnership's area and level; at least one), what it does (escalate or
//! block), its message and visibility.

use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::vocabulary::Vocabulary;
use concord_domain::workflow::red_line::{Condition, Consequence};
use concord_domain::{OrganisationId, RedLine, RedLineId};

use super::field::{Choice, Field, Input, Values};
use super::form::{EditForm, FormContext, apply_visibility, field, visibility_field};

/// What a red line may do, in form order.
const CONSEQUENCES: [(Consequence, &str); 2] = [
    (Consequence::Escalate, "escalate"),
    (Consequence::Block, "block"),
];

impl EditForm for RedLine {
    fn blank(id: RedLineId) -> Self {
        RedLine::new(id, "", Condition::default(), Consequence::Escalate, "")
    }

    fn translatable_langs(&self) -> Vec<String> {
        Vec::new()
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-record-field-{what}"));
        let w = &self.when;
        let then = CONSEQUENCES
            .iter()
            .map(|(_, key)| Choice {
                value: (*key).to_owned(),
                label: t.msg(&format!("concord-red-line-{key}")),
            })
            .collect();
        let current = CONSEQUENCES
            .iter()
            .find(|(c, _)| *c == self.then)
            .map_or("escalate", |(_, key)| key);
        vec![
            field(
                "name",
                t.msg("concord-field-name"),
                Input::Text,
                self.name.clone(),
            )
            .required(),
            field(
                "organisation_kind",
                label("organisation-kind"),
                Input::Select(cx.terms(Vocabulary::OrganisationKind, true)),
                w.organisation_kind.clone().unwrap_or_default(),
            ),
            field(
                "organisation",
                label("organisation"),
                Input::Text,
                w.organisation.map(|o| o.to_string()).unwrap_or_default(),
            )
            .help(t.msg("concord-field-organisation-id-help")),
            field(
                "area",
                label("area"),
                Input::Select(cx.terms(Vocabulary::Area, true)),
                w.area.clone().unwrap_or_default(),
            ),
            field(
                "level",
                label("level"),
                Input::Select(cx.terms(Vocabulary::Level, true)),
                w.level.clone().unwrap_or_default(),
            ),
            field(
                "then",
                label("then"),
                Input::Select(then),
                current.to_owned(),
            )
            .required(),
            field(
                "message",
                label("message"),
                Input::LongText,
                self.message.clone(),
            )
            .required(),
            visibility_field(t, self.visibility),
        ]
    }

    fn apply(&mut self, posted: &Values, _lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").trim().to_owned();
        self.when.organisation_kind = posted.optional("organisation_kind");
        self.when.area = posted.optional("area");
        self.when.level = posted.optional("level");
        self.when.organisation = match posted.optional("organisation") {
            None => None,
            Some(text) => match text.trim().parse() {
                Ok(id) => Some(OrganisationId(id)),
                Err(_) => {
                    errors.add(
                        "organisation",
                        Problem::Malformed {
                            value: text,
                            expected: "an organisation's id (a UUID)".into(),
                        },
                    );
                    None
                }
            },
        };
        match CONSEQUENCES
            .iter()
            .find(|(_, key)| *key == posted.get("then"))
        {
            Some((c, _)) => self.then = *c,
            None => errors.add(
                "then",
                Problem::UnknownValue {
                    vocabulary: "consequence".into(),
                    value: posted.get("then").to_owned(),
                    known: "escalate, block".into(),
                },
            ),
        }
        self.message = posted.get("message").trim().to_owned();
        apply_visibility(posted, &mut self.visibility, &mut errors);
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        Some(match path {
            "name" => "name",
            "when" | "when.organisation_kind" => "organisation_kind",
            "when.organisation" => "organisation",
            "when.area" => "area",
            "when.level" => "level",
            "then" => "then",
            "message" => "message",
            p if p.starts_with("visibility") || p.starts_with("readers") => "visibility",
            _ => return None,
        })
    }
}
