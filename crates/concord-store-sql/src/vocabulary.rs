//! Vocabulary terms added by admins: the row, read for `Store::vocabularies` and for backups.

use concord_domain::Vocabularies;
use concord_domain::vocabulary::Vocabulary;
use concord_store::column::bad_value;
use concord_store::{BackupItem, StoreResult};

use crate::{Column, Columns};

/// The columns of [`TermRow`].
pub const TERM_COLUMNS: &str = "vocabulary, key, label, author, at";

/// A term an admin added to a vocabulary.
#[derive(sqlx::FromRow)]
pub struct TermRow<C: Columns> {
    pub vocabulary: String,
    pub key: String,
    pub label: String,
    pub author: String,
    pub at: C::Time,
}

impl<C: Columns> TermRow<C> {
    /// The vocabulary the term is in.
    pub fn vocabulary(&self) -> StoreResult<Vocabulary> {
        Vocabulary::parse(&self.vocabulary).ok_or_else(|| bad_value("vocabulary", &self.vocabulary))
    }

    /// The backup item.
    pub fn into_item(self) -> StoreResult<BackupItem> {
        Ok(BackupItem::Term {
            vocabulary: self.vocabulary()?,
            key: self.key,
            label: self.label,
            author: self.author,
            at: self.at.value()?,
        })
    }
}

/// The built-in vocabularies with the added `rows` on top (`Store::vocabularies`).
pub fn vocabularies<C: Columns>(rows: Vec<TermRow<C>>) -> StoreResult<Vocabularies> {
    let mut vocab = Vocabularies::defaults();
    for row in rows {
        vocab.insert(row.vocabulary()?, &row.key, &row.label);
    }
    Ok(vocab)
}
