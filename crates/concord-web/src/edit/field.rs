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

/// One cell of each row of an [`Input::Rows`].
#[derive(Clone, Debug)]
pub struct Column {
    /// The cell's part of the posted name (`role` in `parties-0-role`).
    pub key: &'static str,
    /// The label, in the reader's language.
    pub label: String,
    /// How it is typed in: text, a date or a select.
    pub input: Input,
}

/// One cell of a row as the template renders it.
#[derive(Clone, Debug)]
pub struct Cell {
    /// The posted name and element id: `parties-0-role`.
    pub name: String,
    /// The label, in the reader's language.
    pub label: String,
    /// The text shown.
    pub value: String,
    /// The options of a select cell (empty otherwise).
    pub choices: Vec<Choice>,
    /// The `type` of a one-line input (`text` or `date`).
    pub input_type: &'static str,
}

/// Where the cells of a row are separated in a rows field's text.
pub const CELL_SEPARATOR: &str = " | ";

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

fn input_type(input: &Input) -> &'static str {
    match input {
        Input::Url => "url",
        Input::Date => "date",
        _ => "text",
    }
}

fn cell(field: &str, row: usize, column: &Column, value: &str) -> Cell {
    let mut choices = match &column.input {
        Input::Select(choices) => choices.clone(),
        _ => Vec::new(),
    };
    if !choices.is_empty() && !choices.iter().any(|c| c.value == value) {
        // A value the choices lack (an organisation the viewer may not see) stays as it is.
        choices.push(Choice {
            value: value.to_owned(),
            label: value.to_owned(),
        });
    }
    Cell {
        name: format!("{field}-{row}-{}", column.key),
        label: column.label.clone(),
        value: value.to_owned(),
        choices,
        input_type: input_type(&column.input),
    }
}

/// A rows field's text as rows of `width` cells; blank lines are left out. Within a cell, `\\|`
/// is a bar, `\\n` a line break and `\\\\` a backslash (see [`join_rows`]).
pub fn split_rows(text: &str, width: usize) -> Vec<Vec<String>> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut cells = split_cells(line);
            cells.resize(width, String::new());
            cells
        })
        .collect()
}

/// One line's cells, unescaped and trimmed.
fn split_cells(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => cell.push('\n'),
                Some(other) => cell.push(other),
                None => cell.push('\\'),
            },
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

/// Rows as a rows field's text: a line per row, cells separated by ` | `, each cell's bars,
/// line breaks and backslashes escaped so that any text survives the way back.
pub fn join_rows(rows: &[Vec<String>]) -> String {
    rows.iter()
        .map(|cells| {
            cells
                .iter()
                .map(|c| {
                    c.replace('\\', "\\\\")
                        .replace('|', "\\|")
                        .replace("\r\n", "\n")
                        .replace('\n', "\\n")
                })
                .collect::<Vec<_>>()
                .join(CELL_SEPARATOR)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a form posted, by field name. A name posted several times (checkboxes) keeps every
/// value; [`Values::get`] reads the first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(BTreeMap<String, Vec<String>>);

impl Values {
    /// From the posted pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in pairs {
            map.entry(name).or_default().push(value);
        }
        Self(map)
    }

    /// The posted text of `name`, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .get(name)
            .and_then(|v| v.first())
            .map_or("", |v| v.trim())
    }

    /// Every posted value of `name` (each split at commas, so a list posted back as one text
    /// reads the same as its checkboxes), trimmed, blanks left out, in order, once each.
    pub fn all(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for value in self.0.get(name).into_iter().flatten() {
            for v in value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
                if !out.iter().any(|o| o == v) {
                    out.push(v.to_owned());
                }
            }
        }
        out
    }

    /// The rows of the rows field `name` with cells `columns`: from its row inputs
    /// (`name-0-column`, …) when the form posted them, else from its text (a conflict page
    /// posts a rows field back as text). Rows whose cells are all blank are left out.
    pub fn rows(&self, name: &str, columns: &[&str]) -> Vec<Vec<String>> {
        let prefix = format!("{name}-");
        let mut indices: Vec<usize> = self
            .0
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter_map(|rest| rest.split_once('-'))
            .filter(|(_, column)| columns.contains(column))
            .filter_map(|(i, _)| i.parse().ok())
            .collect();
        indices.sort_unstable();
        indices.dedup();
        let rows = if indices.is_empty() {
            split_rows(self.get(name), columns.len())
        } else {
            indices
                .into_iter()
                .map(|i| {
                    columns
                        .iter()
                        .map(|c| self.get(&format!("{name}-{i}-{c}")).to_owned())
                        .collect()
                })
                .collect()
        };
        rows.into_iter()
            .filter(|cells: &Vec<String>| cells.iter().any(|c| !c.is_empty()))
            .collect()
    }

    /// The posted text of `name`, trimmed, or `None` when blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.get(name))
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// Sets the text of `name`.
    pub fn set(&mut self, name: &str, value: String) {
        self.0.insert(name.to_owned(), vec![value]);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Values {
        Values::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn every_value_of_a_name_is_kept() {
        let v = posted(&[("areas", "glam"), ("areas", "education, glam"), ("x", "1")]);
        assert_eq!(v.all("areas"), ["glam", "education"]);
        assert_eq!(v.get("areas"), "glam");
        assert!(v.all("none").is_empty());
    }

    #[test]
    fn rows_come_from_their_inputs_or_from_their_text() {
        let v = posted(&[
            ("parties-1-organisation", "b"),
            ("parties-1-role", "partner"),
            ("parties-0-organisation", "a"),
            ("parties-0-role", "lead"),
            ("parties-2-organisation", ""),
            ("parties-2-role", ""),
        ]);
        let rows = v.rows("parties", &["organisation", "role"]);
        assert_eq!(rows, [vec!["a", "lead"], vec!["b", "partner"]]);
        let text = posted(&[("parties", &join_rows(&rows))]);
        assert_eq!(text.rows("parties", &["organisation", "role"]), rows);
    }

    #[test]
    fn any_text_survives_a_rows_fields_text() {
        let rows = vec![
            vec!["a | b".to_owned(), "two\nlines".to_owned()],
            vec![r"back\slash".to_owned(), String::new()],
        ];
        let text = join_rows(&rows);
        assert_eq!(text.lines().count(), 2);
        assert_eq!(split_rows(&text, 2), rows);
        assert_eq!(
            split_rows("x | y\r\n\r\nz", 2),
            [vec!["x", "y"], vec!["z", ""]]
        );
    }

    #[test]
    fn a_rows_field_shows_its_rows_and_blank_ones() {
        let columns = vec![
            Column {
                key: "title",
                label: "Title".into(),
                input: Input::Text,
            },
            Column {
                key: "due",
                label: "Due".into(),
                input: Input::Date,
            },
        ];
        let mut f = Field::new("milestones", "Milestones".into(), Input::Rows(columns));
        f.value = "Launch | 2025-01-01".into();
        f.blank_rows = 2;
        let rows = f.rows();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0][1].name, "milestones-0-due");
        assert_eq!(rows[0][1].value, "2025-01-01");
        assert_eq!(rows[0][1].input_type, "date");
        assert!(rows[2][0].value.is_empty());
    }
}
