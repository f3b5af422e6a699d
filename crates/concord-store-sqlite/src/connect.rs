//! Opening a SQLite file: one writer connection, a pool of readers, and the migrations.
//!
//! WAL lets readers run beside the single writer; `mmap_size` on the readers is the measured
//! win of STACK-NOTES.md. Neither pool pings a connection before handing it out (sqlx's
//! default): a file cannot hang up, and each ping was a round trip to the connection's worker
//! thread before every query. Nothing here reads or writes records.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use concord_store::{StoreError, StoreResult};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::map_err;
use crate::{SqliteStore, checkpoint};

/// The schema, embedded at build time from `migrations/` (same file names as PostgreSQL's).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Bytes of the file each connection maps into memory (STACK-NOTES.md: 6× more reads/s).
const MMAP_SIZE: &str = "1073741824";

/// How many read connections to keep.
const READERS: u32 = 6;

/// A URL that is not `sqlite:PATH`.
#[derive(Debug, thiserror::Error)]
#[error("not a SQLite URL: use sqlite:PATH or sqlite://PATH")]
struct NotSqlite;

fn options(url: &str) -> StoreResult<SqliteConnectOptions> {
    if !url.starts_with("sqlite:") {
        return Err(StoreError::Backend(Box::new(NotSqlite)));
    }
    Ok(SqliteConnectOptions::from_str(url)
        .map_err(map_err)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("mmap_size", MMAP_SIZE))
}

/// The writer's own settings: a 64 MiB page cache (batch imports touch many index pages) and a
/// high automatic-checkpoint threshold, since checkpoints normally run in the background.
fn writer_options(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options
        .pragma("cache_size", "-65536")
        .pragma("temp_store", "memory")
        .pragma("wal_autocheckpoint", "20000")
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `sqlite:PATH` or `sqlite://PATH` and
    /// migrates it.
    ///
    /// Errors: `Backend` when the URL has another scheme, the file cannot be opened, or a
    /// migration fails.
    pub async fn open(url: &str) -> StoreResult<SqliteStore> {
        let options = options(url)?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .test_before_acquire(false)
            .connect_with(writer_options(options.clone()))
            .await
            .map_err(map_err)?;
        MIGRATOR
            .run(&writer)
            .await
            .map_err(|e| StoreError::Backend(Box::new(e)))?;
        let readers = SqlitePoolOptions::new()
            .max_connections(READERS)
            .acquire_timeout(Duration::from_secs(30))
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(map_err)?;
        let checkpointer = Arc::new(checkpoint::start(readers.clone()));
        Ok(SqliteStore {
            writer,
            readers,
            _checkpointer: checkpointer,
        })
    }

    /// Applies the migrations that this database lacks (`open` already does).
    pub async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR
            .run(&self.writer)
            .await
            .map_err(|e| StoreError::Backend(Box::new(e)))
    }

    /// The writer pool (one connection), for tests and tools that need raw SQL.
    pub fn writer(&self) -> &sqlx::SqlitePool {
        &self.writer
    }

    /// The reader pool.
    pub fn readers(&self) -> &sqlx::SqlitePool {
        &self.readers
    }
}
