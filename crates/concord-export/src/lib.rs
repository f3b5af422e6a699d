//! Export of records, for `concord export` and the open-data page: CSV and JSON-LD (schema.org
//! `Organization`, `sameAs` Wikidata) for organisations, JSON lines for every kind.
//!
//! Records are read with `store.list` as the viewer, page by page, and redacted for the viewer
//! (`Stored::from_document`), so an export shows exactly what that viewer may see: a visitor gets
//! public records only. This module must not filter by visibility itself.

mod csv;
mod jsonl;
mod jsonld;

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::str::FromStr;

use anyhow::{Context, bail};
use concord_domain::record::Record;
use concord_domain::{Organisation, RecordKind, Viewer};
use concord_store::{Store, Stored, StoredDocument};

pub use concord_ingest::{NoProgress, Progress};

/// How many records are read at once.
pub const PAGE_SIZE: usize = 1_000;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header (organisations only).
    Csv,
    /// One JSON record per line (every kind).
    Jsonl,
    /// A JSON-LD document with schema.org types (organisations only).
    Jsonld,
}

impl Format {
    /// Its name on the command line (`csv`, `jsonl`, `jsonld`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Jsonld => "jsonld",
        }
    }
}

impl FromStr for Format {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Self> {
        match s {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "jsonld" | "json-ld" => Ok(Format::Jsonld),
            other => bail!("unknown export format {other:?}: use csv, jsonl or jsonld"),
        }
    }
}

/// What an export waits on after each page of records. A download waits there until the
/// client has taken most of what was written, so a slow client holds the export back rather
/// than the server holding the whole file.
pub trait Pace: Sync {
    /// Resolves when the export may go on; an error stops it.
    fn page_written(&self) -> Pin<Box<dyn Future<Output = std::io::Result<()>> + Send + '_>>;
}

/// Never waits.
pub struct NoPace;

impl Pace for NoPace {
    fn page_written(&self) -> Pin<Box<dyn Future<Output = std::io::Result<()>> + Send + '_>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

/// Writes every record of `kind` that `who` may see to `out` in `format`; returns how many.
///
/// Errors when the format does not fit the kind (CSV and JSON-LD are for organisations), when
/// the store fails, or when writing fails.
pub async fn export(
    store: &dyn Store,
    who: &Viewer,
    kind: RecordKind,
    format: Format,
    out: &mut (dyn Write + Send),
    progress: &dyn Progress,
) -> anyhow::Result<u64> {
    export_paced(store, who, kind, format, out, progress, &NoPace).await
}

/// [`export`], waiting on `pace` after each page of records.
pub async fn export_paced(
    store: &dyn Store,
    who: &Viewer,
    kind: RecordKind,
    format: Format,
    out: &mut (dyn Write + Send),
    progress: &dyn Progress,
    pace: &dyn Pace,
) -> anyhow::Result<u64> {
    if format != Format::Jsonl && kind != RecordKind::Organisation {
        bail!("{format:?} export is for organisations; use jsonl for {kind} records");
    }
    let total = store
        .count(kind)
        .await
        .with_context(|| format!("while counting {kind} records"))?;
    progress.start(&format!("exporting {}", kind.collection()), total);
    let mut writer = match format {
        Format::Csv => Sink::Csv(Box::new(csv::CsvSink::new(out)?)),
        Format::Jsonl => Sink::Jsonl(jsonl::JsonlSink::new(out)),
        Format::Jsonld => Sink::Jsonld(jsonld::JsonldSink::new(out)?),
    };
    let mut after = None;
    let mut written = 0;
    loop {
        let page = store
            .list(who, kind, after, PAGE_SIZE)
            .await
            .with_context(|| format!("while listing {kind} records"))?;
        let Some(last) = page.last() else { break };
        after = Some(last.key.id);
        let n = page.len();
        for doc in page {
            writer.write(doc, who)?;
        }
        written += n as u64;
        progress.advance(n as u64);
        if n < PAGE_SIZE {
            break;
        }
        pace.page_written()
            .await
            .context("while waiting for the reader")?;
    }
    writer.finish()?;
    progress.finish();
    Ok(written)
}

enum Sink<'w> {
    Csv(Box<csv::CsvSink<'w>>),
    Jsonl(jsonl::JsonlSink<'w>),
    Jsonld(jsonld::JsonldSink<'w>),
}

impl Sink<'_> {
    fn write(&mut self, doc: StoredDocument, who: &Viewer) -> anyhow::Result<()> {
        match self {
            Sink::Csv(s) => s.write(&organisation(doc, who)?),
            Sink::Jsonl(s) => s.write(doc, who),
            Sink::Jsonld(s) => s.write(&organisation(doc, who)?),
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Csv(s) => s.finish(),
            Sink::Jsonl(s) => s.finish(),
            Sink::Jsonld(s) => s.finish(),
        }
    }
}

/// A stored document as a record redacted for `who`.
pub fn redacted<R: Record>(doc: StoredDocument, who: &Viewer) -> anyhow::Result<R> {
    let key = doc.key;
    let stored = Stored::<R>::from_document(doc, who)
        .with_context(|| format!("while reading {key} for export"))?;
    Ok(stored.record)
}

fn organisation(doc: StoredDocument, who: &Viewer) -> anyhow::Result<Organisation> {
    redacted(doc, who)
}
