//! Import of organisations: from CSV with a column mapping ([`csv`]), from Wikidata entity JSON
//! ([`wikidata`]) and from every dataset in `shared/data` ([`dataset`]).
//!
//! Every source is parsed into [`Incoming`] records, then handed to one engine
//! ([`Importer`], [`upsert_organisations`]) that matches them against the store by QID, ROR ID,
//! ISIL, then name + country (the domain's `match_keys`, strongest first), merges, and writes
//! with `save_batch` in batches of [`BATCH_SIZE`]. So a second run updates instead of
//! duplicating, a record that did not change writes nothing (no revision), and an interrupted run
//! is finished by running it again.
//!
//! Bad input, the rule:
//! - **Structure errors refuse the whole import before any write**: a ragged CSV row, invalid
//!   UTF-8, a malformed JSON line, a missing file or column. The error names the file, the line
//!   and, where known, the column or field.
//! - **Content errors skip the row**: a record that parses but fails validation (unknown kind,
//!   malformed QID, no name, …) is left out and listed in [`ImportReport::skipped`] with its line
//!   and the field; the good rows land.
//! - The public datasets and Wikidata are noisy third-party data: their adapters drop single
//!   unusable optional values (a malformed ISIL, a website that is not http(s)) rather than
//!   whole rows; user CSV is checked strictly.
//!
//! This module must not decide visibility or relationships of existing records: an import only
//! sets them on records it creates.

pub mod csv;
pub mod dataset;
mod engine;
mod merge;
mod progress;
pub mod reference;
pub mod wikidata;

pub use engine::{BATCH_SIZE, Importer, upsert_organisations};
pub use merge::merge_organisation;
pub use progress::{NoProgress, Progress};

use concord_domain::{Organisation, ValidationErrors};

/// One organisation read from a source, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// The line (or, for a JSON array, the 1-based record number) in the source.
    pub line: u64,
    /// The organisation as the source describes it; its id is ignored.
    pub record: Organisation,
}

/// A row that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    /// The line (or record number) in the source.
    pub line: u64,
    /// The field refused, as a record path (`kind`, `identifiers.wikidata`), or `row`.
    pub field: String,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.message)
    }
}

impl RowProblem {
    /// A problem from a validation failure: the first field refused, and every problem in words.
    pub fn from_validation(line: u64, errors: &ValidationErrors) -> Self {
        let field = errors
            .0
            .first()
            .map_or_else(|| "row".to_owned(), |e| e.field.clone());
        Self {
            line,
            field,
            message: errors.to_string(),
        }
    }
}

/// What an import did, counted per incoming record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records that created a new organisation.
    pub created: usize,
    /// Records that changed an existing organisation (or one created earlier in the same run).
    pub updated: usize,
    /// Records that matched an organisation and changed nothing.
    pub unchanged: usize,
    /// Records left out, with the reason.
    pub skipped: Vec<RowProblem>,
}

impl ImportReport {
    /// How many incoming records were looked at.
    pub fn total(&self) -> usize {
        self.created + self.updated + self.unchanged + self.skipped.len()
    }

    /// Adds another report's counts to this one.
    pub fn absorb(&mut self, other: ImportReport) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.skipped.extend(other.skipped);
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} created, {} updated, {} unchanged, {} skipped",
            self.created,
            self.updated,
            self.unchanged,
            self.skipped.len()
        )
    }
}
