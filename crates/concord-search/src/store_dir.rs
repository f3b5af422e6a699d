//! The index directory on disk: opening an existing index only when it is fully usable,
//! creating a fresh one, and wiping one that is not.
//!
//! Wiping removes only tantivy's own files (`meta.json`, `.managed.json` and segment files
//! named by a segment id), never anything else an operator put in the directory.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, TantivyError};

use crate::query::{SearchError, index_error};
use crate::schema;

/// Why an existing index cannot be used.
pub(crate) enum Unusable {
    /// Another process holds it.
    Locked,
    /// It is corrupt, incomplete, or of another schema; it is to be rebuilt.
    Bad(String),
}

/// What each commit records, so a restart resumes where it stopped.
#[derive(Serialize, Deserialize)]
struct Payload {
    schema: u32,
    last_applied: i64,
}

/// The payload of a commit that applied every revision up to `last`.
pub(crate) fn payload(last: i64) -> Result<String, SearchError> {
    serde_json::to_string(&Payload {
        schema: schema::SCHEMA_VERSION,
        last_applied: last,
    })
    .map_err(index_error("while writing the commit payload"))
}

/// Reads the last applied revision from a commit payload written with this schema version;
/// the error says why the index cannot be resumed.
fn read_payload(payload: Option<&str>) -> Result<i64, String> {
    let text = payload.ok_or("the last commit has no payload")?;
    let p: Payload = serde_json::from_str(text).map_err(|e| format!("bad payload: {e}"))?;
    if p.schema == schema::SCHEMA_VERSION {
        Ok(p.last_applied)
    } else {
        Err(format!(
            "schema version {} (expected {})",
            p.schema,
            schema::SCHEMA_VERSION
        ))
    }
}

fn bad(e: impl std::fmt::Display) -> Unusable {
    Unusable::Bad(e.to_string())
}

fn classify(e: TantivyError) -> Unusable {
    match e {
        TantivyError::LockFailure(..) => Unusable::Locked,
        other => bad(other),
    }
}

/// The index in `dir` with its last applied revision, `None` when there is none.
pub(crate) fn open_existing(dir: &Path) -> Result<Option<(Index, i64)>, Unusable> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let directory = MmapDirectory::open(dir).map_err(bad)?;
    let index = Index::open(directory).map_err(classify)?;
    if index.schema() != schema::build() {
        return Err(bad("the index was written with another schema"));
    }
    schema::register(&index);
    let metas = index.load_metas().map_err(classify)?;
    let last = read_payload(metas.payload.as_deref()).map_err(Unusable::Bad)?;
    // Opening a reader opens every segment: a missing or truncated file shows up here.
    let reader = index.reader().map_err(classify)?;
    let searcher = reader.searcher();
    for segment in searcher.segment_readers() {
        segment.fast_fields().str("type").map_err(classify)?;
    }
    Ok(Some((index, last)))
}

/// Creates an empty index in `dir` (which must hold none).
pub(crate) fn create(dir: &Path) -> Result<Index, SearchError> {
    let index = Index::builder()
        .schema(schema::build())
        .settings(schema::settings())
        .create_in_dir(dir)
        .map_err(index_error("while creating the index"))?;
    schema::register(&index);
    Ok(index)
}

/// Removes tantivy's files from `dir`.
pub(crate) fn wipe(dir: &Path) -> Result<(), SearchError> {
    let entries = std::fs::read_dir(dir).map_err(index_error("while listing the index"))?;
    for entry in entries {
        let entry = entry.map_err(index_error("while listing the index"))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_tantivy_file(&name) && entry.path().is_file() {
            std::fs::remove_file(entry.path()).map_err(index_error("while wiping the index"))?;
        }
    }
    Ok(())
}

fn is_tantivy_file(name: &str) -> bool {
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    name == "meta.json"
        || name == ".managed.json"
        || (stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_of_another_schema_are_refused() {
        let current = payload(42).unwrap();
        assert_eq!(read_payload(Some(&current)), Ok(42));
        for bad in [
            Some(r#"{"schema":1,"last_applied":42}"#),
            Some("garbage"),
            None,
        ] {
            assert!(read_payload(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn only_tantivy_files_are_wiped() {
        for name in [
            "meta.json",
            ".managed.json",
            "0123456789abcdef0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdef.12.del",
        ] {
            assert!(is_tantivy_file(name), "{name}");
        }
        for name in ["notes.txt", "concord.db", "abc.idx", ".tantivy-writer.lock"] {
            assert!(!is_tantivy_file(name), "{name}");
        }
    }
}
