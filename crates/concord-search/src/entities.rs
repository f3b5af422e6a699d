//! [`SearchIndex::movement_entities`]: every movement entity the viewer may see, read from the
//! index's own documents. Routing asks for them on every inquiry; there are hundreds of them
//! among possibly millions of organisations, and the index knows them by their `entity` facet
//! (an organisation has one exactly when it is a movement entity).

use concord_domain::{RecordKind, Viewer};
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, ExistsQuery, Query};

use crate::index::SearchIndex;
use crate::query::{Hit, SearchError, SearchQuery, index_error};
use crate::{filter, search};

impl SearchIndex {
    /// The movement entities `who` may see, as indexed (their bodies as JSON text), in no
    /// particular order.
    pub fn movement_entities(&self, who: &Viewer) -> Result<Vec<Hit>, SearchError> {
        let fields = &self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let organisations = SearchQuery {
            kinds: vec![RecordKind::Organisation],
            ..SearchQuery::default()
        };
        let mut clauses: Vec<Box<dyn Query>> =
            vec![Box::new(ExistsQuery::new("entity".to_owned(), false))];
        clauses.extend(filter::filters(
            &self.inner.cache,
            fields,
            &organisations,
            who,
        )?);
        let q = BooleanQuery::intersection(clauses);
        let found = searcher
            .search(&q, &DocSetCollector)
            .map_err(index_error("while listing the movement entities"))?;
        found
            .into_iter()
            .map(|address| search::hit(&searcher, fields, address, 0.0))
            .collect()
    }
}
