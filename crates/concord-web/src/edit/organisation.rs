//! The organisation form: which fields it shows, read from and written into an [`Organisation`].
//! Fields it does not show (other names, regions, relationship, movement entity, readers) are
//! kept as they are.

use concord_domain::validation::ValidationErrors;
use concord_domain::vocabulary::Vocabulary;
use concord_domain::{Organisation, OrganisationId};

use super::field::{Field, Input, Values};
use super::form::{
    EditForm, FormContext, apply_visibility, list, set_text, tags_field, visibility_field,
};

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
        let kinds = cx.terms(Vocabulary::OrganisationKind, false);
        let places = cx.countries();
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
            tags_field(t, &self.tags),
        ]
    }

    fn apply(&mut self, posted: &Values, lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        self.name = posted.get("name").to_owned();
        self.kind = posted.get("kind").to_owned();
        self.country = posted.optional("country").map(|c| c.to_uppercase());
        self.website = posted.optional("website");
        set_text(&mut self.description, lang, posted.optional("description"));
        self.identifiers.wikidata = posted.optional("wikidata").map(|q| q.to_uppercase());
        self.identifiers.ror = posted.optional("ror");
        self.identifiers.isil = list(posted.get("isil"));
        apply_visibility(posted, &mut self.visibility, &mut errors);
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
