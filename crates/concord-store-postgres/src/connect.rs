//! Connecting to PostgreSQL and migrating the schema.

use std::time::Duration;

use concord_store::{StoreError, StoreResult};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::PgStore;
use crate::error::map_err;

/// The schema, embedded at build time from `migrations/` (same file names as SQLite's).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A pooled connection idle for this long is pinged before it is handed out again. sqlx's
/// default pings on every acquire: a network round trip before each query, which halved the
/// rate of single-record reads. A connection broken while in use fails its query either way.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// A URL that is not `postgres://…` or `postgresql://…`.
#[derive(Debug, thiserror::Error)]
#[error("not a PostgreSQL URL: use postgres://USER@HOST/DB")]
struct NotPostgres;

impl PgStore {
    /// Connects to the database at a `postgres://` or `postgresql://` URL and migrates it.
    ///
    /// Errors: `Backend` when the URL has another scheme, the server is unreachable, or a
    /// migration fails.
    pub async fn connect(url: &str) -> StoreResult<PgStore> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(StoreError::Backend(Box::new(NotPostgres)));
        }
        let options: PgConnectOptions = url.parse().map_err(map_err)?;
        let pool = PgPoolOptions::new()
            .max_connections(10)
            .acquire_timeout(Duration::from_secs(30))
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_AFTER_IDLE {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .map_err(map_err)?;
        let store = PgStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    /// Applies the migrations that this database lacks. Safe to run on every start, and from
    /// several servers at once (sqlx serializes them with an advisory lock).
    pub async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Backend(Box::new(e)))
    }

    /// The connection pool, for tests and tools that need raw SQL.
    pub fn pool(&self) -> &sqlx::PgPool {
        &self.pool
    }
}
