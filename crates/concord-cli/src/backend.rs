//! Picks the store backend from the database URL: the only place that knows both.

use std::sync::Arc;

use anyhow::{Context, bail};
use concord_store::Store;

/// The database URL used when none is given: a SQLite file in the working directory.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:concord.db";

/// Opens (and migrates) the store named by `url`: `sqlite:PATH` or `postgres://…`.
pub async fn open_store(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let scheme = url.split(':').next().unwrap_or_default();
    match scheme {
        "sqlite" => {
            let store = concord_store_sqlite::SqliteStore::open(url)
                .await
                .with_context(|| format!("while opening the SQLite database {url}"))?;
            Ok(Arc::new(store))
        }
        "postgres" | "postgresql" => {
            let store = concord_store_postgres::PgStore::connect(url)
                .await
                .with_context(|| {
                    format!("while connecting to PostgreSQL at {}", redact_url(url))
                })?;
            Ok(Arc::new(store))
        }
        _ => bail!(
            "unknown database URL scheme in {:?}: use sqlite:PATH (for example {DEFAULT_DATABASE_URL}) or postgres://USER@HOST/DB",
            redact_url(url)
        ),
    }
}

/// Opens (and migrates) the store named by `url` for one bulk import in this process: a SQLite
/// store then keeps its memory small (`SqliteStore::open_for_import`); PostgreSQL's memory is
/// the server's, so it opens as usual.
pub async fn open_store_for_import(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if sqlite_path(url).is_none() {
        return open_store(url).await;
    }
    let store = concord_store_sqlite::SqliteStore::open_for_import(url)
        .await
        .with_context(|| format!("while opening the SQLite database {url}"))?;
    Ok(Arc::new(store))
}

/// Where the search index lives by default: `PATH.index` beside a SQLite file, else
/// `./concord-index` (each server keeps its own index; see DESIGN.md "Shape of the system").
pub fn default_index_dir(url: &str) -> std::path::PathBuf {
    match sqlite_path(url) {
        Some(path) => std::path::PathBuf::from(format!("{path}.index")),
        None => std::path::PathBuf::from("concord-index"),
    }
}

/// The file path of a `sqlite:PATH` or `sqlite://PATH` URL (query string removed).
pub fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    Some(rest.split('?').next().unwrap_or(rest))
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            let creds = &url[start + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..start + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("sqlite:concord.db"), "sqlite:concord.db");
    }

    #[test]
    fn the_index_sits_beside_a_sqlite_file() {
        assert_eq!(
            default_index_dir("sqlite:data/c.db?mode=rwc"),
            std::path::PathBuf::from("data/c.db.index")
        );
        assert_eq!(
            default_index_dir("postgres://h/db"),
            std::path::PathBuf::from("concord-index")
        );
    }

    #[tokio::test]
    async fn an_unknown_scheme_is_refused_with_the_accepted_ones() {
        let err = open_store("mysql://u:pw@h/db")
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unknown database URL scheme"), "{err}");
        assert!(
            err.contains("sqlite:") && err.contains("postgres://"),
            "{err}"
        );
        assert!(!err.contains("pw"), "{err}");
    }
}
