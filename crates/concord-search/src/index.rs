//! [`SearchIndex`]: opening (and, when it is unusable, recreating) the index, applying
//! revisions to it, and clearing it.
//!
//! The index is derived data: a missing, corrupt or older-schema index is wiped and recreated
//! empty, never a reason to refuse to start. It must not decide visibility itself; see
//! `search.rs`, which derives its filter from [`concord_domain::Viewer`].

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use concord_domain::RevisionId;
use concord_domain::record::{RecordKey, RecordKind};
use concord_domain::revision::RevisionAction;
use concord_store::LoggedRevision;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use crate::cache::SegmentCache;
use crate::document::{self, Derived, Source};
use crate::partners::Partnerships;
use crate::query::{SearchError, index_error};
use crate::regions::PartyRegions;
use crate::{compact, schema, store_dir};

/// Memory of the index writer: segments are flushed when it is full.
const WRITER_HEAP: usize = 128 * 1024 * 1024;
/// Indexing threads.
const WRITER_THREADS: usize = 1;

/// The search index of one server. `Send + Sync`; share it behind an `Arc`.
pub struct SearchIndex {
    pub(crate) inner: Arc<Inner>,
}

/// The index state shared with blocking tasks.
pub(crate) struct Inner {
    pub(crate) fields: schema::Fields,
    pub(crate) reader: IndexReader,
    /// What searches keep per segment (filter bitsets, facet ordinals).
    pub(crate) cache: Arc<SegmentCache>,
    writer: Mutex<IndexWriter>,
    last_applied: AtomicI64,
    /// The last revision added to the writer, committed or not (≥ `last_applied`).
    last_queued: AtomicI64,
    needs_rebuild: AtomicBool,
    /// Serializes catch-ups, so two never apply the same page.
    pub(crate) follow: tokio::sync::Mutex<()>,
}

/// The error for an index whose lock another process holds. Callers name the directory.
fn in_use() -> SearchError {
    SearchError::Index("it is in use by another process (a running `concord serve`?)".into())
}

