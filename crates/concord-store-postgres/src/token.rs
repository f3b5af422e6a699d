//! API tokens: stored by name with the SHA-256 of their secret, revoked rather than deleted
//! (`Store::create_token`, `token_by_hash`, `list_tokens`, `revoke_token`).

use concord_store::{AuditEvent, NewToken, StoreError, StoreResult, TokenInfo};

use concord_store_sql::Native;
use concord_store_sql::account::TokenRow;

use crate::PgStore;
use crate::account::insert_audit;
use crate::error::{json_err, map_err};
use crate::row::now;

/// See `Store::create_token`.
pub(crate) async fn create_token(
    store: &PgStore,
    token: NewToken,
    event: AuditEvent,
) -> StoreResult<TokenInfo> {
    let roles = serde_json::to_string(&token.roles).map_err(json_err)?;
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let result = sqlx::query(
        "INSERT INTO api_tokens \
             (name, hash, roles, account_id, scope, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&token.name)
    .bind(&token.hash)
    .bind(&roles)
    .bind(token.account.map(|a| a.0))
    .bind(token.scope.as_str())
    .bind(token.created_at)
    .bind(token.expires_at)
    .execute(&mut *tx)
    .await
    .map_err(map_err);
    match result {
        Err(StoreError::Duplicate { what }) if what == "api_tokens_pkey" => {
            Err(StoreError::Duplicate {
                what: format!("token name {}", token.name),
            })
        }
        Err(e) => Err(e),
        Ok(_) => {
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
    }
}

/// See `Store::token_by_hash`.
pub(crate) async fn token_by_hash(store: &PgStore, hash: &str) -> StoreResult<TokenInfo> {
    let row: TokenRow<Native> = sqlx::query_as(
        "SELECT name, roles, account_id, scope, created_at, expires_at, revoked_at \
             FROM api_tokens \
             WHERE hash = $1 AND revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_one(&store.pool)
    .await
    .map_err(map_err)?;
    row.into_info()
}

/// See `Store::list_tokens`.
pub(crate) async fn list_tokens(store: &PgStore) -> StoreResult<Vec<TokenInfo>> {
    let rows: Vec<TokenRow<Native>> = sqlx::query_as(
        "SELECT name, roles, account_id, scope, created_at, expires_at, revoked_at \
             FROM api_tokens \
             ORDER BY created_at DESC, name COLLATE \"C\"",
    )
    .fetch_all(&store.pool)
    .await
    .map_err(map_err)?;
    rows.into_iter().map(TokenRow::into_info).collect()
}

/// See `Store::revoke_token`.
pub(crate) async fn revoke_token(
    store: &PgStore,
    name: &str,
    event: AuditEvent,
) -> StoreResult<()> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL")
            .bind(name)
            .bind(now())
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)
}
