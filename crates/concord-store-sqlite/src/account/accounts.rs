//! Accounts: the row shape (shared with the backup, which reads and restores accounts with it),
//! reads, and creation with its audit event.
//!
//! A username is unique without regard to case through the `username_key` column, its lower
//! case. Changes to an existing account are in `changes.rs`.

use chrono::SubsecRound;
use concord_domain::{Account, AccountId};
use concord_store::account::username_key;
use concord_store::column::roles_json;
use concord_store::{AuditEvent, NewAccount, StoreError, StoreResult};
use concord_store_sql::Text;
use concord_store_sql::account::{ACCOUNT_COLUMNS, AccountRow};
use sqlx::{SqliteConnection, SqliteExecutor};

use super::audit::insert_audit;
use crate::SqliteStore;
use crate::error::map_err;
use crate::row::{id_text, time_text};

/// Names what a unique violation of `accounts` is about: its username or its Wikimedia id
/// (SQLite reports the columns, `accounts.username_key`, `accounts.wikimedia_id`).
pub(super) fn name_duplicate(
    err: StoreError,
    username: &str,
    wikimedia_id: Option<&str>,
) -> StoreError {
    match err {
        StoreError::Duplicate { what } if what.contains("username_key") => StoreError::Duplicate {
            what: format!("username {username}"),
        },
        StoreError::Duplicate { what } if what.contains("wikimedia_id") => StoreError::Duplicate {
            what: wikimedia_id.map_or("wikimedia id".to_owned(), |id| format!("wikimedia id {id}")),
        },
        other => other,
    }
}

/// The one account where `column = value` (`NotFound` otherwise).
pub(super) async fn account_where(
    exec: impl SqliteExecutor<'_>,
    column: &'static str,
    value: &str,
) -> StoreResult<Account> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE {column} = ?");
    let row: AccountRow<Text> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .fetch_one(exec)
        .await
        .map_err(map_err)?;
    row.into_account()
}

/// Inserts `account` as it is, with its password hash: on creation and on restore.
pub(crate) async fn insert_account_row(
    conn: &mut SqliteConnection,
    account: &Account,
    password_hash: Option<&str>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO accounts (id, username, username_key, display_name, email, \
         password_hash, roles, disabled, wikimedia_id, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id_text(account.id.0))
    .bind(&account.username)
    .bind(username_key(&account.username))
    .bind(&account.display_name)
    .bind(&account.email)
    .bind(password_hash)
    .bind(roles_json(&account.roles)?)
    .bind(account.disabled)
    .bind(&account.wikimedia_id)
    .bind(time_text(account.created_at))
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// See `AccountStore::create_account`.
pub(crate) async fn create_account(
    store: &SqliteStore,
    new: NewAccount,
    event: AuditEvent,
) -> StoreResult<Account> {
    let account = Account {
        id: new.id,
        username: new.username,
        display_name: new.display_name,
        email: new.email,
        roles: new.roles,
        disabled: false,
        wikimedia_id: new.wikimedia_id,
        created_at: new.created_at.trunc_subsecs(6),
    };
    let mut tx = store
        .writer
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(map_err)?;
    insert_account_row(&mut tx, &account, new.password_hash.as_deref())
        .await
        .map_err(|e| {
            let wikimedia_id = account.wikimedia_id.as_deref();
            name_duplicate(e, &account.username, wikimedia_id)
        })?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(account)
}

/// See `AccountStore::account`.
pub(crate) async fn account(store: &SqliteStore, id: AccountId) -> StoreResult<Account> {
    account_where(&store.readers, "id", &id_text(id.0)).await
}

/// See `AccountStore::account_by_username`.
pub(crate) async fn account_by_username(
    store: &SqliteStore,
    username: &str,
) -> StoreResult<Account> {
    account_where(&store.readers, "username_key", &username_key(username)).await
}

/// See `AccountStore::account_by_wikimedia_id`.
pub(crate) async fn account_by_wikimedia_id(
    store: &SqliteStore,
    wikimedia_id: &str,
) -> StoreResult<Account> {
    account_where(&store.readers, "wikimedia_id", wikimedia_id).await
}

/// See `AccountStore::list_accounts`.
pub(crate) async fn list_accounts(store: &SqliteStore) -> StoreResult<Vec<Account>> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY username_key");
    let rows: Vec<AccountRow<Text>> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&store.readers)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(AccountRow::into_account).collect()
}

/// See `AccountStore::password_hash`.
pub(crate) async fn password_hash(
    store: &SqliteStore,
    id: AccountId,
) -> StoreResult<Option<String>> {
    let (hash,): (Option<String>,) =
        sqlx::query_as("SELECT password_hash FROM accounts WHERE id = ?")
            .bind(id_text(id.0))
            .fetch_one(&store.readers)
            .await
            .map_err(map_err)?;
    Ok(hash)
}
