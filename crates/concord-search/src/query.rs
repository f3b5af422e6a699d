//! The search request and response types, shared by the index and the HTTP layer.

use std::collections::BTreeMap;

use concord_domain::RevisionId;
use concord_domain::record::{RecordKey, RecordKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (the default with a query; without one, same as `Name`).
    #[default]
    Relevance,
    /// By label, A to Z.
    Name,
    /// Most recently changed first.
    Updated,
}

/// A search: free text, filters, sort and page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    /// Record kinds to search; empty means every searchable kind.
    pub kinds: Vec<RecordKind>,
    /// Free text; typo-tolerant; identifiers such as `Q42` or a ROR ID match exactly.
    pub q: Option<String>,
    /// Filters: facet name → accepted values (a record matches if it has any of them; all
    /// facets given must match). Facet names: `kind`, `area`, `level`, `tier`, `status`,
    /// `country`, `region`, `entity`, `year`, `type` (record kind).
    pub filters: BTreeMap<String, Vec<String>>,
    /// Order.
    pub sort: Sort,
    /// Opaque cursor from a previous page.
    pub cursor: Option<String>,
    /// Page size (1–200; 50 by default at the HTTP layer).
    pub limit: usize,
}

/// One hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The record.
    pub key: RecordKey,
    /// Its revision when indexed.
    pub revision: RevisionId,
    /// Relevance score (0 when not sorted by relevance).
    pub score: f32,
    /// The record's JSON body as indexed, as text: an object (the caller redacts it for the
    /// viewer). Kept as text so that a caller that needs no redaction passes it on unparsed.
    pub body: String,
}

impl Hit {
    /// The body parsed.
    pub fn value(&self) -> serde_json::Result<Value> {
        serde_json::from_str(&self.body)
    }
}

/// One value of a facet with its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// The value (`museum`, `SE`, `2009`).
    pub value: String,
    /// How many matching records have it.
    pub count: u64,
}

/// A facet's values, most frequent first.
pub type Facet = Vec<FacetValue>;

/// A page of results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchResults {
    /// Matching records the viewer may see, in all pages.
    pub total: u64,
    /// This page.
    pub hits: Vec<Hit>,
    /// Facet counts over all matching records the viewer may see.
    pub facets: BTreeMap<String, Facet>,
    /// Cursor of the next page, if any.
    pub next_cursor: Option<String>,
}

/// Why a search or an index update failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query is not valid (unknown facet, bad cursor, limit out of range); names the
    /// parameter.
    #[error("{parameter}: {message}")]
    BadQuery {
        /// The query parameter at fault.
        parameter: String,
        /// What is wrong.
        message: String,
    },
    /// The index failed.
    #[error("search index error: {0}")]
    Index(String),
    /// The store failed while following the revision log.
    #[error(transparent)]
    Store(#[from] concord_store::StoreError),
}

/// Wraps a tantivy (or other) error with what was being done.
pub(crate) fn index_error<E: std::fmt::Display>(doing: &'static str) -> impl Fn(E) -> SearchError {
    move |e| SearchError::Index(format!("{doing}: {e}"))
}
