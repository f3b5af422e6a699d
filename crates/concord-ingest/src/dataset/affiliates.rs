//! `wikimedia-affiliates/affiliates.csv`: the Wikimedia Foundation, chapters, thematic
//! organisations and user groups, as movement entities.
//!
//! Organisation kind `foundation` for the Foundation, `nonprofit` for the others; relationship
//! `partner` (they work with the movement by definition; only set on create). A single country
//! becomes the organisation's country; every country goes to the movement entity. `other_names`
//! is keyed by the country's most-used language (`und` without a country).

use std::io::Read;

use concord_domain::RelationshipStatus;
use concord_domain::organisation::MovementEntity;
use serde::Deserialize;

use crate::reference::{clean_country, country_language, non_empty};
use crate::{Incoming, RowProblem};

#[derive(Deserialize)]
struct Row {
    name: String,
    other_names: String,
    kind: String,
    scope: String,
    country_codes: String,
}

fn entity_kind(kind: &str) -> &str {
    match kind {
        "thematic_organization" => "thematic_organisation",
        other => other,
    }
}

fn to_incoming(line: u64, row: Row) -> Incoming {
    let mut record = crate::csv::blank_organisation();
    let countries: Vec<String> = row
        .country_codes
        .split(';')
        .filter_map(clean_country)
        .collect();
    record.name = row.name.trim().to_owned();
    record.kind = if row.kind == "foundation" {
        "foundation"
    } else {
        "nonprofit"
    }
    .to_owned();
    if let [only] = countries.as_slice() {
        record.country = Some(only.clone());
    }
    if let Some(other) = non_empty(&row.other_names) {
        let lang = record
            .country
            .as_deref()
            .and_then(country_language)
            .unwrap_or("und");
        record.names.0.insert(lang.to_owned(), other);
    }
    record.relationship = RelationshipStatus::Partner;
    record.movement_entity = Some(MovementEntity {
        kind: entity_kind(&row.kind).to_owned(),
        countries,
        regions: Vec::new(),
        themes: non_empty(&row.scope)
            .filter(|s| s == "language" || s == "thematic")
            .into_iter()
            .collect(),
    });
    Incoming { line, record }
}

/// Reads the affiliates file.
pub(super) fn read(input: impl Read) -> anyhow::Result<(Vec<Incoming>, Vec<RowProblem>)> {
    let rows = super::csv_rows::<Row>(input)?;
    let records = rows
        .into_iter()
        .map(|(line, row)| to_incoming(line, row))
        .collect();
    Ok((records, Vec::new()))
}
