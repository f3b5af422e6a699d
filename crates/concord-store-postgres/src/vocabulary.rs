//! Vocabulary terms added by admins, on top of the built-in defaults (`Store::vocabularies`,
//! `Store::add_term`); the term row is shared with the backup.

use concord_domain::vocabulary::{Term, Vocabulary};
use concord_domain::{Viewer, Vocabularies};
use concord_store::StoreResult;
use concord_store::document::author_of;
use concord_store_sql::Native;
use concord_store_sql::vocabulary::{TERM_COLUMNS, TermRow, vocabularies as vocabularies_of};

use crate::PgStore;
use crate::error::map_err;
use crate::row::now;

/// See `Store::vocabularies`.
pub(crate) async fn vocabularies(store: &PgStore) -> StoreResult<Vocabularies> {
    let sql = format!("SELECT {TERM_COLUMNS} FROM vocabulary_terms ORDER BY vocabulary, key");
    let rows: Vec<TermRow<Native>> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&store.pool)
        .await
        .map_err(map_err)?;
    vocabularies_of(rows)
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
