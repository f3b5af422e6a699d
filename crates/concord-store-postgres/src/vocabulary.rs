//! Vocabulary terms added by admins, on top of the built-in defaults (`Store::vocabularies`,
//! `Store::add_term`); the term row is shared with the backup.

use chrono::{DateTime, Utc};
use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{Viewer, Vocabularies};
use concord_store::StoreResult;
use concord_store::document::author_of;

use crate::PgStore;
use crate::error::{bad_value, map_err};
use crate::row::now;

/// An admin-added term.
#[derive(sqlx::FromRow)]
pub(crate) struct TermRow {
    pub vocabulary: String,
    pub key: String,
    pub label: String,
    pub author: String,
    pub at: DateTime<Utc>,
}

impl TermRow {
    pub fn vocabulary(&self) -> StoreResult<Vocabulary> {
        Vocabulary::parse(&self.vocabulary).ok_or_else(|| bad_value("vocabulary", &self.vocabulary))
    }
}

/// See `Store::vocabularies`.
pub(crate) async fn vocabularies(store: &PgStore) -> StoreResult<Vocabularies> {
    let rows: Vec<TermRow> = sqlx::query_as(
        "SELECT vocabulary, key, label, author, at FROM vocabulary_terms \
             ORDER BY vocabulary, key",
    )
    .fetch_all(&store.pool)
    .await
    .map_err(map_err)?;
    let mut vocab = Vocabularies::defaults();
    for row in rows {
        vocab.insert(row.vocabulary()?, &row.key, &row.label);
    }
    Ok(vocab)
}

/// See `Store::add_term`: adds the term, or relabels it when the key exists.
pub(crate) async fn add_term(
    store: &PgStore,
    who: &Viewer,
    vocabulary: Vocabulary,
    term: Term,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO vocabulary_terms (vocabulary, key, label, author, at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (vocabulary, key) DO UPDATE \
             SET label = excluded.label, author = excluded.author, at = excluded.at",
    )
    .bind(vocabulary.as_str())
    .bind(&term.key)
    .bind(&term.label)
    .bind(author_of(who))
    .bind(now())
    .execute(&store.pool)
    .await
    .map_err(map_err)?;
    Ok(())
}
