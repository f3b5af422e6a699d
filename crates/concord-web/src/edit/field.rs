//! A form field as text: what a kind's form shows, what the editor posts back, and the
//! refusals shown beside it in the reader's language.

use concord_domain::validation::{Problem, ValidationErrors};
use concord_i18n::{Arg, Localizer};

/// How a field is typed in.
#[derive(Clone, Debug)]
pub enum Input {
    /// One line of text.
    Text,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// Several lines of text.
    LongText,
    /// One of a list of values.
    Select(Vec<Choice>),
    /// A date (`YYYY-MM-DD`).
    Date,
    /// Any of a list of values, one checkbox each; the field's text is the chosen values
    /// separated by commas.
    Checkboxes(Vec<Choice>),
    /// Repeated rows of the same cells (parties, milestones): one input per cell, named
    /// `<field>-<row>-<column>`; the field's text is one line per row, cells separated by
    /// ` | ` (what a conflict compares and posts back).
    Rows(Vec<Column>),
}

pub use super::posted::Values;
use super::rows::cell;
pub use super::rows::{CELL_SEPARATOR, Cell, Column, join_rows, split_rows};

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
    /// How many empty rows a rows field shows after its filled ones.
    pub blank_rows: usize,
    /// Whether a rows field offers a search for organisations (the Find button).
    pub find: bool,
    /// The search typed in the Find box, kept when the form is shown again.
    pub find_text: String,
    /// What its search box held when organisations were last found for it: Enter saves
    /// rather than finds again while the box still holds it.
    pub found_text: String,
    /// After a Find, how many organisations it found, in words.
    pub find_note: Option<String>,
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
            blank_rows: 1,
            find: false,
            find_text: String::new(),
            found_text: String::new(),
            find_note: None,
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

    /// Offers a search for organisations to fill its rows.
    pub fn with_find(mut self) -> Self {
        self.find = true;
        self
    }

    /// The options of a select or checkboxes field (none for other inputs).
    pub fn choices(&self) -> &[Choice] {
        match &self.input {
            Input::Select(choices) | Input::Checkboxes(choices) => choices,
            _ => &[],
        }
    }

    /// Whether the field is a set of checkboxes.
    pub fn is_checkboxes(&self) -> bool {
        matches!(self.input, Input::Checkboxes(_))
    }

    /// Whether the field is repeated rows.
    pub fn is_rows(&self) -> bool {
        matches!(self.input, Input::Rows(_))
    }

    /// Whether the checkbox of `value` is ticked.
    pub fn is_checked(&self, value: &str) -> bool {
        self.value.split(',').any(|v| v.trim() == value)
    }

    /// The rows of a rows field, filled ones first, then `blank_rows` empty ones, each cell
    /// named `<field>-<row>-<column>`.
    pub fn rows(&self) -> Vec<Vec<Cell>> {
        let Input::Rows(columns) = &self.input else {
            return Vec::new();
        };
        let filled = split_rows(&self.value, columns.len());
        let blank = vec![String::new(); columns.len()];
        filled
            .iter()
            .chain(std::iter::repeat_n(&blank, self.blank_rows))
            .enumerate()
            .map(|(i, cells)| {
                columns
                    .iter()
                    .zip(cells)
                    .map(|(column, value)| cell(self.name, i, column, value))
                    .collect()
            })
            .collect()
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
        input_type(&self.input)
    }

    /// The reader's text for the posted `value` of a select or checkboxes (each chosen value's
    /// label), or of a rows field (each select cell's label); the value itself otherwise.
    pub fn shown(&self, value: &str) -> String {
        match &self.input {
            Input::Checkboxes(choices) => value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| label_of(choices, v))
                .collect::<Vec<_>>()
                .join(", "),
            Input::Rows(columns) => split_rows(value, columns.len())
                .iter()
                .map(|cells| {
                    columns
                        .iter()
                        .zip(cells)
                        .map(|(column, v)| match &column.input {
                            Input::Select(choices) => label_of(choices, v),
                            _ => v.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(CELL_SEPARATOR)
                })
                .collect::<Vec<_>>()
                .join("\n"),
            _ => label_of(self.choices(), value),
        }
    }
}

fn label_of(choices: &[Choice], value: &str) -> String {
    choices
        .iter()
        .find(|c| c.value == value)
        .map_or_else(|| value.to_owned(), |c| c.label.clone())
}

pub(super) fn input_type(input: &Input) -> &'static str {
    match input {
        Input::Url => "url",
        Input::Email => "email",
        Input::Date => "date",
        _ => "text",
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
