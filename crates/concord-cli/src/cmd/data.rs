//! `concord import` and `concord export`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use concord_cli::export::{self, Format};
use concord_cli::import::{self, ImportReport};
use concord_domain::Viewer;
use concord_domain::record::RecordKind;
use concord_search::{SearchIndex, WrittenFeed};
use concord_store::{AuditEvent, AuditKind, Store, StoreError};

use super::{bar, index_dir, open_index, open_store};
use crate::cli::{Database, ExportFormat, ImportSource};

/// Imports while the search index takes each batch written, then commits the index, then
/// prints the report. When the index cannot be opened (a running server holds it), the records
/// are imported all the same and the server's follower indexes them.
pub async fn import(db: &Database, source: ImportSource) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let dir = index_dir(db);
    let index = match open_index(&dir, &*store).await {
        Ok(index) => Some(index),
        Err(e) => {
            eprintln!(
                "concord: importing without the search index ({e:#}); a server that follows \
                 this database indexes the records itself"
            );
            None
        }
    };
    let mut feed = index
        .as_ref()
        .map(|index| WrittenFeed::start(index.clone(), store.clone()));
    let who = Viewer::system("import");
    let progress = bar(0, "importing");
    let report: ImportReport = match source {
        ImportSource::Csv { file, map } => {
            let map = import::csv::ColumnMap::parse(&map).context("while reading --map")?;
            import::csv::import_csv(&*store, &who, feed.as_mut(), &file, &map, &progress).await?
        }
        ImportSource::Wikidata { file } => {
            import::wikidata::import_wikidata(&*store, &who, feed.as_mut(), &file, &progress)
                .await?
        }
        ImportSource::Dataset { dir } => {
            import::dataset::import_dataset(&*store, &who, feed.as_mut(), &dir, &progress).await?
        }
    };
    progress.finish_and_clear();
    if let (Some(feed), Some(index)) = (feed, index) {
        finish_index(feed, &index, &*store).await?;
    }
    eprintln!("{report}");
    for problem in report.skipped.iter().take(20) {
        eprintln!("  skipped: {problem}");
    }
    if report.skipped.len() > 20 {
        eprintln!("  … and {} more skipped", report.skipped.len() - 20);
    }
    Ok(())
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
    let mut out: Box<dyn Write> = match &output {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("while creating {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
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
