//! What every handler shares: the store, the search index and the HTTP settings.
//!
//! Passed explicitly to [`crate::app`]; there is no global state.

use std::sync::Arc;

use concord_search::SearchIndex;
use concord_store::Store;

use crate::api::v1::inbox::InboxCache;
use crate::auth::AuthConfig;
use crate::mail::Mailer;

/// The state of the application, cloned into every handler (all fields are cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database: the only source of truth.
    pub store: Arc<dyn Store>,
    /// The search index, derived from the store's revision log.
    pub search: Arc<SearchIndex>,
    /// HTTP settings.
    pub config: HttpConfig,
    /// Sessions, log-in throttling and the Wikimedia login.
    pub auth: AuthConfig,
    /// E-mail to inquirers, when an SMTP server is configured.
    pub mail: Option<Arc<Mailer>>,
    /// Each account's inbox at the index generation it was computed at.
    pub inboxes: Arc<InboxCache>,
}

impl AppState {
    /// State over a store and an index, with default settings.
    pub fn new(store: Arc<dyn Store>, search: Arc<SearchIndex>) -> Self {
        Self {
            store,
            search,
            config: HttpConfig::default(),
            auth: AuthConfig::default(),
            mail: None,
            inboxes: Arc::default(),
        }
    }
}

/// Settings of the HTTP layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// The largest request body accepted, in bytes; larger ones get a 413 problem.
    pub body_limit_bytes: usize,
}

impl HttpConfig {
    /// 1 MiB: far more than any record needs, small enough that a flood cannot exhaust memory.
    pub const DEFAULT_BODY_LIMIT_BYTES: usize = 1024 * 1024;
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            body_limit_bytes: Self::DEFAULT_BODY_LIMIT_BYTES,
        }
    }
}
