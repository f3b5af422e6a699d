//! A collector that counts matching documents and their facet values in one pass.
//!
//! Per segment it reads each facet's fast string column as term ordinals and counts them in a
//! `Vec<u64>`; ordinals become strings only when segments are merged, and only for values that
//! occur. It counts exactly the documents the query matches, so a count always equals the total
//! of the same search filtered on that value.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::query::{Facet, FacetValue};
use crate::schema::FACETS;

/// At most this many values are returned per facet (the most frequent).
pub const MAX_VALUES: usize = 100;

/// Counts hits and facet values over [`FACETS`].
pub struct FacetCollector;

/// The total of matching documents and the counts of each facet's values.
#[derive(Debug, Default)]
pub struct FacetCounts {
    /// Matching documents.
    pub total: u64,
    /// Facet name → values, most frequent first (ties by value).
    pub facets: BTreeMap<String, Facet>,
}

/// One facet's column in one segment and its counts by ordinal.
struct FacetColumn {
    ords: Column<u64>,
    dictionary: StrColumn,
    counts: Vec<u64>,
}

/// Counts for one segment.
pub struct SegmentFacets {
    total: u64,
    columns: Vec<Option<FacetColumn>>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let mut columns = Vec::with_capacity(FACETS.len());
        for name in FACETS {
            let column = segment
                .fast_fields()
                .str(name)?
                .map(|dictionary| FacetColumn {
                    ords: dictionary.ords().clone(),
                    counts: vec![0; dictionary.num_terms()],
                    dictionary,
                });
            columns.push(column);
        }
        Ok(SegmentFacets { total: 0, columns })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentFacets>) -> tantivy::Result<FacetCounts> {
        let mut total = 0;
        let mut merged: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); FACETS.len()];
        let mut text = String::new();
        for segment in segments {
            total += segment.total;
            for (column, into) in segment.columns.iter().zip(merged.iter_mut()) {
                let Some(column) = column else { continue };
                for (ord, &count) in column.counts.iter().enumerate() {
                    if count > 0 && column.dictionary.ord_to_str(ord as u64, &mut text)? {
                        *into.entry(text.clone()).or_default() += count;
                    }
                }
            }
        }
        let facets = FACETS
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
        for column in self.columns.iter_mut().flatten() {
            for ord in column.ords.values_for_doc(doc) {
                if let Some(c) = column.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> SegmentFacets {
        self
    }
}
