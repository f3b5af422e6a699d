//! JSON lines: one redacted record per line, any kind.

use std::io::Write;

use anyhow::Context;
use concord_domain::{KindVisitor, Record, Viewer};
use concord_store::StoredDocument;
use serde::Serialize;

use super::redacted;

/// Writes records as JSON lines.
pub(crate) struct JsonlSink<'w> {
    out: &'w mut (dyn Write + Send),
}

impl<'w> JsonlSink<'w> {
    pub(crate) fn new(out: &'w mut (dyn Write + Send)) -> Self {
        Self { out }
    }

    fn line<T: Serialize>(&mut self, record: &T) -> anyhow::Result<()> {
        serde_json::to_writer(&mut *self.out, record).context("while writing a JSON line")?;
        self.out
            .write_all(b"\n")
            .context("while writing a JSON line")
    }

    pub(crate) fn write(&mut self, doc: StoredDocument, who: &Viewer) -> anyhow::Result<()> {
        struct Line<'s, 'w>(&'s mut JsonlSink<'w>, StoredDocument, &'s Viewer);
        impl KindVisitor for Line<'_, '_> {
            type Output = anyhow::Result<()>;
            fn visit<R: Record>(self) -> Self::Output {
                let Line(sink, doc, who) = self;
                sink.line(&redacted::<R>(doc, who)?)
            }
        }
        doc.key.kind.visit(Line(self, doc, who))
    }

    pub(crate) fn finish(self) -> anyhow::Result<()> {
        self.out
            .flush()
            .context("while finishing the JSON lines export")
    }
}
