//! Changes to an existing account (roles, disabled, Wikimedia link, password), each written with
//! its audit event in one transaction, so a refused change appends nothing.
//!
//! A disabled account keeps no sessions: every change that leaves it disabled deletes them in
//! the same transaction.

use concord_domain::{Account, AccountId, Role};
use concord_store::{AuditEvent, StoreError, StoreResult};

use concord_store::column::roles_json;

use super::accounts::{account_where, name_duplicate};
use super::audit::insert_audit;
use crate::SqliteStore;
use crate::error::map_err;
use crate::row::id_text;

/// Loads the account, applies `apply` to it, and writes back its roles, disabled flag and
/// Wikimedia id with `event`, in one transaction. `NotFound` when there is no such account,
/// `Duplicate` when the Wikimedia id is another account's.
async fn change_account(
    store: &SqliteStore,
    id: AccountId,
    event: AuditEvent,
    apply: impl FnOnce(&mut Account) + Send,
) -> StoreResult<Account> {
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    let id_text = id_text(id.0);
    let mut account = account_where(&mut *tx, "id", &id_text).await?;
    apply(&mut account);
    sqlx::query("UPDATE accounts SET roles = ?, disabled = ?, wikimedia_id = ? WHERE id = ?")
        .bind(roles_json(&account.roles)?)
        .bind(account.disabled)
        .bind(&account.wikimedia_id)
        .bind(&id_text)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            let wikimedia_id = account.wikimedia_id.as_deref();
            name_duplicate(map_err(e), &account.username, wikimedia_id)
        })?;
    if account.disabled {
        sqlx::query("DELETE FROM sessions WHERE account_id = ?")
            .bind(&id_text)
            .execute(&mut *tx)
            .await
            .map_err(map_err)?;
    }
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(account)
}

/// See `AccountStore::set_password_hash`.
pub(crate) async fn set_password_hash(
    store: &SqliteStore,
    id: AccountId,
    hash: &str,
    event: AuditEvent,
) -> StoreResult<()> {
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    let done = sqlx::query("UPDATE accounts SET password_hash = ? WHERE id = ?")
        .bind(hash)
        .bind(id_text(id.0))
        .execute(&mut *tx)
        .await
        .map_err(map_err)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)
}

/// See `AccountStore::grant_role`.
pub(crate) async fn grant_role(
    store: &SqliteStore,
    id: AccountId,
    role: Role,
    event: AuditEvent,
) -> StoreResult<Account> {
    change_account(store, id, event, |a| {
        a.roles.insert(role);
    })
    .await
}

/// See `AccountStore::revoke_role`.
pub(crate) async fn revoke_role(
    store: &SqliteStore,
    id: AccountId,
    role: Role,
    event: AuditEvent,
) -> StoreResult<Account> {
    change_account(store, id, event, |a| {
        a.roles.remove(&role);
    })
    .await
}

/// See `AccountStore::set_disabled`.
pub(crate) async fn set_disabled(
    store: &SqliteStore,
    id: AccountId,
    disabled: bool,
    event: AuditEvent,
) -> StoreResult<Account> {
    change_account(store, id, event, |a| a.disabled = disabled).await
}

/// See `AccountStore::link_wikimedia`.
pub(crate) async fn link_wikimedia(
    store: &SqliteStore,
    id: AccountId,
    wikimedia_id: &str,
    event: AuditEvent,
) -> StoreResult<Account> {
    let wikimedia_id = wikimedia_id.to_owned();
    change_account(store, id, event, |a| a.wikimedia_id = Some(wikimedia_id)).await
}
