//! `world-universities/world_universities_and_domains.json`: universities and colleges, kind
//! `university`, website the first web page. No identifiers, so they match by name + country.

use std::io::Read;

use anyhow::Context;
use serde::Deserialize;

use crate::reference::{clean_country, clean_website};
use crate::{Incoming, RowProblem};

#[derive(Deserialize)]
struct University {
    name: String,
    alpha_two_code: String,
    #[serde(default)]
    web_pages: Vec<String>,
}

/// Reads the universities file; `line` is the record's 1-based number in the array.
pub(super) fn read(input: impl Read) -> anyhow::Result<(Vec<Incoming>, Vec<RowProblem>)> {
    let all: Vec<University> =
        serde_json::from_reader(input).context("while parsing the JSON array")?;
    let records = all
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            let mut record = crate::csv::blank_organisation();
            record.name = u.name.trim().to_owned();
            "university".clone_into(&mut record.kind);
            record.country = clean_country(&u.alpha_two_code);
            record.website = u.web_pages.iter().find_map(|w| clean_website(w));
            Incoming {
                line: i as u64 + 1,
                record,
            }
        })
        .collect();
    Ok((records, Vec::new()))
}
