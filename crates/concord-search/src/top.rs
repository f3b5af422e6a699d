//! The top hits by relevance, collected as a search engine does: a hit is compared with the
//! page's threshold on what it costs least to know first.
//!
//! The order is score (the match tier, see `text.rs`), then the tie value (importance and the
//! key's first bits, one fast field, see `rank::tie`), then the whole key. A hit that scores
//! below the threshold reads nothing; one that ties it reads the tie value; only a hit that
//! would enter the page reads its key. When every match of the query scores the same (one
//! word matched one way, the common case of a broad query), no score is computed at all and
//! the order is the tie value's. The fast-field columns are opened once per segment and kept
//! in the segment cache, so a search does not decode their block tables again.

use std::cmp::Reverse;
use std::sync::Arc;

use tantivy::collector::sort_key::NaturalComparator;
use tantivy::collector::{Collector, SegmentCollector, TopNComputer};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::cache::SegmentCache;

/// Where a hit ranks, larger first: its score's bits above its tie value, then its key
/// (smaller first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    primary: u128,
    key: Reverse<(u64, u64)>,
}

impl Rank {
    /// The score of a hit ranked by `score`'s bits (scores are never negative, so their bits
    /// order as they do).
    fn score(&self) -> Score {
        f32::from_bits((self.primary >> 64) as u32)
    }
}

/// The score bits of a rank, without the tie value.
const SCORE_BITS: u128 = !(u64::MAX as u128);

/// Collects the page `offset..offset + limit` by relevance.
pub(crate) struct ByRelevance {
    limit: usize,
    offset: usize,
    /// The score of every match when they all score the same (then none is computed).
    uniform: Option<Score>,
    cache: Arc<SegmentCache>,
}

impl ByRelevance {
    pub(crate) fn new(
        limit: usize,
        offset: usize,
        uniform: Option<Score>,
        cache: Arc<SegmentCache>,
    ) -> Self {
        Self {
            limit,
            offset,
            uniform,
            cache,
        }
    }
}

impl Collector for ByRelevance {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentTop;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentTop> {
        Ok(SegmentTop {
            segment_ord,
            columns: self.cache.rank_columns(segment)?,
            scored: self.uniform.is_none(),
            top: TopNComputer::new_with_comparator(self.limit + self.offset, NaturalComparator),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.uniform.is_none()
    }

    fn merge_fruits(&self, segments: Vec<Vec<(Rank, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(Rank, DocAddress)> = segments.into_iter().flatten().collect();
        all.sort_unstable_by_key(|&(rank, _)| Reverse(rank));
        Ok(all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|(rank, address)| (self.uniform.unwrap_or_else(|| rank.score()), address))
            .collect())
    }
}

/// The top hits of one segment.
pub(crate) struct SegmentTop {
    segment_ord: SegmentOrdinal,
    columns: Arc<RankColumns>,
    scored: bool,
    top: TopNComputer<Rank, DocId, NaturalComparator>,
}

impl SegmentCollector for SegmentTop {
    type Fruit = Vec<(Rank, DocAddress)>;

    #[inline]
    fn collect(&mut self, doc: DocId, score: Score) {
        let score = if self.scored {
            u128::from(score.to_bits()) << 64
        } else {
            0
        };
        let threshold = self.top.threshold.as_ref().map(|t| t.primary);
        if threshold.is_some_and(|t| score < t & SCORE_BITS) {
            return;
        }
        let primary = score | u128::from(self.columns.tie(doc));
        if threshold.is_some_and(|t| primary < t) {
            return;
        }
        let key = Reverse(self.columns.key(doc));
        self.top.push(Rank { primary, key }, doc);
    }

    fn harvest(self) -> Self::Fruit {
        let ord = self.segment_ord;
        self.top
            .into_vec()
            .into_iter()
            .map(|c| (c.sort_key, DocAddress::new(ord, c.doc)))
            .collect()
    }
}

/// A segment's fast fields that order hits by relevance (see `top.rs`), opened once: opening
/// a column decodes its block table, which cost a cheap search more than reading it.
pub(crate) struct RankColumns {
    tie: tantivy::fastfield::Column<u64>,
    key_hi: tantivy::fastfield::Column<u64>,
    key_lo: tantivy::fastfield::Column<u64>,
}

impl RankColumns {
    pub(crate) fn open(segment: &SegmentReader) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        Ok(Self {
            tie: fast.u64("tie")?,
            key_hi: fast.u64("key_hi")?,
            key_lo: fast.u64("key_lo")?,
        })
    }

    /// The document's tie value (see `rank::tie`); every document has one.
    #[inline]
    pub(crate) fn tie(&self, doc: DocId) -> u64 {
        self.tie.first(doc).unwrap_or(0)
    }

    /// The document's record key as two numbers (see `rank::key_order`).
    #[inline]
    pub(crate) fn key(&self, doc: DocId) -> (u64, u64) {
        (
            self.key_hi.first(doc).unwrap_or(0),
            self.key_lo.first(doc).unwrap_or(0),
        )
    }
}
