//! Writing what a batch changed: the `save_batch` call started for one batch and finished
//! while the next is merged (see [`Importer::queue_batch`]), then the revisions it gave
//! recorded and handed to the search index.

use std::future::Future;
use std::pin::Pin;

use anyhow::{Context, bail};
use concord_domain::revision::RevisionAction;
use concord_store::{Document, Edit, LoggedRevision, StoreResult};
use uuid::Uuid;

use super::Importer;

/// A `save_batch` under way, and the organisations it writes, in order.
pub(super) struct Pending<'a> {
    pub(super) write: Pin<Box<dyn Future<Output = StoreResult<Vec<LoggedRevision>>> + Send + 'a>>,
    pub(super) ids: Vec<Uuid>,
}

impl Importer<'_> {
    /// Starts writing the organisations `dirty`, unless this is a dry run.
    pub(super) fn start_write(&mut self, dirty: Vec<Uuid>, summary: &str) -> anyhow::Result<()> {
        if dirty.is_empty() || self.dry_run {
            return Ok(());
        }
        let mut edits = Vec::with_capacity(dirty.len());
        for id in &dirty {
            let Some(known) = self.memory.get(id) else {
                bail!("organisation {id} was lost between matching and writing");
            };
            let document = Document::from_record(&known.record)
                .with_context(|| format!("while serialising organisation {id}"))?;
            edits.push(Edit {
                who: self.who.clone(),
                document,
                base: known.revision,
                action: match known.revision {
                    Some(_) => RevisionAction::Update,
                    None => RevisionAction::Create,
                },
                summary: summary.to_owned(),
            });
        }
        self.pending = Some(Pending {
            write: self.store.save_batch(edits),
            ids: dirty,
        });
        Ok(())
    }

    /// Records the revisions a write gave, and hands them to the index.
    pub(super) async fn finish_write(
        &mut self,
        result: StoreResult<Vec<LoggedRevision>>,
        dirty: &[Uuid],
    ) -> anyhow::Result<()> {
        let revisions = result
            .with_context(|| format!("while saving a batch of {} organisations", dirty.len()))?;
        for (id, revision) in dirty.iter().zip(&revisions) {
            if let Some(known) = self.memory.get_mut(id) {
                known.revision = Some(revision.id);
            }
        }
        if let Some(search) = self.search.as_mut()
            && let Err(e) = search.send(revisions).await
        {
            // The records are written and logged; the index catches up from the log later.
            tracing::warn!(error = %e, "the search index stopped taking the import's batches");
            self.search = None;
        }
        Ok(())
    }
}
