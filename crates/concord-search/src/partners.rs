//! Each organisation's partnerships, counted when its document is built (its importance, see
//! `rank.rs`), and kept right as partnerships are written: a batch that adds, changes or
//! removes a partnership also rebuilds the documents of the organisations it names, before
//! and after.
//!
//! Counts come from the committed index (live documents only) corrected by the batch itself,
//! so the index must hold everything queued before a batch with partnerships is counted.

use std::collections::{BTreeSet, HashMap};

use concord_domain::record::{RecordKey, RecordKind};
use concord_store::LoggedRevision;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocSet, Searcher, TERMINATED, TantivyDocument, Term};
use uuid::Uuid;

use crate::document::{self, Source};
use crate::query::{SearchError, index_error};
use crate::schema::Fields;

/// The partnership counts for one batch of revisions.
pub(crate) struct Partnerships<'a> {
    searcher: Searcher,
    fields: &'a Fields,
    /// Change in each organisation's count made by the batch.
    delta: HashMap<String, i64>,
    /// Organisations named by a partnership of the batch, before or after.
    touched: BTreeSet<String>,
    /// Whether the index holds any partnership party: when not (a bulk import's
    /// organisations), counting reads nothing.
    any_indexed: bool,
}

/// A document already in the index, to rebuild.
pub(crate) struct Indexed {
    /// The record.
    pub key: RecordKey,
    /// Its revision.
    pub revision: i64,
    /// When that revision was written, in milliseconds.
    pub at_ms: i64,
    /// Its JSON.
    pub snapshot: String,
}

impl Indexed {
    /// The source to rebuild its document from.
    pub(crate) fn source(&self) -> Source<'_> {
        Source {
            key: &self.key,
            revision: self.revision,
            at_ms: self.at_ms,
            snapshot: &self.snapshot,
        }
    }
}

impl<'a> Partnerships<'a> {
    /// The counts for `latest` (the latest revision of each record in a batch).
    pub(crate) fn of_batch(
        searcher: Searcher,
        fields: &'a Fields,
        latest: &[&LoggedRevision],
    ) -> Result<Self, SearchError> {
        let mut any_indexed = false;
        for segment in searcher.segment_readers() {
            let index = segment
                .inverted_index(fields.partner)
                .map_err(index_error("while counting partnerships"))?;
            any_indexed |= index.terms().num_terms() > 0;
        }
        let mut this = Self {
            searcher,
            fields,
            delta: HashMap::new(),
            touched: BTreeSet::new(),
            any_indexed,
        };
        for rev in latest
            .iter()
            .filter(|r| r.record.kind == RecordKind::Partnership)
        {
            if let Some(before) = this.indexed(&rev.record)? {
                for org in parties(&before.key, &before.snapshot) {
                    *this.delta.entry(org.clone()).or_default() -= 1;
                    this.touched.insert(org);
                }
            }
            if !rev.action.leaves_deleted() {
                for org in parties(&rev.record, &rev.snapshot) {
                    *this.delta.entry(org.clone()).or_default() += 1;
                    this.touched.insert(org);
                }
            }
        }
        Ok(this)
    }

    /// How many partnerships name organisation `id` once the batch is applied.
    pub(crate) fn count(&self, id: &Uuid) -> Result<u64, SearchError> {
        let id = id.to_string();
        let delta = self.delta.get(&id).copied().unwrap_or(0);
        if !self.any_indexed {
            return Ok(delta.max(0).unsigned_abs());
        }
        let live = live(
            &self.searcher,
            Term::from_field_text(self.fields.partner, &id),
        )?;
        Ok(live.saturating_add_signed(delta))
    }

    /// Whether the committed index holds any partnership party.
    pub(crate) fn any_indexed(&self) -> bool {
        self.any_indexed
    }

