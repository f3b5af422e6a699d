//! Small reference tables for importers, and cleaners for third-party values.
//!
//! `data/country_wikidata.csv` is generated from `shared/data/countries/countries.csv`
//! (ODC-PDDL-1.0): `iso2`, the country's Wikidata QID (Namibia's missing QID filled in as Q1030,
//! Kosovo `XK` added as Q1246), and its most-used language (first of GeoNames' `languages`,
//! region subtag dropped). A test checks it against the compiled-in country list.

use std::collections::HashMap;
use std::sync::LazyLock;

use concord_domain::check::is_web_url;
use concord_domain::identifier::{is_isil, is_qid, is_ror_id};

struct CountryRow {
    iso2: &'static str,
    wikidata: &'static str,
    language: &'static str,
}

static COUNTRY_ROWS: LazyLock<Vec<CountryRow>> = LazyLock::new(|| {
    include_str!("../data/country_wikidata.csv")
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cells = line.split(',');
            Some(CountryRow {
                iso2: cells.next()?,
                wikidata: cells.next()?,
                language: cells.next()?,
            })
        })
        .collect()
});

static BY_QID: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    COUNTRY_ROWS
        .iter()
        .map(|row| (row.wikidata, row.iso2))
        .collect()
});

/// The ISO 3166-1 alpha-2 code of the country with this Wikidata QID (`Q183` → `DE`).
pub fn country_by_qid(qid: &str) -> Option<&'static str> {
    BY_QID.get(qid).copied()
}

/// The most-used language of a country (`AT` → `de`), if known.
pub fn country_language(iso2: &str) -> Option<&'static str> {
    COUNTRY_ROWS
        .iter()
        .find(|row| row.iso2 == iso2 && !row.language.is_empty())
        .map(|row| row.language)
}

/// Wikidata classes (P31 values) and the organisation kind they mean.
const KIND_BY_CLASS: &[(&str, &str)] = &[
    ("Q33506", "museum"),
    ("Q207694", "museum"),
    ("Q7075", "library"),
    ("Q28564", "library"),
    ("Q22806", "library"),
    ("Q1622062", "library"),
    ("Q166118", "archive"),
    ("Q2668072", "archive"),
    ("Q1007870", "gallery"),
    ("Q3918", "university"),
    ("Q875538", "university"),
    ("Q902104", "university"),
    ("Q38723", "university"),
    ("Q3914", "school"),
    ("Q31855", "research_institute"),
    ("Q163740", "nonprofit"),
    ("Q157031", "foundation"),
    ("Q4830453", "company"),
    ("Q783794", "company"),
    ("Q327333", "government_body"),
    ("Q245065", "intergovernmental_organisation"),
    ("Q11032", "media"),
    ("Q7278", "political_or_advocacy_group"),
];

/// The organisation kind of a Wikidata class, if it is one we know.
pub fn kind_by_class(qid: &str) -> Option<&'static str> {
    KIND_BY_CLASS
        .iter()
        .find(|(class, _)| *class == qid)
        .map(|(_, kind)| *kind)
}

/// A trimmed non-empty value.
pub fn non_empty(value: &str) -> Option<String> {
    let v = value.trim();
    (!v.is_empty()).then(|| v.to_owned())
}

/// A usable web address: as given, or with `https://` added to a bare host; else `None`.
pub fn clean_website(value: &str) -> Option<String> {
    let v = value.trim();
    if is_web_url(v) {
        return Some(v.to_owned());
    }
    let prefixed = format!("https://{v}");
    (!v.is_empty() && !v.contains("://") && is_web_url(&prefixed)).then_some(prefixed)
}

/// A QID from `Q42` or a Wikidata URL; `None` when it is not one.
pub fn clean_qid(value: &str) -> Option<String> {
    let v = value.trim();
    let v = v.rsplit('/').next().unwrap_or(v);
    is_qid(v).then(|| v.to_owned())
}

/// A ROR ID from `0000ev088` or `https://ror.org/0000ev088`; `None` when it is not one.
pub fn clean_ror(value: &str) -> Option<String> {
    let v = value.trim();
    let v = v.rsplit('/').next().unwrap_or(v);
    is_ror_id(v).then(|| v.to_owned())
}

/// The well-formed ISILs of a `;`-separated list.
pub fn clean_isils(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|i| is_isil(i))
        .map(str::to_owned)
        .collect()
}

/// A known ISO 3166-1 alpha-2 country code (upper-cased), else `None`.
pub fn clean_country(value: &str) -> Option<String> {
    let v = value.trim().to_uppercase();
    concord_domain::country::country(&v).map(|c| c.code.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_compiled_in_country_has_a_qid_and_it_maps_back() {
        for c in concord_domain::country::countries() {
            let row = COUNTRY_ROWS.iter().find(|r| r.iso2 == c.code);
            let qid = row.map(|r| r.wikidata).unwrap_or_default();
            assert!(is_qid(qid), "{} has no QID", c.code);
            assert_eq!(country_by_qid(qid), Some(c.code.as_str()));
        }
        assert_eq!(country_by_qid("Q1030"), Some("NA"));
        assert_eq!(country_language("AT"), Some("de"));
    }

    #[test]
    fn cleaners_keep_good_values_and_drop_bad_ones() {
        assert_eq!(
            clean_website("www.tsri.or.th").as_deref(),
            Some("https://www.tsri.or.th")
        );
        assert_eq!(clean_website("ftp://x.org"), None);
        assert_eq!(
            clean_qid("https://www.wikidata.org/wiki/Q42").as_deref(),
            Some("Q42")
        );
        assert_eq!(
            clean_ror("https://ror.org/0000ev088").as_deref(),
            Some("0000ev088")
        );
        assert_eq!(clean_isils("DE-1; ;bad"), ["DE-1"]);
        assert_eq!(clean_country("se").as_deref(), Some("SE"));
    }
}
