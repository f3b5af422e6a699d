//! A collector that counts matching documents and their facet values in one pass.
//!
//! Per segment it reads each facet's fast string column as term ordinals and counts them;
//! ordinals become strings only when segments are merged, and only for values that occur. It
//! counts exactly the documents the query matches, so a count always equals the total of the
//! same search filtered on that value. It counts only the facets it is given (those of the
//! kinds searched, see [`crate::schema::facets_for`]): each one costs a column read per
//! matching document.
//!
//! Two things keep a search with few hits cheap and one with many hits fast:
//! - a column with many distinct values (`entity` holds every party of every partnership)
//!   is counted in a hash map, so a search does not allocate, clear and scan a counter for
//!   each of its values in every segment;
//! - matching documents are buffered and their values read a block at a time.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Cardinality, Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

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
}

impl FacetCollector {
    /// Counts these facets (names from [`crate::schema::FACETS`]).
    pub fn new(names: Vec<&'static str>) -> Self {
        Self { names }
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
struct FacetColumn {
    ords: Column<u64>,
    dictionary: StrColumn,
    counts: Counts,
}

impl FacetColumn {
    /// Counts the values of `docs`; `firsts` is scratch space.
    fn count(&mut self, docs: &[DocId], firsts: &mut [Option<u64>]) {
        match self.ords.get_cardinality() {
            Cardinality::Full | Cardinality::Optional => {
                let firsts = &mut firsts[..docs.len()];
                firsts.fill(None);
                self.ords.first_vals(docs, firsts);
                for ord in firsts.iter().flatten() {
                    self.counts.add(*ord);
                }
            }
            Cardinality::Multivalued => {
                for &doc in docs {
                    for row in self.ords.index.value_row_ids(doc) {
                        self.counts.add(self.ords.values.get_val(row));
                    }
                }
            }
        }
    }
}

/// Counts for one segment.
pub struct SegmentFacets {
    total: u64,
    columns: Vec<Option<FacetColumn>>,
    buffer: Vec<DocId>,
    firsts: Vec<Option<u64>>,
}

impl SegmentFacets {
    fn flush(&mut self) {
        if self.buffer.is_empty() {
            return;
        }
        for column in self.columns.iter_mut().flatten() {
            column.count(&self.buffer, &mut self.firsts);
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
            let column = segment
                .fast_fields()
                .str(name)?
                .map(|dictionary| FacetColumn {
                    ords: dictionary.ords().clone(),
                    counts: Counts::for_terms(dictionary.num_terms()),
                    dictionary,
                });
            columns.push(column);
        }
        Ok(SegmentFacets {
            total: 0,
            columns,
            buffer: Vec::with_capacity(BLOCK),
            firsts: vec![None; BLOCK],
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
            for (column, into) in segment.columns.iter().zip(merged.iter_mut()) {
                let Some(column) = column else { continue };
                for (ord, count) in column.counts.occurring() {
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
