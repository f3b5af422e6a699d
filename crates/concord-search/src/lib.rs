//! Concord's search index: a tantivy index derived from the revision log (DESIGN.md, "Shape of
//! the system").
//!
//! Each server keeps its own index under a directory, follows the store's revision log to stay
//! current, and can be rebuilt from the database at any time. Visibility is a filter inside the
//! index query, so hits, totals and facet counts agree with what the viewer may see.
//! This crate must not know which database is underneath: it reads the log through `Store`.

mod any_term;
mod cache;
mod compact;
pub mod cursor;
mod document;
mod entities;
mod everywhere;
mod expand;
pub mod facets;
mod feed;
mod filter;
mod follower;
mod index;
mod ordinals;
mod partners;
pub mod query;
mod rank;
mod regions;
pub mod schema;
mod search;
mod store_dir;
mod text;
mod top;

pub use feed::{IN_FLIGHT, WrittenFeed};
pub use follower::{PAGE, Progress, catch_up, rebuild, spawn_follower, take_written};
pub use index::SearchIndex;
pub use query::{Facet, FacetValue, Hit, SearchError, SearchQuery, SearchResults, Sort};
pub use search::MAX_LIMIT;
