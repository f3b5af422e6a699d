//! `concord import --format csv`: a CSV file of organisations with a column mapping, parsed by
//! [`concord_import::csv`] (re-exported here) and written by the engine.

use std::path::Path;

use anyhow::Context;
use concord_domain::Viewer;
use concord_search::WrittenFeed;
use concord_store::Store;

pub use concord_import::csv::{ColumnMap, blank_organisation, read_csv};

use super::{ImportReport, Progress, upsert_organisations};

/// Imports a CSV file of organisations.
pub async fn import_csv(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    path: &Path,
    map: &ColumnMap,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let file =
        std::fs::File::open(path).with_context(|| format!("while opening {}", path.display()))?;
    let records = read_csv(std::io::BufReader::new(file), map)
        .with_context(|| format!("while reading {}", path.display()))?;
    let summary = format!("import from {}", file_name(path));
    upsert_organisations(store, who, index, records, &summary, progress).await
}

/// The file name of a path, for revision summaries.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
