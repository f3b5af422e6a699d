//! The account sections of a backup as PostgreSQL reads and loads them: accounts with their
//! password hashes (by id), unused invitations (by hash, bytewise) and the audit log (by id,
//! kept on load so a restored log reads the same). Sessions and rate-limit counters are not
//! backed up.

use chrono::{DateTime, Utc};
use concord_domain::{Account, AccountId};
use concord_store::account::username_key;
use concord_store::backup::BackupPosition;
use concord_store::column::{audit_kind_text, parse_audit_kind};
use concord_store::{AuditEntry, AuditEvent, BackupItem, Invitation, StoreResult};
use sqlx::PgConnection;
use uuid::Uuid;

use super::as_limit;
use crate::PgStore;
use crate::error::{json_err, map_err};

/// Items of one section, and the position of the last.
type Section = (Vec<BackupItem>, Option<BackupPosition>);

/// An account row with its password hash.
#[derive(sqlx::FromRow)]
struct AccountRow {
    id: Uuid,
    username: String,
    display_name: String,
    email: Option<String>,
    password_hash: Option<String>,
    roles: String,
    disabled: bool,
    wikimedia_id: Option<String>,
    created_at: DateTime<Utc>,
}

impl AccountRow {
    fn into_item(self) -> StoreResult<BackupItem> {
        let account = Account {
            id: AccountId(self.id),
            username: self.username,
            display_name: self.display_name,
            email: self.email,
            roles: serde_json::from_str(&self.roles).map_err(json_err)?,
            disabled: self.disabled,
            wikimedia_id: self.wikimedia_id,
            created_at: self.created_at,
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
    invited_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// An audit row.
#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    kind: String,
    at: DateTime<Utc>,
    actor: Option<String>,
    account_id: Option<Uuid>,
    address: Option<String>,
    detail: String,
}

/// An account id cursor: empty is before the first account.
fn account_cursor(after: &str) -> StoreResult<Option<Uuid>> {
    if after.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(after)
        .map(Some)
        .map_err(|e| concord_store::StoreError::Backend(Box::new(e)))
}

impl PgStore {
    /// Accounts after the one with id `after` (text; empty: from the first). UUIDs order
    /// bytewise, as their text does in SQLite.
    pub(super) async fn account_items(&self, after: &str, limit: usize) -> StoreResult<Section> {
        let rows: Vec<AccountRow> = sqlx::query_as(
            "SELECT id, username, display_name, email, password_hash, roles, disabled, \
             wikimedia_id, created_at FROM accounts \
             WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2",
        )
        .bind(account_cursor(after)?)
        .bind(as_limit(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let next = rows
            .last()
            .map(|r| BackupPosition::Accounts(r.id.to_string()));
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
             WHERE hash COLLATE \"C\" > $1 ORDER BY hash COLLATE \"C\" LIMIT $2",
        )
        .bind(after)
        .bind(as_limit(limit))
        .fetch_all(&self.pool)
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
                    invited_by: r.invited_by.map(AccountId),
                    created_at: r.created_at,
                    expires_at: r.expires_at,
                }))
            })
            .collect::<StoreResult<_>>()?;
        Ok((items, next))
    }

    /// Audit entries after the one with id `after`, oldest first.
    pub(super) async fn audit_items(&self, after: i64, limit: usize) -> StoreResult<Section> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, kind, at, actor, account_id, address, detail FROM audit_log \
             WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(as_limit(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(map_err)?;
        let next = rows.last().map(|r| BackupPosition::Audit(r.id));
        let items = rows
            .into_iter()
            .map(|r| {
                let event = AuditEvent {
                    kind: parse_audit_kind(&r.kind)?,
                    at: r.at,
                    actor: r.actor,
                    account: r.account_id.map(AccountId),
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
    conn: &mut PgConnection,
    account: Account,
    password_hash: Option<String>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO accounts (id, username, username_key, display_name, email, \
         password_hash, roles, disabled, wikimedia_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(account.id.0)
    .bind(&account.username)
    .bind(username_key(&account.username))
    .bind(account.display_name)
    .bind(account.email)
    .bind(password_hash)
    .bind(serde_json::to_string(&account.roles).map_err(json_err)?)
    .bind(account.disabled)
    .bind(account.wikimedia_id)
    .bind(account.created_at)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Inserts an invitation as it was (restore.rs).
pub(crate) async fn insert_invitation(
    conn: &mut PgConnection,
    invitation: Invitation,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO invitations (hash, roles, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(invitation.hash)
    .bind(serde_json::to_string(&invitation.roles).map_err(json_err)?)
    .bind(invitation.invited_by.map(|a| a.0))
    .bind(invitation.created_at)
    .bind(invitation.expires_at)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Inserts an audit entry with its original id (restore.rs); the load then moves the id
/// sequence past the highest id ([`continue_audit_ids`]).
pub(crate) async fn insert_audit_entry(
    conn: &mut PgConnection,
    entry: AuditEntry,
) -> StoreResult<()> {
    let event = entry.event;
    sqlx::query(
        "INSERT INTO audit_log (id, kind, at, actor, account_id, address, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(entry.id)
    .bind(audit_kind_text(event.kind)?)
    .bind(event.at)
    .bind(event.actor)
    .bind(event.account.map(|a| a.0))
    .bind(event.address)
    .bind(serde_json::to_string(&event.detail).map_err(json_err)?)
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}

/// Moves the audit id sequence past the highest id, so the next event continues the log.
pub(crate) async fn continue_audit_ids(conn: &mut PgConnection) -> StoreResult<()> {
    sqlx::query(
        "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), max(id)) \
         FROM audit_log HAVING max(id) IS NOT NULL",
    )
    .execute(conn)
    .await
    .map_err(map_err)?;
    Ok(())
}
