//! The same `TestApp` over PostgreSQL: a fresh database per app, cloned from the migrated
//! template, skipped loudly when `CONCORD_TEST_PG_URL` is unset (and failing under `CI=true`).

use std::sync::Arc;

use concord_http::HttpConfig;
use concord_http::auth::AuthConfig;
use concord_store::Store;
use concord_store_postgres::PgStore;
use concord_testkit::pg::fresh_pg_url;

use super::TestApp;

/// The database behind a [`TestApp`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A temp-file SQLite database.
    Sqlite,
    /// A fresh PostgreSQL database cloned from the migrated template.
    Postgres,
}

impl Backend {
    /// Both backends.
    pub const ALL: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];
}

impl TestApp {
    /// A fresh app on `backend` with default settings; `None` (after a loud line on stderr)
    /// when PostgreSQL is asked for but `CONCORD_TEST_PG_URL` is unset, which fails under
    /// `CI=true` instead.
    pub async fn on(backend: Backend) -> Option<Self> {
        Self::on_with(backend, HttpConfig::default(), AuthConfig::default()).await
    }

    /// [`Self::on`] with these settings.
    pub async fn on_with(backend: Backend, config: HttpConfig, auth: AuthConfig) -> Option<Self> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite(config, auth).await),
            Backend::Postgres => {
                let db = fresh_pg_url().await?;
                let store: Arc<dyn Store> = Arc::new(PgStore::connect(db.url()).await.unwrap());
                let mut app = Self::over(store, Backend::Postgres, config, auth);
                app._pg = Some(db);
                Some(app)
            }
        }
    }
}
