//! [`SearchIndex::search`]: one pass over the index gives the total, the page of hits and the
//! facet counts, all under the viewer's visibility filter, so they always agree.
//!
//! A page of hits is read from the index's own document store; searching never touches the
//! database.

use std::sync::Arc;

use concord_domain::{RevisionId, Viewer};
use tantivy::collector::{Collector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::document;
use crate::facets::{FacetCollector, FacetCounts};
use crate::index::SearchIndex;
use crate::query::index_error;
use crate::query::{Hit, SearchError, SearchQuery, SearchResults, Sort};
use crate::schema::{self, Fields};
use crate::top::ByRelevance;
use crate::{cursor, filter, rank, text};

/// The largest page.
pub const MAX_LIMIT: usize = 200;

impl SearchIndex {
    /// Searches as `who`: free text, filters, facets, sort and page (see [`SearchQuery`]).
    ///
    /// Errors: `BadQuery` naming `limit` (outside 1–200), `cursor` (not one of ours, another
    /// sort, too deep), `type` (a kind that is not searchable) or an unknown filter's name.
    pub fn search(&self, who: &Viewer, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        if !(1..=MAX_LIMIT).contains(&query.limit) {
            return Err(SearchError::BadQuery {
                parameter: "limit".into(),
                message: format!("must be from 1 to {MAX_LIMIT}"),
            });
        }
        let offset = cursor::decode(query.cursor.as_deref(), query.sort)?;
        let fields = &self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let text = match query.q.as_deref() {
            Some(q) => text::query(&searcher, fields, q)?,
            None => None,
        };
        let sort = match (query.sort, &text) {
            (Sort::Relevance, None) => Sort::Name,
            (sort, _) => sort,
        };
        let uniform = text.as_ref().and_then(|t| t.uniform);
        let mut clauses: Vec<Box<dyn Query>> = text.into_iter().map(|t| t.query).collect();
        clauses.extend(filter::filters(&self.inner.cache, fields, query, who)?);
        let q: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::intersection(clauses))
        };
        let top = TopDocs::with_limit(query.limit).and_offset(offset);
        let facets = FacetCollector::new(
            schema::facets_for(&query.kinds),
            Arc::clone(&self.inner.cache),
        );
        let (page, counts) = match sort {
            Sort::Relevance => {
                let top =
                    ByRelevance::new(query.limit, offset, uniform, Arc::clone(&self.inner.cache));
                run(&searcher, &*q, top, facets, |score| score)?
            }
            Sort::Name => run(&searcher, &*q, rank::by_name(top), facets, |_| 0.0)?,
            Sort::Updated => run(&searcher, &*q, rank::by_updated(top), facets, |_| 0.0)?,
        };
        let hits = page
            .into_iter()
            .map(|(score, address)| hit(&searcher, fields, address, score))
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = cursor::next(query.sort, offset, hits.len(), counts.total);
        Ok(SearchResults {
            total: counts.total,
            hits,
            facets: counts.facets,
            next_cursor,
        })
    }
}

/// Runs the query once with the top-k collector and the facet collector together.
fn run<K, C>(
    searcher: &Searcher,
    q: &dyn Query,
    top: C,
    facets: FacetCollector,
    score: impl Fn(K) -> f32,
) -> Result<(Vec<(f32, DocAddress)>, FacetCounts), SearchError>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (page, counts) = searcher
        .search(q, &(top, facets))
        .map_err(index_error("while searching"))?;
    let page = page.into_iter().map(|(k, a)| (score(k), a)).collect();
    Ok((page, counts))
}

pub(crate) fn hit(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
    score: f32,
) -> Result<Hit, SearchError> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(index_error("while reading a hit"))?;
    let broken =
        |what: &str| SearchError::Index(format!("an indexed document has no valid {what}"));
    let key = doc
        .get_first(fields.key)
        .and_then(|v| v.as_str())
        .and_then(document::parse_key)
        .ok_or_else(|| broken("key"))?;
    let revision = doc
        .get_first(fields.revision)
        .and_then(|v| v.as_i64())
        .ok_or_else(|| broken("revision"))?;
    let json = doc
        .get_first(fields.json)
        .and_then(|v| v.as_str())
        .ok_or_else(|| broken("body"))?;
    let body = json.to_owned();
    Ok(Hit {
        key,
        revision: RevisionId(revision),
        score,
        body,
    })
}
