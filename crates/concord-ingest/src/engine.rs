//! The import engine: validates, matches in batches, merges and writes with `save_batch`.
//!
//! An [`Importer`] is one run. What it remembers between batches, so that the same body in two
//! sources of one run becomes one record in bounded memory, is [`memory`]. It writes nothing
//! for a record that did not change, so a second run adds no revision. A dry run
//! ([`Importer::set_dry_run`]) matches and counts the same way and writes nothing.
//!
//! [`Importer::queue_batch`] matches and merges a batch while the one before is being written
//! (the store's writer thread and this task each keep a core busy); the organisations of the
//! write under way stay remembered until it is done, since the store does not show it yet.

use std::collections::HashSet;

mod filter;
mod memory;
mod write;

use anyhow::{Context, bail};
use concord_domain::record::{Record, RecordKind};
use concord_domain::{Organisation, OrganisationId, Viewer, Vocabularies};
use concord_import::merge::merge_organisation;
use concord_search::WrittenFeed;
use concord_store::{Store, new_id};
use uuid::Uuid;

use super::{ImportReport, Incoming, Progress, RowProblem};

/// How many records are matched and written together (one `save_batch` transaction).
pub const BATCH_SIZE: usize = 2_000;

/// How many keys one `find_by_match_keys` call gets.
const KEYS_PER_LOOKUP: usize = 10_000;

/// How many matched records one `get_many` call reads.
const RECORDS_PER_READ: usize = 5_000;

/// Rows merged between two yields to the write under way.
const YIELD_EVERY: usize = 500;

pub use memory::KNOWN_LIMIT;
use memory::Memory;
use write::Pending;

/// The records a batch changed, in the order they were first changed.
#[derive(Default)]
struct Dirty {
    order: Vec<Uuid>,
    set: HashSet<Uuid>,
}

impl Dirty {
    fn mark(&mut self, id: Uuid) {
        if self.set.insert(id) {
            self.order.push(id);
        }
    }
}

/// One import run: import several sources through it to deduplicate across them.
pub struct Importer<'a> {
    store: &'a dyn Store,
    who: &'a Viewer,
    /// Where each written batch also goes: the search index, applying it while the import goes
    /// on. `None`: the index catches up from the log afterwards (or a server's follower does).
    search: Option<&'a mut WrittenFeed>,
    vocab: Vocabularies,
    memory: Memory,
    /// Match and count, but write nothing.
    dry_run: bool,
    report: ImportReport,
    /// The batch being written while the next one is matched; see [`Importer::queue_batch`].
    pending: Option<Pending<'a>>,
}

/// Imports `records` in one run and reports what happened; see [`Importer`].
pub async fn upsert_organisations(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    records: Vec<Incoming>,
    summary: &str,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let mut importer = Importer::new(store, who, index).await?;
    importer.upsert(records, summary, progress).await?;
    Ok(importer.take_report())
}

impl<'a> Importer<'a> {
    /// Starts a run; reads the vocabularies records are checked against. With `index`, each
    /// batch written is handed to it (see [`WrittenFeed`]).
    pub async fn new(
        store: &'a dyn Store,
        who: &'a Viewer,
        index: Option<&'a mut WrittenFeed>,
    ) -> anyhow::Result<Self> {
        let vocab = store
            .vocabularies()
            .await
            .context("while reading the vocabularies for the import")?;
        let mut memory = Memory::new();
        let head = store
            .head()
            .await
            .context("while reading the revision log before the import")?;
        if head.0 == 0 {
            memory.start_from_empty_store();
        }
        Ok(Self {
            store,
            who,
            search: index,
            vocab,
            memory,
            dry_run: false,
            report: ImportReport::default(),
            pending: None,
        })
    }

    /// Makes this run a dry run: it reads the store to match and counts what it would create,
    /// update, leave unchanged and skip, and writes nothing (no record, revision or index).
    pub fn set_dry_run(&mut self, dry_run: bool) {
        self.dry_run = dry_run;
    }

    /// Sets how many organisations the run remembers before it forgets the written ones
    /// (default [`KNOWN_LIMIT`]): less memory, more lookups.
    pub fn set_known_limit(&mut self, limit: usize) {
        self.memory.limit = limit;
    }

    /// The rows skipped so far (since the last [`Importer::take_report`]).
    pub fn skipped(&self) -> &[RowProblem] {
        &self.report.skipped
    }

    /// The counts since the last call, which restarts them.
    pub fn take_report(&mut self) -> ImportReport {
        std::mem::take(&mut self.report)
    }

    /// Matches, merges and writes `records` in batches; `summary` goes into each revision.
    ///
    /// Errors when the store fails; the batches written before stay, and running the same
    /// import again finishes the job.
    pub async fn upsert(
        &mut self,
        records: Vec<Incoming>,
        summary: &str,
        progress: &dyn Progress,
    ) -> anyhow::Result<()> {
        progress.start(summary, records.len() as u64);
        let mut records = records.into_iter().peekable();
        while records.peek().is_some() {
            let batch: Vec<Incoming> = records.by_ref().take(BATCH_SIZE).collect();
            let n = batch.len() as u64;
            self.queue_batch(batch, summary).await?;
            progress.advance(n);
        }
        self.flush().await?;
        progress.finish();
        Ok(())
    }

    /// Matches, merges and writes one batch (one `save_batch` transaction); `summary` goes into
    /// each revision. Returns when it is written.
    pub async fn upsert_batch(
        &mut self,
        batch: Vec<Incoming>,
        summary: &str,
    ) -> anyhow::Result<()> {
        self.queue_batch(batch, summary).await?;
        self.flush().await
    }

