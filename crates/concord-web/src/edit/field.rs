//! A form field as text: what a kind's form shows, what the editor posts back, and the
//! refusals shown beside it in the reader's language.

use std::collections::BTreeMap;

use concord_domain::validation::{Problem, ValidationErrors};
use concord_i18n::{Arg, Localizer};

/// How a field is typed in.
#[derive(Clone, Debug)]
pub enum Input {
    /// One line of text.
    Text,
    /// A web address.
    Url,
    /// Several lines of text.
    LongText,
    /// One of a list of values.
    Select(Vec<Choice>),
}

/// One value of a [`Input::Select`], with the reader's word for it.
#[derive(Clone, Debug)]
pub struct Choice {
    /// The value posted.
    pub value: String,
    /// What the reader sees.
    pub label: String,
}

/// One field of a form, with its current text and, after a refused save, why.
#[derive(Clone, Debug)]
pub struct Field {
    /// The posted name, also the element id (`field-<name>`).
    pub name: &'static str,
    /// The label, in the reader's language.
    pub label: String,
    /// A hint under the field, in the reader's language (may be empty).
    pub help: String,
    /// How it is typed in.
    pub input: Input,
    /// Whether a value is required.
    pub required: bool,
    /// The text shown in the field.
    pub value: String,
    /// Why the last save refused it.
    pub error: Option<String>,
}

impl Field {
    /// A field with no hint, not required, empty.
    pub fn new(name: &'static str, label: String, input: Input) -> Self {
        Self {
            name,
            label,
            help: String::new(),
            input,
            required: false,
            value: String::new(),
            error: None,
        }
    }

    /// With a hint.
    pub fn help(mut self, help: String) -> Self {
        self.help = help;
        self
    }

    /// Marked as required.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The element ids that describe the field (its hint and its error), for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.help.is_empty() {
            ids.push(format!("field-{}-help", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("field-{}-error", self.name));
        }
        ids.join(" ")
    }

    /// The options of a select field (none for other inputs).
    pub fn choices(&self) -> &[Choice] {
        match &self.input {
            Input::Select(choices) => choices,
            _ => &[],
        }
    }

    /// Whether the field is a select.
    pub fn is_select(&self) -> bool {
        matches!(self.input, Input::Select(_))
    }

    /// Whether the field is several lines of text.
    pub fn is_long(&self) -> bool {
        matches!(self.input, Input::LongText)
    }

    /// The `type` attribute of a one-line input.
    pub fn input_type(&self) -> &'static str {
        match self.input {
            Input::Url => "url",
            _ => "text",
        }
    }

    /// The reader's text for the posted `value` of a select (the value itself otherwise).
    pub fn shown(&self, value: &str) -> String {
        self.choices()
            .iter()
            .find(|c| c.value == value)
            .map_or_else(|| value.to_owned(), |c| c.label.clone())
    }
}

/// What a form posted, by field name. A name posted twice keeps its first value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(BTreeMap<String, String>);

impl Values {
    /// From the posted pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut map = BTreeMap::new();
        for (name, value) in pairs {
            map.entry(name).or_insert(value);
        }
        Self(map)
    }

    /// The posted text of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", |v| v.trim())
    }

    /// The posted text of `name`, trimmed, or `None` when blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.get(name))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// Sets the text of `name`.
    pub fn set(&mut self, name: &str, value: String) {
        self.0.insert(name.to_owned(), value);
    }
}

/// Puts each refusal of `errors` beside its field (`field_of` maps a record path such as
/// `identifiers.wikidata` to a form field); returns the refusals that fit no field, as text.
pub fn place_errors(
    t: &Localizer,
    fields: &mut [Field],
    errors: &ValidationErrors,
    field_of: impl Fn(&str) -> Option<&'static str>,
) -> Vec<String> {
    let mut unplaced = Vec::new();
    for e in &errors.0 {
        let message = problem(t, &e.problem);
        match field_of(&e.field).and_then(|name| fields.iter_mut().find(|f| f.name == name)) {
            Some(field) if field.error.is_none() => field.error = Some(message),
            Some(_) => {}
            None => unplaced.push(format!("{}: {message}", e.field)),
        }
    }
    unplaced
}

/// Why a value was refused, in the reader's language.
pub fn problem(t: &Localizer, problem: &Problem) -> String {
    match problem {
        Problem::Required => t.msg("concord-edit-error-required"),
        Problem::UnknownValue { value, .. } => {
            t.msg_with("concord-edit-error-unknown", &[Arg::from(value.as_str())])
        }
        Problem::Malformed { value, .. } => {
            t.msg_with("concord-edit-error-malformed", &[Arg::from(value.as_str())])
        }
        Problem::TooLong { max } => t.msg_with("concord-edit-error-too-long", &[Arg::from(*max)]),
        Problem::Duplicate { value } => {
            t.msg_with("concord-edit-error-duplicate", &[Arg::from(value.as_str())])
        }
        other => t.msg_with("concord-edit-error-other", &[Arg::from(other.to_string())]),
    }
}
