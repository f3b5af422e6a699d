//! Changes to an existing account (password, roles, disabled, Wikimedia link), each one
//! transaction with its audit event. An unknown account is `NotFound` and appends nothing.

use concord_domain::{Account, AccountId, Role};
use concord_store::{AuditEvent, StoreError, StoreResult};
use sqlx::{AssertSqlSafe, PgConnection, Postgres};

use super::accounts::{ACCOUNT_COLUMNS, AccountRow, name_taken, parse_roles, roles_json};
use super::audit::append;
use crate::PgStore;
use crate::error::map_err;

/// Adding or removing one role.
pub(super) enum RoleChange {
    Grant(Role),
    Revoke(Role),
}

impl PgStore {
    pub(super) async fn update_password_hash(
        &self,
        id: AccountId,
        hash: &str,
        event: AuditEvent,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let done = sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
            .bind(id.0)
            .bind(hash)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        append(&mut tx, &event).await?;
        tx.commit().await.map_err(map_err)
    }

    pub(super) async fn change_roles(
        &self,
        id: AccountId,
        change: RoleChange,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let stored: String =
            sqlx::query_scalar("SELECT roles FROM accounts WHERE id = $1 FOR UPDATE")
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
        append(&mut tx, &event).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(account)
    }

    pub(super) async fn update_disabled(
        &self,
        id: AccountId,
        disabled: bool,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let account = update_returning(&mut tx, "disabled = $2", id, disabled).await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE account_id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
        }
        append(&mut tx, &event).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(account)
    }

    pub(super) async fn update_wikimedia_id(
        &self,
        id: AccountId,
        wikimedia_id: &str,
        event: AuditEvent,
    ) -> StoreResult<Account> {
        let mut tx = self.pool.begin().await.map_err(map_err)?;
        let account = update_returning(&mut tx, "wikimedia_id = $2", id, wikimedia_id.to_owned())
            .await
            .map_err(|e| name_taken(e, None, Some(wikimedia_id)))?;
        append(&mut tx, &event).await?;
        tx.commit().await.map_err(map_err)?;
        Ok(account)
    }
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
    let row: AccountRow = sqlx::query_as(AssertSqlSafe(sql))
        .bind(id.0)
        .bind(value)
        .fetch_one(conn)
        .await
        .map_err(map_err)?;
    row.into_account()
}
