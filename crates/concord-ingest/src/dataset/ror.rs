//! `ror-organisations/ror_records.jsonl.gz`: research organisations, one JSON object a line.
//!
//! Kind from the ROR types (the first that applies of archive → `archive`, or `museum` or
//! `library` when the name says so, since ROR's archive type holds all three; education →
//! `university`, government → `government_body`, company, nonprofit, funder → `foundation`,
//! facility → `research_institute`, else `other`); labels with a language → names; ROR ID,
//! QID and website. `withdrawn` records (mostly duplicates merged into another) are left out;
//! `inactive` ones get the tag `inactive`.

use std::io::{BufRead, BufReader, Read};

use anyhow::Context;
use concord_domain::text::is_language_code;
use flate2::read::GzDecoder;
use serde::Deserialize;

use crate::reference::{clean_country, clean_qid, clean_ror, clean_website, non_empty};
use crate::{Incoming, RowProblem};

#[derive(Deserialize)]
struct Label {
    lang: Option<String>,
    value: String,
}

#[derive(Deserialize)]
struct Row {
    ror_id: String,
    name: String,
    #[serde(default)]
    types: Vec<String>,
    status: String,
    #[serde(default)]
    country_code: Option<String>,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    wikidata: Option<String>,
}

const KIND_BY_TYPE: &[(&str, &str)] = &[
    ("archive", "archive"),
    ("education", "university"),
    ("government", "government_body"),
    ("company", "company"),
    ("nonprofit", "nonprofit"),
    ("funder", "foundation"),
    ("facility", "research_institute"),
];

fn kind(types: &[String], name: &str) -> &'static str {
    let kind = KIND_BY_TYPE
        .iter()
        .find(|(t, _)| types.iter().any(|x| x == t))
        .map_or("other", |(_, kind)| kind);
    match kind {
        // ROR's archive type holds museums and libraries too: the name tells them apart.
        "archive" => match super::glam::guess_kind(&[], name) {
            "other" => "archive",
            guessed => guessed,
        },
        other => other,
    }
}

fn to_incoming(line: u64, row: Row) -> Incoming {
    let mut record = crate::csv::blank_organisation();
    record.name = row.name.trim().to_owned();
    record.kind = kind(&row.types, &row.name).to_owned();
    record.country = row.country_code.as_deref().and_then(clean_country);
    record.website = row.website.as_deref().and_then(clean_website);
    record.identifiers.ror = clean_ror(&row.ror_id);
    record.identifiers.wikidata = row.wikidata.as_deref().and_then(clean_qid);
    for label in row.labels {
        let Some(lang) = label.lang.filter(|l| is_language_code(l)) else {
            continue;
        };
        if let Some(text) = non_empty(&label.value) {
            record.names.0.entry(lang).or_insert(text);
        }
    }
    if row.status == "inactive" {
        record.tags.push("inactive".to_owned());
    }
    Incoming { line, record }
}

/// Reads the gzip'd JSON lines.
pub(super) fn read(input: impl Read) -> anyhow::Result<(Vec<Incoming>, Vec<RowProblem>)> {
    let lines = BufReader::new(GzDecoder::new(input)).lines();
    let mut records = Vec::with_capacity(52_000);
    for (i, text) in lines.enumerate() {
        let line = i as u64 + 1;
        let text = text.with_context(|| format!("line {line}: cannot be read (gzip, UTF-8)"))?;
        if text.trim().is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(&text)
            .with_context(|| format!("line {line}: not a ROR record"))?;
        if row.status != "withdrawn" {
            records.push(to_incoming(line, row));
        }
    }
    Ok((records, Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::kind;

    #[test]
    fn an_archive_in_ror_is_a_museum_or_library_when_its_name_says_so() {
        let archive = ["archive".to_owned()];
        assert_eq!(
            kind(&archive, "Museum of Natural History Solothurn"),
            "museum"
        );
        assert_eq!(kind(&archive, "Zentralbibliothek Zürich"), "library");
        assert_eq!(kind(&archive, "Landesarchiv Berlin"), "archive");
        assert_eq!(kind(&archive, "Getty Research Institute"), "archive");
        assert_eq!(
            kind(&["education".to_owned()], "Museum University"),
            "university"
        );
    }
}
