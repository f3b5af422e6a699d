//! The I/O-free part of Concord's importers: sources parsed into [`Incoming`] records, and what
//! happens to a record before the store is touched.
//!
//! - [`csv`]: any CSV file with a column mapping ([`csv::ColumnMap`], [`csv::read_csv`]), with
//!   constants and value maps ([`options::CsvOptions`]), read in batches ([`rows::CsvRows`]).
//! - [`reject`]: the rejected-rows file, for a person to fix and import again.
//! - [`wikidata`]: Wikidata entity JSON, dump lines or `wbgetentities` output
//!   ([`wikidata::read_entities`]).
//! - [`merge`]: how an incoming record merges into the one it matched, and when a match is
//!   refused.
//! - [`reference`](mod@reference): compiled-in tables (country QIDs, Wikidata classes) and
//!   cleaners for third-party values.
//!
//! Validation and match keys are the domain's (`Record::validate`, `Organisation::match_keys`).
//! The engine that matches against the store and writes lives in concord-cli (`import`), which
//! re-exports what its callers need from here. This crate depends on nothing but the domain and small parsing crates,
//! so that the fuzz targets (`fuzz/`), which call exactly this code, build in little time.

pub mod csv;
pub mod merge;
pub mod options;
pub mod reference;
pub mod reject;
pub mod rows;
pub mod wikidata;

pub use merge::merge_organisation;

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
    /// Values stored differently from how they were written (a website completed or put in
    /// lower case), the first [`MAX_NOTES`]; [`ImportReport::noted`] counts them all.
    pub notes: Vec<RowProblem>,
    /// How many values were changed on the way in.
    pub noted: usize,
}

/// How many notes a report keeps (a million-row file may change every website).
pub const MAX_NOTES: usize = 1_000;

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
        self.noted += other.noted;
        let room = MAX_NOTES.saturating_sub(self.notes.len());
        self.notes.extend(other.notes.into_iter().take(room));
    }

    /// Counts a value changed on the way in, and keeps the note while there is room.
    pub fn note(&mut self, note: RowProblem) {
        self.noted += 1;
        if self.notes.len() < MAX_NOTES {
            self.notes.push(note);
        }
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
        )?;
        if self.noted > 0 {
            write!(f, "; {} values changed on the way in", self.noted)?;
        }
        Ok(())
    }
}
