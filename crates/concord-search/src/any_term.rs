//! [`AnyTerm`]: the documents holding any of some terms of one field, unscored, read from the
//! segment cache's bitsets where the terms are common and from their posting lists elsewhere.

use std::fmt;
use std::sync::Arc;

use tantivy::query::{
    BooleanQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation, Query, Scorer, TermQuery,
    Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

use crate::cache::{BitsScorer, DENSE_FILTER, SegmentCache};

/// Documents holding any of `terms`.
#[derive(Clone)]
pub(crate) struct AnyTerm {
    terms: Vec<Term>,
    cache: Arc<SegmentCache>,
}

impl AnyTerm {
    /// Any of `terms`, which must all be of one field.
    pub(crate) fn new(mut terms: Vec<Term>, cache: Arc<SegmentCache>) -> Self {
        terms.sort();
        terms.dedup();
        Self { terms, cache }
    }

    /// The same documents as posting lists.
    fn postings(&self) -> Box<dyn Query> {
        let terms: Vec<Box<dyn Query>> = self
            .terms
            .iter()
            .map(|t| Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)) as _)
            .collect();
        Box::new(BooleanQuery::union(terms))
    }
}

impl fmt::Debug for AnyTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AnyTerm({:?})", self.terms)
    }
}

impl Query for AnyTerm {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AnyTermWeight {
            terms: self.terms.clone(),
            cache: Arc::clone(&self.cache),
            postings: self.postings().weight(unscored(&enable_scoring))?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct AnyTermWeight {
    terms: Vec<Term>,
    cache: Arc<SegmentCache>,
    postings: Box<dyn Weight>,
}

impl Weight for AnyTermWeight {
    fn scorer(&self, reader: &SegmentReader, _boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut frequency: u64 = 0;
        for term in &self.terms {
            frequency += u64::from(reader.inverted_index(term.field())?.doc_freq(term)?);
        }
        if frequency == 0 {
            return Ok(Box::new(EmptyScorer));
        }
        if frequency * DENSE_FILTER >= u64::from(reader.max_doc()) {
            let bits = self.cache.filter(reader, &self.terms)?;
            return Ok(Box::new(BitsScorer::new(bits)));
        }
        let inner = self.postings.scorer(reader, 1.0)?;
        Ok(Box::new(ConstScorer::new(inner, 0.0)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_filter(self.scorer(reader, 1.0)?, doc, "AnyTerm")
    }
}

/// The same scoring setting with scores turned off: filters do not score.
pub(crate) fn unscored<'a>(enable_scoring: &'a EnableScoring<'a>) -> EnableScoring<'a> {
    match enable_scoring.searcher() {
        Some(searcher) => EnableScoring::disabled_from_searcher(searcher),
        None => EnableScoring::disabled_from_schema(enable_scoring.schema()),
    }
}

/// The explanation of a filter's match of `doc` (worth 0), or an error when it does not match.
pub(crate) fn explain_filter(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    name: &'static str,
) -> tantivy::Result<Explanation> {
    if scorer.doc() > doc || scorer.seek(doc) != doc {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    Ok(Explanation::new(name, 0.0))
}
