//! Names of countries (ISO 3166-1 alpha-2), UN M49 regions and languages (CLDR codes) in the
//! interface languages, compiled in from `data/` (see `data/README.md` for sources and
//! licences) and parsed once, on first use.
//!
//! [`Localizer::country`], [`Localizer::region`] and [`Localizer::language`] give a name in
//! the reader's language, else in English, else the code itself; `qqx` shows the code.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::catalog::Localizer;
use crate::lang::Lang;

static COUNTRIES: LazyLock<Table> = LazyLock::new(|| {
    Table::parse(
        include_str!("../data/country_names.csv"),
        str::to_ascii_uppercase,
    )
});

static REGIONS: LazyLock<Table> = LazyLock::new(|| {
    Table::parse(
        include_str!("../data/m49_region_names_cldr.csv"),
        str::to_owned,
    )
});

static LANGUAGES: LazyLock<Table> =
    LazyLock::new(|| Table::parse(include_str!("../data/cldr_languages.csv"), language_key));

impl Localizer {
    /// The name of the country `iso2` (`DE` → "Deutschland" in German; either case).
    pub fn country(&self, iso2: &str) -> String {
        self.name_in(&COUNTRIES, iso2.trim(), str::to_ascii_uppercase)
            .map_or_else(|| iso2.to_owned(), str::to_owned)
    }

    /// The name of the UN M49 region `m49` (`150` → "Europe" in French), with a capital
    /// first letter, as a label (CLDR writes "world" in lower case for running text).
    pub fn region(&self, m49: &str) -> String {
        self.name_in(&REGIONS, m49.trim(), str::to_owned)
            .map_or_else(|| m49.to_owned(), capitalise)
    }

    /// The name of the language `code`, a CLDR code or BCP 47 tag (`ar`, `pt-BR`, `zh-Hans`;
    /// either case, `_` or `-`). As CLDR writes it for running text: "arabe" in French.
    pub fn language(&self, code: &str) -> String {
        self.name_in(&LANGUAGES, code.trim(), language_key)
            .map_or_else(|| code.to_owned(), str::to_owned)
    }

    /// The name of `code` in `table` in this language, else in English; `None` in `qqx` and
    /// for a code the table lacks.
    fn name_in<'t>(
        &self,
        table: &'t Table,
        code: &str,
        key: fn(&str) -> String,
    ) -> Option<&'t str> {
        let column = cldr_column(self.lang())?;
        let key = key(code);
        table.cell(&key, column).or_else(|| table.cell(&key, "en"))
    }
}

/// Whether `iso2` (either case) is a country we have names for.
pub fn is_country(iso2: &str) -> bool {
    COUNTRIES
        .rows
        .contains_key(&iso2.trim().to_ascii_uppercase())
}

/// Whether `m49` is a UN M49 region we have names for (`150`, `419`).
pub fn is_region(m49: &str) -> bool {
    REGIONS.rows.contains_key(m49.trim())
}

/// Whether `code` is a language CLDR names.
pub fn is_language(code: &str) -> bool {
    LANGUAGES.rows.contains_key(&language_key(code.trim()))
}

/// The direction of the language `code`'s usual script, `rtl` or `ltr`, for a `dir`
/// attribute on text in that language; `None` when CLDR gives the code no script (`mul`) or
/// does not know it.
pub fn language_dir(code: &str) -> Option<&'static str> {
    match LANGUAGES.cell(&language_key(code.trim()), "dir")? {
        "rtl" => Some("rtl"),
        "ltr" => Some("ltr"),
        _ => None,
    }
}

/// The column of `lang`'s names in the data files (CLDR's codes); `None` for `qqx`.
fn cldr_column(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::PtBr => Some("pt"),
        Lang::Zh => Some("zh"),
        Lang::Qqx => None,
        other => Some(other.code()),
    }
}

/// A language code as the table keys it: lower case, `-` between subtags.
fn language_key(code: &str) -> String {
    code.to_ascii_lowercase().replace('_', "-")
}

/// `s` with its first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A compiled-in CSV file: its header and its rows by their first cell (made a key).
struct Table {
    header: Vec<String>,
    rows: HashMap<String, Vec<String>>,
}

impl Table {
    fn parse(csv: &str, key: fn(&str) -> String) -> Table {
        let mut lines = csv.lines().filter(|l| !l.trim().is_empty());
        let header = lines.next().map(split_csv_line).unwrap_or_default();
        let rows = lines
            .map(split_csv_line)
            .filter_map(|cells| Some((key(cells.first()?), cells)))
            .collect();
        Table { header, rows }
    }

