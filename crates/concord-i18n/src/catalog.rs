//! The messages of every language, parsed once at start from the `i18n/*.json` files compiled
//! into the binary, and a [`Localizer`] per language that renders them with CLDR's plural
//! rules, numbers and dates (ICU4X).

use std::collections::HashMap;
use std::sync::Arc;

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
    /// ICU4X has no data for a language (it has for all twelve; the catalogue test proves it).
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
    problems: Vec<CatalogError>,
}

impl Catalog {
    /// Parses the compiled-in files. Never fails: a file or message that cannot be used is
    /// left out (English shows in its place) and listed in [`Catalog::problems`], which the
    /// catalogue test requires to be empty, so a translation's typo cannot stop a server.
    pub fn builtin() -> Catalog {
        let mut problems = Vec::new();
        // English is parsed once and shared: it is every language's fallback.
        let english = Arc::new(parse_file(FILES[0].0, FILES[0].1, &mut problems));
        let mut localizers = HashMap::new();
        for (lang, (code, json)) in Lang::ALL.into_iter().zip(FILES) {
            let messages = if lang == Lang::En {
                Arc::clone(&english)
            } else {
                Arc::new(parse_file(code, json, &mut problems))
            };
            let localizer = Localizer::new(lang, messages, Arc::clone(&english), &mut problems);
            localizers.insert(lang, localizer);
        }
        let qqx = Localizer::new(Lang::Qqx, Arc::default(), english, &mut problems);
        localizers.insert(Lang::Qqx, qqx);
        Catalog {
            localizers,
            problems,
        }
    }

    /// What could not be used (empty when every file and message is well formed).
    pub fn problems(&self) -> &[CatalogError] {
        &self.problems
    }

    /// The localizer of `lang`.
    pub fn get(&self, lang: Lang) -> &Localizer {
        // `builtin` makes one for every language.
        &self.localizers[&lang]
    }
}

/// The messages of one file that parse; the rest go to `problems`.
fn parse_file(
    code: &'static str,
    json: &str,
    problems: &mut Vec<CatalogError>,
) -> HashMap<String, Message> {
    let raw = match raw_messages(code, json) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(e);
            return HashMap::new();
        }
    };
    let mut messages = HashMap::new();
    for (key, text) in raw {
        match Message::parse(&text) {
            Ok(message) => {
                messages.insert(key, message);
            }
            Err(source) => problems.push(CatalogError::Message { code, key, source }),
        }
    }
    messages
}

/// Messages, plural rules, numbers and dates of one language.
pub struct Localizer {
    lang: Lang,
    messages: Arc<HashMap<String, Message>>,
    /// English, for a key this language lacks (the catalogue test keeps that from happening).
    english: Arc<HashMap<String, Message>>,
    /// CLDR's data, compiled in; `None` only if ICU4X lacked even its root locale.
    plurals: Option<PluralRules>,
    categories: Vec<PluralCategory>,
    numbers: Option<DecimalFormatter>,
    dates: Option<DateTimeFormatter<fieldsets::YMD>>,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("lang", &self.lang)
            .field("messages", &self.messages.len())
            .finish_non_exhaustive()
    }
}

impl Localizer {
    fn new(
        lang: Lang,
        messages: Arc<HashMap<String, Message>>,
        english: Arc<HashMap<String, Message>>,
        problems: &mut Vec<CatalogError>,
    ) -> Localizer {
        let locale: Locale = lang.bcp47().parse().unwrap_or_else(|_| {
            problems.push(CatalogError::Locale(lang.bcp47()));
            Locale::UNKNOWN
        });
        let plurals =
            PluralRules::try_new(locale.clone().into(), Default::default()).or_else(|_| {
                problems.push(CatalogError::Locale(lang.bcp47()));
                PluralRules::try_new(Locale::UNKNOWN.into(), Default::default())
            });
        let numbers = DecimalFormatter::try_new(locale.clone().into(), Default::default())
            .or_else(|_| DecimalFormatter::try_new(Locale::UNKNOWN.into(), Default::default()));
        let dates =
            DateTimeFormatter::try_new(locale.into(), fieldsets::YMD::medium()).or_else(|_| {
                DateTimeFormatter::try_new(Locale::UNKNOWN.into(), fieldsets::YMD::medium())
            });
        Localizer {
            lang,
            messages,
            english,
            categories: plurals
                .as_ref()
                .map(|p| p.categories().collect())
                .unwrap_or_default(),
            plurals: plurals.ok(),
            numbers: numbers.ok(),
            dates: dates.ok(),
        }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// `items` joined as a list in the reader's language ("a, b" in English, "a، b" in
    /// Arabic, "a、b" in Chinese).
    pub fn list<S: AsRef<str>>(&self, items: impl IntoIterator<Item = S>) -> String {
        let separator = self.msg("concord-comma-separator");
        let mut out = String::new();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push_str(&separator);
            }
            out.push_str(item.as_ref());
        }
        out
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
        match &self.numbers {
            Some(numbers) => numbers.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// A calendar date in this language's medium style (`7 déc. 2026`).
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let (Ok(month), Ok(day)) = (u8::try_from(date.month()), u8::try_from(date.day())) else {
            return date.to_string();
        };
        match (&self.dates, Date::try_new_iso(date.year(), month, day)) {
            (Some(dates), Ok(iso)) => dates.format(&iso).to_string(),
            _ => date.to_string(),
        }
    }

    /// Which of a plural switch's forms `n` takes: its CLDR category's place in this
    /// language's list of categories (MediaWiki's order of forms).
    pub(crate) fn plural_index(&self, n: i64) -> usize {
        let Some(plurals) = &self.plurals else {
            return usize::from(n != 1);
        };
        let category = plurals.category_for(n.unsigned_abs());
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
