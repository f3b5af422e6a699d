//! The account sections of a backup as SQLite reads and loads them: accounts with their
//! password hashes (by id), unused invitations (by hash) and the audit log (by id, kept on
//! load so a restored log reads the same). Sessions and rate-limit counters are not backed up.

use concord_domain::{Account, AccountId};
use concord_store::account::username_key;
use concord_store::backup::BackupPosition;
use concord_store::column::{audit_kind_text, parse_audit_kind};
use concord_store::{AuditEntry, AuditEvent, BackupItem, Invitation, StoreResult};
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::error::{json_err, map_err};
use crate::row::{id_text, parse_id, parse_time, time_text};

/// Items of one section, and the position of the last.
type Section = (Vec<BackupItem>, Option<BackupPosition>);

fn as_limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn parse_account_id(s: Option<&str>) -> StoreResult<Option<AccountId>> {
    s.map(|s| parse_id(s).map(AccountId)).transpose()
}

/// An account row with its password hash.
#[derive(sqlx::FromRow)]
struct AccountRow {
    id: String,
    username: String,
    display_name: String,
    email: Option<String>,
    password_hash: Option<String>,
    roles: String,
    disabled: bool,
    wikimedia_id: Option<String>,
    created_at: String,
}

impl AccountRow {
    fn into_item(self) -> StoreResult<BackupItem> {
        let account = Account {
            id: AccountId(parse_id(&self.id)?),
            username: self.username,
            display_name: self.display_name,
            email: self.email,
            roles: serde_json::from_str(&self.roles).map_err(json_err)?,
            disabled: self.disabled,
            wikimedia_id: self.wikimedia_id,
            created_at: parse_time(&self.created_at)?,
        };
        Ok(BackupItem::Account {
            account,
            password_hash: self.password_hash,
        })
    }
}

/// An invitation row.
#[derive(sqlx::FromRow)]
struct InvitationRow {
    hash: String,
    roles: String,
    invited_by: Option<String>,
    created_at: String,
    expires_at: String,
}

/// An audit row.
#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    kind: String,
    at: String,
    actor: Option<String>,
    account_id: Option<String>,
    address: Option<String>,
    detail: String,
}

impl SqliteStore {
    /// Accounts after the one with id `after` (text; empty: from the first).
    pub(super) async fn account_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let rows: Vec<AccountRow> = sqlx::query_as(
            "SELECT id, username, display_name, email, password_hash, roles, disabled, \
             wikimedia_id, created_at FROM accounts WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after)
        .bind(as_limit(limit))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?;
        let next = rows.last().map(|r| BackupPosition::Accounts(r.id.clone()));
        let items = rows
            .into_iter()
            .map(AccountRow::into_item)
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }

    /// Invitations after the one with hash `after` (empty: from the first).
    pub(super) async fn invitation_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let rows: Vec<InvitationRow> = sqlx::query_as(
            "SELECT hash, roles, invited_by, created_at, expires_at FROM invitations \
             WHERE hash > ? ORDER BY hash LIMIT ?",
        )
        .bind(after)
        .bind(as_limit(limit))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?;
        let next = rows
            .last()
            .map(|r| BackupPosition::Invitations(r.hash.clone()));
        let items = rows
            .into_iter()
            .map(|r| {
                Ok(BackupItem::Invitation(Invitation {
                    hash: r.hash,
                    roles: serde_json::from_str(&r.roles).map_err(json_err)?,
                    invited_by: parse_account_id(r.invited_by.as_deref())?,
                    created_at: parse_time(&r.created_at)?,
                    expires_at: parse_time(&r.expires_at)?,
                }))
            })
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }

    /// Audit entries after the one with id `after`, oldest first.
    pub(super) async fn audit_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, kind, at, actor, account_id, address, detail FROM audit_log \
             WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after)
        .bind(as_limit(limit))
        .fetch_all(&self.readers)
        .await
        .map_err(map_err)?;
        let next = rows.last().map(|r| BackupPosition::Audit(r.id));
        let items = rows
            .into_iter()
            .map(|r| {
                let event = AuditEvent {
                    kind: parse_audit_kind(&r.kind)?,
                    at: parse_time(&r.at)?,
                    actor: r.actor,
                    account: parse_account_id(r.account_id.as_deref())?,
                    address: r.address,
                    detail: serde_json::from_str(&r.detail).map_err(json_err)?,
                };
                Ok(BackupItem::Audit(AuditEntry { id: r.id, event }))
            })
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }
}

/// Inserts an account as it was (restore.rs).
pub(crate) async fn insert_account(
    conn: &mut SqliteConnection,
    account: Account,
    password_hash: Option<String>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO accounts (id, username, username_key, display_name, email, \
         password_hash, roles, disabled, wikimedia_id, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id_text(account.id.0))
    .bind(&account.username)
    .bind(username_key(&account.username))
    .bind(account.display_name)
    .bind(account.email)
    .bind(password_hash)
    .bind(serde_json::to_string(&account.roles).map_err(json_err)?)
    .bind(account.disabled)
    .bind(account.wikimedia_id)
    .bind(time_text(account.created_at))
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Inserts an invitation as it was (restore.rs).
pub(crate) async fn insert_invitation(
    conn: &mut SqliteConnection,
    invitation: Invitation,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invitations (hash, roles, invited_by, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(invitation.hash)
    .bind(serde_json::to_string(&invitation.roles).map_err(json_err)?)
    .bind(invitation.invited_by.map(|a| id_text(a.0)))
    .bind(time_text(invitation.created_at))
    .bind(time_text(invitation.expires_at))
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Inserts an audit entry with its original id (restore.rs); later entries continue after the
/// highest id, as SQLite numbers rows.
pub(crate) async fn insert_audit_entry(
    conn: &mut SqliteConnection,
    entry: AuditEntry,
) -> StoreResult<()> {
    let event = entry.event;
    sqlx::query(
        "INSERT INTO audit_log (id, kind, at, actor, account_id, address, detail) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(entry.id)
    .bind(audit_kind_text(event.kind)?)
    .bind(time_text(event.at))
    .bind(event.actor)
    .bind(event.account.map(|a| id_text(a.0)))
    .bind(event.address)
    .bind(serde_json::to_string(&event.detail).map_err(json_err)?)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}
