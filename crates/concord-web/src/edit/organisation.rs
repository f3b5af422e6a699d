//! The organisation form: which fields it shows, read from and written into an [`Organisation`].
//! Fields it does not show (other names, regions, relationship, movement entity, readers) are
//! kept as they are.

use concord_domain::country::countries;
use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::vocabulary::Vocabulary;
use concord_domain::{Organisation, OrganisationId};

use super::field::{Choice, Field, Input, Values};
use super::form::{EditForm, FormContext, list, visibility_field, visibility_from};
use crate::values;

impl EditForm for Organisation {
    fn blank(id: OrganisationId) -> Self {
        Organisation::new(id, "", "")
    }

    fn translatable_langs(&self) -> Vec<String> {
        self.description.0.keys().cloned().collect()
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        let label = |what: &str| t.msg(&format!("concord-field-organisation-{what}"));
        let mut kinds: Vec<Choice> = cx
            .vocabularies
            .terms(Vocabulary::OrganisationKind)
            .into_iter()
            .map(|term| Choice {
                label: values::term(t, cx.vocabularies, Vocabulary::OrganisationKind, &term.key),
                value: term.key,
            })
            .collect();
        kinds.sort_by(|a, b| a.label.cmp(&b.label));
        let mut places: Vec<Choice> = countries()
            .map(|c| Choice {
                value: c.code.clone(),
                label: values::country(t, &c.code),
            })
            .collect();
        places.sort_by(|a, b| a.label.cmp(&b.label));
        places.insert(
            0,
            Choice {
                value: String::new(),
                label: t.msg("concord-edit-none"),
            },
        );
        let text = |name, input, value: String| {
            let mut field = Field::new(name, label(name), input);
            field.value = value;
            field
        };
        vec![
            text("name", Input::Text, self.name.clone()).required(),
            text("kind", Input::Select(kinds), self.kind.clone()).required(),
            text(
                "country",
                Input::Select(places),
                self.country.clone().unwrap_or_default(),
            ),
            text(
                "website",
                Input::Url,
                self.website.clone().unwrap_or_default(),
            )
            .help(label("website-help")),
            text(
                "description",
                Input::LongText,
                self.description.0.get(cx.lang).cloned().unwrap_or_default(),
            )
            .help(cx.in_language()),
            text(
                "wikidata",
                Input::Text,
                self.identifiers.wikidata.clone().unwrap_or_default(),
            )
            .help(label("wikidata-help")),
            text(
                "ror",
                Input::Text,
                self.identifiers.ror.clone().unwrap_or_default(),
            )
            .help(label("ror-help")),
            text("isil", Input::Text, self.identifiers.isil.join(", ")).help(label("isil-help")),
            visibility_field(t, self.visibility),
            Field {
                value: self.tags.join(", "),
                ..Field::new("tags", t.msg("concord-field-tags"), Input::Text)
                    .help(t.msg("concord-field-tags-help"))
            },
        ]
    }

    fn apply(&mut self, posted: &Values, lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").to_owned();
        self.kind = posted.get("kind").to_owned();
        self.country = posted.optional("country").map(|c| c.to_uppercase());
        self.website = posted.optional("website");
        match posted.optional("description") {
            Some(text) => {
                self.description.0.insert(lang.to_owned(), text);
            }
            None => {
                self.description.0.remove(lang);
            }
        }
        self.identifiers.wikidata = posted.optional("wikidata").map(|q| q.to_uppercase());
        self.identifiers.ror = posted.optional("ror");
        self.identifiers.isil = list(posted.get("isil"));
        match visibility_from(posted) {
            Some(v) => self.visibility = v,
            None => errors.add(
                "visibility",
                Problem::UnknownValue {
                    vocabulary: "visibility".into(),
                    value: posted.get("visibility").to_owned(),
                    known: "public, movement, parties, restricted".into(),
                },
            ),
        }
        self.tags = list(posted.get("tags"));
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        Some(match head {
            "name" => "name",
            "kind" => "kind",
            "country" => "country",
            "website" => "website",
            "description" => "description",
            "visibility" | "readers" => "visibility",
            "tags" => "tags",
            "identifiers" => match path.split('.').nth(1).map(|p| p.split('[').next()) {
                Some(Some("wikidata")) => "wikidata",
                Some(Some("ror")) => "ror",
                Some(Some("isil")) => "isil",
                _ => return None,
            },
            _ => return None,
        })
    }
}