impl SearchIndex {
    /// Opens or creates the index in `dir`. A missing, corrupt or older-schema index is wiped
    /// and recreated empty, and then [`needs_rebuild`](Self::needs_rebuild) is true. Fails only
    /// when the directory cannot be used at all (permissions, another process holds the lock).
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        Self::open_with_writer_heap(dir, WRITER_HEAP)
    }

    /// Opens like [`open`](Self::open), with `heap` bytes for the index writer (segments are
    /// flushed when it is full) instead of the server's 128 MiB: a bulk import in its own
    /// process keeps its memory small this way.
    pub fn open_with_writer_heap(dir: &Path, heap: usize) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(index_error("while creating the index directory"))?;
        match store_dir::open_existing(dir) {
            Ok(Some((index, last))) => Self::start(index, last, false, heap),
            Ok(None) => Self::fresh(store_dir::create(dir)?, heap),
            Err(store_dir::Unusable::Locked) => Err(in_use()),
            Err(store_dir::Unusable::Bad(reason)) => {
                tracing::warn!(dir = %dir.display(), %reason, "recreating the search index");
                store_dir::wipe(dir)?;
                Self::fresh(store_dir::create(dir)?, heap)
            }
        }
    }

    /// An empty index in memory (for tests).
    pub fn open_in_ram() -> Result<Self, SearchError> {
        let index = Index::builder()
            .schema(schema::build())
            .settings(schema::settings())
            .create_in_ram()
            .map_err(index_error("while creating the index"))?;
        schema::register(&index);
        Self::start(index, 0, false, WRITER_HEAP)
    }

    /// A new empty index that must be rebuilt; its first commit records the schema version.
    fn fresh(index: Index, heap: usize) -> Result<Self, SearchError> {
        let this = Self::start(index, 0, true, heap)?;
        let mut writer = this.inner.lock_writer()?;
        this.inner.commit(&mut writer, 0)?;
        drop(writer);
        Ok(this)
    }

    fn start(
        index: Index,
        last: i64,
        needs_rebuild: bool,
        heap: usize,
    ) -> Result<Self, SearchError> {
        let fields = schema::Fields::from_schema(&index.schema())
            .map_err(index_error("while reading the schema"))?;
        let writer = index
            .writer_with_num_threads(WRITER_THREADS, heap)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => in_use(),
                other => index_error("while opening the index writer")(other),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(index_error("while opening the index reader"))?;
        Ok(Self {
            inner: Arc::new(Inner {
                fields,
                reader,
                cache: Arc::default(),
                writer: Mutex::new(writer),
                last_applied: AtomicI64::new(last),
                last_queued: AtomicI64::new(last),
                needs_rebuild: AtomicBool::new(needs_rebuild),
                follow: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// Whether the index was recreated on open and must be rebuilt from the log; false again
    /// after [`clear`](Self::clear) (which [`crate::rebuild`] calls).
    pub fn needs_rebuild(&self) -> bool {
        self.inner.needs_rebuild.load(Ordering::Acquire)
    }

    /// The last revision applied (0 for an empty index).
    pub fn last_applied(&self) -> RevisionId {
        RevisionId(self.inner.last_applied.load(Ordering::Acquire))
    }

    /// Applies revisions (oldest first): a revision that leaves its record deleted removes it,
    /// any other replaces it. Revisions at or before [`last_applied`](Self::last_applied) are
    /// skipped, so applying twice is harmless. Commits once, records the last revision in the
    /// commit, and reloads the reader, so the next search sees the changes.
    pub fn apply(&self, revisions: &[LoggedRevision]) -> Result<(), SearchError> {
        self.inner.apply(revisions)
    }

    /// Removes every document and resets [`last_applied`](Self::last_applied) to 0.
    pub fn clear(&self) -> Result<(), SearchError> {
        let inner = &self.inner;
        let mut writer = inner.lock_writer()?;
        writer
            .delete_all_documents()
            .map_err(index_error("while clearing the index"))?;
        inner.commit(&mut writer, 0)?;
        inner.needs_rebuild.store(false, Ordering::Release);
        Ok(())
    }
}

impl Inner {
    fn lock_writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer
            .lock()
            .map_err(|_| SearchError::Index("the index writer lock is poisoned".into()))
    }

    /// The last revision added to the writer, committed or not.
    pub(crate) fn last_queued(&self) -> i64 {
        self.last_queued.load(Ordering::Acquire)
    }

    /// How many revisions are queued but not committed.
    pub(crate) fn uncommitted(&self) -> u64 {
        (self.last_queued() - self.last_applied.load(Ordering::Acquire)).max(0) as u64
    }

    pub(crate) fn apply(&self, revisions: &[LoggedRevision]) -> Result<(), SearchError> {
        self.queue(revisions)?;
        self.commit_queued()
    }

    /// Adds revisions to the writer without committing them (a bulk catch-up commits once in a
    /// while: each commit makes a segment, and fewer segments mean less merging). Revisions at
    /// or before the last one queued are skipped.
    pub(crate) fn queue(&self, revisions: &[LoggedRevision]) -> Result<(), SearchError> {
        let after = self.last_queued.load(Ordering::Acquire);
        let revisions: Vec<&LoggedRevision> = revisions.iter().filter(|r| r.id.0 > after).collect();
        let Some(last) = revisions.iter().map(|r| r.id.0).max() else {
            return Ok(());
        };
        let mut writer = self.lock_writer()?;
        // Partnership counts and a partnership's regions read the committed index, and so
        // does the check for an organisation's changed regions: commit what is queued first.
        // A batch of new organisations (a bulk import) needs no commit.
        let reads_committed = revisions.iter().any(|r| match r.record.kind {
            RecordKind::Partnership => true,
            RecordKind::Organisation => r.action != RevisionAction::Create,
            _ => false,
        });
        if reads_committed && self.uncommitted() > 0 {
            self.commit(&mut writer, after)?;
        }
        if let Err(e) = self.add_all(&writer, &revisions) {
            self.rollback(&mut writer)?;
            return Err(e);
        }
        self.last_queued.store(last, Ordering::Release);
        Ok(())
    }

    /// Commits what was queued, if anything.
    pub(crate) fn commit_queued(&self) -> Result<(), SearchError> {
        let mut writer = self.lock_writer()?;
        let queued = self.last_queued.load(Ordering::Acquire);
        if queued == self.last_applied.load(Ordering::Acquire) {
            return Ok(());
        }
        if let Err(e) = self.commit(&mut writer, queued) {
            self.rollback(&mut writer)?;
            return Err(e);
        }
        Ok(())
    }

    /// Drops every uncommitted change.
    fn rollback(&self, writer: &mut IndexWriter) -> Result<(), SearchError> {
        writer
            .rollback()
            .map_err(index_error("while rolling back a failed update"))?;
        self.last_queued
            .store(self.last_applied.load(Ordering::Acquire), Ordering::Release);
        Ok(())
    }

    /// Queues the latest state of each record in `revisions`; a record whose first revision
    /// here is its creation cannot be in the index yet, so it needs no delete. Organisations
    /// that a partnership here names, before or after, are rebuilt with their new count, and
    /// partnerships naming an organisation here whose regions they take (`regions.rs`) with
    /// their new regions.
    fn add_all(
        &self,
        writer: &IndexWriter,
        revisions: &[&LoggedRevision],
    ) -> Result<(), SearchError> {
        let mut span: HashMap<RecordKey, (RevisionAction, usize)> = HashMap::new();
        for (i, r) in revisions.iter().enumerate() {
            span.entry(r.record).or_insert((r.action, i)).1 = i;
        }
        let latest: Vec<(&LoggedRevision, RevisionAction)> = revisions
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let &(first, last) = span.get(&r.record)?;
                (last == i).then_some((*r, first))
            })
            .collect();
        let revs: Vec<&LoggedRevision> = latest.iter().map(|(r, _)| *r).collect();
        let partnerships = Partnerships::of_batch(self.reader.searcher(), &self.fields, &revs)?;
        let regions = PartyRegions::of_batch(&latest);
        let others = Others {
            partnerships: &partnerships,
            regions: &regions,
        };
        for (r, first) in &latest {
            if *first != RevisionAction::Create {
                self.delete(writer, &r.record);
            }
            if !r.action.leaves_deleted() {
                self.add(writer, &Source::from(*r), &others)?;
            }
        }
        let rebuilt = partnerships
            .touched()
            .chain(regions.changed(&partnerships)?);
        for key in rebuilt {
            if span.contains_key(&key) {
                continue;
            }
            if let Some(indexed) = partnerships.indexed(&key)? {
                self.delete(writer, &key);
                self.add(writer, &indexed.source(), &others)?;
            }
        }
        Ok(())
    }

    fn delete(&self, writer: &IndexWriter, key: &RecordKey) {
        let key = document::key_text(key);
        writer.delete_term(Term::from_field_text(self.fields.key, &key));
    }

    /// Adds the document of `src`; a snapshot that is not a valid record is logged and left
    /// out, so one bad revision cannot stop the index from following the log.
    fn add(
        &self,
        writer: &IndexWriter,
        src: &Source<'_>,
        others: &Others<'_>,
    ) -> Result<(), SearchError> {
        let mut derived = Derived::default();
        match src.key.kind {
            RecordKind::Organisation => {
                derived.partnerships = others.partnerships.count(&src.key.id)?;
            }
            RecordKind::Partnership => {
                let parties: Vec<uuid::Uuid> = document::partners(src.key, src.snapshot)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|p| p.parse().ok())
                    .collect();
                derived.regions = others.regions.of(others.partnerships, &parties)?;
            }
            _ => {}
        }
        match document::build(&self.fields, src, &derived) {
            Ok(Some(doc)) => {
                writer
                    .add_document(doc)
                    .map_err(index_error("while adding a document"))?;
            }
            Ok(None) => {}
            Err(e) => tracing::error!(
                revision = src.revision, record = %src.key, error = %e,
                "a snapshot is not a valid record; it is left out of the search index"
            ),
        }
        Ok(())
    }

    fn commit(&self, writer: &mut IndexWriter, last: i64) -> Result<(), SearchError> {
        let payload = store_dir::payload(last)?;
        let mut prepared = writer
            .prepare_commit()
            .map_err(index_error("while preparing a commit"))?;
        prepared.set_payload(&payload);
        prepared
            .commit()
            .map_err(index_error("while committing the index"))?;
        compact::expunge_deletes(writer)?;
        self.reader
            .reload()
            .map_err(index_error("while reloading the index reader"))?;
        let live: Vec<_> = self
            .reader
            .searcher()
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        self.cache.retain(&live);
        self.last_applied.store(last, Ordering::Release);
        self.last_queued.store(last, Ordering::Release);
        Ok(())
    }
}