    /// The committed partnerships naming organisation `id`.
    pub(crate) fn naming(&self, id: &Uuid) -> Result<Vec<RecordKey>, SearchError> {
        let err = index_error("while finding an organisation's partnerships");
        let term = Term::from_field_text(self.fields.partner, &id.to_string());
        let mut keys = Vec::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            for doc in live_docs(segment, &term)? {
                let address = tantivy::DocAddress::new(ord as u32, doc);
                let stored: TantivyDocument = self.searcher.doc(address).map_err(&err)?;
                let key = stored
                    .get_first(self.fields.key)
                    .and_then(|v| v.as_str())
                    .and_then(document::parse_key)
                    .ok_or_else(|| SearchError::Index("an indexed document has no key".into()))?;
                keys.push(key);
            }
        }
        Ok(keys)
    }

    /// The organisations whose count the batch changes.
    pub(crate) fn touched(&self) -> impl Iterator<Item = RecordKey> + '_ {
        self.touched.iter().filter_map(|id| {
            Some(RecordKey {
                kind: RecordKind::Organisation,
                id: id.parse().ok()?,
            })
        })
    }

    /// The committed document of `key`, if any.
    pub(crate) fn indexed(&self, key: &RecordKey) -> Result<Option<Indexed>, SearchError> {
        let err = index_error("while reading an indexed document");
        let term = Term::from_field_text(self.fields.key, &document::key_text(key));
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let Some(doc) = first_live(segment, &term)? else {
                continue;
            };
            let address = tantivy::DocAddress::new(ord as u32, doc);
            let stored: TantivyDocument = self.searcher.doc(address).map_err(&err)?;
            let revision = stored
                .get_first(self.fields.revision)
                .and_then(|v| v.as_i64());
            let snapshot = stored.get_first(self.fields.json).and_then(|v| v.as_str());
            let at_ms = segment
                .fast_fields()
                .i64("updated")
                .map_err(&err)?
                .first(doc);
            let (Some(revision), Some(snapshot), Some(at_ms)) = (revision, snapshot, at_ms) else {
                return Err(SearchError::Index(format!(
                    "the indexed document of {key} is incomplete"
                )));
            };
            return Ok(Some(Indexed {
                key: *key,
                revision,
                at_ms,
                snapshot: snapshot.to_owned(),
            }));
        }
        Ok(None)
    }
}

/// The party ids of a partnership's snapshot; a snapshot that does not parse names none (it
/// is left out of the index, and its error logged, where it is added).
fn parties(key: &RecordKey, snapshot: &str) -> Vec<String> {
    document::partners(key, snapshot).unwrap_or_else(|e| {
        tracing::warn!(record = %key, error = %e, "a partnership snapshot does not parse");
        Vec::new()
    })
}

/// Live documents holding `term` in any segment.
fn live(searcher: &Searcher, term: Term) -> Result<u64, SearchError> {
    let err = index_error("while counting partnerships");
    let mut n = 0;
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(term.field()).map_err(&err)?;
        let Some(mut postings) = index
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(index_error("while counting partnerships"))?
        else {
            continue;
        };
        let mut doc = postings.doc();
        while doc != TERMINATED {
            n += u64::from(!segment.is_deleted(doc));
            doc = postings.advance();
        }
    }
    Ok(n)
}

/// The live documents of a segment holding `term`.
fn live_docs(
    segment: &tantivy::SegmentReader,
    term: &Term,
) -> Result<Vec<tantivy::DocId>, SearchError> {
    let err = index_error("while reading indexed documents");
    let index = segment.inverted_index(term.field()).map_err(&err)?;
    let Some(mut postings) = index
        .read_postings(term, IndexRecordOption::Basic)
        .map_err(index_error("while reading indexed documents"))?
    else {
        return Ok(Vec::new());
    };
    let mut docs = Vec::new();
    let mut doc = postings.doc();
    while doc != TERMINATED {
        if !segment.is_deleted(doc) {
            docs.push(doc);
        }
        doc = postings.advance();
    }
    Ok(docs)
}

/// The first live document of a segment holding `term` (a record's `key`: one at most).
fn first_live(
    segment: &tantivy::SegmentReader,
    term: &Term,
) -> Result<Option<tantivy::DocId>, SearchError> {
    Ok(live_docs(segment, term)?.into_iter().next())
}
