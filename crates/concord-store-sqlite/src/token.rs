//! API tokens: stored by name with the SHA-256 of their secret, revoked rather than deleted.

use concord_store::{AuditEvent, NewToken, StoreError, StoreResult, TokenInfo};
use concord_store_sql::Text;
use concord_store_sql::account::{TOKEN_COLUMNS, TokenRow};

use crate::SqliteStore;
use crate::account::insert_audit;
use crate::error::{json_err, map_err};
use crate::row::{id_text, now, time_text};

/// See `Store::create_token`.
pub(crate) async fn create_token(
    store: &SqliteStore,
    token: NewToken,
    event: AuditEvent,
) -> StoreResult<TokenInfo> {
    let roles = serde_json::to_string(&token.roles).map_err(json_err)?;
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    sqlx::query(
        "INSERT INTO api_tokens \
             (name, hash, roles, account_id, scope, created_at, expires_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&token.name)
    .bind(&token.hash)
    .bind(&roles)
    .bind(token.account.map(|a| id_text(a.0)))
    .bind(token.scope.as_str())
    .bind(time_text(token.created_at))
    .bind(token.expires_at.map(time_text))
    .execute(&mut *tx)
    .await
    .map_err(|e| match map_err(e) {
        StoreError::Duplicate { what } if what.contains("name") => StoreError::Duplicate {
            what: format!("token name {}", token.name),
        },
        other => other,
    })?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(TokenInfo {
        name: token.name,
        roles: token.roles,
        account: token.account,
        scope: token.scope,
        created_at: token.created_at,
        expires_at: token.expires_at,
        revoked_at: None,
    })
}

/// See `Store::token_by_hash`.
pub(crate) async fn token_by_hash(store: &SqliteStore, hash: &str) -> StoreResult<TokenInfo> {
    let sql =
        format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE hash = ? AND revoked_at IS NULL");
    let row: TokenRow<Text> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(hash)
        .fetch_one(&store.readers)
        .await
        .map_err(map_err)?;
    row.into_info()
}

/// See `Store::list_tokens`.
pub(crate) async fn list_tokens(store: &SqliteStore) -> StoreResult<Vec<TokenInfo>> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at DESC, name");
    let rows: Vec<TokenRow<Text>> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&store.readers)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(TokenRow::into_info).collect()
}

/// See `Store::revoke_token`.
pub(crate) async fn revoke_token(
    store: &SqliteStore,
    name: &str,
    event: AuditEvent,
) -> StoreResult<()> {
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")
            .bind(time_text(now()))
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)
}
