//! Repeated rows of one field (parties, milestones, memberships): their cells, and the field's
//! text (a line per row, cells separated by ` | `) that a conflict compares and posts back.

use super::field::{Choice, Input, input_type};

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

pub(super) fn cell(field: &str, row: usize, column: &Column, value: &str) -> Cell {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::field::Field;

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
