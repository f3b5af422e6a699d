//! Arbitrary bytes as a CSV file for `concord import --format csv`: the whole path before the
//! first write (header, column mapping, rows, validation, merging) must never panic.

#![no_main]

mod common;

use concord_import::csv::{ColumnMap, read_csv};
use libfuzzer_sys::fuzz_target;

/// The mappings tried on every input: none (columns named like fields, as `concord export`
/// writes them), the one the GLAM dataset needs, and `name=` the input's own first column.
fn maps(data: &[u8]) -> Vec<ColumnMap> {
    let first_line = data.split(|b| *b == b'\n').next().unwrap_or_default();
    let first_column = String::from_utf8_lossy(first_line)
        .split(',')
        .next()
        .unwrap_or_default()
        .to_owned();
    let specs: [&[String]; 3] = [
        &[],
        &["name=label".to_owned(), "country=country_code".to_owned()],
        &[format!("name={first_column}")],
    ];
    specs
        .iter()
        .filter_map(|s| ColumnMap::parse(s).ok())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    for map in maps(data) {
        match read_csv(data, &map) {
            Ok(records) => common::check(records),
            Err(e) => {
                let _ = format!("{e:#}");
            }
        }
    }
});
