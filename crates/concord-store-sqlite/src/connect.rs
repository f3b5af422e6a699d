//! Opening a SQLite file: one writer connection, a pool of readers, and the migrations.
//!
//! WAL lets readers run beside the single writer. No connection maps the file into memory
//! (`mmap_size` 0): STACK-NOTES.md measured a 1 GiB map as a win for SQLite's full-text search,
//! but searches here run in tantivy and the database serves point reads, for which the map
//! only made every page ever read count as the server's resident memory. Measured with
//! `concord bench` at 1M organisations (BENCHMARKS.md, seventh session): the server went from
//! 310 MB to 116–127 MB under load, partnership GETs from 34,000 to 26,000/s (target 15,000),
//! searches and the import unchanged. A bulk import in its own process opens with
//! [`SqliteStore::open_for_import`]: a smaller writer cache and fewer cached statements. Neither pool pings a connection before handing it out (sqlx's
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

/// How many read connections to keep.
const READERS: u32 = 6;

/// A URL that is not `sqlite:PATH`.
#[derive(Debug, thiserror::Error)]
#[error("not a SQLite URL: use sqlite:PATH or sqlite://PATH")]
struct NotSqlite;

/// How the connections of one process use memory.
#[derive(Clone, Copy)]
struct Memory {
    /// `cache_size` of the writer (negative: KiB).
    writer_cache: &'static str,
    /// Prepared statements each connection keeps. A bulk statement binds up to 32,766 values,
    /// and its prepared form takes megabytes.
    statements: usize,
}

/// A server: a 64 MiB writer cache (batch writes touch many index pages).
const SERVER: Memory = Memory {
    writer_cache: "-65536",
    statements: 100,
};

/// One bulk import: a 32 MiB writer cache.
const IMPORT: Memory = Memory {
    writer_cache: "-32768",
    statements: 8,
};

fn options(url: &str, memory: Memory) -> StoreResult<SqliteConnectOptions> {
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
        .statement_cache_capacity(memory.statements)
        .pragma("mmap_size", "0"))
}

/// The writer's own settings: its page cache, and a high automatic-checkpoint threshold, since
/// checkpoints normally run in the background.
fn writer_options(options: SqliteConnectOptions, memory: Memory) -> SqliteConnectOptions {
    options
        .pragma("cache_size", memory.writer_cache)
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
        Self::open_with(url, SERVER).await
    }

    /// Opens like [`open`](Self::open), for one bulk import in this process: the connections
    /// map no memory and the writer keeps a smaller cache (see the module docs).
    pub async fn open_for_import(url: &str) -> StoreResult<SqliteStore> {
        Self::open_with(url, IMPORT).await
    }

    async fn open_with(url: &str, memory: Memory) -> StoreResult<SqliteStore> {
        let options = options(url, memory)?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(60))
            .test_before_acquire(false)
            .connect_with(writer_options(options.clone(), memory))
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
