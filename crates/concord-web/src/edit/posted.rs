//! What a form posted, by field name: several values per name (checkboxes), and the rows of a
//! rows field from its inputs or from its text.

use std::collections::BTreeMap;

use super::rows::split_rows;

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

    /// The rows field whose organisations to find: the one whose Find button was pressed, or,
    /// when Enter submitted the form (the hidden default button, `default`), the first whose
    /// search box holds text not yet searched for (`<field>-find` differs from
    /// `<field>-found`), as a person who typed a name and pressed Enter means.
    pub fn find_field(&self) -> Option<&str> {
        let pressed = self.get("find");
        if !pressed.is_empty() {
            return Some(pressed);
        }
        if self.get("default").is_empty() {
            return None;
        }
        self.0.keys().find_map(|name| {
            let field = name.strip_suffix("-find")?;
            let typed = self.get(name);
            (!typed.is_empty() && typed != self.get(&format!("{field}-found"))).then_some(field)
        })
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

    /// The values of every row cell named `…-<column>` (`parties-0-organisation`), blanks
    /// left out.
    pub fn cells(&self, column: &str) -> Vec<String> {
        let suffix = format!("-{column}");
        self.0
            .iter()
            .filter(|(name, _)| name.ends_with(&suffix))
            .flat_map(|(_, values)| values.iter().map(|v| v.trim().to_owned()))
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Sets the text of `name`.
    pub fn set(&mut self, name: &str, value: String) {
        self.0.insert(name.to_owned(), vec![value]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::rows::join_rows;

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
    fn enter_finds_when_a_search_box_holds_new_text_and_saves_otherwise() {
        let pressed = posted(&[("find", "parties"), ("parties-find", "")]);
        assert_eq!(pressed.find_field(), Some("parties"));
        let enter = posted(&[("default", "1"), ("parties-find", "Rijks")]);
        assert_eq!(enter.find_field(), Some("parties"));
        let searched = posted(&[
            ("default", "1"),
            ("parties-find", "Rijks"),
            ("parties-found", "Rijks"),
        ]);
        assert_eq!(searched.find_field(), None, "already found: Enter saves");
        let empty = posted(&[("default", "1"), ("parties-find", " ")]);
        assert_eq!(empty.find_field(), None);
        let save_button = posted(&[("parties-find", "Rijks")]);
        assert_eq!(save_button.find_field(), None, "the Save button saves");
    }
}
