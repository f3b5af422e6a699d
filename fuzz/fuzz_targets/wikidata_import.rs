//! Arbitrary bytes as a file for `concord import --format wikidata` (dump lines or
//! `wbgetentities` output): parsing, validation and merging must never panic.

#![no_main]

mod common;

use concord_import::wikidata::read_entities;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match read_entities(data) {
        Ok(parsed) => {
            for problem in &parsed.skipped {
                let _ = problem.to_string();
            }
            common::check(parsed.records);
        }
        Err(e) => {
            let _ = format!("{e:#}");
        }
    }
});
