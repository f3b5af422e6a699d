//! `concord import` and `concord export`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use concord_cli::export::{self, Format};
use concord_cli::import::{self, ImportReport};
use concord_domain::Viewer;
use concord_domain::record::RecordKind;
use concord_search::{SearchIndex, WrittenFeed};
use concord_store::{AuditEvent, AuditKind, Store, StoreError};

use super::{bar, bring_up_to_date, index_dir, open_store};
use crate::cli::{CsvArgs, Database, ExportFormat, ImportSource};

/// Imports while the search index takes each batch written, then commits the index, then
/// prints the report. When the index cannot be opened (a running server holds it), the records
/// are imported all the same and the server's follower indexes them. The CSV settings are
/// checked before anything is opened; a dry run opens no index and writes nothing.
pub async fn import(db: &Database, source: ImportSource) -> anyhow::Result<()> {
    let csv = match &source {
        ImportSource::Csv(args) => Some(csv_job(args)?),
        _ => None,
    };
    let store = concord_cli::backend::open_store_for_import(&db.url).await?;
    let dry_run = csv.as_ref().is_some_and(|(job, _)| job.dry_run);
    let index = if dry_run {
        None
    } else {
        open_import_index(db, &*store).await
    };
    let mut feed = index
        .as_ref()
        .map(|index| WrittenFeed::start(index.clone(), store.clone()));
    let who = Viewer::system("import");
    let progress = bar(0, "importing");
    let report: ImportReport = match (source, csv) {
        (ImportSource::Csv(args), Some((job, rejects))) => {
            let out = rejects_file(rejects.as_deref())?;
            let report = import::csv::import_csv_input(
                &*store,
                &who,
                feed.as_mut(),
                &args.file,
                &job,
                out,
                &progress,
            )
            .await?;
            keep_rejects(rejects.as_deref(), &report)?;
            report
        }
        (ImportSource::Wikidata { file }, _) => {
            import::wikidata::import_wikidata(&*store, &who, feed.as_mut(), &file, &progress)
                .await?
        }
        (ImportSource::Dataset { dir }, _) => {
            import::dataset::import_dataset(&*store, &who, feed.as_mut(), &dir, &progress).await?
        }
        (ImportSource::Csv(_), None) => anyhow::bail!("the CSV settings were lost"),
    };
    progress.finish_and_clear();
    if let (Some(feed), Some(index)) = (feed, index) {
        finish_index(feed, &index, &*store).await?;
    }
    if dry_run {
        eprintln!("Dry run, nothing was written. It would give:");
    }
    print_report(&report);
    Ok(())
}

/// The search index for an import, or `None` (with a word why) when another process holds it.
async fn open_import_index(db: &Database, store: &dyn Store) -> Option<Arc<SearchIndex>> {
    let dir = index_dir(db);
    let opened = SearchIndex::open_with_writer_heap(&dir, import::INDEX_WRITER_HEAP)
        .with_context(|| format!("while opening the search index in {}", dir.display()));
    let index = match opened {
        Ok(index) => bring_up_to_date(index, store).await,
        Err(e) => Err(e),
    };
    match index {
        Ok(index) => Some(index),
        Err(e) => {
            eprintln!(
                "concord: importing without the search index ({e:#}); a server that follows \
                 this database indexes the records itself"
            );
            None
        }
    }
}

/// The CSV import the arguments describe, and where its rejected rows go (none in a dry run
/// without `--rejects`); every setting is checked here, before anything is opened.
fn csv_job(args: &CsvArgs) -> anyhow::Result<(import::csv::CsvImport, Option<PathBuf>)> {
    use import::csv::{ColumnMap, Constants, CsvImport, CsvOptions, ValueMap};
    let mut values = ValueMap::parse(&args.map_value)?;
    if let Some(path) = &args.map_values {
        let file = std::fs::File::open(path)
            .with_context(|| format!("while opening --map-values {}", path.display()))?;
        values
            .read_file(std::io::BufReader::new(file))
            .with_context(|| format!("while reading --map-values {}", path.display()))?;
    }
    let options = CsvOptions {
        columns: ColumnMap::parse(&args.map).context("while reading --map")?,
        constants: Constants::parse(&args.set)?,
        values,
    };
    anyhow::ensure!(
        args.rejects.as_ref() != Some(&args.file),
        "--rejects {} is the file being imported: name another file",
        args.file.display()
    );
    let rejects = match (&args.rejects, args.dry_run) {
        (Some(path), _) => Some(path.clone()),
        (None, true) => None,
        (None, false) => Some(args.file.with_extension("rejected.csv")),
    };
    let job = CsvImport {
        options,
        dry_run: args.dry_run,
        summary: format!("import from {}", import::csv::file_name(&args.file)),
    };
    Ok((job, rejects))
}

