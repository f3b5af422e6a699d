//! `concord import` and `concord export`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use concord_cli::export::{self, Format};
use concord_cli::import::{self, ImportReport};
use concord_domain::Viewer;
use concord_domain::record::RecordKind;
use concord_store::{AuditEvent, AuditKind, Store};

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

/// Exports records of one kind, as a visitor sees them unless `all`.
pub async fn export(
    db: &Database,
    format: ExportFormat,
    kind: &str,
    output: Option<PathBuf>,
    all: bool,
) -> anyhow::Result<()> {
    let store = open_store(db).await?;
    let kind = RecordKind::parse(kind).with_context(|| {
        let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown record kind {kind:?}: use one of {}",
            known.join(", ")
        )
    })?;
    let who = if all {
        Viewer::system("export")
    } else {
        Viewer::anonymous()
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
    let n = export::export(&*store, &who, kind, format, &mut out, &progress).await?;
    out.flush().context("while writing the export")?;
    progress.finish_and_clear();
    eprintln!("Exported {n} {} records.", kind.as_str());
    if all {
        audit_restricted_export(&*store, kind, format, n, output.is_some()).await?;
    }
    Ok(())
}

/// Appends `restricted_export` to the audit log: an export of more than public records.
async fn audit_restricted_export(
    store: &dyn Store,
    kind: RecordKind,
    format: Format,
    count: u64,
    to_file: bool,
) -> anyhow::Result<()> {
    let event = AuditEvent::new(AuditKind::RestrictedExport, Some("cli"))
        .detail("kind", kind.as_str())
        .detail("format", format.name())
        .detail("count", count)
        .detail("to_file", to_file);
    store
        .record_audit(event)
        .await
        .context("while writing the export to the audit log")
}
