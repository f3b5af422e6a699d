//! JSON lines: one redacted record per line, any kind.

use std::io::Write;

use anyhow::Context;
use concord_domain::{GlossaryTerm, Need, Organisation, Partnership, Person, RecordKind, Viewer};
use concord_store::StoredDocument;
use serde::Serialize;

use super::redacted;

/// Writes records as JSON lines.
pub(super) struct JsonlSink<'w> {
    out: &'w mut dyn Write,
}

impl<'w> JsonlSink<'w> {
    pub(super) fn new(out: &'w mut dyn Write) -> Self {
        Self { out }
    }

    fn line<T: Serialize>(&mut self, record: &T) -> anyhow::Result<()> {
        serde_json::to_writer(&mut *self.out, record).context("while writing a JSON line")?;
        self.out
            .write_all(b"\n")
            .context("while writing a JSON line")
    }

    pub(super) fn write(&mut self, doc: StoredDocument, who: &Viewer) -> anyhow::Result<()> {
        match doc.key.kind {
            RecordKind::Organisation => self.line(&redacted::<Organisation>(doc, who)?),
            RecordKind::Person => self.line(&redacted::<Person>(doc, who)?),
            RecordKind::Partnership => self.line(&redacted::<Partnership>(doc, who)?),
            RecordKind::Need => self.line(&redacted::<Need>(doc, who)?),
            RecordKind::GlossaryTerm => self.line(&redacted::<GlossaryTerm>(doc, who)?),
        }
    }

    pub(super) fn finish(self) -> anyhow::Result<()> {
        self.out
            .flush()
            .context("while finishing the JSON lines export")
    }
}
