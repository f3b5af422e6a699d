//! What searches keep per segment between requests: the documents of common filters as
//! bitsets, and each facet column's values as plain arrays of term ordinals.
//!
//! Segments never change once written (deletes are applied by the collector, not here), so an
//! entry stays true for as long as its segment lives; [`SegmentCache::retain`] drops the entries
//! of segments that a reload no longer shows. This is the filter cache and the un-inverted
//! field cache of Lucene-based engines, made small: tantivy keeps neither.
//!
//! - A filter such as `country=US` is a posting list that every hit of the text query must seek
//!   into; as a bitset the same check is one load. Bitsets are kept only for filters that
//!   match at least one document in [`DENSE_FILTER`] of a segment (sparser ones are cheaper as
//!   posting lists), within a memory budget, least recently used first out.
//! - A facet column read through tantivy's columnar codecs costs a few indirect calls per
//!   document; counting a result of 150,000 hits in five facets spent 40 % of a search there.
//!   The same values as `u8`/`u16`/`u32` arrays cost one load each.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED, Term};

pub(crate) use crate::ordinals::FacetColumn;
use crate::top::RankColumns;

/// A filter is kept as a bitset when it matches at least one document in this many.
pub(crate) const DENSE_FILTER: u64 = 32;

/// The most memory that filter bitsets may take together.
const FILTER_BUDGET: usize = 32 * 1024 * 1024;

/// The per-segment caches of one index. `Send + Sync`.
#[derive(Default)]
pub(crate) struct SegmentCache {
    filters: Mutex<Filters>,
    facets: Mutex<HashMap<(SegmentId, &'static str), Column>>,
    ranks: Mutex<HashMap<SegmentId, Arc<RankColumns>>>,
}

/// A segment's facet column, `None` when the segment has no value for that facet.
pub(crate) type Column = Arc<Option<FacetColumn>>;

/// Filter bitsets by segment and terms, with the order they were last used in.
#[derive(Default)]
struct Filters {
    entries: HashMap<(SegmentId, Vec<Term>), (Arc<Bits>, u64)>,
    bytes: usize,
    clock: u64,
}

impl SegmentCache {
    /// Drops every entry of a segment not in `live`.
    pub(crate) fn retain(&self, live: &[SegmentId]) {
        if let Ok(mut filters) = self.filters.lock() {
            let Filters { entries, bytes, .. } = &mut *filters;
            entries.retain(|(segment, _), (bits, _)| {
                let keep = live.contains(segment);
                if !keep {
                    *bytes -= bits.bytes();
                }
                keep
            });
        }
        if let Ok(mut facets) = self.facets.lock() {
            facets.retain(|(segment, _), _| live.contains(segment));
        }
        if let Ok(mut ranks) = self.ranks.lock() {
            ranks.retain(|segment, _| live.contains(segment));
        }
    }

    /// The documents of `segment` holding any of `terms` (sorted, all of one field).
    pub(crate) fn filter(
        &self,
        segment: &SegmentReader,
        terms: &[Term],
    ) -> tantivy::Result<Arc<Bits>> {
        let key = (segment.segment_id(), terms.to_vec());
        if let Some(bits) = self.lookup(&key) {
            return Ok(bits);
        }
        let bits = Arc::new(Bits::of_terms(segment, terms)?);
        if let Ok(mut filters) = self.filters.lock() {
            filters.insert(key, Arc::clone(&bits));
        }
        Ok(bits)
    }

    fn lookup(&self, key: &(SegmentId, Vec<Term>)) -> Option<Arc<Bits>> {
        let mut filters = self.filters.lock().ok()?;
        filters.clock += 1;
        let now = filters.clock;
        let (bits, used) = filters.entries.get_mut(key)?;
        *used = now;
        Some(Arc::clone(bits))
    }

