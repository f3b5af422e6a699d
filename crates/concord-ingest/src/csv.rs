//! `concord import csv`: a CSV file of organisations with a column mapping, constants and value
//! maps, parsed by [`concord_import::csv`] and [`concord_import::rows`] (re-exported here) and
//! written by the engine, a batch at a time.
//!
//! [`import_csv_input`] is the whole import behind one call (input + [`CsvImport`] settings →
//! report), for the command line now and an upload form later: the file is read twice, once
//! to check its structure and count its rows (all or nothing: a ragged row writes nothing),
//! then in batches of [`CSV_BATCH`] rows by a reader thread that stays at most one batch
//! ahead, each batch merged while the one before is written, and the run remembers one batch
//! of organisations (a file is one source), so memory does not grow with the file.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use concord_domain::Viewer;
use concord_import::reject::RejectWriter;
use concord_import::rows::{CsvRow, CsvRows, check_structure};
use concord_search::WrittenFeed;
use concord_store::Store;
use tokio::sync::mpsc;

pub use concord_import::csv::{ColumnMap, blank_organisation, read_csv};
pub use concord_import::options::{Constants, CsvOptions, ValueMap};

use super::{ImportReport, Importer, Progress};

/// Rows per batch: one `save_batch` transaction each. Larger batches rewrite fewer index pages
/// per row (see `bench::fill::BATCH_SIZE`); this many keep the rows in flight small (about four
/// batches are: read ahead, being merged, being written, being indexed).
pub const CSV_BATCH: usize = 10_000;

/// A CSV input that can be opened more than once (it is read twice; see the module docs).
pub trait CsvInput: Send + Sync {
    /// A new reader from the first byte.
    fn open(&self) -> anyhow::Result<Box<dyn Read + Send>>;
}

impl CsvInput for PathBuf {
    fn open(&self) -> anyhow::Result<Box<dyn Read + Send>> {
        let file = std::fs::File::open(self)
            .with_context(|| format!("while opening {}", self.display()))?;
        Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, file)))
    }
}

impl CsvInput for std::sync::Arc<[u8]> {
    fn open(&self) -> anyhow::Result<Box<dyn Read + Send>> {
        Ok(Box::new(std::io::Cursor::new(self.clone())))
    }
}

/// How one CSV import runs.
pub struct CsvImport {
    /// Columns, constants and value maps.
    pub options: CsvOptions,
    /// Count what would happen and write nothing.
    pub dry_run: bool,
    /// The summary of each revision written (`import from museums.csv`).
    pub summary: String,
}

/// Imports a CSV file of organisations with a column mapping only; see [`import_csv_input`].
pub async fn import_csv(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    path: &Path,
    map: &ColumnMap,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let job = CsvImport {
        options: CsvOptions {
            columns: map.clone(),
            ..CsvOptions::default()
        },
        dry_run: false,
        summary: format!("import from {}", file_name(path)),
    };
    import_csv_input(store, who, index, &path.to_path_buf(), &job, None, progress).await
}

/// Imports `input` as `job` says; each skipped row goes to `rejects` (its cells and a `reason`)
/// when given. A structure error refuses the file before anything is written.
pub async fn import_csv_input(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    input: &dyn CsvInput,
    job: &CsvImport,
    rejects: Option<Box<dyn Write + Send>>,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let structure = input.open()?;
    let total = tokio::task::spawn_blocking(move || check_structure(structure))
        .await
        .context("while checking the CSV file")??;
    let rows = CsvRows::new(input.open()?, job.options.clone())?;
    let mut rejects = match rejects {
        Some(out) => Some(RejectWriter::new(out, rows.header())?),
        None => None,
    };
    let mut batches = read_ahead(rows);
    let mut importer = Importer::new(store, who, index).await?;
    importer.set_dry_run(job.dry_run);
    // One source: what was written is found in the store again, so remember one batch only.
    importer.set_known_limit(CSV_BATCH);
    let mut notes = ImportReport::default();
    progress.start(&job.summary, total);
    while let Some(batch) = batches.recv().await {
        let batch = batch?;
        let n = batch.len() as u64;
        import_batch(&mut importer, batch, job, rejects.as_mut(), &mut notes).await?;
        progress.advance(n);
    }
    importer.flush().await?;
    progress.finish();
    if let Some(rejects) = rejects {
        rejects.finish()?;
    }
    let mut report = importer.take_report();
    report.absorb(notes);
    Ok(report)
}

type Rejects = RejectWriter<Box<dyn Write + Send>>;

/// Imports one batch of rows: their notes go to `notes`, their skipped rows to `rejects`.
async fn import_batch(
    importer: &mut Importer<'_>,
    batch: Vec<CsvRow>,
    job: &CsvImport,
    rejects: Option<&mut Rejects>,
    notes: &mut ImportReport,
) -> anyhow::Result<()> {
    let before = importer.skipped().len();
    let mut cells = Vec::with_capacity(batch.len());
    let mut incoming = Vec::with_capacity(batch.len());
    for row in batch {
        row.notes.into_iter().for_each(|note| notes.note(note));
        cells.push((row.incoming.line, row.cells));
        incoming.push(row.incoming);
    }
    importer.queue_batch(incoming, &job.summary).await?;
    let Some(rejects) = rejects else {
        return Ok(());
    };
    for problem in &importer.skipped()[before..] {
        if let Ok(i) = cells.binary_search_by_key(&problem.line, |(line, _)| *line) {
            let reason = format!("{}: {}", problem.field, problem.message);
            rejects.write(&cells[i].1, &reason)?;
        }
    }
    Ok(())
}

/// Reads `rows` on a blocking thread, at most one batch ahead of the caller.
fn read_ahead<R: Read + Send + 'static>(
    mut rows: CsvRows<R>,
) -> mpsc::Receiver<anyhow::Result<Vec<CsvRow>>> {
    let (tx, rx) = mpsc::channel(1);
    tokio::task::spawn_blocking(move || {
        loop {
            let batch = rows.next_batch(CSV_BATCH);
            if matches!(&batch, Ok(rows) if rows.is_empty()) {
                break;
            }
            let failed = batch.is_err();
            // A refused send means the import stopped (and reports why): stop reading too.
            if tx.blocking_send(batch).is_err() || failed {
                break;
            }
        }
    });
    rx
}

/// The file name of a path, for revision summaries.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
