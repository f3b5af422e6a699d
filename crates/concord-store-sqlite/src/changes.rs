//! See `Store::changes`: candidate rows for `concord_store::changes`, newest first.

use std::sync::LazyLock;

use concord_domain::Viewer;
use concord_store::StoreResult;
use concord_store::changes::{ChangeColumns, Changes, ChangesQuery, changes_visible};
use concord_store_sql::Text;
use concord_store_sql::record::{ChangeRow, changes_select};
use sqlx::AssertSqlSafe;

use crate::SqliteStore;
use crate::error::map_err;

/// The query: revisions older than `?1`, of kind `?2` and by author `?3` when given.
static SQL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{} WHERE v.id < ?1 AND (?2 IS NULL OR v.kind = ?2) AND (?3 IS NULL OR v.author = ?3) \
         ORDER BY v.id DESC LIMIT ?4",
        changes_select(|t| format!("COALESCE(json_extract({t}.snapshot, '$.readers'), '[]')"))
    )
});

/// See `Store::changes`.
pub(crate) async fn changes(
    store: &SqliteStore,
    who: &Viewer,
    query: &ChangesQuery,
) -> StoreResult<Changes> {
    let kind = query.kind.map(|k| k.as_str());
    let author = query.author.as_deref();
    changes_visible(who, query, |before, n| async move {
        let rows: Vec<ChangeRow<Text>> = sqlx::query_as(AssertSqlSafe(SQL.as_str()))
            .bind(before)
            .bind(kind)
            .bind(author)
            .bind(i64::try_from(n).unwrap_or(i64::MAX))
            .fetch_all(&store.readers)
            .await
            .map_err(map_err)?;
        rows.into_iter()
            .map(ChangeRow::into_columns)
            .collect::<StoreResult<Vec<ChangeColumns>>>()
    })
    .await
}