    /// The facet `name`'s column of `segment`, or `None` when the segment has no such column.
    pub(crate) fn facet(
        &self,
        segment: &SegmentReader,
        name: &'static str,
    ) -> tantivy::Result<Column> {
        let key = (segment.segment_id(), name);
        if let Some(column) = self.facets.lock().ok().and_then(|f| f.get(&key).cloned()) {
            return Ok(column);
        }
        let max_doc = segment.max_doc();
        let column = Arc::new(
            segment
                .fast_fields()
                .str(name)?
                .map(|dictionary| FacetColumn::read(dictionary, max_doc)),
        );
        if let Ok(mut facets) = self.facets.lock() {
            facets.insert(key, Arc::clone(&column));
        }
        Ok(column)
    }
}

impl SegmentCache {
    /// The relevance columns of `segment`.
    pub(crate) fn rank_columns(
        &self,
        segment: &SegmentReader,
    ) -> tantivy::Result<Arc<RankColumns>> {
        let id = segment.segment_id();
        if let Some(columns) = self.ranks.lock().ok().and_then(|r| r.get(&id).cloned()) {
            return Ok(columns);
        }
        let columns = Arc::new(RankColumns::open(segment)?);
        if let Ok(mut ranks) = self.ranks.lock() {
            ranks.insert(id, Arc::clone(&columns));
        }
        Ok(columns)
    }
}

impl Filters {
    fn insert(&mut self, key: (SegmentId, Vec<Term>), bits: Arc<Bits>) {
        let size = bits.bytes();
        if size > FILTER_BUDGET {
            return;
        }
        while self.bytes + size > FILTER_BUDGET {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((gone, _)) = self.entries.remove(&oldest) {
                self.bytes -= gone.bytes();
            }
        }
        self.clock += 1;
        if let Some((old, _)) = self.entries.insert(key, (bits, self.clock)) {
            self.bytes -= old.bytes();
        }
        self.bytes += size;
    }
}

/// A set of a segment's documents, one bit each.
pub(crate) struct Bits {
    words: Box<[u64]>,
    len: u32,
}

impl Bits {
    /// The documents of `segment` holding any of `terms`, deleted ones included (the
    /// collector skips those, as it does for posting lists).
    fn of_terms(segment: &SegmentReader, terms: &[Term]) -> tantivy::Result<Self> {
        let mut words = vec![0u64; (segment.max_doc() as usize).div_ceil(64)];
        for term in terms {
            let index = segment.inverted_index(term.field())?;
            let Some(mut postings) = index.read_postings(term, IndexRecordOption::Basic)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED {
                words[doc as usize / 64] |= 1 << (doc % 64);
                doc = postings.advance();
            }
        }
        let len = words.iter().map(|w| w.count_ones()).sum();
        Ok(Self {
            words: words.into_boxed_slice(),
            len,
        })
    }

    fn bytes(&self) -> usize {
        self.words.len() * 8
    }
}

/// A bitset as a scorer that scores 0: in an intersection, a check of one bit per candidate.
pub(crate) struct BitsScorer {
    bits: Arc<Bits>,
    /// The word of the current document.
    word: usize,
    /// The bits of that word after the current document.
    rest: u64,
    doc: DocId,
}

impl BitsScorer {
    pub(crate) fn new(bits: Arc<Bits>) -> Self {
        let rest = bits.words.first().copied().unwrap_or(0);
        let mut scorer = Self {
            bits,
            word: 0,
            rest,
            doc: 0,
        };
        scorer.advance();
        scorer
    }

