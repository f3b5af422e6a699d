//! The benchmark's vocabulary, taken from the real data: organisation names from ROR, the GLAM
//! ISIL list and the world universities list, split into words and ranked by frequency; and
//! countries ranked by how many ROR organisations each has.
//!
//! Only reads `shared/data`; it never writes, and it knows nothing of stores or HTTP.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use flate2::read::GzDecoder;
use serde::Deserialize;

/// Words longer than this are dropped (unsegmented scripts would make whole names one "word").
const MAX_WORD_CHARS: usize = 20;

/// Ranked words and countries drawn from the real data.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// Distinct lower-case words, most frequent first.
    pub words: Vec<String>,
    /// ISO 3166-1 alpha-2 codes with their number of ROR organisations, most frequent first.
    pub countries: Vec<(String, u64)>,
}

impl Corpus {
    /// Reads every organisation name under `data_dir` and every ROR country.
    pub fn load(data_dir: &Path) -> anyhow::Result<Self> {
        let mut names = Vec::new();
        let mut countries = Vec::new();
        read_ror(
            &data_dir.join("ror-organisations/ror_records.jsonl.gz"),
            &mut names,
            &mut countries,
        )?;
        read_glam(
            &data_dir.join("glam-isil-wikidata/glam_isil_wikidata.csv"),
            &mut names,
        )?;
        read_universities(
            &data_dir.join("world-universities/world_universities_and_domains.json"),
            &mut names,
        )?;
        Self::from_parts(
            names.iter().map(String::as_str),
            countries.iter().map(String::as_str),
        )
    }

    /// Ranks the words of `names` and the `countries` (one entry per organisation).
    /// Countries unknown to the domain are dropped. Errors when either list ends up empty.
    pub fn from_parts<'a>(
        names: impl Iterator<Item = &'a str>,
        countries: impl Iterator<Item = &'a str>,
    ) -> anyhow::Result<Self> {
        let mut word_counts: HashMap<String, u64> = HashMap::new();
        for word in names.flat_map(words) {
            *word_counts.entry(word).or_insert(0) += 1;
        }
        let mut country_counts: HashMap<String, u64> = HashMap::new();
        for code in countries.filter(|c| concord_domain::country::country(c).is_some()) {
            *country_counts.entry(code.to_owned()).or_insert(0) += 1;
        }
        let words: Vec<String> = ranked(word_counts).into_iter().map(|(w, _)| w).collect();
        let countries = ranked(country_counts);
        if words.is_empty() || countries.is_empty() {
            bail!("the data has no usable words or countries");
        }
        Ok(Self { words, countries })
    }

    /// The country with the most organisations (the benchmark's search filter).
    pub fn top_country(&self) -> &str {
        &self.countries[0].0
    }
}

/// Entries by descending count, ties by name, so the ranking is deterministic.
fn ranked(counts: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// The lower-case alphabetic words of a name, of 2 to [`MAX_WORD_CHARS`] characters.
pub fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_alphabetic())
        .filter(|w| (2..=MAX_WORD_CHARS).contains(&w.chars().count()))
        .map(str::to_lowercase)
}

/// `shared/data`, searched upwards from the working directory, then from this crate's source.
pub fn find_data_dir() -> anyhow::Result<PathBuf> {
    let cwd = std::env::current_dir().context("while reading the working directory")?;
    let starts = [cwd, PathBuf::from(env!("CARGO_MANIFEST_DIR"))];
    for start in &starts {
        for dir in start.ancestors() {
            let candidate = dir.join("shared/data");
            if candidate.join("ror-organisations").is_dir() {
                return Ok(candidate);
            }
        }
    }
    bail!(
        "no shared/data folder with ror-organisations found above {} or {}; the benchmark draws its vocabulary from it",
        starts[0].display(),
        starts[1].display()
    )
}

#[derive(Deserialize)]
struct RorLine {
    name: String,
    country_code: Option<String>,
}

fn read_ror(
    path: &Path,
    names: &mut Vec<String>,
    countries: &mut Vec<String>,
) -> anyhow::Result<()> {
    let file = File::open(path).with_context(|| format!("while opening {}", path.display()))?;
    for (i, line) in BufReader::new(GzDecoder::new(file)).lines().enumerate() {
        let line =
            line.with_context(|| format!("while reading {} line {}", path.display(), i + 1))?;
        let record: RorLine = serde_json::from_str(&line)
            .with_context(|| format!("while parsing {} line {}", path.display(), i + 1))?;
        names.push(record.name);
        countries.extend(record.country_code);
    }
    Ok(())
}

fn read_glam(path: &Path, names: &mut Vec<String>) -> anyhow::Result<()> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("while opening {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("while reading the header of {}", path.display()))?;
    let label = headers
        .iter()
        .position(|h| h == "label")
        .with_context(|| format!("while looking for the label column of {}", path.display()))?;
    for (i, row) in reader.records().enumerate() {
        let row =
            row.with_context(|| format!("while reading {} record {}", path.display(), i + 1))?;
        if let Some(name) = row.get(label).filter(|n| !n.is_empty()) {
            names.push(name.to_owned());
        }
    }
    Ok(())
}

#[derive(Deserialize)]
struct University {
    name: String,
}

fn read_universities(path: &Path, names: &mut Vec<String>) -> anyhow::Result<()> {
    let file = File::open(path).with_context(|| format!("while opening {}", path.display()))?;
    let list: Vec<University> = serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("while parsing {}", path.display()))?;
    names.extend(list.into_iter().map(|u| u.name));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_alphabetic_runs() {
        let got: Vec<String> = words("Musée des Beaux-Arts (Q511) & X").collect();
        assert_eq!(got, ["musée", "des", "beaux", "arts"]);
    }

    #[test]
    fn words_and_countries_are_ranked_by_frequency_then_name() {
        let corpus = Corpus::from_parts(
            [
                "University of Oslo",
                "Oslo Museum",
                "Museum of Art",
                "Art University",
            ]
            .into_iter(),
            ["NO", "NO", "SE", "XX", "SE", "SE"].into_iter(),
        )
        .unwrap();
        assert_eq!(corpus.words, ["art", "museum", "of", "oslo", "university"]);
        assert_eq!(
            corpus.countries,
            [("SE".to_owned(), 3), ("NO".to_owned(), 2)]
        );
        assert_eq!(corpus.top_country(), "SE");
    }

    #[test]
    fn an_empty_corpus_is_refused() {
        assert!(Corpus::from_parts(std::iter::empty(), ["SE"].into_iter()).is_err());
    }
}
