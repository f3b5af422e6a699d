//! The glossary term form: the term and its definition in the edited language, visibility and
//! tags. Related terms and readers are kept as they are.

use concord_domain::validation::ValidationErrors;
use concord_domain::{GlossaryTerm, GlossaryTermId};

use super::field::{Field, Input, Values};
use super::form::{
    EditForm, FormContext, apply_visibility, field, languages_of, list, set_text, tags_field,
    text_in, visibility_field,
};

impl EditForm for GlossaryTerm {
    fn blank(id: GlossaryTermId) -> Self {
        GlossaryTerm::new(id, Default::default(), Default::default())
    }

    fn translatable_langs(&self) -> Vec<String> {
        languages_of(&[&self.term, &self.definition])
    }

    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field> {
        let t = cx.t;
        vec![
            field(
                "term",
                t.msg("concord-field-term"),
                Input::Text,
                text_in(&self.term, cx.lang),
            )
            .required()
            .help(cx.in_language()),
            field(
                "definition",
                t.msg("concord-field-definition"),
                Input::LongText,
                text_in(&self.definition, cx.lang),
            )
            .required()
            .help(cx.in_language()),
            visibility_field(t, self.visibility),
            tags_field(t, &self.tags),
        ]
    }

    fn apply(&mut self, posted: &Values, lang: &str) -> ValidationErrors {
        let mut errors = ValidationErrors::default();
        set_text(&mut self.term, lang, posted.optional("term"));
        set_text(&mut self.definition, lang, posted.optional("definition"));
        apply_visibility(posted, &mut self.visibility, &mut errors);
        self.tags = list(posted.get("tags"));
        errors
    }

    fn field_of(path: &str) -> Option<&'static str> {
        let head = path.split(['.', '[']).next().unwrap_or(path);
        Some(match head {
            "term" => "term",
            "definition" => "definition",
            "visibility" | "readers" => "visibility",
            "tags" => "tags",
            _ => return None,
        })
    }
}
