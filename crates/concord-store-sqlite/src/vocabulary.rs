//! Vocabulary terms added by admins, on top of the built-in defaults.

use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{Viewer, Vocabularies};
use concord_store::StoreResult;
use concord_store::document::author_of;
use concord_store_sql::Text;
use concord_store_sql::vocabulary::{TERM_COLUMNS, TermRow, vocabularies as vocabularies_of};

use crate::SqliteStore;
use crate::error::map_err;
use crate::row::{now, time_text};

/// See `Store::vocabularies`.
pub(crate) async fn vocabularies(store: &SqliteStore) -> StoreResult<Vocabularies> {
    let sql = format!("SELECT {TERM_COLUMNS} FROM vocabulary_terms ORDER BY vocabulary, key");
    let rows: Vec<TermRow<Text>> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&store.readers)
        .await
        .map_err(map_err)?;
    vocabularies_of(rows)
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
