//! `concord import --format wikidata`: a file of Wikidata entity JSON, parsed by
//! [`concord_import::wikidata`] (re-exported here) and written by the engine; the entities left
//! out at parse time join the report's skipped rows.

use std::path::Path;

use anyhow::Context;
use concord_domain::Viewer;
use concord_search::WrittenFeed;
use concord_store::Store;

pub use concord_import::wikidata::{Parsed, read_entities};

use super::{ImportReport, Progress, upsert_organisations};

/// Imports a file of Wikidata entity JSON.
pub async fn import_wikidata(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    path: &Path,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let file =
        std::fs::File::open(path).with_context(|| format!("while opening {}", path.display()))?;
    let parsed = read_entities(std::io::BufReader::new(file))
        .with_context(|| format!("while reading {}", path.display()))?;
    let summary = format!("import from {}", super::csv::file_name(path));
    let mut report =
        upsert_organisations(store, who, index, parsed.records, &summary, progress).await?;
    report.skipped.extend(parsed.skipped);
    Ok(report)
}
