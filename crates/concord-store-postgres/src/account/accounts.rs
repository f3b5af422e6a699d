//! Accounts: creating and finding them, and the row shape, codecs and insert that `changes.rs`
//! and the backup share (a backup reads accounts with [`AccountRow`], a restore inserts them
//! with [`insert_account_row`]).
//! A create is one transaction with its audit event; a refused create appends nothing.
//!
//! Usernames are unique without regard to case through `username_key`, computed here in Rust
//! ([`username_key`]) rather than with SQL `lower()`, whose result depends on the database's
//! locale and differs from SQLite's ASCII-only `lower()`.

use concord_domain::{Account, AccountId};
use concord_store::account::username_key;
use concord_store::{AuditEvent, NewAccount, StoreError, StoreResult};
use sqlx::{AssertSqlSafe, PgConnection, Postgres};

use super::audit::insert_audit;
use concord_store::column::roles_json;
use concord_store_sql::Native;
use concord_store_sql::account::{ACCOUNT_COLUMNS, AccountRow};

use crate::PgStore;
use crate::error::map_err;

/// Names the username or Wikimedia id that a `Duplicate` from a unique constraint is about.
pub(super) fn name_taken(
    err: StoreError,
    username: Option<&str>,
    wikimedia_id: Option<&str>,
) -> StoreError {
    match (err, username, wikimedia_id) {
        (StoreError::Duplicate { what }, Some(username), _) if what == "accounts_username_key" => {
            StoreError::Duplicate {
                what: format!("username {username}"),
            }
        }
        (StoreError::Duplicate { what }, _, Some(id)) if what == "accounts_wikimedia_id_key" => {
            StoreError::Duplicate {
                what: format!("Wikimedia id {id}"),
            }
        }
        (other, _, _) => other,
    }
}

/// Inserts `account` as it is, with its password hash (on creation and on restore); returns it
/// as stored (its time at the database's precision).
pub(crate) async fn insert_account_row(
    conn: &mut PgConnection,
    account: &Account,
    password_hash: Option<&str>,
) -> StoreResult<Account> {
    let sql = format!(
        "INSERT INTO accounts (id, username, username_key, display_name, email, \
         password_hash, roles, disabled, wikimedia_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {ACCOUNT_COLUMNS}"
    );
    let row: AccountRow<Native> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(account.id.0)
        .bind(&account.username)
        .bind(username_key(&account.username))
        .bind(&account.display_name)
        .bind(&account.email)
        .bind(password_hash)
        .bind(roles_json(&account.roles)?)
        .bind(account.disabled)
        .bind(&account.wikimedia_id)
        .bind(account.created_at)
        .fetch_one(conn)
        .await
        .map_err(map_err)?;
    row.into_account()
}

/// See `AccountStore::create_account`.
pub(crate) async fn create_account(
    store: &PgStore,
    new: NewAccount,
    event: AuditEvent,
) -> StoreResult<Account> {
    let mut tx = store.pool.begin().await.map_err(map_err)?;
    let account = Account {
        id: new.id,
        username: new.username,
        display_name: new.display_name,
        email: new.email,
        roles: new.roles,
        disabled: false,
        wikimedia_id: new.wikimedia_id,
        created_at: new.created_at,
    };
    let account = insert_account_row(&mut tx, &account, new.password_hash.as_deref())
        .await
        .map_err(|e| {
            let wikimedia_id = account.wikimedia_id.as_deref();
            name_taken(e, Some(&account.username), wikimedia_id)
        })?;
    insert_audit(&mut tx, &event).await?;
    tx.commit().await.map_err(map_err)?;
    Ok(account)
}

/// The account matching `condition` (a fixed SQL condition on `$1`), or `NotFound`.
async fn account_where<T>(
    store: &PgStore,
    condition: &'static str,
    value: T,
) -> StoreResult<Account>
where
    T: for<'q> sqlx::Encode<'q, Postgres> + sqlx::Type<Postgres> + Send + 'static,
{
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE {condition}");
    let row: AccountRow<Native> = sqlx::query_as(AssertSqlSafe(sql))
        .bind(value)
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)?;
    row.into_account()
}

/// See `AccountStore::list_accounts`.
pub(crate) async fn list_accounts(store: &PgStore) -> StoreResult<Vec<Account>> {
    // Byte order of the case-folded name, as SQLite's BINARY collation sorts it.
    let sql = format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts \
             ORDER BY username_key COLLATE \"C\", username COLLATE \"C\""
    );
    let rows: Vec<AccountRow<Native>> = sqlx::query_as(AssertSqlSafe(sql))
        .fetch_all(&store.pool)
        .await
        .map_err(map_err)?;
    rows.into_iter().map(AccountRow::into_account).collect()
}

/// See `AccountStore::password_hash`.
pub(crate) async fn password_hash(store: &PgStore, id: AccountId) -> StoreResult<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = $1")
        .bind(id.0)
        .fetch_one(&store.pool)
        .await
        .map_err(map_err)
}

/// See `AccountStore::account`.
pub(crate) async fn account(store: &PgStore, id: AccountId) -> StoreResult<Account> {
    account_where(store, "id = $1", id.0).await
}

/// See `AccountStore::account_by_username`.
pub(crate) async fn account_by_username(store: &PgStore, username: &str) -> StoreResult<Account> {
    account_where(store, "username_key = $1", username_key(username)).await
}

/// See `AccountStore::account_by_wikimedia_id`.
pub(crate) async fn account_by_wikimedia_id(
    store: &PgStore,
    wikimedia_id: &str,
) -> StoreResult<Account> {
    account_where(store, "wikimedia_id = $1", wikimedia_id.to_owned()).await
}
