//! What a person adds to a file's own columns: a constant for a field the file lacks
//! (`--set country=US`) and value maps for coded columns (`--map-value kind:ART=museum`, or a
//! mapping file of `field,code,value` rows).
//!
//! Parsed and checked before anything is read or written: an unknown field or a malformed
//! spec is an error naming it. No I/O here beyond the reader a mapping file is given as.

use std::collections::HashMap;
use std::io::Read;

use anyhow::{Context, bail};

use crate::csv::{ColumnMap, check_field, field_pairs};

/// Values for fields the file does not give: each fills the field in every row where the
/// row has no value for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Constants {
    pairs: Vec<(String, String)>,
}

impl Constants {
    /// Parses `FIELD=VALUE` specs; an unknown field or a missing `=` is refused, naming it.
    pub fn parse<S: AsRef<str>>(specs: &[S]) -> anyhow::Result<Self> {
        let pairs = field_pairs(specs, "--set", "FIELD=VALUE")?;
        Ok(Self { pairs })
    }

    /// The `(field, value)` pairs, in the order given.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}

/// Codes of coded columns and the values they stand for, per field (`kind`: `ART` → `museum`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueMap {
    by_field: HashMap<String, HashMap<String, String>>,
}

impl ValueMap {
    /// Parses `FIELD:CODE=VALUE` specs; an unknown field or a malformed spec is refused.
    pub fn parse<S: AsRef<str>>(specs: &[S]) -> anyhow::Result<Self> {
        let mut map = Self::default();
        for spec in specs {
            let spec = spec.as_ref();
            let parsed = spec
                .split_once(':')
                .and_then(|(field, rest)| Some((field, rest.split_once('=')?)));
            let Some((field, (code, value))) = parsed else {
                bail!("--map-value {spec:?} is not FIELD:CODE=VALUE");
            };
            map.add(field, code, value)
                .map_err(|e| anyhow::anyhow!("--map-value {spec:?}: {e}"))?;
        }
        Ok(map)
    }

    /// Adds the rows of a mapping file: a CSV with the header `field,code,value`.
    pub fn read_file(&mut self, input: impl Read) -> anyhow::Result<()> {
        let mut reader = ::csv::Reader::from_reader(input);
        let header = reader.headers().context("while reading the header")?;
        let expected = ["field", "code", "value"];
        if header.iter().map(str::trim).ne(expected) {
            bail!("the header must be field,code,value");
        }
        for row in reader.records() {
            let row = row.context("while reading a row")?;
            let line = row.position().map_or(0, ::csv::Position::line);
            let cell = |i: usize| row.get(i).unwrap_or_default();
            self.add(cell(0), cell(1), cell(2))
                .map_err(|e| anyhow::anyhow!("line {line}: {e}"))?;
        }
        Ok(())
    }

    fn add(&mut self, field: &str, code: &str, value: &str) -> anyhow::Result<()> {
        let field = field.trim();
        check_field(field)?;
        let code = code.trim();
        if code.is_empty() {
            bail!("the code is empty");
        }
        self.by_field
            .entry(field.to_owned())
            .or_default()
            .insert(code.to_owned(), value.trim().to_owned());
        Ok(())
    }

    /// The value `code` stands for in `field`, if it is mapped.
    pub fn get(&self, field: &str, code: &str) -> Option<&str> {
        self.by_field.get(field)?.get(code).map(String::as_str)
    }

    /// Whether no code is mapped.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }
}

/// Everything that says how a CSV file becomes organisations, besides the file itself: the
/// one value a web form or the command line builds and hands to the importer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Which column feeds which field (`--map`).
    pub columns: ColumnMap,
    /// Values for fields the file lacks (`--set`).
    pub constants: Constants,
    /// Codes and what they stand for (`--map-value`, `--map-values FILE`).
    pub values: ValueMap,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_bad_ones_name_what_is_wrong() {
        let c = Constants::parse(&["country=US", "names.de = Museum"]).unwrap();
        assert_eq!(c.pairs()[0], ("country".into(), "US".into()));
        let err = format!("{:#}", Constants::parse(&["colour=red"]).unwrap_err());
        assert!(err.contains("colour") && err.contains("--set"), "{err}");
        assert!(Constants::parse(&["country"]).is_err());

        let v = ValueMap::parse(&["kind:ART=museum", "kind:HST=archive"]).unwrap();
        assert_eq!(v.get("kind", "ART"), Some("museum"));
        assert_eq!(v.get("kind", "ZAW"), None);
        for bad in ["kind=ART", "kind:ART", "colour:A=b", "kind:=museum"] {
            assert!(ValueMap::parse(&[bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_mapping_file_adds_codes() {
        let mut v = ValueMap::default();
        v.read_file("field,code,value\nkind,ZAW,library\n".as_bytes())
            .unwrap();
        assert_eq!(v.get("kind", "ZAW"), Some("library"));
        let err = v.read_file("field,code\nkind,A\n".as_bytes()).unwrap_err();
        assert!(err.to_string().contains("field,code,value"));
        let err = v
            .read_file("field,code,value\ncolour,A,b\n".as_bytes())
            .unwrap_err();
        assert!(format!("{err:#}").contains("line 2"), "{err:#}");
    }
}
