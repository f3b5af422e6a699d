//! A filter that costs nothing in the segments where it matches every document.
//!
//! Most filters of a search are true of nearly every record: `type:organisation` on the
//! organisations list, `visibility:public` for a visitor. Intersecting with their posting lists
//! still costs a seek per hit. [`Everywhere`] checks each segment first: when the probe terms'
//! document frequencies add up to the segment's size, every document matches and the filter
//! gives tantivy's `AllScorer`, which boolean intersections drop. Elsewhere it runs the wrapped
//! query, unscored.
//!
//! The probe must be exact: its terms are values of a field that holds **exactly one** value
//! per document (`type`, `visibility`), so their frequencies add up to the segment's size only
//! when every document has one of them. Deleted documents still count in the frequencies and
//! in the size, and the collector skips them either way.

use std::fmt;

use tantivy::query::{AllScorer, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SegmentReader, Term};

use crate::any_term::{explain_filter, unscored};

/// A filter whose segments are skipped where `probe` covers every document.
pub(crate) struct Everywhere {
    probe: Vec<Term>,
    query: Box<dyn Query>,
}

impl Everywhere {
    /// `query` (its score ignored), known to match every document of a segment in which the
    /// `probe` terms, all of one single-valued field, cover every document.
    pub(crate) fn new(probe: Vec<Term>, query: Box<dyn Query>) -> Self {
        Self { probe, query }
    }
}

impl Clone for Everywhere {
    fn clone(&self) -> Self {
        Self {
            probe: self.probe.clone(),
            query: self.query.box_clone(),
        }
    }
}

impl fmt::Debug for Everywhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Everywhere(probe={:?}, query={:?})",
            self.probe, self.query
        )
    }
}

impl Query for Everywhere {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(EverywhereWeight {
            probe: self.probe.clone(),
            weight: self.query.weight(unscored(&enable_scoring))?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor);
    }
}

struct EverywhereWeight {
    probe: Vec<Term>,
    weight: Box<dyn Weight>,
}

impl EverywhereWeight {
    fn covers(&self, reader: &SegmentReader) -> tantivy::Result<bool> {
        let mut covered: u64 = 0;
        for term in &self.probe {
            covered += u64::from(reader.inverted_index(term.field())?.doc_freq(term)?);
        }
        Ok(covered == u64::from(reader.max_doc()))
    }
}

impl Weight for EverywhereWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.covers(reader)? {
            return Ok(Box::new(AllScorer::new(reader.max_doc())));
        }
        let inner = self.weight.scorer(reader, 1.0)?;
        Ok(Box::new(ConstScorer::new(inner, 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_filter(self.scorer(reader, 1.0)?, doc, "Everywhere")
    }
}
