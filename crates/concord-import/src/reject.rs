//! The rejected-rows file: each row an import skipped, with its cells as they were and a
//! `reason` column naming the field, so that a person can fix the rows and import the file
//! again. A file that already ends in a `reason` column (a fixed rejected-rows file) gets that
//! column replaced, not a second one.

use std::io::Write;

use anyhow::Context;
use csv::StringRecord;

/// The name of the column that says why a row was rejected.
pub const REASON: &str = "reason";

/// Writes rejected rows as CSV: the header once, then each row with its reason.
pub struct RejectWriter<W: Write> {
    writer: csv::Writer<W>,
    /// How many cells of each row to copy (all but a trailing `reason` column).
    width: usize,
    rows: u64,
}

impl<W: Write> RejectWriter<W> {
    /// Starts the file with the input's header and `reason`.
    pub fn new(output: W, header: &StringRecord) -> anyhow::Result<Self> {
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(output);
        let width = match header.iter().next_back() {
            Some(last) if last.trim() == REASON => header.len() - 1,
            _ => header.len(),
        };
        let mut first: Vec<&str> = header.iter().take(width).collect();
        first.push(REASON);
        writer
            .write_record(&first)
            .context("while writing the rejected rows' header")?;
        Ok(Self {
            writer,
            width,
            rows: 0,
        })
    }

    /// Writes one rejected row: its cells and the reason.
    pub fn write(&mut self, cells: &StringRecord, reason: &str) -> anyhow::Result<()> {
        let mut row: Vec<&str> = cells.iter().take(self.width).collect();
        row.push(reason);
        self.writer
            .write_record(&row)
            .context("while writing a rejected row")?;
        self.rows += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes the file.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.writer
            .flush()
            .context("while writing the rejected rows")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[&str]) -> StringRecord {
        StringRecord::from(cells.to_vec())
    }

    #[test]
    fn rejected_rows_keep_their_cells_and_say_why_once() {
        let mut out = Vec::new();
        let mut w = RejectWriter::new(&mut out, &record(&["name", "kind"])).unwrap();
        w.write(&record(&["Zoo, Berlin", "zoo"]), "kind: unknown")
            .unwrap();
        w.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "name,kind,reason\n\"Zoo, Berlin\",zoo,kind: unknown\n"
        );

        let mut again = Vec::new();
        let header = record(&["name", "kind", "reason"]);
        let mut w = RejectWriter::new(&mut again, &header).unwrap();
        w.write(&record(&["Zoo", "zoo", "old"]), "kind: still unknown")
            .unwrap();
        w.finish().unwrap();
        let text = String::from_utf8(again).unwrap();
        assert_eq!(text, "name,kind,reason\nZoo,zoo,kind: still unknown\n");
    }
}