type RejectsOut = Option<Box<dyn Write + Send>>;

/// Creates the rejected-rows file.
fn rejects_file(path: Option<&std::path::Path>) -> anyhow::Result<RejectsOut> {
    let Some(path) = path else {
        return Ok(None);
    };
    let file = std::fs::File::create(path)
        .with_context(|| format!("while creating the rejected-rows file {}", path.display()))?;
    Ok(Some(Box::new(std::io::BufWriter::new(file))))
}

/// Names the rejected-rows file in the report, or removes it when no row was rejected.
fn keep_rejects(path: Option<&std::path::Path>, report: &ImportReport) -> anyhow::Result<()> {
    let Some(path) = path else {
        return Ok(());
    };
    if report.skipped.is_empty() {
        std::fs::remove_file(path)
            .with_context(|| format!("while removing the empty {}", path.display()))?;
    } else {
        eprintln!(
            "The {} rejected rows, each with its reason, are in {}: fix them and import that file again.",
            report.skipped.len(),
            path.display()
        );
    }
    Ok(())
}

/// Prints the counts, then the first notes and skipped rows.
fn print_report(report: &ImportReport) {
    eprintln!("{report}");
    for note in report.notes.iter().take(20) {
        eprintln!("  changed: {note}");
    }
    if report.noted > 20 {
        eprintln!("  … and {} more changed", report.noted - 20);
    }
    for problem in report.skipped.iter().take(20) {
        eprintln!("  skipped: {problem}");
    }
    if report.skipped.len() > 20 {
        eprintln!("  … and {} more skipped", report.skipped.len() - 20);
    }
}

/// Lets `feed` apply what it was given, then commits the index with what the log holds
/// besides (anything the feed could not take), so every imported record is searchable.
pub(super) async fn finish_index(
    feed: WrittenFeed,
    index: &SearchIndex,
    store: &dyn Store,
) -> anyhow::Result<()> {
    if let Err(e) = feed.finish().await {
        // The log holds every batch; the catch-up below applies what the feed did not.
        tracing::warn!(error = %e, "the search index stopped taking the import's batches");
    }
    concord_search::catch_up(index, store, &|_, _| {})
        .await
        .context("while updating the search index")?;
    Ok(())
}

/// Whose view of the records an export writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportAs {
    /// A visitor's: public records only.
    Visitor,
    /// Everything (`--all`).
    Operator,
    /// What this account may see (`--as USERNAME`).
    Account(String),
}

/// Exports records of one kind as `who` sees them; an export above public is audited.
pub async fn export(
    db: &Database,
    format: ExportFormat,
    kind: &str,
    output: Option<PathBuf>,
    who: ExportAs,
) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let kind = RecordKind::parse(kind).with_context(|| {
        let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown record kind {kind:?}: use one of {}",
            known.join(", ")
        )
    })?;
    let (viewer, audited_as) = match &who {
        ExportAs::Visitor => (Viewer::anonymous(), None),
        ExportAs::Operator => (Viewer::system("export"), Some("all")),
        ExportAs::Account(username) => (account_viewer(&*store, username).await?, Some("account")),
    };
    let format = match format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Jsonld => Format::Jsonld,
    };
    let progress = bar(0, "exporting");
    let mut out: Box<dyn Write + Send> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("while creating {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let n = export::export(&*store, &viewer, kind, format, &mut out, &progress).await?;
    out.flush().context("while writing the export")?;
    progress.finish_and_clear();
    eprintln!("Exported {n} {} records.", kind.as_str());
    if let Some(view) = audited_as {
        let mut event = AuditEvent::new(AuditKind::RestrictedExport, Some("cli"))
            .detail("kind", kind.as_str())
            .detail("format", format.name())
            .detail("count", n)
            .detail("to_file", output.is_some())
            .detail("view", view);
        if let ExportAs::Account(username) = &who {
            event = event.detail("as", username.as_str());
        }
        store
            .record_audit(event)
            .await
            .context("while writing the export to the audit log")?;
    }
    Ok(())
}

/// The viewer of an enabled account, for `--as`.
async fn account_viewer(store: &dyn Store, username: &str) -> anyhow::Result<Viewer> {
    let account = match store.account_by_username(username).await {
        Ok(account) => account,
        Err(StoreError::NotFound) => anyhow::bail!("there is no account named {username:?}"),
        Err(e) => return Err(e).with_context(|| format!("while reading account {username:?}")),
    };
    anyhow::ensure!(
        !account.disabled,
        "the account {username:?} is disabled; enable it first to export as it"
    );
    Ok(account.viewer())
}
