//! What every kind's form shares: the [`EditForm`] trait a kind implements, the context its
//! fields are labelled in, and small field helpers.

use concord_domain::record::Record;
use concord_domain::validation::ValidationErrors;
use concord_domain::visibility::Visibility;
use concord_domain::vocabulary::Vocabularies;
use concord_i18n::{Arg, Localizer};

use super::field::{Choice, Field, Input, Values};
use crate::values;

/// A record kind with a form: its fields as text, and the way back into the record.
pub trait EditForm: Record + Sized {
    /// A new record with nothing filled in but its id.
    fn blank(id: Self::Id) -> Self;

    /// The languages the record's translatable texts have (the form edits one of them).
    fn translatable_langs(&self) -> Vec<String>;

    /// The form's fields, filled from this record, labelled in the reader's language.
    fn fields(&self, cx: &FormContext<'_>) -> Vec<Field>;

    /// Writes the posted texts into the record (translatable texts in `lang`); fields the
    /// form does not show are left alone. Returns what could not even be read (an unknown
    /// choice); the record's own validation comes after.
    fn apply(&mut self, posted: &Values, lang: &str) -> ValidationErrors;

    /// The form field that a validation error's path (`identifiers.wikidata`) is about.
    fn field_of(path: &str) -> Option<&'static str>;
}

/// What labelling a form needs: the reader's messages, the vocabularies, and the language its
/// translatable texts are edited in.
pub struct FormContext<'a> {
    /// The reader's messages.
    pub t: &'static Localizer,
    /// The vocabularies the choices come from.
    pub vocabularies: &'a Vocabularies,
    /// The language the translatable texts are edited in.
    pub lang: &'a str,
}

impl FormContext<'_> {
    /// The hint saying which language a translatable text is edited in.
    pub fn in_language(&self) -> String {
        let name = values::language(self.t, self.lang);
        self.t
            .msg_with("concord-edit-in-language", &[Arg::from(name)])
    }
}

/// The language a record's texts are edited in: the reader's when the record has it or has
/// none, else the record's first.
pub fn edit_language<R: EditForm>(record: &R, reader: &str) -> String {
    let langs = record.translatable_langs();
    if langs.is_empty() || langs.iter().any(|l| l == reader) {
        reader.to_owned()
    } else {
        langs[0].clone()
    }
}

/// A comma-separated list, trimmed, blanks left out.
pub fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The visibility field, set to `current`.
pub fn visibility_field(t: &Localizer, current: Visibility) -> Field {
    let choices = Visibility::ALL
        .iter()
        .map(|v| Choice {
            value: v.as_str().to_owned(),
            label: t.msg(&format!("concord-visibility-{}", v.as_str())),
        })
        .collect();
    let mut field = Field::new(
        "visibility",
        t.msg("concord-field-visibility"),
        Input::Select(choices),
    )
    .required();
    field.value = current.as_str().to_owned();
    field
}

/// The posted visibility, if it is one.
pub fn visibility_from(posted: &Values) -> Option<Visibility> {
    Visibility::parse(posted.get("visibility"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_drops_blanks_and_spaces() {
        assert_eq!(list(" a, ,b ,, c "), vec!["a", "b", "c"]);
        assert!(list("  ").is_empty());
    }
}
