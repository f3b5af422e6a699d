//! Concord's import engine, a crate of its own so that the `concord import` command and the
//! pages run the same one. Import of organisations: from CSV with a column mapping ([`csv`]),
//! from Wikidata entity JSON ([`wikidata`]) and from every dataset in `shared/data`
//! ([`dataset`]).
//!
//! Every source is parsed into [`Incoming`] records (by the I/O-free `concord-import` crate,
//! re-exported here, except the datasets), then handed to one engine
//! ([`Importer`], [`upsert_organisations`]) that matches them against the store by QID, ROR ID,
//! ISIL, then each of its names + country (the domain's `match_keys`, strongest first), merges,
//! and writes with `save_batch` in batches of [`BATCH_SIZE`] ([`csv::CSV_BATCH`] for CSV, read
//! as it goes). So a second run updates instead of duplicating, a record that did not change
//! writes nothing (no revision), and an interrupted run is finished by running it again.
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
//!   whole rows; user CSV is checked strictly, and its skipped rows can be written to a
//!   rejected-rows CSV (the row and a `reason`) to fix and import again.
//! - **A dry run** (`Importer::set_dry_run`) matches against the store and counts what would be
//!   created, updated, unchanged and skipped, and writes nothing.
//!
//! This module must not decide visibility or relationships of existing records: an import only
//! sets them on records it creates.

pub mod csv;
pub mod dataset;
mod engine;
mod progress;
pub mod wikidata;

pub use concord_import::{ImportReport, Incoming, RowProblem, merge_organisation, reference};
pub use engine::{BATCH_SIZE, Importer, KNOWN_LIMIT, upsert_organisations};
pub use progress::{NoProgress, Progress, show_when_known};

/// Bytes of the search index writer's memory during `concord import` (a server's is 128 MiB):
/// a segment is written each time it is full, and the import's resident memory stays small.
pub const INDEX_WRITER_HEAP: usize = 48 << 20;
