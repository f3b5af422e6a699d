//! A SQLite database file in a temporary directory that lives as long as the guard.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// A temporary directory with the URL of a database file inside it; dropped with the guard.
#[derive(Debug)]
pub struct TempSqlite {
    dir: tempfile::TempDir,
    path: PathBuf,
    url: String,
}

impl TempSqlite {
    /// A fresh directory; the database file is created by whoever opens [`TempSqlite::url`].
    pub fn new() -> anyhow::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("concord-test-")
            .tempdir()
            .context("while creating a temporary directory for a test database")?;
        let path = dir.path().join("concord.db");
        let url = format!("sqlite:{}", path.display());
        Ok(Self { dir, path, url })
    }

    /// `sqlite:/tmp/concord-test-…/concord.db`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary directory (for an index or exports beside the database).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}
