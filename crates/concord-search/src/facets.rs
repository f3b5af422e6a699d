//! A collector that counts matching documents and their facet values in one pass.
//!
//! Per segment it reads each facet's values as term ordinals, from arrays the segment cache
//! keeps (`cache.rs`), and counts them; ordinals become strings only when segments are merged,
//! and only for values that occur. It counts exactly the documents the query matches, so a
//! count always equals the total of the same search filtered on that value. It counts only the
//! facets it is given (those of the kinds searched, see [`crate::schema::facets_for`]).
//!
//! Two things keep a search with few hits cheap and one with many hits fast:
//! - a column with many distinct values (`entity` holds every party of every partnership)
//!   is counted in a hash map, so a search does not allocate, clear and scan a counter for
//!   each of its values in every segment;
//! - matching documents are buffered and counted a block at a time, one facet after another.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::cache::{Column, SegmentCache};
use crate::query::{Facet, FacetValue};

/// At most this many values are returned per facet (the most frequent).
pub const MAX_VALUES: usize = 100;

/// A column with up to this many distinct values in a segment is counted in a vector indexed
/// by ordinal; one with more in a hash map.
const DENSE_LIMIT: usize = 4_096;

/// Matching documents are buffered and counted this many at a time.
const BLOCK: usize = 64;

/// Counts hits and the values of the facets it names.
pub struct FacetCollector {
    names: Vec<&'static str>,
    cache: Arc<SegmentCache>,
}

impl FacetCollector {
    /// Counts these facets (names from [`crate::schema::FACETS`]), reading their columns
    /// through `cache`.
    pub(crate) fn new(names: Vec<&'static str>, cache: Arc<SegmentCache>) -> Self {
        Self { names, cache }
    }
}

/// The total of matching documents and the counts of each facet's values.
#[derive(Debug, Default)]
pub struct FacetCounts {
    /// Matching documents.
    pub total: u64,
    /// Facet name → values, most frequent first (ties by value).
    pub facets: BTreeMap<String, Facet>,
}

/// Counts by term ordinal.
enum Counts {
    Dense(Vec<u64>),
    Sparse(HashMap<u64, u64>),
}

impl Counts {
    fn for_terms(terms: usize) -> Self {
        if terms <= DENSE_LIMIT {
            Counts::Dense(vec![0; terms])
        } else {
            Counts::Sparse(HashMap::new())
        }
    }

    #[inline]
    fn add(&mut self, ord: u64) {
        match self {
            Counts::Dense(counts) => {
                if let Some(c) = counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
            Counts::Sparse(counts) => *counts.entry(ord).or_default() += 1,
        }
    }

    /// The non-zero counts.
    fn occurring(&self) -> Vec<(u64, u64)> {
        match self {
            Counts::Dense(counts) => counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(ord, c)| (ord as u64, *c))
                .collect(),
            Counts::Sparse(counts) => counts.iter().map(|(o, c)| (*o, *c)).collect(),
        }
    }
}

/// One facet's column in one segment and its counts by ordinal.
struct Counted {
    column: Column,
    counts: Counts,
}

impl Counted {
    fn count(&mut self, docs: &[DocId]) {
        if let Some(column) = &*self.column {
            let counts = &mut self.counts;
            column.each(docs, |ord| counts.add(ord));
        }
    }
}

/// Counts for one segment.
pub struct SegmentFacets {
    total: u64,
    columns: Vec<Counted>,
    buffer: Vec<DocId>,
}

impl SegmentFacets {
    fn flush(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        for column in &mut self.columns {
            column.count(&self.buffer);
        }
        self.buffer.clear();
    }
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let mut columns = Vec::with_capacity(self.names.len());
        for name in &self.names {
            let column = self.cache.facet(segment, name)?;
            let terms = column
                .as_ref()
                .as_ref()
                .map_or(0, |c| c.dictionary.num_terms());
            columns.push(Counted {
                column,
                counts: Counts::for_terms(terms),
            });
        }
        Ok(SegmentFacets {
            total: 0,
            columns,
            buffer: Vec::with_capacity(BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentFacets>) -> tantivy::Result<FacetCounts> {
        let mut total = 0;
        let mut merged: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); self.names.len()];
        let mut text = String::new();
        for segment in segments {
            total += segment.total;
            for (counted, into) in segment.columns.iter().zip(merged.iter_mut()) {
                let Some(column) = &*counted.column else {
                    continue;
                };
                for (ord, count) in counted.counts.occurring() {
                    if column.dictionary.ord_to_str(ord, &mut text)? {
                        *into.entry(text.clone()).or_default() += count;
                    }
                }
            }
        }
        let facets = self
            .names
            .iter()
            .zip(merged)
            .map(|(name, counts)| ((*name).to_owned(), top_values(counts)))
            .collect();
        Ok(FacetCounts { total, facets })
    }
}

fn top_values(counts: BTreeMap<String, u64>) -> Facet {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(MAX_VALUES);
    values
}

impl SegmentCollector for SegmentFacets {
    type Fruit = SegmentFacets;

    #[inline]
    fn collect(&mut self, doc: DocId, _score: Score) {
        self.total += 1;
        self.buffer.push(doc);
        if self.buffer.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> SegmentFacets {
        self.flush();
        self
    }
}