    /// The cell of `column` in the row of `key`, unless it is empty.
    fn cell(&self, key: &str, column: &str) -> Option<&str> {
        let index = self.header.iter().position(|h| h == column)?;
        let cell = self.rows.get(key)?.get(index)?;
        (!cell.is_empty()).then_some(cell.as_str())
    }
}

/// Splits one line of the compiled-in files (RFC 4180 quotes, no embedded newlines).
fn split_csv_line(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => chars.next().unwrap_or('"'),
            ('"', _) => {
                quoted = !quoted;
                continue;
            }
            (',', false) => {
                cells.push(String::new());
                continue;
            }
            (c, _) => c,
        };
        if let Some(cell) = cells.last_mut() {
            cell.push(c);
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Catalog;

    static CATALOG: LazyLock<Catalog> = LazyLock::new(Catalog::builtin);

    fn t(lang: Lang) -> &'static Localizer {
        CATALOG.get(lang)
    }

    #[test]
    fn names_are_in_the_readers_language() {
        assert_eq!(t(Lang::De).country("DE"), "Deutschland");
        assert_eq!(t(Lang::De).country("de"), "Deutschland");
        assert_eq!(t(Lang::Fr).region("150"), "Europe");
        assert_eq!(t(Lang::Zh).language("ar"), "阿拉伯语");
        assert_eq!(t(Lang::Ar).country("EG"), "مصر");
        assert_eq!(t(Lang::PtBr).language("de"), "alemão");
        assert_eq!(t(Lang::Fr).language("pt_br"), "portugais brésilien");
        assert_eq!(
            t(Lang::En).country("BQ"),
            "Bonaire, Sint Eustatius and Saba"
        );
    }

    #[test]
    fn region_names_are_labels_with_a_capital() {
        assert_eq!(t(Lang::En).region("001"), "World");
        assert_eq!(t(Lang::Sv).region("001"), "Världen");
        assert_eq!(t(Lang::Hi).region("001"), "विश्व");
    }

    #[test]
    fn a_missing_name_falls_back_to_english_then_to_the_code() {
        // CLDR has no German name for Brazilian Portuguese.
        assert_eq!(t(Lang::De).language("pt-BR"), "Brazilian Portuguese");
        assert_eq!(t(Lang::De).country("QQ"), "QQ");
        assert_eq!(t(Lang::Fr).region("999"), "999");
        assert_eq!(t(Lang::Es).language("not-a-language"), "not-a-language");
    }

    #[test]
    fn qqx_shows_the_code() {
        assert_eq!(t(Lang::Qqx).country("DE"), "DE");
        assert_eq!(t(Lang::Qqx).region("150"), "150");
        assert_eq!(t(Lang::Qqx).language("ar"), "ar");
    }

    #[test]
    fn the_tables_are_complete_and_name_every_code_in_every_language() {
        assert_eq!(COUNTRIES.rows.len(), 250);
        assert_eq!(REGIONS.rows.len(), 30);
        assert_eq!(LANGUAGES.rows.len(), 659);
        for table in [&*COUNTRIES, &*REGIONS, &*LANGUAGES] {
            for lang in Lang::ALL {
                let column = cldr_column(lang).unwrap_or_default();
                assert!(table.header.iter().any(|h| h == column), "{column}");
            }
            for cells in table.rows.values() {
                assert_eq!(cells.len(), table.header.len(), "{cells:?}");
            }
        }
        for table in [&*COUNTRIES, &*REGIONS] {
            for (code, cells) in &table.rows {
                assert!(cells.iter().all(|c| !c.is_empty()), "{code} lacks a name");
            }
        }
        for (code, _) in LANGUAGES.rows.iter() {
            assert!(LANGUAGES.cell(code, "en").is_some(), "{code}");
        }
        assert!(is_country("se") && is_country("XK") && !is_country("QQ"));
        assert!(is_region("419") && !is_region("cee"));
        assert!(is_language("zh-hans") && !is_language("xx-yy"));
    }

    #[test]
    fn a_language_has_the_direction_of_its_script() {
        assert_eq!(language_dir("ar"), Some("rtl"));
        assert_eq!(language_dir("fa"), Some("rtl"));
        assert_eq!(language_dir("he"), Some("rtl"));
        assert_eq!(language_dir("de"), Some("ltr"));
        assert_eq!(language_dir("mul"), None);
        assert_eq!(language_dir("xx-yy"), None);
    }

    #[test]
    fn quoted_cells_keep_their_commas_and_quotes() {
        assert_eq!(
            split_csv_line(r#"BO,"Bolivia, ""Plurinational"" State",019"#),
            ["BO", r#"Bolivia, "Plurinational" State"#, "019"]
        );
    }
}
