//! What every record page shows the same way: vocabulary terms (through `crate::values`),
//! dates in the reader's locale, visibility levels, and rows of label and value.

use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::{Visibility, Vocabularies, Vocabulary};
use concord_http::error::AppError;
use concord_i18n::Localizer;
use concord_store::Store;

use crate::values;

/// The reader's labels for stored vocabulary values. The vocabularies are read from the store
/// only when a value lacks a message (a term an admin added), so a page of default terms costs
/// no store call for them.
pub struct Terms {
    t: &'static Localizer,
    vocabularies: Option<Vocabularies>,
}

impl Terms {
    /// Labels for `wanted`, reading the vocabularies only if one of them needs it.
    pub async fn read(
        store: &dyn Store,
        t: &'static Localizer,
        wanted: &[(Vocabulary, &str)],
    ) -> Result<Self, AppError> {
        let all_known = wanted
            .iter()
            .all(|(v, key)| t.has(&format!("concord-vocab-{}-{key}", v.as_str())));
        let vocabularies = if all_known {
            None
        } else {
            Some(store.vocabularies().await?)
        };
        Ok(Self { t, vocabularies })
    }

    /// The label of `key` in `vocabulary`.
    pub fn term(&self, vocabulary: Vocabulary, key: &str) -> String {
        match &self.vocabularies {
            Some(v) => values::term(self.t, v, vocabulary, key),
            None => values::term(self.t, &Vocabularies::defaults(), vocabulary, key),
        }
    }

    /// The labels of `keys`, as a list in the reader's language.
    pub fn terms<'a>(
        &self,
        vocabulary: Vocabulary,
        keys: impl IntoIterator<Item = &'a String>,
    ) -> String {
        self.t
            .list(keys.into_iter().map(|k| self.term(vocabulary, k)))
    }
}

/// One row of a record's facts: a label and its value, both in the reader's language.
#[derive(Clone, Debug)]
pub struct Fact {
    /// The field's label.
    pub label: String,
    /// The value as shown.
    pub value: String,
}

/// The rows of a facts table; empty values are left out.
#[derive(Debug)]
pub struct Facts {
    t: &'static Localizer,
    /// The rows.
    pub rows: Vec<Fact>,
}

impl Facts {
    /// Adds a row listing `items` in the reader's language, unless there are none.
    pub fn add_list(&mut self, field: &str, items: &[String]) {
        let list = self.t.list(items);
        self.add(field, list);
    }

    /// An empty table.
    pub fn new(t: &'static Localizer) -> Self {
        Self {
            t,
            rows: Vec::new(),
        }
    }

    /// Adds the field `field` unless `value` is empty; its label is the message
    /// `concord-record-field-<field>`, with the field's underscores as hyphens.
    pub fn add(&mut self, field: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.trim().is_empty() {
            let key = format!("concord-record-field-{}", field.replace('_', "-"));
            self.rows.push(Fact {
                label: self.t.msg(&key),
                value,
            });
        }
    }

    /// Adds a date field.
    pub fn date(&mut self, field: &str, value: Option<NaiveDate>) {
        self.add(field, date(self.t, value));
    }

    /// Adds the record's visibility.
    pub fn visibility(&mut self, level: Visibility) {
        self.add("visibility", visibility(self.t, level));
    }
}

/// A date in the reader's locale, or nothing.
pub fn date(t: &Localizer, value: Option<NaiveDate>) -> String {
    value.map(|d| t.date(d)).unwrap_or_default()
}

/// A moment: its date in the reader's locale and its time (UTC).
pub fn moment(t: &Localizer, at: DateTime<Utc>) -> String {
    format!("{} {}", t.date(at.date_naive()), at.format("%H:%M"))
}

/// The reader's word for a visibility level.
pub fn visibility(t: &Localizer, level: Visibility) -> String {
    t.msg(&format!("concord-record-visibility-{}", level.as_str()))
}