/// What a batch's documents read from other records.
struct Others<'a> {
    partnerships: &'a Partnerships<'a>,
    regions: &'a PartyRegions<'a>,
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use concord_domain::partnership::Party;
    use concord_domain::record::Record;
    use concord_domain::text::Translatable;
    use concord_domain::{Organisation, OrganisationId, Partnership, PartnershipId, Viewer};
    use uuid::Uuid;

    use super::*;
    use crate::SearchQuery;

    fn rev<R: Record>(id: i64, action: RevisionAction, record: &R) -> LoggedRevision {
        LoggedRevision {
            id: RevisionId(id),
            record: record.key(),
            action,
            at: Utc.timestamp_opt(1_700_000_000 + id, 0).unwrap(),
            snapshot: serde_json::to_string(record).unwrap(),
        }
    }

    fn regions(index: &SearchIndex) -> Vec<String> {
        let query = SearchQuery {
            kinds: vec![RecordKind::Partnership],
            limit: 10,
            ..SearchQuery::default()
        };
        let found = index.search(&Viewer::anonymous(), &query).unwrap();
        let mut values: Vec<String> = found
            .facets
            .get("region")
            .into_iter()
            .flatten()
            .map(|v| v.value.clone())
            .collect();
        values.sort();
        values
    }

    /// An organisation changed twice between commits, back to where it was, leaves the
    /// partnerships naming it with its regions, not those of the change in between.
    #[test]
    fn regions_follow_changes_queued_between_commits() {
        let mut museum = Organisation::new(OrganisationId(Uuid::from_u128(1)), "Museum", "museum");
        museum.country = Some("SE".into());
        let mut p = Partnership::new(
            PartnershipId(Uuid::from_u128(2)),
            Translatable::one("en", "Scans"),
            "partnership",
        );
        p.parties = vec![Party {
            organisation: museum.id,
            role: "partner".into(),
        }];
        let index = SearchIndex::open_in_ram().unwrap();
        index
            .apply(&[
                rev(1, RevisionAction::Create, &museum),
                rev(2, RevisionAction::Create, &p),
            ])
            .unwrap();
        assert_eq!(regions(&index), ["150", "154"]);
        museum.country = Some("BR".into());
        index
            .inner
            .queue(&[rev(3, RevisionAction::Update, &museum)])
            .unwrap();
        museum.country = Some("SE".into());
        index
            .inner
            .queue(&[rev(4, RevisionAction::Update, &museum)])
            .unwrap();
        index.inner.commit_queued().unwrap();
        assert_eq!(regions(&index), ["150", "154"]);
    }
}