    /// Moves to `doc`, which is in the set.
    fn land(&mut self, doc: DocId) -> DocId {
        self.word = doc as usize / 64;
        let after = doc % 64 + 1;
        self.rest = if after == 64 {
            0
        } else {
            self.bits.words[self.word] & (u64::MAX << after)
        };
        self.doc = doc;
        doc
    }
}

impl DocSet for BitsScorer {
    #[inline]
    fn advance(&mut self) -> DocId {
        while self.rest == 0 {
            self.word += 1;
            match self.bits.words.get(self.word) {
                Some(&w) => self.rest = w,
                None => {
                    self.doc = TERMINATED;
                    return TERMINATED;
                }
            }
        }
        let bit = self.rest.trailing_zeros();
        self.rest &= self.rest - 1;
        self.doc = (self.word * 64) as DocId + bit;
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let word = target as usize / 64;
        let Some(&w) = self.bits.words.get(word) else {
            self.doc = TERMINATED;
            return TERMINATED;
        };
        if word != self.word {
            self.word = word;
            self.rest = w;
        }
        self.rest &= u64::MAX << (target % 64);
        self.advance()
    }

    #[inline]
    fn seek_danger(&mut self, target: DocId) -> tantivy::SeekDangerResult {
        let word = target as usize / 64;
        let Some(&w) = self.bits.words.get(word) else {
            self.doc = TERMINATED;
            return tantivy::SeekDangerResult::SeekLowerBound(TERMINATED);
        };
        // The members of the target's word from the target on: one load, and a lower bound
        // past every non-member of that word.
        let from = w & (u64::MAX << (target % 64));
        if from == 0 {
            let next = (word as DocId + 1) * 64;
            return tantivy::SeekDangerResult::SeekLowerBound(
                if next as usize / 64 < self.bits.words.len() {
                    next
                } else {
                    TERMINATED
                },
            );
        }
        let first = word as DocId * 64 + from.trailing_zeros();
        if first == target {
            self.land(target);
            tantivy::SeekDangerResult::Found
        } else {
            tantivy::SeekDangerResult::SeekLowerBound(first)
        }
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.bits.len
    }
}

impl tantivy::query::Scorer for BitsScorer {
    fn score(&mut self) -> tantivy::Score {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(docs: &[DocId], max: usize) -> Arc<Bits> {
        let mut words = vec![0u64; max.div_ceil(64)];
        for &d in docs {
            words[d as usize / 64] |= 1 << (d % 64);
        }
        Arc::new(Bits {
            len: docs.len() as u32,
            words: words.into_boxed_slice(),
        })
    }

    fn all(mut s: BitsScorer) -> Vec<DocId> {
        let mut out = Vec::new();
        while s.doc() != TERMINATED {
            out.push(s.doc());
            s.advance();
        }
        out
    }

    #[test]
    fn a_bitset_scorer_walks_and_seeks_its_documents() {
        let docs = [0, 1, 63, 64, 127, 128, 500, 1_023];
        assert_eq!(all(BitsScorer::new(bits(&docs, 1_024))), docs);
        let mut s = BitsScorer::new(bits(&docs, 1_024));
        assert_eq!(s.seek(2), 63);
        assert_eq!(s.seek(63), 63);
        assert_eq!(s.seek(65), 127);
        assert_eq!(s.advance(), 128);
        assert_eq!(s.seek(1_000), 1_023);
        assert_eq!(s.advance(), TERMINATED);
        assert_eq!(BitsScorer::new(bits(&[], 100)).doc(), TERMINATED);
    }

    #[test]
    fn seek_danger_finds_members_and_skips_the_rest() {
        let mut s = BitsScorer::new(bits(&[5, 70, 71], 128));
        let lower = |r| match r {
            tantivy::SeekDangerResult::SeekLowerBound(d) => Some(d),
            tantivy::SeekDangerResult::Found => None,
        };
        assert_eq!(lower(s.seek_danger(6)), Some(64));
        assert_eq!(lower(s.seek_danger(65)), Some(70));
        assert_eq!(lower(s.seek_danger(72)), Some(TERMINATED));
        assert_eq!(lower(s.seek_danger(5_000)), Some(TERMINATED));
        assert_eq!(lower(s.seek_danger(70)), None);
        assert_eq!(s.doc(), 70);
        assert_eq!(s.advance(), 71);
        assert_eq!(s.advance(), TERMINATED);
    }
}
