//! Every dataset of `shared/data`, recognised by its file names: `wikimedia-affiliates`,
//! `ror-organisations`, `glam-isil-wikidata`, `world-universities`; and `countries`, which holds
//! no organisations (its regions are compiled into the domain) and imports nothing.
//!
//! Each adapter reads its whole file (a structure error refuses the dataset before any write,
//! naming the line), maps it to organisations, and leaves the matching to the engine.
//! [`import_all_datasets`] runs them in one [`Importer`] run, affiliates first, so a body found
//! in ROR and GLAM becomes one organisation and the first source's name and kind win.

mod affiliates;
mod glam;
mod ror;
mod universities;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use concord_domain::Viewer;
use concord_search::WrittenFeed;
use concord_store::Store;

use super::{ImportReport, Importer, Incoming, Progress, RowProblem};

/// A dataset this module knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dataset {
    /// `wikimedia-affiliates/affiliates.csv`: the movement entities.
    Affiliates,
    /// `ror-organisations/ror_records.jsonl.gz`: research organisations.
    Ror,
    /// `glam-isil-wikidata/glam_isil_wikidata.csv`: GLAM bodies with ISILs.
    Glam,
    /// `world-universities/world_universities_and_domains.json`: universities.
    Universities,
    /// `countries/countries.csv`: reference data, no organisations.
    Countries,
}

impl Dataset {
    /// Every dataset, in the order `import_all_datasets` runs them.
    pub const ALL: [Dataset; 5] = [
        Dataset::Affiliates,
        Dataset::Ror,
        Dataset::Glam,
        Dataset::Universities,
        Dataset::Countries,
    ];

    /// The folder name in `shared/data`.
    pub fn folder(self) -> &'static str {
        match self {
            Dataset::Affiliates => "wikimedia-affiliates",
            Dataset::Ror => "ror-organisations",
            Dataset::Glam => "glam-isil-wikidata",
            Dataset::Universities => "world-universities",
            Dataset::Countries => "countries",
        }
    }

    /// The file that holds its records.
    pub fn file(self) -> &'static str {
        match self {
            Dataset::Affiliates => "affiliates.csv",
            Dataset::Ror => "ror_records.jsonl.gz",
            Dataset::Glam => "glam_isil_wikidata.csv",
            Dataset::Universities => "world_universities_and_domains.json",
            Dataset::Countries => "countries.csv",
        }
    }

    /// Recognises a dataset from its folder or its file, and returns the file.
    pub fn recognise(path: &Path) -> anyhow::Result<(Dataset, PathBuf)> {
        for dataset in Self::ALL {
            let in_folder = path.join(dataset.file());
            if path.is_dir() && in_folder.is_file() {
                return Ok((dataset, in_folder));
            }
            if path.file_name().is_some_and(|n| n == dataset.file()) && path.is_file() {
                return Ok((dataset, path.to_path_buf()));
            }
        }
        let known: Vec<String> = Self::ALL
            .iter()
            .map(|d| format!("{}/{}", d.folder(), d.file()))
            .collect();
        bail!(
            "{} is not a known dataset: expected one of {}",
            path.display(),
            known.join(", ")
        )
    }

    /// Reads its organisations, and the rows left out at parse time.
    pub fn read(self, file: &Path) -> anyhow::Result<(Vec<Incoming>, Vec<RowProblem>)> {
        let read = || -> anyhow::Result<(Vec<Incoming>, Vec<RowProblem>)> {
            let input = std::fs::File::open(file).context("while opening it")?;
            let input = std::io::BufReader::new(input);
            match self {
                Dataset::Affiliates => affiliates::read(input),
                Dataset::Ror => ror::read(input),
                Dataset::Glam => glam::read(input),
                Dataset::Universities => universities::read(input),
                Dataset::Countries => Ok((Vec::new(), Vec::new())),
            }
        };
        read().with_context(|| format!("while reading the dataset {}", file.display()))
    }
}

/// Every row of a CSV file with a header, with its line; any bad row refuses the file.
fn csv_rows<T: serde::de::DeserializeOwned>(
    input: impl std::io::Read,
) -> anyhow::Result<Vec<(u64, T)>> {
    let mut reader = ::csv::Reader::from_reader(input);
    let header = reader
        .headers()
        .context("while reading the header")?
        .clone();
    let mut rows = Vec::new();
    for row in reader.records() {
        let row = row.context("while reading a row")?;
        let line = row.position().map_or(0, ::csv::Position::line);
        let value = row
            .deserialize(Some(&header))
            .with_context(|| format!("line {line}: the row does not fit the dataset's columns"))?;
        rows.push((line, value));
    }
    Ok(rows)
}

async fn run(
    importer: &mut Importer<'_>,
    dataset: Dataset,
    file: &Path,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let (records, skipped) = dataset.read(file)?;
    let summary = format!("import from dataset {}", dataset.folder());
    importer.upsert(records, &summary, progress).await?;
    let mut report = importer.take_report();
    report.skipped.extend(skipped);
    Ok(report)
}

/// Imports one dataset, given its folder or file. `countries` imports nothing.
pub async fn import_dataset(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    path: &Path,
    progress: &dyn Progress,
) -> anyhow::Result<ImportReport> {
    let (dataset, file) = Dataset::recognise(path)?;
    let mut importer = Importer::new(store, who, index).await?;
    run(&mut importer, dataset, &file, progress).await
}

/// Imports every dataset under `data_dir` in one run (affiliates, ROR, GLAM, universities),
/// for the demo; returns each dataset's report. A missing dataset folder is an error. The files
/// are parsed on blocking threads while earlier datasets are written.
pub async fn import_all_datasets(
    store: &dyn Store,
    who: &Viewer,
    index: Option<&mut WrittenFeed>,
    data_dir: &Path,
    progress: &dyn Progress,
) -> anyhow::Result<Vec<(Dataset, ImportReport)>> {
    let mut importer = Importer::new(store, who, index).await?;
    let mut reading = Vec::new();
    for dataset in Dataset::ALL {
        if dataset == Dataset::Countries {
            continue;
        }
        let file = data_dir.join(dataset.folder()).join(dataset.file());
        let task = tokio::task::spawn_blocking(move || dataset.read(&file));
        reading.push((dataset, task));
    }
    let mut reports = Vec::new();
    for (dataset, task) in reading {
        let (records, skipped) = task
            .await
            .with_context(|| format!("while reading the dataset {}", dataset.folder()))??;
        let summary = format!("import from dataset {}", dataset.folder());
        importer.upsert(records, &summary, progress).await?;
        let mut report = importer.take_report();
        report.skipped.extend(skipped);
        reports.push((dataset, report));
    }
    Ok(reports)
}
