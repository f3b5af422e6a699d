//! Organisations from any CSV file, with a column mapping (`--map field=Column`).
//!
//! Fields: `name`, `kind`, `country`, `website`, `wikidata`, `ror`, `isil`, `description`,
//! `tags` and `names.<lang>` (`isil` and `tags` are `;`-separated). A field without a mapping is
//! read from a column of the same name when there is one, so a file written by `concord export`
//! imports as it is. A missing kind is `other`.
//!
//! A value passes through the value map of its field (`--map-value`) first; a field with no value
//! in a row takes the constant given for it (`--set`). A website is stored with its scheme and
//! host in lower case and a bare host completed (`check::normalise_web_url`); the row notes
//! each such change. Reading in batches is [`crate::rows`]. Rows whose values are refused
//! (unknown kind, malformed QID) are kept here and skipped by the engine, which names the field.

use anyhow::bail;
use concord_domain::check::normalise_web_url;
use concord_domain::identifier::Identifiers;
use concord_domain::text::Translatable;
use concord_domain::{Organisation, OrganisationId, RelationshipStatus, Visibility};

use crate::options::CsvOptions;
use crate::reference::non_empty;
pub use crate::rows::read_csv;
use crate::{Incoming, RowProblem};

/// The fields a column can feed, besides `names.<lang>`.
pub const FIELDS: &[&str] = &[
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
        let pairs = field_pairs(specs, "column mapping", "field=Column")?;
        Ok(Self { pairs })
    }

    /// The column index of each mapped field, given the header; explicit mappings first, then
    /// columns named like a field. `constants` are fields that need no column (`--set`).
    pub(crate) fn resolve(
        &self,
        header: &::csv::StringRecord,
        constants: &[(String, String)],
    ) -> anyhow::Result<Vec<(String, usize)>> {
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
            if is_field(h)
                && !resolved.iter().any(|(f, _)| f == h)
                && let Some(i) = position(h)
            {
                resolved.push((h.to_owned(), i));
            }
        }
        let has_name = resolved.iter().any(|(f, _)| f == "name");
        if !has_name && !constants.iter().any(|(f, _)| f == "name") {
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

/// Whether `field` is a field a column can feed: one of [`FIELDS`] or `names.<lang>`.
fn is_field(field: &str) -> bool {
    FIELDS.contains(&field)
        || field
            .strip_prefix("names.")
            .is_some_and(concord_domain::text::is_language_code)
}

/// Refuses a field name that is not a field, listing the known ones.
pub(crate) fn check_field(field: &str) -> anyhow::Result<()> {
    if !is_field(field) {
        bail!(
            "unknown field {field:?}: use one of {}, names.<lang>",
            FIELDS.join(", ")
        );
    }
    Ok(())
}

/// Parses `FIELD=VALUE` specs (`what` names them in errors, `shape` is their form); an unknown
/// field or a missing `=` is refused, naming the spec.
pub(crate) fn field_pairs<S: AsRef<str>>(
    specs: &[S],
    what: &str,
    shape: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    for spec in specs {
        let spec = spec.as_ref();
        let Some((field, value)) = spec.split_once('=') else {
            bail!("{what} {spec:?} is not {shape}");
        };
        let field = field.trim();
        check_field(field).map_err(|e| anyhow::anyhow!("{what} {spec:?}: {e}"))?;
        pairs.push((field.to_owned(), value.trim().to_owned()));
    }
    Ok(pairs)
}

/// Sets `field` of `o` to `value` (trimmed, non-empty), noting a website it had to change.
fn set_field(o: &mut Organisation, field: &str, value: String, notes: &mut Vec<RowProblem>) {
    match field {
        "name" => o.name = value,
        "kind" => o.kind = value.to_lowercase(),
        "country" => o.country = Some(value.to_uppercase()),
        "website" => o.website = Some(website(value, notes)),
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

/// The website as stored; a changed one is noted (line 0: the caller sets it).
fn website(value: String, notes: &mut Vec<RowProblem>) -> String {
    match normalise_web_url(&value) {
        Some(url) if url != value => {
            notes.push(RowProblem {
                line: 0,
                field: "website".into(),
                message: format!("{value:?} stored as {url:?}"),
            });
            url
        }
        // Unchanged, or not a web address at all: validation names it.
        _ => value,
    }
}

/// One row as an organisation, with the notes of values changed on the way in.
pub(crate) fn row_to_organisation(
    row: &::csv::StringRecord,
    line: u64,
    fields: &[(String, usize)],
    options: &CsvOptions,
) -> (Incoming, Vec<RowProblem>) {
    let mut o = blank_organisation();
    let mut notes = Vec::new();
    let mut given = Vec::with_capacity(fields.len());
    for (field, i) in fields {
        let raw = row.get(*i).unwrap_or_default();
        let Some(value) = non_empty(raw) else {
            continue;
        };
        let value = match options.values.get(field, &value) {
            Some(mapped) => mapped.to_owned(),
            None => value,
        };
        set_field(&mut o, field, value, &mut notes);
        given.push(field.as_str());
    }
    for (field, value) in options.constants.pairs() {
        if !given.contains(&field.as_str())
            && let Some(value) = non_empty(value)
        {
            set_field(&mut o, field, value, &mut notes);
        }
    }
    if let Some(q) = o.identifiers.wikidata.as_deref() {
        o.identifiers.wikidata = Some(q.rsplit('/').next().unwrap_or(q).to_owned());
    }
    for note in &mut notes {
        note.line = line;
    }
    (Incoming { line, record: o }, notes)
}
