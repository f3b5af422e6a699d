//! The messages of every language, parsed once at start from the `i18n/*.json` files compiled
//! into the binary, and a [`Localizer`] per language that renders them with CLDR's plural
//! rules, numbers and dates (ICU4X).

use std::collections::HashMap;

use icu_datetime::input::Date;
use icu_datetime::{DateTimeFormatter, fieldsets};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::lang::Lang;
use crate::message::{Message, ParseError};
use crate::render::{Arg, render};

/// The message files, as compiled in: `(code, JSON)`.
pub const FILES: [(&str, &str); 12] = [
    ("en", include_str!("../../../i18n/en.json")),
    ("id", include_str!("../../../i18n/id.json")),
    ("de", include_str!("../../../i18n/de.json")),
    ("da", include_str!("../../../i18n/da.json")),
    ("es", include_str!("../../../i18n/es.json")),
    ("fr", include_str!("../../../i18n/fr.json")),
    ("pt-br", include_str!("../../../i18n/pt-br.json")),
    ("ar", include_str!("../../../i18n/ar.json")),
    ("fa", include_str!("../../../i18n/fa.json")),
    ("hi", include_str!("../../../i18n/hi.json")),
    ("zh-hans", include_str!("../../../i18n/zh-hans.json")),
    ("sv", include_str!("../../../i18n/sv.json")),
];

/// The message documentation file (`qqq.json`): what each key is for, for translators.
pub const DOCUMENTATION: &str = include_str!("../../../i18n/qqq.json");

/// A message file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file is not a JSON object of strings.
    #[error("i18n/{code}.json is not a JSON object of strings: {source}")]
    Json {
        code: &'static str,
        source: serde_json::Error,
    },
    /// A message does not parse.
    #[error("i18n/{code}.json, message {key}: {source}")]
    Message {
        code: &'static str,
        key: String,
        source: ParseError,
    },
    /// ICU4X has no data for a language (it has for all twelve; a test proves it).
    #[error("no CLDR data for {0}")]
    Locale(&'static str),
}

/// The raw messages of one file, without `@metadata`.
pub fn raw_messages(code: &'static str, json: &str) -> Result<Vec<(String, String)>, CatalogError> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).map_err(|source| CatalogError::Json { code, source })?;
    map.into_iter()
        .filter(|(key, _)| key != "@metadata")
        .map(|(key, value)| match value {
            serde_json::Value::String(text) => Ok((key, text)),
            other => Err(CatalogError::Json {
                code,
                source: serde::de::Error::custom(format!("{key} is {other}, not a string")),
            }),
        })
        .collect()
}

/// Every language's messages and formatters.
pub struct Catalog {
    localizers: HashMap<Lang, Localizer>,
}

impl Catalog {
    /// Parses the compiled-in files; fails on the first malformed file or message.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        let mut english = HashMap::new();
        let mut localizers = HashMap::new();
        for (lang, (code, json)) in Lang::ALL.into_iter().zip(FILES) {
            let mut messages = HashMap::new();
            for (key, text) in raw_messages(code, json)? {
                let message = Message::parse(&text).map_err(|source| CatalogError::Message {
                    code,
                    key: key.clone(),
                    source,
                })?;
                messages.insert(key, message);
            }
            if lang == Lang::En {
                english = messages.clone();
            }
            localizers.insert(lang, Localizer::new(lang, messages)?);
        }
        for localizer in localizers.values_mut() {
            localizer.english = english.clone();
        }
        localizers.insert(Lang::Qqx, Localizer::new(Lang::Qqx, HashMap::new())?);
        Ok(Catalog { localizers })
    }

    /// The localizer of `lang`.
    pub fn get(&self, lang: Lang) -> &Localizer {
        // Every language has one: `builtin` makes them all or fails.
        &self.localizers[&lang]
    }
}

/// Messages, plural rules, numbers and dates of one language.
pub struct Localizer {
    lang: Lang,
    messages: HashMap<String, Message>,
    /// English, for a key this language lacks (the catalogue test keeps that from happening).
    english: HashMap<String, Message>,
    plurals: PluralRules,
    categories: Vec<PluralCategory>,
    numbers: DecimalFormatter,
    dates: DateTimeFormatter<fieldsets::YMD>,
}

impl Localizer {
    fn new(lang: Lang, messages: HashMap<String, Message>) -> Result<Localizer, CatalogError> {
        let locale: Locale = lang
            .bcp47()
            .parse()
            .map_err(|_| CatalogError::Locale(lang.bcp47()))?;
        let plurals = PluralRules::try_new(locale.clone().into(), Default::default())
            .map_err(|_| CatalogError::Locale(lang.bcp47()))?;
        let numbers = DecimalFormatter::try_new(locale.clone().into(), Default::default())
            .map_err(|_| CatalogError::Locale(lang.bcp47()))?;
        let dates = DateTimeFormatter::try_new(locale.into(), fieldsets::YMD::medium())
            .map_err(|_| CatalogError::Locale(lang.bcp47()))?;
        Ok(Localizer {
            lang,
            messages,
            english: HashMap::new(),
            categories: plurals.categories().collect(),
            plurals,
            numbers,
            dates,
        })
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `key` without parameters.
    pub fn msg(&self, key: &str) -> String {
        self.msg_with(key, &[])
    }

    /// The message `key` with `args` as `$1`, `$2`, …; `(key: args)` in `qqx`, `⧼key⧽` when
    /// no language has it.
    pub fn msg_with(&self, key: &str, args: &[Arg]) -> String {
        if self.lang == Lang::Qqx {
            return qqx(key, args, self);
        }
        match self.messages.get(key).or_else(|| self.english.get(key)) {
            Some(message) => render(message, args, self),
            None => format!("⧼{key}⧽"),
        }
    }

    /// Whether this language or English has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key) || self.english.contains_key(key)
    }

    /// An integer in this language's digits and grouping.
    pub fn number(&self, n: i64) -> String {
        self.numbers.format(&Decimal::from(n)).to_string()
    }

    /// A calendar date in this language's medium style (`7 déc. 2026`).
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let (Ok(month), Ok(day)) = (u8::try_from(date.month()), u8::try_from(date.day())) else {
            return date.to_string();
        };
        match Date::try_new_iso(date.year(), month, day) {
            Ok(iso) => self.dates.format(&iso).to_string(),
            Err(_) => date.to_string(),
        }
    }

    /// Which of a plural switch's forms `n` takes: its CLDR category's place in this
    /// language's list of categories (MediaWiki's order of forms).
    pub(crate) fn plural_index(&self, n: i64) -> usize {
        let category = self.plurals.category_for(n.unsigned_abs());
        self.categories
            .iter()
            .position(|c| *c == category)
            .unwrap_or(self.categories.len().saturating_sub(1))
    }
}

/// `(key)` or `(key: a, b)`: MediaWiki's `qqx`, which shows where each message is used.
fn qqx(key: &str, args: &[Arg], localizer: &Localizer) -> String {
    if args.is_empty() {
        return format!("({key})");
    }
    let shown: Vec<String> = args.iter().map(|a| a.display(localizer)).collect();
    format!("({key}: {})", shown.join(", "))
}
