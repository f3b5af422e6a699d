//! What every kind's form shares: the [`EditForm`] trait a kind implements, the context its
//! fields are labelled in, and small field helpers.

use chrono::NaiveDate;
use concord_domain::OrganisationId;
use concord_domain::record::Record;
use concord_domain::text::Translatable;
use concord_domain::validation::{Problem, ValidationErrors};
use concord_domain::visibility::Visibility;
use concord_domain::vocabulary::{Vocabularies, Vocabulary};
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

    /// The organisations the record names (its parties, memberships), whose names its form
    /// shows.
    fn organisations(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether the form names accounts (an approval policy's approvers), so that it offers
    /// the accounts that may decide ([`FormContext::accounts`]).
    const NAMES_ACCOUNTS: bool = false;
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
    /// The organisations a rows field may name: those the record names and those the
    /// editor's last Find offered, as the viewer may see them, by name.
    pub organisations: &'a [Choice],
    /// The accounts a form naming deciders may name (active accounts holding the approver
    /// or admin role), by name; empty for the forms that name none.
    pub accounts: &'a [Choice],
}

impl FormContext<'_> {
    /// The hint saying which language a translatable text is edited in.
    pub fn in_language(&self) -> String {
        let name = values::language(self.t, self.lang);
        self.t
            .msg_with("concord-edit-in-language", &[Arg::from(name)])
    }
}

impl FormContext<'_> {
    /// The terms of `vocabulary` as choices sorted by the reader's label, with an empty
    /// first choice when `none` (an optional field, or a blank row).
    pub fn terms(&self, vocabulary: Vocabulary, none: bool) -> Vec<Choice> {
        let mut choices: Vec<Choice> = self
            .vocabularies
            .terms(vocabulary)
            .into_iter()
            .map(|term| Choice {
                label: values::term(self.t, self.vocabularies, vocabulary, &term.key),
                value: term.key,
            })
            .collect();
        choices.sort_by(|a, b| a.label.cmp(&b.label));
        if none {
            choices.insert(0, self.none());
        }
        choices
    }

    /// The organisations a row may name, after an empty choice.
    pub fn organisation_choices(&self) -> Vec<Choice> {
        std::iter::once(self.none())
            .chain(self.organisations.iter().cloned())
            .collect()
    }

    /// Every country, by the reader's name, after an empty choice.
    pub fn countries(&self) -> Vec<Choice> {
        let mut places: Vec<Choice> = concord_domain::country::countries()
            .map(|c| Choice {
                value: c.code.clone(),
                label: values::country(self.t, &c.code),
            })
            .collect();
        places.sort_by(|a, b| a.label.cmp(&b.label));
        places.insert(0, self.none());
        places
    }

    /// The empty choice.
    pub fn none(&self) -> Choice {
        Choice {
            value: String::new(),
            label: self.t.msg("concord-edit-none"),
        }
    }
}

/// A field showing `value`.
pub fn field(name: &'static str, label: String, input: Input, value: String) -> Field {
    let mut field = Field::new(name, label, input);
    field.value = value;
    field
}

/// A date as a date field shows it (empty when there is none).
pub fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// The posted date of `name` (`YYYY-MM-DD`); a blank is none, anything else is refused.
pub fn date_from(text: &str, path: &str, errors: &mut ValidationErrors) -> Option<NaiveDate> {
    if text.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => Some(date),
        Err(_) => {
            errors.add(
                path,
                Problem::Malformed {
                    value: text.to_owned(),
                    expected: "a date (YYYY-MM-DD)".into(),
                },
            );
            None
        }
    }
}

/// The posted organisation id of a row, if it is one; else refused at `path`.
pub fn organisation_from(
    text: &str,
    path: &str,
    errors: &mut ValidationErrors,
) -> Option<OrganisationId> {
    match text.parse::<uuid::Uuid>() {
        Ok(id) => Some(OrganisationId::from(id)),
        Err(_) => {
            errors.add(
                path,
                if text.is_empty() {
                    Problem::Required
                } else {
                    Problem::Malformed {
                        value: text.to_owned(),
                        expected: "an organisation".into(),
                    }
                },
            );
            None
        }
    }
}

/// A translatable text's value in `lang`: set when posted, removed when blank.
pub fn set_text(text: &mut Translatable, lang: &str, posted: Option<String>) {
    match posted {
        Some(value) => {
            text.0.insert(lang.to_owned(), value);
        }
        None => {
            text.0.remove(lang);
        }
    }
}

/// A translatable text in `lang` (empty when it has none).
pub fn text_in(text: &Translatable, lang: &str) -> String {
    text.0.get(lang).cloned().unwrap_or_default()
}

/// The languages any of `texts` has, each once, in order.
pub fn languages_of(texts: &[&Translatable]) -> Vec<String> {
    let mut langs: Vec<String> = Vec::new();
    for lang in texts.iter().flat_map(|t| t.0.keys()) {
        if !langs.contains(lang) {
            langs.push(lang.clone());
        }
    }
    langs
}

/// The visibility posted, or a refusal at `visibility`.
pub fn apply_visibility(posted: &Values, current: &mut Visibility, errors: &mut ValidationErrors) {
    match visibility_from(posted) {
        Some(v) => *current = v,
        None => errors.add(
            "visibility",
            Problem::UnknownValue {
                vocabulary: "visibility".into(),
                value: posted.get("visibility").to_owned(),
                known: "public, movement, parties, restricted".into(),
            },
        ),
    }
}

/// The tags field.
pub fn tags_field(t: &Localizer, tags: &[String]) -> Field {
    Field {
        value: tags.join(", "),
        ..Field::new("tags", t.msg("concord-field-tags"), Input::Text)
            .help(t.msg("concord-field-tags-help"))
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
