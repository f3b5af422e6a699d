//! Rows of the account tables: accounts, the audit log, invitations, sessions and API tokens.

use concord_domain::{Account, AccountId, Role, Scope};
use concord_store::column::{bad_value, json_err, parse_audit_kind, parse_roles};
use concord_store::{AuditEntry, AuditEvent, Invitation, Session, StoreResult, TokenInfo};
use uuid::Uuid;

use crate::{Column, Columns};

/// The columns of [`AccountRow`].
pub const ACCOUNT_COLUMNS: &str =
    "id, username, display_name, email, roles, disabled, wikimedia_id, created_at";

/// An account as stored, without its password hash.
#[derive(sqlx::FromRow)]
pub struct AccountRow<C: Columns> {
    pub id: C::Id,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub roles: String,
    pub disabled: bool,
    pub wikimedia_id: Option<String>,
    pub created_at: C::Time,
}

impl<C: Columns> AccountRow<C> {
    /// The account this row stores.
    pub fn into_account(self) -> StoreResult<Account> {
        Ok(Account {
            id: AccountId(self.id.value()?),
            username: self.username,
            display_name: self.display_name,
            email: self.email,
            roles: parse_roles(&self.roles)?,
            disabled: self.disabled,
            wikimedia_id: self.wikimedia_id,
            created_at: self.created_at.value()?,
        })
    }
}

/// The columns of [`AuditRow`].
pub const AUDIT_COLUMNS: &str = "id, kind, at, actor, account_id, address, detail";

/// An entry of the audit log.
#[derive(sqlx::FromRow)]
pub struct AuditRow<C: Columns> {
    pub id: i64,
    pub kind: String,
    pub at: C::Time,
    pub actor: Option<String>,
    pub account_id: Option<C::Id>,
    pub address: Option<String>,
    pub detail: String,
}

impl<C: Columns> AuditRow<C> {
    /// The entry this row stores.
    pub fn into_entry(self) -> StoreResult<AuditEntry> {
        Ok(AuditEntry {
            id: self.id,
            event: AuditEvent {
                kind: parse_audit_kind(&self.kind)?,
                at: self.at.value()?,
                actor: self.actor,
                account: account_id(self.account_id)?,
                address: self.address,
                detail: serde_json::from_str(&self.detail).map_err(json_err)?,
            },
        })
    }
}

/// The columns of [`InvitationRow`].
pub const INVITATION_COLUMNS: &str = "hash, roles, invited_by, created_at, expires_at";

/// An invitation, kept by the hash of the secret in its link.
#[derive(sqlx::FromRow)]
pub struct InvitationRow<C: Columns> {
    pub hash: String,
    pub roles: String,
    pub invited_by: Option<C::Id>,
    pub created_at: C::Time,
    pub expires_at: C::Time,
}

impl<C: Columns> InvitationRow<C> {
    /// The invitation this row stores.
    pub fn into_invitation(self) -> StoreResult<Invitation> {
        Ok(Invitation {
            hash: self.hash,
            roles: parse_roles(&self.roles)?,
            invited_by: account_id(self.invited_by)?,
            created_at: self.created_at.value()?,
            expires_at: self.expires_at.value()?,
        })
    }
}

/// The columns of [`SessionRow`], for `SELECT … FROM sessions s …`.
pub const SESSION_COLUMNS: &str = "s.hash, s.account_id, s.csrf, s.created_at, s.last_seen_at, \
     s.idle_expires_at, s.expires_at";

/// A logged-in session, kept by the hash of its cookie's secret.
#[derive(sqlx::FromRow)]
pub struct SessionRow<C: Columns> {
    pub hash: String,
    pub account_id: C::Id,
    pub csrf: String,
    pub created_at: C::Time,
    pub last_seen_at: C::Time,
    pub idle_expires_at: C::Time,
    pub expires_at: C::Time,
}

impl<C: Columns> SessionRow<C> {
    /// The session this row stores.
    pub fn into_session(self) -> StoreResult<Session> {
        Ok(Session {
            hash: self.hash,
            account: AccountId(self.account_id.value()?),
            csrf: self.csrf,
            created_at: self.created_at.value()?,
            last_seen_at: self.last_seen_at.value()?,
            idle_expires_at: self.idle_expires_at.value()?,
            expires_at: self.expires_at.value()?,
        })
    }
}

/// The columns of [`TokenRow`].
pub const TOKEN_COLUMNS: &str =
    "name, roles, account_id, scope, created_at, expires_at, revoked_at";

/// An API token without its hash.
#[derive(sqlx::FromRow)]
pub struct TokenRow<C: Columns> {
    pub name: String,
    pub roles: String,
    pub account_id: Option<C::Id>,
    pub scope: String,
    pub created_at: C::Time,
    pub expires_at: Option<C::Time>,
    pub revoked_at: Option<C::Time>,
}

impl<C: Columns> TokenRow<C> {
    /// The token's public part.
    pub fn into_info(self) -> StoreResult<TokenInfo> {
        Ok(TokenInfo {
            name: self.name,
            roles: serde_json::from_str::<Vec<Role>>(&self.roles).map_err(json_err)?,
            account: account_id(self.account_id)?,
            scope: Scope::parse(&self.scope).ok_or_else(|| bad_value("scope", &self.scope))?,
            created_at: self.created_at.value()?,
            expires_at: self.expires_at.value()?,
            revoked_at: self.revoked_at.value()?,
        })
    }
}

/// A nullable account id column.
fn account_id<I: Column<Uuid>>(column: Option<I>) -> StoreResult<Option<AccountId>> {
    Ok(column.value()?.map(AccountId))
}
