//! Organisations from Wikidata entity JSON: dump lines (one entity per line; lines may be `[`,
//! `]` or end with `,`) or `wbgetentities` output (`{"entities": {"Q1": {…}}}`).
//!
//! Read: the English label (else any) as the name, other labels as names, descriptions, P17
//! country (through the compiled-in QID → ISO table), P856 website, P6782 ROR ID, P791 ISIL and
//! P31 instance-of → kind (a small table; `other` when unknown). Deprecated statements are
//! ignored and unusable values dropped. A malformed line refuses the whole file before any write,
//! naming the line; an entity without a label, a property or a missing entity is skipped and
//! reported.

use std::collections::BTreeMap;
use std::io::BufRead;

use anyhow::Context;
use concord_domain::text::{Translatable, is_language_code};
use serde::Deserialize;
use serde_json::Value;

use crate::reference::{clean_isils, clean_qid, clean_ror, clean_website, country_by_qid};
use crate::{Incoming, RowProblem};

#[derive(Deserialize)]
struct Entity {
    id: String,
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    missing: Option<Value>,
    #[serde(default)]
    labels: BTreeMap<String, Text>,
    #[serde(default)]
    descriptions: BTreeMap<String, Text>,
    #[serde(default)]
    claims: BTreeMap<String, Vec<Statement>>,
}

#[derive(Deserialize)]
struct Text {
    value: String,
}

#[derive(Deserialize)]
struct Statement {
    mainsnak: Snak,
    #[serde(default)]
    rank: String,
}

#[derive(Deserialize)]
struct Snak {
    #[serde(default)]
    datavalue: Option<DataValue>,
}

#[derive(Deserialize)]
struct DataValue {
    value: Value,
}

#[derive(Deserialize)]
struct Entities {
    entities: BTreeMap<String, Entity>,
}

/// What parsing a Wikidata file gave: records, and entities that are not organisations.
#[derive(Default)]
pub struct Parsed {
    /// The organisations.
    pub records: Vec<Incoming>,
    /// Entities left out, and why.
    pub skipped: Vec<RowProblem>,
}

impl Entity {
    /// The values of a property, preferred rank first, deprecated ones left out.
    fn values(&self, property: &str) -> Vec<&Value> {
        let mut statements: Vec<&Statement> = self
            .claims
            .get(property)
            .map(|s| s.iter().filter(|s| s.rank != "deprecated").collect())
            .unwrap_or_default();
        statements.sort_by_key(|s| s.rank != "preferred");
        statements
            .into_iter()
            .filter_map(|s| s.mainsnak.datavalue.as_ref().map(|d| &d.value))
            .collect()
    }

    fn strings(&self, property: &str) -> impl Iterator<Item = &str> {
        self.values(property).into_iter().filter_map(Value::as_str)
    }

    fn items(&self, property: &str) -> impl Iterator<Item = &str> {
        self.values(property)
            .into_iter()
            .filter_map(|v| v.get("id").and_then(Value::as_str))
    }

    fn into_organisation(mut self, line: u64) -> Result<Incoming, RowProblem> {
        let problem = |field: &str, message: String| RowProblem {
            line,
            field: field.into(),
            message,
        };
        if self.missing.is_some() {
            return Err(problem("id", format!("{} is missing on Wikidata", self.id)));
        }
        if self.kind != "item" {
            return Err(problem("type", format!("{} is not an item", self.id)));
        }
        let mut names = texts(std::mem::take(&mut self.labels));
        let name = names
            .0
            .remove("en")
            .or_else(|| names.0.pop_first().map(|(_, text)| text));
        let Some(name) = name else {
            return Err(problem("labels", format!("{} has no label", self.id)));
        };
        let mut record = crate::csv::blank_organisation();
        record.identifiers.wikidata = clean_qid(&self.id);
        record.identifiers.ror = self.strings("P6782").find_map(clean_ror);
        record.identifiers.isil = self.strings("P791").flat_map(clean_isils).collect();
        record.website = self.strings("P856").find_map(clean_website);
        record.country = self
            .items("P17")
            .find_map(country_by_qid)
            .map(str::to_owned);
        if let Some(kind) = self.items("P31").find_map(crate::reference::kind_by_class) {
            kind.clone_into(&mut record.kind);
        }
        record.description = texts(std::mem::take(&mut self.descriptions));
        record.name = name;
        record.names = names;
        Ok(Incoming { line, record })
    }
}

/// Texts keyed by a usable language code.
fn texts(map: BTreeMap<String, Text>) -> Translatable {
    Translatable(
        map.into_iter()
            .filter(|(lang, t)| is_language_code(lang) && !t.value.trim().is_empty())
            .map(|(lang, t)| (lang, t.value.trim().to_owned()))
            .collect(),
    )
}

fn push(parsed: &mut Parsed, entity: Entity, line: u64) {
    match entity.into_organisation(line) {
        Ok(incoming) => parsed.records.push(incoming),
        Err(problem) => parsed.skipped.push(problem),
    }
}

/// Whether the text is one `{"entities": …}` document rather than dump lines: its first line is
/// not a whole entity (pretty-printed) or is an object with `entities`.
fn is_wbgetentities(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let first = first.trim_end_matches(',');
    if first == "[" {
        return false;
    }
    match serde_json::from_str::<Value>(first) {
        Ok(value) => value.get("entities").is_some(),
        Err(_) => first.starts_with('{'),
    }
}

/// Parses dump lines or `wbgetentities` output; a malformed line refuses the whole input.
pub fn read_entities(mut input: impl BufRead) -> anyhow::Result<Parsed> {
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .context("while reading the Wikidata JSON (is it UTF-8?)")?;
    let mut parsed = Parsed::default();
    if is_wbgetentities(&text) {
        let all: Entities = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "line {}, column {}: not wbgetentities output: {e}; nothing was imported",
                e.line(),
                e.column()
            )
        })?;
        for (i, entity) in all.entities.into_values().enumerate() {
            push(&mut parsed, entity, i as u64 + 1);
        }
        return Ok(parsed);
    }
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let trimmed = raw.trim().trim_end_matches(',');
        if trimmed.is_empty() || trimmed == "[" || trimmed == "]" {
            continue;
        }
        let entity: Entity = serde_json::from_str(trimmed).map_err(|e| {
            anyhow::anyhow!(
                "line {line}, column {}: not a Wikidata entity: {e}; nothing was imported",
                e.column()
            )
        })?;
        push(&mut parsed, entity, line);
    }
    Ok(parsed)
}
