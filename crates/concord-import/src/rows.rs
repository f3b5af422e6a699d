//! A CSV file of organisations read in batches of rows, so that a file of any size is imported
//! in bounded memory; and the check of a whole file's structure that comes first.
//!
//! The structure rule stays "all or nothing": [`check_structure`] reads the whole file once,
//! keeping no row, and a ragged row or invalid UTF-8 refuses the import with the line (and
//! column) before anything is written. It also counts the rows, for the progress bar. Then
//! [`CsvRows`] reads the file again, a batch at a time, each row with its original cells (for
//! the rejected-rows file, [`crate::reject`]) and the notes of values changed on the way in.

use std::io::Read;

use anyhow::Context;
use csv::StringRecord;

use crate::csv::{ColumnMap, row_to_organisation};
use crate::options::CsvOptions;
use crate::{Incoming, RowProblem};

/// One row: the organisation it gives, its cells as written, and what was changed on the way in.
#[derive(Clone, Debug)]
pub struct CsvRow {
    /// The organisation, with the row's line.
    pub incoming: Incoming,
    /// The row's cells, as in the file.
    pub cells: StringRecord,
    /// Values stored differently from how they were written (a website completed).
    pub notes: Vec<RowProblem>,
}

/// A CSV file being read in batches; see the module docs.
pub struct CsvRows<R> {
    reader: csv::Reader<R>,
    header: StringRecord,
    fields: Vec<(String, usize)>,
    options: CsvOptions,
}

fn reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new().flexible(false).from_reader(input)
}

fn header<R: Read>(reader: &mut csv::Reader<R>) -> anyhow::Result<StringRecord> {
    let header = reader
        .headers()
        .map_err(|e| describe(&e, None))
        .context("while reading the CSV header")?;
    Ok(header.clone())
}

impl<R: Read> CsvRows<R> {
    /// Reads the header and resolves the columns; a mapped column missing from the header, or
    /// no name at all, is an error.
    pub fn new(input: R, options: CsvOptions) -> anyhow::Result<Self> {
        let mut reader = reader(input);
        let header = header(&mut reader)?;
        let fields = options
            .columns
            .resolve(&header, options.constants.pairs())?;
        Ok(Self {
            reader,
            header,
            fields,
            options,
        })
    }

    /// The header, as in the file.
    pub fn header(&self) -> &StringRecord {
        &self.header
    }

    /// Up to `max` more rows; empty at the end of the file.
    pub fn next_batch(&mut self, max: usize) -> anyhow::Result<Vec<CsvRow>> {
        let mut batch = Vec::with_capacity(max.min(65_536));
        while batch.len() < max {
            let mut cells = StringRecord::new();
            let more = self
                .reader
                .read_record(&mut cells)
                .map_err(|e| describe(&e, Some(&self.header)))?;
            if !more {
                break;
            }
            let line = cells.position().map_or(0, csv::Position::line);
            let (incoming, notes) = row_to_organisation(&cells, line, &self.fields, &self.options);
            batch.push(CsvRow {
                incoming,
                cells,
                notes,
            });
        }
        Ok(batch)
    }
}

/// Reads a whole file without keeping its rows: its number of rows, or the first structure
/// error (a ragged row, invalid UTF-8), naming the line and column.
pub fn check_structure(input: impl Read) -> anyhow::Result<u64> {
    let mut reader = reader(input);
    let header = header(&mut reader)?;
    let mut row = StringRecord::new();
    let mut rows = 0;
    while reader
        .read_record(&mut row)
        .map_err(|e| describe(&e, Some(&header)))?
    {
        rows += 1;
    }
    Ok(rows)
}

/// Parses a whole CSV file with a column mapping; any structural error refuses it, naming the
/// line (and column). For small files and the fuzz targets; imports read in batches.
pub fn read_csv(input: impl Read, map: &ColumnMap) -> anyhow::Result<Vec<Incoming>> {
    let options = CsvOptions {
        columns: map.clone(),
        ..CsvOptions::default()
    };
    let mut rows = CsvRows::new(input, options)?;
    let batch = rows.next_batch(usize::MAX)?;
    Ok(batch.into_iter().map(|row| row.incoming).collect())
}

/// A CSV error in words, with the line and, for bad UTF-8, the column name.
fn describe(e: &::csv::Error, header: Option<&::csv::StringRecord>) -> anyhow::Error {
    match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => anyhow::anyhow!(
            "line {}: the row has {len} fields but the header has {expected_len}; nothing was imported",
            pos.as_ref().map_or(0, ::csv::Position::line),
        ),
        ::csv::ErrorKind::Utf8 { pos, err } => {
            let column = header.and_then(|h| h.get(err.field())).map_or_else(
                || format!("field {}", err.field() + 1),
                |c| format!("column {c:?}"),
            );
            anyhow::anyhow!(
                "line {}, {column}: invalid UTF-8 (save the file as UTF-8); nothing was imported",
                pos.as_ref().map_or(0, ::csv::Position::line),
            )
        }
        _ => anyhow::anyhow!("{e}; nothing was imported"),
    }
}
