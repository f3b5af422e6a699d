//! `concord import` and `concord export`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use concord_cli::export::{self, Format};
use concord_cli::import::{self, ImportReport};
use concord_domain::Viewer;
use concord_domain::record::RecordKind;
use concord_store::{AuditEvent, AuditKind, Store, StoreError};

use super::{bar, index_dir, open_index, open_store};
use crate::cli::{Database, ExportFormat, ImportSource};

/// Imports, then brings the search index up to date, then prints the report.
pub async fn import(db: &Database, source: ImportSource) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let who = Viewer::system("import");
    let progress = bar(0, "importing");
    let report: ImportReport = match source {
        ImportSource::Csv { file, map } => {
            let map = import::csv::ColumnMap::parse(&map).context("while reading --map")?;
            import::csv::import_csv(&*store, &who, &file, &map, &progress).await?
        }
        ImportSource::Wikidata { file } => {
            import::wikidata::import_wikidata(&*store, &who, &file, &progress).await?
        }
        ImportSource::Dataset { dir } => {
            import::dataset::import_dataset(&*store, &who, &dir, &progress).await?
        }
    };
    progress.finish_and_clear();
    open_index(&index_dir(db), &*store).await?;
    eprintln!("{report}");
    for problem in report.skipped.iter().take(20) {
        eprintln!("  skipped: {problem}");
    }
    if report.skipped.len() > 20 {
        eprintln!("  … and {} more skipped", report.skipped.len() - 20);
    }
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