    /// Matches and merges `batch` while the batch queued before is written, then starts
    /// writing this one (one `save_batch` transaction; `summary` goes into each revision) and
    /// returns: the caller reads the next batch meanwhile. [`flush`](Self::flush) waits for
    /// the last write; the rows skipped are known on return.
    pub async fn queue_batch(&mut self, batch: Vec<Incoming>, summary: &str) -> anyhow::Result<()> {
        let pending = self.pending.take();
        let written = async move {
            match pending {
                Some(p) => Some((p.write.await, p.ids)),
                None => None,
            }
        };
        let (written, dirty) = tokio::join!(written, self.match_batch(batch));
        if let Some((result, ids)) = written {
            self.finish_write(result, &ids).await?;
        }
        self.start_write(dirty?, summary)?;
        let keep = self.pending.as_ref().map_or(&[][..], |p| &p.ids);
        self.memory.forget_written_if_full(keep);
        Ok(())
    }

    /// Waits until the batch queued last is written.
    pub async fn flush(&mut self) -> anyhow::Result<()> {
        if let Some(pending) = self.pending.take() {
            let result = pending.write.await;
            self.finish_write(result, &pending.ids).await?;
        }
        Ok(())
    }

    /// Validates, looks up and merges one batch; the organisations it changed, in order.
    async fn match_batch(&mut self, batch: Vec<Incoming>) -> anyhow::Result<Vec<Uuid>> {
        let mut valid = Vec::with_capacity(batch.len());
        for incoming in batch {
            match incoming.record.validate(&self.vocab) {
                Ok(()) => {
                    let keys = incoming.record.match_keys();
                    valid.push((incoming, keys));
                }
                Err(e) => self
                    .report
                    .skipped
                    .push(RowProblem::from_validation(incoming.line, &e)),
            }
        }
        self.look_up(&valid).await?;
        let mut dirty = Dirty::default();
        for (i, (incoming, keys)) in valid.into_iter().enumerate() {
            self.apply(incoming, &keys, &mut dirty);
            if i % YIELD_EVERY == YIELD_EVERY - 1 {
                // Lets the write of the batch before go on (its statements are built on this
                // task), so that both cores work.
                tokio::task::yield_now().await;
            }
        }
        Ok(dirty.order)
    }

    /// Loads into `known` every stored organisation that carries a key of `batch`.
    async fn look_up(&mut self, batch: &[(Incoming, Vec<String>)]) -> anyhow::Result<()> {
        let keys = self
            .memory
            .unseen_keys(batch.iter().flat_map(|(_, keys)| keys));
        let mut hits = Vec::new();
        for chunk in keys.chunks(KEYS_PER_LOOKUP) {
            let found = self
                .store
                .find_by_match_keys(RecordKind::Organisation, chunk)
                .await
                .context("while looking up existing organisations by match key")?;
            hits.extend(found);
        }
        let mut missing: Vec<concord_domain::RecordKey> = hits
            .iter()
            .map(|(_, key, _)| *key)
            .filter(|key| !self.memory.knows(&key.id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        for chunk in missing.chunks(RECORDS_PER_READ) {
            self.read_matched(chunk).await?;
        }
        for (key, record, _) in hits {
            self.memory.index_key(&key, record.id);
        }
        Ok(())
    }

    /// Reads the matched organisations `keys` and remembers them; every one must be visible.
    async fn read_matched(&mut self, keys: &[concord_domain::RecordKey]) -> anyhow::Result<()> {
        let docs = self
            .store
            .get_many(self.who, keys)
            .await
            .context("while reading the organisations that import keys match")?;
        if docs.len() != keys.len() {
            let found: HashSet<Uuid> = docs.iter().map(|d| d.key.id).collect();
            if let Some(key) = keys.iter().find(|k| !found.contains(&k.id)) {
                bail!(
                    "organisation {}, which an import key matches, cannot be read \
                     (import as an admin)",
                    key.id
                );
            }
        }
        for doc in docs {
            let id = doc.key.id;
            let record: Organisation = serde_json::from_value(doc.body)
                .with_context(|| format!("while reading stored organisation {id}"))?;
            let keys = record.match_keys();
            self.memory
                .remember(record, &keys, Some(doc.revision), doc.deleted);
        }
        Ok(())
    }

    fn apply(&mut self, incoming: Incoming, keys: &[String], dirty: &mut Dirty) {
        let Incoming { line, mut record } = incoming;
        let Some(id) = self.memory.find_match(&record, keys) else {
            let id = new_id();
            record.id = OrganisationId(id);
            self.memory.remember(record, keys, None, false);
            self.memory.touch(id);
            dirty.mark(id);
            self.report.created += 1;
            return;
        };
        if self.memory.get(&id).is_some_and(|known| known.deleted) {
            self.report.skipped.push(RowProblem {
                line,
                field: "row".into(),
                message: format!("matches organisation {id}, which is deleted: restore it first"),
            });
            return;
        }
        let fill_only = self.memory.touch(id);
        let Some(known) = self.memory.get_mut(&id) else {
            return;
        };
        let merged = merge_organisation(&known.record, record, fill_only);
        if merged == known.record {
            self.report.unchanged += 1;
            return;
        }
        if let Err(e) = merged.validate(&self.vocab) {
            self.report
                .skipped
                .push(RowProblem::from_validation(line, &e));
            return;
        }
        known.record = merged;
        dirty.mark(id);
        self.report.updated += 1;
        let keys = known.record.match_keys();
        for key in &keys {
            self.memory.index_key(key, id);
        }
    }
}
