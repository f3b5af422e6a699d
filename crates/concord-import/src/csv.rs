//! Organisations from any CSV file, with a column mapping (`--map field=Column`).
//!
//! Fields: `name`, `kind`, `country`, `website`, `wikidata`, `ror`, `isil`, `description`,
//! `tags` and `names.<lang>` (`isil` and `tags` are `;`-separated). A field without a mapping is
//! read from a column of the same name when there is one, so a file written by `concord export`
//! imports as it is. A missing kind is `other`.
//!
//! The whole file is parsed before anything is written: a ragged row or invalid UTF-8 refuses
//! the import with the line (and column). Rows whose values are refused (unknown kind, malformed
//! QID) are kept here and skipped by the engine, which names the field.

use std::io::Read;

use anyhow::{Context, bail};
use concord_domain::identifier::Identifiers;
use concord_domain::text::Translatable;
use concord_domain::{Organisation, OrganisationId, RelationshipStatus, Visibility};

use crate::Incoming;
use crate::reference::non_empty;

const FIELDS: &[&str] = &[
    "name",
    "kind",
    "country",
    "website",
    "wikidata",
    "ror",
    "isil",
    "description",
    "tags",
];

/// Which column feeds which field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pairs: Vec<(String, String)>,
}

impl ColumnMap {
    /// Parses `field=Column` mappings; an unknown field is refused with the list of known ones.
    pub fn parse<S: AsRef<str>>(specs: &[S]) -> anyhow::Result<Self> {
        let mut pairs = Vec::new();
        for spec in specs {
            let spec = spec.as_ref();
            let Some((field, column)) = spec.split_once('=') else {
                bail!("column mapping {spec:?} is not field=Column");
            };
            let field = field.trim();
            let is_names = field
                .strip_prefix("names.")
                .is_some_and(concord_domain::text::is_language_code);
            if !FIELDS.contains(&field) && !is_names {
                bail!(
                    "unknown field {field:?} in column mapping {spec:?}: use one of {}, names.<lang>",
                    FIELDS.join(", ")
                );
            }
            pairs.push((field.to_owned(), column.trim().to_owned()));
        }
        Ok(Self { pairs })
    }

    /// The column index of each mapped field, given the header; explicit mappings first, then
    /// columns named like a field.
    fn resolve(&self, header: &::csv::StringRecord) -> anyhow::Result<Vec<(String, usize)>> {
        let position = |column: &str| header.iter().position(|h| h.trim() == column);
        let mut resolved = Vec::new();
        for (field, column) in &self.pairs {
            let Some(i) = position(column) else {
                let known: Vec<&str> = header.iter().collect();
                bail!(
                    "column {column:?} (mapped to {field}) is not in the header; columns are: {}",
                    known.join(", ")
                );
            };
            resolved.push((field.clone(), i));
        }
        for h in header.iter() {
            let h = h.trim();
            let is_field = FIELDS.contains(&h)
                || h.strip_prefix("names.")
                    .is_some_and(concord_domain::text::is_language_code);
            if is_field
                && !resolved.iter().any(|(f, _)| f == h)
                && let Some(i) = position(h)
            {
                resolved.push((h.to_owned(), i));
            }
        }
        if !resolved.iter().any(|(f, _)| f == "name") {
            bail!("no column for the name: add --map name=<Column>");
        }
        Ok(resolved)
    }
}

fn list(value: &str) -> Vec<String> {
    value.split(';').filter_map(non_empty).collect()
}

/// An organisation with nothing but defaults (kind `other`, public, prospect), to fill in.
pub fn blank_organisation() -> Organisation {
    Organisation {
        id: OrganisationId(uuid::Uuid::nil()),
        name: String::new(),
        names: Translatable::default(),
        kind: crate::merge::UNKNOWN_KIND.to_owned(),
        country: None,
        regions: Vec::new(),
        website: None,
        identifiers: Identifiers::default(),
        description: Translatable::default(),
        relationship: RelationshipStatus::Prospect,
        movement_entity: None,
        visibility: Visibility::Public,
        readers: Vec::new(),
        tags: Vec::new(),
    }
}

fn row_to_organisation(row: &::csv::StringRecord, fields: &[(String, usize)]) -> Organisation {
    let mut o = blank_organisation();
    for (field, i) in fields {
        let raw = row.get(*i).unwrap_or_default();
        let Some(value) = non_empty(raw) else {
            continue;
        };
        match field.as_str() {
            "name" => o.name = value,
            "kind" => o.kind = value.to_lowercase(),
            "country" => o.country = Some(value.to_uppercase()),
            "website" => o.website = Some(value),
            "wikidata" => o.identifiers.wikidata = Some(value),
            "ror" => o.identifiers.ror = Some(value.trim_start_matches("https://ror.org/").into()),
            "isil" => o.identifiers.isil = list(&value),
            "description" => o.description = Translatable::one("en", &value),
            "tags" => o.tags = list(&value),
            other => {
                if let Some(lang) = other.strip_prefix("names.") {
                    o.names.0.insert(lang.to_owned(), value);
                }
            }
        }
    }
    if let Some(q) = o.identifiers.wikidata.as_deref() {
        o.identifiers.wikidata = Some(q.rsplit('/').next().unwrap_or(q).to_owned());
    }
    o
}

/// Parses a whole CSV file; any structural error refuses it, naming the line (and column).
pub fn read_csv(input: impl Read, map: &ColumnMap) -> anyhow::Result<Vec<Incoming>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| describe(&e, None))
        .context("while reading the CSV header")?
        .clone();
    let fields = map.resolve(&header)?;
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| describe(&e, Some(&header)))?;
        let line = row.position().map_or(0, ::csv::Position::line);
        out.push(Incoming {
            line,
            record: row_to_organisation(&row, &fields),
        });
    }
    Ok(out)
}

/// A CSV error in words, with the line and, for bad UTF-8, the column name.
fn describe(e: &::csv::Error, header: Option<&::csv::StringRecord>) -> anyhow::Error {
    match e.kind() {
        ::csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => anyhow::anyhow!(
            "line {}: the row has {len} fields but the header has {expected_len}; nothing was imported",
            pos.as_ref().map_or(0, ::csv::Position::line),
        ),
        ::csv::ErrorKind::Utf8 { pos, err } => {
            let column = header.and_then(|h| h.get(err.field())).map_or_else(
                || format!("field {}", err.field() + 1),
                |c| format!("column {c:?}"),
            );
            anyhow::anyhow!(
                "line {}, {column}: invalid UTF-8 (save the file as UTF-8); nothing was imported",
                pos.as_ref().map_or(0, ::csv::Position::line),
            )
        }
        _ => anyhow::anyhow!("{e}; nothing was imported"),
    }
}
