//! `concord bench` (feature `bench`): the harness is the `concord-bench` crate; this module hands
//! it the two backends this crate knows, so that it fills either database.

use std::sync::Arc;

use concord_store::Store;

use crate::backend;

/// Opens databases for the benchmark as every other command does ([`backend::open_store`]).
pub struct Backends;

#[async_trait::async_trait]
impl concord_bench::Databases for Backends {
    async fn open(&self, url: &str) -> anyhow::Result<Arc<dyn Store>> {
        backend::open_store(url).await
    }

    fn redact(&self, url: &str) -> String {
        backend::redact_url(url)
    }
}
