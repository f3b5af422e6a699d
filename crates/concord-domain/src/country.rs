//! ISO 3166-1 countries and UN M49 regions, compiled in from `data/` (a subset of
//! shared/data/countries, ODC-PDDL-1.0; Kosovo `XK` added as the movement uses it).

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// One country or territory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, upper case.
    pub code: String,
    /// Short English name.
    pub name: String,
    /// M49 codes of the areas containing it, broadest first (region, sub-region, intermediate).
    pub regions: Vec<String>,
}

/// One UN M49 area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// Three-digit M49 code.
    pub code: String,
    /// English name.
    pub name: String,
    /// Whether it is one of the five continental regions (Africa, Americas, Asia, Europe,
    /// Oceania) rather than the world, a sub-region or an intermediate region.
    pub continental: bool,
}

static COUNTRIES: LazyLock<BTreeMap<String, Country>> = LazyLock::new(|| {
    include_str!("../data/countries.csv")
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells = split_csv_line(line);
            let [code, name, region, sub, inter] = cells.as_slice() else {
                return None;
            };
            let regions = [region, sub, inter]
                .into_iter()
                .filter(|c| !c.is_empty())
                .cloned()
                .collect();
            Some((
                code.clone(),
                Country {
                    code: code.clone(),
                    name: name.clone(),
                    regions,
                },
            ))
        })
        .collect()
});

static REGIONS: LazyLock<Vec<Region>> = LazyLock::new(|| {
    include_str!("../data/m49_regions.csv")
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cells = split_csv_line(line);
            Some(Region {
                code: cells.first()?.clone(),
                name: cells.get(1)?.clone(),
                continental: cells.get(2)? == "region",
            })
        })
        .collect()
});

/// Splits one line of the two compiled-in files (RFC 4180 quotes, no embedded newlines). The
/// domain has no I/O and no csv dependency; these files are fixed and checked by a test.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                push(&mut cells, '"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(String::new()),
            (c, _) => push(&mut cells, c),
        }
    }
    cells
}

fn push(cells: &mut [String], c: char) {
    if let Some(cell) = cells.last_mut() {
        cell.push(c);
    }
}

/// The country with this ISO 3166-1 alpha-2 code (upper case), if it exists.
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.get(code)
}

/// All countries, by code.
pub fn countries() -> impl Iterator<Item = &'static Country> {
    COUNTRIES.values()
}

/// The UN M49 area with this three-digit code, if it is one.
pub fn m49_region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// All UN M49 regions.
pub fn m49_regions() -> &'static [Region] {
    &REGIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_in_lists_are_complete() {
        assert_eq!(countries().count(), 250);
        assert_eq!(m49_regions().len(), 30);
        let se = country("SE").unwrap();
        assert_eq!(se.name, "Sweden");
        assert_eq!(se.regions, ["150", "154"]);
        let continents: Vec<&str> = m49_regions()
            .iter()
            .filter(|r| r.continental)
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(
            continents,
            ["Africa", "Oceania", "Americas", "Asia", "Europe"]
        );
        assert_eq!(m49_region("154").map(|r| r.continental), Some(false));
        assert!(
            country("NA").is_some(),
            "Namibia is a country, not a missing value"
        );
        assert!(country("se").is_none());
    }

    #[test]
    fn quoted_cells_keep_their_commas_and_quotes() {
        assert_eq!(
            split_csv_line(r#"BO,"Bolivia, ""Plurinational"" State",019"#),
            ["BO", r#"Bolivia, "Plurinational" State"#, "019"]
        );
    }
}
