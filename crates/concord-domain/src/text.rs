//! Texts given in several languages (titles, summaries, names).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::validation::{Problem, ValidationErrors};

/// A text in one or more languages, keyed by language code (`en`, `de`, `pt-br`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Translatable(pub BTreeMap<String, String>);

impl Translatable {
    /// Whether no language is present at all (for `skip_serializing_if`).
    pub fn is_empty_map(&self) -> bool {
        self.0.is_empty()
    }

    /// A text in one language.
    pub fn one(lang: &str, text: &str) -> Self {
        Self(BTreeMap::from([(lang.to_owned(), text.to_owned())]))
    }

    /// The text in `lang`, else English, else any.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
    }

    /// Every language's text.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.values().map(String::as_str)
    }

    /// Whether no language has a non-blank text.
    pub fn is_blank(&self) -> bool {
        self.0.values().all(|t| t.trim().is_empty())
    }

    /// Checks language codes and lengths; with `required`, at least one text.
    pub fn validate(&self, errors: &mut ValidationErrors, field: &str, required: bool, max: usize) {
        if required && self.is_blank() {
            errors.add(field, Problem::Required);
        }
        for (lang, text) in &self.0 {
            if !is_language_code(lang) {
                errors.add(
                    format!("{field}.{lang}"),
                    Problem::Malformed {
                        value: lang.clone(),
                        expected: "a language code such as en, de or pt-br".into(),
                    },
                );
            }
            errors.limit(&format!("{field}.{lang}"), text, max);
        }
    }
}

/// A BCP 47-like language code as the movement's wikis write them: `en`, `pt-br`, `zh-hant`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    first_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_follow_the_wikis() {
        for ok in ["en", "pt-br", "zh-hant", "ast"] {
            assert!(is_language_code(ok), "{ok}");
        }
        for bad in ["", "EN", "e", "english", "en_GB", "pt-"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn get_falls_back_to_english() {
        let mut t = Translatable::one("en", "Archive");
        t.0.insert("de".into(), "Archiv".into());
        assert_eq!(t.get("de"), Some("Archiv"));
        assert_eq!(t.get("sv"), Some("Archive"));
    }
}
