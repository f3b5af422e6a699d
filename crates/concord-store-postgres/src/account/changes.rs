//! Changes to an existing account (password, roles, disabled, Wikimedia link), each one
//! transaction with its audit event. An unknown account is `NotFound` and appends nothing.

use concord_domain::{Account, AccountId, Role};
use concord_store::{AuditEvent, StoreError, StoreResult};
use sqlx::{AssertSqlSafe, PgConnection, Postgres};

use concord_store::column::{parse_roles, roles_json};
use concord_store_sql::Native;
use concord_store_sql::account::{ACCOUNT_COLUMNS, AccountRow};

use super::accounts::name_taken;
use super::audit::insert_audit;
use crate::PgStore;
use crate::error::map_err;

/// Adding or removing one role.
enum RoleChange {
    Grant(Role),
    Revoke(Role),
}

/// See `AccountStore::set_password_hash`.
pub(crate) async fn set_password_hash(
    store: &PgStore,
    id: AccountId,
    hash: &str,
    event: AuditEvent,
) -> StoreResult<()> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let done = sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
        .bind(id.0)
        .bind(hash)
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)
}

async fn change_roles(
    store: &PgStore,
    id: AccountId,
    change: RoleChange,
    event: AuditEvent,
) -> StoreResult<Account> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let stored: String = sqlx::query_scalar("SELECT roles FROM accounts WHERE id = $1 FOR UPDATE")
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(map_err)?;
    let mut roles = parse_roles(&stored)?;
    match change {
        RoleChange::Grant(role) => roles.insert(role),
        RoleChange::Revoke(role) => roles.remove(&role),
    };
    let account = update_returning(&mut tx, "roles = $2", id, roles_json(&roles)?).await?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(account)
}

/// See `AccountStore::set_disabled`.
pub(crate) async fn set_disabled(
    store: &PgStore,
    id: AccountId,
    disabled: bool,
    event: AuditEvent,
) -> StoreResult<Account> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let account = update_returning(&mut tx, "disabled = $2", id, disabled).await?;
    if disabled {
        sqlx::query("DELETE FROM sessions WHERE account_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
    }
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(account)
}

/// See `AccountStore::link_wikimedia`.
pub(crate) async fn link_wikimedia(
    store: &PgStore,
    id: AccountId,
    wikimedia_id: &str,
    event: AuditEvent,
) -> StoreResult<Account> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let account = update_returning(&mut tx, "wikimedia_id = $2", id, wikimedia_id.to_owned())
        .await
        .map_err(|e| name_taken(e, None, Some(wikimedia_id)))?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(account)
}

/// `UPDATE accounts SET {assignment}` (a fixed SQL assignment from `$2`) for account `id`,
/// returning the account; `NotFound` when there is none.
async fn update_returning<T>(
    conn: &mut PgConnection,
    assignment: &'static str,
    id: AccountId,
    value: T,
) -> StoreResult<Account>
where
    T: for<'q> sqlx::Encode<'q, Postgres> + sqlx::Type<Postgres> + Send + 'static,
{
    let sql = format!("UPDATE accounts SET {assignment} WHERE id = $1 RETURNING {ACCOUNT_COLUMNS}");
    let row: AccountRow<Native> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id.0)
        .bind(value)
        .fetch_one(conn)
        .await
        .map_err(map_err)?;
    row.into_account()
}

/// See `AccountStore::grant_role`.
pub(crate) async fn grant_role(
    store: &PgStore,
    id: AccountId,
    role: Role,
    event: AuditEvent,
) -> StoreResult<Account> {
    change_roles(store, id, RoleChange::Grant(role), event).await
}

/// See `AccountStore::revoke_role`.
pub(crate) async fn revoke_role(
    store: &PgStore,
    id: AccountId,
    role: Role,
    event: AuditEvent,
) -> StoreResult<Account> {
    change_roles(store, id, RoleChange::Revoke(role), event).await
}
