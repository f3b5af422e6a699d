//! `wikimedia-affiliates/affiliates.csv`: the Wikimedia Foundation, chapters, thematic
//! organisations and user groups, as movement entities.
//!
//! Organisation kind `foundation` for the Foundation, `nonprofit` for the others; relationship
//! `partner` (they work with the movement by definition; only set on create). A single country
//! becomes the organisation's country; every country goes to the movement entity. `other_names`
//! is keyed by the country's most-used language (`und` without a country, and for an
//! abbreviation such as "WMF", which is searched by but is no name to show in a language).

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
            .filter(|_| !is_abbreviation(&other))
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

/// Whether `name` is one word of capitals and digits ("WMF", "WMDE").
fn is_abbreviation(name: &str) -> bool {
    name.chars().count() >= 2 && name.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abbreviation_is_no_name_in_the_countrys_language() {
        let csv = "name,other_names,kind,scope,country_codes,subdivision,country_basis,capx_code,source\n\
                   Wikimedia Foundation,WMF,foundation,global,US,,added,,added\n\
                   Wikimedia Sweden,Wikimedia Sverige,chapter,national,SE,,added,,added\n";
        let (records, problems) = read(csv.as_bytes()).unwrap();
        assert!(problems.is_empty());
        let names: Vec<Vec<(&str, &str)>> = records
            .iter()
            .map(|r| {
                r.record
                    .names
                    .0
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect()
            })
            .collect();
        assert_eq!(names[0], [("und", "WMF")]);
        assert_eq!(names[1], [("sv", "Wikimedia Sverige")]);
    }
}
