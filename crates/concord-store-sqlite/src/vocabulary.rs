//! Vocabulary terms added by admins, on top of the built-in defaults.

use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{Viewer, Vocabularies};
use concord_store::StoreResult;
use concord_store::document::author_of;

use crate::SqliteStore;
use crate::error::{bad_value, map_err};
use crate::row::{now, time_text};

/// See `Store::vocabularies`.
pub(crate) async fn vocabularies(store: &SqliteStore) -> StoreResult<Vocabularies> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT vocabulary, key, label FROM vocabulary_terms ORDER BY vocabulary, key",
    )
    .fetch_all(&store.readers)
    .await
    .map_err(map_err)?;
    let mut vocab = Vocabularies::defaults();
    for (vocabulary, key, label) in rows {
        let v =
            Vocabulary::parse(&vocabulary).ok_or_else(|| bad_value("vocabulary", &vocabulary))?;
        vocab.insert(v, &key, &label);
    }
    Ok(vocab)
}

/// See `Store::add_term`: adds the term, or relabels it when the key exists.
pub(crate) async fn add_term(
    store: &SqliteStore,
    who: &Viewer,
    vocabulary: Vocabulary,
    term: Term,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO vocabulary_terms (vocabulary, key, label, author, at) \
             VALUES (?, ?, ?, ?, ?) ON CONFLICT (vocabulary, key) DO UPDATE SET \
             label = excluded.label, author = excluded.author, at = excluded.at",
    )
    .bind(vocabulary.as_str())
    .bind(&term.key)
    .bind(&term.label)
    .bind(author_of(who))
    .bind(time_text(now()))
    .execute(&store.writer)
    .await
    .map_err(map_err)?;
    Ok(())
}
